"""The quarter of a one-quarter report when its title does not name it plainly: other evidence, and where it came from.

The title names the quarter (`... TRIWULAN III TAHUN 2024`); a scan may read it
`TRlWULAN Ill`, and some agencies leave it out of the title. The report still
says it elsewhere: in the title read allowing for OCR's usual confusions (l, 1,
| and ! for I), in its column headers (`Realisasi s.d. Triwulan III`, `TW III`:
when they name one quarter only), or in the file's name (`...-tw3`,
`Triwulan_III`). Each is weaker than a plain title, so the reader says which it
used (`quarter_from_elsewhere`, information) rather than refusing the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
SOURCES = {
    "title": {"id": "judul (dibaca dengan koreksi salah baca OCR)", "en": "the title (read allowing for OCR misreadings)"},
    "header": {"id": "judul kolom", "en": "a column header"},
    "file_name": {"id": "nama berkas", "en": "the file name"},
}
_QUARTER_WORD = "TRIWULAN"
_LOOKS_LIKE_I = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "i": "I", "L": "I", "]": "I", "[": "I"})
_NAMED = re.compile(r"\b(?:TRIWULAN|TRW|TW)\s*[-.]?\s*(IV|III|II|I|[1-4])\b", re.IGNORECASE)
_IN_NAME = re.compile(r"(?:^|[^a-z])(?:tw|trw|triwulan|q)[\s_.-]*(iv|iii|ii|i|[1-4])(?![a-z0-9])", re.IGNORECASE)


def _numeral(token: str) -> int | None:
    """A quarter's numeral as printed or as OCR reads it (`Ill`, `1I`, `lV`); None for anything else."""
    token = token.strip(".,:;")
    if token in ("1", "2", "3", "4"):
        return int(token)
    return ROMAN.get(token.translate(_LOOKS_LIKE_I).upper()) if len(token) <= 3 else None


def _from_title(lines: Iterable[str]) -> tuple[int, str] | None:
    """A word within two slips of TRIWULAN, followed by a numeral as OCR may read it."""
    for line in lines:
        words = line.split()
        for word, after in zip(words, words[1:]):
            if Levenshtein.distance(word.upper().translate(_LOOKS_LIKE_I), _QUARTER_WORD) <= 2 and (quarter := _numeral(after)):
                return quarter, " ".join(line.split())
    return None


def _from_headers(texts: Iterable[str]) -> tuple[int, str] | None:
    """The one quarter the column headers name (`Realisasi s.d. Triwulan III`); None when they name none or several."""
    named: dict[int, str] = {}
    for text in texts:
        for match in _NAMED.finditer(text):
            quarter = ROMAN.get(match.group(1).upper()) or int(match.group(1))
            named.setdefault(quarter, " ".join(text.split()))
    return next(iter(named.items())) if len(named) == 1 else None


def _from_file_name(stem: str) -> tuple[int, str] | None:
    found = {ROMAN.get(m.group(1).upper()) or int(m.group(1)) for m in _IN_NAME.finditer(stem)}
    return (found.pop(), stem) if len(found) == 1 else None


def quarter_elsewhere(title_lines: list[str], header_texts: list[str], stem: str) -> tuple[int, str, str] | None:
    """(quarter, source, the text that named it), from the first source that names one; None when none does."""
    for source, found in (("title", _from_title(title_lines)), ("header", _from_headers(header_texts)),
                          ("file_name", _from_file_name(stem))):
        if found is not None:
            return found[0], source, found[1]
    return None
