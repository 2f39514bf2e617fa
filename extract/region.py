"""The region (kota, kabupaten, provinsi) a report belongs to, where its title prints it.

Agencies of different regions share names (every region has a DINAS KESEHATAN), so the
region is part of what a report is. Titles print it after the agency's name
("... KELUARGA BERENCANA KOTA SERANG", "PEMERINTAH KABUPATEN PANDEGLANG"); an agency whose
name holds the word KOTA ("DINAS TATA KOTA") is not a region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_KINDS = {"KOTA": "KOTA", "KABUPATEN": "KABUPATEN", "KAB": "KABUPATEN", "PROVINSI": "PROVINSI", "PROV": "PROVINSI"}
# The last KOTA/KABUPATEN/PROVINSI of a line followed by one to four words up to the line's end;
# "TATA KOTA" / "PERKOTAAN" are parts of agency names, not regions.
_REGION = re.compile(
    r"(?<!TATA )\b(KOTA|KABUPATEN|KAB|PROVINSI|PROV)\b\.?\s+((?:[A-Z][A-Z'.-]*\s*){1,4})$"
)
_NOT_A_PLACE = {"DAN", "TAHUN", "TRIWULAN", "SEMESTER"}


def region_of(lines: Iterable[str]) -> str:
    """`KOTA SERANG`, `KABUPATEN PANDEGLANG`, ... from the first title line that prints one; "" if none does."""
    for line in lines:
        text = " ".join(line.upper().split())
        found = None
        for match in _REGION.finditer(text):
            found = match
        if found is None:
            continue
        words = found.group(2).split()
        if not words or words[0] in _NOT_A_PLACE or any(w in _NOT_A_PLACE for w in words):
            continue
        return f"{_KINDS[found.group(1)]} {' '.join(words)}"
    return ""
