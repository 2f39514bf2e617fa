"""The national nomenclature of programs, kegiatan and sub kegiatan: codes and names.

Every regional government names its items from one national list with codes
(Permendagri 90/2019 and its updates): `1.02.01.2.02` is a kegiatan,
`1.02.01.2.02.0001` its first sub kegiatan. The list ships as package data
(``rekon.nomenclature_data``, see data/nomenclature/README.md) and is loaded
once per process. Printed names are looked up by a key that ignores case,
spacing, hyphen breaks and punctuation (an exact dict first, for speed), then
by rapidfuzz for slightly misspelt ones.
"""

from __future__ import annotations

import csv
import math
import gzip
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from rekon.extract.tolerant import score as tolerant_score
from rekon.extract.tolerant import words

ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
MIN_SCORE = 90.0  # fuzz.ratio of the keys: a typo or two in a long name stays above, another name does not
TOLERANT_SCORE = 90.0  # extract/tolerant.py's score: a suffix, a swap or a short form stays above, a parent's name does not
_PENUNJANG = "X.XX"
_LEVEL_BY_SEGMENTS = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}


def name_key(text: str) -> str:
    """What a name is looked up by: letters and digits only, case folded (`DPA- SKPD` = `DPA-SKPD`)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def level_of(kode: str) -> str:
    return _LEVEL_BY_SEGMENTS.get(kode.count(".") + 1, "")


def parent_of(kode: str) -> str:
    parts = kode.split(".")
    return ".".join(parts[:3] if len(parts) == 5 else parts[:5] if len(parts) == 6 else parts[:-1])


def generic(kode: str) -> str:
    """A printed `U.BB.01...` (the support programme of any bidang) as the list writes it, `X.XX.01...`."""
    parts = kode.split(".")
    if len(parts) >= 3 and parts[2] == "01" and kode[:4] != _PENUNJANG:
        return ".".join([_PENUNJANG, *parts[2:]])
    return kode


def localised(kode: str, bidang: str) -> str:
    """The list's `X.XX.01...` with the agency's bidang (`1.02`) in place of `X.XX`."""
    return bidang + kode[len(_PENUNJANG):] if bidang and kode.startswith(_PENUNJANG + ".") else kode


def same_code(a: str, b: str) -> bool:
    return bool(a) and bool(b) and generic(a) == generic(b)


def _preference(kode: str) -> tuple:
    """Among codes with the same name: kab/kota (kegiatan digit 2), provincial (1), then otsus variants."""
    parts = kode.split(".")
    digit = parts[3] if len(parts) > 3 else "2"
    return ({"2": 0, "1": 1}.get(digit, 2), kode)


@dataclass(frozen=True)
class Match:
    kode: str
    level: str
    name: str  # the official name of the code
    score: float  # 100 when the printed name is a name of the list (case, spacing and punctuation aside)

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class Nomenclature:
    def __init__(self, rows: list[tuple[str, str, bool]]):
        self.official: dict[str, str] = {}
        by_key: dict[str, set[str]] = {}
        for kode, nama, official in rows:
            if official:
                self.official[kode] = nama
            key = name_key(nama)
            if key:
                by_key.setdefault(key, set()).add(kode)
        self._codes = {key: tuple(sorted(codes, key=_preference)) for key, codes in by_key.items()}
        self._keys = {level: [k for k, codes in self._codes.items() if any(level_of(c) == level for c in codes)] for level in ITEM_LEVELS}
        self._all_keys = list(self._codes)
        self._names = tuple(rows)
        self._postings: dict[str, list[int]] | None = None
        self._children: dict[str, list[tuple[str, str]]] = {}
        for key, codes in self._codes.items():
            for kode in codes:
                self._children.setdefault(parent_of(kode), []).append((key, kode))

    def __len__(self) -> int:
        return len(self.official)

    def codes(self, name: str) -> tuple[str, ...]:
        """Codes whose official or other wording is exactly this name (case, spacing and punctuation aside)."""
        return self._codes.get(name_key(name), ())

    def levels(self, name: str) -> set[str]:
        return {level_of(kode) for kode in self.codes(name)}

    def find(self, name: str, level: str | None = None, parent: str = "", min_score: float = MIN_SCORE) -> Match | None:
        """The code of a printed name: exact first, else the closest name scoring at least `min_score`.

        Among codes with that name, a child of `parent` comes first (an ambiguous
        name is decided by the item printed above it).
        """
        return _find(self, name, level, parent, min_score)

    def nearest(self, name: str, level: str | None = None) -> Match | None:
        """The closest official name whatever its score (what a `nonstandard_name` finding shows)."""
        return _find(self, name, level, "", 0.0)

    def tolerant(self, name: str, level: str | None = None, min_score: float = TOLERANT_SCORE) -> Match | None:
        """The official name a reworded printed name says (extract/tolerant.py: words in any
        order, extra words, short forms, typos), scoring at least `min_score`; None when none does."""
        return _tolerant(self, name, level, min_score)

    def _word_index(self) -> dict[str, list[int]]:
        """word -> the names (positions in self._names) that print it, built once."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for position, (_, nama, _) in enumerate(self._names):
                for word in set(words(nama)):
                    postings.setdefault(word, []).append(position)
            self._postings = postings
        return self._postings

    def children(self, kode: str) -> list[str]:
        target = generic(kode)
        return sorted(c for c in self.official if parent_of(c) == target)

    def _child_candidate(self, key: str, parent: str, min_score: float) -> tuple[str, float] | None:
        """The parent's child whose name is closest to `key`: a typo of the list under the printed
        parent ("Penyelengaraan") beats the exact name listed under another parent."""
        children = self._children.get(generic(parent), [])
        if not children:
            return None
        found = process.extractOne(key, [k for k, _ in children], scorer=fuzz.ratio, score_cutoff=min_score)
        return (children[found[2]][1], found[1]) if found else None

    def _candidates(self, key: str, level: str | None, min_score: float) -> list[tuple[str, float]]:
        codes = self._codes.get(key, ())
        exact = [c for c in codes if level is None or level_of(c) == level]
        if exact:
            return [(c, 100.0) for c in exact]
        keys = self._keys[level] if level else self._all_keys
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=5)
        if not found:
            return []
        best = found[0][1]
        # Near ties are kept, so that the parent can choose between them.
        return [(c, score) for k, score, _ in found if score >= best - 2 for c in self._codes[k] if level is None or level_of(c) == level]


