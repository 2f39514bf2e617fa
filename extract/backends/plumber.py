"""The reference backend: page geometry read with pdfplumber (pdfminer.six)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import logging

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from rekon.extract.backends.clipping import ClipTrackingInterpreter

# pdfminer logs every damaged object it skips; the damage is reported per file instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

from rekon.extract.backends.document import Document
from rekon.extract.geometry import Char, PageGeometry, Segment, segments_of_rect, visible


class PlumberDocument(Document):
    def __init__(self, path: Path):
        self._pdf = pdfplumber.open(path)

    def close(self) -> None:
        self._pdf.close()

    @property
    def page_count(self) -> int:
        return len(self._pdf.pages)

    def pages(self) -> Iterator[PageGeometry]:
        for page in self._pdf.pages:
            geometry = page_geometry(page)
            # pdfplumber caches parsed layout objects per page: release them to keep memory flat.
            page.close()
            yield geometry


def _layout_with_clipping(page) -> None:
    """Lay the page out with an interpreter that honours clipping, before pdfplumber does it without."""
    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    ClipTrackingInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    page._layout = device.get_result()  # pdfplumber reuses a layout it finds on the page


def _glyphs(layout) -> Iterator:
    for item in layout:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            yield from _glyphs(item)


def _printed(glyph: LTChar) -> bool:
    clip = getattr(glyph.graphicstate, "clip", None)
    if clip is None:
        return True
    x, y = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
    return clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3]


def page_geometry(page) -> PageGeometry:
    width, height = float(page.width), float(page.height)
    _layout_with_clipping(page)
    chars = tuple(
        Char(g.get_text(), g.x0, g.x1, height - g.y1, height - g.y0)
        for g in _glyphs(page.layout)
        if not g.get_text().isspace() and _printed(g) and visible(g.x0, g.x1, height - g.y1, height - g.y0, width, height)
    )
    segments: list[Segment] = []
    for line in page.lines:
        x0, x1, top, bottom = (float(line[k]) for k in ("x0", "x1", "top", "bottom"))
        if abs(bottom - top) <= abs(x1 - x0):
            segments.append(Segment(True, (top + bottom) / 2, x0, x1))
        else:
            segments.append(Segment(False, (x0 + x1) / 2, top, bottom))
    for rect in page.rects:
        if _invisible(rect):
            continue
        segments += segments_of_rect(*(float(rect[k]) for k in ("x0", "top", "x1", "bottom")))
    return PageGeometry(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        chars=chars,
        segments=tuple(segments),
        image_count=len(page.images),
        rotation=int(page.rotation or 0),
    )


def _invisible(rect: dict) -> bool:
    """A rectangle painted white (or not painted at all) draws no border."""
    if not rect.get("fill") and not rect.get("stroke"):
        return True
    color = rect.get("non_stroking_color") if rect.get("fill") else rect.get("stroking_color")
    if isinstance(color, (list, tuple)) and color and all(isinstance(v, (int, float)) for v in color):
        if len(color) in (1, 3) and min(color) >= 0.95:
            return True
        if len(color) == 4 and max(color) <= 0.05:  # CMYK white
            return True
    return False
