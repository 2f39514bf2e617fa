"""report.xlsx: findings, working papers, panel, rows and review queue as real spreadsheet tables.

Numbers are written as numbers (an analyst sums and filters them), only in the
columns known to hold numbers, so an id made of digits stays text. Text that a
spreadsheet would run as a formula is neutralised with rules' own function.
The findings sheet puts errors and warnings first; the info findings follow in a
collapsed row group (the outline's + opens them), so what needs action is seen first.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Font, NamedStyle, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from rekon.extract.schema import ALL_NUMERIC_FIELDS
from rekon.report.files import write_atomically
from rekon.report.inputs import RunOutputs
from rekon.report.values import severity_rank
from rekon.rules.config import RuleSet
from rekon.rules.findings_files import neutralise

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
HEADER_STYLE = "rekon header"


def named_style(workbook: Workbook, name: str, **looks) -> str:
    """`name`, registered in `workbook` once with `looks` (font, fill, alignment...; a named style's
    own default font has no face or size: pass DEFAULT_FONT where the cell keeps the workbook's).

    A style set cell by cell (`cell.font = ...`) is hashed and looked up in the workbook's
    lists at every cell: on a sheet of thousands of rows that is most of the workbook's
    cost. A named style is resolved once; each cell then takes its indices (`cell.style`).
    """
    if name not in workbook.named_styles:
        workbook.add_named_style(NamedStyle(name, **looks))
    return name


def _severity_style(workbook: Workbook, severity: str) -> str | None:
    fill = SEVERITY_FILLS.get(severity)
    return None if fill is None else named_style(workbook, f"rekon {severity}", font=DEFAULT_FONT, fill=fill)


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


def _add_sheet(workbook: Workbook, title: str, frame: pd.DataFrame, row_fill_by: str | None = None, fold_info: bool = False) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(frame.columns)
    sheet.append(columns)
    header_style = named_style(workbook, HEADER_STYLE, font=HEADER_FONT, fill=HEADER_FILL)
    for cell in sheet[1]:
        cell.style = header_style
    numeric = [is_numeric_column(c) for c in columns]
    widths = [len(c) for c in columns]
    fills = []
    for record in frame.itertuples(index=False, name=None):
        # Only the cells that hold something: an empty cell is not written anyway, and rows.csv is half empty.
        sheet.append({column: cell_value(text, is_number) for column, (text, is_number) in enumerate(zip(record, numeric), start=1) if text != ""})
        widths = [max(w, len(text)) for w, text in zip(widths, record)]
        if row_fill_by:
            fills.append(_severity_style(workbook, record[columns.index(row_fill_by)]))
    for cells, style in zip(sheet.iter_rows(min_row=2), fills):
        if style is not None:
            for cell in cells:
                cell.style = style
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"
    if fold_info and "severity" in frame:
        _fold(sheet, [i + 2 for i, severity in enumerate(frame["severity"]) if severity == "info"])


def by_severity(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors, then warnings, then info; the run's order kept within each (a stable sort)."""
    if "severity" not in findings or findings.empty:
        return findings
    return findings.iloc[findings["severity"].map(severity_rank).argsort(kind="stable")]


def _fold(sheet, rows: list[int]) -> None:
    """Collapse each run of consecutive `rows` into one outline group, hidden until opened."""
    sheet.sheet_properties.outlinePr.summaryBelow = False
    start = previous = None
    for row in rows + [None]:
        if start is not None and row != previous + 1:
            sheet.row_dimensions.group(start, previous, outline_level=1, hidden=True)
            start = None
        if row is not None and start is None:
            start = row
        previous = row


def build_workbook(outputs: RunOutputs, labels: dict[str, str], lang: str = "id", ruleset: RuleSet | None = None, html_name: str = "report.html") -> Workbook:
    """The sheets of report.xlsx; the working papers link each finding to `html_name`, the report beside it."""
    from rekon.report.workpapers import add_workpapers_sheet, workpapers_groups

    workbook = Workbook()
    workbook.remove(workbook.active)
    _add_sheet(workbook, labels["sheet_findings"], by_severity(outputs.findings), row_fill_by="severity", fold_info=True)
    add_workpapers_sheet(workbook, workpapers_groups(outputs, ruleset, lang), lang, lambda group, finding_id: f"{html_name}#f-{finding_id}")
    _add_sheet(workbook, labels["sheet_panel"], outputs.panel)
    _add_sheet(workbook, labels["sheet_rows"], outputs.rows)
    _add_sheet(workbook, labels["sheet_review"], outputs.review)
    return workbook


# A zip entry needs a time; the earliest a zip can hold says none. With no creation time in the
# document properties either, the same run gives the same bytes (whatever --jobs, whenever).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _TimelessZip(ZipFile):
    """Every entry dated _ZIP_TIME, whether openpyxl writes it from memory or from a temporary file."""

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = ZipInfo(name, date_time=_ZIP_TIME)
            name.compress_type = ZIP_DEFLATED
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        entry = ZipInfo(str(arcname or filename), date_time=_ZIP_TIME)
        entry.compress_type = ZIP_DEFLATED
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


class _TimelessProperties(DocumentProperties):
    """The document properties without their created and modified times (both optional in OOXML).
    openpyxl's metaclass lists a class's own fields only: the parent's are given, less the times."""

    __attrs__ = DocumentProperties.__attrs__
    __nested__ = DocumentProperties.__nested__
    __namespaced__ = DocumentProperties.__namespaced__
    __elements__ = tuple(name for name in DocumentProperties.__elements__ if name not in ("created", "modified"))


def _save(workbook: Workbook, path: Path) -> None:
    """openpyxl's save, without the times it stamps (`Workbook.save` sets modified to now)."""
    workbook.properties = _TimelessProperties(creator=workbook.properties.creator)
    archive = _TimelessZip(path, "w", ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # closes the archive


def write_workbook(outputs: RunOutputs, labels: dict[str, str], path: Path, lang: str = "id", ruleset: RuleSet | None = None,
                   html_name: str = "report.html") -> Path:
    workbook = build_workbook(outputs, labels, lang, ruleset, html_name)
    return write_atomically(path, lambda temp: _save(workbook, temp))
