"""Rows of a table whose row borders are missing, from text blocks (families with ``rows: blocks``).

Word exports of the Renja form leave many row borders out (often none between
rows) and print values lower in a cell than the text beside them, so the ruled
grid alone does not give the rows. Each step a function of plain data:

``column_lines`` (each column's text lines in the body)
-> ``row_tops`` (a printed row starts where a text block starts in an anchor
column -- name, indicator, agency in charge -- after a gap wider than the
line spacing, or after a border drawn across that column)
-> ``page_rows`` (every line of every column goes to the row band it starts
in, so a value printed low in its cell stays with its row)
-> ``join_pages`` (a row cut by a page break is joined back).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from rekon.extract.border_header import NAME, Column, Layout
from rekon.extract.families import Family
from rekon.extract.geometry import Char, PageGeometry
from rekon.extract.grid import snap_positions
from rekon.extract.text import line_text, lines_of
from rekon.extract.tolerances import DEFAULT, current_tolerances

# The defaults of current_tolerances().blocks (extract/tolerances.py), importable here as before.
BLOCK_GAP, START_TOLERANCE, LINE_SLACK = DEFAULT.blocks.gap, DEFAULT.blocks.start, DEFAULT.blocks.line_slack
USUAL_SHARE, ROW_BORDER_COVER = DEFAULT.blocks.usual_share, DEFAULT.blocks.row_border_cover


@dataclass(frozen=True)
class Line:
    text: str
    top: float
    bottom: float
    size: float


@dataclass
class PrintedRow:
    page: int
    index: int  # 0-based on its page
    top: float
    bottom: float
    x0: float
    x1: float
    texts: dict[str, list[str]]  # column key -> lines

    def text(self, key: str) -> str:
        return "\n".join(self.texts.get(key, []))


def _line(chars: list[Char]) -> Line:
    sizes = sorted(c.size for c in chars)
    return Line(line_text(chars), min(c.top for c in chars), max(c.bottom for c in chars), sizes[len(sizes) // 2])


def table_bottom(page: PageGeometry, layout: Layout) -> float:
    x0, x1 = layout.columns[0].x0, max(c.x1 for c in layout.columns)
    ends = [s.end for s in page.segments if not s.horizontal and x0 - 1 <= s.position <= x1 + 1 and s.end > layout.header_bottom]
    return max(ends) if ends else page.height


def column_lines(page: PageGeometry, layout: Layout, bottom: float) -> tuple[dict[str, list[Line]], list[str]]:
    """Each column's body lines, top to bottom; and the lines of text outside the table's body."""
    every = layout.columns + layout.unmapped  # a column no field was found for is read all the same, and reported
    by_column: dict[str, list[Char]] = {c.key: [] for c in every}
    outside: list[Char] = []
    for char in page.chars:
        y = char.y_center
        column = next((c for c in every if c.x0 <= char.x_center < c.x1), None)
        if column is None or not layout.header_bottom <= y <= bottom:
            if y > layout.header_bottom:  # the header itself is read by find_layout
                outside.append(char)
            continue
        by_column[column.key].append(char)
    lines = {key: [_line(line) for line in lines_of(chars)] for key, chars in by_column.items()}
    return lines, [line_text(line) for line in lines_of(outside)]


def row_borders(page: PageGeometry, column: Column) -> list[float]:
    """y of the horizontal rulings drawn across (most of) a column."""
    width = column.x1 - column.x0
    found = []
    cover = current_tolerances().blocks.row_border_cover
    for s in page.segments:
        if s.horizontal and min(s.end, column.x1) - max(s.start, column.x0) >= cover * width:
            found.append(s.position)
    return snap_positions(found)


def block_starts(lines: list[Line], borders: list[float], by_gaps: bool = True, usual: float | None = None) -> list[Line]:
    """The lines that begin a text block: after a wide gap (unless `by_gaps` is off), or after a border
    between them and the line above."""
    starts = []
    previous: Line | None = None
    # Glyph boxes are tight: a line without descenders (`Daerah`) ends higher than its neighbours, which
    # would widen the gap below it. A line is taken to reach at least the usual line height (`usual`: the
    # page's, else the column's).
    if usual is None:
        usual = median(line.bottom - line.top for line in lines) if lines else 0.0
    block_gap = current_tolerances().blocks.gap
    for line in lines:
        if previous is None:
            starts.append(line)
        else:
            gap = line.top - max(previous.bottom, previous.top + usual)
            ruled = any(previous.bottom - 1 <= y <= line.top + 1 for y in borders)
            if by_gaps and gap > block_gap * line.size or ruled:
                starts.append(line)
        previous = line
    return starts


def ruled_column(lines: list[Line], borders: list[float]) -> bool:
    """A column whose rows the producer rules (two borders or more between its lines on the page).

    Its rows are told by the borders alone: LibreOffice spaces the lines of one cell wider than
    the block gap. A column without such borders is told by its gaps. (Measured on the real Word
    exports: no gap between two lines of their anchor columns without a border between them is
    wider than 0.3 of the font size, so either way reads them alike.)
    """
    inner = [y for y in borders if lines and lines[0].bottom < y < lines[-1].top]
    return len(inner) >= 2


def row_tops(starts: list[Line]) -> list[float]:
    """Starts in different anchor columns within a line's height of each other are one row."""
    tops: list[float] = []
    first: float | None = None
    start = current_tolerances().blocks.start
    for line in sorted(starts, key=lambda l: l.top):
        if first is not None and line.top - first <= start * line.size:
            continue
        tops.append(line.top)
        first = line.top
    return tops


