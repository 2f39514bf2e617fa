"""A header read from text lines under the table's vertical rulings (families with ``header: borders``).

Word exports draw borders as filled rectangles, some painted over, double at
cell edges, so the ruled grid breaks the header into fragments. The columns are
taken from the long vertical rulings instead (``column_borders``), and the
header from the lines above the body: each line is cut where a ruling crosses it,
each piece of text belongs to every column under the span between the rulings
around it (a group title spans its columns, a quarter label its K/Rp pair), and
pieces of one cell on successive lines are one cell. Each column's path of
cells, with its body lines, goes to the one column reader (``extract/columns``).

The header is found by its shape: a row of K/Rp pairs under a row of quarter
labels (``quarter_pairs``); the header ends at the pairs (or at a row of column
numbers right under them).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rekon.extract.columns.assign import Choice, HeaderColumn, assign
from rekon.extract.columns.lexicon import ANGGARAN, KINERJA, PERCENT, PLANNED
from rekon.extract.columns.matching import tokens
from rekon.extract.columns.quarter_pairs import PairNote, name_pairs
from rekon.extract.columns.wording import read_cell
from rekon.extract.families import Family, year_of
from rekon.extract.geometry import Char, PageGeometry, Segment
from rekon.extract.grid import snap_positions
from rekon.extract.text import line_text, lines_of
from rekon.extract.tolerances import DEFAULT, current_tolerances

# The defaults of current_tolerances().header and .grid.same_columns (extract/tolerances.py), importable here as before.
MIN_RULE_SHARE, CELL_GAP, ROW_RULE_SHARE = DEFAULT.header.min_rule_share, DEFAULT.header.cell_gap, DEFAULT.header.row_rule_share
MAX_PAIR_LINES, COLUMN_TOLERANCE = DEFAULT.header.max_pair_lines, DEFAULT.grid.same_columns
NAME = "name"  # the item column's key in the blocks reader (`item` in the family's fields)
_PAIR_CONCEPTS = frozenset({KINERJA, ANGGARAN, PERCENT, PLANNED})
# Fields whose cells are numbers (the others are texts).
_VALUE_PREFIXES = ("target_", "realisasi_", "capaian_")


def is_value_field(name: str) -> bool:
    return name.startswith(_VALUE_PREFIXES)


@dataclass(frozen=True)
class Column:
    field: str  # a family field (`name` for the item, `indikator`, ...), or a header text no field was found for
    quarter: int | None
    x0: float
    x1: float
    confidence: float = 1.0
    mapped: bool = True

    @property
    def key(self) -> str:
        return f"{self.field}:q{self.quarter}" if self.quarter else self.field


@dataclass
class Layout:
    columns: list[Column]
    header_bottom: float  # the body starts below this
    header_texts: list[str] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    unmapped: list[Column] = field(default_factory=list)  # columns whose header names no field of the family
    choices: list[Choice] = field(default_factory=list)  # what the column reader found, for problems and `rekon inspect`
    borders: list[float] = field(default_factory=list)
    header_paths: list[list[str]] = field(default_factory=list)
    pair_notes: list[PairNote] = field(default_factory=list)  # quarter pairs told by their order, or not at all


class LayoutProblem(Exception):
    """A page whose header or grid cannot be read: code and details for a problems.csv line."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


def column_borders(segments: list[Segment]) -> list[float]:
    """x of the vertical rulings that run along the table, not the sides of shaded header boxes."""
    vertical = [s for s in segments if not s.horizontal and s.end - s.start > 1.0]
    if not vertical:
        return []
    xs = snap_positions([s.position for s in vertical])
    lengths = [0.0] * len(xs)
    for s in vertical:
        index = min(range(len(xs)), key=lambda i: abs(xs[i] - s.position))
        lengths[index] += s.end - s.start
    longest = max(lengths)
    return [x for x, length in zip(xs, lengths) if length >= current_tolerances().header.min_rule_share * longest]


def _words(line: list[Char]) -> list[str]:
    return line_text(line).split()


