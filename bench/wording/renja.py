"""The side-by-side Renja evaluation form (Permendagri 86/2017, E.79-E.81): its header wordings,
trimmed (name, indicator, the four quarters' K | Rp, the agency in charge) or fuller (No,
Sasaran, Kode, the Renstra and Renja blocks, the year's and the Renstra's realisation, the
achievement, the unit in charge, remarks), quarter labels of several styles, the cell over the
four quarters present or not; and the values of the blocks a fuller form prints.
"""

from __future__ import annotations

import random

from bench.wording import thesaurus as th
from bench.wording.bodies import AGENCIES, REGIONS, Body, side_by_side_body, thousands
from bench.wording.report import ROMAN, WIDTHS, Column, Head, Report, Words, number_cell

# The reports rekon was built on for this family: the Tangerang Selatan forms.
KNOWN = frozenset({"tangsel"})
# rows.csv fields of the full Renja form (HELPERS.md) for each block of K | Rp columns
RENJA_BLOCKS = {
    "target_renstra": ("target_renstra_kinerja", "target_renstra_pagu"),
    "realisasi_renstra_lalu": ("realisasi_renstra_lalu_kinerja", "realisasi_renstra_lalu_pagu"),
    "target": ("target_kinerja", "target_pagu"),
    "realisasi_tahun": ("realisasi_tahun_kinerja", "realisasi_tahun_pagu"),
    "realisasi_renstra": ("realisasi_renstra_kinerja", "realisasi_renstra_pagu"),
    "capaian_renstra": ("capaian_renstra_kinerja", "capaian_renstra_pagu"),
    "capaian": ("capaian_kinerja", "capaian_pagu"),
}

