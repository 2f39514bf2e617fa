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

import re
from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np
import pypdfium2 as pdfium

from rekon.extract.geometry import Char, PageGeometry, Segment
from rekon.extract.grid import Grid, build_grid
from rekon.extract.numbers import SPREADSHEET_ERRORS
from rekon.extract.ocr.confidence import LOW_CONFIDENCE
from rekon.extract.ocr.engine import LANGUAGES, Word, read_words
from rekon.extract.ocr.image import RENDER_DPI, despeckle, deskew, ink, native_dpi, render, skew_degrees, turn
from rekon.extract.ocr.rulings import find_rulings

ORIENTATION_DPI = 100  # enough to see which way the text lines run
SPECK_SCAN_PIXELS = 2  # a dark speck of at most this many of the scan's own pixels is noise
# ... and of at most this many pixels of the rendered page: in a coarse scan (150 dpi) one scan
# pixel is a period, or the tail that makes a comma of it, and must stay.
MAX_SPECK_PX = 2
COARSE_SCAN_DPI = 200  # a scan coarser than this needs every reading of a number to agree
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
    words = _known_tokens(confirm_numbers(clean, text_ink, grid, words + extra, dpi, LOW_CONFIDENCE, readings_needed(scan_dpi)))
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


def readings_needed(scan_dpi: float) -> int:
    """How many readings of a number must agree: all three on a coarse scan.

    Below about 200 dpi a digit is a few pixels high, and readings of those same
    pixels agree on a wrong digit (`100` read `106` twice at 150 dpi); a third
    reading made otherwise fails otherwise, so only a number all three give stands.
    """
    return 3 if 0 < scan_dpi < COARSE_SCAN_DPI else 2


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


