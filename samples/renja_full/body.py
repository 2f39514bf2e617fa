"""The form's body: one printed row per indicator (an item without one prints one row), its cells
as printed, the vertical merges, and each row's truth.

The truth of a row is what a perfect reader returns for it (the shape of rows.csv, with the
quarters side by side: `realisasi_kinerja_q1` ... `realisasi_pagu_q4`): every value as printed
(`4.171.374.305`, `85,50%`, `-`), `^` where the cell is the one above it, merged (an item's Rp
over its indicator rows), the hierarchy carried down, and `budget_group`, the first row of the
merged budget cell the row shares.
"""

from __future__ import annotations

from samples.renja_full.form import (
    MERGE, PAIR_FIELDS, QUARTERS, Sheet, Variant, _WIDTHS, capaian, columns, header_cells, kinerja, rupiah, titles,
)
from samples.renja_full.plan import Indicator, Item, build_agency, printed_items

TRUTH_COLUMNS = [
    "row", "level", "kode", "kode_printed", "sasaran", "program", "kegiatan", "sub_kegiatan", "name", "indikator", "satuan",
    *(f for pair in PAIR_FIELDS.values() for f in pair), "penanggung_jawab", "keterangan", "budget_group",
]
_CAPAIAN = ("capaian", "capaian_renstra")


def _k_text(variant: Variant, indicator: Indicator | None, pair: str) -> str:
    if indicator is None:
        return ""
    value = indicator.k.get(pair)
    if pair in _CAPAIAN:
        return capaian(value)
    filled = pair not in QUARTERS or QUARTERS.index(pair) < variant.quarters_filled
    if pair in ("tahun", "renstra") and variant.quarters_filled < 4:
        filled = False
    return kinerja(value, indicator.satuan, indicator.kind, variant.percent_suffix, filled)


def _rp_text(variant: Variant, item: Item, pair: str) -> str:
    if item.level == "sasaran":
        return ""
    if pair in _CAPAIAN:
        return capaian(item.rp.get(pair))
    filled = pair not in QUARTERS or QUARTERS.index(pair) < variant.quarters_filled
    if pair in ("tahun", "renstra") and variant.quarters_filled < 4:
        filled = False
    return rupiah(item.rp.get(pair), filled)


def _display_name(item: Item) -> str:
    return item.name.upper() if item.level in ("total", "program", "sasaran") else item.name


def build_sheet(variant: Variant, root: Item | None = None) -> Sheet:
    """The variant's sheet, of its agency's plan or of `root` (a plan changed on purpose: bench/injection)."""
    agency = variant.agency
    root = root or build_agency(agency, variant.quarters_filled)
    physical = columns(variant)
    cells, header_rows = header_cells(variant)
    sheet = Sheet(titles(variant), [_WIDTHS[part or group] for group, part in physical],
                  [bool(part) for _, part in physical], cells, header_rows)
    items = printed_items(root)
    if "sasaran" not in variant.groups:  # the urusan heading stands above the agency's sums
        urusan = Item("sasaran", agency.bidang, agency.bidang, agency.urusan_heading, unit="")
        items = [urusan, *items]
    program = kegiatan = sub_kegiatan = heading = ""
    number = 0
    sasaran_block: tuple[str, int] | None = None  # (text, first body row) of the Sasaran cell being printed
    for item in items:
        if item.level == "program":
            program, kegiatan, sub_kegiatan = item.name, "", ""
        elif item.level == "kegiatan":
            kegiatan, sub_kegiatan = item.name, ""
        elif item.level == "sub_kegiatan":
            sub_kegiatan = item.name
        else:
            program = kegiatan = sub_kegiatan = ""
        hierarchy = {"program": program, "kegiatan": kegiatan, "sub_kegiatan": sub_kegiatan}
        if item.level in ("program", "kegiatan", "sub_kegiatan"):
            number += 1
        indicators: list[Indicator | None] = list(item.indicators) or [None]
        first_row = len(sheet.body)
        # The Sasaran cell spans each program's block; a block of the same text continues it.
        if "sasaran" in variant.groups and item.level == "program":
            if sasaran_block and sasaran_block[0] != item.sasaran:
                _merge(sheet, physical.index(("sasaran", "")), sasaran_block[1], first_row - 1)
                sasaran_block = None
            if sasaran_block is None:
                sasaran_block = (item.sasaran, first_row)
        if item.level == "sasaran":  # an urusan heading groups the programs below it, as a sasaran does
            heading = _display_name(item)
        sasaran_text = heading if "sasaran" not in variant.groups else (item.sasaran if item.level != "total" else "")
        for position, indicator in enumerate(indicators):
            first = position == 0
            row, truth = [], {c: "" for c in TRUTH_COLUMNS}
            truth.update(row=str(len(sheet.body) + 1), level=item.level, kode=item.kode if item.level != "sasaran" else "",
                         kode_printed=item.kode_printed if "kode" in variant.groups else "", sasaran=sasaran_text,
                         name=_display_name(item) if "name" in variant.groups else "", **hierarchy,
                         budget_group=str(first_row + 1))
            for group, part in physical:
                text = ""
                if group == "no":
                    text = str(number) if first and item.level not in ("total", "sasaran") else ""
                elif group == "sasaran":
                    new_block = item.level == "program" and first and sasaran_block and sasaran_block[1] == len(sheet.body)
                    text = item.sasaran if new_block else ""
                elif group == "kode":
                    text = item.kode_printed if first else ""
                    truth["kode_printed"] = text or (MERGE if text == "" and item.kode_printed else "")
                elif group == "name":
                    text = _display_name(item) if first else ""
                    truth["name"] = text or MERGE
                elif group == "indikator":
                    text = indicator.text if indicator else ""
                    truth["indikator"] = text
                elif group == "satuan":
                    text = indicator.satuan if indicator else ""
                    truth["satuan"] = text
                elif group == "pj":
                    text = item.unit
                    truth["penanggung_jawab"] = text
                elif group == "ket":
                    text = item.remark if first else ""
                    truth["keterangan"] = text if first else (MERGE if item.remark else "")
                elif part == "K":
                    text = _k_text(variant, indicator, group)
                    truth[PAIR_FIELDS[group][0]] = text
                else:
                    text = _rp_text(variant, item, group) if first else ""
                    truth[PAIR_FIELDS[group][1]] = text if first else (MERGE if _rp_text(variant, item, group) else "")
                row.append(text)
            sheet.body.append(row)
            sheet.bold.append(item.level in ("total", "program", "sasaran"))
            sheet.truth.append(truth)
            sheet.origin.append((item, indicator))
        last_row = len(sheet.body) - 1
        if last_row > first_row:
            for col, (group, part) in enumerate(physical):
                if group in ("no", "kode", "name", "ket") or part == "Rp":
                    _merge(sheet, col, first_row, last_row)
    if sasaran_block:
        _merge(sheet, physical.index(("sasaran", "")), sasaran_block[1], len(sheet.body) - 1)
    _carry_sasaran(sheet, variant)
    return sheet


def _merge(sheet: Sheet, col: int, first: int, last: int) -> None:
    if last > first:
        sheet.merges.append((col, first, last))


def _carry_sasaran(sheet: Sheet, variant: Variant) -> None:
    """The truth of a merged Sasaran cell is its text on every row it spans (as rows.csv carries it down)."""
    if "sasaran" not in variant.groups:
        return
    col = columns(variant).index(("sasaran", ""))
    for merged_col, first, last in sheet.merges:
        if merged_col == col:
            for index in range(first, last + 1):
                sheet.truth[index]["sasaran"] = sheet.body[first][col]
