"""The fast backend: page geometry read with pypdfium2 (PDFium), clipping respected.

Producers leave text in the text layer that is never printed: LibreOffice
draws the rest of a merged cell cut by a page break shifted up under the
repeated header and clips it away. PDFium knows each glyph's text object and
its clip path, so a glyph outside its clip is dropped here, as the printed
page shows. Ruling segments come from the page's path objects.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.geometry import MAX_BORDER_THICKNESS, Char, PageGeometry, Segment, segments_of_rect, visible

_AXIS_TOLERANCE = 0.5  # a line whose ends differ by less than this across its length is straight


class PdfiumDocument:
    def __init__(self, path: Path):
        self._pdf = pdfium.PdfDocument(str(path))

    def __enter__(self) -> "PdfiumDocument":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._pdf.close()

    @property
    def page_count(self) -> int:
        return len(self._pdf)

    def pages(self) -> Iterator[PageGeometry]:
        for index in range(len(self._pdf)):
            page = self._pdf[index]
            try:
                yield page_geometry(page, index + 1)
            finally:
                page.close()


def page_geometry(page: pdfium.PdfPage, number: int) -> PageGeometry:
    width, height = page.get_width(), page.get_height()
    chars = _chars(page, width, height)
    segments, images = _segments(page, height)
    return PageGeometry(
        number=number,
        width=width,
        height=height,
        chars=tuple(chars),
        segments=tuple(segments),
        image_count=images,
        rotation=page.get_rotation(),
    )


def _chars(page: pdfium.PdfPage, width: float, height: float) -> list[Char]:
    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage)
        rect = raw.FS_RECTF()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        clips: dict[int, list[tuple[float, float, float, float]] | None] = {}
        chars = []
        for index in range(count):
            code = raw.FPDFText_GetUnicode(textpage, index)
            if code == 0 or raw.FPDFText_IsGenerated(textpage, index) == 1:
                continue
            # PDFium reports a hyphen that ends a line as U+0002.
            text = "-" if code == 2 else chr(code)
            if text.isspace() or text == "\ufffe":
                continue
            # The loose box spans the glyph's advance and the font's ascent to descent,
            # like pdfplumber's boxes; tight glyph boxes would leave gaps read as spaces.
            raw.FPDFText_GetLooseCharBox(textpage, index, rect)
            x0, x1 = rect.left, rect.right
            char_top, char_bottom = height - rect.top, height - rect.bottom
            if not visible(x0, x1, char_top, char_bottom, width, height):
                continue
            text_object = raw.FPDFText_GetTextObject(textpage, index)
            if text_object:
                key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
                if key not in clips:
                    clips[key] = _clip_boxes(text_object, height)
                if not _inside_clip(clips[key], (x0 + x1) / 2, (char_top + char_bottom) / 2):
                    continue
            raw.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
            chars.append(Char(text, x0, x1, char_top, char_bottom, height - origin_y.value))
        return chars
    finally:
        textpage.close()


def _clip_boxes(page_object, height: float) -> list[tuple[float, float, float, float]] | None:
    """Bounding boxes (x0, top, x1, bottom) of the object's clip paths; None when unclipped."""
    clip = raw.FPDFPageObj_GetClipPath(page_object)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    boxes = []
    for path_index in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for segment_index in range(raw.FPDFClipPath_CountPathSegments(clip, path_index)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path_index, segment_index)
            if raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            boxes.append((min(xs), height - max(ys), max(xs), height - min(ys)))
    return boxes or None


def _inside_clip(boxes, x: float, y: float, slack: float = 0.0) -> bool:
    if boxes is None:
        return True
    return all(x0 - slack <= x <= x1 + slack and top - slack <= y <= bottom + slack for x0, top, x1, bottom in boxes)


def _matrix(page_object) -> tuple[float, float, float, float, float, float]:
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(page_object, matrix):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner, outer):
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _segments(page: pdfium.PdfPage, height: float) -> tuple[list[Segment], int]:
    segments: list[Segment] = []
    images = 0
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    pending = [(raw.FPDFPage_GetObject(page.raw, i), identity) for i in range(raw.FPDFPage_CountObjects(page.raw))]
    while pending:
        page_object, outer = pending.pop()
        kind = raw.FPDFPageObj_GetType(page_object)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            matrix = _compose(_matrix(page_object), outer)
            for i in range(raw.FPDFFormObj_CountObjects(page_object)):
                pending.append((raw.FPDFFormObj_GetObject(page_object, i), matrix))
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            segments += _path_segments(page_object, outer, height)
    return segments, images


def _drawn(page_object) -> tuple[bool, bool]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(page_object, fill_mode, stroke)
    filled, stroked = fill_mode.value != 0, bool(stroke.value)
    if filled and not stroked:
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if raw.FPDFPageObj_GetFillColor(page_object, r, g, b, a) and min(r.value, g.value, b.value) >= 243:
            return False, False  # painted white: covers, draws no border
    return filled, stroked


def _path_segments(page_object, outer, height: float) -> list[Segment]:
    filled, stroked = _drawn(page_object)
    if not (filled or stroked):
        return []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(page_object, left, bottom, right, top):
        return []
    x0, x1, y_top, y_bottom = left.value, right.value, height - top.value, height - bottom.value
    if filled and not stroked:
        # Borders drawn as thin filled rectangles: one segment. Larger fills: their sides.
        if min(x1 - x0, y_bottom - y_top) <= MAX_BORDER_THICKNESS:
            return segments_of_rect(x0, y_top, x1, y_bottom)
    matrix = _compose(_matrix(page_object), outer)
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int, bool]] = []
    for i in range(raw.FPDFPath_CountSegments(page_object)):
        segment = raw.FPDFPath_GetPathSegment(page_object, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        points.append((px, height - py, raw.FPDFPathSegment_GetType(segment), bool(raw.FPDFPathSegment_GetClose(segment))))
    found: list[Segment] = []
    start = None
    previous = None
    for px, py, kind, closes in points:
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = previous = (px, py)
            continue
        if previous is not None and kind == raw.FPDF_SEGMENT_LINETO:
            found += _straight(previous, (px, py))
        previous = (px, py)
        if closes and start is not None:
            found += _straight(previous, start)
    return found


def _straight(p, q) -> list[Segment]:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= _AXIS_TOLERANCE and abs(x1 - x0) > _AXIS_TOLERANCE:
        return [Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1))]
    if abs(x0 - x1) <= _AXIS_TOLERANCE and abs(y1 - y0) > _AXIS_TOLERANCE:
        return [Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1))]
    return []
