"""Report pages to scan for the bench, each with its truth, and how a scan's reading is scored.

Two families, several layouts:

- the one-quarter form (*Pengukuran Kinerja dan Anggaran*): the LibreOffice
  samples (TW I-III layout, TW IV's numbered layout, the Indonesian-number
  variant), the second producer's (reportlab: closed grid, separate
  kegiatan/sub kegiatan columns) and a Word table exported by Writer
  (samples/writer_quarterly.py: equal narrow columns of wrapped text). Truth: the hand-made source
  (samples/truth.py), the rows of the pages scanned;
- the side-by-side Renja form (quarters I-IV side by side): real reports from
  ../shared/real (never committed; the pages are rasterised at bench time, and
  skipped when the folder is absent). Truth: tests/real_truth/<stem>.csv, read
  off the page images by hand.

A scan holds the first pages of a report (a prefix), so nothing printed on it
continues from a page it lacks. Every value cell of the truth (and every cell
the scan filled that the truth leaves empty) counts once: *right* when rows.csv
holds exactly the printed value, *flagged* when it was withheld as doubtful
(`low_confidence`, an `unmapped_value` in its row, or an `unreadable_number`
naming the cell: a pen's stroke read with its digits), *wrong* otherwise.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekon.extract.numbers import Convention, parse_cell
from samples.compare import VALUE_FIELDS, expected_value
from samples.ocr_score import OcrScore, flagged_fields, score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REAL = ROOT.parent / "shared" / "real" / "tangsel-2023"
REAL_TRUTH = ROOT / "tests" / "real_truth"
SIDE_BY_SIDE_FIELDS = (("k", "realisasi_kinerja"), ("rp", "realisasi_pagu"))


@dataclass(frozen=True)
class ReportPages:
    """The first ``pages`` pages of a report, to be scanned; its truth is found by ``family``."""

    family: str  # "one_quarter" or "side_by_side"
    layout: str  # what sets it apart, for the tables
    pdf: Path
    pages: int = 1
    source: Path | None = None  # one-quarter: the sample's source (data/source/twN.csv)

    @property
    def available(self) -> bool:
        return self.pdf.is_file()

    @property
    def numbers(self) -> list[int]:
        return list(range(1, self.pages + 1))


def _sample(quarter: int, folder: str, stem_tail: str, layout: str, pages: int = 1) -> ReportPages:
    pdf = DATA / folder / f"dp3akb-serang-2022-tw{quarter}{stem_tail}.pdf"
    return ReportPages("one_quarter", layout, pdf, pages, DATA / "source" / f"tw{quarter}.csv")


def _real(stem: str, pages: int = 1) -> ReportPages:
    return ReportPages("side_by_side", f"real {stem}", REAL / f"{stem}.pdf", pages)


# Every layout once; the quarters differ so that each form's own wording is seen.
PAGE_SETS = {
    "dev": (_sample(4, "samples", "", "TW IV numbered"), _real("BPBD")),
    "full": (
        _sample(1, "samples", "", "TW I-III"),
        _sample(4, "samples", "", "TW IV numbered"),
        _sample(2, "variant", "-id", "Indonesian numbers"),
        _sample(3, "producer2/closed", "-closed", "reportlab, closed grid"),
        _sample(1, "producer2/separate_columns", "-separate-columns", "reportlab, level columns"),
        _sample(1, "writer_quarterly", "-writer", "Word table", pages=2),
        _real("BPBD"),
        _real("capil"),
        _real("dishub"),
    ),
}
# Pages the scan rules of issue 28 were not developed on (the dev set's are TW IV numbered and the BPBD form).
PAGE_SETS["holdout"] = tuple(r for r in PAGE_SETS["full"] if r not in PAGE_SETS["dev"] and r.layout not in ("TW I-III",))


def one_quarter_truth(report: ReportPages) -> pd.DataFrame:
    """The truth rows printed on the report's first pages (where rows fall, from its text layer).

    The text layer is read exactly (tests/test_extract_samples.py); only the count
    of rows per page is taken from it, the values are the source's.
    """
    from rekon.extract.pipeline import extract_file
    from samples.source import read_source
    from samples.truth import truth_rows

    truth = truth_rows(read_source(report.source))
    printed = extract_file(report.pdf).rows
    if len(printed) != len(truth):
        raise ValueError(f"{report.pdf.name}: the text layer holds {len(printed)} rows, the truth {len(truth)}")
    count = sum(1 for row in printed if int(row["page"]) <= report.pages)
    return truth.iloc[:count].reset_index(drop=True)


def side_by_side_truth(report: ReportPages) -> list[dict]:
    with (REAL_TRUTH / f"{report.pdf.stem}.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if int(row["page"]) <= report.pages]


def _printed_value(text: str) -> str:
    parsed = parse_cell(text, Convention.DOT_THOUSANDS)
    return parsed.plain if parsed.value is not None else ""


# Problems that tell the auditor a page (or a file) was not read: its printed values are withheld, not lost.
# Problems that name a cell (its row and field) whose text was not read as a number: withheld, and said.
UNREAD_CELLS = frozenset({"unreadable_number", "low_confidence"})
PAGE_REFUSALS = frozenset({"unknown_layout", "page_without_table", "no_table", "no_text", "crashed", "timeout", "memory"})


def score_side_by_side(truth: list[dict], rows: list[dict], problems: list[dict]) -> OcrScore:
    """Each printed K and Rp of each quarter against the extracted row of that quarter, by position."""
    by_quarter: dict[int, list[dict]] = {}
    for row in rows:
        by_quarter.setdefault(int(row["quarter"]), []).append(row)
    unmapped_rows = {p["row_id"] for p in problems if p["problem"] == "unmapped_value"}
    unreadable = {(p["row_id"], p["field"]) for p in problems if p["problem"] in UNREAD_CELLS}
    refused = any(p["problem"] in PAGE_REFUSALS for p in problems)
    cells = right = flagged = 0
    wrong = []
    for index, expected in enumerate(truth):
        for quarter in (1, 2, 3, 4):
            extracted = by_quarter.get(quarter, [])
            row = extracted[index] if index < len(extracted) else None
            for column, name in SIDE_BY_SIDE_FIELDS:
                printed = expected[f"{column}_q{quarter}"]
                want = _printed_value(printed) if printed.strip() != "#REF!" else ""
                got = str(row.get(name, "")) if row else ""
                doubtful = row is not None and name in flagged_fields(pd.Series(row))
                if want == "" and got == "" and not doubtful:
                    continue
                cells += 1
                said = row is not None and (row["row_id"] in unmapped_rows or (row["row_id"], name) in unreadable)
                if doubtful or row is None and refused or got == "" and said:
                    flagged += 1
                elif got == want:
                    right += 1
                else:
                    where = row["row_id"] if row else f"row {index + 1} (missing)"
                    wrong.append(f"{where} q{quarter} {name}: printed {want!r}, read {got!r}")
    extracted_rows = max((len(v) for v in by_quarter.values()), default=0)
    if extracted_rows > len(truth):  # rows the scan made up: each value of them is wrong
        for quarter, extracted in by_quarter.items():
            for row in extracted[len(truth):]:
                for _, name in SIDE_BY_SIDE_FIELDS:
                    if str(row.get(name, "")) and name not in flagged_fields(pd.Series(row)):
                        cells += 1
                        wrong.append(f"{row['row_id']} q{quarter} {name}: not printed, read {row[name]!r}")
    return OcrScore(cells, right, flagged, wrong)


def score_reading(report: ReportPages, rows: list[dict], problems: list[dict], truth) -> OcrScore:
    """How a reading of the report's pages (rows.csv and problems.csv records) scores against its truth.

    Rows compared by position. Values of printed rows the reading lacks are flagged
    when problems.csv says a page was refused (`unknown_layout`...), wrong otherwise;
    a value in a row the reading made up beyond the printed ones is wrong.
    """
    if report.family == "side_by_side":
        return score_side_by_side(truth, rows, problems)
    frame = pd.DataFrame(rows).astype(str) if rows else pd.DataFrame(columns=["row_id", "low_confidence", *VALUE_FIELDS])
    found = score(truth, frame, problems) if len(frame) else OcrScore(0, 0, 0, [])
    cells, flagged, wrong = found.cells, found.flagged, list(found.wrong)
    refused = any(p["problem"] in PAGE_REFUSALS for p in problems)
    for index in range(len(frame), len(truth)):
        for name in VALUE_FIELDS:
            if expected_value(truth.iloc[index][name]) == "":
                continue
            cells += 1
            if refused:
                flagged += 1
            else:
                wrong.append(f"row {index + 1} {name}: printed, not read")
    for index in range(len(truth), len(frame)):
        row = frame.iloc[index]
        for name in VALUE_FIELDS:
            if row.get(name, "") and name not in flagged_fields(row):
                cells += 1
                wrong.append(f"{row['row_id']} {name}: not printed, read {row[name]!r}")
    return OcrScore(cells, found.right, flagged, wrong)


def truth_of(report: ReportPages):
    return side_by_side_truth(report) if report.family == "side_by_side" else one_quarter_truth(report)
