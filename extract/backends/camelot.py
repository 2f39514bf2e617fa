"""A second opinion on the grid: camelot's lattice finder (image processing of the rendered page).

Camelot detects ruling lines in a raster of the page and reports, for each
cell of its grid, which of its four borders are drawn. Those borders become
our segments, and the rest of the pipeline (characters from PDFium, merged
cells, header mapping) is the same as for the other backends; so where the
two backends disagree, it is the grid that differs.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

from rekon.extract.backends.document import Document
from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.geometry import PageGeometry, Segment


class CamelotDocument(Document):
    def __init__(self, path: Path):
        self._path = Path(path)
        self._chars = PdfiumDocument(path)

    def close(self) -> None:
        self._chars.close()

    @property
    def page_count(self) -> int:
        return self._chars.page_count

    def pages(self) -> Iterator[PageGeometry]:
        for page in self._chars.pages():
            segments = tuple(lattice_segments(self._path, page.number, page.height))
            yield PageGeometry(page.number, page.width, page.height, page.chars, segments, page.image_count, page.rotation)


def lattice_segments(path: Path, page_number: int, page_height: float) -> list[Segment]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns on pages without tables
        logging.getLogger("camelot").setLevel(logging.ERROR)
        tables = camelot.read_pdf(str(path), pages=str(page_number), flavor="lattice")
    segments: list[Segment] = []
    for table in tables:
        for row in table.cells:
            for cell in row:
                # camelot's y grows upwards: y2 is the top of the cell.
                top, bottom = page_height - cell.y2, page_height - cell.y1
                if cell.top:
                    segments.append(Segment(True, top, cell.x1, cell.x2))
                if cell.bottom:
                    segments.append(Segment(True, bottom, cell.x1, cell.x2))
                if cell.left:
                    segments.append(Segment(False, cell.x1, top, bottom))
                if cell.right:
                    segments.append(Segment(False, cell.x2, top, bottom))
    return segments
