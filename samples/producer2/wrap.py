"""Break cell text into lines the way Word does.

Lines break at spaces. A word wider than the whole cell starts a line of its own and
is cut at the last character that fits, without a hyphen (`PENUNJAN` / `G`); a word
that merely does not fit the rest of a line moves to the next line whole. reportlab's
own `splitLongWords` fills the rest of the current line with the word's first letters
instead, which Word never does.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth


def word_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """The printed lines of `text` in a cell `width` points wide; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _paragraph_lines(paragraph.split(), width, font, size)
    return lines


def _paragraph_lines(words: list[str], width: float, font: str, size: float) -> list[str]:
    def fits(candidate: str) -> bool:
        return stringWidth(candidate, font, size) <= width

    lines: list[str] = []
    line = ""
    for word in words:
        joined = f"{line} {word}" if line else word
        if fits(joined):
            line = joined
            continue
        if line:
            lines.append(line)
        while not fits(word):
            cut = max(1, max(n for n in range(1, len(word) + 1) if n == 1 or fits(word[:n])))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines
