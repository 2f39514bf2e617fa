"""Backends read page geometry (characters and rulings) from a PDF file.

Each backend module offers a document class with the same contract:
``page_count``, ``pages()`` yielding ``PageGeometry`` one page at a time, and
``close()``. Adding a PDF library is adding a module here.
"""

from __future__ import annotations

from pathlib import Path

BACKENDS = ("pdfium", "plumber", "camelot")


def open_document(path: Path, backend: str = "pdfium", ocr: str = "never"):
    """The backend's document; with ``ocr`` auto or always, pages without text are read by OCR."""
    document = _open_backend(path, backend)
    if ocr == "never":
        return document
    from rekon.extract.backends.ocr import OcrDocument

    return OcrDocument(document, path, ocr)


def _open_backend(path: Path, backend: str):
    if backend == "pdfium":
        from rekon.extract.backends.pdfium import PdfiumDocument

        return PdfiumDocument(path)
    if backend == "plumber":
        from rekon.extract.backends.plumber import PlumberDocument

        return PlumberDocument(path)
    if backend == "camelot":
        from rekon.extract.backends.camelot import CamelotDocument

        return CamelotDocument(path)
    raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
