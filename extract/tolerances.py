"""The reading's tolerances in one place: each with its default, its unit and what it decides.

Like pdfplumber's `TableSettings`, one frozen object says how lenient the reading of a page is;
its parts follow the steps that use them (rulings into a grid, glyphs into lines, the header,
rows told by text blocks). The defaults are what every committed sample and real form is read
with. To read with others:

    from rekon.extract.tolerances import GridTolerances, Tolerances
    wider = Tolerances(grid=GridTolerances(snap=3.0))
    rekon.extract(["tw1.pdf"], tolerances=wider)        # or ReadOptions(tolerances=wider): it keys the cache

`extract_file(..., tolerances=...)` reads one file with them: the steps, however deep, ask
`current_tolerances()` for the values of the file being read (a context variable, so threads and workers
each have their own). The module constants these replaced (grid.SNAP_TOLERANCE ...) stay
importable as the defaults for a while; the reading no longer looks at them.

Not here: what a word or a score means (extract/columns, nomenclature and structure thresholds),
OCR's pixel measures (extract/ocr), which are no tolerance of a page's geometry; and bounds a
group's job applies across files (words.MAX_PIECES), which reads no page.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps


@dataclass(frozen=True)
class GridTolerances:
    """Rulings into a grid (extract/geometry.py, extract/grid.py, the PDFium backend, extract/table.py)."""

    snap: float = 1.5  # points: rulings closer than this are one line
    join: float = 1.5  # points: gaps smaller than this along a line are drawn over
    min_coverage: float = 0.6  # share of a fine cell's side that must be drawn to count as a border
    max_border_thickness: float = 2.5  # points: a filled rectangle thinner than this is a drawn border, not a shaded area
    straight: float = 0.5  # points: a line whose ends differ by less than this across its length is straight
    same_columns: float = 2.0  # points: a page's column borders within this of the previous page's continue its table


@dataclass(frozen=True)
class TextTolerances:
    """Glyphs into lines and words (extract/text.py, extract/side_by_side.py)."""

    baseline: float = 0.25  # share of the font size by which baselines of one line may differ
    space_gap: float = 0.12  # share of the font size: a wider gap between two glyphs is a space
    upper_share: float = 0.8  # share of a name's letters in capitals for it to be printed in capitals (a heading)


@dataclass(frozen=True)
class HeaderTolerances:
    """The header above the table (extract/header.py, extract/border_header.py)."""

    max_rows: int = 6  # rows a header in words rekon does not know may take
    lone_words: int = 2  # a row printing words in this many cells or fewer, under no group, is no lower header row
    min_rule_share: float = 0.25  # a vertical ruling must run this share of the longest one to be a column border
    cell_gap: float = 1.0  # share of the font size: lines of one header cell are closer than this
    row_rule_share: float = 0.5  # a horizontal ruling over this share of the table's width closes a header row
    max_pair_lines: int = 3  # lines a broken `Keuangan` may take below the K/Rp line


@dataclass(frozen=True)
class BlockTolerances:
    """Rows told by text blocks where no ruling separates them (extract/block_rows.py)."""

    gap: float = 0.4  # share of the font size: a wider gap between two lines of a column starts a new block
    start: float = 0.8  # share of the font size within which starts in different columns are one row
    line_slack: float = 0.6  # share of the font size by which a line may begin above its row's top
    usual_share: float = 0.75  # the usual line height of a page's anchor columns: this quantile of their lines' heights
    row_border_cover: float = 0.6  # share of a column's width a horizontal ruling must cover to separate its rows


@dataclass(frozen=True)
class Tolerances:
    """Every tolerance of the reading of a page, by the step that uses it."""

    grid: GridTolerances = field(default_factory=GridTolerances)
    text: TextTolerances = field(default_factory=TextTolerances)
    header: HeaderTolerances = field(default_factory=HeaderTolerances)
    blocks: BlockTolerances = field(default_factory=BlockTolerances)


DEFAULT = Tolerances()
_CURRENT: ContextVar[Tolerances] = ContextVar("rekon_tolerances", default=DEFAULT)


def current_tolerances() -> Tolerances:
    """The tolerances of the file being read (the defaults outside `extract_file`)."""
    return _CURRENT.get()


def reads_with_tolerances(read: Callable) -> Callable:
    """`read(..., tolerances=T)` runs with T current; without it, with those current already (a reading
    that reads again, as the recovery with pdfplumber does, keeps its caller's)."""

    @wraps(read)
    def reading(*args, tolerances: Tolerances | None = None, **kwargs):
        if tolerances is None:
            return read(*args, **kwargs)
        token = _CURRENT.set(tolerances)
        try:
            return read(*args, **kwargs)
        finally:
            _CURRENT.reset(token)

    return reading
