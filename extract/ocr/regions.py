"""Confidence for rows whose reader does not track cells (the side-by-side family): by the row's box.

Such a reader builds rows from the page's glyphs without keeping which glyph
went to which value, so a row read by OCR is judged as a whole: the lowest
confidence of the digits inside its box. When that is doubtful, every value
of the row is withheld (coarser than per cell, but never silently wrong).
"""

from __future__ import annotations

from rekon.extract.geometry import PageGeometry
from rekon.extract.ocr.confidence import is_doubtful


def lowest_digit_confidence(page: PageGeometry, bbox: str) -> float:
    """The lowest OCR confidence of the digits inside a row's box (`x0 top x1 bottom`); -1 when none was OCR."""
    try:
        x0, top, x1, bottom = (float(v) for v in bbox.split())
    except ValueError:
        return -1.0
    confidences = [
        c.confidence
        for c in page.chars
        if c.confidence >= 0 and c.text.isdigit() and x0 <= c.x_center <= x1 and top <= c.y_center <= bottom
    ]
    return min(confidences, default=-1.0)


def doubtful_rows(rows: list[dict], pages: list[PageGeometry], fields: list[str]) -> list[tuple[dict, str, float]]:
    """Mark OCR rows (their `ocr_confidence`) and return (row, field, confidence) for each value to withhold."""
    by_number = {page.number: page for page in pages if "ocr" in page.extra}
    withheld = []
    for row in rows:
        page = by_number.get(int(row.get("page") or 0))
        if page is None:
            continue
        confidence = lowest_digit_confidence(page, str(row.get("bbox", "")))
        if confidence < 0:
            continue
        row["ocr_confidence"] = f"{confidence:.0f}"
        if is_doubtful(confidence):
            withheld += [(row, name, confidence) for name in fields if str(row.get(name, "")) != ""]
    return withheld
