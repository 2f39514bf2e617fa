"""OCR over any backend: pages without a text layer (or every page) are read from their image.

``auto`` reads a page by OCR when the backend found no glyph on it (a scan);
``always`` reads every page by OCR; ``never`` passes the backend's pages
through, so a scan fails as having no text layer. The pages keep the
Document contract, so the grid, header and rows downstream do not know
whether a glyph was printed in a text layer or read from an image.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium

from rekon.extract.backends.document import Document
from rekon.extract.geometry import PageGeometry

OCR_MODES = ("auto", "always", "never")


def needs_ocr(page: PageGeometry, mode: str) -> bool:
    return mode == "always" or mode == "auto" and not page.chars


class OcrDocument(Document):
    def __init__(self, inner: Document, path: Path, mode: str = "auto"):
        if mode not in OCR_MODES:
            raise ValueError(f"unknown OCR mode {mode!r}; choose from {', '.join(OCR_MODES)}")
        self._inner = inner
        self._path = path
        self._mode = mode
        self._pdf: pdfium.PdfDocument | None = None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        self._inner.close()

    @property
    def page_count(self) -> int:
        return self._inner.page_count

    def pages(self) -> Iterator[PageGeometry]:
        for page in self._inner.pages():
            yield self._ocr(page) if needs_ocr(page, self._mode) else page

    def _ocr(self, page: PageGeometry) -> PageGeometry:
        from rekon.extract.ocr.tesseract import require_tesseract
        from rekon.extract.ocr.page import ocr_page

        require_tesseract()
        if self._pdf is None:
            self._pdf = pdfium.PdfDocument(str(self._path))
        pdf_page = self._pdf[page.number - 1]
        try:
            return ocr_page(pdf_page, page.number, page.segments)
        finally:
            pdf_page.close()
