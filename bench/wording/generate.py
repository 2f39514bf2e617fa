"""Generate header wordings of both report families, each with its truth, from a seed.

`generate(family, seed, index)` is a pure function of its arguments: the same triple gives the
same report. Odd indices may draw the held-out wordings (heldout.yaml), even ones never do, so
the bench compares wordings partly outside rekon's lexicon with wordings inside the open part. A report is its header (cells with their spans, and for every column its true field
and quarter), its titles, its body (bench/wording/bodies.py) and how it is printed (numbers, paper,
font). Header wordings are drawn from thesaurus.yaml and then altered as printed headers are:

- case (upper, lower, title), abbreviations (`Ket.`, `Sat.`, `s/d`), typos of edit distance 1-2,
  words broken by a narrow cell (`Capaia n`, `Keteran- gan`), English glosses, explanatory fillers
  (`(Rp)`, `(%)`, `Tahun 2023`, `s/d Triwulan III`, `yang dievaluasi`);
- arrangements: one-quarter TW I-III (measure group over Kinerja | Anggaran leaves), TW IV-like
  (Kinerja / Anggaran groups over Target | Realisasi | Capaian leaves, a Program column beside
  the item column, a quarter cell over the values), a single-row header, merged or repeated
  group cells, a row of column numbers, other column orders, optional columns;
- the side-by-side Renja form (bench/wording/renja.py), trimmed (name, indicator, the four quarters' K | Rp, agency in
  charge) or fuller (No, Sasaran, Kode, the Renstra and Renja blocks, the year's and the Renstra's
  realisation, the achievement, the unit in charge, remarks), quarter labels of several styles,
  the quarter group cell present or not.

`python -m bench.wording.generate [--count N]` prints how many distinct wordings each family
gets in N draws (a wording is the tuple of every column's header path).
"""

from __future__ import annotations

import argparse
import random

from bench.wording.bodies import AGENCIES, REGIONS, Body, cut_source, quarterly_truth, with_hierarchy
from bench.wording.printing import quarterly_printed
from bench.wording.renja import side_by_side
from bench.wording.report import ROMAN, WIDTHS, Column, Head, Report, Words, number_cell

FAMILIES = ("quarterly", "side_by_side")
# The reports rekon was built on for this family (a `known` report draws only their wordings, unaltered).
KNOWN = frozenset({"seed", "producer2"})

# ---- the one-quarter family ----------------------------------------------------------------------


