"""The form as an Excel workbook (openpyxl), the way agencies fill it in a spreadsheet; Calc prints it to PDF.

Thin borders on every cell, wrapped text, merged header cells and merged body cells, the
header rows printed on every page, fitted to the page width, row heights that fit their text
(LibreOffice does not re-fit rows of an imported workbook: samples/fit.py measures them).
A spreadsheet never cuts a row at a page end; its merged cells do cross page breaks.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from samples.fit import fit_row_heights
from samples.layouts import PAPER_SIZES
from samples.renja_full.form import Sheet

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Arial"


def write_xlsx(sheet: Sheet, path: Path, paper: str = "A3", font_size: float = 7.0) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "Evaluasi Renja"
    n_cols = len(sheet.widths)
    last = get_column_letter(n_cols)
    for offset, title in enumerate(sheet.titles, start=1):
        cell = ws.cell(row=offset, column=1, value=title)
        cell.font = Font(name=_FONT, size=font_size + 3, bold=True)
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A{offset}:{last}{offset}")
    header_top = len(sheet.titles) + (2 if sheet.titles else 1)
    body_top = header_top + sheet.header_rows

    bold = Font(name=_FONT, size=font_size, bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in range(header_top, body_top):
        for col in range(1, n_cols + 1):
            ws.cell(row=row, column=col).border = _BOX
    for head in sheet.header:
        cell = ws.cell(row=header_top + head.row, column=head.col + 1, value=head.text)
        cell.font, cell.alignment = bold, centred
        if head.rowspan > 1 or head.colspan > 1:
            ws.merge_cells(start_row=header_top + head.row, start_column=head.col + 1,
                           end_row=header_top + head.row + head.rowspan - 1, end_column=head.col + head.colspan)

    plain = Font(name=_FONT, size=font_size)
    for r, (cells, is_bold) in enumerate(zip(sheet.body, sheet.bold)):
        for col, text in enumerate(cells, start=1):
            cell = ws.cell(row=body_top + r, column=col)
            cell.border = _BOX
            numeric = sheet.numeric[col - 1]
            cell.alignment = Alignment(horizontal="right" if numeric else "left", vertical="top", wrap_text=True)
            cell.font = bold if is_bold and not numeric else plain
            if text:
                cell.value = text  # as text: the form's own Indonesian formatting, whatever the locale
    for col, first, last_row in sheet.merges:
        ws.merge_cells(start_row=body_top + first, start_column=col + 1, end_row=body_top + last_row, end_column=col + 1)

    for col, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_SIZES[paper]
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4
    ws.print_title_rows = f"{header_top}:{body_top - 1}"
    fit_row_heights(ws, sheet.widths, font_size, header_top)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
