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


def _runs(mask: np.ndarray, horizontal: bool, dpi: int) -> tuple[list[tuple[float, float, float, int]], np.ndarray]:
    """(position, start, end, component labels) in pixels of each thin connected run of a line mask, and the labels."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    runs = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        thickness, along = (h, w) if horizontal else (w, h)
        if thickness > MAX_THICKNESS_INCH * dpi or along < MIN_LENGTH_INCH * dpi:
            continue
        if horizontal:
            runs.append((y + h / 2, float(x), float(x + w), (label,)))
        else:
            runs.append((x + w / 2, float(y), float(y + h), (label,)))
    return runs, labels


def _joined(runs: list, slack: float) -> list:
    """Pieces of one ruling (about the same position, end to end across a small gap) as one run."""
    lines: list[list] = []
    for run in sorted(runs):
        if lines and run[0] - lines[-1][-1][0] <= slack / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    joined = []
    for pieces in lines:
        pieces.sort(key=lambda r: r[1])
        current = pieces[0]
        for piece in pieces[1:]:
            if piece[1] - current[2] <= slack:
                current = (current[0], current[1], max(current[2], piece[2]), current[3] + piece[3])
            else:
                joined.append(current)
                current = piece
        joined.append(current)
    return joined


def _meets(position: float, end: float, crossing: list, slack: float) -> bool:
    """Whether a run's end lies on one of the crossing runs (within slack)."""
    return any(abs(c_pos - end) <= slack and c_start - slack <= position <= c_end + slack for c_pos, c_start, c_end, _ in crossing)


def _framed(runs: list, crossing: list, slack: float, reach: float) -> list:
    """Runs whose two ends each meet a crossing run, or reach the table's edge.

    A table cut by the page break has no border along its cut: its verticals end
    at the table's edge on nothing. A bar of dashes ends inside its cell. A long
    ruling (a quarter of the table or more) whose end stops short of a crossing
    within ``reach`` (a piece lost to the scan) is drawn on to it.
    """
    if not runs:
        return runs
    first, last = min(run[1] for run in runs), max(run[2] for run in runs)
    long_run = 0.25 * (last - first)
    kept = []
    for position, start, end, labels in runs:
        ends = []
        for at, edge in ((start, first), (end, last)):
            if _meets(position, at, crossing, slack) or abs(at - edge) <= slack:
                ends.append(at)
                continue
            near = [c for c in crossing if abs(c[0] - at) <= reach and c[1] - slack <= position <= c[2] + slack]
            if end - start >= long_run and near:
                ends.append(min(near, key=lambda c: abs(c[0] - at))[0])
        if len(ends) == 2:
            kept.append((position, min(ends), max(ends), labels))
    return kept


def _pixels(labels: np.ndarray, runs: list, across: tuple[int, int]) -> np.ndarray:
    """The pixels of the kept runs, widened across the line by its grey edge."""
    mask = np.isin(labels, [label for *_, labels_of_run in runs for label in labels_of_run]).astype(np.uint8) * 255
    return cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, across))


def find_rulings(marks: np.ndarray, dpi: int) -> tuple[list[Segment], np.ndarray]:
    """Rulings in PDF points (72 per inch) and the mask of their pixels (to erase before OCR)."""
    horizontal_mask, vertical_mask = line_masks(marks, dpi)
    horizontal, horizontal_labels = _runs(horizontal_mask, True, dpi)
    vertical, vertical_labels = _runs(vertical_mask, False, dpi)
    slack = END_SLACK_INCH * dpi
    horizontal, vertical = _joined(horizontal, slack), _joined(vertical, slack)
    # Twice: dropping a floating bar may leave another run that ended on it floating in turn.
    reach = MIN_LENGTH_INCH * dpi
    for _ in range(2):
        horizontal, vertical = _framed(horizontal, vertical, slack, reach), _framed(vertical, horizontal, slack, reach)
    to_points = 72 / dpi
    segments = [Segment(True, p * to_points, s * to_points, e * to_points) for p, s, e, _ in horizontal]
    segments += [Segment(False, p * to_points, s * to_points, e * to_points) for p, s, e, _ in vertical]
    # Only the rulings' own pixels are erased, with their grey edge (left standing, it reads as a
    # row of dots); digits printed against a border keep their strokes. A bar of dashes is text.
    edge = max(1, round(dpi / 150))
    mask = _pixels(horizontal_labels, horizontal, (1, 2 * edge + 1)) | _pixels(vertical_labels, vertical, (2 * edge + 1, 1))
    return segments, mask
