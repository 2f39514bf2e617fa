"""Characters to text, by position: lines are clustered by height, words by gaps.

The order of the text layer is never used: only where each glyph sits.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

from rekon.extract.geometry import Char

BASELINE_TOLERANCE = 0.25  # share of the font size by which baselines of one line may differ
SPACE_GAP = 0.22  # a gap wider than this share of the font size is a space


def lines_of(chars: Iterable[Char]) -> list[list[Char]]:
    """Group glyphs into lines by their baselines, top to bottom, each left to right.

    Glyph boxes differ in height (`l`, `p`, brackets) and lines of neighbouring
    cells interleave in height, but the glyphs of one line share a baseline.
    """
    # Plain tuples and locals, no properties: this runs for every cell of every page.
    keyed = sorted(
        ((c.baseline if c.baseline >= 0 else c.bottom, c.x0, n, c) for n, c in enumerate(chars)),
    )
    lines: list[list[Char]] = []
    line: list[Char] = []
    last = 0.0
    for base, _, _, char in keyed:
        if line and base - last <= BASELINE_TOLERANCE * (char.bottom - char.top):
            line.append(char)
        else:
            line = [char]
            lines.append(line)
            last = base
    for line in lines:
        line.sort(key=_x0)
    return lines


_x0 = attrgetter("x0")


def line_text(line: list[Char]) -> str:
    parts: list[str] = []
    previous: Char | None = None
    for char in line:
        if previous is not None:
            size = max(char.bottom - char.top, previous.bottom - previous.top)
            if char.x0 - previous.x1 > SPACE_GAP * size:
                parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts).strip()


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Wrapped lines become one text.

    A word broken after its hyphen is joined back (`RKA-` `SKPD`), and so is a
    bar of dashes that wrapped (the fraction bar of a formula, `-----` `x100`).
    A word cut by a narrow column without a hyphen (`PENGARUSUTAM` `AAN`) is
    joined back when the document spells the whole word elsewhere and never
    the first piece (geometry cannot tell it from a wrap at a space).
    """
    text = ""
    for line in filter(None, (line.strip() for line in lines)):
        if not text:
            text = line
            continue
        head, tail = text.split()[-1], line.split()[0]
        broken_word = len(head) > 1 and head.endswith("-") and head[-2].isalpha() and tail[0].isalpha()
        broken_bar = head.endswith("--")
        cut_word = _bare(head + tail) in vocabulary and _bare(head) not in vocabulary
        text = text + line if broken_word or broken_bar or cut_word else f"{text} {line}"
    return " ".join(text.split())


def unwrap(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """A cell text read with its line breaks (see ``cell_text``) as one line."""
    return join_lines(text.split("\n"), vocabulary)


def _bare(word: str) -> str:
    """A word as looked up: without trailing punctuation (`KEMASYARAKATAN,`), case folded."""
    return word.rstrip(".,;:)").casefold()


def _plain_case(word: str) -> bool:
    """UPPER, lower or Title case; `InstalasiListrik` (a typo gluing two words) is none of them."""
    return word.isupper() or word.islower() or word[:1].isupper() and word[1:].islower()


def whole_words(texts: Iterable[str]) -> frozenset[str]:
    """Words printed whole somewhere: not at either end of a wrapped line, in plain case
    (`InstalasiListrik` is a typo of its own, not `instalasi` cut before `listrik`)."""
    words: set[str] = set()
    for text in texts:
        for line in text.split("\n"):
            words.update(_bare(word) for word in line.split()[1:-1] if _plain_case(word.rstrip(".,;:)")))
    return frozenset(words)


def cell_text(chars: Iterable[Char]) -> str:
    """The cell's lines, top to bottom, separated by newlines (unwrapped once the document is read)."""
    return "\n".join(filter(None, (line_text(line) for line in lines_of(chars))))
