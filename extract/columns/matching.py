"""One word of a header cell matched against the lexicon, tolerantly (``wording.py`` reads whole cells).

A word matches, the first way that works: the word itself; a derived form (the
same Indonesian stem with other affixes: `ketercapaian`, `realisasinya`, by
the Sastrawi stemmer); an abbreviation (a known one, `tgt`, or a prefix of one
lexicon word, `Ket.`); lexicon words run together (`paguanggaranrp`); a typo
within a small edit distance (`Realsiasi`, `Keteragan`). Each match carries a
strength (exact 1.0 down to 0.6 for the weakest guess) and how it matched.
Also here: splitting a cell into words, and whether a fragment on the next line
is the rest of a word a narrow cell broke.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from rekon.extract.columns.lexicon import ABBREVIATIONS, NOT_TYPOS, PERCENT, concept_words

# Stems too general to stand for the word they came from (`ukuran` is no `pengukuran`).
_VAGUE_STEMS = frozenset({"ukur", "satu", "kerja", "jalan", "belum", "laksana", "tanggung", "urus", "nama", "hasil"})


def tokens(text: str) -> list[str]:
    """Words of a cell, lower case: `Pagu (Rp)` -> pagu, rp; `s/d` -> sd; `PaguAnggaran` -> pagu, anggaran; `%` stays."""
    # `s/d`, `s.d.`: one word (sampai dengan), also glued to the word before it by a narrow cell (`Tgts.d.`).
    text = re.sub(r"(?i)(?<![a-z])s\s*[./]\s*d\b\.?|(?<=[a-z])s\.d\.", " sd ", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)  # CamelCase run together by a producer
    text = text.replace("%", " % ")
    # A zero typed for the letter O inside a word (`N0`, `N0MOR`): a word of letters has no digit 0.
    return [zeros_as_o(t) for t in re.split(r"[^0-9a-z%]+", text.lower()) if t]


def zeros_as_o(word: str) -> str:
    return word.replace("0", "o") if _LETTERS_AND_ZEROS.match(word) else word


_LETTERS_AND_ZEROS = re.compile(r"^(?=.*[a-z])(?=.*0)[a-z0]+$")


@lru_cache(maxsize=1)
def lexicon_words() -> dict[str, frozenset[str]]:
    return concept_words()


@lru_cache(maxsize=1)
def single_words() -> dict[str, frozenset[str]]:
    return {w: c for w, c in lexicon_words().items() if " " not in w}


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    class RootWords(ArrayDictionary):
        """Sastrawi's root words in a set: its own dictionary looks each word up in a list (2 ms a word)."""

        def __init__(self, words):
            self.words = set(w for w in words if w.strip())

        def contains(self, word):
            return word in self.words

    return Stemmer(RootWords(StemmerFactory().get_words()))


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return _stemmer().stem(word) if word.isalpha() and len(word) >= 5 else word


@lru_cache(maxsize=1)
def _stems() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for word, concepts in single_words().items():
        stem = _stem(word)
        if len(stem) >= 4 and stem not in _VAGUE_STEMS:
            found.setdefault(stem, set()).update(concepts)
    return {s: frozenset(c) for s, c in found.items()}


@lru_cache(maxsize=8192)
def match_word(word: str) -> tuple[frozenset[str], float, str] | None:
    """The concepts one word carries, its strength and how it matched; None when it carries none."""
    words = single_words()
    if word in words:
        return words[word], 1.0, "exact"
    if word == "%":
        return frozenset({PERCENT}), 1.0, "exact"
    if len(word) < 3 or word.isdigit() or word in NOT_TYPOS:
        return None
    # Sastrawi takes milliseconds a word: only a word holding a lexicon stem can be derived from it.
    if any(root in word for root in _stems()) and (stem := _stem(word)) != word and stem in _stems():
        return _stems()[stem], 0.9, "derived"
    if word in ABBREVIATIONS:
        return lexicon_words()[ABBREVIATIONS[word]], 0.8, "abbreviation"
    prefixed = {c for w, c in words.items() if len(w) >= len(word) + 2 and w.startswith(word)}
    if len(prefixed) == 1 and len(word) >= 3:
        return next(iter(prefixed)), 0.7, "abbreviation"
    if (parts := _glued(word)) is not None:
        return frozenset().union(*(words[p] for p in parts)), 0.9, "glued"
    return _typo(word)


