"""The run's outputs as the report reads them: every CSV as text, exactly as written.

Values stay text (dtype=str) so that what the report shows is what the CSV
holds; a missing optional file is an empty frame, so a partial run still
gets a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

FINDING_COLUMNS = [
    "finding_id", "rule", "severity", "quarter", "previous_quarter", "row_id", "indicator_key",
    "program", "kegiatan", "sub_kegiatan", "indikator", "field", "expected", "actual",
    "difference", "source_file", "page", "message",
]


@dataclass(frozen=True)
class RunOutputs:
    out_dir: Path
    rows: pd.DataFrame
    problems: pd.DataFrame
    panel: pd.DataFrame
    review: pd.DataFrame
    findings: pd.DataFrame

    def row(self, row_id: str) -> dict[str, str] | None:
        """One row of rows.csv by its id, or None."""
        if not row_id or row_id not in self._rows_by_id:
            return None
        return self._rows_by_id[row_id]

    @property
    def _rows_by_id(self) -> dict[str, dict[str, str]]:
        # Built once per instance; frozen dataclass, so cache on the object dict.
        cached = self.__dict__.get("_row_index")
        if cached is None:
            cached = {r["row_id"]: r for r in self.records("rows")} if "row_id" in self.rows else {}
            object.__setattr__(self, "_row_index", cached)
        return cached

    def records(self, table: str) -> list[dict[str, str]]:
        """A table ("rows", "panel", "findings"...) as a list of dicts, made once: the report's parts
        each walk the findings and the panel. The dicts are shared: read them, do not change them."""
        cache = self.__dict__.setdefault("_records", {})
        if table not in cache:
            cache[table] = getattr(self, table).to_dict("records")
        return list(cache[table])


def read_csv_text(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A CSV as text; an absent or empty file is an empty frame with `columns`."""
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns or [], dtype=str)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in columns or []:
        if column not in frame:
            frame[column] = ""
    return frame


def read_outputs(out_dir: Path | str) -> RunOutputs:
    out_dir = Path(out_dir)
    if not (out_dir / "discrepancies.csv").exists() and not (out_dir / "rows.csv").exists():
        raise FileNotFoundError(f"{out_dir}: no rows.csv or discrepancies.csv (run `rekon run` first)")
    return RunOutputs(
        out_dir=out_dir,
        rows=read_csv_text(out_dir / "rows.csv", ["row_id", "source_file", "page", "bbox", "opd", "year", "quarter"]),
        problems=read_csv_text(out_dir / "problems.csv", ["source_file", "page", "row_id", "problem", "message"]),
        panel=read_csv_text(out_dir / "panel.csv", ["indicator_key", "row_id_q1", "row_id_q2", "row_id_q3", "row_id_q4"]),
        review=read_csv_text(out_dir / "review.csv"),
        findings=read_csv_text(out_dir / "discrepancies.csv", FINDING_COLUMNS),
    )
