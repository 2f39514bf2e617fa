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
from functools import partial
from typing import NamedTuple

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

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


class Cell(NamedTuple):
    """A (possibly merged) cell: fine rows row0..row1 and fine columns col0..col1, inclusive.
    A named tuple, made without a Python-level __init__: a page has hundreds of cells."""

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


_new_cell = partial(tuple.__new__, Cell)


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


def _drawn_shares(drawn: list[list[tuple[float, float]]], line: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For every i, the share of the stretch start[i]..end[i] of line ``line[i]`` that its drawn
    intervals (sorted and disjoint: ``_union``) cover; 1 for a stretch of no length. Each line's
    intervals are added one after another (an interval a stretch misses adds 0.0)."""
    most = max(map(len, drawn), default=0)
    intervals = np.full((len(drawn), most, 2), np.inf)  # padding: an interval past every end
    for index, line_intervals in enumerate(drawn):
        if line_intervals:
            intervals[index, : len(line_intervals)] = line_intervals
    own = intervals[line]
    overlaps = np.maximum(np.minimum(own[:, :, 1], end[:, None]) - np.maximum(own[:, :, 0], start[:, None]), 0.0)
    covered = overlaps.cumsum(axis=1)[:, -1] if most else np.zeros(len(line))  # cumsum: added one after another
    length = end - start
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(length <= 0, 1.0, covered / length)


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
    x, y = np.asarray(xs), np.asarray(ys)
    # Fine cells (numbered row by row) are joined across every inner line stretch drawn less than
    # MIN_COVERAGE: a merged cell is a connected set of fine cells.
    fine = np.arange(n_rows * n_cols).reshape(n_rows, n_cols)
    rows, cols = np.divmod(fine, n_cols)
    below, right = (rows < n_rows - 1), (cols < n_cols - 1)
    open_below = _drawn_shares(h_drawn, rows[below] + 1, x[cols[below]], x[cols[below] + 1]) < min_coverage
    open_right = _drawn_shares(v_drawn, cols[right] + 1, y[rows[right]], y[rows[right] + 1]) < min_coverage
    sources = np.concatenate((fine[right][open_right], fine[below][open_below]))
    targets = np.concatenate((fine[right][open_right] + 1, fine[below][open_below] + n_cols))
    graph = coo_matrix((np.ones(len(sources), dtype=np.int8), (sources, targets)), shape=(fine.size, fine.size))
    _, labels = connected_components(graph, directed=False)
    # Cells numbered in reading order of their top-left fine cell, so ids are stable.
    count = labels.max() + 1
    firsts = np.full(count, fine.size)
    np.minimum.at(firsts, labels, fine.ravel())
    cell_of = np.empty(count, dtype=np.int64)
    cell_of[np.argsort(firsts)] = np.arange(count)
    ids = cell_of[labels]
    row0, col0 = np.full(count, n_rows), np.full(count, n_cols)
    row1, col1 = np.full(count, -1), np.full(count, -1)
    np.minimum.at(row0, ids, rows.ravel())
    np.maximum.at(row1, ids, rows.ravel())
    np.minimum.at(col0, ids, cols.ravel())
    np.maximum.at(col1, ids, cols.ravel())
    rectangular = np.bincount(ids, minlength=count) == (row1 - row0 + 1) * (col1 - col0 + 1)
    open_top = _drawn_shares(h_drawn, row0, x[col0], x[col1 + 1]) < min_coverage
    open_bottom = _drawn_shares(h_drawn, row1 + 1, x[col0], x[col1 + 1]) < min_coverage
    fields = zip(range(count), *(a.tolist() for a in (row0, row1, col0, col1, x[col0], y[row0], x[col1 + 1], y[row1 + 1], open_top, open_bottom, rectangular)))
    return Grid(xs, ys, list(map(_new_cell, fields)), ids.reshape(n_rows, n_cols).tolist())
