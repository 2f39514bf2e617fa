"""Characters to text, by position: lines are clustered by height, words by gaps.

The order of the text layer is never used: only where each glyph sits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, partial
from operator import attrgetter

import numpy as np

from rekon.extract.geometry import Char, texts_array
from rekon.extract.tolerances import DEFAULT, current_tolerances
from rekon.extract.words import MAX_PIECES, joins, whole_words  # noqa: F401 - whole_words is re-exported

# The defaults of current_tolerances().text (extract/tolerances.py), importable here as before. A gap wider than
# space_gap of the glyph box height is a space. Measured: gaps inside a word stay under 0.06 (Liberation
# Sans, Word's Calibri/Arial, reportlab's Times); a space is 0.25-0.40 in Arial-like fonts but only
# 0.16-0.22 in Times, whose space is a quarter em.
BASELINE_TOLERANCE, SPACE_GAP = DEFAULT.text.baseline, DEFAULT.text.space_gap


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
    baseline = current_tolerances().text.baseline
    for base, _, _, char in keyed:
        if line and base - last <= baseline * (char.bottom - char.top):
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
    space_gap = current_tolerances().text.space_gap
    for char in line:
        if previous is not None:
            size = max(char.bottom - char.top, previous.bottom - previous.top)
            if char.x0 - previous.x1 > space_gap * size:
                parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts).strip()


def join_lines(lines: list[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Wrapped lines become one text.

    A word broken after its hyphen is joined back (`RKA-` `SKPD`), and so is a
    bar of dashes that wrapped (the fraction bar of a formula, `-----` `x100`).
    A word cut by a narrow column without a hyphen (`PENGARUSUTAM` `AAN`, or in
    three pieces `PENINGKA` `TANKELU` `ARGA`) is joined back when the vocabulary
    knows the whole word and not the first piece (see ``rekon.extract.words``).
    """
    tokens: list[str] = []
    cut_after: list[bool] = []  # whether a line break (not a space) follows each token
    for line in filter(None, (line.strip() for line in lines)):
        words = line.split()
        tokens += words
        cut_after += [False] * (len(words) - 1) + [True]
    # ends_run[i]: how many tokens from i on end their lines, one after another. Pieces i..j of
    # one cut word each end a line but the last, so the inner ones are alone on their lines.
    ends_run = [0] * (len(tokens) + 1)
    for k in range(len(tokens) - 1, -1, -1):
        ends_run[k] = ends_run[k + 1] + 1 if cut_after[k] else 0
    text = ""
    i = 0
    while i < len(tokens):
        text = tokens[i] if not text else text
        end = i
        # The longest run of pieces, each alone on the line ends it spans, that is one known word.
        # The first piece is the text's last word so far: a token joined already
        # (`KeuanganBulanan/Triwulanan/Seme`) may end with the head of the next cut word.
        head = text.rsplit(None, 1)[-1]
        for j in range(min(len(tokens) - 1, i + MAX_PIECES - 1, i + ends_run[i]), i, -1):
            if joins([head, *tokens[i + 1 : j + 1]], vocabulary):
                end = j
                break
        for k in range(i + 1, end + 1):
            text += tokens[k]
        if end > i and cut_after[end] and end + 1 < len(tokens):
            i = end  # the last piece joined may itself end where the next cut word begins
            continue
        if end + 1 < len(tokens) and not cut_after[end]:
            text = f"{text} {tokens[end + 1]}"  # a space, not a line break: nothing to join
        elif end + 1 < len(tokens):
            head, tail = text.rsplit(None, 1)[-1], tokens[end + 1]
            broken_word = cut_after[end] and len(head) > 1 and head.endswith("-") and head[-2].isalpha() and tail[0].isalpha()
            # A bar of dashes that wrapped, or the multiplier after it cut (`-----x1` `00`).
            broken_bar = cut_after[end] and (
                head.endswith("--") or head[-2:] in _LONG_DASHES and tail[0] == head[-1] or bool(_CUT_MULTIPLIER.search(head)) and tail.rstrip("%").isdigit()
            )
            # A line never starts with a comma or a closing bracket but where a column cut it off its word.
            cut_punctuation = tail[0] in _CLOSING
            # A narrow column may carry a hyphen to the next line with the second half of its word
            # (`Perundang` / `-undangan`): a lower-case half, or a hyphenated word known whole. A bullet
            # (`- Hasil`, `-Belum`) starts with a space or a capital.
            hyphen_kept = cut_after[end] and head[-1].isalpha() and bool(_HYPHEN_HALF.match(tail)) and (
                tail[1].islower() or f"{head}{tail}".strip(_EDGE).casefold() in vocabulary
            )
            text = text + tail if broken_word or broken_bar or cut_punctuation or hyphen_kept else f"{text} {tail}"
        i = end + 1
    return " ".join(text.split())


_CLOSING = ",;:.)]"
_HYPHEN_HALF = re.compile(r"-[^\W\d_]")
_EDGE = ".,;:()\"'"
# A fraction bar drawn with em or en dashes, wrapped by its cell, continues with the same dash.
_LONG_DASHES = {"——", "––"}
_CUT_MULTIPLIER = re.compile(r"[-\u2013\u2014]x\d*$")


