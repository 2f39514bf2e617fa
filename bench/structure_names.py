"""Item names reworded the ways agencies reword them between quarters, on copies of the sources.

    rename(sources, rng, count) -> (sources, renamed)

Each rewording changes one printed item name (a program, kegiatan or sub kegiatan) in one
quarter only, the way the same item is printed otherwise from one quarter to the next:

- ``suffix``: the year or a remark added (`... Tahun 2022`, `... TA 2022`, `(Lanjutan)`);
- ``reorder``: the words on either side of a `dan` swapped, or two neighbouring words;
- ``abbreviate``: a phrase written as its usual short form (`Perangkat Daerah` -> `PD`,
  `Kabupaten/Kota` -> `Kab/Kota`, `dan` -> `&`) or a long word cut with a dot (`Penyel.`);
- ``typo``: a letter dropped, doubled or swapped inside a word.

The level of every row stays what the source says: the truth of a reworded item is its new
name at its old level. A reworded name may rightly be a `nonstandard_name` finding.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pandas as pd

from samples.source import CONTINUES_ABOVE

KINDS = ("suffix", "reorder", "abbreviate", "typo")
ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
YEAR = 2022
# Short forms Indonesian reports use for phrases of the national list (a sample of a open list:
# `abbreviate` also cuts any long word with a dot, which no list holds).
SHORT_FORMS = {
    "Satuan Kerja Perangkat Daerah": "SKPD",
    "Organisasi Perangkat Daerah": "OPD",
    "Perangkat Daerah": "PD",
    "Barang Milik Daerah": "BMD",
    "Aparatur Sipil Negara": "ASN",
    "Keluarga Berencana": "KB",
    "Kabupaten/Kota": "Kab/Kota",
    "Kabupaten/ Kota": "Kab/Kota",
    "Pemerintah Daerah": "Pemda",
    "Sumber Daya Manusia": "SDM",
    "Pengarusutamaan Gender": "PUG",
    "Tahun Anggaran": "TA",
    " dan ": " & ",
}
_SUFFIXES = ("Tahun {year}", "TA {year}", "Tahun Anggaran {year}", "(Lanjutan)")


@dataclass(frozen=True)
class Renamed:
    quarter: int
    indicator_ids: tuple[str, ...]  # the rows of the item (its indicator rows)
    level: str
    kind: str
    before: str
    after: str


def _cased(text: str, upper: bool) -> str:
    return text.upper() if upper else text


def suffix(name: str, rng: random.Random) -> str:
    upper = name.isupper()
    return f"{name.rstrip()} {_cased(rng.choice(_SUFFIXES).format(year=YEAR), upper)}"


def reorder(name: str, rng: random.Random) -> str:
    words = name.split()
    around = [i for i in range(1, len(words) - 1) if words[i].lower() == "dan" and words[i - 1].isalpha() and words[i + 1].isalpha()]
    if around:
        i = rng.choice(around)
        words[i - 1], words[i + 1] = words[i + 1], words[i - 1]
        return " ".join(words)
    if len(words) < 3:
        return name
    i = rng.randrange(1, len(words) - 1)  # the first word (PROGRAM, Penyediaan ...) stays first
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def abbreviate(name: str, rng: random.Random) -> str:
    upper = name.isupper()
    phrases = [p for p in SHORT_FORMS if p.lower() in name.lower()]
    if phrases and rng.random() < 0.6:
        phrase = rng.choice(phrases)
        short = _cased(SHORT_FORMS[phrase], upper) if phrase.strip() else SHORT_FORMS[phrase]
        return re.sub(re.escape(phrase), short, name, count=1, flags=re.IGNORECASE)
    words = name.split()
    long_words = [i for i, w in enumerate(words) if i > 0 and w.isalpha() and len(w) >= 9]
    if not long_words:
        return name
    i = rng.choice(long_words)
    words[i] = words[i][: rng.randint(4, 6)] + "."
    return " ".join(words)


def typo(name: str, rng: random.Random) -> str:
    spots = [m.start() + 1 for m in re.finditer(r"[A-Za-z]{5,}", name)]
    if not spots:
        return name
    i = rng.choice(spots) + rng.randrange(2)
    kind = rng.randrange(3)
    if kind == 0:
        return name[:i] + name[i + 1 :]
    if kind == 1:
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


REWORD = {"suffix": suffix, "reorder": reorder, "abbreviate": abbreviate, "typo": typo}


def _item_cells(source: pd.DataFrame) -> list[tuple[int, str, list[int]]]:
    """(row of the printed name, the column it is printed in, the rows of the item) of every
    program, kegiatan and sub kegiatan printed in `source`."""
    found = []
    for column in ("item", "program"):
        cells = source[column].tolist()
        for index, text in enumerate(cells):
            if text in ("", CONTINUES_ABOVE) or source.at[index, "level"] not in ITEM_LEVELS:
                continue
            if column == "program" and source.at[index, "level"] != "program" and not text.upper().startswith("PROGRAM"):
                continue
            rows = [index]
            while rows[-1] + 1 < len(cells) and cells[rows[-1] + 1] == CONTINUES_ABOVE:
                rows.append(rows[-1] + 1)
            found.append((index, column, rows))
    return found


def rename(sources: dict[int, pd.DataFrame], rng: random.Random, count: int) -> tuple[dict[int, pd.DataFrame], list[Renamed]]:
    """Copies of `sources` with `count` item names reworded, each in one quarter."""
    sources = {q: s.copy() for q, s in sources.items()}
    candidates = [(q, *cell) for q, source in sources.items() for cell in _item_cells(source)]
    rng.shuffle(candidates)
    done: list[Renamed] = []
    used: set[str] = set()
    for quarter, index, column, rows in candidates:
        if len(done) >= count:
            break
        source = sources[quarter]
        before = source.at[index, column]
        key = " ".join(before.split()).lower()
        if key in used:
            continue
        kind = rng.choice(KINDS)
        after = REWORD[kind](" ".join(before.split()), rng)
        if after == " ".join(before.split()):
            continue
        source.at[index, column] = after
        level = "program" if column == "program" else source.at[index, "level"]
        if column == "program":  # a program column merged over its kegiatan: the rows below it carry it
            rows = _program_rows(source, index)
        ids = tuple(source.loc[rows, "indicator_id"])
        done.append(Renamed(quarter, ids, level, kind, before, after))
        used.add(key)
    return sources, done


def _program_rows(source: pd.DataFrame, index: int) -> list[int]:
    rows = [index]
    cells = source["program"].tolist()
    while rows[-1] + 1 < len(cells) and cells[rows[-1] + 1] == CONTINUES_ABOVE:
        rows.append(rows[-1] + 1)
    return rows
