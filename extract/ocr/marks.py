"""Marks that are neither print nor ruling: stamps, signatures, scribbles over the table.

A signed, stamped copy carries a round stamp and a signature over some of the
table's cells. Their strokes are one connected trace far larger than any
printed letter (a ring, a pen's loops), which is how they are found: after the
rulings are taken out, a run of ink taller and wider than several lines of
print, yet no bigger than a hand or a stamp makes, is a mark. Everything drawn
within its box in the mark's ink is taken out with it (a stamp's letters and
star are separate from its rings):

- on a colour scan, by colour: print is black, a stamp pad's and a pen's inks
  are blue, violet or red (`paper.flatten`'s chroma);
- on a grey scan, by tone: a stamp's ink, translucent, is lighter than print;
  pixels lighter than halfway between the two are the mark's.

Where neither tells the mark from print (black ink on a grey scan), the mark
stays, and its box is returned: numbers read there are withheld, never trusted
(`confirm.confirm_numbers`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

LIGHT_INK = 200  # darker than this (paper is 255 once flattened) is ink, faint or not
MIN_SIZE_LETTERS = 2.5  # a mark is taller and wider than this many letter heights (x-heights) ...
LONG_SIDE_LETTERS = 5  # ... and longer than this many one way: no printed glyph is
LONG_STROKE_LETTERS = 8  # a stroke this long that is no ruling and bends (a flourish) is a pen's ...
CURVED_LETTERS = 2.2  # ... when its box is this many letter heights across: a bar of dashes, a bold word, is less
MAX_SIZE_INCH = 3.5  # ... and no bigger than a stamp or a signature
COLOUR_SATURATION = 64  # of 255: ink more saturated than this is coloured (print is black)
TONE_GAP = 40  # a grey mark this much lighter than print is told from it by tone ...
LIGHTER_SHARE = 0.3  # ... when this share of its ink at least is that light
MARGIN_INCH = 0.1  # pieces of one mark lie this close; and how far around them its ink is looked for
STROKE_LETTERS = 2  # a piece of a mark's stroke reaching into it is longer than this many letter heights ...
STROKE_FILL = 0.35  # ... and inks at most this share of its box (a fill is solid), ...
STROKE_WIDTH_LETTERS = 0.4  # ... or is no wider than this many letter heights along its length (a flat flourish)


@dataclass
class Marks:
    removed: int = 0  # marks taken out of the image (by colour or tone)
    kept: list[tuple[int, int, int, int]] = field(default_factory=list)  # boxes (x0, y0, x1, y1) of marks left in
    areas: list[tuple[int, int, int, int]] = field(default_factory=list)  # boxes of every mark found
    kept_pixels: np.ndarray | None = None  # where the marks left in lie (a little widened); None when none is


def _letter_height(components: np.ndarray) -> float:
    """The typical height of a printed letter: the median of small blobs' heights."""
    heights = components[:, cv2.CC_STAT_HEIGHT]
    areas = components[:, cv2.CC_STAT_AREA]
    letters = heights[(areas >= 12) & (heights >= 4)]
    return float(np.median(letters)) if len(letters) else 20.0


def find_marks(light: np.ndarray, dpi: int, letter: float = 0.0, bridge: int = 3) -> tuple[list[tuple[int, int, int, int]], float, np.ndarray]:
    """Boxes of the marks in an ink image (255 on 0), the letter height (pixels) used, and the marks' pixels."""
    # A stamp pad leaves pores in the ink: closed, without growing print into its neighbours.
    joined = cv2.morphologyEx(light, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (bridge, bridge)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    pixels = np.zeros(light.shape, dtype=bool)
    if count <= 1:
        return [], letter, pixels
    letter = letter or _letter_height(stats[1:])
    height, width = light.shape
    boxes, found = [], []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        thick = min(w, h) >= MIN_SIZE_LETTERS * letter and max(w, h) >= LONG_SIDE_LETTERS * letter
        stroke = max(w, h) >= LONG_STROKE_LETTERS * letter and min(w, h) >= CURVED_LETTERS * letter
        if not (thick or stroke) or max(w, h) > MAX_SIZE_INCH * dpi:
            continue
        if x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue  # the sheet's shadowed edge, not a mark on it
        boxes.append((int(x), int(y), int(x + w), int(y + h)))
        found.append(label)
    if found:
        pixels = np.isin(labels, found) & (light > 0)
    return boxes, letter, pixels


def light_ink(grey: np.ndarray, ruling_pixels: np.ndarray, dpi: int) -> np.ndarray:
    """Ink, faint or not, without the rulings; where a stroke crosses a ruling, bridged across it.

    Taking the rulings out cuts a stamp's ring or a pen's stroke wherever it
    crosses one; ink on both sides of a ruling, close across it, is joined again.
    """
    light = ((grey < LIGHT_INK) & (ruling_pixels == 0)).astype(np.uint8) * 255
    span = max(3, round(0.04 * dpi))
    across = cv2.morphologyEx(light, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span)))
    across |= cv2.morphologyEx(light, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1)))
    return light | (across & ruling_pixels)


