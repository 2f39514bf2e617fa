"""The documented shape of every table rekon hands over: rows, problems, panel, review, findings.

Each is a pandas DataFrame whose columns are exactly the ones listed here, in this order (the
CSV files of a run have the same header). `validate` says what is wrong with a frame, the way a
pandera check returns its failure cases: which table, which column, what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekon.extract.schema import ALL_NUMERIC_FIELDS, PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.reconcile.panel import PANEL_COLUMNS, review_columns
from rekon.reconcile.match_settings import MatchSettings
from rekon.review.marks import REVIEW_COLUMNS
from rekon.rules.findings import FINDING_COLUMNS


class SchemaError(ValueError):
    """A frame that does not have the documented shape."""


@dataclass(frozen=True)
class TableSchema:
    name: str
    columns: tuple[str, ...]
    unique: tuple[str, ...] = ()  # columns whose values identify a line
    numeric: tuple[str, ...] = ()  # columns that hold numbers (or are empty)
    doc: str = ""

    def failures(self, frame: pd.DataFrame) -> list[str]:
        """Every way the frame departs from the schema; empty when it conforms."""
        found = []
        if list(frame.columns) != list(self.columns):
            missing = [c for c in self.columns if c not in frame.columns]
            extra = [c for c in frame.columns if c not in self.columns]
            found.append(f"{self.name}: columns differ (missing {missing}, unexpected {extra})" if missing or extra
                         else f"{self.name}: columns out of order")
        for column in self.unique:
            if column in frame.columns and frame[column].duplicated().any():
                repeated = frame.loc[frame[column].duplicated(), column].head(3).tolist()
                found.append(f"{self.name}: {column} repeats {repeated}")
        for column in self.numeric:
            if column in frame.columns:
                values = frame[column].replace("", None).dropna()
                bad = values[pd.to_numeric(values, errors="coerce").isna()]
                if len(bad):
                    found.append(f"{self.name}: {column} holds non-numbers {bad.head(3).tolist()}")
        return found

    def validate(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame itself when it conforms; SchemaError naming every failure otherwise."""
        failures = self.failures(frame)
        if failures:
            raise SchemaError("; ".join(failures))
        return frame


ROWS = TableSchema(
    "rows", tuple(ROW_COLUMNS), unique=("row_id",), numeric=tuple(ALL_NUMERIC_FIELDS),
    doc="One line per table row of a PDF (a form with the quarters side by side: per printed row and quarter): "
        "hierarchy, indicator, values as numbers, and where it is. target_kinerja/target_pagu are the year's "
        "target (Renja target in the full Renja evaluation form), realisasi_* the quarter's realisation, "
        "capaian_* the achievement against that target where printed. The full Renja evaluation form "
        "(Permendagri 86/2017, E.79-E.81) adds, repeated on each of a printed row's quarter records: "
        "target_renstra_kinerja/_pagu (Target Renstra PD at the end of the period, K and Rp), "
        "realisasi_renstra_lalu_kinerja/_pagu (Renstra realisation up to last year's Renja), "
        "realisasi_tahun_kinerja/_pagu (the year's realisation of the Renja evaluated), "
        "realisasi_renstra_kinerja/_pagu (Renstra realisation up to this year), "
        "capaian_renstra_kinerja/_pagu (level of achievement against the Renstra, %), "
        "penanggung_jawab (the unit / agency in charge; keterangan stays for remarks) and "
        "kode_printed (the code as printed; kode is the nomenclature code rekon looks up). "
        "Empty where a form does not print the column.",
)
PROBLEMS = TableSchema(
    "problems", tuple(PROBLEM_COLUMNS),
    doc="Every file, page or cell that could not be read, with its raw text.",
)
PANEL = TableSchema(
    "panel", tuple(PANEL_COLUMNS), unique=("indicator_key",),
    doc="One line per indicator across TW I-IV: the row of each quarter, the match score and status.",
)
REVIEW = TableSchema(
    "review", tuple(review_columns(MatchSettings().runner_ups)),
    doc="One line per doubtful link between two quarters, with its score parts and runner-ups.",
)
FINDINGS = TableSchema(
    "findings", tuple(FINDING_COLUMNS), unique=("finding_id",),
    doc="One line per discrepancy: rule, severity, where, expected, printed, difference, message.",
)
DISCREPANCIES = TableSchema(
    "discrepancies", (*FINDING_COLUMNS, *REVIEW_COLUMNS), unique=("finding_id",),
    doc="discrepancies.csv as `rekon run` / `rekon check` write it: the findings, then review_status "
        "(new / open / reviewed), verdict and verdict_comment from OUT_DIR/verdicts.csv (rekon review).",
)
