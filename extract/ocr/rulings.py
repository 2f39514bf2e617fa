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

    No closing first: it would join the stems of letters on consecutive text
    lines into a long vertical run. A ruling broken by the scan is found in
    pieces, and the grid joins pieces along one line.
    """
    length = max(3, int(MIN_LENGTH_INCH * dpi))
    horizontal = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horizontal, vertical


def _runs(mask: np.ndarray, horizontal: bool, dpi: int) -> tuple[list[tuple[float, float, float, int]], np.ndarray]:
    """(position, start, end, component label) in pixels of each thin connected run of a line mask, and the labels."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    runs = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        thickness, along = (h, w) if horizontal else (w, h)
        if thickness > MAX_THICKNESS_INCH * dpi or along < MIN_LENGTH_INCH * dpi:
            continue
        if horizontal:
            runs.append((y + h / 2, float(x), float(x + w), label))
        else:
            runs.append((x + w / 2, float(y), float(y + h), label))
    return runs, labels


def _meets(position: float, end: float, crossing: list, slack: float) -> bool:
    """Whether a run's end lies on one of the crossing runs (within slack)."""
    return any(abs(c_pos - end) <= slack and c_start - slack <= position <= c_end + slack for c_pos, c_start, c_end, _ in crossing)


def _framed(runs: list, crossing: list, slack: float) -> list:
    """Runs whose two ends each meet a crossing run, or reach the table's edge.

    A table cut by the page break has no border along its cut: its verticals end
    at the table's edge on nothing. A bar of dashes ends inside its cell.
    """
    if not runs:
        return runs
    first, last = min(run[1] for run in runs), max(run[2] for run in runs)
    return [
        run
        for run in runs
        if (_meets(run[0], run[1], crossing, slack) or run[1] - first <= slack)
        and (_meets(run[0], run[2], crossing, slack) or last - run[2] <= slack)
    ]


def _pixels(labels: np.ndarray, runs: list, across: tuple[int, int]) -> np.ndarray:
    """The pixels of the kept runs, widened across the line by its grey edge."""
    mask = np.isin(labels, [label for *_, label in runs]).astype(np.uint8) * 255
    return cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, across))


def find_rulings(marks: np.ndarray, dpi: int) -> tuple[list[Segment], np.ndarray]:
    """Rulings in PDF points (72 per inch) and the mask of their pixels (to erase before OCR)."""
    horizontal_mask, vertical_mask = line_masks(marks, dpi)
    horizontal, horizontal_labels = _runs(horizontal_mask, True, dpi)
    vertical, vertical_labels = _runs(vertical_mask, False, dpi)
    slack = END_SLACK_INCH * dpi
    # Twice: dropping a floating bar may leave another run that ended on it floating in turn.
    for _ in range(2):
        horizontal, vertical = _framed(horizontal, vertical, slack), _framed(vertical, horizontal, slack)
    to_points = 72 / dpi
    segments = [Segment(True, p * to_points, s * to_points, e * to_points) for p, s, e, _ in horizontal]
    segments += [Segment(False, p * to_points, s * to_points, e * to_points) for p, s, e, _ in vertical]
    # Only the rulings' own pixels are erased, with their grey edge (left standing, it reads as a
    # row of dots); digits printed against a border keep their strokes. A bar of dashes is text.
    edge = max(1, round(dpi / 150))
    mask = _pixels(horizontal_labels, horizontal, (1, 2 * edge + 1)) | _pixels(vertical_labels, vertical, (2 * edge + 1, 1))
    return segments, mask
