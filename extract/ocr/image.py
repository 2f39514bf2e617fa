"""A scanned page as a clean greyscale image: rendered, turned upright, denoised and deskewed."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium

RENDER_DPI = 300  # Tesseract reads best at about 300 dpi; a coarser scan is upsampled to it
MAX_SKEW_DEGREES = 5.0  # a steeper angle is no scanner skew but a drawing


def render(page: pdfium.PdfPage, dpi: int = RENDER_DPI) -> np.ndarray:
    """The page as printed (its /Rotate applied), greyscale."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        array = bitmap.to_numpy()
        return np.ascontiguousarray(array[:, :, 0] if array.ndim == 3 else array)
    finally:
        bitmap.close()


def turn(image: np.ndarray, clockwise_degrees: int) -> np.ndarray:
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, turns[clockwise_degrees]) if clockwise_degrees in turns else image


def native_dpi(page: pdfium.PdfPage) -> float:
    """The resolution of the page's largest image (the scan); 0 when the page holds no image."""
    best, dpi = 0.0, 0.0
    for image in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, _, right, _ = image.get_bounds()
        pixels_wide, pixels_high = image.get_px_size()
        if right - left <= 0 or pixels_wide * pixels_high <= best:
            continue
        best, dpi = pixels_wide * pixels_high, pixels_wide / ((right - left) / 72)
    return dpi


def despeckle(image: np.ndarray, speck_area: int) -> np.ndarray:
    """Isolated dark specks of at most ``speck_area`` pixels out (a speck beside a number reads as a separator).

    The area is that of one or two of the scan's own pixels: a printed period is larger,
    so it is kept (a median filter would take it with the noise).
    """
    marks = ink(image)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= speck_area)
    specks = specks[specks > 0]
    if not len(specks):
        return image
    cleaned = image.copy()
    cleaned[np.isin(labels, specks)] = 255
    return cleaned


def ink(image: np.ndarray) -> np.ndarray:
    """Dark marks as 255 on 0, by Otsu's threshold (scans are black print on paper)."""
    _, marks = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return marks


def _sharpness(marks: np.ndarray, degrees: float) -> float:
    """How sharply the ink falls into rows once turned by ``degrees``: high when lines are level."""
    height, width = marks.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    turned = cv2.warpAffine(marks, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2))


def skew_degrees(marks: np.ndarray) -> float:
    """The page's skew, by projection profiles: the angle at which ink rows (rulings and text lines) are sharpest.

    Searched coarse on a small copy, then fine on a larger one; rulings straight over the
    page's width make the fine step reliable to a few hundredths of a degree.
    """
    angle = 0.0
    for size, span, step in ((800, MAX_SKEW_DEGREES, 0.2), (2000, 0.2, 0.02)):
        scale = min(1.0, size / max(marks.shape))
        small = cv2.resize(marks, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else marks
        candidates = np.arange(angle - span, angle + span + step / 2, step)
        angle = float(max(candidates, key=lambda a: _sharpness(small, a)))
    return round(angle, 2)


def deskew(image: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    if abs(degrees) < 0.05:
        return image
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=fill)
