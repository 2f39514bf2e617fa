"""What the wording bench found rekon misread, read by meaning and content: a name *of* a kind of column,
a total up to a quarter, a typo'd quarter label, a zero for O, a value column that names no measure,
values dated to last year, a narrow cell's broken `Keuangan` under the K/Rp line, a line without descenders."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekon.extract.block_rows import Line, PrintedRow, block_starts, join_pages
from rekon.extract.border_header import NAME, Layout, _label_quarters
from rekon.extract.border_header import Column as BorderColumn
from rekon.extract.columns.assign import HeaderColumn, assign
from rekon.extract.columns.matching import match_word
from rekon.extract.columns.wording import read_cell
from rekon.extract.families import BUILTIN, _pairs_in_text, normalise
from rekon.extract.header import field_for
from rekon.extract.pipeline import extract_file
from tests.variants import Head, Variant

RENJA = BUILTIN.named("renja_evaluation")
NUMBERS = ["10", "25", "40", "7", "12", "60"]
MONEY = ["150.000.000", "20.000.000", "75.500.000", "9.000.000", "310.000.000", "45.000.000"]
SENTENCES = ["Meningkatnya kualitas layanan publik", "Terwujudnya tata kelola yang akuntabel", "Meningkatnya akuntabilitas kinerja",
             "Menurunnya angka kemiskinan daerah", "Meningkatnya kualitas lingkungan hidup", "Terkendalinya pencemaran air"]


def _fields(paths, bodies=None, family=BUILTIN.default, year=None):
    columns = [HeaderColumn(p, b) for p, b in zip(paths, bodies or [[] for _ in paths])]
    return [(c.field, c.quarter) if c.quarter else c.field
            for c in assign(columns, list(family.fields), family.quarters_in_columns, family.wording_map, year)]


@pytest.mark.parametrize("path, field", [
    (["Nama Indikator"], "indikator"),
    (["Nama Ind."], "indikator"),
    (["Uraian Tujuan"], "tujuan"),
    (["Uraian Sasaran"], "sasaran"),
    (["Uraian Program / Kegiatan"], "item"),  # a list of levels stays the item's name
    (["N0"], "no"),
    (["N\n0"], "no"),
    (["Kegiatan/ Sub Kegaiitan"], "item"),
    (["Kegiatan/ Sub Xqvzt"], "item"),  # `Sub` before a word not read, in a list of levels
    (["Realisasi", "ANGGARssN"], "realisasi_pagu"),
])
def test_a_header_names_the_kind_it_describes(path, field):
    assert field_for(path) == field


def test_a_name_of_a_kind_is_that_kind_against_the_item_column():
    assert _fields([["Program/ Kegiatan/ Sub Kegiatan"], ["Nama Indikator"], ["Target", "K"]])[:2] == ["item", "indikator"]


def test_a_broken_word_is_joined_whole_before_glued_pieces():
    hits = read_cell("Respon sible Unit").hits
    # `responsible unit` is a phrase of the lexicon: read whole by its letters (before, `respon sible` joined and `unit` a qualifier)
    assert [(h.printed, sorted(h.concepts), h.how) for h in hits] == [("respon sible unit", ["penanggung_jawab"], "joined phrase")]
    assert _fields([["Indikator"], ["Satuan"], ["Respon sible Unit"]], family=RENJA) == ["indikator", "satuan", "penanggung_jawab"]


def test_a_unit_in_charge_is_a_unit_of_the_organisation():
    paths = [["Indikator"], ["Satuan"], ["Unit in Charge"]]
    assert _fields(paths, family=RENJA) == ["indikator", "satuan", "penanggung_jawab"]
    assert _fields([["Indikator"], ["Satuan (penanggung jawab)"]], family=RENJA)[1] == "satuan"  # a gloss only qualifies


def test_two_slips_in_a_long_word_are_that_word_unless_it_is_a_word_of_its_own():
    assert match_word("kegaiitan")[0] == {"kegiatan"}
    # Words of their own, as near: revenue, replication (two letters changed); application, search, advocacy (one added)
    assert [match_word(w) for w in ("pendapatan", "replikasi", "aplikasi", "pencarian", "advokasi")] == [None] * 5


def test_a_typo_of_a_quarter_word_labels_the_quarter_and_s_d_a_quarter_is_a_total_up_to_it():
    assert read_cell("Triwuan II").quarter == 2
    assert read_cell("Realisasi s/d Triwulan IV").up_to and not read_cell("Triwulan IV").up_to
    paths = [["Nama Program/Kegiatan/Sub Kegiatan"], ["Indikator Kinerja"]]
    for quarter in ("I", "II", "III", "IV"):
        paths += [["Realisasi Kinerja Pada Triwulan", f"Triwuan {quarter}", "K"], ["Realisasi Kinerja Pada Triwulan", f"Triwuan {quarter}", "Rp"]]
    paths += [["Realisasi Capaian Kinerja dan Anggaran Renja s.d. Triwulan IV", "K"], ["Realisasi Capaian Kinerja dan Anggaran Renja s.d. Triwulan IV", "Rp"]]
    found = _fields(paths, family=RENJA)
    assert found[2:10] == [("realisasi_kinerja", 1), ("realisasi_pagu", 1), ("realisasi_kinerja", 2), ("realisasi_pagu", 2),
                           ("realisasi_kinerja", 3), ("realisasi_pagu", 3), ("realisasi_kinerja", 4), ("realisasi_pagu", 4)]
    assert found[10:] == ["realisasi_tahun_kinerja", "realisasi_tahun_pagu"]


def test_a_value_column_that_names_no_measure_takes_the_one_its_block_leaves():
    paths = [["Indikator"], ["Anggaran", "Jumlah Anggaran"], ["Anggaran", "Realisasi"], ["Anggaran", "Realisasi (%)"], ["Sumber Dana"]]
    # The shares printed are not realisasi / target (a form may round or cumulate them): the words and content tell.
    bodies = [[], MONEY, [str(int(m.replace(".", "")) // 2) for m in MONEY], ["47,25", "61,10", "12,50", "80,00", "33,33", "95,40"], ["APBD"] * 6]
    assert _fields(paths, bodies) == ["indikator", "target_pagu", "realisasi_pagu", "capaian_pagu", None]


def test_an_english_target_over_sentences_is_a_goal_over_numbers_a_target():
    assert _fields([["Indikator"], ["Strategic Target"], ["Realisasi", "K"]], [[], SENTENCES, NUMBERS])[1] == "sasaran"
    assert _fields([["Indikator"], ["Strategic Target"], ["Realisasi", "K"]], [[], NUMBERS, NUMBERS])[1] == "target_kinerja"


def test_values_dated_to_last_year_are_the_renstra_up_to_last_year():
    group = "Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun 2025"
    paths = [["Program/ Kegiatan"], ["Indikator"], [group, "K"], [group, "Rp"],
             ["Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "K"],
             ["Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "Rp"]]
    lalu = ["realisasi_renstra_lalu_kinerja", "realisasi_renstra_lalu_pagu", "realisasi_tahun_kinerja", "realisasi_tahun_pagu"]
    assert _fields(paths, family=RENJA, year=2026)[2:] == lalu
    # Without a dated title, the year the header says is evaluated.
    dated = paths + [["Target Renja yang Dievaluasi (2026)", "K"]]
    assert _fields(dated, family=RENJA)[2:6] == lalu
    assert not {"realisasi_renstra_lalu_kinerja", "realisasi_renstra_lalu_pagu"} & set(_fields(paths, family=RENJA, year=2025))


def test_a_quarters_unread_leaf_takes_its_dimension_from_its_content():
    paths = [["Program/ Kegiatan"], ["Indikator"]]
    for quarter in ("I", "II", "III", "IV"):
        paths += [["Realisasi Kinerja Pada Triwulan", quarter, "K"], ["Realisasi Kinerja Pada Triwulan", quarter, "Xqvzt"]]
    bodies = [[], []] + [NUMBERS, MONEY] * 4
    assert _fields(paths, bodies, family=RENJA)[3::2] == [("realisasi_pagu", q) for q in (1, 2, 3, 4)]


def test_a_column_of_units_is_the_satuan_whatever_its_header_says():
    units = ["%", "Dokumen", "%", "Orang", "Dokumen", "%", "Laporan", "Dokumen"]
    agencies = ["DPPPA", "Subbag Perencanaan", "Sekretariat", "DPPPA", "Bidang Program", "Sekretariat", "DPPPA", "Sekretariat"]
    # `Stsuan` (two slips) is read as a weak typo of `satuan` since the short-word rule: a header no rule reads here
    paths = [["Indikator Kinerja"], ["Xtqvwz"], ["Target", "K"]]
    assert _fields(paths, [[], units, NUMBERS + NUMBERS[:2]]) == ["indikator", "satuan", "target_kinerja"]
    assert _fields(paths, [[], agencies, NUMBERS + NUMBERS[:2]])[1] is None  # an agency's names are no units


def test_a_line_without_descenders_does_not_open_a_block():
    """Measured on a Writer export: `Daerah` (no descender) ends 1.3 pt higher than its neighbours."""
    lines = [Line("Perusahaan yang", 64.1, 70.6, 6.5), Line("Hanya Beroperasi", 72.1, 78.6, 6.5), Line("dalam 1 (Satu)", 80.2, 86.7, 6.5),
             Line("Daerah", 88.2, 93.4, 6.5), Line("Kabupaten/Kota", 96.3, 102.8, 6.5), Line("Pendaftaran", 107.8, 114.3, 6.5)]
    assert [line.text for line in block_starts(lines, [])] == ["Perusahaan yang", "Pendaftaran"]
    # A column of two such lines (`Sekret` / `ariat`, a word a narrow cell broke) takes the page's usual height.
    broken = [Line("Sekret", 104.8, 110.0, 4.9), Line("ariat", 112.9, 118.1, 4.9)]
    assert [line.text for line in block_starts(broken, [], usual=6.5)] == ["Sekret"]


@pytest.fixture(scope="module")
def broken_keuangan(tmp_path_factory) -> Path:
    """The side-by-side form with Rp columns so narrow that `Keuangan` breaks onto three lines under
    the K/Rp line (Keu / ang / an), and a row of column numbers under them."""
    heads = [Head("No", 0, 0, rowspan=3), Head("Program/ Kegiatan/ Sub Kegiatan", 0, 1, rowspan=3), Head("Nama Indikator", 0, 2, rowspan=3),
             Head("Realisasi Kinerja dan Anggaran Triwulan I s/d IV", 0, 3, colspan=8)]
    for q, label in enumerate(("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")):
        heads += [Head(label, 1, 3 + 2 * q, colspan=2), Head("K", 2, 3 + 2 * q), Head("Keuangan", 2, 4 + 2 * q)]
    numbers = [f"({n})" for n in range(1, 12)]
    rows = [["1", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "Persentase layanan administrasi",
             "25", "100000", "50", "200000", "75", "300000", "100", "400000"],
            ["2", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen perencanaan", "1", "50000", "2", "60000", "3", "70000", "4", "80000"]]
    variant = Variant(heads, 3, [16, 150, 120] + [22, 26] * 4, [[numbers] + rows], ["EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH", "TAHUN 2024"])
    return variant.render(tmp_path_factory.mktemp("keuangan") / "broken-keuangan.pdf")


def test_a_keuangan_broken_under_the_pairs_is_header_and_the_column_numbers_no_row(broken_keuangan):
    result = extract_file(broken_keuangan)
    assert result.error is None
    first = [(r["indikator"], r["realisasi_kinerja"], r["realisasi_pagu"]) for r in result.rows if r["quarter"] == 1]
    assert first == [("Persentase layanan administrasi", "25", "100000"), ("Jumlah dokumen perencanaan", "1", "50000")]
    assert [r["realisasi_pagu"] for r in result.rows if r["quarter"] == 4] == ["400000", "80000"]


@pytest.fixture(scope="module")
def repeated_groups(tmp_path_factory) -> Path:
    """A group's label printed again over each of its parts (no merged cell): `Target | Target` over
    `Kinerja | Pagu (Rp)`, as a spreadsheet that centres nothing across cells prints it."""
    from tests.variants import QUARTERLY_WIDTHS, quarterly_header, titles

    heads = []
    for head in quarterly_header((("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian (%)", "Kinerja", "Pagu"))):
        if head.colspan == 2:
            heads += [Head(head.text, 0, head.col), Head(head.text, 0, head.col + 1)]
        else:
            heads.append(head)
    body = [["1", "Meningkatnya kinerja", "Tersedianya dokumen", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
             "Persentase dokumen perencanaan yang tersusun tepat waktu", "%", "Jumlah dokumen tepat waktu / jumlah dokumen x 100",
             "100", "250.000.000", "25", "60.000.000", "25,00", "24,00", ""]]
    return Variant(heads, 2, QUARTERLY_WIDTHS, [body], titles("I")).render(tmp_path_factory.mktemp("groups") / "tw1.pdf")


def test_a_group_label_printed_over_each_part_is_a_header_row_above_the_parts(repeated_groups):
    result = extract_file(repeated_groups)
    assert result.ok, result.error
    (row,) = [r for r in result.rows if r["indikator"]]
    assert (row["target_kinerja"], row["target_pagu"], row["realisasi_kinerja"], row["realisasi_pagu"]) == ("100", "250000000", "25", "60000000")
    assert not [p for p in result.problems if p["problem"] in ("unknown_header", "unmapped_value")]


def _row(page: int, index: int, **texts) -> PrintedRow:
    return PrintedRow(page, index, 0.0, 10.0, 0.0, 100.0, {key: [line] for key, line in texts.items()})


def test_the_rest_of_a_name_cut_by_a_page_break_joins_its_row():
    """A Word export breaks a row over two pages: the next page's first row prints the rest of the name, nothing else."""
    layout = Layout([BorderColumn(NAME, None, 0, 50), BorderColumn("kode_printed", None, 50, 60),
                     BorderColumn("realisasi_pagu", 1, 60, 80)], header_bottom=0.0)
    above = _row(1, 5, name="peningkatan kapasitas Lembaga Penyedia Layanan Peningkatan", kode_printed="2.08.04.2.02.0007",
                 indikator="Jumlah dokumen", **{"realisasi_pagu:q1": "66.315.480"})
    rest = _row(2, 0, name="Kualitas Keluarga Kewenangan Kabupaten/Kota")
    joined = join_pages([above, rest], layout)
    assert len(joined) == 1 and joined[0].text(NAME).endswith("Peningkatan\nKualitas Keluarga Kewenangan Kabupaten/Kota")
    item = _row(2, 0, name="Penyediaan Jasa Kantor", kode_printed="2.08.01.2.06.0001")  # an item of its own: its code
    assert len(join_pages([_row(1, 5, name="Penyusunan Dokumen"), item], layout)) == 2


