"""Whether an indicator's realisation (K) adds up over the quarters, from its unit and its words.

The Renja evaluation form's year column is the sum of the quarters (13 = 9+10+11+12 in the
forms that print the formula). That holds for money always, and for an indicator's K only
where the K counts what the quarter produced: documents, reports, events (`Jumlah Dokumen ...`,
satuan `Laporan`). A percentage, an index, a score or a predicate is a level reached, not a
flow: its year value is the level at year end. A count of people or things held (`Jumlah Orang
yang Menerima Gaji`, satuan `Unit`) may be either. So an indicator is:

- ADDITIVE: a count of outputs, by its unit or by the noun its `Jumlah ...` counts;
- LEVEL: a percentage, ratio, index, value, score, predicate (by its unit or its first word);
- UNKNOWN: anything else. Its K is not summed: the rule says so instead of guessing.

The unit wins over the words (`Jumlah ...` measured in `%` is a level). Words are matched
case- and spacing-blind, and a long word within a small edit distance (`Persebtase`) counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

ADDITIVE, LEVEL, UNKNOWN = "additive", "level", "unknown"

# Units of a level: the value reached so far, not what a quarter adds.
LEVEL_UNITS = frozenset({
    "%", "persen", "prosen", "persentase", "percent", "indeks", "index", "nilai", "skor", "score", "poin", "point",
    "rasio", "ratio", "predikat", "tingkat", "level", "kategori", "opini", "skala", "peringkat", "ranking", "status",
})
# Units of what a quarter produces: adding the quarters gives the year's.
COUNT_UNITS = frozenset({
    "dokumen", "dok", "laporan", "lap", "kegiatan", "keg", "kali", "paket", "berkas", "rekomendasi", "sertifikat", "izin",
    "naskah", "buku", "eksemplar", "surat", "kajian", "raperda", "perda", "perkada", "rancangan", "peta", "modul",
    "publikasi", "rilis", "konten", "event", "forum", "rapat", "sosialisasi", "pelatihan", "kunjungan", "pertemuan",
    "berita", "notulen", "rekomendasi", "telaahan", "produk", "dokumentasi", "fasilitasi", "bimtek", "penyuluhan",
})
# First words of an indicator that measures a level.
LEVEL_WORDS = ("persentase", "prosentase", "presentase", "rasio", "indeks", "nilai", "tingkat", "rata", "cakupan",
               "capaian", "predikat", "skor", "proporsi", "derajat", "opini", "kualitas", "kepuasan", "prevalensi", "angka")
COUNT_WORDS = ("jumlah", "banyaknya", "terlaksananya", "tersusunnya", "tersedianya")
_TYPO_SCORE = 85.0  # fuzz.ratio: one letter off in a word of eight


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z%]+", text.casefold())


@lru_cache(maxsize=4096)
def _is(word: str, vocabulary: tuple[str, ...] | frozenset) -> bool:
    if word in vocabulary:
        return True
    return len(word) >= 6 and any(len(v) >= 6 and fuzz.ratio(word, v) >= _TYPO_SCORE for v in vocabulary)


def _unit_kind(satuan: str) -> str:
    words = _words(satuan)
    if "%" in satuan or any(_is(w, LEVEL_UNITS) for w in words):
        return LEVEL
    if words and _is(words[0], COUNT_UNITS):
        return ADDITIVE
    return UNKNOWN


def kinerja_kind(satuan: str, indikator: str) -> str:
    """ADDITIVE, LEVEL or UNKNOWN for an indicator printed with this unit and these words."""
    by_unit = _unit_kind(satuan or "")
    if by_unit != UNKNOWN:
        return by_unit
    words = _words(indikator or "")
    if not words:
        return UNKNOWN
    if _is(words[0], LEVEL_WORDS):
        return LEVEL
    if _is(words[0], COUNT_WORDS):
        # `Jumlah Dokumen ...` counts documents; `Jumlah Orang yang ...` people (stock or flow: unknown).
        counted = next((w for w in words[1:] if len(w) > 2), "")
        if counted and _is(counted, COUNT_UNITS):
            return ADDITIVE
        if words[0] in ("terlaksananya", "tersusunnya", "tersedianya"):
            return ADDITIVE if counted and _is(counted, COUNT_UNITS) else UNKNOWN
    return UNKNOWN
