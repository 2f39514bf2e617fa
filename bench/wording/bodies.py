"""The body of a generated report and its truth: real rows for the one-quarter family, rows built
from the national nomenclature for the side-by-side Renja form.

One-quarter family: a random quarter's source (data/source/twN.csv, the hand-checked rows of the
real DP3AKB reports) cut to a few whole program blocks (every sasaran row and the closing row
stay), its hierarchy printed in one combined column, a Program column beside it, or three
columns; the truth is `samples.truth.truth_rows` of the same cut.

Side-by-side family: the agency row, optionally an urusan heading, programs (the shared
PROGRAM PENUNJANG first), their kegiatan and sub kegiatan, with names and codes from
data/nomenclature/names.csv.gz and indicator texts from the real rows; each quarter's Rp of a
kegiatan is the sum of its sub kegiatan's, a program's of its kegiatan's, the agency's of its
programs' (the relations the Renja form's instructions define). Some items carry a second
indicator row, printed without name and Rp.
"""

from __future__ import annotations

import csv
import gzip
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from samples.source import CONTINUES_ABOVE, read_source
from samples.truth import truth_rows
from samples.workbook import indonesian_number

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {q: ROOT / "data" / "source" / f"tw{q}.csv" for q in (1, 2, 3, 4)}
NAMES = ROOT / "data" / "nomenclature" / "names.csv.gz"
QUARTERLY_VALUES = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")

AGENCIES = (
    ("DINAS PENDIDIKAN DAN KEBUDAYAAN", "1.01"),
    ("DINAS KESEHATAN", "1.02"),
    ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "1.03"),
    ("DINAS SOSIAL", "1.06"),
    ("DINAS TENAGA KERJA", "2.07"),
    ("DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK", "2.08"),
    ("DINAS LINGKUNGAN HIDUP", "2.11"),
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "2.12"),
    ("DINAS PERHUBUNGAN", "2.15"),
    ("DINAS KOMUNIKASI DAN INFORMATIKA", "2.16"),
    ("DINAS KOPERASI DAN USAHA MIKRO", "2.17"),
    ("DINAS PERPUSTAKAAN DAN KEARSIPAN", "2.23"),
    ("DINAS PERTANIAN DAN KETAHANAN PANGAN", "3.27"),
    ("BADAN PENANGGULANGAN BENCANA DAERAH", "1.05"),
)
REGIONS = ("KOTA SERANG", "KABUPATEN PANDEGLANG", "KOTA TANGERANG SELATAN", "KABUPATEN BOGOR", "KOTA PADANG", "KABUPATEN SUBANG",
           "KABUPATEN BARRU", "KOTA MATARAM", "KABUPATEN SAMPANG", "KOTA MAGELANG", "KABUPATEN POLEWALI MANDAR", "KOTA BANDUNG")


@dataclass
class Body:
    """Printed rows (one dict per row: column key -> text, `^` for a merged cell's continuation,
    plus `level`) and, row for row, the truth: level, names, indikator and value cells."""

    printed: list[dict] = field(default_factory=list)
    truth: list[dict] = field(default_factory=list)


