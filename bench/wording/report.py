"""What a generated report is (header cells, columns with their truth, body, print settings) and
`Words`, which draws a report's header wordings from the thesaurus and alters them as printed
headers are (bench/wording/generate.py tells how).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.wording import thesaurus as th
from bench.wording.bodies import Body
from bench.wording.thesaurus import Entry

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Default widths in Excel character units (samples/layouts.py uses the same scale).
WIDTHS = {"no": 4, "tujuan": 13, "sasaran": 13, "program": 15, "kegiatan": 20, "sub_kegiatan": 22, "item": 28, "indikator": 28,
          "satuan": 8, "formula": 30, "keterangan": 18, "kode": 11, "penanggung_jawab": 14}

@dataclass(frozen=True)
class Head:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    words: tuple[str, ...] = ()  # labels of the thesaurus wordings the cell was made of


@dataclass(frozen=True)
class Column:
    key: str  # the column's key in the printed body rows
    field: str  # the rows.csv field its values belong to (the truth)
    quarter: int | None = None
    numeric: bool = False
    width: float = 10.0  # Excel character units
    stretch: bool = False  # takes a share of the spare page width (reportlab producer)


@dataclass
class Report:
    family: str
    seed: int
    index: int
    layout: str
    heads: list[Head]
    header_rows: int
    columns: list[Column]
    titles: list[str]
    body: Body
    convention: str  # "comma" (1,234,567.89) or "dot" (1.234.567,89)
    paper: str
    font_size: float
    year: int
    quarter: int | None  # the one-quarter family's quarter
    used: list[Entry] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    known: bool = False

    @property
    def stem(self) -> str:
        return f"{self.family}-s{self.seed}{'k' if self.known else ''}-{self.index:04d}"

    def paths(self) -> list[tuple[str, ...]]:
        """Every column's header texts, top to bottom (a group cell appears in each column it spans)."""
        paths = []
        for col in range(len(self.columns)):
            cells = sorted((h for h in self.heads if h.col <= col < h.col + h.colspan), key=lambda h: h.row)
            paths.append(tuple(h.text for h in cells))
        return paths

    def column_held_out(self, col: int) -> bool:
        """Whether a cell over the column was made of a held-out wording."""
        held = th.held_out()
        return any(label in held for h in self.heads if h.col <= col < h.col + h.colspan for label in h.words)

    def wording(self) -> tuple:
        return tuple(self.paths())

    @property
    def held_out_words(self) -> list[str]:
        held = th.held_out()
        return sorted({label for h in self.heads for label in h.words if label in held})

    @property
    def held_out(self) -> bool:
        return bool(self.held_out_words)


class Words:
    """Draws wordings from the thesaurus and alters them, remembering what it used."""

    def __init__(self, rng: random.Random, year: int, quarter: int, english: float, known: frozenset[str] = frozenset(), held_out: bool = True):
        self.rng, self.year, self.quarter = rng, year, quarter
        self.allow_held_out = held_out  # False: the held-out wordings are not drawn
        self.period_kind = "period"  # the side-by-side form's blocks take the Renja periods too ("period_renja")
        self.known = known  # when set: only wordings of these sources (the reports rekon was built on), unaltered
        self.english = 0.0 if known else english  # chance a cell is an English gloss, fixed per report
        self.used: list[Entry] = []
        self.last: list[Entry] = []  # what the cell being made drew (see `head`)
        self.changes: list[str] = []
        self.upper = rng.random() < 0.2  # some reports print the whole header upper case

    def pick(self, key: str, dim: str | None = None, exclude: tuple[str, ...] = ()) -> str:
        entries = [e for e in th.lists()[key] if e.text not in exclude]
        if self.known:
            entries = [e for e in entries if self.known & set(e.sources)] or entries[:1]
        if not self.allow_held_out:
            entries = [e for e in entries if not th.is_held_out(e)] or entries[:1]
        if dim is not None:
            entries = [e for e in entries if e.dim in (None, dim)]
        entry = self.rng.choice(entries)
        self.used.append(entry)
        self.last.append(entry)
        return th.fill_placeholders(entry.text, self.year) if isinstance(entry.text, str) else entry.text

    def cell(self, key: str, english: str | None = None, dim: str | None = None, unit: str | None = None, alter: bool = True,
             period: bool = False, exclude: tuple[str, ...] = ()) -> str:
        """A header cell of list `key` (or its English gloss), altered as a printed header may be:
        a unit (`(Rp)`), a period (`Tahun 2023`, only where `period`), then at most two of
        abbreviation, typo, broken word, case."""
        self.last = []
        if english and f"english.{english}" in th.lists() and self.rng.random() < self.english:
            text = self.pick(f"english.{english}")
        else:
            text = self.pick(key, dim, exclude)
        if self.known:
            return text.upper() if self.upper else text
        if unit and self.rng.random() < 0.35 and unit not in text:
            text, change = th.filler(text, self.rng, "unit", self.year, self.quarter) if unit == "any" else (f"{text} {unit}", f"filler:{unit}")
            self.changes.append(change)
        if period and self.rng.random() < 0.2:
            text, change = th.filler(text, self.rng, self.period_kind, self.year, self.quarter)
            self.changes.append(change)
        return self.alter(text) if alter else (text.upper() if self.upper else text)

    def head(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Head:
        """A header cell made of what the last `cell` call drew."""
        return Head(text, row, col, rowspan, colspan, tuple(e.label for e in self.last))

    def alter(self, text: str) -> str:
        if self.known:
            return text.upper() if self.upper else text
        rng = self.rng
        steps = [
            (0.15, lambda t: th.abbreviate(t, rng)),
            (0.10, lambda t: th.typo(t, rng)),
            (0.08, lambda t: th.break_word(t, rng)),
            (0.08, lambda t: th.change_case(t, rng)),
        ]
        rng.shuffle(steps)
        done_count = 0
        for chance, step in steps:
            if done_count < 2 and rng.random() < chance and (done := step(text)):
                text, change = done
                self.changes.append(change)
                done_count += 1
        return text.upper() if self.upper else text


def number_cell(n: int, rng: random.Random) -> str:
    """A column number as header rows print them: `(3)` or `3`."""
    return f"({n + 1})" if rng.random() < 0.5 else str(n + 1)
