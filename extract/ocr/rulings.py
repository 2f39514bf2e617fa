"""Table rulings drawn in a scan, found with OpenCV: the same segments a text layer's paths give.

Long thin runs of ink are opened out of the image with a line-shaped kernel.
A run of hyphens (a formula's fraction bar, `-----x100`) is also long and thin,
so a ruling must also end on a ruling across it (or at the table's edge):
table borders meet at their corners and crossings, a bar of dashes floats
inside its cell.
"""

from __future__ import annotations

import cv2
import numpy as np

from rekon.extract.geometry import Segment

MIN_LENGTH_INCH = 0.15  # shorter runs of ink are strokes of letters (a table row is taller)
MAX_THICKNESS_INCH = 0.03  # thicker runs are filled areas, not rulings
END_SLACK_INCH = 0.04  # how far a ruling's end may stop short of the ruling it meets
FAINT_INK = 235  # of 255 (paper, flattened): darker is ink, however faint ...
FAINT_SHARE = 0.9  # ... along this share of a gap, for the gap to be a ruling printed faint
# A faint ruling is darker than the paper on both its sides by this much (of 255), along most of its
# length: a strip of a coloured fill left between two letters' light halos (the bold strokes of a
# `II` on a header's fill) is as dark as the fill around it above and below the letters.
FAINT_CONTRAST = 12


