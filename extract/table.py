"""One page: its grid, header and body rows, each row's cell for every mapped column.

A body row is one cell of the Indikator column (every printed row has its
own); a cell of another column that spans several rows (tujuan, sasaran,
program, an item with several indicators, a shared budget) is seen from each
row it spans, marked as starting in that row or continuing from above.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from rekon.extract.geometry import PageGeometry, char_boxes, from_text_layer, glyph_texts
from rekon.extract.grid import Cell, Grid, build_grid
from rekon.extract.tolerances import current_tolerances
from rekon.extract.columns.assign import Choice, HeaderColumn
from rekon.extract.families import Family
from rekon.extract.header import HeaderProblem, column_bodies, column_spans, header_row_count, map_columns, plain_header_rows
from rekon.extract.text import cell_texts, page_line_texts


@dataclass(frozen=True)
class ColumnSpan:
    """A logical column: the fine grid columns under one header path."""

    field: str
    col0: int
    col1: int


@dataclass(frozen=True)
class RowCell:
    text: str
    cell: Cell
    starts_here: bool  # the cell's first fine row is in this row
    ends_here: bool  # the cell's last fine row is in this row
    pieces: int = 1  # more than one when several grid cells fall in this row and column
    confidence: float = -1.0  # lowest OCR confidence of its glyphs (0-100); -1 from a text layer


@dataclass(frozen=True)
class BodyRow:
    index: int  # 0-based within the page body
    row0: int  # fine rows
    row1: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: dict[str, RowCell]
    unmapped: dict[str, RowCell] = field(default_factory=dict)  # header text -> cell, under a value column no header word names

    def text(self, field_name: str) -> str:
        cell = self.cells.get(field_name)
        return cell.text if cell else ""


@dataclass
class PageTable:
    page: int
    grid: Grid
    columns: list[ColumnSpan]
    header_rows: int
    header_texts: list[str]
    rows: list[BodyRow]
    outside_text: list[str]  # lines printed outside the grid: titles, notes
    header_problems: list[HeaderProblem] = field(default_factory=list)
    header_found: bool = True
    confidences: dict[int, float] = field(default_factory=dict)  # cell id -> lowest OCR confidence
    unmapped: list[ColumnSpan] = field(default_factory=list)  # columns whose header names no field (field: its text)
    choices: list[Choice] = field(default_factory=list)  # what the column reader found for each column (`rekon inspect`)
    header_paths: list[list[str]] = field(default_factory=list)  # each column group's header cells, as printed
    groups: list[tuple[int, int]] = field(default_factory=list)  # each column group's first and last fine column (choices index them)

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]


def texts_by_cell(page: PageGeometry, grid: Grid) -> tuple[dict[int, str], list[str]]:
    """Each cell's text (lines separated by newlines), and the lines printed outside the grid."""
    boxes, glyphs = char_boxes(page), glyph_texts(page)
    if not grid.xs or not page.chars:
        return {}, page_line_texts(page.chars, boxes, texts=glyphs)
    # Every glyph located at once (the same comparisons as Grid.locate); a page holds thousands.
    x, y = (boxes[:, 0] + boxes[:, 1]) / 2, (boxes[:, 2] + boxes[:, 3]) / 2
    inside = (grid.xs[0] <= x) & (x < grid.xs[-1]) & (grid.ys[0] <= y) & (y < grid.ys[-1])
    members = np.flatnonzero(inside)
    rows = np.searchsorted(np.asarray(grid.ys), y[members], side="right") - 1
    cols = np.searchsorted(np.asarray(grid.xs), x[members], side="right") - 1
    cells = np.asarray(grid.cell_at, dtype=np.intp)[rows, cols]
    return cell_texts(page.chars, boxes, members, cells, glyphs), page_line_texts(page.chars, boxes, np.flatnonzero(~inside), glyphs)


def confidences_by_cell(page: PageGeometry, grid: Grid) -> dict[int, float]:
    """The lowest OCR confidence of each cell's glyphs; empty for a page read from its text layer."""
    lowest: dict[int, float] = {}
    if from_text_layer(page):
        return lowest
    for char in page.chars:
        if char.confidence < 0:
            continue
        cell = grid.locate((char.x0 + char.x1) / 2, (char.top + char.bottom) / 2)
        if cell is not None:
            lowest[cell.id] = min(lowest.get(cell.id, 100.0), char.confidence)
    return lowest


