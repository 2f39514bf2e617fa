"""Printed numbers made hard to read, as a worn print or a streaky copier makes them: white streaks
drawn across their glyphs in the PDF itself, before it is scanned (so they follow any skew)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium


def text_boxes(pdf: Path, page_number: int, text: str) -> list[tuple[float, float, float, float]]:
    """Each place `text` is printed on the page: (left, bottom, right, top) in PDF points."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[page_number - 1]
        textpage = page.get_textpage()
        boxes = []
        search = textpage.search(text, match_whole_word=True)
        while (found := search.get_next()) is not None:
            start, count = found
            chars = [textpage.get_charbox(i) for i in range(start, start + count)]
            boxes.append((min(c[0] for c in chars), min(c[1] for c in chars), max(c[2] for c in chars), max(c[3] for c in chars)))
        return boxes
    finally:
        document.close()


def streaked(source: Path, target: Path, page_number: int, boxes: list[tuple[float, float, float, float]], gap: float, width: float) -> Path:
    """The source with white horizontal streaks `width` points thick every `gap` points over each box."""
    drawing = ["q 1 1 1 rg"]
    for left, bottom, right, top in boxes:
        y = bottom + gap / 2
        while y < top:
            drawing.append(f"{left - 0.5:.2f} {y:.2f} {right - left + 1:.2f} {width:.2f} re f")
            y += gap
    drawing.append("Q")
    with pikepdf.open(source) as pdf:
        page = pdf.pages[page_number - 1]
        page.contents_add(pdf.make_stream("\n".join(drawing).encode("ascii")), prepend=False)
        pdf.save(target)
    return target