def side_by_side(rng: random.Random, seed: int, index: int, known: bool) -> Report:
    year = rng.randint(2019, 2026)
    words = Words(rng, year, 4, english=rng.choice([0.0] * 7 + [0.25] * 2 + [1.0]), known=KNOWN if known else frozenset(),
                  held_out=index % 2 == 1)
    words.period_kind = "period_renja"
    full = rng.random() < 0.55 and not known
    numbered = rng.random() < 0.6
    with_group = rng.random() < 0.8 or known  # a cell over the four quarters (`Realisasi Kinerja Pada Triwulan`)
    swap_pair = rng.random() < 0.05 and not known
    styles = th.lists()["quarters"]
    quarter_style = rng.choice(styles[:1] if known else styles if index % 2 else [s for s in styles if not th.is_held_out(s)])
    words.used.append(quarter_style)

    leading = []  # (key, field, list, english)
    if full or rng.random() < 0.3:
        leading.append(("no", "no", "fields.no", "no"))
    if full and rng.random() < 0.7:
        leading.append(("sasaran", "sasaran", "fields.sasaran", "sasaran"))
    if (full and rng.random() < 0.6) or rng.random() < 0.15:
        leading.append(("kode", "kode_printed", "fields.kode", "kode"))
    leading += [("item", "item", "fields.item", "item"), ("indikator", "indikator", "fields.indikator", "indikator")]
    before = [b for b, p in (("target_renstra", 0.8), ("realisasi_renstra_lalu", 0.7), ("target", 0.9)) if full and rng.random() < p]
    after = [b for b, p in (("realisasi_tahun", 0.8), ("realisasi_renstra", 0.6), ("capaian_renstra", 0.6), ("capaian", 0.2)) if full and rng.random() < p]
    trailing = []
    if rng.random() < 0.85:
        trailing.append(("pj", "penanggung_jawab", "fields.penanggung_jawab", "penanggung_jawab"))
    if rng.random() < (0.6 if full else 0.25):
        trailing.append(("ket", "keterangan", "fields.keterangan", "keterangan"))

    rows = 3 if with_group else 2
    heads: list[Head] = []
    columns: list[Column] = []

    def text_column(key: str, field_name: str, list_key: str, english: str) -> None:
        base = WIDTHS.get(field_name, WIDTHS.get(key, 12))
        columns.append(Column(key, field_name, width=base * rng.uniform(0.8, 1.2), stretch=field_name in ("item", "indikator")))
        heads.append(words.head(words.cell(list_key, english), 0, len(columns) - 1, rowspan=rows))

    # One K word and one Rp word for the whole form, as forms print them (now and then another).
    leaves = {}
    for dimension, exclude in (("kinerja", ("Target",)), ("pagu", ())):
        text = words.cell(f"pair.{dimension}", alter=False, exclude=exclude)
        leaves[dimension] = (text, tuple(words.last))

    def pair(kinerja: str, pagu: str, quarter: int | None, key: str, row: int) -> None:
        order = [("k", kinerja, "kinerja"), ("rp", pagu, "pagu")]
        if swap_pair:
            order.reverse()
        for suffix, field_name, dimension in order:
            columns.append(Column(f"{key}_{suffix}", field_name, quarter, numeric=True, width=(6 if suffix == "k" else 12) * rng.uniform(0.9, 1.2)))
            if rng.random() < 0.1:
                # `Target` is a K leaf under a target block only (Renstra tables print Target | Rp)
                exclude = ("Target",) if quarter or key not in ("target", "target_renstra") else ()
                heads.append(words.head(words.cell(f"pair.{dimension}", alter=rng.random() < 0.3, exclude=exclude), row, len(columns) - 1))
            else:
                text, entries = leaves[dimension]
                heads.append(Head(text, row, len(columns) - 1, words=tuple(e.label for e in entries)))

    for spec in leading:
        text_column(*spec)
    for block in before:
        heads.append(words.head(words.cell(f"renja.{block}", period=True), 0, len(columns), rowspan=rows - 1, colspan=2))
        pair(*RENJA_BLOCKS[block], None, block, rows - 1)
    first_quarter = len(columns)
    labels = quarter_style.text
    prefix = rng.choice(["Realisasi", "Realisasi Kinerja", "Realisasi Kinerja Pada"])
    for q in (1, 2, 3, 4):
        label = labels[q - 1]
        if not with_group:  # each quarter names itself: `Realisasi Triwulan I`, `Realisasi TW I`
            label = f"{prefix} {label}" if not label[0].isdigit() and label not in ROMAN.values() else f"{prefix} Triwulan {label}"
        heads.append(Head(words.alter(label) if rng.random() < 0.2 else label, 1 if with_group else 0, len(columns), colspan=2, words=(quarter_style.label,)))
        pair("realisasi_kinerja", "realisasi_pagu", q, f"q{q}", rows - 1)
    if with_group:
        heads.append(words.head(words.cell("renja.quarters", "quarters"), 0, first_quarter, colspan=8))
    for block in after:
        heads.append(words.head(words.cell(f"renja.{block}", period=True), 0, len(columns), rowspan=rows - 1, colspan=2))
        pair(*RENJA_BLOCKS[block], None, block, rows - 1)
    for spec in trailing:
        text_column(*spec)
    if numbered:
        number, col = 1, 0
        while col < len(columns):
            span = 2 if columns[col].numeric and col + 1 < len(columns) and columns[col + 1].numeric and columns[col].key.rsplit("_", 1)[0] == columns[col + 1].key.rsplit("_", 1)[0] else 1
            heads.append(Head(number_cell(number - 1, rng) if rng.random() < 0.9 else str(number), rows, col, colspan=span))
            number += 1
            col += span
        rows += 1

    agency, bidang = rng.choice(AGENCIES)
    region = rng.choice(REGIONS)
    convention = rng.choice(["dot", "dot", "comma"])
    quarters_printed = rng.choice([4, 4, 4, 3, 2])
    body = side_by_side_body(rng, agency, bidang, convention, quarters_printed)
    _fill_renja_blocks(body, rng, convention, [b for b in before + after], {k for k, *_ in leading + trailing}, agency)
    titles = _renja_titles(rng, year, agency, region)
    return Report("side_by_side", seed, index, "full" if full else "trimmed", heads, rows, columns, titles, body, convention,
                  "A3" if full or rng.random() < 0.5 else "A4", rng.choice([6.0, 6.5, 7.0]) if full else rng.choice([6.5, 7.0, 8.0]),
                  year, None, words.used, words.changes)


