"""Render a sample source as an Excel workbook the way the agencies make their reports.

Thin borders on every table cell, wrapped text, merged cells, small font,
landscape, header rows repeated on every printed page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samples.fit import fit_row_heights
from samples.layouts import PAPER_SIZES, Layout
from samples.source import CONTINUES_ABOVE, merges

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PLAIN_NUMBER = re.compile(r"^-?[\d.,]+$")
_FONT_NAME = "Arial"


def indonesian_number(text: str) -> str:
    """`9,756,893,547` -> `9.756.893.547`, `25.00` -> `25,00`; anything else unchanged."""
    if not _PLAIN_NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        return text
    return text.translate(str.maketrans({",": ".", ".": ","}))


def write_workbook(source: pd.DataFrame, layout: Layout, path: Path, indonesian_numbers: bool = False) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pengukuran"
    first_header_row = len(layout.titles) + 2
    first_body_row = first_header_row + layout.header_rows

    _write_titles(sheet, layout)
    _write_header(sheet, layout, first_header_row)
    _write_body(sheet, source, layout, first_body_row, indonesian_numbers)
    _set_page(sheet, layout, first_header_row)
    _fit_row_heights(sheet, layout, first_header_row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _write_titles(sheet: Worksheet, layout: Layout) -> None:
    last = get_column_letter(len(layout.columns))
    for offset, title in enumerate(layout.titles):
        row = offset + 1
        cell = sheet.cell(row=row, column=1, value=title)
        is_opd_line = title.startswith("OPD")
        cell.font = Font(name=_FONT_NAME, size=layout.font_size + (1 if is_opd_line else 3), bold=not is_opd_line)
        cell.alignment = Alignment(horizontal="left" if is_opd_line else "center")
        sheet.merge_cells(f"A{row}:{last}{row}")


def _write_header(sheet: Worksheet, layout: Layout, top: int) -> None:
    font = Font(name=_FONT_NAME, size=layout.font_size, bold=True)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in range(top, top + layout.header_rows):
        for col in range(1, len(layout.columns) + 1):
            sheet.cell(row=row, column=col).border = _BOX
    for header in layout.header:
        row, col = top + header.row, header.col + 1
        cell = sheet.cell(row=row, column=col, value=header.text)
        cell.font, cell.alignment = font, align
        if header.rowspan > 1 or header.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + header.rowspan - 1,
                end_column=col + header.colspan - 1,
            )


def _write_body(sheet: Worksheet, source: pd.DataFrame, layout: Layout, top: int, indonesian: bool) -> None:
    font = Font(name=_FONT_NAME, size=layout.font_size)
    text_align = Alignment(horizontal="left", vertical="top", wrap_text=True)
    number_align = Alignment(horizontal="right", vertical="top", wrap_text=True)
    total_align = Alignment(horizontal="center", vertical="top", wrap_text=True)

    for offset, record in enumerate(source.to_dict("records")):
        row = top + offset
        for col, column in enumerate(layout.columns, start=1):
            value = record.get(column.field, "")
            cell = sheet.cell(row=row, column=col)
            cell.border, cell.font = _BOX, font
            cell.alignment = number_align if column.numeric else text_align
            if value in ("", CONTINUES_ABOVE):
                continue
            if column.numeric and indonesian:
                value = indonesian_number(value)
            cell.value = value
        if record["level"] == "total":
            _merge_total_label(sheet, record, layout, row, total_align)

    for merge in merges(source):
        col = layout.column_index(merge.column) + 1
        sheet.merge_cells(start_row=top + merge.first, start_column=col, end_row=top + merge.last, end_column=col)


def _merge_total_label(sheet: Worksheet, record: dict, layout: Layout, row: int, align: Alignment) -> None:
    """The closing row's label spans every column before its first value, as in the reports."""
    item_col = layout.column_index("item") + 1
    label = sheet.cell(row=row, column=item_col).value
    first_value_col = next(
        col for col, column in enumerate(layout.columns, start=1) if column.numeric and record.get(column.field)
    )
    sheet.cell(row=row, column=item_col).value = None
    sheet.cell(row=row, column=1, value=label).alignment = align
    sheet.cell(row=row, column=1).font = Font(name=_FONT_NAME, size=layout.font_size, bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_value_col - 1)


def _set_page(sheet: Worksheet, layout: Layout, header_top: int) -> None:
    for col, column in enumerate(layout.columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES[layout.paper]
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.3
    sheet.page_margins.top = sheet.page_margins.bottom = 0.4
    sheet.print_title_rows = f"{header_top}:{header_top + layout.header_rows - 1}"


def _fit_row_heights(sheet: Worksheet, layout: Layout, first_row: int) -> None:
    """Give every table row the height its wrapped text needs; a tall merged cell stretches its last row."""
    fit_row_heights(sheet, [column.width for column in layout.columns], layout.font_size, first_row)
