"""Structure that holds on reports made otherwise than the samples, kind by kind.

Each test renders a small report with reportlab (tests/variants.py: every page a table of
its own, so the grid is closed at each page break) and reads it through the real
extractor. The expected rows are written out by hand below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rekon.extract.cross_file import repair_across_files
from rekon.extract.pipeline import extract_file
from tests.variants import MERGED as M
from tests.variants import QUARTERLY_WIDTHS, Head, Variant, quarterly_header, separate_header, titles

PROGRAM = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
KEGIATAN = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
SUB_1 = "Penyusunan Dokumen Perencanaan Perangkat Daerah"
SUB_2 = "Evaluasi Kinerja Perangkat Daerah"
TUJUAN = "Meningkatnya tata kelola pemerintahan yang akuntabel"
SASARAN = "Meningkatnya akuntabilitas kinerja perangkat daerah"


def _row(no, tujuan, sasaran, item, indikator, satuan, values, keterangan="", extra=()):
    return [no, tujuan, sasaran, item, indikator, satuan, "Jumlah yang dicapai dibagi target", *values, keterangan, *extra]


def _closed_quarterly(header: list[Head], widths: list[float], extra: tuple[str, ...] = ()) -> Variant:
    """Sasaran, program, kegiatan and two sub kegiatan; the page breaks inside the first sub
    kegiatan, whose second indicator and shared budget continue on page 2 in empty cells."""
    page_1 = [
        _row("1", TUJUAN, SASARAN, "", "Nilai SAKIP perangkat daerah", "Nilai", ["70", "1.500.000.000", "65", "600.000.000", "92,86", "40,00"], "", extra),
        _row(M, M, "", PROGRAM, "Persentase layanan administrasi tepat waktu", "Persen", ["100", "1.500.000.000", "40", "600.000.000", "40,00", "40,00"], "", extra),
        _row(M, M, "", KEGIATAN, "Persentase dokumen perencanaan tepat waktu", "Persen", ["100", "300.000.000", "50", "120.000.000", "50,00", "40,00"], "", extra),
        _row(M, M, "", SUB_1, "Jumlah dokumen perencanaan", "Dokumen", ["4", "200.000.000", "2", "80.000.000", "50,00", "40,00"], "DAK", extra),
    ]
    page_2 = [
        _row("", "", "", "", "Jumlah dokumen evaluasi", "Dokumen", ["2", "", "1", "", "50,00", ""], "", extra),
        _row(M, M, "", SUB_2, "Jumlah laporan evaluasi kinerja", "Laporan", ["4", "100.000.000", "2", "40.000.000", "50,00", "40,00"], "", extra),
    ]
    return Variant(header, 2, widths, [page_1, page_2], titles("I"))


EXPECTED_HIERARCHY = [
    ("sasaran", "", "", ""),
    ("program", PROGRAM, "", ""),
    ("kegiatan", PROGRAM, KEGIATAN, ""),
    ("sub_kegiatan", PROGRAM, KEGIATAN, SUB_1),
    ("sub_kegiatan", PROGRAM, KEGIATAN, SUB_1),
    ("sub_kegiatan", PROGRAM, KEGIATAN, SUB_2),
]


def _hierarchy(rows: list[dict]) -> list[tuple[str, str, str, str]]:
    return [(r["level"], r["program"], r["kegiatan"], r["sub_kegiatan"]) for r in rows]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory) -> tuple[Path, list[dict], list[dict]]:
    """Header words none of the samples use, an extra column `Sumber Dana`, closed page break."""
    groups = (("Rencana", "Fisik", "Pagu Anggaran (Rp)"), ("Realisasi s.d. Triwulan I", "Fisik", "Keuangan (Rp)"), ("Capaian", "Fisik (%)", "Keuangan (%)"))
    header = quarterly_header(groups, keterangan="Ket") + [Head("Sumber Dana", 0, 14, rowspan=2)]
    pdf = _closed_quarterly(header, QUARTERLY_WIDTHS + [40], extra=("APBD",)).render(tmp_path_factory.mktemp("reworded") / "reworded-tw1.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return pdf, result.rows, result.problems


def test_header_words_map_by_meaning_whatever_the_wording(reworded):
    _, rows, _ = reworded
    first = rows[0]
    assert (first["target_kinerja"], first["target_pagu"], first["realisasi_kinerja"], first["realisasi_pagu"]) == ("70", "1500000000", "65", "600000000")
    assert (first["capaian_kinerja"], first["capaian_pagu"]) == ("92.86", "40.0")


def test_a_partly_known_layout_reads_the_known_columns_and_names_the_unknown_one(reworded):
    _, rows, problems = reworded
    unknown = [p for p in problems if p["problem"] == "unknown_header"]
    assert {p["raw_text"] for p in unknown} == {"Sumber Dana"}
    assert len(rows) == 6 and all(r["indikator"] for r in rows)


def test_a_closed_page_break_continues_the_items_of_the_previous_page(reworded):
    _, rows, _ = reworded
    assert _hierarchy(rows) == EXPECTED_HIERARCHY
    continued = rows[4]
    assert continued["page"] == 2 and continued["indikator"] == "Jumlah dokumen evaluasi"
    assert continued["tujuan"] == TUJUAN and continued["sasaran"] == ""  # sasaran cells cover their own rows only
    # The budget printed once on page 1 is the continued row's too: one budget, not two.
    assert continued["target_pagu"] == "200000000" and continued["budget_group"] == rows[3]["budget_group"]
    assert rows[5]["target_pagu"] == "100000000" and rows[5]["budget_group"] != rows[3]["budget_group"]
    # A one-row remark is not carried over the break.
    assert rows[3]["keterangan"] == "DAK" and continued["keterangan"] == ""


def test_every_value_under_a_header_that_names_nothing_is_a_problem_of_its_own(tmp_path):
    # A column whose header names nothing (`Kxq (90)`: OCR's reading of a unit, or a word rekon has no
    # concept for) and whose numbers are no capaian of the others: its numbers are in no field.
    # (`Capaian > Kxnerja` no longer names nothing: `Capaian` is read, and its values are realisasi / target.)
    groups = (("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian", "Kinerja", "Pagu"))
    header = quarterly_header(groups, keterangan="Ket") + [Head("Kxq (90)", 0, 14, rowspan=2), Head("Sumber Dana", 0, 15, rowspan=2)]
    widths = [*QUARTERLY_WIDTHS[:3], 80, *QUARTERLY_WIDTHS[4:], 30, 40]  # the item column narrower: the page holds two more
    pdf = _closed_quarterly(header, widths, extra=("7", "APBD")).render(tmp_path / "unnamed-tw1.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    assert result.rows[0]["capaian_kinerja"] == "92.86" and result.rows[0]["capaian_pagu"] == "40.0"
    unmapped = [p for p in result.problems if p["problem"] == "unmapped_value"]
    # One problem per printed value, with its row, its header and its text; the column of words
    # (`Sumber Dana`) is named once as an unknown header, not on every row.
    assert [(p["row_id"].split(":", 1)[1], p["field"].replace(" ", ""), p["raw_text"]) for p in unmapped] == [
        (f"p{page}:r{index}", "Kxq(90)", "7") for page, index in [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2)]
    ]
    assert unmapped[0]["field"] in unmapped[0]["message"] and "7" in unmapped[0]["message"]
    unknown = {p["raw_text"].replace(" ", "") for p in result.problems if p["problem"] == "unknown_header"}
    assert unknown == {"Kxq(90)", "SumberDana"}


def test_a_table_without_a_target_is_read_from_the_columns_it_has(tmp_path):
    # An indicator and values are enough: the realisasi and capaian are read, the unknown columns named.
    groups = (("Realisasi", "Fisik", "Keuangan (Rp)"), ("Capaian", "Fisik", "Keuangan"), ("Sumber", "Dana", "Lokasi"))
    pdf = _closed_quarterly(quarterly_header(groups), QUARTERLY_WIDTHS).render(tmp_path / "no-target-tw1.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    first = result.rows[0]
    assert (first["target_kinerja"], first["realisasi_kinerja"], first["realisasi_pagu"]) == ("", "70", "1500000000")
    unknown = {p["raw_text"] for p in result.problems if p["problem"] == "unknown_header"}
    assert "Sumber > Lokasi" in unknown


def test_a_table_without_values_is_an_error_naming_the_headers_seen(tmp_path):
    groups = (("Sumber", "Dana", "Lokasi"), ("Kondisi", "Awal", "Akhir"), ("Bobot", "Skor", "Status"))
    pdf = _closed_quarterly(quarterly_header(groups), QUARTERLY_WIDTHS).render(tmp_path / "no-values-tw1.pdf")
    result = extract_file(pdf)
    assert not result.ok
    assert "target/realisasi/capaian" in result.reason()
    assert "Sumber" in result.reason() and "Bobot" in result.reason()


def test_a_page_that_opens_the_report_invents_no_name(tmp_path):
    """Empty hierarchy cells on the first page continue nothing: no name that was not printed."""
    header = quarterly_header((("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian (%)", "Kinerja", "Pagu")))
    page = [_row("", "", "", "", "Nilai SAKIP perangkat daerah", "Nilai", ["70", "1.500.000.000", "65", "600.000.000", "92,86", "40,00"])]
    result = extract_file(Variant(header, 2, QUARTERLY_WIDTHS, [page, page], titles("I")).render(tmp_path / "bare-tw1.pdf"))
    assert result.ok, result.error
    assert [(r["level"], r["tujuan"], r["program"]) for r in result.rows] == [("sasaran", "", "")] * 2


# A layout with one column per level; the narrow Program column cuts long words.
SEPARATE_WIDTHS = [14, 64, 64, 34, 80, 80, 90, 34, 60, 34, 52, 34, 52, 34, 34, 50]


def _separate(values_sub_2: list[str], quarter: str = "II") -> Variant:
    def row(no, program, kegiatan, sub, indikator, values):
        return [no, TUJUAN if no == "1" else M, "", program, kegiatan, sub, indikator, "Unit", "Jumlah", *values, ""]

    page_1 = [
        row("1", PROGRAM, "", "", "Persentase layanan administrasi", ["100", "1.500.000.000", "40", "600.000.000", "40,00", "40,00"]),
        row(M, M, KEGIATAN, "", "Persentase dokumen perencanaan", ["100", "300.000.000", "50", "120.000.000", "50,00", "40,00"]),
        row(M, M, M, SUB_1, "Jumlah dokumen perencanaan", ["4", "200.000.000", "2", "80.000.000", "50,00", "40,00"]),
    ]
    page_2 = [
        row("", "", "", SUB_2, "Jumlah laporan evaluasi", values_sub_2),
    ]
    header = separate_header()
    return Variant(header, 2, SEPARATE_WIDTHS, [page_1, page_2], titles(quarter), font_size=7)


@pytest.fixture(scope="module")
def separate(tmp_path_factory):
    values = ["4", "100.000.000", "2", "40,000,000", "50,00", "40,00"]  # one figure in the other convention
    pdf = _separate(values).render(tmp_path_factory.mktemp("separate") / "separate-tw2.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return result


def test_separate_level_columns_give_the_level_and_continue_across_a_closed_break(separate):
    rows = separate.rows
    assert [r["level"] for r in rows] == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    # Page 2 opens with a new sub kegiatan: its program and kegiatan continue, its budget is its own.
    assert (rows[3]["kegiatan"], rows[3]["sub_kegiatan"], rows[3]["target_pagu"]) == (KEGIATAN, SUB_2, "100000000")
    assert rows[3]["budget_group"] != rows[2]["budget_group"]


def test_a_word_cut_by_a_narrow_column_is_joined_from_the_vocabulary(separate):
    # reportlab cuts PENUNJANG, PEMERINTAHAN and KABUPATEN/KOTA in the 34 pt column; the
    # nomenclature prints them whole.
    assert {r["program"] for r in separate.rows} == {PROGRAM}


def test_a_number_in_the_other_convention_is_read_and_noted_as_information(separate):
    row = separate.rows[3]
    assert row["realisasi_pagu"] == "40000000" and row["cell_errors"] == ""
    notes = [p for p in separate.problems if p["problem"] == "other_convention"]
    assert [(n["field"], n["raw_text"], n["row_id"]) for n in notes] == [("realisasi_pagu", "40,000,000", row["row_id"])]
    assert "informasi" in notes[0]["message"]


def test_the_runs_other_quarters_repair_a_word_the_nomenclature_does_not_know(tmp_path):
    """A local place name is in no list; TW I prints it whole, TW II cuts it."""
    program = "PROGRAM PENATAAN KAWASAN CIKUPASIRNAGALIH"
    header = quarterly_header((("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian (%)", "Kinerja", "Pagu")))

    def report(quarter: str, item_width: float) -> Path:
        widths = list(QUARTERLY_WIDTHS)
        widths[3] = item_width
        page = [_row("1", TUJUAN, "", program, "Persentase kawasan tertata", "Persen", ["100", "500.000.000", "40", "100.000.000", "40,00", "20,00"])]
        return Variant(header, 2, widths, [page], titles(quarter)).render(tmp_path / f"ks-tw{quarter}.pdf")

    alone = extract_file(report("II", 40))
    assert alone.ok and alone.rows[0]["program"] != program  # cut, and nothing in the file knows the word
    results = repair_across_files([extract_file(report("I", 160)), alone])
    assert [r.rows[0]["program"] for r in results] == [program, program]


def test_an_urusan_heading_above_the_agency_groups_programs_and_is_not_the_opd():
    """Side-by-side form: `UNSUR PENGAWASAN URUSAN PEMERINTAHAN` carries the same sums as the agency below it."""
    from rekon.extract.numbers import Convention
    from rekon.extract.border_header import Column, Layout
    from rekon.extract.side_by_side import agency_name, hierarchy

    layout = Layout([Column("name", None, 0, 100), Column("indikator", None, 100, 200), Column("realisasi_pagu", 1, 200, 260)], 50)
    money = "1.250.000.000"
    texts = [
        {"name": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN", "realisasi_pagu:q1": money},
        {"name": "INSPEKTORAT DAERAH", "realisasi_pagu:q1": money},
        {"name": "PROGRAM PENYELENGGARAAN PENGAWASAN", "indikator": "Persentase temuan yang ditindaklanjuti", "realisasi_pagu:q1": money},
    ]
    levels, _ = hierarchy(texts, layout, Convention.DOT_THOUSANDS)
    assert levels == ["sasaran", "total", "program"]
    assert agency_name(texts, levels) == "INSPEKTORAT DAERAH"
