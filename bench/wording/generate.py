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
- the side-by-side Renja form, trimmed (name, indicator, the four quarters' K | Rp, agency in
  charge) or fuller (No, Sasaran, Kode, the Renstra and Renja blocks, the year's and the Renstra's
  realisation, the achievement, the unit in charge, remarks), quarter labels of several styles,
  the quarter group cell present or not.

`python -m bench.wording.generate [--count N]` prints how many distinct wordings each family
gets in N draws (a wording is the tuple of every column's header path).
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field

from bench.wording import thesaurus as th
from bench.wording.bodies import AGENCIES, REGIONS, Body, cut_source, quarterly_truth, side_by_side_body, with_hierarchy
from bench.wording.thesaurus import Entry

FAMILIES = ("quarterly", "side_by_side")
# The reports rekon was built on: a `known` report draws only wordings seen there (no typos,
# fillers, English), the vocabulary today's rekon is expected to read.
KNOWN_SOURCES = {"quarterly": frozenset({"seed", "producer2"}), "side_by_side": frozenset({"tangsel"})}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
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
# Default widths in Excel character units (samples/layouts.py uses the same scale).
WIDTHS = {"no": 4, "tujuan": 13, "sasaran": 13, "program": 15, "kegiatan": 20, "sub_kegiatan": 22, "item": 28, "indikator": 28,
          "satuan": 8, "formula": 30, "keterangan": 18, "kode": 11, "penanggung_jawab": 14}


@dataclass(frozen=True)
class Head:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    words: tuple[str, ...] = ()  # labels of the thesaurus wordings the cell was made of


@dataclass(frozen=True)
class Column:
    key: str  # the column's key in the printed body rows
    field: str  # the rows.csv field its values belong to (the truth)
    quarter: int | None = None
    numeric: bool = False
    width: float = 10.0  # Excel character units
    stretch: bool = False  # takes a share of the spare page width (reportlab producer)


@dataclass
class Report:
    family: str
    seed: int
    index: int
    layout: str
    heads: list[Head]
    header_rows: int
    columns: list[Column]
    titles: list[str]
    body: Body
    convention: str  # "comma" (1,234,567.89) or "dot" (1.234.567,89)
    paper: str
    font_size: float
    year: int
    quarter: int | None  # the one-quarter family's quarter
    used: list[Entry] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    known: bool = False

    @property
    def stem(self) -> str:
        return f"{self.family}-s{self.seed}{'k' if self.known else ''}-{self.index:04d}"

    def paths(self) -> list[tuple[str, ...]]:
        """Every column's header texts, top to bottom (a group cell appears in each column it spans)."""
        paths = []
        for col in range(len(self.columns)):
            cells = sorted((h for h in self.heads if h.col <= col < h.col + h.colspan), key=lambda h: h.row)
            paths.append(tuple(h.text for h in cells))
        return paths

    def column_held_out(self, col: int) -> bool:
        """Whether a cell over the column was made of a held-out wording."""
        held = th.held_out()
        return any(label in held for h in self.heads if h.col <= col < h.col + h.colspan for label in h.words)

    def wording(self) -> tuple:
        return tuple(self.paths())

    @property
    def held_out_words(self) -> list[str]:
        return sorted({e.label for e in self.used if th.is_held_out(e)})

    @property
    def held_out(self) -> bool:
        return bool(self.held_out_words)


class Words:
    """Draws wordings from the thesaurus and alters them, remembering what it used."""

    def __init__(self, rng: random.Random, year: int, quarter: int, english: float, known: frozenset[str] = frozenset(), held_out: bool = True):
        self.rng, self.year, self.quarter = rng, year, quarter
        self.allow_held_out = held_out  # False: the held-out wordings are not drawn
        self.known = known  # when set: only wordings of these sources (the reports rekon was built on), unaltered
        self.english = 0.0 if known else english  # chance a cell is an English gloss, fixed per report
        self.used: list[Entry] = []
        self.last: list[Entry] = []  # what the cell being made drew (see `head`)
        self.changes: list[str] = []
        self.upper = rng.random() < 0.2  # some reports print the whole header upper case

    def pick(self, key: str, dim: str | None = None, exclude: tuple[str, ...] = ()) -> str:
        entries = [e for e in th.lists()[key] if e.text not in exclude]
        if self.known:
            entries = [e for e in entries if self.known & set(e.sources)] or entries[:1]
        if not self.allow_held_out:
            entries = [e for e in entries if not th.is_held_out(e)] or entries[:1]
        if dim is not None:
            entries = [e for e in entries if e.dim in (None, dim)]
        entry = self.rng.choice(entries)
        self.used.append(entry)
        self.last.append(entry)
        return th.fill_placeholders(entry.text, self.year) if isinstance(entry.text, str) else entry.text

    def cell(self, key: str, english: str | None = None, dim: str | None = None, unit: str | None = None, alter: bool = True,
             period: bool = False, exclude: tuple[str, ...] = ()) -> str:
        """A header cell of list `key` (or its English gloss), altered as a printed header may be:
        a unit (`(Rp)`), a period (`Tahun 2023`, only where `period`), then at most two of
        abbreviation, typo, broken word, case."""
        self.last = []
        if english and f"english.{english}" in th.lists() and self.rng.random() < self.english:
            text = self.pick(f"english.{english}")
        else:
            text = self.pick(key, dim, exclude)
        if self.known:
            return text.upper() if self.upper else text
        if unit and self.rng.random() < 0.35 and unit not in text:
            text, change = th.filler(text, self.rng, "unit", self.year, self.quarter) if unit == "any" else (f"{text} {unit}", f"filler:{unit}")
            self.changes.append(change)
        if period and self.rng.random() < 0.2:
            text, change = th.filler(text, self.rng, "period", self.year, self.quarter)
            self.changes.append(change)
        return self.alter(text) if alter else (text.upper() if self.upper else text)

    def head(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> Head:
        """A header cell made of what the last `cell` call drew."""
        return Head(text, row, col, rowspan, colspan, tuple(e.label for e in self.last))

    def alter(self, text: str) -> str:
        if self.known:
            return text.upper() if self.upper else text
        rng = self.rng
        steps = [
            (0.15, lambda t: th.abbreviate(t, rng)),
            (0.10, lambda t: th.typo(t, rng)),
            (0.08, lambda t: th.break_word(t, rng)),
            (0.08, lambda t: th.change_case(t, rng)),
        ]
        rng.shuffle(steps)
        done_count = 0
        for chance, step in steps:
            if done_count < 2 and rng.random() < chance and (done := step(text)):
                text, change = done
                self.changes.append(change)
                done_count += 1
        return text.upper() if self.upper else text


# ---- the one-quarter family ----------------------------------------------------------------------


def _quarterly(rng: random.Random, seed: int, index: int, known: bool) -> Report:
    quarter = rng.randint(1, 4)
    year = rng.randint(2019, 2026)
    words = Words(rng, year, quarter, english=rng.choice([0.0] * 7 + [0.25] * 2 + [1.0]), known=KNOWN_SOURCES["quarterly"] if known else frozenset(),
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
        heads += [Head(_number(n, rng), rows, n) for n in range(len(columns))]
        rows += 1

    source = with_hierarchy(cut_source(quarter, rng, rng.randint(2, 4)), "combined" if hierarchy == "combined" else "program_column")
    from bench.wording.printing import quarterly_printed  # the printed rows as the layout shows them

    convention = rng.choice(["comma", "dot"])
    body = Body(quarterly_printed(source, [c.key for c in columns], hierarchy, convention), quarterly_truth(source))
    agency = rng.choice(AGENCIES)[0]
    region = rng.choice(REGIONS)
    titles = _quarterly_titles(rng, quarter, year, agency, region)
    paper = rng.choice(["A4", "Legal", "A3"])
    return Report("quarterly", seed, index, f"{layout}/{hierarchy}", heads, rows, columns, titles, body, convention, paper,
                  rng.choice([6.5, 7.0, 7.5, 8.0]), year, quarter, words.used, words.changes)


def _number(n: int, rng: random.Random) -> str:
    return f"({n + 1})" if rng.random() < 0.5 else str(n + 1)


def _quarterly_titles(rng: random.Random, quarter: int, year: int, agency: str, region: str) -> list[str]:
    heading = rng.choice([f"PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}", f"LAPORAN PENGUKURAN KINERJA DAN ANGGARAN TAHUN {year}",
                          f"Pengukuran Kinerja dan Anggaran Tahun {year}", f"PENGUKURAN KINERJA TAHUN {year}"])
    quarter_line = rng.choice([f"TRIWULAN {ROMAN[quarter]}", f"Triwulan {ROMAN[quarter]}", f"TRIWULAN {quarter}"])
    lines = [heading, agency, region, quarter_line]
    if rng.random() < 0.5:
        lines = [quarter_line, heading, f"{agency} {region}", f"OPD : {agency}"]
    return lines


# ---- the side-by-side family ---------------------------------------------------------------------


def _side_by_side(rng: random.Random, seed: int, index: int, known: bool) -> Report:
    year = rng.randint(2019, 2026)
    words = Words(rng, year, 4, english=rng.choice([0.0] * 7 + [0.25] * 2 + [1.0]), known=KNOWN_SOURCES["side_by_side"] if known else frozenset(),
                  held_out=index % 2 == 1)
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
            heads.append(Head(_number(number - 1, rng) if rng.random() < 0.9 else str(number), rows, col, colspan=span))
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
    from bench.wording.bodies import thousands

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


# ---- entry points --------------------------------------------------------------------------------


def generate(family: str, seed: int, index: int, known: bool = False) -> Report:
    """Report `index` of a family's seeded series; `known`: only wordings of the reports rekon was built on."""
    rng = random.Random(f"{family}:{seed}:{index}:{'known' if known else 'all'}")
    report = (_quarterly if family == "quarterly" else _side_by_side)(rng, seed, index, known)
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
