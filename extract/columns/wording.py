"""Read one header cell for the concepts its words carry, tolerantly.

A cell is split into words (case, spacing and punctuation do not matter;
`s/d` is one word; `PaguAnggaran` two). Each word, or a run of words, is
matched against the lexicon, the first way that works:

1. a phrase of the lexicon (`penanggung jawab`, `rencana strategis`);
2. a word broken by a narrow cell, joined again (`Capaia n`, `Reali sasi`);
3. the word itself, or a filler (`dan`, `yang`: known, no concept);
4. a derived form: the same Indonesian stem with other affixes
   (`ketercapaian`, `realisasinya`, `perhitungannya`), by the Sastrawi stemmer;
5. an abbreviation: a known one (`tgt`), or a prefix of one word (`Ket.`, `Indik.`);
6. words run together (`paguanggaranrp`);
7. a typo within a small edit distance of a word (`Realsiasi`, `Keteragan`).

(3-7: one word, ``matching.py``.) A word that matches nothing is ignored: it never makes the cell unreadable.
Each hit carries a strength (exact 1.0, down to 0.7 for a guessed prefix), its
position in the cell (Indonesian puts the head of a phrase first: `Tingkat
Capaian ... Realisasi Anggaran` is a capaian) and how it was matched, so
``rekon inspect`` can show what decided a column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from rekon.extract.columns.lexicon import DESCRIPTIVE, FILLERS, HEAD_NOUNS, ITEM, PENANGGUNG_JAWAB, QUARTER, SATUAN
from rekon.extract.columns.matching import lexicon_words, single_words, zeros_as_o, match_word, tokens

MAX_PHRASE = 4  # words in the longest phrase or broken word tried
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINAL = {"pertama": 1, "kesatu": 1, "first": 1, "kedua": 2, "second": 2, "ketiga": 3, "third": 3, "keempat": 4, "fourth": 4}
_QUARTER_WORDS = frozenset({"triwulan", "tw", "trw", "twl", "quarter", "qtr", "kuartal", "q"})
_COLUMN_NUMBER = re.compile(r"^\s*\(?\s*\d{1,2}\s*\)?\s*(=\s*[\d\s/x+\-*()]+)?$")


@dataclass(frozen=True)
class Hit:
    concepts: frozenset[str]
    strength: float
    position: int  # index of the first word in the cell
    printed: str  # the word(s) as printed
    how: str  # phrase, joined, exact, derived, abbreviation, glued, typo, user


@dataclass(frozen=True)
class CellReading:
    text: str
    hits: tuple[Hit, ...] = ()
    words: int = 0  # words of letters in the cell
    known: int = 0  # of those, words that carry a concept or are fillers
    quarter: int | None = None  # the one quarter the cell names (`Triwulan II`, `II`, `Q2`)
    quarter_range: bool = False  # it names a span of quarters (`Triwulan I - IV`)
    column_number: bool = False  # `(7)`, `7`, `(9)=(7)/(6)`
    fields: frozenset[str] = field(default_factory=frozenset)  # fields a user's layout names by this wording
    up_to: bool = False  # the quarter ends a span (`s/d Triwulan IV`): a total up to it, not the quarter alone

    def strength(self, concept: str) -> float:
        return max((h.strength for h in self.hits if concept in h.concepts), default=0.0)

    def first(self, concepts: tuple[str, ...]) -> str | None:
        """The concept among `concepts` named first in the cell (the head of an Indonesian phrase)."""
        for hit in sorted(self.hits, key=lambda h: (h.position, -h.strength)):
            named = [c for c in concepts if c in hit.concepts]
            if named:
                return named[0]
        return None

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset().union(*(h.concepts for h in self.hits)) if self.hits else frozenset()

    @property
    def known_share(self) -> float:
        return self.known / self.words if self.words else 0.0



def _quarter_word(word: str) -> bool:
    """`Triwulan`, `TW`, and a typo or stem of one (`Triwuan`)."""
    if word in _QUARTER_WORDS:
        return True
    found = match_word(word) if len(word) >= 5 else None
    return found is not None and QUARTER in found[0]


_UP_TO = frozenset({"sd", "sampai", "hingga", "until", "kumulatif", "cumulative"})


def _quarter(words: list[str]) -> tuple[int | None, bool, bool]:
    """The one quarter the words name, whether they name a range of quarters instead, and whether
    the quarter ends a span (`s/d Triwulan IV`: everything up to it)."""
    numbers: list[int] = []
    after_quarter_word = False
    up_to = False
    for index, word in enumerate(words):
        value = _ROMAN.get(word) or _ORDINAL.get(word)
        if value is None and word[:-1] in _QUARTER_WORDS and word[-1] in "1234":
            value = int(word[-1])  # `tw1`, `q3`
        elif value is None and word in "1234" and after_quarter_word:
            value = int(word)
        if value is not None:
            numbers.append(value)
            up_to = any(w in _UP_TO for w in words[max(0, index - 2) : index])
        after_quarter_word = _quarter_word(word)
    if len(numbers) > 1:  # `Triwulan I - IV`, `TW I s/d IV`; `s/d Triwulan III` is the third
        return None, True, False
    if numbers and (len(words) == 1 or any(_quarter_word(w) or w[:-1] in _QUARTER_WORDS for w in words) or words[0] in _ORDINAL):
        return numbers[0], False, up_to
    return None, False, False


def read_cell(text: str, user_wordings: dict[str, frozenset[str]] | None = None) -> CellReading:
    """The concepts a header cell carries (see the module's docstring)."""
    return _read_cell(text, tuple(sorted((user_wordings or {}).items())))


@lru_cache(maxsize=16384)
def _read_cell(text: str, user_wordings: tuple[tuple[str, frozenset[str]], ...]) -> CellReading:
    if _COLUMN_NUMBER.match(text):
        return CellReading(text, column_number=True)
    words = tokens(text)
    hits: list[Hit] = []
    known = letters = 0
    index = 0
    lexicon = lexicon_words()
    while index < len(words):
        step, hit = _match_at(words, index, lexicon)
        span = words[index : index + step]
        lettered = sum(any(ch.isalpha() for ch in w) for w in span)
        letters += lettered
        if hit is not None:
            hits.append(hit)
            known += lettered
        elif all(w in FILLERS or w in _ROMAN or w in _ORDINAL or w[:-1] in _QUARTER_WORDS and w[-1:] in "1234" for w in span):
            known += lettered
        index += step
    quarter, quarter_range, up_to = _quarter(words)
    fields = _user_fields(text, dict(user_wordings))
    return CellReading(text, tuple(_qualifiers(hits, words, _bracketed(text), _after_slash(text, len(words)))), letters, known, quarter, quarter_range, False, fields,
                       up_to)


GLOSS_WEIGHT = 0.25  # a kind of column named in brackets or after a head noun of its own counts this much


def _bracketed(text: str) -> list[bool]:
    """For each word of `tokens(text)`, whether it stands inside brackets."""
    flags, depth = [], 0
    for piece in re.split(r"([()\[\]])", text):
        if piece in ("(", "["):
            depth += 1
        elif piece in (")", "]"):
            depth = max(0, depth - 1)
        else:
            flags += [depth > 0] * len(tokens(piece))
    return flags


def _after_slash(text: str, count: int) -> list[bool]:
    """For each word of `tokens(text)`, whether a slash stands right before it (`Lokasi/Ket`: two kinds listed)."""
    text = re.sub(r"(?i)(?<![a-z])s\s*[./]\s*d\b\.?|(?<=[a-z])s\.d\.", " sd ", text)  # `s/d` is one word, as `tokens` reads it
    flags = [index > 0 and n == 0 for index, piece in enumerate(text.split("/")) for n in range(len(tokens(piece)))]
    return flags if len(flags) == count else [False] * count


_LISTS = frozenset({"urusan", "program", "kegiatan", "sub", "item"})  # `Nama Program/Kegiatan/Sub Kegiatan`: a list, no head


def _qualifiers(hits: list[Hit], words: list[str], bracketed: list[bool], slashed: list[bool]) -> list[Hit]:
    """Kinds of column that only qualify the column weigh less: in a bracketed gloss, after a head noun
    rekon knows carries no concept (`Lokasi Kegiatan`; not `Lokasi/Ket`, a list), or after the kind of column the cell names
    first (Indonesian puts the head first: `Penanggung Jawab Kegiatan` is who is in charge of it,
    `Cara Pengukuran Indikator` a formula); a list of levels stays a list."""
    found, head = [], frozenset()
    for hit in sorted(hits, key=lambda h: h.position):
        kinds = hit.concepts & DESCRIPTIVE
        gloss = hit.position < len(bracketed) and bracketed[hit.position]
        after_noun = hit.position > 0 and words[hit.position - 1] in HEAD_NOUNS and not slashed[hit.position]
        named = head == {ITEM} and bool(kinds) and ITEM not in kinds and not gloss and not after_noun
        if named:
            # `Nama Indikator`, `Uraian Sasaran`: a name or description *of* the kind that follows, which
            # is what the column is; the generic head only qualifies it (a list of levels stays a list).
            if not kinds <= _LISTS:
                found = [_weakened(h, "named") if h.concepts & DESCRIPTIVE == {ITEM} else h for h in found]
            head = kinds
            found.append(hit)
            continue
        if head == {SATUAN} and kinds == {PENANGGUNG_JAWAB} and not gloss:
            # `Unit in Charge`, `Satuan Kerja Penanggung Jawab`: a unit that is responsible is a unit of the
            # organisation, not of measure.
            found = [_weakened(h, "re-read") if h.concepts & DESCRIPTIVE == {SATUAN} else h for h in found]
            head = kinds
            found.append(hit)
            continue
        after_head = bool(kinds) and bool(head) and not kinds & head and not (kinds | head) <= _LISTS
        if kinds and (gloss or after_noun or after_head):
            hit = _weakened(hit, "gloss" if gloss else "qualifier")
        elif kinds and not head:
            head = kinds
        found.append(hit)
    return found


def _weakened(hit: Hit, why: str) -> Hit:
    return Hit(hit.concepts, hit.strength * GLOSS_WEIGHT, hit.position, hit.printed, f"{hit.how}, {why}")


@lru_cache(maxsize=1)
def _phrase_letters() -> dict[str, str]:
    """The lexicon's phrases by their letters run together: `unitperangkatdaerah` -> `unit perangkat daerah`."""
    return {phrase.replace(" ", ""): phrase for phrase in lexicon_words() if " " in phrase}


def _match_at(words: list[str], index: int, lexicon: dict[str, frozenset[str]]) -> tuple[int, Hit | None]:
    """How many words from `index` make the next unit, and what it carries."""
    sizes = range(min(MAX_PHRASE, len(words) - index), 1, -1)
    for size in sizes:
        phrase = " ".join(words[index : index + size])
        if phrase in lexicon:
            return size, Hit(lexicon[phrase], 1.0, index, phrase, "phrase")
    # A phrase whose words a narrow cell broke (`unit peran gkat daera h`): its letters exactly, some piece no word of its own.
    for size in range(min(2 * MAX_PHRASE, len(words) - index), 1, -1):
        span = words[index : index + size]
        phrase = _phrase_letters().get("".join(span))
        if phrase is not None and not all(_whole(w) for w in span):
            return size, Hit(lexicon[phrase], 0.95, index, " ".join(span), "joined phrase")
    # A word broken by a narrow cell: only when a piece is no word of its own, and the
    # pieces joined are a word exactly (`Capaia n`, `Reali sasi`), not a guess.
    # A word whole on its own is matched alone: only a broken piece starts a join.
    # One word joined whole is preferred to more pieces glued into several (`Respon sible Unit`
    # is `responsible` and `unit`, not `responsibleunit`).
    if not _whole(words[index]):
        for strict in (True, False):
            for size in sizes:
                span = words[index : index + size]
                found = match_word(zeros_as_o("".join(span)))
                if found is None or (found[2] in ("exact", "derived")) != strict:
                    continue
                # A typo in a broken word too (`Realsia si`), where no piece is a word of its own.
                exact = found[2] in ("exact", "derived", "glued")
                mistyped = found[2] == "typo" and len("".join(span)) >= 6 and all(match_word(w) is None for w in span)
                if exact or mistyped:
                    return size, Hit(found[0], min(found[1], 0.95), index, " ".join(span), "joined" if exact else "joined, typo")
    word = words[index]
    if word in FILLERS and word not in single_words():
        return 1, None
    found = match_word(word)
    if found is None:
        return 1, None
    return 1, Hit(found[0], found[1], index, word, found[2])



def _whole(word: str) -> bool:
    """A word of its own: a lexicon word or filler of three letters or more, a quarter's numeral."""
    if word in _ROMAN or word.isdigit():
        return True
    if len(word) < 3:
        return False
    if word in FILLERS:
        return True
    found = match_word(word)
    return found is not None and found[2] == "exact"


def _user_fields(text: str, wordings: dict[str, frozenset[str]]) -> frozenset[str]:
    """Fields a layout file names by this very wording (compared as words, a typo allowed in a long one)."""
    if not wordings:
        return frozenset()
    mine = " ".join(tokens(text))
    found = set()
    for wording, names in wordings.items():
        if mine == wording or len(wording) >= 8 and OSA.distance(mine, wording) <= 1:
            found |= names
    return frozenset(found)
