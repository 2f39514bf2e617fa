"""Render generated reports (bench/wording/generate.py) to PDF through three producers.

- `calc`: openpyxl workbook (samples/workbook.py, the samples' own writer) exported by
  LibreOffice Calc, as the one-quarter reports are made in Excel;
- `writer`: python-docx document exported by LibreOffice Writer, as the real side-by-side Renja
  forms are Word exports (tables with merged header cells, the header rows repeated);
- `reportlab`: the second producer (samples/producer2/), grid closed at every page break, long
  words broken in narrow cells.

The one-quarter family goes through `calc` and `reportlab`, the side-by-side family through
`writer` and `reportlab`. LibreOffice converts a whole batch in one call. A report a producer
cannot lay out (columns wider than the page, a row taller than a page) is returned as a failure
with its reason, never silently dropped.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from reportlab.lib.pagesizes import A3, A4, LEGAL, landscape

from bench.wording.generate import Report
from rekon.extract.header import FIELDS
from samples import layouts as calc_layouts
from samples.pdf import workbooks_to_pdf
from samples.producer2 import styles as rl_styles
from samples.producer2.paginate import RowTooTall
from samples.producer2.render import render as reportlab_render
from samples.workbook import write_workbook

PRODUCERS = {"quarterly": ("calc", "reportlab"), "side_by_side": ("writer", "reportlab")}
PAGES = {"A4": A4, "A3": A3, "Legal": LEGAL}
POINTS_PER_CHAR = 4.2  # an Excel character unit in points at the reportlab producer's 6.5 pt


def _frame(report: Report) -> pd.DataFrame:
    """The printed rows as a frame with every column key, plus the columns the writers look up."""
    frame = pd.DataFrame(report.body.printed).fillna("")
    for name in [*FIELDS, "item", "level"]:
        if name not in frame:
            frame[name] = ""
    if report.family == "side_by_side":
        # The Renja form prints the agency's name in the name column; the writers span a `total`
        # row's label over the leading columns, as the one-quarter reports print TOTAL.
        frame["level"] = "row"
    return frame


# ---- LibreOffice Calc ----------------------------------------------------------------------------


def _calc_book(report: Report, path: Path) -> None:
    layout = calc_layouts.Layout(
        name=report.stem,
        columns=tuple(calc_layouts.Column(c.key, round(c.width, 1), c.numeric) for c in report.columns),
        header=tuple(calc_layouts.HeaderCell(h.text, h.row, h.col, h.rowspan, h.colspan) for h in report.heads),
        header_rows=report.header_rows,
        paper=report.paper,
        font_size=report.font_size,
        titles=tuple(report.titles),
    )
    frame = _frame(report)
    write_workbook(frame, layout, path, indonesian_numbers=False)
    _merge_other_columns(report, frame, path)


def _merge_other_columns(report: Report, frame: pd.DataFrame, path: Path) -> None:
    """`write_workbook` merges the cells of the sample fields; a Kegiatan column is merged here."""
    from openpyxl import load_workbook

    others = [i for i, c in enumerate(report.columns) if c.key not in FIELDS and (frame[c.key] == "^").any()]
    if not others:
        return
    book = load_workbook(path)
    sheet = book.active
    top = len(report.titles) + 2 + report.header_rows
    for col in others:
        cells = list(frame[report.columns[col].key]) + [""]
        start = None
        for index, text in enumerate(cells):
            if text == "^":
                start = index - 1 if start is None else start
            elif start is not None:
                sheet.merge_cells(start_row=top + start, start_column=col + 1, end_row=top + index - 1, end_column=col + 1)
                start = None
    book.save(path)


# ---- LibreOffice Writer --------------------------------------------------------------------------


def _writer_doc(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    width, height = {"A3": (Mm(420), Mm(297)), "A4": (Mm(297), Mm(210)), "Legal": (Mm(356), Mm(216))}[report.paper]
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(10))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(report.font_size)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for title in report.titles:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(title)
        run.bold, run.font.size = True, Pt(report.font_size + 3)

    body = report.body.printed
    table = document.add_table(rows=report.header_rows + len(body), cols=len(report.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _writer_widths(report, width - Mm(20))
    for column, column_width in zip(table.columns, widths):
        column.width = column_width  # the table grid, which LibreOffice lays out by
    for row in table.rows:
        for cell, cell_width in zip(row.cells, widths):
            cell.width = cell_width

    def put(cell, text: str, bold: bool, align) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(report.font_size)

    for head in report.heads:
        cell = table.cell(head.row, head.col)
        if head.rowspan > 1 or head.colspan > 1:
            cell = cell.merge(table.cell(head.row + head.rowspan - 1, head.col + head.colspan - 1))
        put(cell, head.text, True, WD_ALIGN_PARAGRAPH.CENTER)
    for index in range(report.header_rows):  # repeat the header on every page
        properties = table.rows[index]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
    for offset, printed in enumerate(body):
        cells = table.rows[report.header_rows + offset].cells
        for cell, column in zip(cells, report.columns):
            text = printed.get(column.key, "")
            if text and text != "^":
                put(cell, text, printed.get("level") == "total", WD_ALIGN_PARAGRAPH.RIGHT if column.numeric else WD_ALIGN_PARAGRAPH.LEFT)
    document.save(path)


def _writer_widths(report: Report, usable: int) -> list[int]:
    """Numeric columns as wide as their widest value (as Word's autofit makes them); text columns
    share the rest in proportion to their declared widths. EMU throughout."""
    emu_per_pt = 12700
    digit = 0.62 * report.font_size * emu_per_pt  # Arial digits and separators, with room
    widths: list[float] = []
    for column in report.columns:
        if column.numeric:
            widest = max([len(r.get(column.key, "")) for r in report.body.printed] + [3])
            widths.append(widest * digit + 14 * emu_per_pt)  # LibreOffice's cell margins
        else:
            widths.append(0.0)
    spare = max(usable - sum(widths), usable * 0.25)
    text = [c for c in report.columns if not c.numeric]
    share = sum(c.width for c in text) or 1
    widths = [w if c.numeric else spare * c.width / share for w, c in zip(widths, report.columns)]
    factor = min(1.0, usable / sum(widths))
    return [int(w * factor) for w in widths]


# ---- reportlab (the second producer) ---------------------------------------------------------------


def _reportlab_pdf(report: Report, path: Path) -> None:
    """As the report declares it; when its columns do not fit the page, narrower fixed columns,
    then a smaller font (what a person does in Word before exporting)."""
    header = tuple(rl_styles.HeaderCell(h.text, h.row, h.col, h.rowspan, h.colspan) for h in report.heads)
    page = landscape(PAGES[report.paper])
    tries = [(1.0, report.font_size), (0.75, report.font_size), (0.6, max(5.5, report.font_size - 1)), (0.45, 5.0)]
    for number, (narrow, font_size) in enumerate(tries):
        scale = font_size / 6.5 * narrow
        columns = tuple(rl_styles.Column(c.key, c.width * POINTS_PER_CHAR * (scale if not c.stretch else narrow), c.numeric, c.stretch) for c in report.columns)
        layout = rl_styles.Layout(columns, header, report.header_rows, page, font_size)
        try:
            reportlab_render(_frame(report), report.quarter or 4, path, layout=layout, titles=list(report.titles), indonesian_numbers=False)
            return
        except ValueError:
            if number == len(tries) - 1:
                raise


# ---- all producers -----------------------------------------------------------------------------


def render(reports: list[Report], producer: str, out_dir: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Stem -> PDF for every report rendered; stem -> reason for every one that could not be."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done: dict[str, Path] = {}
    failed: dict[str, str] = {}
    if producer == "reportlab":
        for report in reports:
            target = out_dir / f"{report.stem}-reportlab.pdf"
            try:
                _reportlab_pdf(report, target)
                done[report.stem] = target
            except (ValueError, RowTooTall) as error:
                failed[report.stem] = f"reportlab: {error}"
        return done, failed
    make = {"calc": (_calc_book, ".xlsx"), "writer": (_writer_doc, ".docx")}[producer]
    with tempfile.TemporaryDirectory(prefix="rekon-wording-") as work:
        sources = []
        for report in reports:
            source = Path(work) / f"{report.stem}-{producer}{make[1]}"
            make[0](report, source)
            sources.append((report.stem, source))
        for stem, pdf in zip([s for s, _ in sources], workbooks_to_pdf([p for _, p in sources], out_dir)):
            if pdf.exists():
                done[stem] = pdf
            else:
                failed[stem] = f"{producer}: LibreOffice wrote no PDF"
    return done, failed