def _grown(box: tuple[int, int, int, int], by: int, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return max(0, x0 - by), max(0, y0 - by), min(shape[1], x1 + by), min(shape[0], y1 + by)


def regions(boxes: list[tuple[int, int, int, int]], reach: int, shape: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Boxes of one mark's pieces (a ring cut by rulings and print) joined: pieces within ``reach`` of each other are one."""
    merged = [_grown(box, reach, shape) for box in boxes]
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                a, b = merged[i], merged[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    merged[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def along_strokes(areas: list[tuple[int, int, int, int]], mark_ink: np.ndarray, letter: float, dpi: int) -> list[tuple[int, int, int, int]]:
    """Mark areas grown over the strokes in the mark's ink that reach into them, until none does.

    A pen's loops riding on a row's ruling are cut into arcs where it is taken
    out, and its flourish runs flat across the cells below: pieces no shape test
    takes for a mark, left to be read with the digits they cross. A piece in the
    mark's ink (coloured, or lighter than print) within MARGIN_INCH of a mark's
    area is the mark's, when it is a stroke: longer than two letters, thin (a
    fill, a header's shading, is solid), and the area stays no bigger than a mark.
    """
    count, _, stats, _ = cv2.connectedComponentsWithStats(mark_ink, connectivity=8)
    limit = MAX_SIZE_INCH * dpi
    reach = round(MARGIN_INCH * dpi)
    strokes = []
    for x, y, w, h, area in stats[1:]:
        thin = area <= STROKE_FILL * w * h or area <= STROKE_WIDTH_LETTERS * letter * max(w, h)
        if STROKE_LETTERS * letter <= max(w, h) <= limit and thin:
            strokes.append((int(x) - reach, int(y) - reach, int(x + w) + reach, int(y + h) + reach))
    areas = list(areas)
    changed = True
    while changed:
        changed = False
        for stroke in list(strokes):
            for index, (x0, y0, x1, y1) in enumerate(areas):
                if stroke[0] < x1 and x0 < stroke[2] and stroke[1] < y1 and y0 < stroke[3]:
                    joined = (min(x0, stroke[0]), min(y0, stroke[1]), max(x1, stroke[2]), max(y1, stroke[3]))
                    if max(joined[2] - joined[0], joined[3] - joined[1]) <= limit:
                        areas[index] = joined
                        changed = True
                    strokes.remove(stroke)
                    break
    return regions(areas, 0, mark_ink.shape) if len(areas) > 1 else areas


def take_out(grey: np.ndarray, chroma: np.ndarray | None, print_ink: np.ndarray, ruling_pixels: np.ndarray, dpi: int) -> Marks:
    """Marks found in ``grey`` taken out of it in place (set to paper); the boxes of those that could not be.

    On a colour scan the marks are found in the coloured ink alone (print does
    not cut them into pieces there); on a grey scan in the ink lighter than
    print and away from it (a stamp's, cut only where it crosses print), and in
    all the ink (a mark as dark as print).
    """
    light = light_ink(grey, ruling_pixels, dpi)
    typical_print = grey[(print_ink > 0) & (ruling_pixels == 0)]
    print_level = float(np.median(typical_print)) if len(typical_print) else 40.0
    if chroma is not None:
        coloured = ((chroma > COLOUR_SATURATION) & (light > 0)).astype(np.uint8) * 255
        _, letter, _ = find_marks(light, dpi)
        # Only coloured ink is in this mask: closed wide, across the rulings and print that cut a stamp.
        boxes, _, pixels = find_marks(coloured, dpi, letter, bridge=max(3, round(0.06 * dpi)) | 1)
        boxes += find_marks(light & ~coloured, dpi, letter)[0]  # black marks on a colour scan
        mark_ink = coloured
    else:
        boxes, letter, pixels = find_marks(light, dpi)
        reach = max(1, round(0.01 * dpi))
        cores = cv2.dilate((grey <= print_level).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1)))
        lighter = ((grey > print_level + TONE_GAP) & (light > 0) & (cores == 0)).astype(np.uint8) * 255
        more, _, own = find_marks(lighter, dpi, letter, bridge=max(3, round(0.02 * dpi)) | 1)
        boxes, pixels = boxes + more, pixels | own
        mark_ink = lighter
    found = Marks()
    if not boxes:
        return found
    areas = along_strokes(regions(boxes, round(MARGIN_INCH * dpi), grey.shape), mark_ink, letter, dpi)
    found.areas = areas
    inside = np.zeros(grey.shape, dtype=bool)
    for x0, y0, x1, y1 in areas:
        inside[y0:y1, x0:x1] = True
    outside_print = grey[(print_ink > 0) & (ruling_pixels == 0) & ~inside]
    print_level = float(np.median(outside_print)) if len(outside_print) else print_level
    for x0, y0, x1, y1 in areas:
        piece = grey[y0:y1, x0:x1]
        if chroma is not None:
            ink = chroma[y0:y1, x0:x1] > COLOUR_SATURATION
            # A JPEG keeps colour at half resolution: the edge of a stroke, and where it meets print, comes out
            # grey. Near the coloured ink, what is lighter than halfway from print to the mark's tone is the mark's.
            tone = piece[ink & (piece < 255)]
            if len(tone):
                reach = max(1, round(0.01 * dpi))
                near = cv2.dilate(ink.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))) > 0
                ink |= near & (piece > (print_level + float(np.median(tone))) / 2)
        else:
            # The mark's ink that is lighter than print (a stamp's; a pen's may not be): its own tone decides the cut.
            own = piece[pixels[y0:y1, x0:x1]]
            lighter = own[own > print_level + TONE_GAP]
            if len(lighter) < LIGHTER_SHARE * max(1, len(own)):
                ink = np.zeros(piece.shape, dtype=bool)
            else:
                ink = piece > (print_level + float(np.median(lighter))) / 2
        piece[ink & (piece < 255)] = 255
        _without_remnants(piece, print_level)
        rest = light_ink(piece, ruling_pixels[y0:y1, x0:x1], dpi)
        # (Framed by a pixel: a stroke reaching the region's edge is no sheet's edge.)
        left, _, strokes = find_marks(cv2.copyMakeBorder(rest, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0), dpi, letter)
        strokes = strokes[1:-1, 1:-1]
        # What stays of the mark (a black pen's stroke) is kept apart, stroke by stroke: only what is read on it is withheld.
        found.kept += [(x0 + a - 1, y0 + b - 1, x0 + c - 1, y0 + d - 1) for a, b, c, d in left]
        found.removed += not left
        if left:
            if found.kept_pixels is None:
                found.kept_pixels = np.zeros(grey.shape, dtype=bool)
            reach = max(1, round(0.02 * dpi))
            widened = cv2.dilate(strokes.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1)))
            found.kept_pixels[y0:y1, x0:x1] |= widened > 0
    return found


