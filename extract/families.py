"""Report families, declared as data: how each is recognised and what its columns are.

rekon reads two families of report:

- the Excel-exported *Pengukuran Kinerja dan Anggaran* (one quarter per file),
  whose columns are declared in ``extract/header.py`` and read by
  ``extract/pipeline.py`` through the ruled grid;
- the Word-exported Renja evaluation form with the four quarters side by side
  (*Realisasi Kinerja Pada Triwulan I - IV*), declared here and read by
  ``extract/side_by_side.py``.

A family is recognised from the text of a page header (``title``), its
columns are mapped by their header text (``columns``), and its quarters by a
label row over repeated pairs of sub-columns (``quarter_labels`` over
``pair``). Adding a family of the same shape is adding a ``Family`` here.
All header texts are compared normalised (``header.normalise``: lower case,
letters and digits only), so words broken in narrow cells still match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rekon.extract.header import normalise


@dataclass(frozen=True)
class Family:
    name: str
    title: re.Pattern  # matched against the normalised text of a header line
    columns: dict[str, tuple[str, ...]]  # field -> normalised header texts that name it (substring match)
    quarter_labels: dict[str, int]  # normalised label over a column pair -> quarter
    pair: dict[str, str]  # normalised sub-column label under a quarter -> rows.csv field
    anchors: tuple[str, ...]  # fields whose text starts a printed row (values may sit lower)
    required: tuple[str, ...]  # fields a page header must name, else the layout is unknown
    year: re.Pattern = field(default=re.compile(r"\bTAHUN\s+(\d{4})\b", re.IGNORECASE))
    cumulative: bool = False  # whether a quarter's realisation includes the earlier quarters'

    def recognises(self, line: str) -> bool:
        return bool(self.title.search(normalise(line)))


SIDE_BY_SIDE = Family(
    name="renja_tw_i_iv",
    title=re.compile(r"realisasikinerjapadatriwulani(iv|sampaiiv|siv)"),
    columns={
        "name": ("urusanbidangurusanprogramkegiatan", "urusanprogramkegiatan", "programkegiatan"),
        "indikator": ("indikatorkinerjaprogram", "indikatorkinerjakegiatan", "indikatorkinerja"),
        "penanggung_jawab": ("perangkatdaerahpenanggungjawab", "penanggungjawab"),
    },
    quarter_labels={"i": 1, "ii": 2, "iii": 3, "iv": 4},
    pair={"k": "realisasi_kinerja", "rp": "realisasi_pagu"},
    anchors=("name", "indikator", "penanggung_jawab"),
    required=("name", "indikator"),
    # Measured on the 2023 Tangerang Selatan forms: a kegiatan's Rp equals the sum of its
    # sub kegiatan in every quarter, and TW II amounts are often below TW I: per quarter.
    cumulative=False,
)

FAMILIES: tuple[Family, ...] = (SIDE_BY_SIDE,)


def recognise(lines: Iterable[str]) -> Family | None:
    """The family whose title one of the lines carries; None for the Excel family (or an unknown one)."""
    lines = list(lines)
    for family in FAMILIES:
        if any(family.recognises(line) for line in lines):
            return family
    return None


def field_of_header(family: Family, header_text: str) -> str | None:
    """The field a column's header text names, or None."""
    text = normalise(header_text)
    for name, keys in family.columns.items():
        if any(key in text for key in keys):
            return name
    return None


def recognise_pages(pages, first: int = 2) -> Family | None:
    """The family the header of the first pages names (``PageGeometry`` objects)."""
    from rekon.extract.text import line_text, lines_of

    pages = list(pages)[:first]
    # Cheap first look: a family's title words, in the order the text layer holds them. Only a
    # page that may carry a title is laid out in lines (the costly part) to be sure.
    raw = normalise("".join(char.text for page in pages for char in page.chars))
    if not any(family.title.search(raw) for family in FAMILIES):
        return None
    return recognise(line_text(line) for page in pages for line in lines_of(page.chars))