def unwrap(text: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """A cell text read with its line breaks (see ``cell_text``) as one line."""
    if "\n" not in text:
        return " ".join(text.split())  # one line: no break to join across (join_lines' result, without its search)
    return join_lines(text.split("\n"), vocabulary)


def unwrapper(vocabulary: frozenset[str] = frozenset()) -> Callable[[str], str]:
    """``unwrap`` with this vocabulary, each distinct text worked out once: a document's rows repeat
    their program's, kegiatan's and sub kegiatan's names (a third of its multi-line texts are new)."""
    return cache(partial(unwrap, vocabulary=vocabulary))


def cell_text(chars: Iterable[Char]) -> str:
    """The cell's lines, top to bottom, separated by newlines (unwrapped once the document is read)."""
    return "\n".join(filter(None, (line_text(line) for line in lines_of(chars))))


def cell_texts(chars: list[Char] | tuple[Char, ...], boxes: np.ndarray, members: np.ndarray, cells: np.ndarray,
               texts: np.ndarray | None = None) -> dict[int, str]:
    """``cell_text`` of every cell of a page at once, the same texts, sorted with numpy.

    ``boxes`` are the page's glyph boxes (``geometry.char_boxes``), ``texts`` their texts if at hand
    (``geometry.glyph_texts``); ``members`` the indexes of the glyphs inside cells, in page order, and
    ``cells`` their cell ids. Cells are keyed in the order their first glyph comes on the page. Lines are
    grouped and spaced exactly as ``lines_of`` and ``line_text`` do (the grouping itself is sequential:
    a line is as far as its first baseline).
    """
    if not len(members):
        return {}
    by_cell: dict[int, list[str]] = {}
    for cell, text in zip(*_cell_lines(chars, boxes, members, cells, texts)):
        by_cell.setdefault(cell, []).append(text)
    return {cell: "\n".join(filter(None, by_cell[cell])) for cell in dict.fromkeys(cells.tolist())}


def page_line_texts(chars: list[Char] | tuple[Char, ...], boxes: np.ndarray, members: np.ndarray | None = None,
                    texts: np.ndarray | None = None) -> list[str]:
    """``[line_text(line) for line in lines_of(chars)]``, the same texts, sorted with numpy (``boxes`` and
    ``texts`` as for ``cell_texts``); of the glyphs ``members`` only (indexes, in page order) if given."""
    members = np.arange(len(chars)) if members is None else members
    if not len(members):
        return []
    return _cell_lines(chars, boxes, members, np.zeros(len(members), dtype=np.intp), texts)[1]


def _cell_lines(chars, boxes: np.ndarray, members: np.ndarray, cells: np.ndarray, texts: np.ndarray | None) -> tuple[list[int], list[str]]:
    """Each line's cell and text (as ``line_text``), cell by cell, each cell's lines top to bottom."""
    x0, x1, top, bottom, baseline = boxes[members].T
    size = bottom - top
    base = np.where(baseline >= 0, baseline, bottom)
    # lines_of's order: by cell, then baseline, x0 and page order.
    order = np.lexsort((members, x0, base, cells))
    tolerances = current_tolerances().text
    lines = _line_numbers(cells[order], base[order], size[order], tolerances.baseline)
    # Each line left to right (a stable sort by x0 of the baseline order).
    within = np.lexsort((np.arange(len(order)), x0[order], lines))
    final, lines = order[within], lines[within]
    left, right, heights = x0[final], x1[final], size[final]
    spaced = (lines[1:] == lines[:-1]) & (left[1:] - right[:-1] > tolerances.space_gap * np.maximum(heights[1:], heights[:-1]))
    glyphs = members[final]
    pieces = texts[glyphs] if texts is not None else texts_array([chars[i][0] for i in glyphs.tolist()])
    after_space = np.flatnonzero(spaced) + 1
    pieces[after_space] = " " + pieces[after_space]
    pieces = pieces.tolist()
    starts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]).tolist()
    ends = starts[1:] + [len(pieces)]
    line_cells = cells[order][within][starts].tolist()
    return line_cells, ["".join(pieces[start:end]).strip() for start, end in zip(starts, ends)]


def _line_numbers(cells: np.ndarray, bases: np.ndarray, sizes: np.ndarray, tolerance: float) -> np.ndarray:
    """``lines_of``'s grouping of glyphs sorted by cell and baseline: a glyph starts a new line when its
    cell changes or its baseline lies more than ``tolerance`` of its height below the line's first.

    The walk is sequential, but glyphs on the very baseline of the glyph before them (most of a
    line) only need checking against their line's first baseline, which is done at once; the walk
    visits the others. Where such a glyph would start a line after all, every glyph is walked.
    """
    count = len(cells)
    if not count:
        return np.zeros(0, dtype=np.intp)
    is_head = np.r_[True, (cells[1:] != cells[:-1]) | (bases[1:] != bases[:-1])]
    heads = np.flatnonzero(is_head)
    starts_line, line_base = _walk(cells[heads].tolist(), bases[heads].tolist(), sizes[heads].tolist(), tolerance)
    first_base = np.asarray(line_base)[np.cumsum(is_head) - 1]
    if not (is_head | (bases - first_base <= tolerance * sizes)).all():
        starts_line, _ = _walk(cells.tolist(), bases.tolist(), sizes.tolist(), tolerance)
        return np.cumsum(starts_line) - 1
    starts = np.zeros(count, dtype=bool)
    starts[heads[np.asarray(starts_line, dtype=bool)]] = True
    return np.cumsum(starts) - 1


def _walk(cells: list[int], bases: list[float], sizes: list[float], tolerance: float) -> tuple[list[bool], list[float]]:
    """Whether each glyph starts a line, and the first baseline of the line it is on."""
    starts, line_bases = [], []
    last, current = 0.0, None
    for cell, base, size in zip(cells, bases, sizes):
        start = cell != current or not base - last <= tolerance * size
        if start:
            last, current = base, cell
        starts.append(start)
        line_bases.append(last)
    return starts, line_bases
