"""Cells of a scanned page read again from their own crops, many crops to one Tesseract call.

Tesseract drops some lone short words on a busy page (a `4` alone in its
cell), and sometimes puts words of one cell over each other; such cells are
read again alone. The crops of a page go on one sheet, read in one call:
starting Tesseract costs more than reading a small crop.
"""

from __future__ import annotations

import cv2
import numpy as np

from rekon.extract.grid import Grid
from rekon.extract.ocr.confidence import LOW_CONFIDENCE
from rekon.extract.ocr.tesseract import LANGUAGES, Word, read_words

CELL_INSET_PX = 4  # a cell's edge pixels are its borders' anti-aliasing, not its content
MIN_INK_SHARE = 0.002  # a cell with less dark area than this is empty (scanner dust)
SHEET_GAP_PX = 24
MAX_SHEET_PX = 30000  # Tesseract reads no image taller than 32767 pixels
DASH_SPREAD = 1.5  # a blurred dash's darkness spreads this many times farther across than up and down


def cell_box_px(cell, to_px: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    height, width = shape
    x0 = max(0, int(cell.x0 * to_px) + CELL_INSET_PX)
    y0 = max(0, int(cell.top * to_px) + CELL_INSET_PX)
    x1 = min(width, int(cell.x1 * to_px) - CELL_INSET_PX)
    y1 = min(height, int(cell.bottom * to_px) - CELL_INSET_PX)
    return x0, y0, x1, y1


def crop_marks(clean: np.ndarray, text_ink: np.ndarray, box: tuple[int, int, int, int], pad: int = 6) -> tuple[int, int, np.ndarray] | None:
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
               languages: tuple[str, ...] = LANGUAGES, binarise: bool = False) -> list[list[Word]]:
    """Words of each crop, all crops read in one Tesseract call from a sheet of them stacked apart.

    One call, because starting Tesseract costs more than reading a small crop.
    Crops may be enlarged by ``scale`` (a lone digit reads surer larger), then
    binarised (enlarged first: the grey edge of a thin stroke decides where its
    enlarged edge falls); word positions are returned in the page's pixels.
    """
    if not crops:
        return []
    if len(crops) > 1 and sum(c.shape[0] * scale + SHEET_GAP_PX for _, _, c in crops) > MAX_SHEET_PX:
        # Tesseract refuses an image taller than 32767 px (a page of hundreds of cells read again): several sheets.
        found: list[list[Word]] = []
        for part in sheets(crops, scale):
            found += read_sheet(part, whitelist, scale, languages, binarise)
        return found
    if scale != 1.0:
        crops = [(x, y, cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)) for x, y, crop in crops]
    if binarise:
        crops = [(x, y, cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]) for x, y, crop in crops]
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


def sheets(crops: list, scale: float = 1.0) -> list[list]:
    """The crops in runs, each run's sheet under MAX_SHEET_PX tall (a crop taller than that alone on its own)."""
    runs: list[list] = [[]]
    height = SHEET_GAP_PX
    for crop in crops:
        needed = crop[2].shape[0] * scale + SHEET_GAP_PX
        if runs[-1] and height + needed > MAX_SHEET_PX:
            runs.append([])
            height = SHEET_GAP_PX
        runs[-1].append(crop)
        height += needed
    return runs


