"""The reference backend: page geometry read with pdfplumber (pdfminer.six)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber

from extract.geometry import Char, PageGeometry, Segment, segments_of_rect, visible


class PlumberDocument:
    def __init__(self, path: Path):
        self._pdf = pdfplumber.open(path)

    def __enter__(self) -> "PlumberDocument":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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


def page_geometry(page) -> PageGeometry:
    width, height = float(page.width), float(page.height)
    chars = tuple(
        Char(c["text"], float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]))
        for c in page.chars
        if not c["text"].isspace() and visible(float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), width, height)
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
