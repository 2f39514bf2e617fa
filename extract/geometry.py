"""What a backend reads off a page: characters with boxes, and ruling segments.

Everything downstream works on these plain records, so a new PDF library is a
new backend file and nothing else changes. Coordinates are PDF points with
the origin at the top left of the page (y grows downwards), as in pdfplumber.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from rekon.extract.tolerances import DEFAULT, current_tolerances


class Char(NamedTuple):
    """One glyph. A named tuple, not a dataclass: pages hold thousands of glyphs, and a tuple
    is made several times faster than a frozen dataclass (whose __init__ sets each field through
    object.__setattr__); reading the glyphs of a page was a third of extraction's time."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float = -1.0  # y of the glyph's origin; backends that cannot tell leave it to `bottom`
    confidence: float = -1.0  # 0-100 when read by OCR (its word's confidence); -1 from a text layer

    @property
    def base(self) -> float:
        return self.baseline if self.baseline >= 0 else self.bottom

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def x_center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_center(self) -> float:
        return (self.top + self.bottom) / 2


_new_char = partial(tuple.__new__, Char)  # Char(...) without its Python-level __new__: made once per glyph


class Glyphs(Sequence):
    """A page's glyphs as a backend read them into arrays (texts, and boxes as ``char_boxes`` gives
    them), each a ``Char`` only once one is asked for: most pages are read from the arrays alone
    (``text.cell_texts``), and a page holds thousands of glyphs. Reads, compares and pickles as the
    tuple of its ``Char``s."""

    __slots__ = ("_texts", "_boxes", "_chars")

    def __init__(self, texts: list[str], boxes: np.ndarray):
        self._texts, self._boxes, self._chars = texts, boxes, None

    def chars(self) -> tuple[Char, ...]:
        if self._chars is None:
            fields = zip(self._texts, *self._boxes.T.tolist(), repeat(-1.0)) if len(self._texts) else ()
            self._chars = tuple(map(_new_char, fields))
        return self._chars

    def __len__(self) -> int:
        return len(self._texts)

    def __bool__(self) -> bool:
        return bool(self._texts)

    def __getitem__(self, index):
        return self.chars()[index]

    def __iter__(self):
        return iter(self.chars())

    def __eq__(self, other) -> bool:
        return self.chars() == (other.chars() if isinstance(other, Glyphs) else other)

    def __hash__(self) -> int:
        return hash(self.chars())

    def __repr__(self) -> str:
        return repr(self.chars())

    def __reduce__(self):
        return tuple, (self.chars(),)


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal (y fixed, x0..x1) or vertical (x fixed, y0..y1) ruling."""

    horizontal: bool
    position: float
    start: float
    end: float


@dataclass(frozen=True)
class PageGeometry:
    number: int  # 1-based
    width: float
    height: float
    chars: tuple[Char, ...] | Glyphs
    segments: tuple[Segment, ...]
    image_count: int = 0
    rotation: int = 0
    extra: dict = field(default_factory=dict, compare=False)


_BOX_FIELDS = itemgetter(1, 2, 3, 4, 5)  # x0, x1, top, bottom, baseline
BOXES_KEY = "char_boxes"  # PageGeometry.extra: (the chars tuple, its boxes array), when a backend made the array
TEXTS_KEY = "glyph_texts"  # PageGeometry.extra: (the chars tuple, their texts as an object array), likewise
TEXT_LAYER_KEY = "text_layer"  # PageGeometry.extra: the chars tuple, when all of it is read from a text layer (no OCR confidence)


def char_boxes(page: PageGeometry) -> np.ndarray:
    """The glyphs' x0, x1, top, bottom and baseline as an (n, 5) array, in the order of `page.chars`.

    A backend that reads boxes as arrays leaves them in ``extra``; they are used only while they
    belong to the very tuple of glyphs the page holds (a page rebuilt with other glyphs recomputes).
    """
    made = page.extra.get(BOXES_KEY)
    if made is not None and made[0] is page.chars:
        return made[1]
    return np.fromiter(chain.from_iterable(map(_BOX_FIELDS, page.chars)), float, count=5 * len(page.chars)).reshape(-1, 5)


def glyph_texts(page: PageGeometry) -> np.ndarray:
    """The glyphs' texts as an array of str objects, in the order of `page.chars` (as ``char_boxes``)."""
    made = page.extra.get(TEXTS_KEY)
    if made is not None and made[0] is page.chars:
        return made[1]
    return texts_array([char.text for char in page.chars])


def from_text_layer(page: PageGeometry) -> bool:
    """Whether the backend read every glyph of the page from its text layer: none has an OCR confidence."""
    return page.extra.get(TEXT_LAYER_KEY) is page.chars


def texts_array(texts: list[str]) -> np.ndarray:
    array = np.empty(len(texts), dtype=object)
    array[:] = texts
    return array


# A filled rectangle thinner than this is a drawn border, not a shaded area: the default of
# current_tolerances().grid.max_border_thickness (extract/tolerances.py), importable here as before.
MAX_BORDER_THICKNESS = DEFAULT.grid.max_border_thickness


def segments_of_rect(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    """Borders may be drawn as thin filled rectangles: those are one segment; others give their four sides."""
    width, height = x1 - x0, bottom - top
    thickest = current_tolerances().grid.max_border_thickness
    if height <= thickest and width > height:
        return [Segment(True, (top + bottom) / 2, x0, x1)]
    if width <= thickest and height > width:
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    return [
        Segment(True, top, x0, x1),
        Segment(True, bottom, x0, x1),
        Segment(False, x0, top, bottom),
        Segment(False, x1, top, bottom),
    ]


def visible(x0: float, x1: float, top: float, bottom: float, width: float, height: float) -> bool:
    """Whether a glyph's centre lies on the page.

    Producers leave clipped text in the text layer: LibreOffice repeats a
    merged cell's text far above the page on every page the cell continues to.
    That text is not printed, so it is not read.
    """
    x, y = (x0 + x1) / 2, (top + bottom) / 2
    return 0 <= x <= width and 0 <= y <= height