def _pair_line(words: list[str]) -> bool:
    """K Rp K Rp ...: two pairs or more, and most words of the line a dimension (or a unit)."""
    read = [read_cell(w).concepts for w in words if len(w) <= 10]
    pairs = [r for r in read if r and r <= _PAIR_CONCEPTS]
    return (len(pairs) >= 4 and len(pairs) * 2 >= len(words) and any(KINERJA in r for r in pairs)
            and any(ANGGARAN in r for r in pairs))


def _label_quarters(words: list[str]) -> set[int]:
    """The quarters a line labels: `I II III IV`, `TW 1 TW 2`, `Triwulan I ... Triwulan IV`."""
    found = set()
    tokens_ = [t for w in words for t in tokens(w)]
    for index, token in enumerate(tokens_):
        if token in ("i", "ii", "iii", "iv"):
            found.add(("i", "ii", "iii", "iv").index(token) + 1)
        elif token[:-1] in ("tw", "q", "trw") and token[-1:] in "1234":
            found.add(int(token[-1]))
        elif token in "1234" and index > 0 and tokens_[index - 1] in ("tw", "triwulan", "trw", "q", "quarter", "kuartal"):
            found.add(int(token))
    # `1 2 3 4` under `Triwulan I s/d IV`: the quarters numbered (a column-number row goes on, or starts elsewhere).
    # A year printed on the same line by the cell beside (`Renstra ... Tahun 2021`) is no column number.
    numbers = [t for t in tokens_ if t.isdigit() and len(t) <= 2]
    if len(found) < 2 and "1" in numbers:
        start = numbers.index("1")
        run = 0
        while start + run < len(numbers) and numbers[start + run] == str(run + 1):
            run += 1
        if 2 <= run <= 4 and (start + run == len(numbers) or numbers[start + run] != str(run + 1)):
            found |= set(range(1, run + 1))
    return found


def _pairs_and_labels(lines: list[list[Char]] | list[str], words: Callable = _words) -> tuple[int | None, int | None]:
    """Indexes of the K/Rp pair line and of the nearest line above it labelling two quarters or more
    (``words``: a line's words; ``str.split`` for lines given as their texts)."""
    for index, line in enumerate(lines):
        if _pair_line(words(line)):
            label = next((i for i in range(index - 1, -1, -1) if len(_label_quarters(words(lines[i]))) >= 2), None)
            if label is not None:
                return index, label
    return None, None


def has_quarter_pairs(page: PageGeometry, lines: list[list[Char]] | None = None) -> bool:
    pair, label = _pairs_and_labels(lines if lines is not None else lines_of(page.chars))
    return pair is not None and label is not None


def prints_quarter_pairs(line_texts: list[str]) -> bool:
    """``has_quarter_pairs`` of a page from its lines' texts (``text.page_line_texts``)."""
    pair, label = _pairs_and_labels(line_texts, str.split)
    return pair is not None and label is not None


@dataclass(frozen=True)
class _Piece:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    span: tuple[float, float]  # the rulings around it on its line (its cell's width)


