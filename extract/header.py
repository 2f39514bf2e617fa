"""Recognise header rows and map each column to its meaning by the header text.

Never by position: the quarters use different layouts, and TW IV orders its
value columns differently. A column's header is the path of header cells
above it, top to bottom (`Target` > `Pagu (Rp)`); each field is declared
below as the path elements it needs, in order. Header words broken inside
narrow cells (`Capaia n (%)`) still match, since spaces are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_KINERJA = ("kinerja", "k")
_PAGU = ("pagurp", "pagu", "paguanggaranrp", "paguanggaran", "anggaranrp", "anggaran", "rp")

# field -> alternative patterns; a pattern is a sequence of path elements (each
# a tuple of accepted normalised texts) that must occur in order, the last one
# being the column's own (lowest) header cell.
COLUMN_PATTERNS: dict[str, tuple[tuple[tuple[str, ...], ...], ...]] = {
    "no": ((("no", "nomor"),),),
    "tujuan": ((("tujuanstrategis", "tujuan"),),),
    "sasaran": ((("sasaranstrategis", "sasaran"),),),
    "program": ((("program",),),),
    "item": (
        (("programkegiatandansubkegiatan", "programkegiatansubkegiatan", "programkegiatan"),),
        (("kegiatansubkegiatan", "kegiatandansubkegiatan"),),
    ),
    "indikator": ((("indikatorkinerja", "indikator"),),),
    "satuan": ((("satuan",),),),
    "formula": (
        (
            (
                "caraformulapengukuran",
                "carapengukuranindikatorkinerja",
                "formulapengukuran",
                "carapengukuran",
                "formula",
            ),
        ),
    ),
    "target_kinerja": ((("target",), _KINERJA),),
    "target_pagu": ((("target",), _PAGU),),
    "realisasi_kinerja": ((("realisasi",), _KINERJA), (_KINERJA, ("realisasi",))),
    "realisasi_pagu": ((("realisasi",), _PAGU), (("anggaran",), ("realisasirp", "realisasi"))),
    "capaian_kinerja": ((("capaian",), _KINERJA), (_KINERJA, ("capaian",))),
    "capaian_pagu": ((("capaian",), _PAGU), (("anggaran",), ("capaian",))),
    "keterangan": ((("keterangan", "ket"),),),
}

# Texts that may stand in a header row without naming a column themselves.
_GROUP_WORDS = {"target", "realisasi", "capaian", "kinerja", "anggaran"}
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_QUARTER_WORD = re.compile(r"^(triwulan|tw)(i{1,3}|iv|[1-4])?$")


def normalise(text: str) -> str:
    """Lower case, letters and digits only: `Capaia n (%)` -> `capaian`, `Ket.` -> `ket`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _known_words() -> set[str]:
    words = set(_GROUP_WORDS)
    for patterns in COLUMN_PATTERNS.values():
        for pattern in patterns:
            for element in pattern:
                words.update(element)
    return words


_KNOWN = _known_words()


def is_header_text(text: str) -> bool:
    """A header word, a column number, or two header words run together (`Target Kinerja`)."""
    word = normalise(text)
    if word in _KNOWN or _COLUMN_NUMBER.match(text.strip()) or _QUARTER_WORD.match(word):
        return True
    return any(word[:i] in _KNOWN and word[i:] in _KNOWN for i in range(1, len(word)))


def is_column_number_row(texts: list[str]) -> bool:
    """The `(1) (2) ... (15)` row under the TW IV header."""
    present = [t for t in texts if t.strip()]
    return bool(present) and all(_COLUMN_NUMBER.match(t.strip()) for t in present)


def _matches(path: list[str], pattern: tuple[tuple[str, ...], ...]) -> bool:
    if not path or path[-1] not in pattern[-1]:
        return False
    position = 0
    for element in pattern[:-1]:
        while position < len(path) - 1 and path[position] not in element:
            position += 1
        if position >= len(path) - 1:
            return False
        position += 1
    return True


@dataclass(frozen=True)
class HeaderProblem:
    column: int
    text: str
    reason: str


def field_for(path_texts: list[str]) -> str | None | list[str]:
    """The field a header path names: one field, None for no match, or the list of rival fields."""
    path = [normalise(t) for t in path_texts if t.strip() and not _COLUMN_NUMBER.match(t.strip())]
    path = [p for p in path if not _QUARTER_WORD.match(p)]
    found = [name for name, patterns in COLUMN_PATTERNS.items() if any(_matches(path, p) for p in patterns)]
    if len(found) == 1:
        return found[0]
    return found or None


def map_columns(paths: list[list[str]]) -> tuple[dict[int, str], list[HeaderProblem]]:
    """Column index -> field for every grid column, and the headers that name nothing (or too much)."""
    mapping: dict[int, str] = {}
    problems: list[HeaderProblem] = []
    for column, texts in enumerate(paths):
        shown = " > ".join(t for t in texts if t.strip())
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
