"""Words read by OCR as the glyphs a text layer gives: each on its line's baseline, in its font's box.

A text layer's glyph box spans the font's ascent to its descent (pdfium's loose
box), the same height for every glyph of a line; Tesseract's word box is the
ink's own extent: `ana` is half as high as `Anggaran,`. Readers that find rows
by the gaps between lines and the font size (the side-by-side form) need the
former, so each printed line's font size (em) is estimated from its words'
heights and what their letters reach (cap height, x-height, below the
baseline), and every glyph of the line gets the box a text layer would give.
"""

from __future__ import annotations

from statistics import median

from rekon.extract.geometry import Char
from rekon.extract.ocr.tesseract import Word

# Em shares of an Arial-like sans (Liberation Sans, Arial, Calibri within a few hundredths):
# what a text layer's loose box spans, and where letters reach.
ASCENT, DESCENT = 0.905, 0.212
CAP_HEIGHT, X_HEIGHT, DESCENDER = 0.72, 0.52, 0.21
TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789bdfhiklt()[]{}/\\!?%#&@$")
BELOW = frozenset("gjpqyQ,;()[]{}")


def _em(word: Word) -> float | None:
    """The font size a word's box height says, in pixels; None for a word of marks only (`-`, `.`)."""
    if not any(c.isalnum() for c in word.text):
        return None
    reach = (CAP_HEIGHT if any(c in TALL for c in word.text) else X_HEIGHT) + (DESCENDER if any(c in BELOW for c in word.text) else 0)
    return word.height / reach


def _base(word: Word, em: float) -> float:
    return word.bottom - (DESCENDER * em if any(c in BELOW for c in word.text) else 0)


def _printed_lines(words: list[Word]) -> list[list[int]]:
    """Words (indexes) of one printed line each.

    Tesseract's line may join words of neighbouring cells printed at other
    heights, so its words are split where their centres part by more than half
    a word's height.
    """
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(words):
        by_line.setdefault(word.line, []).append(index)
    parts: list[list[int]] = []
    for members in by_line.values():
        members.sort(key=lambda i: (words[i].top + words[i].bottom) / 2)
        typical = median(words[i].height for i in members)
        parts.append([members[0]])
        for previous, index in zip(members, members[1:]):
            gap = (words[index].top + words[index].bottom) / 2 - (words[previous].top + words[previous].bottom) / 2
            if gap > 0.5 * typical:
                parts.append([])
            parts[-1].append(index)
    return parts


def line_geometry(words: list[Word]) -> dict[int, tuple[float, float]]:
    """(baseline, em) in pixels for each word (by index), shared by the words of a printed line."""
    ems = [em for word in words if (em := _em(word))]
    page_em = median(ems) if ems else 0.0
    geometry: dict[int, tuple[float, float]] = {}
    for part in _printed_lines(words):
        line_ems = [em for i in part if (em := _em(words[i]))]
        em = median(line_ems) if line_ems else page_em or median(words[i].height for i in part)
        base = median(_base(words[i], em) if _em(words[i]) else words[i].bottom for i in part)
        geometry.update(dict.fromkeys(part, (base, em)))
    return geometry


def chars_of(words: list[Word], to_points: float) -> list[Char]:
    """Each word's characters, spread evenly over its width, in its line's font box, carrying its confidence."""
    geometry = line_geometry(words)
    chars = []
    for index, word in enumerate(words):
        base, em = geometry[index]
        step = word.width / len(word.text)
        top, bottom = (base - ASCENT * em) * to_points, (base + DESCENT * em) * to_points
        for position, text in enumerate(word.text):
            x0 = (word.left + position * step) * to_points
            chars.append(Char(text, x0, x0 + step * to_points, top, bottom, base * to_points, word.confidence))
    return chars