def _pieces(page: PageGeometry, lines: list[list[Char]], borders: list[float]) -> list[_Piece]:
    """Each header line cut where a vertical ruling crosses it."""
    vertical = [s for s in page.segments if not s.horizontal]
    found = []
    for line in lines:
        top, bottom = min(c.top for c in line), max(c.bottom for c in line)
        crossing = sorted({s.position for s in vertical if s.start <= top + 1 and s.end >= bottom - 1} | {borders[0], borders[-1]})
        groups: dict[int, list[Char]] = {}
        for char in line:
            groups.setdefault(bisect.bisect_right(crossing, char.x_center), []).append(char)
        for slot, chars in sorted(groups.items()):
            span = (crossing[slot - 1] if slot > 0 else chars[0].x0, crossing[slot] if slot < len(crossing) else chars[-1].x1)
            size = sorted(c.size for c in chars)[len(chars) // 2]
            found.append(_Piece(line_text(chars), chars[0].x0, max(c.x1 for c in chars), top, bottom, size, span))
    return found


def _ruled_between(above: _Piece, piece: _Piece, horizontal: list[Segment]) -> bool:
    """Whether a horizontal ruling runs between two pieces, across the middle of their span."""
    middle = (piece.span[0] + piece.span[1]) / 2
    return any(above.bottom - 1 <= s.position <= piece.top + 1 and s.start <= middle <= s.end for s in horizontal)


def _cells(pieces: list[_Piece], horizontal: list[Segment] = ()) -> list[_Piece]:
    """Pieces of one cell on successive lines (same span, close below each other, no ruling between) joined, top to bottom.

    (A scan's OCR gives the lines of a header row no fill box's edges: a quarter label
    and the column number under it share their span, and only the ruling parts them.)
    """
    cells: list[_Piece] = []
    cell_gap = current_tolerances().header.cell_gap
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        above = next((c for c in reversed(cells) if abs(c.span[0] - piece.span[0]) <= 2 and abs(c.span[1] - piece.span[1]) <= 2), None)
        if above is not None and piece.top - above.bottom <= cell_gap * piece.size and not _ruled_between(above, piece, list(horizontal)):
            cells[cells.index(above)] = _Piece(f"{above.text}\n{piece.text}", min(above.x0, piece.x0), max(above.x1, piece.x1), above.top,
                                               piece.bottom, above.size, above.span)
        else:
            cells.append(piece)
    return cells


def header_paths(page: PageGeometry, borders: list[float], top: float, bottom: float) -> list[list[str]]:
    """Each column's header cells, top to bottom."""
    chars = [c for c in page.chars if c.top >= top - 1 and c.bottom <= bottom + 1 and borders[0] <= c.x_center <= borders[-1]]
    cells = _cells(_pieces(page, lines_of(chars), borders), [s for s in page.segments if s.horizontal])
    paths = []
    for x0, x1 in zip(borders, borders[1:]):
        middle = (x0 + x1) / 2
        paths.append([c.text for c in cells if c.span[0] - 1 <= middle <= c.span[1] + 1])
    return paths


def find_layout(page: PageGeometry, family: Family, previous: Layout | None = None) -> Layout | None:
    """The page's columns when it prints the family's header; None when it prints no header.

    Raises LayoutProblem when a header is there but no column can carry the indicator
    or none carries values.
    """
    lines = lines_of(page.chars)
    pair_index, label_index = _pairs_and_labels(lines)
    searched = lines if pair_index is None else lines[:pair_index]
    title_index = next((i for i, line in enumerate(searched) if family.recognises(line_text(line))), None)
    if pair_index is None:
        if title_index is None:
            return None
        header_texts = [line_text(line) for line in lines[: title_index + 1]]
        raise LayoutProblem("unknown_layout", missing="K/Rp", text=" | ".join(header_texts))
    borders = column_borders(list(page.segments))
    header_texts = [line_text(line) for line in lines[: pair_index + 1]]
    if len(borders) < 3:
        raise LayoutProblem("unknown_layout", missing="K/Rp", text=" | ".join(header_texts))
    last = _pair_row_end(page, lines, pair_index, borders)
    header_bottom = max(c.bottom for c in lines[last])
    if last + 1 < len(lines) and _column_numbers(line_text(lines[last + 1])):
        header_bottom = max(c.bottom for c in lines[last + 1])  # a row of column numbers under the pairs
    rulings = [s.start for s in page.segments if not s.horizontal and borders[0] - 1 <= s.position <= borders[-1] + 1]
    table_top = min(rulings) if rulings else min(c.top for c in lines[label_index])
    # A title printed above the table (not in a header cell) is no header: its words would name every column.
    paths = header_paths(page, borders, table_top, header_bottom)
    notes: list[PairNote] = []
    if previous is not None and (previous.header_paths == paths or _same_borders(borders, previous.borders)):
        # The header an earlier page printed, over the same columns: the same columns (LibreOffice
        # clips a header repeated on the next page, so its words may be fewer).
        choices, notes = previous.choices, previous.pair_notes
    else:
        bodies = [[line_text(line) for line in lines_of(c for c in page.chars if x0 <= c.x_center < x1 and c.top > header_bottom)]
                  for x0, x1 in zip(borders, borders[1:])]
        above = [line_text(line) for line in lines if max(c.bottom for c in line) <= table_top + 0.5]
        choices = assign([HeaderColumn(p, b) for p, b in zip(paths, bodies)], list(family.fields), family.quarters_in_columns,
                         family.wording_map, year_of(above))
        if family.quarters_in_columns:
            choices, notes = name_pairs(paths, choices, family.wording_map)
    columns, unmapped = [], []
    for choice, x0, x1 in zip(choices, borders, borders[1:]):
        if choice.field is not None:
            name = NAME if choice.field == "item" else choice.field
            columns.append(Column(name, choice.quarter, x0, x1, choice.confidence))
        elif choice.header:
            unmapped.append(Column(choice.header, None, x0, x1, 0.0, mapped=False))
    names = {c.field for c in columns}
    if not names & {"indikator", NAME} or not any(c.quarter for c in columns):
        missing = "indikator" if not names & {"indikator", NAME} else "K/Rp"
        raise LayoutProblem("unknown_layout", missing=missing, text=" | ".join(header_texts))
    above_table = [line_text(line) for line in lines if max(c.bottom for c in line) <= table_top + 0.5]
    titles = above_table + ([line_text(lines[title_index])] if title_index is not None else [])
    return Layout(columns, _body_top(page, borders, header_bottom), header_texts, titles, unmapped, choices, borders, paths, notes)


def _pair_row_end(page: PageGeometry, lines: list[list[Char]], pair_index: int, borders: list[float]) -> int:
    """The last line of the K/Rp row's cells: a narrow cell breaks `Keuangan` into `Keu` / `ang` / `an`
    on lines of their own, above the ruling that closes the row. Lines of words only (a body row
    prints numbers), at most the header's max_pair_lines of them, and only when such a ruling is there."""
    tolerances = current_tolerances().header
    pair_bottom = max(c.bottom for c in lines[pair_index])
    width = borders[-1] - borders[0]
    across: dict[float, float] = {}
    for s in page.segments:
        if s.horizontal and s.position > pair_bottom - 0.5:
            key = round(s.position, 1)
            across[key] = across.get(key, 0.0) + min(s.end, borders[-1]) - max(s.start, borders[0])
    closing = min((y for y, length in across.items() if length >= tolerances.row_rule_share * width), default=None)
    if closing is None:
        return pair_index
    last = pair_index
    for index in range(pair_index + 1, min(len(lines), pair_index + 1 + tolerances.max_pair_lines)):
        line = lines[index]
        if max(c.bottom for c in line) > closing + 0.5 or any(c.text.isdigit() for c in line):
            break
        last = index
    return last


def _same_borders(a: list[float], b: list[float]) -> bool:
    tolerance = current_tolerances().grid.same_columns
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b))


