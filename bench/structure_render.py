"""Print the sources of one set the way another producer, paper and column widths would.

    printing = draw(rng); pdfs = printing.render(sources, out_dir)

A `Printing` is drawn at random for each set of the structure harness
(bench/structure_injection.py): which producer, how narrow the hierarchy columns (so that
long words break at other places), which font size and page height (so that page breaks
fall at other rows: inside items, inside merged cells, inside a row). The producers:

- ``libreoffice``: the samples' own path (openpyxl workbook -> LibreOffice, samples/build.py):
  open borders at page breaks; narrow columns break words inside;
- ``closed`` / ``separate_columns``: the second producer (reportlab, samples/producer2): the
  grid closed at every break, Word's way of cutting a word too wide for its cell, and for
  ``separate_columns`` Program, Kegiatan and Sub Kegiatan in columns of their own;
- ``closed_split`` / ``separate_split``: the same, with rows that break across pages as Word
  breaks them by default: the lines of a row that fit stay at the foot of the page, the rest
  (often the last line of a long name alone) opens the next page under the repeated header.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from reportlab.pdfgen.canvas import Canvas

from samples.layouts import ROMAN
from samples.producer2.paginate import RowTooTall, paginate
from samples.producer2.printed import printed_cells
from samples.producer2.render import (
    CITY, OPD, YEAR, Cell, _base_heights, _body_cells, _column_widths, draw_pages, _grow_last, _lines, _spans,
    _TITLE_GAP, title_lines,
)
from samples.producer2.styles import Layout, layout_for as producer2_layout

RENDER_VERSION = 2  # kept with each rendered set: a set rendered by an older version is rendered again
PRODUCERS = ("libreoffice", "closed", "separate_columns", "closed_split", "separate_split")
PAPERS = ("A4", "Legal", "Letter", "A3")
STEM = "dp3akb-serang-2022-tw{quarter}"
HIERARCHY_FIELDS = ("item", "program", "kegiatan", "sub_kegiatan")


@dataclass(frozen=True)
class Printing:
    producer: str
    item_scale: float  # width of the hierarchy columns against the producer's own
    program_scale: float  # width of a separate Program column against the producer's own
    font_size: float
    page_scale: float  # page height against the producer's own (reportlab); LibreOffice: the paper
    paper: str = "Legal"

    def describe(self) -> str:
        page = self.paper if self.producer == "libreoffice" else f"page x{self.page_scale:.2f}"
        return f"{self.producer}, items x{self.item_scale:.2f}, program x{self.program_scale:.2f}, {self.font_size:g} pt, {page}"

    def render(self, sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
        out_dir.mkdir(parents=True, exist_ok=True)
        if self.producer == "libreoffice":
            return _libreoffice(self, sources, out_dir)
        return {q: _reportlab(self, s, q, out_dir / f"{STEM.format(quarter=q)}.pdf") for q, s in sources.items()}


def draw(rng: random.Random, producer: str | None = None) -> Printing:
    producer = producer or rng.choice(PRODUCERS)
    if producer == "libreoffice":
        return Printing(producer, rng.uniform(0.35, 1.2), rng.uniform(0.5, 1.3), rng.choice((6.5, 7.0, 7.5, 8.0, 9.0)), 1.0, rng.choice(PAPERS))
    return Printing(producer, rng.uniform(0.45, 1.3), rng.uniform(0.7, 1.6), rng.choice((6.0, 6.5, 7.0, 7.5, 8.0)), rng.uniform(0.55, 1.15))


# --- LibreOffice -------------------------------------------------------------------------------------


def _libreoffice(printing: Printing, sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
    from samples.layouts import layout_for, titles
    from samples.pdf import workbooks_to_pdf
    from samples.workbook import write_workbook

    books = []
    for quarter, source in sources.items():
        layout = layout_for(quarter, titles(quarter, YEAR, OPD, CITY))
        scale = {"item": printing.item_scale, "program": printing.program_scale}
        columns = tuple(replace(c, width=round(c.width * scale.get(c.field, 1.0), 1)) for c in layout.columns)
        layout = replace(layout, columns=columns, paper=printing.paper, font_size=printing.font_size)
        book = out_dir / f"{STEM.format(quarter=quarter)}.xlsx"
        write_workbook(source, layout, book, indonesian_numbers=False)
        books.append(book)
    pdfs = workbooks_to_pdf(books, out_dir)
    return dict(zip(sources, pdfs))


# --- reportlab, the second producer's way, rows optionally breaking across pages ------------------------------


def _layout(printing: Printing, quarter: int) -> Layout:
    style = "separate_columns" if printing.producer.startswith("separate") else "closed"
    layout = producer2_layout(quarter, style)
    base = 8.0 if style == "separate_columns" else 6.5
    columns = []
    for column in layout.columns:
        if column.field == "program":
            column = replace(column, width=column.width * printing.program_scale * printing.font_size / base)
        elif column.field in HIERARCHY_FIELDS:
            # Fixed, not stretched: a narrow hierarchy column is what breaks the long words.
            column = replace(column, width=column.width * printing.item_scale * printing.font_size / base, stretch=False)
        columns.append(column)
    width, height = layout.page_size
    return replace(layout, columns=tuple(columns), font_size=printing.font_size, page_size=(width, height * printing.page_scale))


def _reportlab(printing: Printing, source: pd.DataFrame, quarter: int, out: Path) -> Path:
    layout = _layout(printing, quarter)
    for _ in range(6):
        try:
            return _render(source, quarter, out, layout, split_rows=printing.producer.endswith("_split"))
        except (RowTooTall, ValueError):  # a row taller than the page, or columns wider: a larger page
            width, height = layout.page_size
            layout = replace(layout, page_size=(width * 1.15, height * 1.25))
    raise RuntimeError(f"{out}: no page size fits this layout")


def _render(source: pd.DataFrame, quarter: int, out: Path, layout: Layout, split_rows: bool) -> Path:
    """samples.producer2.render with a layout of our own, and rows that may break across pages."""
    numeric = {c.field for c in layout.columns if c.numeric}
    printed = printed_cells(source, layout.fields, numeric)
    header = [Cell(h.text, h.row, h.col, h.row + h.rowspan - 1, h.col + h.colspan - 1, bold=True, align="CENTER") for h in layout.header]
    body = _body_cells(printed, layout)
    widths = _column_widths(layout, body + header)
    leading = layout.font_size * 1.15
    header_heights = _base_heights(header, widths, leading, layout, layout.header_rows)
    for span in _spans(header, widths, leading, layout):
        _grow_last(header_heights, span)
    titles = title_lines(quarter, YEAR, OPD, CITY)
    title_height = len(titles) * (layout.font_size + 5) + _TITLE_GAP
    usable = layout.page_size[1] - 2 * layout.margin - sum(header_heights) - 2
    rows = len(printed)
    pages = paginate(_base_heights(body, widths, leading, layout, rows), _spans(body, widths, leading, layout), usable - title_height, usable)
    if split_rows:
        body, rows, pages = _split_rows(body, rows, widths, leading, layout, usable - title_height, usable)
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(out), pagesize=layout.page_size, invariant=1, pageCompression=1)
    canvas.setTitle(f"Pengukuran Kinerja dan Anggaran TW {ROMAN[quarter]} {YEAR}")
    draw_pages(canvas, titles, header, header_heights, body, pages, widths, leading, layout)
    return out


def _split_rows(body: list[Cell], rows: int, widths: list[float], leading: float, layout: Layout, first: float, other: float):
    """Break, at each page foot, the row that does not fit whole: its cells' first lines stay, the
    rest opens the next page in a row of its own (cells spanning rows keep their text above)."""
    page_index = 0
    while True:
        heights = _base_heights(body, widths, leading, layout, rows)
        spans = _spans(body, widths, leading, layout)
        pages = paginate(heights, spans, first, other)
        if page_index >= len(pages) - 1:
            return body, rows, pages
        page = pages[page_index]
        room = (first if page_index == 0 else other) - sum(page.heights)
        nxt = page.last + 1
        own = [c for c in body if c.row == c.last_row == nxt and c.col == c.last_col]
        fits = int((room - 2 * 1.5 - 1) // leading)
        tallest = max((len(_lines(c, widths, layout)) for c in own), default=0)
        if fits < 1 or tallest <= fits:
            page_index += 1
            continue
        trial = _split_at(body, nxt, fits, widths, layout)
        repaged = paginate(_base_heights(trial, widths, leading, layout, rows + 1), _spans(trial, widths, leading, layout), first, other)
        # Word breaks a row at a page foot only: a split that the pages would not cut there is none.
        if any(p.last == nxt for p in repaged[:-1]):
            body, rows = trial, rows + 1
        page_index += 1


def _split_at(body: list[Cell], row: int, keep: int, widths: list[float], layout: Layout) -> list[Cell]:
    split = []
    for cell in body:
        if cell.row > row:
            split.append(replace(cell, row=cell.row + 1, last_row=cell.last_row + 1))
        elif cell.row == cell.last_row == row:
            lines = _lines(cell, widths, layout)
            split.append(replace(cell, text="\n".join(lines[:keep])))
            if lines[keep:]:
                split.append(replace(cell, text="\n".join(lines[keep:]), row=row + 1, last_row=row + 1))
        elif cell.row <= row <= cell.last_row:
            split.append(replace(cell, last_row=cell.last_row + 1))  # a merged cell runs on through both parts
        else:
            split.append(cell)
    return split
