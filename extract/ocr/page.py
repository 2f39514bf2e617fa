"""One scanned page read by OCR into the geometry every backend yields: glyphs with boxes, rulings.

The page is rendered, cleaned of specks, deskewed and turned upright. Rulings come from the image (or from the PDF's own
vector paths, when a scan carries them and the image was not turned); they
are erased before OCR so that Tesseract does not read a border as `|` or `1`.
Tesseract drops some lone short words on a busy page (a `4` alone in its
cell), so every cell of the grid that holds ink but no word is read again on
its own, all such cells in one call, from a sheet of their crops. Every
number is read again from its crop by other means (another language model, a
binarised enlargement): a number stands only when two readings agree on it.
Each glyph keeps its word's confidence; coordinates are points of the upright
page (72 per inch), origin top left, as for a text layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np
import pypdfium2 as pdfium

from rekon.extract.geometry import Char, PageGeometry, Segment
from rekon.extract.grid import build_grid
from rekon.extract.ocr.cells import reread_confused_cells, reread_empty_cells
from rekon.extract.ocr.confidence import LOW_CONFIDENCE
from rekon.extract.ocr.confirm import confirm_numbers, known_tokens, readings_needed
from rekon.extract.ocr.engine import Word, read_words
from rekon.extract.ocr.image import RENDER_DPI, despeckle, deskew, ink, native_dpi, render, skew_degrees, turn
from rekon.extract.ocr.rulings import find_rulings

ORIENTATION_DPI = 100  # enough to see which way the text lines run
SPECK_SCAN_PIXELS = 2  # a dark speck of at most this many of the scan's own pixels is noise
# ... and of at most this many pixels of the rendered page: in a coarse scan (150 dpi) one scan
# pixel is a period, or the tail that makes a comma of it, and must stay.
MAX_SPECK_PX = 2


@dataclass(frozen=True)
class OcrInfo:
    rotation: int  # degrees turned clockwise to stand upright
    skew: float  # degrees corrected
    rulings_from: str  # "image" or "pdf"
    words: int
    reread_cells: int


def ocr_page(page: pdfium.PdfPage, number: int, vector_segments: tuple[Segment, ...] = (), dpi: int = RENDER_DPI) -> PageGeometry:
    image = render(page, dpi)
    scan_dpi = native_dpi(page) or dpi
    image = despeckle(image, max(1, min(MAX_SPECK_PX, round(SPECK_SCAN_PIXELS * (dpi / scan_dpi) ** 2))))
    # Level first: the orientation is told by how sharp the text lines are, which a skew blurs.
    skew = skew_degrees(ink(image))
    image = deskew(image, skew)
    rotation = upright_turn(image, dpi)
    image = turn(image, rotation)
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, dpi)
    rulings_from = "image"
    if rotation == 0 and abs(skew) < 0.05 and _has_grid(vector_segments):
        segments, rulings_from = list(vector_segments), "pdf"
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    words = read_words(clean)
    grid = build_grid(segments)
    text_ink = marks & ~ruling_pixels
    words = reread_confused_cells(clean, text_ink, grid, words, dpi)
    extra = reread_empty_cells(clean, text_ink, grid, words, dpi)
    words = known_tokens(confirm_numbers(clean, text_ink, grid, words + extra, dpi, LOW_CONFIDENCE, readings_needed(scan_dpi)))
    height, width = image.shape
    to_points = 72 / dpi
    return PageGeometry(
        number=number,
        width=width * to_points,
        height=height * to_points,
        chars=tuple(chars_of(words, to_points)),
        segments=tuple(segments),
        image_count=1,
        rotation=rotation,
        extra={"ocr": OcrInfo(rotation, round(skew, 2), rulings_from, len(words), len(extra))},
    )


def _row_sharpness(marks: np.ndarray) -> float:
    rows = marks.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(rows) ** 2)) / marks.shape[1] ** 2


def upright_turn(image: np.ndarray, dpi: int) -> int:
    """Degrees to turn the page clockwise so that its text stands upright: 0, 90 or 270.

    Text lines make the ink's row profile much sharper than its column profile
    (rulings, which run both ways, left out), so a page whose columns are the
    sharper lies on its side. Which side is told by reading a piece of it both
    ways: the way Tesseract is surer of more words is upright. (Tesseract's own
    orientation detection was tried: on these dense small-print tables it is
    slow and often wrong.) A page upside down is not detected.
    """
    scale = ORIENTATION_DPI / dpi
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    marks = ink(small)
    _, ruling_pixels = find_rulings(marks, ORIENTATION_DPI)
    text = marks & ~ruling_pixels
    if _row_sharpness(text) >= _row_sharpness(text.T):
        return 0
    height, width = image.shape
    piece = image[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4]
    return max((90, 270), key=lambda degrees: _reading_score(turn(piece, degrees)))


def _reading_score(image: np.ndarray) -> float:
    """How well a piece of page reads: the confidence summed over words of three letters or more."""
    return sum(w.confidence for w in read_words(image) if sum(c.isalnum() for c in w.text) >= 3)


def _has_grid(segments: tuple[Segment, ...]) -> bool:
    return sum(s.horizontal for s in segments) >= 2 and sum(not s.horizontal for s in segments) >= 2


def _baselines(words: list[Word]) -> dict[int, float]:
    """A shared baseline for the words of one printed line (by index into words).

    Tesseract's line may join words of neighbouring cells printed at other
    heights, so its words are split where their centres part by more than half
    a word's height; each part's baseline is the median of its word bottoms.
    """
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(words):
        by_line.setdefault(word.line, []).append(index)
    baselines: dict[int, float] = {}
    for members in by_line.values():
        members.sort(key=lambda i: (words[i].top + words[i].bottom) / 2)
        typical = median(words[i].height for i in members)
        parts: list[list[int]] = [[members[0]]]
        for previous, index in zip(members, members[1:]):
            gap = (words[index].top + words[index].bottom) / 2 - (words[previous].top + words[previous].bottom) / 2
            if gap > 0.5 * typical:
                parts.append([])
            parts[-1].append(index)
        for part in parts:
            base = median(words[i].bottom for i in part)
            baselines.update(dict.fromkeys(part, base))
    return baselines


def chars_of(words: list[Word], to_points: float) -> list[Char]:
    """Each word's characters, spread evenly over its box, carrying its confidence."""
    baselines = _baselines(words)
    chars = []
    for index, word in enumerate(words):
        step = word.width / len(word.text)
        top, bottom, base = word.top * to_points, word.bottom * to_points, baselines[index] * to_points
        for position, text in enumerate(word.text):
            x0 = (word.left + position * step) * to_points
            chars.append(Char(text, x0, x0 + step * to_points, top, bottom, base, word.confidence))
    return chars