def _cell_box_px(cell, to_px: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    height, width = shape
    x0 = max(0, int(cell.x0 * to_px) + CELL_INSET_PX)
    y0 = max(0, int(cell.top * to_px) + CELL_INSET_PX)
    x1 = min(width, int(cell.x1 * to_px) - CELL_INSET_PX)
    y1 = min(height, int(cell.bottom * to_px) - CELL_INSET_PX)
    return x0, y0, x1, y1


def _crop(clean: np.ndarray, text_ink: np.ndarray, box: tuple[int, int, int, int], pad: int = 6) -> tuple[int, int, np.ndarray] | None:
    """The marks of a cell on white, with their page position; None for a cell without ink.

    The marks are those reaching into the cell's inset box, taken whole: a digit
    printed against the cell's border runs into the inset, and cut there its
    last stroke is lost (`108,000,000` read again as `108,000,00`). The rulings
    are already erased from ``clean`` and ``text_ink``, so nothing of them comes along.
    """
    x0, y0, x1, y1 = box
    height, width = text_ink.shape
    ox0, oy0 = max(0, x0 - CELL_INSET_PX), max(0, y0 - CELL_INSET_PX)
    ox1, oy1 = min(width, x1 + CELL_INSET_PX), min(height, y1 + CELL_INSET_PX)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(text_ink[oy0:oy1, ox0:ox1], connectivity=8)
    inner = np.unique(labels[y0 - oy0 : y1 - oy0, x0 - ox0 : x1 - ox0])
    inner = inner[inner > 0]
    if not len(inner):
        return None
    left, top = stats[inner, cv2.CC_STAT_LEFT], stats[inner, cv2.CC_STAT_TOP]
    right, bottom = left + stats[inner, cv2.CC_STAT_WIDTH], top + stats[inner, cv2.CC_STAT_HEIGHT]
    cx0, cy0, cx1, cy1 = ox0 + int(left.min()), oy0 + int(top.min()), ox0 + int(right.max()), oy0 + int(bottom.max())
    piece = cv2.copyMakeBorder(clean[cy0:cy1, cx0:cx1], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cx0 - pad, cy0 - pad, piece


def read_sheet(crops: list[tuple[int, int, np.ndarray]], whitelist: str = "", scale: float = 1.0,
               languages: tuple[str, ...] = LANGUAGES) -> list[list[Word]]:
    """Words of each crop, all crops read in one Tesseract call from a sheet of them stacked apart.

    One call, because starting Tesseract costs more than reading a small crop.
    Crops may be enlarged by ``scale`` (a lone digit reads surer larger); word
    positions are returned in the page's pixels.
    """
    if not crops:
        return []
    if scale != 1.0:
        crops = [(x, y, cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)) for x, y, crop in crops]
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
    found: list[list[Word]] = [[] for _ in crops]
    for word in read_words(sheet, whitelist=whitelist, languages=languages):
        centre = (word.top + word.bottom) / 2
        index = next((i for i, p in enumerate(places) if p[0] - SHEET_GAP_PX / 2 <= centre < p[1] + SHEET_GAP_PX / 2), None)
        if index is None:
            continue
        sheet_top, _, _, _ = places[index]
        x, y, _ = crops[index]
        left, top = x + (word.left - SHEET_GAP_PX) / scale, y + (word.top - sheet_top) / scale
        found[index].append(
            Word(word.text, round(left), round(top), round(word.width / scale), round(word.height / scale), word.confidence, (-1, index, word.line[2]))
        )
    return found


def _inside(word: Word, box: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = box
    return x0 <= (word.left + word.right) / 2 < x1 and y0 <= (word.top + word.bottom) / 2 < y1


def reread_empty_cells(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int) -> list[Word]:
    """Words of the grid's cells that hold ink but no word yet (a dash by its shape, the rest read again)."""
    to_px = dpi / 72
    typical = _digit_height(words, dpi)
    crops, dashes = [], []
    for cell in grid.cells:
        box = _cell_box_px(cell, to_px, clean.shape)
        x0, y0, x1, y1 = box
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        if np.count_nonzero(text_ink[y0:y1, x0:x1]) < MIN_INK_SHARE * (x1 - x0) * (y1 - y0):
            continue
        if any(_inside(w, box) for w in words):
            continue
        if _is_dash(text_ink[y0:y1, x0:x1], typical):
            ys, xs = np.nonzero(text_ink[y0:y1, x0:x1])
            left, top = x0 + int(xs.min()), y0 + int(ys.min())
            dashes.append(Word("-", left, top, int(xs.max()) + 1 + x0 - left, int(ys.max()) + 1 + y0 - top, LOW_CONFIDENCE, (-2, cell.id, 0)))
        elif (crop := _crop(clean, text_ink, box)) is not None:
            crops.append(crop)
    return dashes + [word for found in read_sheet(crops) for word in found]


def _overlap(a: Word, b: Word) -> float:
    """The share of the smaller word's box that the other covers."""
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / max(1, min(a.width * a.height, b.width * b.height))


def reread_confused_cells(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int) -> list[Word]:
    """Cells where Tesseract put words over each other (`Kinerj` over `inerja`) read again alone.

    Two printed words never share their place, so overlapping words mean the
    page's line finding went wrong there; read alone, the cell's lines are plain.
    """
    to_px = dpi / 72
    confused: list[tuple[list[int], tuple[int, int, np.ndarray]]] = []
    for cell in grid.cells:
        box = _cell_box_px(cell, to_px, clean.shape)
        members = [i for i, w in enumerate(words) if _inside(w, box)]
        if any(_overlap(words[i], words[j]) > 0.5 for n, i in enumerate(members) for j in members[n + 1 :]):
            if (crop := _crop(clean, text_ink, box)) is not None:
                confused.append((members, crop))
    if not confused:
        return words
    readings = read_sheet([crop for _, crop in confused])
    dropped = {i for members, _ in confused for i in members}
    kept = [w for i, w in enumerate(words) if i not in dropped]
    return kept + [w for found in readings for w in found]


def _digit_height(words: list[Word], dpi: int) -> float:
    """The typical height of a number on the page, in pixels."""
    return float(np.median([w.height for w in words if any(c.isdigit() for c in w.text)] or [dpi / 10]))


NUMBER_TEXT = re.compile(r"^[\d.,%()+\-–—]+$")
DIGITS = "0123456789.,-%()"
# What Tesseract makes of a digit when it takes it for a letter (`0` as `O`, `o`, `c`, `€`; `1` as `l`).
DIGIT_LOOKALIKES = frozenset("OoDQcC€¢eIlisSBZzgqGb")
DASHES = {"-", "–", "—"}


@dataclass(frozen=True)
class Rereading:
    """How a cell's crop is read again: enlarged, maybe binarised, with which language models."""

    scale: float
    binarise: bool
    languages: tuple[str, ...]


# Each rereading differs from the page's reading and from the other in what it is given
# and how it reads: two readings made alike fail alike.
SECOND_READING = Rereading(1.0, False, ("eng",))
THIRD_READING = Rereading(2.0, True, LANGUAGES)


def _is_dash(ink_crop: np.ndarray, typical_height: float) -> bool:
    """Whether a cell's ink is one short horizontal bar: a dash, which Tesseract reads unsure or not at all."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink_crop, connectivity=8)
    if count != 2:
        return False
    width, height = stats[1, cv2.CC_STAT_WIDTH], stats[1, cv2.CC_STAT_HEIGHT]
    # A dash scanned at 150-200 dpi may come out 3 pixels wide and 2 high; a period is as high as wide.
    return 2 * width >= 3 * height and height <= 0.3 * typical_height and width <= 1.5 * typical_height


def _plain(text: str) -> str:
    return "".join(text.split())


def _with_confidence(word: Word, confidence: float, text: str | None = None) -> Word:
    return Word(word.text if text is None else text, word.left, word.top, word.width, word.height, confidence, word.line)


def _garbled_number(text: str) -> bool:
    """Digits and separators, some perhaps read as letters that look like them (`23.1€`, `Oo`)."""
    return any(c.isdigit() or c in DIGIT_LOOKALIKES for c in text) and all(c in DIGITS or c in DIGIT_LOOKALIKES for c in text)


def _reading(words: list[Word]) -> str:
    return _plain("".join(w.text for w in sorted(words, key=lambda w: (w.top, w.left))))


def _agreed(confidences: list[float]) -> float:
    """The confidence of readings that agree: as likely wrong as all of them wrong the same way.

    Were they independent; they are not quite (one engine), which `make bench`
    checks: no agreed value may be wrong.
    """
    doubt = 1.0
    for confidence in confidences:
        doubt *= (100 - confidence) / 100
    return 100 - 100 * doubt


def _binarised(crop: np.ndarray) -> np.ndarray:
    _, black_white = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return black_white


@dataclass
class _Target:
    cell_id: int
    members: list[int]  # indexes of the page's words in the cell
    crop: tuple[int, int, np.ndarray]
    readings: list[tuple[str, float, list[Word]]]  # (text, lowest confidence, words in page pixels)


def _verdict(target: _Target, threshold: float, needed: int = 2) -> tuple[int, float] | None:
    """The reading at least ``needed`` readings agree on (index into the readings) and its confidence; None when none is sure."""
    best = None
    for index, (text, _, _) in enumerate(target.readings):
        if not text:
            continue
        agreeing = [confidence for other, confidence, _ in target.readings if other == text]
        if len(agreeing) >= needed:
            candidate = (len(agreeing), _agreed(agreeing), -index)  # ties: the earliest reading
            best = max(best, candidate) if best else candidate
    if best is None or best[1] < threshold:
        return None
    return -best[2], best[1]


def confirm_numbers(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int, threshold: float,
                    needed: int = 2) -> list[Word]:
    """Every number read again from its own crop; a value only readings that agree make sure is trusted.

    Tesseract is sometimes sure of a wrong digit on a busy page (`7.86` for
    `7.89`), and unsure of a right one (a lone `0` read `Oo`). Each cell that
    reads as a number (or as one or two characters, or as digits some of which
    came out as look-alike letters) is read a second time from its own crop,
    with Tesseract limited to digits and separators and with another language
    model than the page's (SECOND_READING). Where the page's reading and this
    one agree, the cell's confidence is that of both being wrong. Where they do
    not (or are both unsure), a third reading is made, of the crop binarised and
    enlarged (THIRD_READING): a text two of the three readings give stands, with
    their joint confidence; otherwise the page's reading stands, below the
    threshold, so no number goes to rows.csv on one uncertain reading. ``needed`` readings must agree (3 on a coarse scan: see
    `readings_needed`). A cell whose ink is a single short bar is a dash,
    whatever any reading made of it.
    """
    words = list(words)
    to_px = dpi / 72
    typical = _digit_height(words, dpi)
    targets: list[_Target] = []
    for cell in grid.cells:
        box = _cell_box_px(cell, to_px, clean.shape)
        members = sorted((i for i, w in enumerate(words) if _inside(w, box)), key=lambda i: (words[i].top, words[i].left))
        if not members:
            continue
        text = _plain(" ".join(words[i].text for i in members))
        if not (NUMBER_TEXT.match(text) or len(text) <= 2 or _garbled_number(text)):
            continue
        x0, y0, x1, y1 = box
        if len(text) <= 2 and not any(c.isalnum() for c in text) and _is_dash(text_ink[y0:y1, x0:x1], typical):
            first = members[0]
            words[first] = _with_confidence(words[first], max(words[first].confidence, threshold), "-")
            for i in members[1:]:
                words[i] = _with_confidence(words[i], words[i].confidence, "")
            continue
        if (crop := _crop(clean, text_ink, box)) is not None:
            page_reading = (text, min(words[i].confidence for i in members), [words[i] for i in members])
            targets.append(_Target(cell.id, members, crop, [page_reading]))
    _read_again(targets, SECOND_READING)
    _read_again([t for t in targets if _verdict(t, threshold, needed) is None], THIRD_READING)
    replaced: set[int] = set()
    added: list[Word] = []
    for target in targets:
        verdict = _verdict(target, threshold, needed)
        if verdict is None:
            confidence = min([confidence for _, confidence, _ in target.readings] + [threshold - 1])
            for i in target.members:
                words[i] = _with_confidence(words[i], confidence)
            continue
        index, confidence = verdict
        if index != 0 and not _garbled_number(target.readings[0][0]):
            continue  # a word (`m2`) is not outvoted by readings that could only see digits
        if index == 0:
            for i in target.members:
                words[i] = _with_confidence(words[i], confidence)
            continue
        # The page's reading was outvoted: the cell's words are those of a reading that won.
        replaced.update(target.members)
        added += [Word(w.text, w.left, w.top, w.width, w.height, confidence, (-3, target.cell_id, w.line[2])) for w in target.readings[index][2]]
    return [w for i, w in enumerate(words) if w.text and i not in replaced] + added


def _read_again(targets: list[_Target], how: Rereading) -> None:
    """One more reading of each target's crop (digits and separators only), all in one sheet."""
    crops = [(x, y, _binarised(image) if how.binarise else image) for x, y, image in (t.crop for t in targets)]
    for target, found in zip(targets, read_sheet(crops, whitelist=DIGITS, scale=how.scale, languages=how.languages)):
        target.readings.append((_reading(found), min((w.confidence for w in found), default=0.0), found))


_SPREADSHEET_ERRORS = {error.replace("0", "O"): error for error in SPREADSHEET_ERRORS}


def _known_tokens(words: list[Word]) -> list[Word]:
    """A spreadsheet error (`#DIV/0!`) read with a letter O for its zero is that error.

    The set of such errors is closed, so a word spelling one exactly is that error
    (at the threshold's confidence at least), and goes to the row's cell errors.
    """
    known = []
    for word in words:
        error = _SPREADSHEET_ERRORS.get(word.text.upper().replace("0", "O")) if word.text.startswith("#") else None
        known.append(_with_confidence(word, max(word.confidence, LOW_CONFIDENCE), error) if error else word)
    return known


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
