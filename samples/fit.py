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


def fit_row_heights(sheet, widths: list[float], font_size: float, first_row: int) -> None:
    """Give every row of an openpyxl sheet from `first_row` the height its wrapped text needs
    (`widths` in Excel character units); a tall merged cell stretches the last row it spans."""
    widths_pt = [column_width_pt(width) for width in widths]
    spans = {(merged.min_row, merged.min_col): (merged.max_row, merged.max_col) for merged in sheet.merged_cells.ranges}
    heights = {row: height_pt(1, font_size) for row in range(first_row, sheet.max_row + 1)}
    tall_merges = []
    for row in range(first_row, sheet.max_row + 1):
        for col in range(1, len(widths_pt) + 1):
            cell = sheet.cell(row=row, column=col)
            if cell.value is None:
                continue
            last_row, last_col = spans.get((row, col), (row, col))
            needed = height_pt(wrapped_lines(cell.value, sum(widths_pt[col - 1 : last_col]), font_size, bool(cell.font.b)), font_size)
            if last_row == row:
                heights[row] = max(heights[row], needed)
            else:
                tall_merges.append((row, last_row, needed))
    for first, last, needed in sorted(tall_merges):
        have = sum(heights[r] for r in range(first, last + 1))
        if have < needed:
            heights[last] += needed - have
    for row, height in heights.items():
        sheet.row_dimensions[row].height = round(height, 2)
