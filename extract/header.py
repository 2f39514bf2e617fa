"""Recognise header rows and map each column to its meaning by the header text.

Never by position: the quarters use different layouts, and TW IV orders its
value columns differently. A column's header is its path of header cells, top
to bottom, merged group cells included (`Target` > `Pagu (Rp)`, `Anggaran` >
`Realisasi (Rp)`). Each cell of the path is read as header words declared
below with what they mean, so the same meaning may have many wordings (Pagu /
Pagu Anggaran / Alokasi / Anggaran; Target / Rencana; K / Kinerja; Ket /
Keterangan). Cell texts are compared without spaces and punctuation, so
header words broken inside narrow cells (`Capaia n (%)`) still match.

A value column is a measure (target, realisasi, capaian) of a dimension
(kinerja, anggaran): the lowest cell of the path that names one decides it,
wherever the producer put the group (`Target` > `Kinerja` or `Kinerja` >
`Target`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FIELDS = (
    "no",
    "tujuan",
    "sasaran",
    "program",
    "item",
    "indikator",
    "satuan",
    "formula",
    "target_kinerja",
    "target_pagu",
    "realisasi_kinerja",
    "realisasi_pagu",
    "capaian_kinerja",
    "capaian_pagu",
    "keterangan",
)
# Layouts with one column per level instead of the combined `item` column.
SEPARATE_ITEM_FIELDS = ("kegiatan", "sub_kegiatan")
ALL_FIELDS = FIELDS + SEPARATE_ITEM_FIELDS

# Header words (lower case, letters and digits only) and the meanings they carry. A cell's
# text is read as a run of these words; words that carry no meaning of their own are fillers.
HEADER_WORDS: dict[str, frozenset[str]] = {
    word: frozenset(meanings)
    for words, meanings in (
        (("no", "nomor", "nmr"), {"no"}),
        (("tujuan",), {"tujuan"}),
        (("sasaran",), {"sasaran"}),
        (("program", "prog"), {"program"}),
        (("kegiatan", "keg"), {"kegiatan"}),
        (("subkegiatan", "subkeg"), {"sub_kegiatan"}),
        (("indikator",), {"indikator"}),
        (("satuan", "sat"), {"satuan"}),
        (("cara", "formula", "pengukuran", "rumus", "metode"), {"formula"}),
        (("keterangan", "ket"), {"keterangan"}),
        (("target", "rencana"), {"target"}),
        (("realisasi", "real"), {"realisasi"}),
        (("capaian",), {"capaian"}),
        (("kinerja", "k", "fisik"), {"kinerja"}),
        (("anggaran", "keuangan", "rp", "rupiah", "dana"), {"anggaran"}),
        (("pagu", "alokasi"), {"anggaran", "planned"}),  # the planned budget: a target unless said otherwise
        (("strategis", "dan", "sd", "atau", "persen", "tahun"), set()),
    )
    for word in words
}

_MEASURES = ("target", "realisasi", "capaian")
_DIMENSIONS = {"kinerja": "kinerja", "anggaran": "pagu"}
_HIERARCHY = ("program", "kegiatan", "sub_kegiatan")
# Non-value meanings, strongest first: `Cara Pengukuran Indikator Kinerja` is a formula,
# `Indikator Kinerja` an indicator, not a kinerja value.
_PLAIN_FIELDS = ("formula", "indikator", "satuan", "keterangan", "tujuan", "sasaran")

_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_QUARTER_WORD = re.compile(r"^(triwulan|tw)(i{1,3}|iv|[1-4])?$")
_QUARTER_PHRASE = re.compile(r"(sd|sampaidengan|sampai)?(triwulan|tw)(iv|iii|ii|i|[1-4])$")
# A short bracketed tail is the column's unit: `(%)`, `(Rp)`. OCR misreads the `%` (`(90)`,
# `(46)`, `(Yo)`) or a bracket (`90)`), so such a tail may be anything short.
_UNIT_TAIL = re.compile(r"(?:\s*\(\s*[^()\s]{0,4}\s*\)?|\s+[^()\s]{0,4}\))\s*$")


def normalise(text: str) -> str:
    """Lower case, letters and digits only: `Capaia n (%)` -> `capaian`, `Ket.` -> `ket`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=4096)
def meanings(text: str) -> frozenset[str] | None:
    """What one header cell says: the union of its words' meanings; None when it is not all header words.

    The cell is split into declared words with the fewest words (`paguanggaranrp` is
    pagu + anggaran + rp), so two words run together or a word broken by a narrow cell
    still read. A cell that does not read whole is read without its bracketed unit:
    the unit may say something (`Realisasi (Rp)`), but the words before it say what the
    column is, and a unit OCR garbled (`Capaian (90)` for `Capaian (%)`) must not hide them;
    then without stray short tokens (`Target ae`).
    """
    whole = _word_meanings(text)
    if whole is not None:
        return whole
    without_unit = _UNIT_TAIL.sub("", text)
    if without_unit != text and (found := _word_meanings(without_unit)) is not None:
        return found
    return _without_specks(without_unit)