def _fill_renja_blocks(body: Body, rng: random.Random, convention: str, blocks: list[str], text_keys: set[str], agency: str) -> None:
    """Values of the Renja blocks a fuller form prints, and its No, Sasaran, unit in charge and remarks."""
    number = 0
    for printed, truth in zip(body.printed, body.truth):
        quarters_rp = [truth["values"].get(("realisasi_pagu", q)) for q in (1, 2, 3, 4)]
        year_rp = sum((int(v) for v in quarters_rp if v), 0)
        for block in blocks:
            kinerja_field, pagu_field = RENJA_BLOCKS[block]
            if printed["indikator"] and block not in ("capaian", "capaian_renstra"):
                value = rng.randrange(1, 100)
                printed[f"{block}_k"] = str(value)
                truth["values"][(kinerja_field, None)] = str(value)
            elif printed["indikator"]:
                value = rng.randrange(1000, 10000)
                text = f"{value / 100:.2f}"
                printed[f"{block}_k"] = text.replace(".", ",") if convention == "dot" else text
                truth["values"][(kinerja_field, None)] = f"{value / 100:.2f}".rstrip("0").rstrip(".")
            else:
                printed[f"{block}_k"] = ""
            if year_rp and truth["level"] != "" and printed["q1_rp"] not in ("",):
                factor = {"target_renstra": 5.3, "realisasi_renstra_lalu": 3.1, "target": 1.2, "realisasi_tahun": 1.0, "realisasi_renstra": 4.1}.get(block)
                if factor is None:
                    value = rng.randrange(1000, 10000)
                    text = f"{value / 100:.2f}"
                    printed[f"{block}_rp"] = text.replace(".", ",") if convention == "dot" else text
                    truth["values"][(pagu_field, None)] = f"{value / 100:.2f}".rstrip("0").rstrip(".")
                else:
                    amount = int(year_rp * factor) // 1000 * 1000 if block != "realisasi_tahun" else year_rp
                    printed[f"{block}_rp"] = thousands(amount, convention)
                    truth["values"][(pagu_field, None)] = str(amount)
            else:
                printed[f"{block}_rp"] = ""
        if truth["indikator"] and printed["item"]:
            number += 1
        printed["no"] = str(number) if printed["item"] and truth["level"] != "total" else ""
        printed["sasaran"] = ""
        acronym = "".join(w[0] for w in agency.split() if w not in ("DAN",))
        printed["pj"] = "" if truth["level"] == "total" else rng.choice([acronym, acronym, "Sekretariat", "Bidang Program", "Subbag Perencanaan"])
        printed["ket"] = rng.choice(["", "", "", "Sesuai target", "APBD Perubahan", "DAK"]) if truth["level"] != "total" else ""
        truth["texts"] = {"penanggung_jawab": printed["pj"] if "pj" in text_keys else "", "keterangan": printed["ket"] if "ket" in text_keys else "",
                          "kode_printed": printed["kode"] if "kode" in text_keys else ""}


def _renja_titles(rng: random.Random, year: int, agency: str, region: str) -> list[str]:
    style = rng.randrange(4)
    if style == 0:
        return []  # the real Tangerang Selatan forms: the quarter group cell is the only title
    if style == 1:
        return [f"EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH {region}", f"RENJA PERANGKAT DAERAH {agency}", f"PERIODE PELAKSANAAN TAHUN {year}"]
    if style == 2:
        return [f"Formulir E.81 Evaluasi Terhadap Hasil Renja Perangkat Daerah Lingkup {region.title()}", f"Periode Pelaksanaan: Tahun {year}"]
    return [f"Realisasi Kinerja Pada Triwulan I - IV Tahun {year}", agency, region]
