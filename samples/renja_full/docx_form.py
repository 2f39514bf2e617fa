"""The form as a Word document (python-docx), the way agencies fill it in Word; Writer prints it to PDF.

A landscape page, the titles above the table, thin borders on every cell ("Table Grid"), the
header rows marked to repeat on every page, cells merged as the form merges them, and rows
allowed to break across a page (Word's and Writer's default), so a tall row is cut by the
page end as it is in the real forms.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from samples.renja_full.form import Sheet

PAPERS_CM = {"A3": (42.0, 29.7), "A4": (29.7, 21.0), "F4": (33.0, 21.5), "wide": (48.3, 32.9)}  # wide: as ../shared/real/Bapelitbangda
MARGIN_CM = 1.0


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _tight_cell_margins(table) -> None:
    """Small cell margins, as agencies squeeze 27 columns onto a page."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("left", 40), ("right", 40), ("top", 0), ("bottom", 0)):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(twips))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    properties.append(margins)


def _write(cell, text: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Arial"


def write_docx(sheet: Sheet, path: Path, paper: str = "A3", font_size: float = 7.0) -> None:
    document = Document()
    section = document.sections[0]
    width, height = PAPERS_CM[paper]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    for title in sheet.titles:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(title)
        run.font.size, run.font.bold, run.font.name = Pt(font_size + 3), True, "Arial"
    if sheet.titles:
        document.add_paragraph()

    n_rows, n_cols = sheet.header_rows + len(sheet.body), len(sheet.widths)
    table = document.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.autofit = False
    _tight_cell_margins(table)
    usable = Cm(width - 2 * MARGIN_CM)
    widths = [int(usable * w / sum(sheet.widths)) for w in sheet.widths]
    for column, column_width in zip(table.columns, widths):
        column.width = column_width  # w:gridCol, which Writer lays the table out by
    grid = [list(row.cells) for row in table.rows]
    for row in grid:
        for cell, cell_width in zip(row, widths):
            cell.width = cell_width
    for index in range(sheet.header_rows):
        _repeat_as_header(table.rows[index])

    # Merge first, then write: python-docx keeps the paragraphs of every merged cell.
    for head in sheet.header:
        cell = grid[head.row][head.col]
        if head.rowspan > 1 or head.colspan > 1:
            cell = cell.merge(grid[head.row + head.rowspan - 1][head.col + head.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _write(cell, head.text, font_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    merged_tops = {}
    for col, first, last in sheet.merges:
        top = sheet.header_rows + first
        merged_tops[(first, col)] = grid[top][col].merge(grid[sheet.header_rows + last][col])
    covered = {(r, col) for col, first, last in sheet.merges for r in range(first + 1, last + 1)}
    for r, (cells, bold) in enumerate(zip(sheet.body, sheet.bold)):
        for col, text in enumerate(cells):
            if (r, col) in covered or not text:
                continue
            cell = merged_tops.get((r, col)) or grid[sheet.header_rows + r][col]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            align = WD_ALIGN_PARAGRAPH.RIGHT if sheet.numeric[col] else WD_ALIGN_PARAGRAPH.LEFT
            _write(cell, text, font_size, bold=bold and not sheet.numeric[col], align=align)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