def _glued(word: str) -> list[str] | None:
    """Lexicon words run together (`paguanggaranrp`), fewest parts first, each of two letters or more."""
    if len(word) < 6:
        return None
    words = single_words()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 14), end - 1):
            part = word[start:end]
            if best[start] is None or part not in words:
                continue
            candidate = best[start] + [part]
            if best[end] is None or len(candidate) < len(best[end]):
                best[end] = candidate
    found = best[-1]
    return found if found and 2 <= len(found) <= 4 else None


def _typo(word: str) -> tuple[frozenset[str], float, str] | None:
    if len(word) < 5:
        return None
    allowed = 1 if len(word) < 11 else 2  # `kewenangan` is no typo of `keterangan`
    close = [(OSA.distance(word, w), w) for w in single_words() if len(w) >= 5 and abs(len(w) - len(word)) <= 2]
    close = [(d, w, strength) for d, w in close if (strength := _slip_strength(word, w, d, allowed))]
    if not close:
        return None
    nearest = min(d for d, _, _ in close)
    concepts = {c for d, w, _ in close if d == nearest for c in single_words()[w]}
    if len({single_words()[w] for d, w, _ in close if d == nearest}) > 1:
        return None  # as close to words of different meanings: no guess
    return frozenset(concepts), max(s for d, _, s in close if d == nearest), "typo"


def _slip_strength(word: str, known: str, distance: int, allowed: int) -> float:
    """How surely `word` is `known` mistyped (0: not at all). One slip (two in a long word) is a typo.
    Letters typed in the wrong order keep the word's letters: two swaps in a word of six or more
    (`Ketreagnan`, `Sarsaan`) are still that word, when it starts with the same letter. A word keeps
    its ends through two slips in its middle (`Kegaiitan`, `ANGGARssN`, `Ntees`, `Saaeran`), unless it
    is an Indonesian word of its own: a weaker guess, the weakest in a short word of the same length."""
    if distance <= allowed:
        return 0.8
    if distance != 2:
        return 0.0
    if len(word) >= 6 and word[0] == known[0] and sorted(word) == sorted(known):
        return 0.7
    if word[0] != known[0] or word[-1] != known[-1] or _indonesian(word):
        return 0.0
    if min(len(word), len(known)) >= LONG_TYPO and len(word) != len(known):
        return 0.7
    return SHORT_SLIPS if len(word) == len(known) < LONG_TYPO + 1 else 0.0  # `replikasi` is no `realisasi`


SHORT_SLIPS = 0.6  # two letters mistyped in a word of up to 7 letters, its first and last kept, its length the same
LONG_TYPO = 7  # letters of a word (and of the lexicon word) from which two slips at its middle are still that word


def _indonesian(word: str) -> bool:
    """A word of its own (`pendapatan`, from `dapat`): a root word, or one derived from a root."""
    stem = _stem(word)
    return is_root_word(word) or stem != word and is_root_word(stem)



_SHORT_WORDS = frozenset("di ke ia yg se si tu dr sd s d".split())  # short words of their own the root list lacks


def is_root_word(word: str) -> bool:
    """An Indonesian root word (Sastrawi's dictionary)."""
    return word.lower() in _stemmer().dictionary.words


def rest_of_word(head: str, fragment: str) -> bool:
    """Whether `fragment`, printed on the next line, is the rest of `head` a narrow cell broke
    (`kelancara` / `n`, `Pengendali` / `an`): no word of its own, and the two joined are a word
    derived from an Indonesian root."""
    fragment = fragment.lower()
    if not fragment.isalpha() or is_root_word(fragment) or fragment in _SHORT_WORDS:
        return False
    joined = (head + fragment).lower()
    stem = _stem(joined)
    return stem != joined and is_root_word(stem)

