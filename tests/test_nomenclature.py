"""Levels and codes from the national nomenclature, never from the sums the rules check.

The PDFs of data/levels/ are TW II of the samples with a kegiatan whose pagu is
not the sum of its sub kegiatan (``sums``), and the same with item names as
agencies print them (``names``: typos, spacing, indicator text in the name
column, names of their own); ``samples/level_variants.py`` made them, and their
sources are the truth. The real reports of ../shared/real/ are checked against
tests/real_levels.csv: items whose level was read off the page images by hand
(BPBD p1, dishub p3, setda p9, dinkes p14, rendered with pdftoppm).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from rekon.extract.nomenclature import generic, localised, name_key, nomenclature, vocabulary
from rekon.extract.pipeline import extract_file
from rekon.extract.structure import ItemInfo, classify_items, row_codes
from rekon.rules.engine import check
from tests.capabilities import requires

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "data" / "levels"
REAL = ROOT.parent / "shared" / "real" / "tangsel-2023"
REAL_LEVELS = Path(__file__).resolve().parent / "real_levels.csv"
needs_real = requires("real-reports")

D = Decimal


# ---- the list and its name index --------------------------------------------------------------


def test_the_list_is_package_data_read_once():
    assert resources.files("rekon.nomenclature_data").joinpath("names.csv.gz").is_file()
    assert nomenclature() is nomenclature()
    assert len(nomenclature()) == 221 + 1450 + 8408


@pytest.mark.parametrize(
    "printed",
    [
        "koordinasi dan penyusunan perubahan dpa-skpd",  # case
        "Koordinasi  dan Penyusunan\nPerubahan DPA- SKPD",  # spacing, a wrapped line, a hyphen break
        "Koordinasi dan Penyusunan Perubahan DPA - SKPD",
        "Koordinasi dan Penyusunan Perubahan DPA-SKPD.",
        "Koordinasi dan Penyusunan Perubahn DPA-SKPD",  # a typo
    ],
)
def test_a_printed_name_finds_its_code_whatever_its_spacing_or_a_typo(printed):
    found = nomenclature().find(printed, "sub_kegiatan")
    assert found is not None and found.kode == "X.XX.01.2.01.0005"


def test_slash_spacing_and_misspelt_names_are_found_but_not_as_exact():
    index = nomenclature()
    assert index.find("Pemeliharaan / Rehabilitasi Gedung Kantor dan Bangunan Lainnya", "sub_kegiatan").exact
    typo = index.find("Pelaksanaan Penatusahaan dan Pengujian / Verifikasi Keuangan SKPD", "sub_kegiatan")
    assert typo.kode == "X.XX.01.2.02.0003" and not typo.exact and typo.score >= 90


def test_text_that_is_no_name_of_the_list_finds_nothing():
    index = nomenclature()
    assert index.find("Jumlah Dokumen Perencanaan Perangkat Daerah") is None  # an indicator text
    assert index.find("Urusan Rumah Tangga dan Umum Dinas") is None
    assert index.find("-") is None


def test_a_name_listed_at_two_levels_gives_no_level_by_itself():
    assert nomenclature().levels("Fasilitasi Keprotokolan") == {"kegiatan", "sub_kegiatan"}


def test_the_support_programme_is_one_generic_block_localised_to_the_bidang():
    assert generic("1.05.01.2.02.0001") == "X.XX.01.2.02.0001"
    assert generic("1.05.03.2.02.0001") == "1.05.03.2.02.0001"
    assert localised("X.XX.01.2.02", "2.08") == "2.08.01.2.02"


def test_the_vocabulary_holds_the_words_of_the_names_for_repairing_cut_words():
    words = vocabulary()
    assert {"pengarusutamaan", "penatausahaan", "kabupaten/kota"} <= words
    assert name_key("Penyusunan DPA- SKPD") == name_key("penyusunan dpa-skpd")


# ---- levels: the list first, sums last --------------------------------------------------------


def test_a_listed_kegiatan_stays_a_kegiatan_when_its_pagu_is_not_the_sum_of_its_children():
    items = [
        ItemInfo("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", [D(150)], True),
        ItemInfo("Penyediaan Jasa Surat Menyurat", [D(100)]),
        ItemInfo("Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", [D(50)]),
        # the sums closed above: a reader by sums takes the next one for a kegiatan
        ItemInfo("Penyediaan Jasa Pelayanan Umum Kantor", [D(70)]),
    ]
    decisions = classify_items(items, "X.XX.01")
    assert [d.level for d in decisions] == ["kegiatan", "sub_kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert {d.source for d in decisions} == {"nomenclature"}


def test_a_name_at_two_levels_is_decided_by_the_item_above():
    kegiatan = ItemInfo("Pelaksanaan Protokol dan Komunikasi Pimpinan", [D(10)], True)
    decisions = classify_items([kegiatan, ItemInfo("Fasilitasi Keprotokolan", [D(10)])], "4.01.01")
    assert [(d.level, d.source) for d in decisions] == [("kegiatan", "nomenclature"), ("sub_kegiatan", "parent")]
    same_name = ItemInfo("Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota", [D(5)], True)
    decisions = classify_items([same_name, ItemInfo("Penyediaan Perlengkapan Jalan di Jalan Kabupaten / Kota", [D(5)])], "2.15.02")
    assert [d.level for d in decisions] == ["kegiatan", "sub_kegiatan"]


def test_an_unknown_item_above_listed_children_of_another_kegiatan_is_their_kegiatan():
    items = [
        ItemInfo("Administrasi Keuangan Perangkat Daerah", [D(5)], True),
        ItemInfo("Penyediaan Gaji dan Tunjangan ASN", [D(5)]),
        ItemInfo("Urusan Rumah Tangga Dinas", [D(999)]),  # renamed "Administrasi Umum Perangkat Daerah"
        ItemInfo("Penyediaan Bahan Logistik Kantor", [D(3)]),
    ]
    decisions = classify_items(items, "X.XX.01")
    assert [(d.level, d.source) for d in decisions][2] == ("kegiatan", "children")


def test_only_unknown_names_fall_to_the_sums_and_they_say_so():
    items = [ItemInfo("Kegiatan khusus dinas", [D(30)], True), ItemInfo("Belanja rutin A", [D(10)]), ItemInfo("Belanja rutin B", [D(20)])]
    decisions = classify_items(items)
    # The first item of a program is a kegiatan by its place; its children only by the sums.
    assert [(d.level, d.source) for d in decisions] == [("kegiatan", "position"), ("sub_kegiatan", "sums"), ("sub_kegiatan", "sums")]
    items.insert(0, ItemInfo("Kegiatan lain dinas", [D(5)], True))
    decisions = classify_items(items)
    assert [(d.level, d.source) for d in decisions][1] == ("kegiatan", "sums")


def test_each_row_carries_its_own_items_code_localised_to_the_agencys_bidang():
    records = [
        {"level": "program", "program": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA", "kegiatan": "", "sub_kegiatan": ""},
        {"level": "sub_kegiatan", "program": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA",
         "kegiatan": "Administrasi Keuangan Perangkat Daerah", "sub_kegiatan": "Penyediaan Gaji dan Tunjangan ASN"},
        {"level": "program", "program": "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN", "kegiatan": "", "sub_kegiatan": ""},
        {"level": "sasaran", "program": "", "kegiatan": "", "sub_kegiatan": ""},
    ]
    assert row_codes(records) == ["2.08.01", "2.08.01.2.02.0001", "2.08.02", ""]


def test_a_reworded_name_takes_the_code_of_the_name_it_says_under_its_printed_parent():
    program = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA"
    sub = "Penyediaan Tunjangan dan Gaji ASN Tahun 2022"  # words swapped, a year added
    records = [
        {"level": "program", "program": "PROGRAM PEREMPUAN PEMBERDAYAAN DAN GENDER PENGARUSUTAMAAN", "kegiatan": "", "sub_kegiatan": ""},
        {"level": "kegiatan", "program": program, "kegiatan": "Keuangan Perangkat Daerah Administrasi", "sub_kegiatan": ""},
        {"level": "sub_kegiatan", "program": program, "kegiatan": "Administrasi Keuangan Perangkat Daerah", "sub_kegiatan": sub},
        # The same rewording under another kegiatan is not that kegiatan's item: no code.
        {"level": "sub_kegiatan", "program": program, "kegiatan": "Administrasi Kepegawaian Perangkat Daerah", "sub_kegiatan": sub},
    ]
    assert row_codes(records) == ["2.08.02", "2.08.01.2.02", "2.08.01.2.02.0001", ""]


# ---- the samples with a sum that does not close -----------------------------------------------


def _extracted(variant: str) -> tuple[list[dict], list[dict], pd.DataFrame]:
    pdf = LEVELS / variant / f"dp3akb-serang-2022-tw2-{variant}.pdf"
    result = extract_file(pdf)
    assert result.ok, result.error
    source = pd.read_csv(LEVELS / variant / "tw2.csv", dtype=str, keep_default_na=False)
    return result.rows, result.problems, source


@pytest.fixture(scope="module", params=["sums", "names"])
def variant(request):
    rows, problems, source = _extracted(request.param)
    findings = check(pd.DataFrame(rows).astype(str))
    return request.param, rows, problems, source, findings


def test_every_level_is_right_where_a_kegiatan_is_not_the_sum_of_its_children(variant):
    _, rows, _, source, _ = variant
    assert len(rows) == len(source)
    wrong = [(r["row_id"], r["level"], want) for r, want in zip(rows, source["level"]) if r["level"] != want]
    assert not wrong


def test_the_sum_mismatch_is_reported_on_the_kegiatan_and_on_its_program(variant):
    _, _, _, _, findings = variant
    sums = findings[findings["rule"] == "sum_mismatch"]
    on_kegiatan = sums[sums["kegiatan"] == "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"]
    assert sorted(on_kegiatan["field"]) == ["realisasi_pagu", "target_pagu"]
    assert set(on_kegiatan["expected"]) == {"356031600", "151697139"}  # what its four children add up to
    by_level = sums.merge(pd.DataFrame(variant[1])[["row_id", "level"]], on="row_id")["level"].value_counts().to_dict()
    # and the program, whose kegiatan no longer add up; the sasaran row (RB) prints the agency total
    # over its one program in the real TW II as well (data/FINDINGS.md), a finding of its own.
    assert by_level == {"kegiatan": 2, "program": 2, "sasaran": 2}


def test_a_level_told_by_sums_is_said_in_the_problems(variant):
    name, _, problems, _, _ = variant
    told = sorted(p["raw_text"] for p in problems if p["problem"] == "level_from_sums")
    expected = {"sums": [], "names": ["Belanja Modal Kantor Dinas", "Jumlah bulan penyediaan alat tulis kantor", "Pengadaan Perlengkapan Gedung UPT"]}
    assert told == expected[name]


def test_names_not_in_the_list_are_reported_with_the_nearest_official_name(variant):
    name, rows, _, _, findings = variant
    nonstandard = findings[findings["rule"] == "nonstandard_name"]
    assert not (findings["rule"] == "misplaced_item").any()
    if name == "names":
        typo = nonstandard[nonstandard["actual"] == "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrk"]
        assert list(typo["expected"]) == ["Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"]
        # The spaced hyphen and slash are the list's names; the typos still carry their code.
        assert not nonstandard["actual"].isin(["Koordinasi dan Penyusunan Dokumen RKA - SKPD", "Penyediaan Jasa Surat / Menyurat"]).any()
        coded = {r["sub_kegiatan"]: r["kode"] for r in rows if r["level"] == "sub_kegiatan"}
        assert coded["Penyusunan Dokumen Perencanan Perangkat Daerah"] == "2.08.01.2.01.0001"
        assert coded["Penatusahaan Barang Milik Daerah pada SKPD"] == "2.08.01.2.03.0006"
        assert coded["Honorarium Tenaga Pendukung Kantor"] == ""
    else:
        items = [r for r in rows if r["level"] in ("program", "kegiatan", "sub_kegiatan")]
        assert all(r["kode"] for r in items)


# ---- the real reports: the levels a reader sees -------------------------------------------------


@pytest.fixture(scope="module")
def real_results() -> dict:
    return {path.name: extract_file(path) for path in sorted(REAL.glob("*.pdf"))}


@needs_real
def test_real_reports_get_the_levels_read_off_their_page_images(real_results):
    checked = list(csv.DictReader(REAL_LEVELS.open(encoding="utf-8")))
    wrong = []
    for expected in checked:
        rows = [r for r in real_results[expected["file"]].rows if r["quarter"] == 1]
        seen = {(str(r["page"]), r["level"], r[r["level"]]) for r in rows if r["level"] in ("program", "kegiatan", "sub_kegiatan")}
        if (expected["page"], expected["level"], expected["name"]) not in seen:
            wrong.append(f"{expected['file']} p{expected['page']} {expected['name']!r} is not read as {expected['level']}")
    assert not wrong, "\n".join(wrong)


@needs_real
def test_real_items_carry_their_code_and_no_level_rests_on_the_sums(real_results):
    for name, result in real_results.items():
        assert result.ok, (name, result.error)
        items = [r for r in result.rows if r["level"] in ("program", "kegiatan", "sub_kegiatan")]
        coded = sum(bool(r["kode"]) for r in items) / len(items)
        assert coded > 0.95, (name, coded)
        assert not [p for p in result.problems if p["problem"] == "level_from_sums"], name


# ---- the same name's level in the other quarters of a run --------------------------------------

from rekon.extract.across_quarters import settle_levels  # noqa: E402
from rekon.extract.pipeline import FileResult, Metadata  # noqa: E402


def _quarter_file(quarter: int, items: list[tuple[str, str, str]]) -> FileResult:
    """A one-quarter file of (level, name, source) items under one program, one row each."""
    result = FileResult(f"tw{quarter}.pdf", metadata=Metadata("DINAS X", 2024, quarter))
    kegiatan = ""
    for index, (level, name, source) in enumerate(items):
        kegiatan = name if level == "kegiatan" else kegiatan
        row_id = f"tw{quarter}:p1:r{index + 1}"
        result.rows.append({"row_id": row_id, "level": level, "program": "PROGRAM X", "kegiatan": kegiatan,
                            "sub_kegiatan": name if level == "sub_kegiatan" else "", "kode": ""})
        result.item_levels.append(([row_id], source))
        if source == "sums":
            result.problems.append({"row_id": row_id, "problem": "level_from_sums"})
    return result


def test_a_level_told_by_sums_yields_to_the_same_names_level_in_another_quarter():
    told_by_sums = _quarter_file(2, [("kegiatan", "Kegiatan Dinas A", "position"), ("kegiatan", "Belanja Khusus B", "sums"),
                                     ("sub_kegiatan", "Belanja Khusus C", "sums")])
    # TW I told "Belanja Khusus B" (printed with other spacing and case) a sub kegiatan from its layout.
    independent = _quarter_file(1, [("kegiatan", "Kegiatan Dinas A", "position"), ("sub_kegiatan", "Belanja  khusus b", "children")])
    settle_levels([independent, told_by_sums])
    levels = [(r["level"], r["kegiatan"], r["sub_kegiatan"]) for r in told_by_sums.rows]
    assert levels == [("kegiatan", "Kegiatan Dinas A", ""), ("sub_kegiatan", "Kegiatan Dinas A", "Belanja Khusus B"),
                      ("sub_kegiatan", "Kegiatan Dinas A", "Belanja Khusus C")]
    # B is settled by the other quarter; C, which no other quarter knows, still rests on the sums and says so.
    assert [p["row_id"] for p in told_by_sums.problems] == ["tw2:p1:r3"]


def test_a_level_told_by_sums_in_every_quarter_stays_said():
    one = _quarter_file(1, [("kegiatan", "Kegiatan Dinas A", "position"), ("sub_kegiatan", "Belanja Khusus C", "sums")])
    two = _quarter_file(2, [("kegiatan", "Kegiatan Dinas A", "position"), ("sub_kegiatan", "Belanja Khusus C", "sums")])
    settle_levels([one, two])
    assert len(one.problems) == len(two.problems) == 1


def test_the_report_shows_the_official_name_beside_a_printed_name_that_differs():
    from rekon.report.indicators import _official_beside

    assert _official_beside("2.08.01.2.01.0001", "Penyusunan Dokumen Perencanan Perangkat Daerah") == (
        "2.08.01.2.01.0001 Penyusunan Dokumen Perencanaan Perangkat Daerah")
    assert _official_beside("2.08.01.2.01.0001", "PENYUSUNAN DOKUMEN PERENCANAAN PERANGKAT  DAERAH") == ""
    assert _official_beside("", "Belanja Modal Kantor Dinas") == ""


def test_the_same_code_is_the_same_item_for_the_matcher_and_different_codes_are_not():
    from rekon.reconcile.context import row_context
    from rekon.reconcile.score import score_pairs
    from rekon.reconcile.match_settings import MatchSettings

    base = {"opd": "X", "year": "2024", "level": "sub_kegiatan", "tujuan": "", "sasaran": "", "program": "PROGRAM P",
            "kegiatan": "Administrasi Umum Perangkat Daerah", "indikator": "Jumlah paket", "satuan": "Paket",
            "target_pagu": "", "target_kinerja": ""}
    rows = pd.DataFrame([
        {**base, "quarter": "1", "sub_kegiatan": "Penyediaan Bahan Logistik Kantor", "kode": "2.08.01.2.06.0004"},
        # TW II: a reworded name with the same code, and a near-twin name with another code
        {**base, "quarter": "2", "sub_kegiatan": "Pengadaan Logistik Kantor Dinas", "kode": "2.08.01.2.06.0004"},
        {**base, "quarter": "2", "sub_kegiatan": "Penyediaan Bahan Logistik Kantor UPT", "kode": "2.08.01.2.06.0099"},
    ])
    context = row_context(rows)
    scores = score_pairs(context.iloc[[0]], context.iloc[[1, 2]], MatchSettings())
    assert scores.components["item"][0].tolist() == [100.0, 0.0]
    assert scores.total[0, 0] > scores.total[0, 1]


def test_a_program_printed_in_title_case_is_a_program_by_the_list():
    from rekon.extract.structure import is_program_item

    assert is_program_item("Program Pengarusutamaan Gender dan Pemberdayaan Perempuan")
    assert is_program_item("PROGRAM ADMINISTRASI UMUM")  # printed as a program, though in no list
    assert not is_program_item("Administrasi Keuangan Perangkat Daerah")


def test_an_older_lists_wording_is_a_name_of_the_list():
    # The pre-2021 wording of 5.01.02.2.01.0004 ("Perangkat Daerah" was "SKPD").
    found = nomenclature().find("Koordinasi Pelaksanaan Forum SKPD / Lintas SKPD", "sub_kegiatan")
    assert found.exact and found.kode == "5.01.02.2.01.0004"
    assert found.name == "Koordinasi Pelaksanaan Forum Perangkat Daerah/Lintas Perangkat Daerah"


def test_side_by_side_levels_come_from_the_list_where_the_sums_do_not_close():
    """The side-by-side family (quarters in one table): a sub kegiatan printing `-` as its Rp and an
    outcome-style indicator, under a kegiatan whose Rp is not the sum of its sub kegiatan."""
    from rekon.extract.numbers import Convention
    from rekon.extract.border_header import Column, Layout
    from rekon.extract.side_by_side import hierarchy

    columns = [Column("name", None, 0, 100), Column("indikator", None, 100, 200)]
    for quarter in (1, 2):
        columns += [Column("realisasi_kinerja", quarter, 200 + 100 * quarter, 250 + 100 * quarter),
                    Column("realisasi_pagu", quarter, 250 + 100 * quarter, 300 + 100 * quarter)]
    layout = Layout(columns, 0.0)

    def row(name: str, indikator: str, rp1: str, rp2: str) -> dict[str, str]:
        return {"name": name, "indikator": indikator, "realisasi_pagu:q1": rp1, "realisasi_pagu:q2": rp2}

    texts = [
        row("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN / KOTA", "Nilai LKE PMPRB", "300.000", "500.000"),
        row("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Persentase dokumen tepat waktu", "210.000", "400.000"),
        row("Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah Dokumen Perencanaan", "100.000", "150.000"),
        row("Koordinasi dan Penyusunan Dokumen RKA- SKPD", "Jumlah Dokumen RKA-SKPD", "110.000", "50.000"),
        # Rp nil in both quarters, and an outcome-style indicator: neither sums nor style tell
        row("Koordinasi dan Penyusunan Perubahan DPA- SKPD", "Tersedianya Dokumen Perubahan DPA-SKPD", "-", "-"),
        row("Evaluasi Kinerja Perangkat Daerah", "Jumlah Laporan Evaluasi Kinerja", "-", "150.000"),  # Q2 does not close
        row("Administrasi Keuangan Perangkat Daerah", "Cakupan Administrasi Keuangan", "90.000", "100.000"),
        row("Penyediaan Gaji dan Tunjangan ASN", "Jumlah Orang yang Menerima Gaji", "90.000", "100.000"),
    ]
    levels, told_by_sums = hierarchy(texts, layout, Convention.DOT_THOUSANDS)
    assert levels == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan", "sub_kegiatan", "sub_kegiatan", "kegiatan", "sub_kegiatan"]
    assert told_by_sums == []