def _column_numbers(text: str) -> bool:
    """`(6) (7) (8) ...`, `12 13 = 9+10+11+12 14 = 7+13`: the columns' numbers in a run, three or more,
    and nothing else but the formulas some forms print beside them."""
    if not re.fullmatch(r"[\d\s()=+\-x×/*.,]+", text):
        return False
    run: list[int] = []
    for token in text.split():
        leading = re.match(r"\(?(\d{1,2})\b", token)
        if leading and (not run or int(leading.group(1)) == run[-1] + 1):
            run.append(int(leading.group(1)))
    return len(run) >= 3


def _body_top(page: PageGeometry, xs: list[float], header_bottom: float) -> float:
    """The first ruling across the table below the header's last line."""
    width = xs[-1] - xs[0]
    below = [s.position for s in page.segments if s.horizontal and s.position >= header_bottom - 0.5 and s.end - s.start >= 0.1 * width]
    return min(below) if below else header_bottom


def continued_layout(page: PageGeometry, previous: Layout) -> Layout | None:
    """A page without header continues the previous header's columns, if its rulings agree."""
    xs = column_borders(list(page.segments))
    if not xs:
        return None
    every = previous.columns + previous.unmapped
    edges = sorted({round(c.x0, 1) for c in every} | {round(c.x1, 1) for c in every})
    tolerance = current_tolerances().grid.same_columns
    matched = all(any(abs(x - e) <= tolerance for x in xs) for e in edges)
    if not matched:
        return None
    top = min(s.start for s in page.segments if not s.horizontal and xs[0] - 1 <= s.position <= xs[-1] + 1)
    return Layout(previous.columns, top, previous.header_texts, [], previous.unmapped, previous.choices, previous.borders,
                  previous.header_paths)