def thousands(value: Decimal, convention: str, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return indonesian_number(text) if convention == "dot" else text


# ---- one-quarter family --------------------------------------------------------------------------


def _blocks(source: pd.DataFrame) -> list[list[int]]:
    """Row indices of each program block (a program and its kegiatan and sub kegiatan)."""
    blocks: list[list[int]] = []
    for index, level in enumerate(source["level"]):
        if level == "program":
            blocks.append([index])
        elif level in ("kegiatan", "sub_kegiatan") and blocks:
            blocks[-1].append(index)
    return blocks


def _continues_above(source: pd.DataFrame, index: int) -> bool:
    """A program row whose name cell is merged with the row above (its program's other indicator)."""
    row = source.iloc[index]
    return (row["program"] or row["item"]) == CONTINUES_ABOVE


def cut_source(quarter: int, rng: random.Random, blocks: int) -> pd.DataFrame:
    """The quarter's source with `blocks` program blocks kept, in printed order."""
    source = read_source(SOURCES[quarter])
    all_blocks = _blocks(source)
    kept_blocks = set(rng.sample(range(len(all_blocks)), min(blocks, len(all_blocks))))
    # A program's second indicator row starts a block of its own but prints no program name (it continues
    # the named row above): kept alone it would be a program row of no program, which no agency prints.
    for b in sorted(kept_blocks):
        while b > 0 and _continues_above(source, all_blocks[b][0]):
            b -= 1
            kept_blocks.add(b)
    kept = {i for b in kept_blocks for i in all_blocks[b]}
    kept |= {i for i, level in enumerate(source["level"]) if level in ("sasaran", "total")}
    return source.iloc[sorted(kept)].reset_index(drop=True)


def with_hierarchy(source: pd.DataFrame, style: str) -> pd.DataFrame:
    """The source as a layout prints its hierarchy: `combined` (programs in the item column) or
    `program_column` / `separate` (programs in a Program column merged over their items)."""
    frame = source.copy()
    if style == "combined":
        own = (frame["level"] == "program") & ~frame["program"].isin(["", CONTINUES_ABOVE])
        frame.loc[own, "item"] = frame.loc[own, "program"]
        # A program's other indicator rows (TW IV merges its Program cell over them): the item cell merged instead.
        frame.loc[(frame["level"] == "program") & (frame["program"] == CONTINUES_ABOVE), "item"] = CONTINUES_ABOVE
        frame["program"] = ""
        return frame
    if (frame["program"] != "").any():
        return frame  # TW IV prints a Program column already
    program_open = False
    for index, level in enumerate(frame["level"]):
        if level == "program":
            frame.at[index, "program"] = frame.at[index, "item"]
            frame.at[index, "item"] = ""
            program_open = True
        elif level in ("kegiatan", "sub_kegiatan") and program_open:
            frame.at[index, "program"] = CONTINUES_ABOVE
        else:
            program_open = False
    return frame


def quarterly_truth(source: pd.DataFrame) -> list[dict]:
    truth = truth_rows(source)
    rows = []
    for record in truth.to_dict("records"):
        values = {(name, None): record[name] for name in QUARTERLY_VALUES}
        rows.append({**{k: record[k] for k in ("level", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "keterangan")}, "values": values})
    return rows


# ---- side-by-side family -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def nomenclature() -> dict[str, str]:
    """Code -> official name."""
    with gzip.open(NAMES, "rt", encoding="utf-8") as handle:
        return {row["kode"]: row["nama"] for row in csv.DictReader(handle) if row["official"] == "1"}


@lru_cache(maxsize=1)
def indicator_pool() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Real indicator texts: outcome-like (Persentase, Indeks ...) and output-like (Jumlah ...)."""
    outcome, output = set(), set()
    for path in SOURCES.values():
        for text in read_source(path)["indikator"]:
            text = " ".join(text.split())
            if not text or text == CONTINUES_ABOVE or len(text) > 110:
                continue
            (output if text.lower().startswith(("jumlah", "banyaknya")) else outcome).add(text)
    return tuple(sorted(outcome)), tuple(sorted(output))


@lru_cache(maxsize=1)
def _tree() -> dict[str, list[str]]:
    """Code -> its children's codes, in code order (the parent of `a.b.c.d` is `a.b.c`)."""
    tree: dict[str, list[str]] = {}
    for code in sorted(nomenclature()):
        parent = code.rsplit(".", 2 if code.count(".") == 4 else 1)[0] if code.count(".") >= 3 else ""
        tree.setdefault(parent, []).append(code)
    return tree


def _children(codes: list[str], parent: str, segments: int) -> list[str]:
    return [c for c in _tree().get(parent, []) if c.count(".") + 1 == segments]


def _kinerja(rng: random.Random, percent: bool, convention: str) -> tuple[str, Decimal]:
    if percent:
        value = Decimal(rng.randrange(500, 10000)) / 100
        text = f"{value:.2f}"
        text = text.replace(".", ",") if convention == "dot" else text
        return text + ("%" if rng.random() < 0.6 else ""), value
    value = Decimal(rng.randrange(0, 40))
    return str(value), value


@dataclass
class _Item:
    level: str
    kode: str
    name: str
    indicators: list[str]
    percent: bool
    pagu: list[Decimal] = field(default_factory=list)  # per quarter
    children: list["_Item"] = field(default_factory=list)


def _plan(rng: random.Random, bidang: str) -> list[_Item]:
    names = nomenclature()
    codes = sorted(names)
    outcome, output = indicator_pool()
    programs = [c for c in codes if c.startswith(bidang + ".") and c.count(".") == 2 and not c.endswith(".01")]
    support = [c for c in codes if c.startswith("X.XX.01") and c.count(".") == 2] or []
    chosen = rng.sample(programs, min(len(programs), rng.randint(1, 2)))
    if support and rng.random() < 0.8:
        chosen = support[:1] + chosen
    plan = []
    for program in chosen:
        kegiatan = _children(codes, program, 5)
        item = _Item("program", program.replace("X.XX", bidang), names[program].upper(), [rng.choice(outcome)], True)
        for keg in rng.sample(kegiatan, min(len(kegiatan), rng.randint(1, 3))):
            subs = _children(codes, keg, 6)
            keg_item = _Item("kegiatan", keg.replace("X.XX", bidang), names[keg], [rng.choice(outcome)], rng.random() < 0.7)
            for sub in rng.sample(subs, min(len(subs), rng.randint(1, 3))):
                keg_item.children.append(_Item("sub_kegiatan", sub.replace("X.XX", bidang), names[sub], [rng.choice(output)], False))
            if keg_item.children:
                item.children.append(keg_item)
        if item.children:
            plan.append(item)
    for item in (i for p in plan for k in p.children for i in [k, p]):
        if rng.random() < 0.15:
            item.indicators.append(rng.choice(outcome))
    return plan


def side_by_side_body(rng: random.Random, agency: str, bidang: str, convention: str, quarters_printed: int) -> Body:
    """Rows of the Renja form: agency, programs, kegiatan, sub kegiatan; every value of every quarter
    as printed and as the truth (`values[(field, quarter)]`, a plain decimal string)."""
    plan = _plan(rng, bidang)
    for program in plan:
        for keg in program.children:
            for sub in keg.children:
                total = Decimal(rng.randrange(5_000, 900_000)) * 1000
                shares = [Decimal(rng.randrange(5, 40)) / 100 for _ in range(4)]
                sub.pagu = [(total * s).quantize(Decimal(1)) if q < quarters_printed else Decimal(0) for q, s in enumerate(shares)]
            keg.pagu = [sum((s.pagu[q] for s in keg.children), Decimal(0)) for q in range(4)]
        program.pagu = [sum((k.pagu[q] for k in program.children), Decimal(0)) for q in range(4)]
    opd = [sum((p.pagu[q] for p in plan), Decimal(0)) for q in range(4)]

    body = Body()

    def add(level: str, name: str, kode: str, indikator: str, pagu: list[Decimal] | None, percent: bool, context: dict) -> None:
        printed = {"level": level, "item": name, "kode": kode, "indikator": indikator}
        values = {}
        for q in range(1, 5):
            if q > quarters_printed:
                printed[f"q{q}_k"] = printed[f"q{q}_rp"] = ""
                continue
            if indikator:
                text, value = _kinerja(rng, percent, convention)
                printed[f"q{q}_k"] = text
                values[("realisasi_kinerja", q)] = f"{value.normalize():f}" if value else "0"
            else:
                printed[f"q{q}_k"] = ""
            if pagu is not None:
                amount = pagu[q - 1]
                printed[f"q{q}_rp"] = thousands(amount, convention) if amount else "-"
                if amount:
                    values[("realisasi_pagu", q)] = f"{amount}"
            else:
                printed[f"q{q}_rp"] = ""
        body.printed.append(printed)
        body.truth.append({"level": level, **context, "indikator": indikator, "kode": kode, "values": values})

    none = {"program": "", "kegiatan": "", "sub_kegiatan": ""}
    add("total", agency, "", "", opd, False, dict(none))
    for program in plan:
        context = dict(none, program=program.name)
        for n, indikator in enumerate(program.indicators):
            add("program", program.name if n == 0 else "", program.kode if n == 0 else "", indikator, program.pagu if n == 0 else None, True, context)
        for keg in program.children:
            context = dict(none, program=program.name, kegiatan=keg.name)
            for n, indikator in enumerate(keg.indicators):
                add("kegiatan", keg.name if n == 0 else "", keg.kode if n == 0 else "", indikator, keg.pagu if n == 0 else None, keg.percent, context)
            for sub in keg.children:
                context = dict(none, program=program.name, kegiatan=keg.name, sub_kegiatan=sub.name)
                add("sub_kegiatan", sub.name, sub.kode, sub.indicators[0], sub.pagu, False, context)
    return body