def line_masks(marks: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical line pixels of an ink image (255 on 0).

    A line turned back from a skew is a staircase of one-pixel steps, so the
    ink is first thickened by a pixel across the line's direction, which joins
    the steps. It is not closed along the line: that would join the stems of
    letters on consecutive text lines into a long vertical run.
    """
    length = max(3, int(MIN_LENGTH_INCH * dpi))
    across_rows = cv2.dilate(marks, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    across_columns = cv2.dilate(marks, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1)))
    horizontal = cv2.morphologyEx(across_rows, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(across_columns, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horizontal & marks, vertical & marks


def _bands(counts: np.ndarray, length: float, thickness: float) -> list[tuple[int, int]]:
    """Rows (lo, hi) of a component's profile that hold a line: long enough, and thin enough.

    Long is also half the longest row's: a curve touching a ruling runs along it for a while.
    """
    full = counts >= max(length, 0.5 * counts.max(initial=0))
    bands, start = [], None
    for index, on in enumerate(np.append(full, False)):
        if on and start is None:
            start = index
        elif not on and start is not None:
            if index - start <= thickness:
                bands.append((start, index))
            start = None
    return bands


def _runs(mask: np.ndarray, horizontal: bool, dpi: int) -> tuple[list[tuple[float, float, float, tuple]], np.ndarray]:
    """(position, start, end, pieces) in pixels of each thin run of a line mask, and the component labels.

    A piece is (label, lo, hi): the rows (columns, for a vertical mask) of one
    component that make the run. A component thicker than a ruling is a ruling
    with something drawn against it (a signature's flourish, a stamp's ring, a
    letter's stroke): its profile across the line tells the rows that run the
    component's length, which are the ruling; the rest stays ink.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    runs = []
    thickest = MAX_THICKNESS_INCH * dpi
    shortest = MIN_LENGTH_INCH * dpi
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        thickness, along = (h, w) if horizontal else (w, h)
        if along < shortest:
            continue
        if thickness <= thickest:
            bands = [(0, thickness)]
        else:
            piece = labels[y : y + h, x : x + w] == label
            bands = _bands(piece.sum(axis=1 if horizontal else 0), shortest, thickest)
        for lo, hi in bands:
            if thickness > thickest:
                piece = labels[y : y + h, x : x + w] == label
                rows = piece[lo:hi] if horizontal else piece[:, lo:hi]
                occupied = np.flatnonzero(rows.any(axis=0 if horizontal else 1))
                first, last = int(occupied[0]), int(occupied[-1]) + 1
            else:
                first, last = 0, along
            if horizontal:
                runs.append((y + (lo + hi) / 2, float(x + first), float(x + last), ((label, y + lo, y + hi),)))
            else:
                runs.append((x + (lo + hi) / 2, float(y + first), float(y + last), ((label, x + lo, x + hi),)))
    return runs, labels


def _faint_between(grey: np.ndarray | None, horizontal: bool, position: float, start: float, end: float, dpi: int) -> bool:
    """Whether faint ink runs all along the line from start to end: a ruling the copy printed too light for the threshold."""
    if grey is None or end <= start:
        return False
    half = max(2, round(dpi / 100))
    at, a, b = int(round(position)), int(start), int(end)
    band = grey[max(0, at - half) : at + half + 1, a:b] if horizontal else grey[a:b, max(0, at - half) : at + half + 1].T
    if band.size == 0:
        return False
    return float(np.mean(band.min(axis=0) < FAINT_INK)) >= FAINT_SHARE


def _joined(runs: list, slack: float, faint=lambda position, start, end: False) -> list:
    """Pieces of one ruling (about the same position, end to end across a small gap, or a faint one) as one run."""
    lines: list[list] = []
    for run in sorted(runs):
        # Compared with the line's first piece, not its last: pieces drifting step by step
        # (a signature's arc) make no straight ruling.
        if lines and run[0] - lines[-1][0][0] <= slack / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    joined = []
    for pieces in lines:
        pieces.sort(key=lambda r: r[1])
        current = pieces[0]
        for piece in pieces[1:]:
            if piece[1] - current[2] <= slack or faint(current[0], current[2], piece[1]):
                current = (current[0], current[1], max(current[2], piece[2]), current[3] + piece[3])
            else:
                joined.append(current)
                current = piece
        joined.append(current)
    return joined


def _meets(position: float, end: float, crossing: list, slack: float) -> bool:
    """Whether a run's end lies on one of the crossing runs (within slack)."""
    return any(abs(c_pos - end) <= slack and c_start - slack <= position <= c_end + slack for c_pos, c_start, c_end, _ in crossing)


def _crossings(position: float, start: float, end: float, crossing: list, slack: float) -> int:
    """How many crossing runs this run passes through between its ends."""
    return sum(1 for c_pos, c_start, c_end, _ in crossing if start + slack < c_pos < end - slack and c_start - slack <= position <= c_end + slack)


def _framed(runs: list, crossing: list, slack: float, reach: float) -> list:
    """Runs whose two ends each meet a crossing run, or reach the table's edge, or that cross the table.

    A table cut by the page break has no border along its cut: its verticals end
    at the table's edge on nothing. A bar of dashes ends inside its cell. A long
    ruling (a quarter of the table or more) whose end stops short of a crossing
    within ``reach`` (a piece lost to the scan) is drawn on to it. A long run
    that passes through two crossing runs or more is a ruling wherever it ends:
    the ruling it ended on may be the one a copier lost. (Not a short one: a
    signature's flourish crosses a few rulings too.)
    """
    if not runs:
        return runs
    first, last = min(run[1] for run in runs), max(run[2] for run in runs)
    long_run = 0.25 * (last - first)
    kept = []
    for position, start, end, labels in runs:
        ends = []
        through = end - start >= long_run and _crossings(position, start, end, crossing, slack) >= 2
        for at, edge in ((start, first), (end, last)):
            if _meets(position, at, crossing, slack) or abs(at - edge) <= slack:
                ends.append(at)
                continue
            near = [c for c in crossing if abs(c[0] - at) <= reach and c[1] - slack <= position <= c[2] + slack]
            if end - start >= long_run and near:
                ends.append(min(near, key=lambda c: abs(c[0] - at))[0])
            elif through:
                ends.append(at)
        if len(ends) == 2:
            kept.append((position, min(ends), max(ends), labels))
    return kept


def _pixels(labels: np.ndarray, runs: list, horizontal: bool, across: tuple[int, int]) -> np.ndarray:
    """The pixels of the kept runs (their components' rows that make the line), widened across the line by its grey edge."""
    mask = np.zeros(labels.shape, dtype=np.uint8)
    for *_, pieces in runs:
        for label, lo, hi in pieces:
            if horizontal:
                band = labels[lo:hi]
                mask[lo:hi][band == label] = 255
            else:
                band = labels[:, lo:hi]
                mask[:, lo:hi][band == label] = 255
    return cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, across))


