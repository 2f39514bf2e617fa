"""How each quarter's table is laid out on the sheet: columns, widths and header cells.

Declared as data so that the renderer has one code path for every layout, and
the variant set differs only in the numbers given here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Column:
    field: str  # source column printed here
    width: float  # Excel character units
    numeric: bool = False


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int  # 0-based within the header block
    col: int  # 0-based column index
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    paper: str = "Legal"  # openpyxl paper size name, see PAPER_SIZES
    font_size: float = 7.0
    titles: tuple[str, ...] = field(default=())

    def column_index(self, source_field: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.field == source_field)


PAPER_SIZES = {"A4": 9, "A3": 8, "Legal": 5, "Letter": 1}

_QUARTERLY_COLUMNS = (
    Column("no", 3.5),
    Column("tujuan", 13),
    Column("sasaran", 13),
    Column("item", 28),
    Column("indikator", 28),
    Column("satuan", 8),
    Column("formula", 36),
    Column("target_kinerja", 7, numeric=True),
    Column("target_pagu", 13, numeric=True),
    Column("realisasi_kinerja", 7, numeric=True),
    Column("realisasi_pagu", 13, numeric=True),
    Column("capaian_kinerja", 8, numeric=True),
    Column("capaian_pagu", 7, numeric=True),
    Column("keterangan", 20),
)


def _quarterly_header(kinerja: str, keterangan: str) -> tuple[HeaderCell, ...]:
    spanning = [
        "No",
        "Tujuan Strategis",
        "Sasaran Strategis",
        "Program Kegiatan dan Sub Kegiatan",
        "Indikator Kinerja",
        "Satuan",
        "Cara Formula Pengukuran",
    ]
    cells = [HeaderCell(text, 0, col, rowspan=2) for col, text in enumerate(spanning)]
    cells += [
        HeaderCell("Target", 0, 7, colspan=2),
        HeaderCell("Realisasi", 0, 9, colspan=2),
        HeaderCell("Capaian (%)", 0, 11, colspan=2),
        HeaderCell(keterangan, 0, 13, rowspan=2),
        HeaderCell(kinerja, 1, 7),
        HeaderCell("Pagu (Rp)", 1, 8),
        HeaderCell(kinerja, 1, 9),
        HeaderCell("Pagu (Rp)", 1, 10),
        HeaderCell(kinerja, 1, 11),
        HeaderCell("Pagu", 1, 12),
    ]
    return tuple(cells)


_YEAR_END_COLUMNS = (
    Column("no", 3.5),
    Column("tujuan", 12),
    Column("sasaran", 12),
    Column("program", 15),
    Column("item", 24),
    Column("indikator", 28),
    Column("satuan", 8),
    Column("formula", 38),
    Column("target_kinerja", 7, numeric=True),
    Column("target_pagu", 13, numeric=True),
    Column("realisasi_kinerja", 7, numeric=True),
    Column("capaian_kinerja", 7, numeric=True),
    Column("realisasi_pagu", 13, numeric=True),
    Column("capaian_pagu", 7, numeric=True),
    Column("keterangan", 18),
)


def _year_end_header() -> tuple[HeaderCell, ...]:
    spanning = [
        "No",
        "Tujuan Strategis",
        "Sasaran Strategis",
        "Program",
        "Kegiatan/ Sub Kegiatan",
        "Indikator Kinerja",
        "Satuan",
        "Cara Pengukuran Indikator Kinerja",
    ]
    cells = [HeaderCell(text, 0, col, rowspan=3) for col, text in enumerate(spanning)]
    cells += [
        HeaderCell("Target", 0, 8, rowspan=2, colspan=2),
        HeaderCell("Triwulan IV", 0, 10, colspan=4),
        HeaderCell("Ket.", 0, 14, rowspan=3),
        HeaderCell("Kinerja", 1, 10, colspan=2),
        HeaderCell("Anggaran", 1, 12, colspan=2),
        HeaderCell("Kinerja", 2, 8),
        HeaderCell("Pagu Anggaran (Rp)", 2, 9),
        HeaderCell("Realisasi", 2, 10),
        HeaderCell("Capaian (%)", 2, 11),
        HeaderCell("Realisasi (Rp)", 2, 12),
        HeaderCell("Capaian (%)", 2, 13),
    ]
    cells += [HeaderCell(f"({n + 1})", 3, n) for n in range(15)]
    return tuple(cells)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def titles(quarter: int, year: int, opd: str, city: str) -> tuple[str, ...]:
    return (
        f"TRIWULAN {ROMAN[quarter]}",
        f"PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}",
        f"{opd} {city}",
        f"OPD : {opd}",
    )


def layout_for(quarter: int, titles_: tuple[str, ...]) -> Layout:
    """The layout the real reports used: TW I spells the headers out, TW II-III abbreviate, TW IV differs."""
    if quarter == 4:
        return Layout("year_end", _YEAR_END_COLUMNS, _year_end_header(), 4, titles=titles_)
    if quarter == 1:
        header = _quarterly_header("Kinerja", "Keterangan")
    else:
        header = _quarterly_header("K", "Ket")
    return Layout("quarterly", _QUARTERLY_COLUMNS, header, 2, titles=titles_)


def variant_of(layout: Layout) -> Layout:
    """Another page size and other column widths, for the variant set."""
    widths = {
        "tujuan": 10,
        "sasaran": 11,
        "program": 15,
        "item": 34,
        "indikator": 24,
        "formula": 30,
        "keterangan": 24,
        "target_pagu": 15,
        "realisasi_pagu": 15,
    }
    columns = tuple(replace(c, width=widths.get(c.field, c.width)) for c in layout.columns)
    return replace(layout, columns=columns, paper="A4", font_size=7.5)
