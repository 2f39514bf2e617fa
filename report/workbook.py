"""report.xlsx: findings, panel, rows and review queue as real spreadsheet tables.

Numbers are written as numbers (an analyst sums and filters them), only in the
columns known to hold numbers, so an id made of digits stays text. Text that a
spreadsheet would run as a formula is neutralised with rules' own function.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from rekon.extract.schema import ALL_NUMERIC_FIELDS
from rekon.report.files import write_atomically
from rekon.report.inputs import RunOutputs
from rekon.rules.output import neutralise

NUMERIC_COLUMNS = {
    "quarter", "previous_quarter", "page", "year", "expected", "actual", "difference",
    *ALL_NUMERIC_FIELDS,  # the one-quarter form's values and the full Renja evaluation form's
    "score", "quarter_a", "quarter_b",
}
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 6
SEVERITY_FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFE699"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_FONT = Font(bold=True)


def is_numeric_column(name: str) -> bool:
    return name in NUMERIC_COLUMNS or name.startswith("score_") or name.endswith("_score")


def cell_value(text: str, numeric: bool):
    """The value to store: a number where the column holds numbers and the text is one, else safe text."""
    if text == "":
        return None
    if numeric and _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 1e15 and "." not in text and "e" not in text.lower() else number
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))


def _add_sheet(workbook: Workbook, title: str, frame: pd.DataFrame, row_fill_by: str | None = None) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(frame.columns)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    numeric = [is_numeric_column(c) for c in columns]
    widths = [len(c) for c in columns]
    fills = []
    for record in frame.itertuples(index=False, name=None):
        sheet.append([cell_value(text, is_number) for text, is_number in zip(record, numeric)])
        widths = [max(w, len(text)) for w, text in zip(widths, record)]
        if row_fill_by:
            fills.append(SEVERITY_FILLS.get(record[columns.index(row_fill_by)]))
    for cells, fill in zip(sheet.iter_rows(min_row=2), fills):
        if fill is not None:
            for cell in cells:
                cell.fill = fill
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"


def build_workbook(outputs: RunOutputs, labels: dict[str, str]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _add_sheet(workbook, labels["sheet_findings"], outputs.findings, row_fill_by="severity")
    _add_sheet(workbook, labels["sheet_panel"], outputs.panel)
    _add_sheet(workbook, labels["sheet_rows"], outputs.rows)
    _add_sheet(workbook, labels["sheet_review"], outputs.review)
    return workbook


def write_workbook(outputs: RunOutputs, labels: dict[str, str], path: Path) -> Path:
    workbook = build_workbook(outputs, labels)
    return write_atomically(path, lambda temp: workbook.save(temp))