def page_rows(page: PageGeometry, layout: Layout, family: Family) -> tuple[list[PrintedRow], list[str]]:
    bottom = table_bottom(page, layout)
    lines, outside = column_lines(page, layout, bottom)
    anchors = {NAME if a == "item" else a for a in family.anchors}
    anchor_keys = [c.key for c in layout.columns if c.field in anchors]
    heights = sorted(line.bottom - line.top for key in anchor_keys for line in lines[key])
    tolerances = current_tolerances().blocks
    usual = heights[int(tolerances.usual_share * (len(heights) - 1))] if heights else None  # a line with ascenders and descenders
    starts: list[Line] = []
    for column in layout.columns:
        if column.field in anchors:
            borders = row_borders(page, column)
            starts += block_starts(lines[column.key], borders, not ruled_column(lines[column.key], borders), usual)
    tops = row_tops(starts)
    if not tops:
        return [], outside
    x0, x1 = layout.columns[0].x0, max(c.x1 for c in layout.columns)
    rows = [PrintedRow(page.number, i, top, bottom, x0, x1, {}) for i, top in enumerate(tops)]
    for i in range(len(rows) - 1):
        rows[i].bottom = rows[i + 1].top
    columns = {c.key: c for c in layout.columns + layout.unmapped}
    merged_levels = {level for level in family.levels if level != "item"}  # `sasaran`: one cell over many rows
    for key, column_lines_ in lines.items():
        borders = row_borders(page, columns[key])
        # A ruled column's cell (its lines between two borders) goes whole to the row it begins in: the
        # name of an item merged over two indicator rows overflows into the second row's band.
        whole_cells = ruled_column(column_lines_, borders) or key in merged_levels
        firsts = block_starts(column_lines_, borders, by_gaps=False) if whole_cells else column_lines_
        index = 0
        for line in column_lines_:
            if any(line is first for first in firsts):
                # The row whose band the line begins in: values printed low in their cell stay with their row.
                index = max((i for i, top in enumerate(tops) if top <= line.top + tolerances.line_slack * line.size), default=0)
            rows[index].texts.setdefault(key, []).append(line.text)
    return rows, outside


def _has_values(row: PrintedRow, layout: Layout) -> bool:
    return any(row.texts.get(c.key) for c in layout.columns if c.quarter)


def _printed_beside(row: PrintedRow, above: PrintedRow, key: str) -> bool:
    """Whether the row prints anything beyond column `key` (the agency in charge printed again as above does not count)."""
    for other, lines in row.texts.items():
        if other == key or not "".join(lines).strip():
            continue
        if other == "penanggung_jawab" and lines == above.texts.get(other, [])[-len(lines):]:
            continue
        return True
    return False


def _continues(text: str) -> bool:
    return bool(text) and text[0].islower()


# A line that ends on one of these words is cut mid-phrase: the next page's first row goes on with it.
_OPEN_ENDINGS = frozenset("dan atau di ke dari yang untuk pada dalam serta bagi oleh dengan terhadap antar melalui".split())


def _left_open(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in _OPEN_ENDINGS


def join_pages(rows: list[PrintedRow], layout: Layout) -> list[PrintedRow]:
    """A page's first row that only continues the text of the last row above (a row cut by the page break) is joined to it:
    its text goes on in lower case, or the text above ends mid-phrase (`... kabupaten/kota atau`), or it prints the
    rest of a name and nothing else (no code, no number, no indicator, no value: no item of the form is printed so)."""
    joined: list[PrintedRow] = []
    for row in rows:
        if joined and row.index == 0 and row.page != joined[-1].page and not _has_values(row, layout):
            name, indikator = row.text(NAME), row.text("indikator")
            above = joined[-1]
            only_in_charge = not name and not indikator and set(row.texts) == {"penanggung_jawab"}
            only_name = bool(name) and bool(above.text(NAME)) and not _printed_beside(row, above, NAME)
            if (any(_continues(t) for t in (name, indikator)) or name and _left_open(above.text(NAME))
                    or indikator and _left_open(above.text("indikator")) or only_in_charge or only_name):
                for key, lines in row.texts.items():
                    # The agency in charge is printed again on the next page: its rest only when it differs.
                    if key != "penanggung_jawab" or lines != above.texts.get(key, [])[-len(lines):]:
                        above.texts.setdefault(key, []).extend(lines)
                continue
        joined.append(row)
    return joined
