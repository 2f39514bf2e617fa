"""Levels and codes from the national nomenclature, never from the sums the rules check.

The PDFs of data/levels/ are TW II of the samples with a kegiatan whose pagu is
not the sum of its sub kegiatan (``sums``), and the same with item names as
agencies print them (``names``: typos, spacing, indicator text in the name
column, names of their own); ``samples/level_variants.py`` made them, and their
sources are the truth. The real reports of ../shared/real/ are checked against
tests/real_levels.csv: items whose level was read off the page images by hand.
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

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "data" / "levels"
REAL = ROOT.parent / "shared" / "real" / "tangsel-2023"
REAL_LEVELS = Path(__file__).resolve().parent / "real_levels.csv"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"the real reports are not here: {REAL} is absent")

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
    assert [(d.level, d.source) for d in decisions] == [("kegiatan", "sums"), ("sub_kegiatan", "sums"), ("sub_kegiatan", "sums")]


def test_each_row_carries_its_own_items_code_localised_to_the_agencys_bidang():
    records = [
        {"level": "program", "program": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA", "kegiatan": "", "sub_kegiatan": ""},
        {"level": "sub_kegiatan", "program": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA",
         "kegiatan": "Administrasi Keuangan Perangkat Daerah", "sub_kegiatan": "Penyediaan Gaji dan Tunjangan ASN"},
        {"level": "program", "program": "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN", "kegiatan": "", "sub_kegiatan": ""},
        {"level": "sasaran", "program": "", "kegiatan": "", "sub_kegiatan": ""},
    ]
    assert row_codes(records) == ["2.08.01", "2.08.01.2.02.0001", "2.08.02", ""]


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
    assert len(sums) == 4  # and the program, whose kegiatan no longer add up


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


@needs_real
def test_real_reports_get_the_levels_read_off_their_page_images():
    checked = list(csv.DictReader(REAL_LEVELS.open(encoding="utf-8")))
    by_file: dict[str, list[dict]] = {}
    for row in checked:
        by_file.setdefault(row["file"], []).append(row)
    wrong = []
    for file, expected in by_file.items():
        rows = [r for r in extract_file(REAL / file).rows if r["quarter"] == 1]
        seen = {(str(r["page"]), r["level"], r[r["level"]]) for r in rows if r["level"] in ("program", "kegiatan", "sub_kegiatan")}
        wrong += [f"{file} p{e['page']} {e['name']!r} is not read as {e['level']}" for e in expected if (e["page"], e["level"], e["name"]) not in seen]
    assert not wrong, "\n".join(wrong)


@needs_real
def test_real_items_carry_their_code_and_no_level_rests_on_the_sums():
    for path in sorted(REAL.glob("*.pdf")):
        result = extract_file(path)
        items = [r for r in result.rows if r["level"] in ("program", "kegiatan", "sub_kegiatan")]
        coded = sum(bool(r["kode"]) for r in items) / len(items)
        assert coded > 0.95, (path.name, coded)
        assert not [p for p in result.problems if p["problem"] == "level_from_sums"], path.name
