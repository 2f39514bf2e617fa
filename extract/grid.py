"""From ruling segments to the cell grid of a page, merged cells included.

The chain, each step a pure function:
``snap_positions`` (cluster the x of vertical and the y of horizontal rulings)
-> ``coverage`` (which stretches of each snapped line are drawn)
-> ``build_grid`` (fine cells between neighbouring lines, joined where no
border separates them: a merged cell is a set of fine cells without borders
between them).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rekon.extract.geometry import Segment
from rekon.extract.tolerances import DEFAULT, current_tolerances

# The defaults of current_tolerances().grid (extract/tolerances.py: snap, join, min_coverage), importable here as before.
SNAP_TOLERANCE, JOIN_TOLERANCE, MIN_COVERAGE = DEFAULT.grid.snap, DEFAULT.grid.join, DEFAULT.grid.min_coverage


def snap_positions(values: list[float], tolerance: float | None = None) -> list[float]:
    """Cluster sorted positions (closer than `tolerance`, the grid's snap by default); each cluster becomes its mean."""
    tolerance = current_tolerances().grid.snap if tolerance is None else tolerance
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _nearest(lines: list[float], value: float) -> int:
    index = bisect.bisect_left(lines, value)
    candidates = [i for i in (index - 1, index) if 0 <= i < len(lines)]
    return min(candidates, key=lambda i: abs(lines[i] - value))


def _union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    join = current_tolerances().grid.join
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + join:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def coverage(segments: list[Segment], lines: list[float]) -> list[list[tuple[float, float]]]:
    """For each snapped line, the drawn intervals along it."""
    drawn: list[list[tuple[float, float]]] = [[] for _ in lines]
    for segment in segments:
        drawn[_nearest(lines, segment.position)].append((segment.start, segment.end))
    return [_union(intervals) for intervals in drawn]


def _drawn_share(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    length = end - start
    if length <= 0:
        return 1.0
    covered = 0.0
    for s, e in intervals:  # sorted and disjoint (_union): stop past the end
        if s >= end:
            break
        if e > start:
            covered += min(e, end) - max(s, start)
    return covered / length


@dataclass(frozen=True)
class Cell:
    """A (possibly merged) cell: fine rows row0..row1 and fine columns col0..col1, inclusive."""

    id: int
    row0: int
    row1: int
    col0: int
    col1: int
    x0: float
    top: float
    x1: float
    bottom: float
    open_top: bool  # no border drawn along its top edge
    open_bottom: bool  # no border drawn along its bottom edge
    rectangular: bool = True


@dataclass(frozen=True)
class Grid:
    xs: list[float]  # vertical line positions, left to right
    ys: list[float]  # horizontal line positions, top to bottom
    cells: list[Cell]
    cell_at: list[list[int]]  # [fine row][fine column] -> cell id

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def cols(self) -> int:
        return len(self.xs) - 1

    def locate(self, x: float, y: float) -> Cell | None:
        """The cell holding point (x, y), or None outside the grid."""
        if not self.xs or not (self.xs[0] <= x < self.xs[-1] and self.ys[0] <= y < self.ys[-1]):
            return None
        col = bisect.bisect_right(self.xs, x) - 1
        row = bisect.bisect_right(self.ys, y) - 1
        return self.cells[self.cell_at[row][col]]


EMPTY_GRID = Grid([], [], [], [])


def build_grid(segments: list[Segment]) -> Grid:
    horizontal = [s for s in segments if s.horizontal]
    vertical = [s for s in segments if not s.horizontal]
    if len(horizontal) < 2 or len(vertical) < 2:
        return EMPTY_GRID
    ys = snap_positions([s.position for s in horizontal])
    xs = snap_positions([s.position for s in vertical])
    if len(xs) < 2 or len(ys) < 2:
        return EMPTY_GRID
    min_coverage = current_tolerances().grid.min_coverage
    h_drawn = coverage(horizontal, ys)
    v_drawn = coverage(vertical, xs)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1

    def border_below(row: int, col: int) -> bool:  # between fine rows row and row+1
        return _drawn_share(h_drawn[row + 1], xs[col], xs[col + 1]) >= min_coverage

    def border_right(row: int, col: int) -> bool:  # between fine columns col and col+1
        return _drawn_share(v_drawn[col + 1], ys[row], ys[row + 1]) >= min_coverage

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in range(n_rows):
        for col in range(n_cols):
            here = row * n_cols + col
            if col + 1 < n_cols and not border_right(row, col):
                parent[find(here)] = find(here + 1)
            if row + 1 < n_rows and not border_below(row, col):
                parent[find(here)] = find(here + n_cols)

    members: dict[int, list[tuple[int, int]]] = {}
    for row in range(n_rows):
        for col in range(n_cols):
            members.setdefault(find(row * n_cols + col), []).append((row, col))

    cells: list[Cell] = []
    cell_at = [[0] * n_cols for _ in range(n_rows)]
    # Number cells in reading order of their top-left fine cell, so ids are stable.
    for root in sorted(members, key=lambda r: min(members[r])):
        fine = members[root]
        rows = [r for r, _ in fine]
        cols = [c for _, c in fine]
        row0, row1, col0, col1 = min(rows), max(rows), min(cols), max(cols)
        cell_id = len(cells)
        for r, c in fine:
            cell_at[r][c] = cell_id
        cells.append(
            Cell(
                id=cell_id,
                row0=row0,
                row1=row1,
                col0=col0,
                col1=col1,
                x0=xs[col0],
                top=ys[row0],
                x1=xs[col1 + 1],
                bottom=ys[row1 + 1],
                open_top=_drawn_share(h_drawn[row0], xs[col0], xs[col1 + 1]) < min_coverage,
                open_bottom=_drawn_share(h_drawn[row1 + 1], xs[col0], xs[col1 + 1]) < min_coverage,
                rectangular=len(fine) == (row1 - row0 + 1) * (col1 - col0 + 1),
            )
        )
    return Grid(xs, ys, cells, cell_at)
