"""Confidence for rows whose reader does not track cells (the side-by-side family): by the row's box.

Such a reader builds rows from the page's glyphs without keeping which glyph
went to which value, so a row read by OCR is judged by the lowest confidence
of the digits inside its box. When that is doubtful, each value is judged by
the digits in its own column's stretch of the row, where the reader says where
that column lies; a value whose stretch holds no digit read by OCR (the column
drawn elsewhere on this page) is judged with the row. A doubtful value is
withheld: a doubtful digit elsewhere in the row (another quarter's, a stroke
in the indicator's text) no longer takes every value of the row with it.
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


def doubtful_rows(rows: list[dict], pages: list[PageGeometry], fields: list[str],
                  spans: dict[tuple[int, int | None, str], tuple[float, float]] | None = None) -> list[tuple[dict, str, float]]:
    """Mark OCR rows (their `ocr_confidence`) and return (row, field, confidence) for each value to withhold.

    ``spans``: (page, quarter or None, field) -> the value column's (x0, x1) on that page.
    """
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
        if not is_doubtful(confidence):
            continue
        for name in fields:
            if str(row.get(name, "")) == "":
                continue
            own = _cell_confidence(page, row, name, spans or {})
            value_confidence = confidence if own < 0 else own
            if is_doubtful(value_confidence):
                withheld.append((row, name, value_confidence))
    return withheld


def _cell_confidence(page: PageGeometry, row: dict, name: str, spans: dict) -> float:
    """The lowest confidence of the digits in the value's own column across the row; -1 when unknown or none."""
    quarter = int(row["quarter"]) if str(row.get("quarter", "")).isdigit() else None
    span = spans.get((page.number, quarter, name)) or spans.get((page.number, None, name))
    try:
        _, top, _, bottom = str(row.get("bbox", "")).split()
    except ValueError:
        return -1.0
    if span is None:
        return -1.0
    return lowest_digit_confidence(page, f"{span[0]} {top} {span[1]} {bottom}")
