"""One reader for any report, end to end on rendered PDFs: wordings no sample uses, a layout file for
words rekon cannot know, a page that does not repeat its header, the full Renja form, `rekon inspect`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekon.cli import app
from rekon.extract.layout_file import LayoutError, load_layout
from rekon.extract.numbers import Convention, parse_cell
from rekon.extract.pipeline import extract_file
from tests.variants import MERGED as M
from tests.variants import QUARTERLY_WIDTHS, Head, Variant, titles

PROGRAM = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
KEGIATAN = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
SUB = "Penyusunan Dokumen Perencanaan Perangkat Daerah"
VALUES = [["100", "1.500.000.000", "40", "600.000.000", "40,00", "40,00"], ["100", "300.000.000", "50", "120.000.000", "50,00", "40,00"],
          ["4", "200.000.000", "2", "80.000.000", "50,00", "40,00"], ["2", "100.000.000", "1", "40.000.000", "50,00", "40,00"]]
# Short indicator texts: nothing in their content says `indicator` on its own.
INDICATORS = ["Layanan tepat waktu", "Dokumen tepat waktu", "Dokumen perencanaan", "Laporan evaluasi"]


def _header(words: dict[str, str]) -> list[Head]:
    """A one-quarter header with the wordings given; group `Kinerja` over Target/Realisasi/Capaian, `Anggaran` likewise."""
    leading = [words.get(k, k) for k in ("No", "Tujuan", "Sasaran", "Item", "Indikator", "Satuan", "Formula")]
    heads = [Head(text, 0, col, rowspan=2) for col, text in enumerate(leading)]
    heads += [Head(words.get("Kinerja", "Kinerja"), 0, 7, colspan=3), Head(words.get("Anggaran", "Anggaran (Rp)"), 0, 10, colspan=3)]
    for offset, measure in enumerate(("Target", "Realisasi", "Capaian")):
        heads += [Head(words.get(measure, measure), 1, 7 + offset), Head(words.get(measure, measure), 1, 10 + offset)]
    return heads + [Head(words.get("Ket", "Ket."), 0, 13, rowspan=2)]


def _body() -> list[list[list[str]]]:
    names = [PROGRAM, KEGIATAN, SUB, ""]
    rows = []
    for n, (name, indikator, v) in enumerate(zip(names, INDICATORS, VALUES)):
        # the values in this header's order: K target, realisasi, capaian, then Rp the same
        values = [v[0], v[2], v[4], v[1], v[3], v[5]]
        rows.append([str(n + 1) if name else "", "Meningkatnya akuntabilitas" if n == 0 else M, "", name if name else M, indikator, "Persen",
                     "Realisasi dibagi target x 100", *values, ""])
    return [rows[:2], rows[2:]]


def _render(tmp: Path, name: str, words: dict[str, str], repeat_header: bool = True) -> Path:
    widths = [*QUARTERLY_WIDTHS[:7], 34, 34, 34, 60, 60, 40, 50]
    variant = Variant(_header(words), 2, widths, _body(), titles("II"), repeat_header=repeat_header)
    return variant.render(tmp / f"{name}-tw2.pdf")


def _values(rows: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(r[f] for f in ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu"))
            for r in rows]


EXPECTED = [("100", "1500000000", "40", "600000000", "40.0", "40.0"), ("100", "300000000", "50", "120000000", "50.0", "40.0"),
            ("4", "200000000", "2", "80000000", "50.0", "40.0"), ("2", "100000000", "1", "40000000", "50.0", "40.0")]
EXPECTED_LEVELS = ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("layouts")
    return {
        # Dimension over measure, English and Indonesian mixed, a typo, a broken word, an abbreviation, fillers.
        "reworded": _render(tmp, "reworded", {"Item": "Nama Program / Kegiatan", "Indikator": "Indikator Kinerja (Outcome)",
                                              "Formula": "Rumus Perhitung an", "Kinerja": "Performance", "Anggaran": "Keuangan (Rp)",
                                              "Target": "Trgt", "Realisasi": "Realsiasi s.d. TW II", "Capaian": "% Capaian",
                                              "Ket": "Catatan"}),
        "unknown": _render(tmp, "unknown", {"Indikator": "Ukuran Keberhasilan"}),
        "unrepeated": _render(tmp, "unrepeated", {}, repeat_header=False),
    }


def test_a_wording_no_sample_uses_reads_every_value_and_level(rendered):
    result = extract_file(rendered["reworded"])
    assert result.ok and result.family == "one_quarter", result.error
    assert _values(result.rows) == EXPECTED
    assert [r["level"] for r in result.rows] == EXPECTED_LEVELS
    assert [r["indikator"] for r in result.rows] == INDICATORS
    assert not [p for p in result.problems if p["problem"] in ("unknown_header", "uncertain_column")]


def test_a_page_without_its_header_continues_the_previous_pages_table(rendered):
    result = extract_file(rendered["unrepeated"])
    assert result.ok, result.error
    assert [int(r["page"]) for r in result.rows] == [1, 1, 2, 2]
    assert _values(result.rows) == EXPECTED and [r["level"] for r in result.rows] == EXPECTED_LEVELS


def test_words_rekon_cannot_know_are_named_in_a_layout_file(rendered, tmp_path):
    refused = extract_file(rendered["unknown"])
    assert not refused.ok and "indikator" in refused.reason()
    assert "Ukuran Keberhasilan" in {p["raw_text"] for p in refused.problems if p["problem"] == "unknown_header"}
    layout = tmp_path / "agency.yaml"
    layout.write_text("fields:\n  indikator: [Ukuran Keberhasilan]\n", encoding="utf-8")
    read = extract_file(rendered["unknown"], layout=load_layout(layout))
    assert read.ok, read.error
    assert [r["indikator"] for r in read.rows] == INDICATORS and _values(read.rows) == EXPECTED
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["extract", str(rendered["unknown"]), "-o", str(out), "--layout", str(layout), "--quiet"])
    assert run.exit_code == 0, run.output
    assert "Layanan tepat waktu" in (out / "rows.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, line, words", [
    ("fields:\n  indikator: [Ukuran]\n  target_pagux: [Dana]\n", 3, "unknown field 'target_pagux'"),
    ("families:\n  one_quarter:\n    titel: [Laporan]\n", 3, "unknown key 'titel'"),
    ("fields:\n  indikator: {a: b}\n", 2, "expected a wording"),
    ("fields: [indikator\n", 2, "not valid YAML"),
    ("families:\n  renja:\n    title: [x]\n", 2, "unknown family 'renja'"),
])
def test_a_layout_file_with_an_error_is_a_usage_error_naming_its_line(tmp_path, text, line, words):
    layout = tmp_path / "bad.yaml"
    layout.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError, match=f"bad.yaml:{line}: {words}"):
        load_layout(layout)
    run = CliRunner().invoke(app, ["extract", "data/samples/dp3akb-serang-2022-tw1.pdf", "-o", str(tmp_path / "o"), "--layout", str(layout)])
    assert run.exit_code == 2 and f"bad.yaml:{line}" in run.output and "Traceback" not in run.output


def _plain(text: str) -> str:
    return "" if text.strip() in ("", "-", "^") else parse_cell(text, Convention.DOT_THOUSANDS).plain


def test_the_full_renja_form_reads_every_cell_of_its_truth():
    """A full form (province wording, Calc export): every column named, every cell as its truth."""
    data = Path("data/renja_full")
    truth = list(csv.DictReader((data / "dishub-jateng-2023-partial-calc.csv").open(encoding="utf-8")))
    result = extract_file(data / "dishub-jateng-2023-partial-calc.pdf")
    assert result.ok and result.family == "renja_evaluation", result.error  # the family it was read as, which the store records
    assert not [p for p in result.problems if p["problem"] in ("unknown_header", "unmapped_value", "uncertain_column")]
    by_quarter: dict[int, list[dict]] = {}
    for row in result.rows:
        by_quarter.setdefault(int(row["quarter"]), []).append(row)
    assert all(len(rows) == len(truth) for rows in by_quarter.values())
    differences = []
    for index, expected in enumerate(truth):
        got = by_quarter[1][index]
        for name in ("level", "program", "kegiatan", "sub_kegiatan", "indikator", "penanggung_jawab"):
            if " ".join(expected[name].split()) != " ".join(got[name].split()):
                differences.append((index + 1, name, expected[name], got[name]))
        for name in ("target_kinerja", "target_pagu", "realisasi_tahun_kinerja", "realisasi_tahun_pagu", "capaian_kinerja", "capaian_pagu"):
            if _plain(expected[name]) != got[name]:
                differences.append((index + 1, name, expected[name], got[name]))
        for quarter in (1, 2, 3, 4):
            for name in ("realisasi_kinerja", "realisasi_pagu"):
                if _plain(expected[f"{name}_q{quarter}"]) != by_quarter[quarter][index][name]:
                    differences.append((index + 1, f"{name}_q{quarter}", expected[f"{name}_q{quarter}"], by_quarter[quarter][index][name]))
    assert not differences, differences[:10]


def test_inspect_draws_each_page_with_its_columns_and_rows(rendered, tmp_path):
    run = CliRunner().invoke(app, ["inspect", str(rendered["reworded"]), "--pages", "1", "-o", str(tmp_path / "look")])
    assert run.exit_code == 0, run.output
    page = tmp_path / "look" / "page-001.png"
    from PIL import Image

    with Image.open(page) as image:
        assert image.width > 2000 and image.height > 1000
    index = (tmp_path / "look" / "index.html").read_text(encoding="utf-8")
    assert "page-001.png" in index and "page-002.png" not in index
    for field in ("indikator", "target_kinerja", "realisasi_pagu", "capaian_kinerja", "keterangan"):
        assert f"<td>{field}</td>" in index
    assert "&#x27;realsiasi&#x27;=realisasi (typo)" in index
