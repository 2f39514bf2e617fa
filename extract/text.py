"""Characters to text, by position: lines are clustered by height, words by gaps.

The order of the text layer is never used: only where each glyph sits.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.geometry import Char

LINE_OVERLAP = 0.5  # share of the smaller glyph height two glyphs must share to be on one line
SPACE_GAP = 0.22  # a gap wider than this share of the font size is a space


def lines_of(chars: Iterable[Char]) -> list[list[Char]]:
    """Group glyphs into lines, top to bottom, each left to right."""
    lines: list[list[Char]] = []
    bounds: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda c: (c.y_center, c.x0)):
        for index in range(len(lines) - 1, max(-1, len(lines) - 3), -1):
            top, bottom = bounds[index]
            overlap = min(bottom, char.bottom) - max(top, char.top)
            if overlap >= LINE_OVERLAP * min(bottom - top, char.size):
                lines[index].append(char)
                bounds[index] = (min(top, char.top), max(bottom, char.bottom))
                break
        else:
            lines.append([char])
            bounds.append((char.top, char.bottom))
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def line_text(line: list[Char]) -> str:
    parts: list[str] = []
    previous: Char | None = None
    for char in line:
        if previous is not None and char.x0 - previous.x1 > SPACE_GAP * max(char.size, previous.size):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts).strip()


def join_lines(lines: list[str]) -> str:
    """Wrapped lines become one text.

    A word broken after its hyphen is joined back (`RKA-` `SKPD`), and so is a
    bar of dashes that wrapped (the fraction bar of a formula).
    """
    text = ""
    for line in filter(None, (line.strip() for line in lines)):
        broken_word = len(text) > 1 and text.endswith("-") and text[-2].isalpha() and line[0].isalpha()
        broken_bar = text.endswith("--") and line.startswith("-")
        if broken_word or broken_bar:
            text += line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def cell_text(chars: Iterable[Char]) -> str:
    return join_lines([line_text(line) for line in lines_of(chars)])