def inside(word: Word, box: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = box
    return x0 <= (word.left + word.right) / 2 < x1 and y0 <= (word.top + word.bottom) / 2 < y1


def reread_empty_cells(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int) -> list[Word]:
    """Words of the grid's cells that hold ink but no word yet (a dash by its shape, the rest read again)."""
    to_px = dpi / 72
    typical = digit_height(words, dpi)
    crops, dashes = [], []
    for cell in grid.cells:
        box = cell_box_px(cell, to_px, clean.shape)
        x0, y0, x1, y1 = box
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        if np.count_nonzero(text_ink[y0:y1, x0:x1]) < MIN_INK_SHARE * (x1 - x0) * (y1 - y0):
            continue
        if any(inside(w, box) for w in words):
            continue
        if is_dash(text_ink[y0:y1, x0:x1], typical, clean[y0:y1, x0:x1]):
            ys, xs = np.nonzero(text_ink[y0:y1, x0:x1])
            left, top = x0 + int(xs.min()), y0 + int(ys.min())
            dashes.append(Word("-", left, top, int(xs.max()) + 1 + x0 - left, int(ys.max()) + 1 + y0 - top, LOW_CONFIDENCE, (-2, cell.id, 0)))
        elif (crop := crop_marks(clean, text_ink, box)) is not None:
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
        box = cell_box_px(cell, to_px, clean.shape)
        members = [i for i, w in enumerate(words) if inside(w, box)]
        if any(_overlap(words[i], words[j]) > 0.5 for n, i in enumerate(members) for j in members[n + 1 :]):
            if (crop := crop_marks(clean, text_ink, box)) is not None:
                confused.append((members, crop))
    if not confused:
        return words
    readings = read_sheet([crop for _, crop in confused])
    dropped = {i for members, _ in confused for i in members}
    kept = [w for i, w in enumerate(words) if i not in dropped]
    return kept + [w for found in readings for w in found]


def digit_height(words: list[Word], dpi: int) -> float:
    """The typical height of a number on the page, in pixels."""
    return float(np.median([w.height for w in words if any(c.isdigit() for c in w.text)] or [dpi / 10]))



def is_dash(ink_crop: np.ndarray, typical_height: float, grey_crop: np.ndarray | None = None) -> bool:
    """Whether a cell's ink is one short horizontal bar: a dash, which Tesseract reads unsure or not at all."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink_crop, connectivity=8)
    if count != 2:
        return False
    x, y, width, height = (int(v) for v in stats[1, :4])
    if height > 0.3 * typical_height or width > 1.5 * typical_height or width <= height:
        return False
    # A dash scanned at 150-200 dpi may come out 3 pixels wide and 2 high; a period is as high as wide.
    if 2 * width >= 3 * height:
        return True
    # Blurred and JPEG'd, a small dash's box is hardly wider than high (4 by 3): its ink, weighed by how dark, still
    # spreads across far more than up and down; a period's spreads alike both ways.
    return grey_crop is not None and _spread_ratio(grey_crop[max(0, y - 1) : y + height + 1, max(0, x - 1) : x + width + 1]) >= DASH_SPREAD


def _spread_ratio(grey: np.ndarray) -> float:
    """How much farther the darkness of a patch spreads across than up and down (standard deviations)."""
    weight = 255.0 - grey.astype(np.float64)
    total = weight.sum()
    if total <= 0:
        return 0.0
    ys, xs = np.indices(grey.shape)
    spread = [float(np.sqrt(((axis - (axis * weight).sum() / total) ** 2 * weight).sum() / total)) for axis in (xs, ys)]
    return spread[0] / max(spread[1], 1e-6)



def _header_rows(grid: Grid, words: list[Word], to_px: float, shape: tuple[int, int]) -> int:
    """How many of the grid's top rows come before the first row holding a value (a number that is no column number)."""
    from rekon.extract.header import is_header_text

    for row in range(grid.rows):
        for col in range(grid.cols):
            cell = grid.cells[grid.cell_at[row][col]]
            if cell.row0 != row or cell.col0 != col:
                continue
            box = cell_box_px(cell, to_px, shape)
            text = " ".join(w.text for w in sorted((w for w in words if inside(w, box)), key=lambda w: (w.top, w.left)))
            if sum(c.isdigit() for c in text) >= 2 and not is_header_text(text):
                return row
    return 0


def reread_header_cells(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int) -> list[Word]:
    """Header cells whose reading names nothing (`Pp. agu` for `Pagu`) read again alone; kept when that names something.

    A header misread costs a whole column: its values cannot be placed. Read
    alone, a cell's few words are not confused with its neighbours'.
    """
    from rekon.extract.header import is_header_text

    to_px = dpi / 72
    rows = _header_rows(grid, words, to_px, clean.shape)
    doubtful: list[tuple[list[int], tuple[int, int, np.ndarray]]] = []
    for cell in grid.cells:
        if cell.row0 >= rows:
            continue
        box = cell_box_px(cell, to_px, clean.shape)
        members = sorted((i for i, w in enumerate(words) if inside(w, box)), key=lambda i: (words[i].top, words[i].left))
        text = " ".join(words[i].text for i in members)
        if not members or is_header_text(text):
            continue
        if (crop := crop_marks(clean, text_ink, box)) is not None:
            doubtful.append((members, crop))
    if not doubtful:
        return words
    readings = read_sheet([crop for _, crop in doubtful], scale=1.5)
    dropped: set[int] = set()
    added: list[Word] = []
    for (members, _), found in zip(doubtful, readings):
        if found and is_header_text(" ".join(w.text for w in sorted(found, key=lambda w: (w.top, w.left)))):
            dropped.update(members)
            added += found
    return [w for i, w in enumerate(words) if i not in dropped] + added
