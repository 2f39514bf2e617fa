"""Row heights that fit wrapped text, since LibreOffice does not re-fit rows of an imported workbook.

Text is wrapped greedily at spaces with the metrics of Liberation Sans (the
font LibreOffice substitutes for Arial); widths are taken a little narrower
than the column so that a row is never too short (too tall is harmless,
clipped text would be lost from the PDF).
"""

from __future__ import annotations

import math
from functools import lru_cache

from matplotlib import font_manager
from PIL import ImageFont

_MEASURE_SIZE = 100
_LINE_HEIGHT_EM = 1.18
_PADDING_PT = 3.0
_SAFETY = 0.95


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    properties = font_manager.FontProperties(family="Liberation Sans", weight="bold" if bold else "normal")
    try:
        path = font_manager.findfont(properties, fallback_to_default=False)
    except ValueError:
        # matplotlib's font list is cached on first use: fonts installed since then (with
        # LibreOffice) are not in it until they are added.
        for found in font_manager.findSystemFonts():
            if "LiberationSans-" in found:
                font_manager.fontManager.addfont(found)
        path = font_manager.findfont(properties, fallback_to_default=False)
    return ImageFont.truetype(path, _MEASURE_SIZE)


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    return _font(bold).getlength(text) * size / _MEASURE_SIZE


def column_width_pt(excel_width: float) -> float:
    """Excel's character width unit: 7 px per character plus 5 px of padding, at 96 px per inch."""
    return (excel_width * 7 + 5) * 0.75


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    usable = (width_pt - _PADDING_PT) * _SAFETY
    lines = 0
    for paragraph in str(text).split("\n"):
        current = 0.0
        lines += 1
        for word in paragraph.split():
            word_width = text_width_pt(word, size, bold)
            space = text_width_pt(" ", size, bold) if current else 0.0
            if current and current + space + word_width > usable:
                lines += 1
                current = 0.0
                space = 0.0
            if word_width > usable:  # a word longer than the column is broken inside
                extra = math.ceil(word_width / usable) - 1
                lines += extra
                current = word_width - extra * usable
            else:
                current += space + word_width
    return lines


def height_pt(lines: int, size: float) -> float:
    return lines * size * _LINE_HEIGHT_EM + _PADDING_PT
