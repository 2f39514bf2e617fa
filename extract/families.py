"""Report families, declared as data (``families.yaml``): how each is recognised and read.

rekon reads every family with one chain: geometry -> grid -> header meaning
(``extract/columns``, the same for every family) -> rows -> hierarchy. A family
declares where it differs: how its header is laid out (``header``: the ruled
grid's cells, or lines under the vertical rulings), how its rows are found
(``rows``: one per indicator cell, or text blocks), where its quarters are
(``quarters``: one per file named in the title, or side by side in columns), the
fields its columns may hold, its anchors and level columns.

A family with a ``shape`` is recognised by its header: ``quarter_pairs`` is a
row of K/Rp pairs under at least two quarter labels. Its title words (matched
word by word, a typo allowed in a long word) only make a page worth laying out
in lines to look for that shape: a one-quarter report titled
"Realisasi Kinerja pada Triwulan III" is no side-by-side form. A file whose
first pages show no such shape is read as the first family without a shape
(``one_quarter``).

A user's layout file (``--layout``, ``extract/layout_file.py``) adds title words
and header wordings to these declarations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import OSA

DECLARATIONS = Path(__file__).with_name("families.yaml")
YEAR = re.compile(r"\bTAHUN\s+(\d{4})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _pairs_in_text() -> re.Pattern:
    """K/Rp pairs side by side in the text layer's order, three in a row: the cheap sign of a quarter_pairs header.
    The words are the lexicon's for performance and money, whole or cut to three letters or more (`Vol`, `Ang`,
    `Keu`: a narrow cell breaks them, the rest printed on the next line)."""
    from rekon.extract.columns.lexicon import ANGGARAN, KINERJA, PLANNED, WORDS

    def forms(concepts: tuple[str, ...]) -> str:
        words = {w for c in concepts for w in WORDS[c] if w.isalpha()}
        cut = {w[:n] for w in words if len(w) >= 5 for n in range(3, len(w))}
        return "|".join(sorted(words | cut, key=lambda w: (-len(w), w)))

    money = forms((ANGGARAN, PLANNED))
    return re.compile(rf"(?:(?:{forms((KINERJA,))})(?:{money})(?:rp)?){{3}}")


@dataclass(frozen=True)
class Family:
    name: str
    titles: tuple[str, ...]
    fields: tuple[str, ...]
    header: str = "grid"  # grid | borders
    rows: str = "cells"  # cells | blocks
    quarters: str = "title"  # title | columns
    shape: str | None = None  # quarter_pairs
    anchors: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    cumulative: bool = True  # whether a quarter's realisation includes the earlier quarters'
    wordings: tuple[tuple[str, frozenset[str]], ...] = ()  # a layout file's header wordings -> fields

    @property
    def quarters_in_columns(self) -> bool:
        return self.quarters == "columns"

    @property
    def wording_map(self) -> dict[str, frozenset[str]]:
        return dict(self.wordings)

    def recognises(self, line: str) -> bool:
        """Whether a line of text carries one of the family's title phrases, word by word, a typo allowed per word."""
        from rekon.extract.columns.matching import tokens

        words = tokens(line)
        return any(_carries(words, _phrase_words(phrase)) for phrase in self.titles)


def normalise(text: str) -> str:
    """Lower case, letters and digits only: `Capaia n (%)` -> `capaian`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=256)
def _phrase_words(phrase: str) -> list[str]:
    from rekon.extract.columns.matching import tokens

    return tokens(phrase)


def _carries(words: list[str], phrase: list[str]) -> bool:
    """The phrase's words in a row among the line's, each the same or (five letters or more) one edit away."""
    def same(a: str, b: str) -> bool:
        return a == b or min(len(a), len(b)) >= 5 and OSA.distance(a, b) <= 1

    if not set(phrase) & set(words):  # no word of the phrase printed right: not worth comparing word by word
        return False
    return any(all(same(w, p) for w, p in zip(words[i : i + len(phrase)], phrase)) for i in range(len(words) - len(phrase) + 1))


@lru_cache(maxsize=1)
def builtin() -> tuple[Family, ...]:
    return tuple(family_of(name, spec) for name, spec in yaml.safe_load(DECLARATIONS.read_text(encoding="utf-8")).items())


def family_of(name: str, spec: dict) -> Family:
    if not all(isinstance(f, str) for f in spec["fields"]):  # YAML reads a bare `no` as false
        raise ValueError(f"{name}: every field must be a name in quotes where YAML would read it otherwise: {spec['fields']}")
    return Family(
        name=name,
        titles=tuple(spec.get("title", ())),
        fields=tuple(spec["fields"]),
        header=spec.get("header", "grid"),
        rows=spec.get("rows", "cells"),
        quarters=spec.get("quarters", "title"),
        shape=spec.get("shape"),
        anchors=tuple(spec.get("anchors", ())),
        levels=tuple(spec.get("levels", ())),
        cumulative=bool(spec.get("cumulative", True)),
    )


@dataclass(frozen=True)
class Declarations:
    """The families a run reads: the built-in ones, with a layout file's additions."""

    families: tuple[Family, ...] = field(default_factory=builtin)

    @property
    def default(self) -> Family:
        return next(f for f in self.families if f.shape is None)

    def named(self, name: str) -> Family:
        return next(f for f in self.families if f.name == name)

    def with_additions(self, titles: dict[str, list[str]], wordings: dict[str, list[str]]) -> "Declarations":
        """Title phrases per family and header wordings per field (for every family) added."""
        from rekon.extract.columns.matching import tokens

        by_wording: dict[str, set[str]] = {}
        for name, texts in wordings.items():
            for text in texts:
                by_wording.setdefault(" ".join(tokens(text)), set()).add(name)
        added = tuple((w, frozenset(names)) for w, names in sorted(by_wording.items()))
        families = tuple(replace(f, titles=f.titles + tuple(titles.get(f.name, ())), wordings=f.wordings + added) for f in self.families)
        return Declarations(families)


BUILTIN = Declarations()


def recognise_pages(pages, declarations: Declarations = BUILTIN, first: int = 2) -> Family | None:
    """The shaped family the header of the first pages shows (``PageGeometry`` objects); None for the default."""
    from rekon.extract.border_header import prints_quarter_pairs
    from rekon.extract.geometry import char_boxes, glyph_texts
    from rekon.extract.text import page_line_texts

    pages = list(pages)[:first]
    shaped = [f for f in declarations.families if f.shape]
    if not shaped:
        return None
    # Cheap first look, in the text layer's order: K/Rp pairs side by side, or a family's title.
    raw = normalise("".join(text for page in pages for text in glyph_texts(page).tolist()))
    if not _pairs_in_text().search(raw) and not any(normalise(phrase) in raw for f in shaped for phrase in f.titles):
        return None
    for page in pages:
        lines = page_line_texts(page.chars, char_boxes(page), texts=glyph_texts(page))
        if prints_quarter_pairs(lines):
            titled = [f for f in shaped if any(f.recognises(line) for line in lines)]
            return (titled or shaped)[0]
    return None


def year_of(lines: Iterable[str]) -> int | None:
    for line in lines:
        if m := YEAR.search(line):
            return int(m.group(1))
    return None