def _without_specks(text: str) -> frozenset[str] | None:
    """A cell read with a stray token of one or two characters beside its words (`Target ae`, a scan's speck read by OCR).

    Such a token is left out when what remains is header words with a word of
    four letters or more among them: `Target ae` is a target column.
    """
    tokens = text.split()
    kept = [t for t in tokens if len(normalise(t)) > 2 or _word_meanings(t) is not None]
    if len(kept) == len(tokens) or not any(len(normalise(t)) >= 4 for t in kept):
        return None
    return _word_meanings(" ".join(kept))


def _word_meanings(text: str) -> frozenset[str] | None:
    # `Realisasi s.d. Triwulan I`: the quarter a group names is no meaning of the column.
    word = _QUARTER_PHRASE.sub("", normalise(text))
    if not word:
        return None
    # best[i]: fewest words covering word[:i], with their meanings
    best: list[tuple[int, frozenset[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, frozenset())
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 12), end):
            if best[start] is None or word[start:end] not in HEADER_WORDS:
                continue
            count, found = best[start]
            candidate = (count + 1, found | HEADER_WORDS[word[start:end]])
            if best[end] is None or candidate[0] < best[end][0]:
                best[end] = candidate
    return best[-1][1] if best[-1] is not None else None


def is_header_text(text: str) -> bool:
    """Header words that mean something, a column number, or a quarter (`Triwulan IV`)."""
    if _COLUMN_NUMBER.match(text.strip()) or _QUARTER_WORD.match(normalise(text)):
        return True
    return bool(meanings(text))


def is_column_number_row(texts: list[str]) -> bool:
    """The `(1) (2) ... (15)` row under the TW IV header."""
    present = [t for t in texts if t.strip()]
    return bool(present) and all(_COLUMN_NUMBER.match(t.strip()) for t in present)


@dataclass(frozen=True)
class HeaderProblem:
    column: int
    text: str
    reason: str


def _path_meanings(path_texts: list[str]) -> list[frozenset[str]] | None:
    """The meanings of each cell of the path, top to bottom, without numbers and quarters.

    A group cell that is no header text (`Tahun 2022`, a producer's own title) is
    skipped; the column's own (lowest) cell must be header text.
    """
    cells = [t for t in path_texts if t.strip() and not _COLUMN_NUMBER.match(t.strip())]
    cells = [t for t in cells if not _QUARTER_WORD.match(normalise(t))]
    if not cells:
        return None
    read = [meanings(t) for t in cells]
    if read[-1] is None:
        return None
    return [m for m in read if m]


def field_for(path_texts: list[str]) -> str | None | list[str]:
    """The field a header path names: one field, None for no match, or the list of rival fields."""
    path = _path_meanings(path_texts)
    if not path:
        return None
    every = frozenset().union(*path)
    for name in _PLAIN_FIELDS:
        if name in every:
            rivals = [other for other in _PLAIN_FIELDS if other in every and other not in ("indikator", "formula")]
            if name in ("formula", "indikator") or len(rivals) == 1:
                return name
            return rivals
    levels = [level for level in _HIERARCHY if level in every]
    if len(levels) > 1:
        return "item"  # Program/Kegiatan/Sub Kegiatan, Kegiatan/Sub Kegiatan: one combined column
    if levels:
        return levels[0]
    if "no" in every:
        return "no"
    return _value_field(path)


def _value_field(path: list[frozenset[str]]) -> str | None | list[str]:
    measure = _lowest(path, _MEASURES)
    if measure is None and any("planned" in cell for cell in path):
        measure = "target"
    dimension = _lowest(path, tuple(_DIMENSIONS))
    if isinstance(measure, list) or isinstance(dimension, list):
        rivals = [f"{m}_{_DIMENSIONS[d]}" for m in _listed(measure) for d in _listed(dimension)]
        return rivals or None
    if measure is None or dimension is None:
        return None
    return f"{measure}_{_DIMENSIONS[dimension]}"


def _lowest(path: list[frozenset[str]], choices: tuple[str, ...]) -> str | list[str] | None:
    """The choice named by the lowest cell that names any (a list when that cell names several)."""
    for cell in reversed(path):
        named = [c for c in choices if c in cell]
        if len(named) == 1:
            return named[0]
        if named:
            return named
    return None


def _listed(value: str | list[str] | None) -> list[str]:
    return value if isinstance(value, list) else [value] if value else []


def map_columns(paths: list[list[str]]) -> tuple[dict[int, str], list[HeaderProblem]]:
    """Column index -> field for every grid column, and the headers that name nothing (or too much)."""
    mapping: dict[int, str] = {}
    problems: list[HeaderProblem] = []
    for column, texts in enumerate(paths):
        shown = " > ".join(" ".join(t.split()) for t in texts if t.strip())
        if not shown:
            continue
        field = field_for(texts)
        if isinstance(field, str):
            if field in mapping.values():
                problems.append(HeaderProblem(column, shown, f"a second column for {field}"))
            else:
                mapping[column] = field
        elif field is None:
            problems.append(HeaderProblem(column, shown, "unknown header"))
        else:
            problems.append(HeaderProblem(column, shown, f"ambiguous header: {', '.join(field)}"))
    return mapping, problems