def _without_remnants(piece: np.ndarray, print_level: float) -> None:
    """What a mark taken out leaves (the specks of its edge, a little darker than the rest of it) out too, in place.

    Print has a core at least as dark as print's typical tone; a speck of a stamp
    lighter than print has none, however close to the cut it came.
    """
    remaining = (piece < LIGHT_INK).astype(np.uint8)
    count, labels = cv2.connectedComponents(remaining, connectivity=8)
    if count <= 1:
        return
    darkest = np.full(count, 255, dtype=np.int32)
    np.minimum.at(darkest, labels.ravel(), piece.ravel().astype(np.int32))
    faint = darkest > print_level
    faint[0] = False
    piece[faint[labels]] = 255


def without_strokes(segments: list, areas: list[tuple[int, int, int, int]], dpi: int) -> list:
    """Rulings that a mark's stroke made: a segment inside a mark's box on a line no segment outside it follows.

    A pen's stroke can run straight for a row's height between two borders and
    pass for a ruling. A table's ruling does not stop at a stamp: the line it
    lies on is drawn outside the mark's box too.
    """
    if not areas:
        return segments
    to_px = dpi / 72

    def within(segment, area) -> bool:
        x0, y0, x1, y1 = area
        if segment.horizontal:
            return y0 <= segment.position * to_px <= y1 and x0 <= segment.start * to_px and segment.end * to_px <= x1
        return x0 <= segment.position * to_px <= x1 and y0 <= segment.start * to_px and segment.end * to_px <= y1

    inside = [any(within(s, area) for area in areas) for s in segments]
    outside_lines = [(s.horizontal, s.position) for s, is_in in zip(segments, inside) if not is_in]
    return [s for s, is_in in zip(segments, inside)
            if not is_in or any(h == s.horizontal and abs(p - s.position) <= 1.5 for h, p in outside_lines)]


def withheld_under(words: list, found: Marks, threshold: float) -> list:
    """Words on a mark left in the image, below the threshold: nothing read through a mark is trusted."""
    if found.kept_pixels is None:
        return words
    from rekon.extract.ocr.tesseract import Word

    mask = found.kept_pixels

    def touches(word) -> bool:
        return bool(mask[max(0, word.top) : word.bottom, max(0, word.left) : word.right].any())

    return [Word(w.text, w.left, w.top, w.width, w.height, min(w.confidence, threshold - 1), w.line) if touches(w) else w for w in words]