def find_rulings(marks: np.ndarray, dpi: int, grey: np.ndarray | None = None) -> tuple[list[Segment], np.ndarray]:
    """Rulings in PDF points (72 per inch) and the mask of their pixels (to erase before OCR).

    With the grey image, pieces of a ruling are joined across a gap where it is
    printed faint (a copier's streak) rather than not at all.
    """
    horizontal_mask, vertical_mask = line_masks(marks, dpi)
    horizontal, horizontal_labels = _runs(horizontal_mask, True, dpi)
    vertical, vertical_labels = _runs(vertical_mask, False, dpi)
    slack = END_SLACK_INCH * dpi
    horizontal = _joined(horizontal, slack, lambda p, a, b: _faint_between(grey, True, p, a, b, dpi))
    vertical = _joined(vertical, slack, lambda p, a, b: _faint_between(grey, False, p, a, b, dpi))
    # Twice: dropping a floating bar may leave another run that ended on it floating in turn.
    reach = MIN_LENGTH_INCH * dpi
    for _ in range(2):
        horizontal, vertical = _framed(horizontal, vertical, slack, reach), _framed(vertical, horizontal, slack, reach)
    faint_mask = None
    if grey is not None:
        faint_horizontal, faint_vertical, faint_mask = _faint_rulings(grey, dpi, horizontal, vertical)
        horizontal, vertical = horizontal + faint_horizontal, vertical + faint_vertical
    to_points = 72 / dpi
    segments = [Segment(True, p * to_points, s * to_points, e * to_points) for p, s, e, _ in horizontal]
    segments += [Segment(False, p * to_points, s * to_points, e * to_points) for p, s, e, _ in vertical]
    # Only the rulings' own pixels are erased, with their grey edge (left standing, it reads as a
    # row of dots); digits printed against a border keep their strokes. A bar of dashes is text.
    edge = max(1, round(dpi / 150))
    mask = _pixels(horizontal_labels, horizontal, True, (1, 2 * edge + 1)) | _pixels(vertical_labels, vertical, False, (2 * edge + 1, 1))
    return segments, mask if faint_mask is None else mask | faint_mask


def _uncovered(run: tuple, runs: list, slack: float, shortest: float) -> list[tuple[float, float, bool, bool]]:
    """The stretches of a run no run along the same line covers: (start, end, and whether each end touches one)."""
    position, start, end, _ = run
    same = sorted((s, e) for p, s, e, _ in runs if abs(p - position) <= slack and e > start - slack and s < end + slack)
    stretches, at, touching = [], start, False
    for s, e in same:
        if s - at >= shortest:
            stretches.append((at, s, touching, True))
        at, touching = max(at, e), True
    if end - at >= shortest:
        stretches.append((at, end, touching, False))
    return stretches


def _stands_out(grey: np.ndarray, horizontal: bool, run: tuple, start: float, end: float, dpi: int) -> bool:
    """Whether a faint run is a line: darker than the paper on both its sides along most of its length.

    Its own darkness is the darkest pixel across its band; each side's is read a
    little beyond the band, past its grey edge.
    """
    lo = min(piece[1] for piece in run[3])
    hi = max(piece[2] for piece in run[3])
    beyond = max(2, round(dpi / 100))
    a, b = int(start), int(end)
    oriented = grey if horizontal else grey.T
    if lo - beyond < 0 or hi + beyond >= oriented.shape[0] or b <= a:
        return False
    line = oriented[lo:hi, a:b].min(axis=0).astype(np.int16)
    before = oriented[lo - beyond, a:b].astype(np.int16)
    after = oriented[hi + beyond - 1, a:b].astype(np.int16)
    contrast = np.minimum(before, after) - line
    return float(np.mean(contrast >= FAINT_CONTRAST)) >= FAINT_SHARE


def _faint_rulings(grey: np.ndarray, dpi: int, horizontal: list, vertical: list) -> tuple[list, list, np.ndarray]:
    """Rulings printed too light for the ink threshold, the whole way between two rulings that are not.

    Found as the others, in everything darker than the paper; kept only where both
    ends meet a ruling across (no table edge, no reach): a faint run with nothing
    to frame it is a shadow or a smudge.
    """
    light = (grey < FAINT_INK).astype(np.uint8) * 255
    slack = END_SLACK_INCH * dpi
    horizontal_mask, vertical_mask = line_masks(light, dpi)
    found, masks = [], []
    for mask, is_horizontal, same, across in ((horizontal_mask, True, horizontal, vertical), (vertical_mask, False, vertical, horizontal)):
        runs, labels = _runs(mask, is_horizontal, dpi)
        kept = []
        for run in _joined(runs, slack):
            for start, end, starts_on_one, ends_on_one in _uncovered(run, same, slack, MIN_LENGTH_INCH * dpi):
                framed = (starts_on_one or _meets(run[0], start, across, slack)) and (ends_on_one or _meets(run[0], end, across, slack))
                if framed and _stands_out(grey, is_horizontal, run, start, end, dpi):
                    kept.append((run[0], start, end, run[3]))
        runs = kept
        found.append(runs)
        edge = max(1, round(dpi / 150))
        masks.append(_pixels(labels, runs, is_horizontal, (1, 2 * edge + 1) if is_horizontal else (2 * edge + 1, 1)))
    return found[0], found[1], masks[0] | masks[1]
