"""How much of an official name a printed name says, word by word, whatever its order and extras.

Agencies print the same item otherwise from one quarter to the next: the year added
(`... Tahun 2022`), words swapped (`Sarana dan Prasarana` / `Prasarana dan Sarana`), a
phrase as its short form (`Perangkat Daerah` -> `PD`, `Kabupaten/Kota` -> `Kab/Kota`), a
long word cut with a dot (`Penyel.`), a typo. A ratio of the whole strings drops fast under
such changes; here each word of the official name is looked for among the printed words:

- the same word, or the same but for a typo (one edit in a word of 5 to 8 letters, two in a
  longer one);
- a printed short form of it: a word cut after at least 3 letters (`Kab`, `Penyel.`), `&`
  for `dan`, or the initials of a run of official words (`PD`, `SKPD`, `BMD`).

The score (0-100) is a Dice coefficient over letters (a word weighs at least 4): the official
words covered, against the official name and the printed words used. A printed word that
answers to nothing (`Tahun`, `2022`) weighs half: a name with a suffix keeps a high score.
An official word left uncovered weighs three times: a sub kegiatan whose name is only part of
its kegiatan's name scores low against that kegiatan, `Kelompok B` against `Kelompok C`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

_WORD = re.compile(r"[0-9a-z]+|&")
_SAME = {"&": "dan"}


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_SAME.get(w, w) for w in _WORD.findall(text.casefold()))


def _typo(printed: str, official: str) -> bool:
    if len(official) < 5 or abs(len(printed) - len(official)) > 2:
        return False
    return Levenshtein.distance(printed, official, score_cutoff=2) <= (1 if len(official) <= 8 else 2)


def _cut(printed: str, official: str) -> bool:
    return len(printed) >= 3 and len(official) >= len(printed) + 2 and official.startswith(printed)


def score(printed: str, official: str) -> float:
    """How well `printed` names the `official` name, 0-100 (see the module's docstring)."""
    said, listed = _words(printed), _words(official)
    if not said or not listed:
        return 0.0
    covered = [False] * len(listed)
    used = [False] * len(said)
    # Exact words first, then typos, then short forms: a word is used once.
    for match in (lambda p, o: p == o, _typo, _cut):
        for i, p in enumerate(said):
            if used[i]:
                continue
            for j, o in enumerate(listed):
                if not covered[j] and match(p, o):
                    covered[j] = used[i] = True
                    break
    for i, p in enumerate(said):  # initials of a run of words still open (`PD`, `SKPD`)
        if used[i] or not 2 <= len(p) <= 5 or not p.isalpha():
            continue
        for j in range(len(listed) - len(p) + 1):
            run = range(j, j + len(p))
            if not any(covered[k] for k in run) and "".join(listed[k][0] for k in run) == p:
                for k in run:
                    covered[k] = True
                used[i] = True
                break
    total = sum(map(_weight, listed))
    matched = sum(_weight(o) for o, c in zip(listed, covered) if c)
    extra = sum(_weight(p) for p, u in zip(said, used) if not u)
    return 100.0 * 2 * matched / (total + matched + 0.5 * extra + 2 * (total - matched))


def _weight(word: str) -> int:
    """A word's weight: its letters, at least 4 (`B` in `Kelompok B` tells as much as a long word)."""
    return max(len(word), 4)