def read_page_table(page: PageGeometry, previous: PageTable | None = None, family: Family | None = None) -> PageTable:
    grid = build_grid(list(page.segments))
    texts, outside = texts_by_cell(page, grid)
    header_rows = header_row_count(grid, texts)
    continues = previous is not None and _same_columns(previous.grid, grid)
    if header_rows == 0 and continues and previous.header_rows and _repeats_header(grid, texts, previous):
        header_rows = previous.header_rows  # the previous page's header again, in words rekon does not know
    elif header_rows == 0 and not continues:
        # No row reads as header words: the plain first rows, if the columns under them can be named.
        header_rows = plain_header_rows(grid, texts)
    columns: list[ColumnSpan] = []
    header_texts: list[str] = []
    unmapped: list[ColumnSpan] = []
    problems: list[HeaderProblem] = []
    choices: list[Choice] = []
    paths: list[list[str]] = []
    groups: list[tuple[int, int, list[str]]] = []
    if header_rows:
        groups = column_spans(grid, texts, header_rows)
        paths = [path for _, _, path in groups]
        # The header an earlier page printed word for word: the same columns (read once, on its first page).
        known = previous.choices if previous is not None and previous.header_paths == paths else None
        bodies = column_bodies(grid, texts, header_rows, groups) if known is None else [[] for _ in groups]
        mapping, problems, choices = map_columns([HeaderColumn(path, body) for path, body in zip(paths, bodies)], family, known)
        if _readable(mapping) or header_rows == header_row_count(grid, texts):
            columns = [ColumnSpan(mapping[i], first, last) for i, (first, last, _) in enumerate(groups) if i in mapping]
            header_texts = [" > ".join(t for t in path if t) for _, _, path in groups]
            unmapped = [ColumnSpan(" > ".join(" ".join(t.split()) for t in path if t.strip()), first, last)
                        for i, (first, last, path) in enumerate(groups) if i not in mapping and any(t.strip() for t in path)]
        else:  # plain first rows under which no table can be read: no header after all
            header_rows, problems, choices = 0, [], []
    header_found = header_rows > 0
    paths = paths if header_found else []
    spans = [(first, last) for first, last, _ in groups] if header_found else []
    if not header_found and continues:
        # A page without its own header row continues the previous page's columns.
        columns, header_texts, unmapped, choices = previous.columns, previous.header_texts, previous.unmapped, previous.choices
        spans = previous.groups
    confidences = confidences_by_cell(page, grid)
    table = PageTable(page.number, grid, columns, header_rows, header_texts, [], outside, problems, header_found, confidences, unmapped,
                      choices, paths if header_found else (previous.header_paths if continues else []), spans)
    if any(c.field == "indikator" for c in columns):
        table.rows = _body_rows(grid, texts, columns, header_rows, confidences, unmapped)
    return table


def _repeats_header(grid: Grid, texts: dict[int, str], previous: PageTable) -> bool:
    """The page's first rows print the previous page's header cells, column for column."""
    if grid.rows <= previous.header_rows:
        return False
    return [path for _, _, path in column_spans(grid, texts, previous.header_rows)] == previous.header_paths


def _readable(mapping: dict[int, str]) -> bool:
    """A table can be read when a column carries the indicator and one carries values."""
    fields = set(mapping.values())
    return "indikator" in fields and any(f.startswith(("target_", "realisasi_", "capaian_")) for f in fields)


def _looks_numeric(text: str) -> bool:
    """Mostly digits: a number, or one OCR garbled (`1O0`), rather than words."""
    signs = [c for c in text if c.isalnum()]
    return bool(signs) and sum(c.isdigit() for c in signs) * 2 >= len(signs)


def _value_columns(rows: list[BodyRow], unmapped: list[ColumnSpan]) -> list[str]:
    """The unmapped columns that hold numbers: most of their non-empty cells look numeric.

    Their cells are values the header failed to name (`Capaian (%)` misread);
    a column of words (`Sumber Dana`) is named once, as an unknown header.
    """
    values = []
    for column in unmapped:
        texts = [row.unmapped[column.field].text for row in rows if column.field in row.unmapped and row.unmapped[column.field].text.strip()]
        if texts and sum(_looks_numeric(t) for t in texts) * 2 > len(texts):
            values.append(column.field)
    return values


def _same_columns(a: Grid, b: Grid) -> bool:
    tolerance = current_tolerances().grid.same_columns
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= tolerance for x, y in zip(a.xs, b.xs))


def _body_rows(grid: Grid, texts: dict[int, str], columns: list[ColumnSpan], header_rows: int, confidences: dict[int, float],
               unmapped: list[ColumnSpan] = ()) -> list[BodyRow]:
    anchor = next(c for c in columns if c.field == "indikator")
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    for row in range(header_rows, grid.rows):
        cell = grid.cells[grid.cell_at[row][anchor.col0]]
        if cell.id in seen:
            continue
        seen.add(cell.id)
        spans.append((max(cell.row0, header_rows), cell.row1))

    owner_of_col = {}
    for column in [*columns, *unmapped]:
        for col in range(column.col0, column.col1 + 1):
            owner_of_col[col] = column

    cells_of, cell_at = grid.cells, grid.cell_at

    def row_cell(column: ColumnSpan, row0: int, row1: int) -> RowCell | None:
        # The distinct cells of the rows and columns, row by row; a cell spanning several columns
        # belongs to the first column it covers.
        if row0 == row1 and column.col0 == column.col1:  # most rows and columns: one fine cell
            found = [cells_of[cell_at[row0][column.col0]]]
        else:
            found = list(map(cells_of.__getitem__, dict.fromkeys(ident for line in cell_at[row0 : row1 + 1] for ident in line[column.col0 : column.col1 + 1])))
        found = [cell for cell in found if owner_of_col.get(cell.col0) is column]
        if not found:
            return None
        first, last = found[0], found[-1]
        return RowCell(
            text=texts.get(first.id, "") if len(found) == 1 else "\n".join(t for t in (texts.get(c.id, "") for c in found) if t),
            cell=first,
            starts_here=first.row0 >= row0,
            ends_here=last.row1 <= row1,
            pieces=len(found),
            confidence=min((confidences[c.id] for c in found if c.id in confidences), default=-1.0) if confidences else -1.0,
        )

    rows = []
    for index, (row0, row1) in enumerate(spans):
        cells = {column.field: cell for column in columns if (cell := row_cell(column, row0, row1)) is not None}
        others = {column.field: cell for column in unmapped if (cell := row_cell(column, row0, row1)) is not None}
        bbox = (grid.xs[0], grid.ys[row0], grid.xs[-1], grid.ys[row1 + 1])
        rows.append(BodyRow(index, row0, row1, bbox, cells, others))
    values = set(_value_columns(rows, list(unmapped)))
    return [replace(row, unmapped={name: cell for name, cell in row.unmapped.items() if name in values}) for row in rows]
