"""The printed form, as data: which columns a variant prints, its header cells and its body cells.

Both producers (python-docx through Writer, openpyxl through Calc) draw the same `Sheet`:
a grid of columns, header cells with their spans, body cells, and the vertical merges of
the body (an item's name, code and Rp cells over its indicator rows; the Sasaran cell over
a program's block). What each printed row holds is also its truth (``truth.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from samples.layouts import HeaderCell
from samples.renja_full.plan import PAIRS, QUARTERS, Agency

QUARTER_LABELS = dict(zip(QUARTERS, ("I", "II", "III", "IV")))
SINGLE = ("no", "sasaran", "kode", "name", "indikator", "satuan", "pj", "ket")
# rows.csv fields of each K/Rp pair (the quarters' realisation is realisasi_kinerja/_pagu of that quarter's record)
PAIR_FIELDS = {
    "target_renstra": ("target_renstra_kinerja", "target_renstra_pagu"),
    "renstra_lalu": ("realisasi_renstra_lalu_kinerja", "realisasi_renstra_lalu_pagu"),
    "target": ("target_kinerja", "target_pagu"),
    **{q: (f"realisasi_kinerja_{q}", f"realisasi_pagu_{q}") for q in QUARTERS},
    "tahun": ("realisasi_tahun_kinerja", "realisasi_tahun_pagu"),
    "capaian": ("capaian_kinerja", "capaian_pagu"),
    "renstra": ("realisasi_renstra_kinerja", "realisasi_renstra_pagu"),
    "capaian_renstra": ("capaian_renstra_kinerja", "capaian_renstra_pagu"),
}
# The numbers the real forms print over their columns (../shared/real: 2, 3, 7-10, 14).
REGULATION_NUMBERS = {"no": "1", "name": "2", "indikator": "3", "target_renstra": "4", "renstra_lalu": "5", "target": "6",
                      "q1": "7", "q2": "8", "q3": "9", "q4": "10", "tahun": "11", "renstra": "12", "capaian_renstra": "13",
                      "pj": "14", "ket": "15"}
MERGE = "^"  # a cell merged with the one above it (as data/source writes it)


@dataclass(frozen=True)
class Variant:
    stem: str
    agency: Agency
    producer: str  # writer (python-docx -> LibreOffice Writer) | calc (openpyxl -> LibreOffice Calc)
    groups: tuple[str, ...]  # printed columns in order: SINGLE names and PAIRS keys
    numbering: str  # sequential | formulas (`13 = 9+10+11+12`) | regulation (the real forms' own numbers)
    quarters_filled: int = 4
    percent_suffix: bool = False  # a percentage K printed `85,50%`
    trimmed_title: bool = False  # the real trimmed form: the title inside the header, numbers above K/Rp
    paper: str = "A3"
    font_size: float = 7.0

    @property
    def pairs(self) -> tuple[str, ...]:
        return tuple(g for g in self.groups if g in PAIRS)

    def printed_fields(self) -> list[str]:
        """The truth fields this variant prints (the others stay empty in its truth)."""
        fields = {"no": [], "sasaran": ["sasaran"], "kode": ["kode_printed"], "name": ["name"], "indikator": ["indikator"],
                  "satuan": ["satuan"], "pj": ["penanggung_jawab"], "ket": ["keterangan"]}
        return [f for g in self.groups for f in (fields[g] if g in fields else PAIR_FIELDS[g])]


@dataclass
class Sheet:
    titles: list[str]
    widths: list[float]  # relative widths (characters)
    numeric: list[bool]
    header: list[HeaderCell]
    header_rows: int
    body: list[list[str]] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)
    merges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first body row, last body row)
    truth: list[dict] = field(default_factory=list)
    origin: list[tuple] = field(default_factory=list)  # (Item, Indicator or None) each body row prints


def _id_number(value: Decimal | None, decimals: int, nil: str) -> str:
    """Indonesian: `4.171.374.305`, `12,50`; `nil` for None."""
    if value is None:
        return nil
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def rupiah(value: Decimal | None, filled: bool = True) -> str:
    if not filled:
        return ""
    return "-" if value is None or value == 0 else _id_number(value, 0, "-")


def kinerja(value: Decimal | None, satuan: str, kind: str, percent_suffix: bool, filled: bool = True) -> str:
    if not filled:
        return ""
    if value is None:
        return "-"
    decimals = 0 if kind in ("count", "stock") else 2
    text = _id_number(value, decimals, "-")
    return text + "%" if percent_suffix and satuan == "%" else text


def capaian(value: Decimal | None) -> str:
    return _id_number(value, 2, "-")


def _headers(variant: Variant) -> dict[str, str]:
    agency, year = variant.agency, variant.agency.year
    pd_ = "Perangkat Daerah Provinsi" if agency.province else "Perangkat Daerah"
    return {
        "no": "No", "sasaran": "Sasaran", "kode": "Kode", "satuan": "Satuan",
        "name": "Urusan/Bidang Urusan/Program/Kegiatan" if variant.trimmed_title else
                f"Urusan/Bidang Urusan Pemerintahan Daerah{' Provinsi' if agency.province else ''} dan Program/Kegiatan/Sub Kegiatan",
        "indikator": "Indikator Kinerja Program (Outcome)/Indikator Kinerja Kegiatan (Output)" if variant.trimmed_title else
                     "Indikator Kinerja Program (outcome)/ Kegiatan (output)",
        "target_renstra": f"Target Renstra {pd_} pada Tahun {agency.renstra_end} (Akhir Periode Renstra {pd_})",
        "renstra_lalu": f"Realisasi Capaian Kinerja Renstra {pd_} sampai dengan Renja {pd_} Tahun Lalu ({year - 1})",
        "target": f"Target Kinerja dan Anggaran Renja {pd_} Tahun Berjalan ({year}) yang Dievaluasi",
        "quarters": f"Realisasi Kinerja Pada Triwulan I - IV Tahun {year}" if variant.trimmed_title else "Realisasi Kinerja Pada Triwulan",
        "tahun": f"Realisasi Capaian Kinerja dan Anggaran Renja {pd_} yang Dievaluasi",
        "capaian": f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renja {pd_} yang Dievaluasi (%)",
        "renstra": f"Realisasi Kinerja dan Anggaran Renstra {pd_} s/d Tahun {year} (Akhir Tahun Pelaksanaan Renja {pd_} Tahun {year})",
        "capaian_renstra": f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra {pd_} s/d Tahun {year} (%)",
        "pj": "Perangkat Daerah Penanggung Jawab" if variant.trimmed_title else f"Unit {pd_} Penanggung Jawab",
        "ket": "Keterangan",
    }


def _numbers(variant: Variant) -> dict[str, str]:
    if variant.numbering == "regulation":
        return {g: REGULATION_NUMBERS[g] for g in variant.groups}
    numbers = {g: str(i) for i, g in enumerate(variant.groups, 1)}
    if variant.numbering == "formulas":
        n = numbers
        if "tahun" in n and all(q in n for q in QUARTERS):
            n["tahun"] = f"{n['tahun']} = {'+'.join(n[q] for q in QUARTERS)}"
        if "renstra" in n and "renstra_lalu" in n:
            n["renstra"] = f"{n['renstra']} = {n['renstra_lalu']}+{n['tahun'].split()[0]}"
        if "capaian_renstra" in n and "target_renstra" in n:
            n["capaian_renstra"] = f"{n['capaian_renstra']} = {n['renstra'].split()[0]}/{n['target_renstra']} x 100"
        if "capaian" in n and "target" in n:
            n["capaian"] = f"{n['capaian']} = {n['tahun'].split()[0]}/{n['target']} x 100"
    return numbers


def columns(variant: Variant) -> list[tuple[str, str]]:
    """(group, part) of every physical column: part is '' for a single column, else K or Rp."""
    found = []
    for group in variant.groups:
        found += [(group, "")] if group in SINGLE else [(group, "K"), (group, "Rp")]
    return found


_WIDTHS = {"no": 3.5, "sasaran": 9, "kode": 15.5, "name": 17, "indikator": 17, "satuan": 6, "pj": 10, "ket": 10, "K": 8, "Rp": 14}


def header_cells(variant: Variant) -> tuple[list[HeaderCell], int]:
    """Title rows of the groups, quarter labels, K/Rp and the column numbers."""
    texts, numbers, physical = _headers(variant), _numbers(variant), columns(variant)
    first = {g: next(i for i, (group, _) in enumerate(physical) if group == g) for g in variant.groups}
    # Rows: 0 group titles, 1 quarter labels, then K/Rp and the numbers (the real trimmed form puts the numbers first).
    kr_row, number_row = (3, 2) if variant.trimmed_title else (2, 3)
    cells: list[HeaderCell] = []
    quarters = [q for q in QUARTERS if q in variant.groups]
    if quarters:
        cells.append(HeaderCell(texts["quarters"], 0, first[quarters[0]], colspan=2 * len(quarters)))
    for group in variant.groups:
        col = first[group]
        if group in SINGLE:
            if variant.trimmed_title:
                cells.append(HeaderCell(texts[group], 0, col, rowspan=2))
                cells.append(HeaderCell(numbers.get(group, ""), 2, col, rowspan=2))
            else:
                cells.append(HeaderCell(texts[group], 0, col, rowspan=3))
                cells.append(HeaderCell(numbers.get(group, ""), number_row, col))
            continue
        if group in QUARTERS:
            cells.append(HeaderCell(QUARTER_LABELS[group], 1, col, colspan=2))
        else:
            cells.append(HeaderCell(texts[group], 0, col, rowspan=2, colspan=2))
        cells.append(HeaderCell("K", kr_row, col))
        cells.append(HeaderCell("Rp", kr_row, col + 1))
        cells.append(HeaderCell(numbers[group], number_row, col, colspan=2))
    return cells, 4


def titles(variant: Variant) -> list[str]:
    agency = variant.agency
    if variant.trimmed_title:
        return []
    if agency.province:
        return [f"EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH PROVINSI {agency.region.removeprefix('PROVINSI ')}",
                f"Renja Perangkat Daerah {agency.name.title()} {agency.region.title()}",
                f"Periode Pelaksanaan: Tahun {agency.year}"]
    return [f"EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP {agency.region}",
            f"RENJA PERANGKAT DAERAH {agency.name} {agency.region}",
            f"PERIODE PELAKSANAAN: TAHUN {agency.year}"]
