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

import cv2
import numpy as np
import pypdfium2 as pdfium
from scipy.spatial import cKDTree

from rekon.extract.geometry import PageGeometry, Segment
from rekon.extract.grid import build_grid
from rekon.extract.ocr.cells import reread_confused_cells, reread_empty_cells, reread_header_cells
from rekon.extract.ocr.confidence import LOW_CONFIDENCE
from rekon.extract.ocr.confirm import confirm_numbers, known_tokens, outvoting, readings_needed
from rekon.extract.ocr.tesseract import read_words
from rekon.extract.ocr.glyphs import chars_of
from rekon.extract.ocr.header_split import split_header_cells
from rekon.extract.ocr.image import RENDER_DPI, despeckle, deskew, ink, native_dpi, skew_degrees, turn
from rekon.extract.ocr.marks import take_out, withheld_under, without_strokes
from rekon.extract.ocr.paper import flatten, render_colour
from rekon.extract.ocr.rulings import find_rulings

ORIENTATION_DPI = 150  # letters of small print still stand apart: which way the text runs is seen
MIN_GLYPH_INCH, MAX_GLYPH_INCH = 0.03, 0.25  # a letter's or digit's larger side; smaller is a speck, larger a mark
MIN_GLYPHS = 20  # fewer tell nothing of the page's orientation
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
    marks_removed: int = 0  # stamps, signatures taken out of the image
    marks_kept: int = 0  # marks that could not be: what was read under them is withheld


def ocr_page(page: pdfium.PdfPage, number: int, vector_segments: tuple[Segment, ...] = (), dpi: int = RENDER_DPI) -> PageGeometry:
    flat = flatten(render_colour(page, dpi), dpi)
    image, chroma = flat.grey, flat.chroma
    scan_dpi = native_dpi(page) or dpi
    image = despeckle(image, max(1, min(MAX_SPECK_PX, round(SPECK_SCAN_PIXELS * (dpi / scan_dpi) ** 2))))
    # Level first: the orientation is told by how sharp the text lines are, which a skew blurs.
    skew = skew_degrees(ink(image))
    image = deskew(image, skew)
    rotation = upright_turn(image, dpi)
    image = turn(image, rotation)
    if chroma is not None:
        chroma = turn(deskew(chroma, skew, fill=0), rotation)
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, dpi, image)
    rulings_from = "image"
    if rotation == 0 and abs(skew) < 0.05 and _has_grid(vector_segments):
        segments, rulings_from = list(vector_segments), "pdf"
    # Stamps and signatures out (in place), before anything is read; those that cannot be are kept apart.
    found = take_out(image, chroma, marks, ruling_pixels, dpi)
    segments = without_strokes(segments, found.areas, dpi)
    marks &= (image < 255).astype(np.uint8) * 255
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    words = read_words(clean)
    if rulings_from == "image":
        segments = split_header_cells(segments, words, 72 / dpi)
    grid = build_grid(segments)
    text_ink = marks & ~ruling_pixels
    words = reread_confused_cells(clean, text_ink, grid, words, dpi)
    words = reread_header_cells(clean, text_ink, grid, words, dpi)
    extra = reread_empty_cells(clean, text_ink, grid, words, dpi)
    words = known_tokens(confirm_numbers(clean, text_ink, grid, words + extra, dpi, LOW_CONFIDENCE,
                                         readings_needed(scan_dpi), outvoting(scan_dpi)))
    words = withheld_under(words, found, LOW_CONFIDENCE)
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
        extra={"ocr": OcrInfo(rotation, round(skew, 2), rulings_from, len(words), len(extra), found.removed, len(found.kept))},
    )


def across_share(marks: np.ndarray, dpi: int) -> float | None:
    """The share of glyphs whose nearest glyph lies beside them rather than above or below.

    Letters of a word and digits of a number stand closer side by side than the
    lines of text do one above the other, wherever the lines start: close to 1
    on an upright page, close to 0 on one lying on its side. (The ink's row and
    column profiles were compared before: many rows of wrapped text left-aligned
    in narrow columns, as a Word table prints them, line up in columns more
    sharply than in rows.) None when the page holds too few glyphs to tell.
    """
    _, ruling_pixels = find_rulings(marks, dpi)
    _, _, stats, centres = cv2.connectedComponentsWithStats(marks & ~ruling_pixels, connectivity=8)
    size = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    glyphs = centres[1:][(size >= MIN_GLYPH_INCH * dpi) & (size <= MAX_GLYPH_INCH * dpi)]
    if len(glyphs) < MIN_GLYPHS:
        return None
    _, nearest = cKDTree(glyphs).query(glyphs, k=2)
    offsets = np.abs(glyphs[nearest[:, 1]] - glyphs)
    return float(np.mean(offsets[:, 0] > offsets[:, 1]))


def upright_turn(image: np.ndarray, dpi: int) -> int:
    """Degrees to turn the page clockwise so that its text stands upright: 0, 90 or 270.

    A page whose glyphs mostly have their nearest neighbour above or below lies
    on its side (across_share). Which side is told by reading a piece of it both
    ways: the way Tesseract is surer of more words is upright. (Tesseract's own
    orientation detection was tried: on these dense small-print tables it is
    slow and often wrong.) A page upside down is not detected.
    """
    scale = min(1.0, ORIENTATION_DPI / dpi)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    share = across_share(ink(small), round(dpi * scale))
    if share is None or share >= 0.5:
        return 0
    height, width = image.shape
    piece = image[height // 4 : 3 * height // 4, width // 4 : 3 * width // 4]
    return max((90, 270), key=lambda degrees: _reading_score(turn(piece, degrees)))


def _reading_score(image: np.ndarray) -> float:
    """How well a piece of page reads: the confidence summed over words of three letters or more."""
    return sum(w.confidence for w in read_words(image) if sum(c.isalnum() for c in w.text) >= 3)


def _has_grid(segments: tuple[Segment, ...]) -> bool:
    return sum(s.horizontal for s in segments) >= 2 and sum(not s.horizontal for s in segments) >= 2