@pytest.mark.parametrize("line, quarters", [
    ("Renstra OPD Tahun 2021 1 2 3 4 jawab", {1, 2, 3, 4}),  # a year printed beside the numbered quarters
    ("No. Objective Code Indicator 1 2 3 4 TRIWULAN IV TAHUN", {1, 2, 3, 4}),
    ("1 2 3 (4) (5) 6 (7) 8 9 (10) 11", set()),  # column numbers
])
def test_quarters_numbered_under_their_group(line, quarters):
    assert _label_quarters(line.split()) == quarters


def test_the_first_look_for_side_by_side_pairs_knows_any_performance_and_money_words():
    assert _pairs_in_text().search(normalise("Vol Anggaran Vol Anggaran Vol Ang Vol Ang"))
    assert _pairs_in_text().search(normalise("Fisik Anggaran Vol Anggaran Vol Anggaran Vol Rp."))
    assert not _pairs_in_text().search(normalise("Target Realisasi Capaian Target Realisasi Capaian"))


def test_a_phrase_broken_by_a_narrow_cell_is_joined_whole():
    """`Unit Perangkat Daerah` broken in three places is the unit in charge, not a unit of measure."""
    assert read_cell("unit peran gkat daera h").concepts == {"penanggung_jawab"}
    assert _fields([["Indikator"], ["Satuan"], ["unit peran gkat daera h"]], family=RENJA) == ["indikator", "satuan", "penanggung_jawab"]
    assert read_cell("Unit Kerja").concepts == {"penanggung_jawab"} and read_cell("Unit Sasaran").concepts >= {"satuan"}