@lru_cache(maxsize=65536)
def _find(index: Nomenclature, name: str, level: str | None, parent: str, min_score: float) -> Match | None:
    key = name_key(name)
    if len(key) < 4:
        return None
    if parent and min_score > 0:
        child = index._child_candidate(key, parent, min_score)
        if child and (level is None or level_of(child[0]) == level):
            return Match(child[0], level_of(child[0]), index.official.get(child[0], ""), round(child[1], 1))
    candidates = index._candidates(key, level, min_score)
    if not candidates:
        return None
    parent_generic = generic(parent) if parent else ""
    kode, score = min(candidates, key=lambda cs: (parent_generic != "" and parent_of(cs[0]) != parent_generic, -cs[1], _preference(cs[0])))
    return Match(kode, level_of(kode), index.official.get(kode, ""), round(score, 1))


@lru_cache(maxsize=65536)
def _tolerant(index: Nomenclature, name: str, level: str | None, min_score: float) -> Match | None:
    printed = words(name)
    if len("".join(printed)) < 4:
        return None
    # Candidates: the names sharing the most telling printed words (a word few names print
    # tells more); then each is scored word by word.
    postings = index._word_index()
    weights: dict[int, float] = {}
    for word in set(printed):
        names = postings.get(word, ())
        for position in names:
            weights[position] = weights.get(position, 0.0) + math.log(len(index._names) / len(names))
    ranked = sorted(weights, key=weights.__getitem__, reverse=True)[:_CANDIDATES]
    # A name sharing less than half the telling words of the best one cannot say the printed name.
    floor = weights[ranked[0]] / 2 if ranked else 0.0
    best: tuple[float, str] | None = None
    for position in (p for p in ranked if weights[p] >= floor):
        kode, nama, _ = index._names[position]
        if level is not None and level_of(kode) != level:
            continue
        found = (tolerant_score(name, nama), kode)
        if best is None or found[0] > best[0] or found[0] == best[0] and _preference(found[1]) < _preference(best[1]):
            best = found
    if best is None or best[0] < min_score:
        return None
    kode = best[1]
    return Match(kode, level_of(kode), index.official.get(kode, ""), round(best[0], 1))


_CANDIDATES = 200


def _read() -> list[tuple[str, str, bool]]:
    data = resources.files("rekon.nomenclature_data").joinpath("names.csv.gz").read_bytes()
    reader = csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")))
    return [(row["kode"], row["nama"], row["official"] == "1") for row in reader]


@lru_cache(maxsize=1)
def nomenclature() -> Nomenclature:
    """The national list, read once per process."""
    return Nomenclature(_read())


def _plain_case(word: str) -> bool:
    return word.isupper() or word.islower() or word[:1].isupper() and word[1:].islower()


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word of every name of the list, case folded, without trailing punctuation.

    For repairing words that a narrow column broke (`PENGARUSUTAM` `AAN`); glued
    words of the list's own conversion glitches (`CadanganPangan`) are left out.
    """
    words: set[str] = set()
    for _, nama, _ in nomenclature()._names:
        for word in nama.split():
            word = word.strip("(),.;:\"'")
            if word and _plain_case(word):
                words.add(word.casefold())
    return frozenset(words)


def official_name(kode: str) -> str:
    """The list's name of a code as rows.csv writes it (the support programme localised or not)."""
    return nomenclature().official.get(generic(kode), "") if kode else ""


def names(level: str | None = None) -> list[str]:
    """The official names (of one level, or all)."""
    index = nomenclature()
    return [nama for kode, nama in index.official.items() if level is None or level_of(kode) == level]