def _quarterly(rng: random.Random, seed: int, index: int, known: bool) -> Report:
    quarter = rng.randint(1, 4)
    year = rng.randint(2019, 2026)
    words = Words(rng, year, quarter, english=rng.choice([0.0] * 7 + [0.25] * 2 + [1.0]), known=KNOWN if known else frozenset(),
                  held_out=index % 2 == 1)
    layout = rng.choice(["tw_i_iii"] * 4 + ["tw_iv"] * 3 + ["single_row"] * 2)
    hierarchy = rng.choice(["program_column", "program_column", "separate", "combined"] if layout == "tw_iv" else ["combined"] * 4 + ["program_column", "separate"])
    numbered = rng.random() < 0.4

    # Text columns: (key, field, thesaurus list, english gloss)
    text_columns = []
    if rng.random() < 0.85:
        text_columns.append(("no", "no", "fields.no", "no"))
    text_columns += [("tujuan", "tujuan", "fields.tujuan", "tujuan"), ("sasaran", "sasaran", "fields.sasaran", "sasaran")]
    if hierarchy == "combined":
        text_columns.append(("item", "item", "fields.item", "item"))
    elif hierarchy == "program_column":
        text_columns += [("program", "program", "fields.program", "program"), ("item", "item", "fields.item", "item")]
    else:
        text_columns += [("program", "program", "fields.program", "program"), ("keg", "kegiatan", "fields.kegiatan", "kegiatan"), ("item", "sub_kegiatan", "fields.sub_kegiatan", "sub_kegiatan")]
    text_columns.append(("indikator", "indikator", "fields.indikator", "indikator"))
    tail = []
    if rng.random() < 0.85:
        tail.append(("satuan", "satuan", "fields.satuan", "satuan"))
    if rng.random() < 0.75:
        tail.append(("formula", "formula", "fields.formula", "formula"))
    if rng.random() < 0.3:
        tail.reverse()
    text_columns += tail
    keterangan = rng.random() < 0.9

    # Value columns: (measure, dimension) in printed order
    measures = ["target", "realisasi", "capaian"] if rng.random() < 0.85 else ["target", "capaian", "realisasi"]
    if rng.random() < 0.08:
        measures.remove("capaian")
    dimensions = ["kinerja", "pagu"] if rng.random() < 0.8 else ["pagu", "kinerja"]
    if layout == "tw_iv":
        values = [(m, d) for d in dimensions for m in measures]
    else:
        values = [(m, d) for m in measures for d in dimensions]

    heads: list[Head] = []
    columns: list[Column] = []
    value_rows = {"tw_i_iii": 2, "tw_iv": 2, "single_row": 1}[layout]
    over_values = layout == "tw_iv" and rng.random() < 0.4  # a `Triwulan IV` cell over the value groups
    rows = value_rows + over_values
    for key, field_name, list_key, english in text_columns:
        width = WIDTHS[field_name if field_name != "item" else "item"] * rng.uniform(0.8, 1.25)
        columns.append(Column(key, field_name, width=width, stretch=field_name in ("item", "indikator", "formula", "sub_kegiatan", "kegiatan")))
        heads.append(words.head(words.cell(list_key, english, unit="any" if field_name == "satuan" and rng.random() < 0.2 else None), 0, len(columns) - 1, rowspan=rows))
    first_value = len(columns)
    for measure, dimension in values:
        columns.append(Column(f"{measure}_{'kinerja' if dimension == 'kinerja' else 'pagu'}", f"{measure}_{'kinerja' if dimension == 'kinerja' else 'pagu'}", numeric=True,
                              width=(13 if dimension == "pagu" and measure != "capaian" else 7.5) * rng.uniform(0.9, 1.2)))
    top = 0
    if over_values:
        text = rng.choice([f"Triwulan {ROMAN[quarter]}", f"TW {ROMAN[quarter]}", f"Tahun {year}", f"Tahun Anggaran {year}"])
        heads.append(Head(words.alter(text), 0, first_value, colspan=len(values)))
        top = 1
    if layout == "single_row":
        for offset, (measure, dimension) in enumerate(values):
            heads.append(words.head(words.cell(f"single.{measure}_{dimension}", period=True), top, first_value + offset))
    else:
        group_of = (lambda m, d: d) if layout == "tw_iv" else (lambda m, d: m)
        offset = 0
        repeat_groups = rng.random() < 0.1  # the group text repeated in each column instead of a merged cell
        while offset < len(values):
            measure, dimension = values[offset]
            group = group_of(measure, dimension)
            span = next((i for i, v in enumerate(values[offset:]) if group_of(*v) != group), len(values) - offset)
            if layout == "tw_iv":
                group_text = words.cell(f"dimensions.{dimension}.group", english=dimension, period=True)
            else:
                group_text = words.cell(f"measures.{measure}.group", english=measure, unit="(%)" if measure == "capaian" else None, period=True)
            if repeat_groups:
                heads += [words.head(group_text, top, first_value + offset + i) for i in range(span)]
            else:
                heads.append(words.head(group_text, top, first_value + offset, colspan=span))
            for i in range(span):
                m, d = values[offset + i]
                if layout == "tw_iv":
                    leaf = words.cell(f"measures.{m}.leaf", english=m, dim=d, unit="(Rp)" if d == "pagu" and m != "capaian" else ("(%)" if m == "capaian" else None))
                else:
                    leaf = words.cell(f"dimensions.{d}.leaf", english=d, unit="(Rp)" if d == "pagu" and m != "capaian" else None)
                heads.append(words.head(leaf, top + 1, first_value + offset + i))
            offset += span
    if keterangan:
        columns.append(Column("keterangan", "keterangan", width=WIDTHS["keterangan"] * rng.uniform(0.8, 1.3)))
        heads.append(words.head(words.cell("fields.keterangan", "keterangan"), 0, len(columns) - 1, rowspan=rows))
    if numbered:
        heads += [Head(number_cell(n, rng), rows, n) for n in range(len(columns))]
        rows += 1

    source = with_hierarchy(cut_source(quarter, rng, rng.randint(2, 4)), "combined" if hierarchy == "combined" else "program_column")
    convention = rng.choice(["comma", "dot"])
    body = Body(quarterly_printed(source, [c.key for c in columns], hierarchy, convention), quarterly_truth(source))
    agency = rng.choice(AGENCIES)[0]
    region = rng.choice(REGIONS)
    titles = _quarterly_titles(rng, quarter, year, agency, region)
    paper = rng.choice(["A4", "Legal", "A3"])
    return Report("quarterly", seed, index, f"{layout}/{hierarchy}", heads, rows, columns, titles, body, convention, paper,
                  rng.choice([6.5, 7.0, 7.5, 8.0]), year, quarter, words.used, words.changes)



def _quarterly_titles(rng: random.Random, quarter: int, year: int, agency: str, region: str) -> list[str]:
    heading = rng.choice([f"PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}", f"LAPORAN PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}",
                          f"Pengukuran Kinerja dan Anggaran Tahun {year}", f"PENGUKURAN KINERJA TAHUN {year}"])
    quarter_line = rng.choice([f"TRIWULAN {ROMAN[quarter]}", f"Triwulan {ROMAN[quarter]}", f"TRIWULAN {quarter}"])
    lines = [heading, agency, region, quarter_line]
    if rng.random() < 0.5:
        lines = [quarter_line, heading, f"{agency} {region}", f"OPD : {agency}"]
    return lines


# ---- entry points --------------------------------------------------------------------------------


def generate(family: str, seed: int, index: int, known: bool = False) -> Report:
    """Report `index` of a family's seeded series; `known`: only wordings of the reports rekon was built on."""
    rng = random.Random(f"{family}:{seed}:{index}:{'known' if known else 'all'}")
    report = (_quarterly if family == "quarterly" else side_by_side)(rng, seed, index, known)
    report.known = known
    return report


def distinct_wordings(family: str, seed: int, count: int) -> int:
    return len({generate(family, seed, i).wording() for i in range(count)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for family in FAMILIES:
        reports = [generate(family, args.seed, i) for i in range(args.count)]
        distinct = len({r.wording() for r in reports})
        held = sum(r.held_out for r in reports)
        print(f"{family}: {distinct} distinct wordings in {args.count} draws (seed {args.seed}); {held} with a held-out wording")


if __name__ == "__main__":
    main()
