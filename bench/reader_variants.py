"""The reader's own variants: one-quarter reports worded and arranged the ways agencies differ.

    python -m bench.reader_variants [--count 40] [--seed 1] [--libreoffice 6] [--keep DIR]

Each variant draws, per column, a wording from a list of its own (synonyms, English, abbreviations),
then bends it the ways printed headers bend: a typo, a word broken by a narrow cell, filler words,
a bracketed gloss, upper or lower case; it arranges the value columns with the measure over the
dimension or the dimension over the measure, one item column or one column per level, an extra
column rekon cannot name, a header printed on the first page only. It renders them with
reportlab (tests/variants.py) and, with --libreoffice, a few through openpyxl and LibreOffice Calc,
reads them with `extract_file`, and says: the share of columns given the right field, the files
refused, and the value and structure accuracy on the rows read.

This is not the held-out wording bench (`bench.wording`, another engineer's): these wordings were
written by the same hand as rekon's lexicon, so they measure tolerance to how words are printed,
to arrangements and to content evidence, not the reach of the vocabulary.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rekon.extract.backends import open_document  # noqa: E402
from rekon.extract.pipeline import extract_file  # noqa: E402
from rekon.extract.table import read_page_table  # noqa: E402
from tests.variants import MERGED, Head, Variant, titles  # noqa: E402

WORDINGS: dict[str, list[str]] = {
    "no": ["No", "No.", "Nomor", "No Urut", "NO"],
    "tujuan": ["Tujuan", "Tujuan Strategis", "Goal", "Tujuan Renstra"],
    "sasaran": ["Sasaran", "Sasaran Strategis", "Strategic Objective", "Sasaran Renstra Perangkat Daerah"],
    "item": ["Program/Kegiatan/Sub Kegiatan", "Program dan Kegiatan", "Nama Program / Kegiatan", "Uraian Program/Kegiatan",
             "Program, Kegiatan, Sub Kegiatan", "Programs / Activities"],
    "indikator": ["Indikator Kinerja", "Indikator", "Indikator Kinerja Program/Kegiatan", "Performance Indicator", "Tolok Ukur Kinerja",
                  "Indikator Kinerja Utama"],
    "satuan": ["Satuan", "Sat.", "Unit of Measure", "Satuan Ukur"],
    "formula": ["Cara/Formula Pengukuran", "Rumus", "Cara Pengukuran", "Metode Perhitungan", "Formula", "Definisi Operasional"],
    "keterangan": ["Keterangan", "Ket.", "Ket", "Catatan", "Remarks"],
    "target": ["Target", "Rencana", "Tgt", "Target Tahun 2024", "Plan"],
    "realisasi": ["Realisasi", "Realisasi s.d. TW II", "Real.", "Actual", "Realisasi Kumulatif"],
    "capaian": ["Capaian (%)", "% Capaian", "Capaian", "Tingkat Capaian", "Achievement (%)", "Persentase Capaian"],
    "kinerja": ["Kinerja", "K", "Fisik", "Performance", "Output"],
    "anggaran": ["Anggaran (Rp)", "Pagu (Rp)", "Rp", "Keuangan", "Budget (IDR)", "Dana (Rp)"],
}
# Wordings rekon's lexicon has no word for: the column's content has to carry them (an indicator's
# `Persentase ...`, a formula's `dibagi`), or they stay unnamed and reported.
UNKNOWN = {"indikator": ["Ukuran Keberhasilan", "Parameter Capaian Hasil"], "formula": ["Penjelasan Penghitungan Nilai"]}
FILLERS = ["yang", "dan", "pada", "tahun berjalan", "(lihat catatan)", "s.d. triwulan ini"]
EXTRA = ["Sumber Dana", "Lokasi", "Penanggung Jawab Kegiatan"]
VALUE_FIELDS = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")
STRUCTURE_FIELDS = ("level", "program", "kegiatan", "sub_kegiatan", "indikator")

PROGRAM = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
ITEMS = [
    ("program", PROGRAM, "Persentase layanan administrasi perangkat daerah yang tepat waktu", "Persen", "100", "1.500.000.000", "40", "600.000.000"),
    ("kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Persentase dokumen perencanaan yang disusun tepat waktu",
     "Persen", "100", "300.000.000", "50", "120.000.000"),
    ("sub_kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen perencanaan perangkat daerah yang disusun",
     "Dokumen", "4", "200.000.000", "2", "80.000.000"),
    ("sub_kegiatan", "Evaluasi Kinerja Perangkat Daerah", "Jumlah laporan evaluasi kinerja perangkat daerah", "Laporan", "2", "100.000.000",
     "1", "40.000.000"),
    ("kegiatan", "Administrasi Keuangan Perangkat Daerah", "Persentase dokumen keuangan yang disusun sesuai ketentuan", "Persen", "100",
     "900.000.000", "25", "225.000.000"),
    ("sub_kegiatan", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah orang yang menerima gaji dan tunjangan ASN", "Orang", "45", "900.000.000",
     "45", "225.000.000"),
]


def _bend(text: str, rng: random.Random) -> str:
    """One way a printed header bends, or none."""
    roll = rng.random()
    words = text.split()
    if roll < 0.15 and any(len(w) >= 6 for w in words):  # a typo: two letters swapped
        i = rng.choice([n for n, w in enumerate(words) if len(w) >= 6])
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif roll < 0.3 and any(len(w) >= 7 for w in words):  # a word broken by a narrow cell
        i = rng.choice([n for n, w in enumerate(words) if len(w) >= 7])
        w = words[i]
        words[i] = w[:-1] + " " + w[-1]
    elif roll < 0.4:
        words.append(rng.choice(FILLERS))
    elif roll < 0.5:
        return text.upper()
    return " ".join(words)


@dataclass
class Spec:
    name: str
    header: list[Head]
    widths: list[float]
    fields: list[str | None]  # the truth: each column's field (None for a column no field fits)
    body: list[list[list[str]]]
    repeat_header: bool


def make_spec(index: int, rng: random.Random) -> Spec:
    word = {key: _bend(rng.choice(options), rng) for key, options in WORDINGS.items()}
    if rng.random() < 0.2:  # bent twice
        word = {key: _bend(text, rng) for key, text in word.items()}
    for key, options in UNKNOWN.items():
        if rng.random() < 0.1:
            word[key] = rng.choice(options)
    levels = [("item", word["item"], 110)]
    if rng.random() < 0.3:  # one column per level
        levels = [("program", _bend(rng.choice(["Program", "Nama Program", "Programme"]), rng), 60),
                  ("kegiatan", _bend(rng.choice(["Kegiatan", "Activity", "Nama Kegiatan"]), rng), 60),
                  ("sub_kegiatan", _bend(rng.choice(["Sub Kegiatan", "Sub-activity", "SubKegiatan"]), rng), 60)]
    leading = [("no", word["no"], 18), ("tujuan", word["tujuan"], 60), ("sasaran", word["sasaran"], 60), *levels,
               ("indikator", word["indikator"], 100), ("satuan", word["satuan"], 36), ("formula", word["formula"], 80)]
    if rng.random() < 0.3:
        leading.pop(1)  # no Tujuan column
    heads = [Head(text, 0, col, rowspan=2) for col, (_, text, _) in enumerate(leading)]
    fields: list[str | None] = [f for f, _, _ in leading]
    widths = [w for _, _, w in leading]
    col = len(leading)
    measures = [("target", word["target"]), ("realisasi", word["realisasi"]), ("capaian", word["capaian"])]
    dimensions = [("kinerja", word["kinerja"]), ("pagu", word["anggaran"])]
    if rng.random() < 0.5:  # Target > Kinerja, Pagu ...
        for measure, text in measures:
            heads += [Head(text, 0, col, colspan=2)] + [Head(d, 1, col + n) for n, (_, d) in enumerate(dimensions)]
            fields += [f"{measure}_{d}" for d, _ in dimensions]
            col += 2
    else:  # Kinerja > Target, Realisasi, Capaian; Anggaran > ...
        for dimension, text in dimensions:
            heads += [Head(text, 0, col, colspan=3)] + [Head(m, 1, col + n) for n, (_, m) in enumerate(measures)]
            fields += [f"{m}_{dimension}" for m, _ in measures]
            col += 3
    widths += [56 if f in ("target_pagu", "realisasi_pagu") else 34 for f in fields[len(widths):]]
    heads.append(Head(word["keterangan"], 0, col, rowspan=2))
    fields.append("keterangan")
    widths.append(50)
    extra = rng.random() < 0.3
    if extra:
        heads.append(Head(rng.choice(EXTRA), 0, col + 1, rowspan=2))
        fields.append(None)
        widths.append(40)
    scale = min(1.0, 780 / sum(widths))
    widths = [w * scale for w in widths]
    body = _body(fields, extra)
    return Spec(f"v{index:03d}", heads, widths, fields, body, repeat_header=rng.random() > 0.2)


def _body(fields: list[str | None], extra: bool) -> list[list[list[str]]]:
    rows = []
    for n, (level, name, indikator, satuan, tk, tp, rk, rp) in enumerate(ITEMS):
        values = {"target_kinerja": tk, "target_pagu": tp, "realisasi_kinerja": rk, "realisasi_pagu": rp,
                  "capaian_kinerja": _percent(rk, tk), "capaian_pagu": _percent(rp, tp)}
        separate = {"program": name if level == "program" else MERGED if n else "",
                    "kegiatan": name if level == "kegiatan" else "", "sub_kegiatan": name if level == "sub_kegiatan" else ""}
        if level == "sub_kegiatan":
            separate["kegiatan"] = MERGED
        cells = {"no": str(n + 1), "tujuan": "Meningkatnya akuntabilitas kinerja" if n == 0 else MERGED,
                 "sasaran": "Meningkatnya kualitas perencanaan" if n == 0 else MERGED, "item": name, "indikator": indikator, **separate,
                 "satuan": satuan, "formula": "Realisasi dibagi target dikali 100", "keterangan": "", **values}
        rows.append([cells.get(f, "APBD") if f is not None else "APBD" for f in fields])
    pages = [rows[:3], rows[3:]]
    # A merged cell cut by the page break: empty on the next page (as Word and reportlab print it).
    return [[["" if cell == MERGED and n == 0 else cell for cell in row] for n, row in enumerate(page)] for page in pages]


def _percent(done: str, planned: str) -> str:
    value = int(done.replace(".", "")) / int(planned.replace(".", "")) * 100
    return f"{value:.2f}".replace(".", ",")


def truth_rows() -> list[dict]:
    rows, kegiatan = [], ""
    for level, name, indikator, _, tk, tp, rk, rp in ITEMS:
        kegiatan = name if level == "kegiatan" else kegiatan
        rows.append({"level": level, "program": PROGRAM, "kegiatan": kegiatan if level != "program" else "",
                     "sub_kegiatan": name if level == "sub_kegiatan" else "", "indikator": indikator,
                     "target_kinerja": tk, "target_pagu": tp.replace(".", ""), "realisasi_kinerja": rk, "realisasi_pagu": rp.replace(".", ""),
                     "capaian_kinerja": str(float(_percent(rk, tk).replace(",", "."))),
                     "capaian_pagu": str(float(_percent(rp, tp).replace(",", ".")))})
    return rows


def render(spec: Spec, out: Path) -> Path:
    variant = Variant(spec.header, 2, spec.widths, spec.body, titles("II"), repeat_header=spec.repeat_header)
    return variant.render(out / f"{spec.name}-tw2.pdf")


def render_calc(specs: list[Spec], out: Path) -> list[Path]:
    """The variants as workbooks (openpyxl: merged header and body cells, thin borders, header rows
    repeated on every page), printed to PDF by LibreOffice Calc."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from samples.fit import fit_row_heights
    from samples.pdf import workbooks_to_pdf

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    books = []
    for spec in specs:
        book = Workbook()
        sheet = book.active
        n_cols = len(spec.widths)
        for offset, title in enumerate(titles("II"), start=1):
            sheet.cell(row=offset, column=1, value=title).font = Font(name="Arial", size=9, bold=True)
            sheet.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=n_cols)
        top = len(titles("II")) + 2
        for row in range(top, top + 2):
            for col in range(1, n_cols + 1):
                sheet.cell(row=row, column=col).border = box
        for head in spec.header:
            cell = sheet.cell(row=top + head.row, column=head.col + 1, value=head.text)
            cell.font = Font(name="Arial", size=7, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if head.rowspan > 1 or head.colspan > 1:
                sheet.merge_cells(start_row=top + head.row, start_column=head.col + 1, end_row=top + head.row + head.rowspan - 1,
                                  end_column=head.col + head.colspan)
        body = [row for page in spec.body for row in page]
        for r, cells in enumerate(body):
            for col, text in enumerate(cells, start=1):
                cell = sheet.cell(row=top + 2 + r, column=col)
                cell.border, cell.font = box, Font(name="Arial", size=7)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                if text and text != MERGED:
                    cell.value = text
        for col in range(n_cols):  # a run of `^` below a cell is one merged cell with it (across pages too)
            start = None
            for r, cells in enumerate([*body, [""] * n_cols]):
                if cells[col] == MERGED and r > 0:
                    start = r - 1 if start is None else start
                elif start is not None:
                    sheet.merge_cells(start_row=top + 2 + start, start_column=col + 1, end_row=top + 1 + r, end_column=col + 1)
                    start = None
        widths = [w / 5.6 for w in spec.widths]  # points to Excel's character units
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{top}:{top + 1}"
        fit_row_heights(sheet, widths, 7, top)
        path = out / f"{spec.name}-calc-tw2.xlsx"
        book.save(path)
        books.append(path)
    return workbooks_to_pdf(books, out)


def score(pdf: Path, spec: Spec) -> dict:
    result = extract_file(pdf)
    with open_document(pdf, "pdfium", "never") as document:
        table = read_page_table(next(iter(document.pages())))
    found = [c.field for c in table.choices]
    columns_right = sum(a == b for a, b in zip(found, spec.fields)) if len(found) == len(spec.fields) else 0
    truth = truth_rows()
    rows = result.rows
    values = structure = 0
    for expected, got in zip(truth, rows):
        values += sum(expected[f] == got[f] for f in VALUE_FIELDS if spec_has(spec, f))
        structure += sum(expected[f] == " ".join(got[f].split()) for f in STRUCTURE_FIELDS)
    value_cells = len(truth) * sum(spec_has(spec, f) for f in VALUE_FIELDS)
    return {"name": spec.name, "refused": not result.ok or not rows, "columns": len(spec.fields), "columns_right": columns_right,
            "values": values, "value_cells": value_cells, "structure": structure, "structure_cells": len(truth) * len(STRUCTURE_FIELDS),
            "rows": len(rows), "wrong": [(h, f, t) for h, f, t in zip([c.header for c in table.choices], found, spec.fields) if f != t]}


def spec_has(spec: Spec, field: str) -> bool:
    return field in spec.fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--libreoffice", type=int, default=0, help="also print this many of the variants through openpyxl and Calc")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = args.keep or Path(tempfile.mkdtemp(prefix="reader-variants-"))
    out.mkdir(parents=True, exist_ok=True)
    totals = {"columns": 0, "columns_right": 0, "values": 0, "value_cells": 0, "structure": 0, "structure_cells": 0, "refused": 0}
    started = time.perf_counter()
    specs = [make_spec(index, rng) for index in range(args.count)]
    rendered = [(render(spec, out), spec) for spec in specs]
    if args.libreoffice:
        calc_specs = specs[: args.libreoffice]
        rendered += list(zip(render_calc(calc_specs, out), calc_specs))
    for pdf, spec in rendered:
        result = score(pdf, spec)
        result["name"] = pdf.stem
        for key in totals:
            totals[key] += int(result[key])
        if result["wrong"] or result["refused"] or result["values"] < result["value_cells"]:
            print(f"{result['name']}: refused={result['refused']} rows={result['rows']} wrong columns={result['wrong']} "
                  f"values {result['values']}/{result['value_cells']} structure {result['structure']}/{result['structure_cells']}")
    print(f"{args.count} variants (seed {args.seed}, reportlab) + {args.libreoffice} through Calc in {time.perf_counter() - started:.0f} s: "
          f"columns right {totals['columns_right']}/{totals['columns']} ({totals['columns_right'] / totals['columns']:.1%}), "
          f"refused {totals['refused']}, values {totals['values']}/{totals['value_cells']} ({totals['values'] / max(1, totals['value_cells']):.1%}), "
          f"structure {totals['structure']}/{totals['structure_cells']} ({totals['structure'] / max(1, totals['structure_cells']):.1%})")


if __name__ == "__main__":
    main()
