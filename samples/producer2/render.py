"""Render a sample source as a PDF the way Word / reportlab exports are made.

Every page is a table of its own: the header rows repeated, then the body rows that
fit, closed by a bottom border (samples.producer2.paginate). Cells are plain lines
broken as Word breaks them (samples.producer2.wrap), drawn by reportlab's Table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from samples.layouts import ROMAN
from samples.producer2.paginate import Page, RowTooTall, Span, paginate
from samples.producer2.printed import printed_cells
from samples.producer2.styles import BOLD_FONT, FONT, Layout, layout_for
from samples.producer2.wrap import word_lines
from samples.source import CONTINUES_ABOVE

STYLES = ("closed", "separate_columns")
OPD = "DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK DAN KELUARGA BERENCANA"
CITY = "KOTA SERANG"
YEAR = 2022

_PAD_X, _PAD_Y = 2.0, 1.5
_LINE = 0.5
_TITLE_GAP = 10.0


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    last_row: int
    last_col: int
    bold: bool = False
    align: str = "LEFT"


def title_lines(quarter: int, year: int, opd: str, city: str) -> list[str]:
    return [f"PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}", opd, city, f"TRIWULAN {ROMAN[quarter]}"]


def render(
    source: pd.DataFrame,
    quarter: int,
    out: Path,
    *,
    style: str = "closed",
    year: int = YEAR,
    opd: str = OPD,
    city: str = CITY,
    layout: Layout | None = None,
    titles: list[str] | None = None,
    indonesian_numbers: bool = True,
) -> Path:
    """Render `source` as the PDF report of `quarter` (1-4) at `out`; returns `out`.

    `source` is a frame as `samples.source.read_source` returns it (data/source/SCHEMA.md):
    cells as printed in comma-thousands format, ``^`` for a merged cell's continuation.
    `style` is one of STYLES:

    - "closed": A4 landscape, Times 6.5 pt, Program/Kegiatan/Sub Kegiatan in one column
      (TW IV: a narrow Program column of its own, whose long words are broken);
    - "separate_columns": A3 landscape, Times 8 pt, Program, Kegiatan and Sub Kegiatan in
      three columns, each merged down over the items below it, a narrow Program column.

    Both close the grid at every page break (a merged cell cut by a break prints its text
    on the first page only; its part on the next page is empty under the repeated header),
    print numbers in Indonesian format (`9.756.893.547`, `25,00`), word the headers
    differently in each quarter, TW IV grouped (`Kinerja` over Target | Realisasi |
    Capaian (%), `Anggaran` over Pagu Anggaran (Rp) | Realisasi (Rp) | Capaian (%)).
    The output is the same bytes on every run (reportlab's invariant mode).

    A caller with a layout of its own (the header-wording bench, bench/wording/) passes
    `layout` (then `style` is not used), its `titles`, and `indonesian_numbers=False` when the
    cells' numbers are already as they must be printed.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; one of {', '.join(STYLES)}")
    if quarter not in ROMAN:
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")
    layout = layout or layout_for(quarter, style)
    numeric = {c.field for c in layout.columns if c.numeric}
    printed = printed_cells(source, layout.fields, numeric if indonesian_numbers else set())
    header = [Cell(h.text, h.row, h.col, h.row + h.rowspan - 1, h.col + h.colspan - 1, bold=True, align="CENTER") for h in layout.header]
    body = _body_cells(printed, layout)
    try:
        widths = _column_widths(layout, body + header)
    except ValueError as error:
        raise ValueError(f"{out}: {error}") from None
    leading = layout.font_size * 1.15

    header_heights = _base_heights(header, widths, leading, layout, layout.header_rows)
    for span in _spans(header, widths, leading, layout):
        _grow_last(header_heights, span)
    titles = title_lines(quarter, year, opd, city) if titles is None else titles
    title_height = len(titles) * (layout.font_size + 5) + _TITLE_GAP
    usable = layout.page_size[1] - 2 * layout.margin - sum(header_heights) - 2
    try:
        pages = paginate(
            _base_heights(body, widths, leading, layout, len(printed)),
            _spans(body, widths, leading, layout),
            usable - title_height,
            usable,
        )
    except RowTooTall as error:
        raise RowTooTall(f"{out}: {error}") from None

    out.parent.mkdir(parents=True, exist_ok=True)
    # Invariant: no dates or random ids in the file, so the same bytes on every run.
    canvas = Canvas(str(out), pagesize=layout.page_size, invariant=1, pageCompression=1)
    canvas.setTitle(f"Pengukuran Kinerja dan Anggaran TW {ROMAN[quarter]} {year}")
    canvas.setAuthor(opd)
    draw_pages(canvas, titles, header, header_heights, body, pages, widths, leading, layout)
    return out


def _body_cells(printed: pd.DataFrame, layout: Layout) -> list[Cell]:
    """The body's cells with their vertical spans; the closing row's label spans up to its first value."""
    fields = layout.fields
    cells: list[Cell] = []
    records = printed.to_dict("records")
    for row, record in enumerate(records):
        if record["level"] == "total":
            label = record["label"]
            first_value = next(col for col, c in enumerate(layout.columns) if c.numeric and record[c.field])
            cells.append(Cell(label, row, 0, row, first_value - 1, bold=True, align="CENTER"))
            cells += [
                Cell(record[c.field], row, col, row, col, align="RIGHT")
                for col, c in enumerate(layout.columns)
                if col >= first_value and record[c.field] not in ("", CONTINUES_ABOVE)
            ]
            continue
        for col, field in enumerate(fields):
            text = record[field]
            if text in ("", CONTINUES_ABOVE):
                continue
            last = row
            while last + 1 < len(records) and records[last + 1][field] == CONTINUES_ABOVE:
                last += 1
            cells.append(Cell(text, row, col, last, col, align="RIGHT" if layout.columns[col].numeric else "LEFT"))
    return cells


def _column_widths(layout: Layout, cells: list[Cell]) -> list[float]:
    """Numeric columns fit their widest value and header word; stretch columns share the rest."""
    widths = [c.width for c in layout.columns]
    for cell in cells:
        column = layout.columns[cell.col]
        if column.numeric and cell.col == cell.last_col:
            font = BOLD_FONT if cell.bold else FONT
            widest = max(stringWidth(word, font, layout.font_size) for word in cell.text.split() or [""])
            widths[cell.col] = max(widths[cell.col], widest + 2 * _PAD_X + 1)
    stretch = [i for i, c in enumerate(layout.columns) if c.stretch]
    spare = layout.page_size[0] - 2 * layout.margin - sum(widths)
    if spare < 0:
        raise ValueError(f"the columns need {-spare:.0f} pt more than the page width")
    share = sum(widths[i] for i in stretch)
    for i in stretch:
        widths[i] += spare * widths[i] / share
    return widths


def _lines(cell: Cell, widths: list[float], layout: Layout) -> list[str]:
    width = sum(widths[cell.col : cell.last_col + 1]) - 2 * _PAD_X
    return word_lines(cell.text, width, BOLD_FONT if cell.bold else FONT, layout.font_size)


def _needed(cell: Cell, widths: list[float], leading: float, layout: Layout) -> float:
    return len(_lines(cell, widths, layout)) * leading + 2 * _PAD_Y + 1


def _base_heights(cells: list[Cell], widths: list[float], leading: float, layout: Layout, rows: int) -> list[float]:
    heights = [leading + 2 * _PAD_Y + 1] * rows
    for cell in cells:
        if cell.row == cell.last_row:
            heights[cell.row] = max(heights[cell.row], _needed(cell, widths, leading, layout))
    return heights


def _spans(cells: list[Cell], widths: list[float], leading: float, layout: Layout) -> list[Span]:
    return [Span(c.row, c.last_row, _needed(c, widths, leading, layout)) for c in cells if c.last_row > c.row]


def _grow_last(heights: list[float], span: Span) -> None:
    have = sum(heights[span.first : span.last + 1])
    if have < span.needed:
        heights[span.last] += span.needed - have


def draw_pages(canvas: Canvas, titles: list[str], header, header_heights: list[float], body, pages, widths: list[float],
               leading: float, layout: Layout) -> None:
    """Each page's table under the titles (on the first page), then the file saved."""
    for number, page in enumerate(pages):
        top = layout.page_size[1] - layout.margin
        if number == 0:
            top = _draw_titles(canvas, titles, layout) - _TITLE_GAP
        table = _page_table(header, header_heights, body, page, widths, leading, layout)
        _, height = table.wrapOn(canvas, sum(widths), top)
        table.drawOn(canvas, layout.margin, top - height)
        canvas.showPage()
    canvas.save()


def _draw_titles(canvas: Canvas, titles: list[str], layout: Layout) -> float:
    y = layout.page_size[1] - layout.margin
    size = layout.font_size + 3
    for title in titles:
        y -= size + 2
        canvas.setFont(BOLD_FONT, size)
        canvas.drawCentredString(layout.page_size[0] / 2, y, title)
    return y - 2


def _page_table(
    header: list[Cell], header_heights: list[float], body: list[Cell], page: Page, widths: list[float], leading: float, layout: Layout
) -> Table:
    """One page: the header, then body rows page.first..page.last; spans cut at the page's edges."""
    offset = layout.header_rows - page.first
    n_rows = layout.header_rows + page.last - page.first + 1
    data = [[""] * len(widths) for _ in range(n_rows)]
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), layout.font_size),
        ("LEADING", (0, 0), (-1, -1), leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, layout.header_rows - 1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_Y),
        ("GRID", (0, 0), (-1, -1), _LINE, colors.black),
    ]
    for cell in header:
        _place(data, commands, cell, cell.row, cell.last_row, cell.text, widths, layout)
    for cell in body:
        if cell.last_row < page.first or cell.row > page.last:
            continue
        # A span begun on an earlier page continues here as an empty cell.
        text = cell.text if cell.row >= page.first else ""
        first = max(cell.row, page.first) + offset
        last = min(cell.last_row, page.last) + offset
        _place(data, commands, cell, first, last, text, widths, layout)
    return Table(data, colWidths=widths, rowHeights=list(header_heights) + list(page.heights), style=TableStyle(commands))


def _place(data: list[list[str]], commands: list, cell: Cell, first: int, last: int, text: str, widths: list[float], layout: Layout) -> None:
    data[first][cell.col] = "\n".join(_lines(cell, widths, layout)) if text else ""
    if last > first or cell.last_col > cell.col:
        commands.append(("SPAN", (cell.col, first), (cell.last_col, last)))
    if text and cell.bold:
        commands.append(("FONTNAME", (cell.col, first), (cell.col, first), BOLD_FONT))
    if cell.align != "LEFT":
        commands.append(("ALIGN", (cell.col, first), (cell.col, first), cell.align))
