"""One scanned page read by OCR into the geometry every backend yields: glyphs with boxes, rulings.

The page is rendered, turned upright (Tesseract's orientation detection),
denoised and deskewed. Rulings come from the image (or from the PDF's own
vector paths, when a scan carries them and the image was not turned); they
are erased before OCR so that Tesseract does not read a border as `|` or `1`.
Tesseract drops some lone short words on a busy page (a `4` alone in its
cell), so every cell of the grid that holds ink but no word is read again on
its own, all such cells in one call, from a sheet of their crops.
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
from rekon.extract.grid import Grid, build_grid
from rekon.extract.ocr.engine import Word, read_words, rotation_of
from rekon.extract.ocr.image import RENDER_DPI, despeckle, deskew, ink, native_dpi, render, skew_degrees, turn
from rekon.extract.ocr.rulings import find_rulings

OSD_SCALE = 0.33  # orientation is told as well from a third-size image, in a fraction of the time
SPECK_SCAN_PIXELS = 2  # a dark speck of at most this many of the scan's own pixels is noise
CELL_INSET_PX = 4  # a cell's edge pixels are its borders' anti-aliasing, not its content
MIN_INK_SHARE = 0.002  # a cell with less dark area than this is empty (scanner dust)
SHEET_GAP_PX = 24


@dataclass(frozen=True)
class OcrInfo:
    rotation: int  # degrees turned clockwise to stand upright
    skew: float  # degrees corrected
    rulings_from: str  # "image" or "pdf"
    words: int
    reread_cells: int


def ocr_page(page: pdfium.PdfPage, number: int, vector_segments: tuple[Segment, ...] = (), dpi: int = RENDER_DPI) -> PageGeometry:
    image = render(page, dpi)
    small = cv2.resize(image, None, fx=OSD_SCALE, fy=OSD_SCALE, interpolation=cv2.INTER_AREA)
    rotation = rotation_of(small)
    scan_dpi = native_dpi(page) or dpi
    image = despeckle(turn(image, rotation), max(1, round(SPECK_SCAN_PIXELS * (dpi / scan_dpi) ** 2)))
    skew = skew_degrees(ink(image))
    image = deskew(image, skew)
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, dpi)
    rulings_from = "image"
    if rotation == 0 and abs(skew) < 0.05 and _has_grid(vector_segments):
        segments, rulings_from = list(vector_segments), "pdf"
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    words = read_words(clean)
    grid = build_grid(segments)
    extra = reread_empty_cells(clean, marks & ~ruling_pixels, grid, words, dpi)
    words += extra
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


def _has_grid(segments: tuple[Segment, ...]) -> bool:
    return sum(s.horizontal for s in segments) >= 2 and sum(not s.horizontal for s in segments) >= 2


def _cell_box_px(cell, to_px: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    height, width = shape
    x0 = max(0, int(cell.x0 * to_px) + CELL_INSET_PX)
    y0 = max(0, int(cell.top * to_px) + CELL_INSET_PX)
    x1 = min(width, int(cell.x1 * to_px) - CELL_INSET_PX)
    y1 = min(height, int(cell.bottom * to_px) - CELL_INSET_PX)
    return x0, y0, x1, y1


def reread_empty_cells(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int) -> list[Word]:
    """Words of the grid's cells that hold ink but no word yet, read from one sheet of their crops."""
    to_px = dpi / 72
    crops: list[tuple[int, int, np.ndarray]] = []  # page x, page y of the crop, the crop
    for cell in grid.cells:
        x0, y0, x1, y1 = _cell_box_px(cell, to_px, clean.shape)
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        if np.count_nonzero(text_ink[y0:y1, x0:x1]) < MIN_INK_SHARE * (x1 - x0) * (y1 - y0):
            continue
        if any(x0 <= (w.left + w.right) / 2 < x1 and y0 <= (w.top + w.bottom) / 2 < y1 for w in words):
            continue
        # Trim to the ink, so the sheet holds text and little paper.
        ys, xs = np.nonzero(text_ink[y0:y1, x0:x1])
        pad = 6
        cx0, cy0 = max(x0, x0 + xs.min() - pad), max(y0, y0 + ys.min() - pad)
        cx1, cy1 = min(x1, x0 + xs.max() + pad + 1), min(y1, y0 + ys.max() + pad + 1)
        crops.append((cx0, cy0, clean[cy0:cy1, cx0:cx1]))
    if not crops:
        return []
    width = max(c.shape[1] for _, _, c in crops) + 2 * SHEET_GAP_PX
    height = sum(c.shape[0] + SHEET_GAP_PX for _, _, c in crops) + SHEET_GAP_PX
    sheet = np.full((height, width), 255, dtype=np.uint8)
    places = []  # (sheet top, sheet bottom, page x offset, page y offset)
    top = SHEET_GAP_PX
    for x, y, crop in crops:
        h, w = crop.shape
        sheet[top : top + h, SHEET_GAP_PX : SHEET_GAP_PX + w] = crop
        places.append((top, top + h, x - SHEET_GAP_PX, y - top))
        top += h + SHEET_GAP_PX
    found = []
    for word in read_words(sheet):
        centre = (word.top + word.bottom) / 2
        place = next((p for p in places if p[0] - SHEET_GAP_PX / 2 <= centre < p[1] + SHEET_GAP_PX / 2), None)
        if place is None:
            continue
        _, _, dx, dy = place
        found.append(Word(word.text, word.left + dx, word.top + dy, word.width, word.height, word.confidence, (-1, places.index(place), word.line[2])))
    return found


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
