"""The table layouts of the second producer, declared as data: columns, widths, header cells, paper.

Widths are in points. Numeric columns are as wide as their widest value (as Word's
autofit makes them, so a number is never broken); `stretch` columns share what is left
of the page width; the others keep their width, so the narrow Program column breaks
long words in the middle, as Word does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A3, A4, landscape


@dataclass(frozen=True)
class Column:
    field: str  # printed field, see samples.producer2.printed
    width: float  # points; the least width for numeric and stretch columns
    numeric: bool = False
    stretch: bool = False


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    page_size: tuple[float, float]
    font_size: float
    margin: float = 30.0

    @property
    def fields(self) -> list[str]:
        return [column.field for column in self.columns]


FONT = "Times-Roman"
BOLD_FONT = "Times-Bold"

_HIERARCHY_COMBINED = (Column("item", 112, stretch=True),)
# Narrow on purpose (in ems of the body font): `PROGRAM` fits, `PENUNJANG`, `PEMERINTAHAN`,
# `KABUPATEN/` do not and are broken.
_NARROW_PROGRAM_EMS = 5.9
_NARROW_PROGRAM = Column("program", 0)
_HIERARCHY_SEPARATE = (_NARROW_PROGRAM, Column("kegiatan", 80, stretch=True), Column("sub_kegiatan", 80, stretch=True))
_HIERARCHY_YEAR_END = (_NARROW_PROGRAM, Column("item", 100, stretch=True))

# The wordings of one meaning differ between quarters, as between real agencies.
_QUARTERLY_GROUPS = {
    1: (("Rencana", "Kinerja", "Anggaran (Rp)"), ("Realisasi", "Kinerja", "Anggaran (Rp)"), ("Capaian (%)", "Kinerja", "Anggaran"), "Keterangan"),
    2: (("Target", "K", "Alokasi (Rp)"), ("Realisasi", "K", "Keuangan (Rp)"), ("Capaian (%)", "K", "Keuangan"), "Ket."),
    3: (("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian (%)", "Kinerja", "Pagu"), "Keterangan"),
}
_QUARTERLY_VALUES = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")
# TW IV groups by kind, Kinerja then Anggaran, so the value columns come in another order.
_YEAR_END_GROUPS = (
    ("Kinerja", ("Target", "Realisasi", "Capaian (%)")),
    ("Anggaran", ("Pagu Anggaran (Rp)", "Realisasi (Rp)", "Capaian (%)")),
)
_YEAR_END_VALUES = ("target_kinerja", "realisasi_kinerja", "capaian_kinerja", "target_pagu", "realisasi_pagu", "capaian_pagu")

_HIERARCHY_TITLES = {
    "item": "Program/ Kegiatan/ Sub Kegiatan",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub Kegiatan",
}


def _text_columns(hierarchy: tuple[Column, ...], font_size: float) -> tuple[Column, ...]:
    narrow = _NARROW_PROGRAM_EMS * font_size
    hierarchy = tuple(replace(c, width=narrow) if c is _NARROW_PROGRAM else c for c in hierarchy)
    return (
        Column("no", 14),
        Column("tujuan", 52),
        Column("sasaran", 52),
        *hierarchy,
        Column("indikator", 96, stretch=True),
        Column("satuan", 34),
        Column("formula", 120, stretch=True),
    )


def _text_column_titles(hierarchy: tuple[Column, ...], year_end: bool) -> list[str]:
    titles = ["No", "Tujuan Strategis", "Sasaran Strategis"]
    for column in hierarchy:
        if year_end and column.field == "item":
            titles.append("Kegiatan/ Sub Kegiatan")
        else:
            titles.append(_HIERARCHY_TITLES[column.field])
    return titles + ["Indikator Kinerja", "Satuan", "Cara Pengukuran Indikator Kinerja" if year_end else "Cara/ Formula Pengukuran"]


def layout_for(quarter: int, style: str) -> Layout:
    """The layout of `quarter` in `style` ("closed" or "separate_columns")."""
    separate = style == "separate_columns"
    year_end = quarter == 4
    if separate:
        hierarchy = _HIERARCHY_SEPARATE
    else:
        hierarchy = _HIERARCHY_YEAR_END if year_end else _HIERARCHY_COMBINED
    font_size = 8.0 if separate else 6.5
    text_columns = _text_columns(hierarchy, font_size)
    titles = _text_column_titles(hierarchy, year_end)
    numbered = separate and year_end  # a row of column numbers under the header, as many reports print
    header_rows = 2 + numbered
    cells = [HeaderCell(text, 0, col, rowspan=2) for col, text in enumerate(titles)]
    columns = list(text_columns)
    col = len(columns)
    if year_end:
        for group, leaves in _YEAR_END_GROUPS:
            cells.append(HeaderCell(group, 0, col, colspan=len(leaves)))
            cells += [HeaderCell(leaf, 1, col + n) for n, leaf in enumerate(leaves)]
            col += len(leaves)
        values, keterangan = _YEAR_END_VALUES, "Keterangan"
    else:
        *groups, keterangan = _QUARTERLY_GROUPS[quarter]
        for group, kinerja, anggaran in groups:
            cells += [HeaderCell(group, 0, col, colspan=2), HeaderCell(kinerja, 1, col), HeaderCell(anggaran, 1, col + 1)]
            col += 2
        values = _QUARTERLY_VALUES
    columns += [Column(field, 26, numeric=True) for field in values]
    columns.append(Column("keterangan", 62))
    # Widths above are for 6.5 pt; a larger font widens the fixed columns alike.
    scale = font_size / 6.5
    columns = [c if c.stretch or c.field == "program" else replace(c, width=c.width * scale) for c in columns]
    cells.append(HeaderCell(keterangan, 0, len(columns) - 1, rowspan=2))
    if numbered:
        cells += [HeaderCell(str(n + 1), 2, n) for n in range(len(columns))]
    page_size = landscape(A3) if separate else landscape(A4)
    return Layout(tuple(columns), tuple(cells), header_rows, page_size, font_size)
