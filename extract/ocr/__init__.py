"""OCR for scanned reports: a page image read into the same glyphs and rulings a text layer gives.

`page.ocr_page` does one page; `rekon.extract.backends.ocr.OcrDocument` decides
which pages need it (``--ocr auto|always|never``).
"""
