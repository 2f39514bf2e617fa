"""The one column reader (extract/columns): header words read tolerantly, content as evidence, one field per column."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekon.extract.columns.assign import HeaderColumn, assign
from rekon.extract.columns.wording import read_cell
from rekon.extract.families import BUILTIN
from rekon.extract.header import field_for, is_column_number_row, map_columns

QUARTERLY = [
    ["No"],
    ["Tujuan Strategis"],
    ["Sasaran Strategis"],
    ["Program Kegiatan dan Sub Kegiatan"],
    ["Indikator Kinerja"],
    ["Satuan"],
    ["Cara Formula Pengukuran"],
    ["Target", "Kinerja"],
    ["Target", "Pagu (Rp)"],
    ["Realisasi", "K"],
    ["Realisasi", "Pagu (Rp)"],
    ["Capaian (%)", "K"],
    ["Capaian (%)", "Pagu"],
    ["Ket"],
]
QUARTERLY_FIELDS = ["no", "tujuan", "sasaran", "item", "indikator", "satuan", "formula", "target_kinerja", "target_pagu",
                    "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu", "keterangan"]
YEAR_END = [
    ["No", "(1)"],
    ["Tujuan Strategis", "(2)"],
    ["Sasaran Strategis", "(3)"],
    ["Program", "(4)"],
    ["Kegiatan/ Sub Kegiatan", "(5)"],
    ["Indikator Kinerja", "(6)"],
    ["Satuan", "(7)"],
    ["Cara Pengukuran Indikator Kinerja", "(8)"],
    ["Target", "Kinerja", "(9)"],
    ["Target", "Pagu Anggaran (Rp)", "(10)"],
    ["Triwulan IV", "Kinerja", "Realisasi", "(11)"],
    ["Triwulan IV", "Kinerja", "Capaian (%)", "(12)"],
    ["Triwulan IV", "Anggaran", "Realisasi (Rp)", "(13)"],
    ["Triwulan IV", "Anggaran", "Capaian (%)", "(14)"],
    ["Ket.", "(15)"],
]
RENJA = BUILTIN.named("renja_evaluation")


def fields_of(paths, bodies=None, family=None):
    columns = [HeaderColumn(p, b) for p, b in zip(paths, bodies or [[] for _ in paths])]
    mapping, problems, _ = map_columns(columns, family)
    return [mapping.get(i) for i in range(len(paths))], problems


def test_quarterly_layout_maps_every_column():
    found, problems = fields_of(QUARTERLY)
    assert not problems
    assert found == QUARTERLY_FIELDS


def test_year_end_layout_maps_value_columns_by_header_not_position():
    found, problems = fields_of(YEAR_END)
    assert not problems
    assert found[8:14] == ["target_kinerja", "target_pagu", "realisasi_kinerja", "capaian_kinerja", "realisasi_pagu", "capaian_pagu"]
    assert found[3] == "program" and found[4] == "item"


# Wordings no sample uses: synonyms, English, typos, broken and glued words, abbreviations,
# derived forms, filler words, brackets.
@pytest.mark.parametrize(
    "path, field",
    [
        (["Capaia n (%)", "Pagu"], "capaian_pagu"),
        (["Keteranga n"], "keterangan"),
        (["Reali sasi", "Keu angan (Rp)"], "realisasi_pagu"),
        (["PaguAnggaran (Rp)"], "target_pagu"),
        (["Realsiasi", "Kinerja"], "realisasi_kinerja"),
        (["Keteragan"], "keterangan"),
        (["Indik. Kinerja"], "indikator"),
        (["Ket."], "keterangan"),
        (["Tgt", "Fisik"], "target_kinerja"),
        (["Ketercapaian", "Anggaran"], "capaian_pagu"),
        (["Realisasinya", "Keuangan"], "realisasi_pagu"),
        (["Perhitungannya"], "formula"),
        (["Remarks"], "keterangan"),
        (["Performance Indicator"], "indikator"),
        (["Budget", "Actual (IDR)"], "realisasi_pagu"),
        (["Achievement (%)", "Performance"], "capaian_kinerja"),
        (["Unit of measure"], "satuan"),
        (["Nama Program / Kegiatan / Sub Kegiatan"], "item"),
        (["Uraian"], "item"),
        (["Program dan Kegiatan"], "item"),
        (["Indikator Kinerja Program (Outcome) / Kegiatan (Output)"], "indikator"),
        (["Rencana", "Anggaran (Rp)"], "target_pagu"),
        (["Target", "Alokasi (Rp)"], "target_pagu"),
        (["Anggaran", "Pagu Anggaran (Rp)"], "target_pagu"),
        (["Realisasi s.d. Triwulan III", "Fisik"], "realisasi_kinerja"),
        (["Capaian Anggaran (%)"], "capaian_pagu"),
        (["Kegiatan"], "kegiatan"),
        (["Sub Kegiatan"], "sub_kegiatan"),
        (["Cara Pengukuran Indikator Kinerja"], "formula"),
        (["Rumus / Metode Penghitungan"], "formula"),
        (["Catatan / Keterangan (apabila ada)"], "keterangan"),
        (["Tujuan dari Organisasi Perangkat Daerah"], "tujuan"),
        (["Kinerja dan Anggaran", "Anggaran", "Realisasi (Rp)"], "realisasi_pagu"),
        (["Tahun Anggaran 2024 Semester Satu", "Target", "Kinerja"], "target_kinerja"),
        (["Indikator Kinerja (lihat catatan kaki nomor tiga)"], "indikator"),
    ],
)
def test_a_columns_meaning_is_read_from_the_concepts_of_its_words(path, field):
    assert field_for(path) == field


def test_words_that_carry_no_concept_are_ignored_and_never_fatal():
    found, problems = fields_of(QUARTERLY + [["Sumber Dana / Lokasi Kegiatan"]])
    assert found[:-1] == QUARTERLY_FIELDS and found[-1] is None
    assert [(p.text, p.reason) for p in problems] == [("Sumber Dana / Lokasi Kegiatan", "unknown header")]


def test_a_repeated_field_is_reported_not_silently_overwritten():
    found, problems = fields_of([["Indikator"], ["Satuan"], ["Satuan"]])
    assert found.count("satuan") == 1 and None in found
    assert "a second column for satuan" in [p.reason for p in problems]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(QUARTERLY + YEAR_END), st.integers(min_value=0, max_value=3))
def test_mapping_ignores_spacing_and_case(path, seed):
    def garble(text: str) -> str:
        text = text.upper() if seed % 2 else text.lower()
        return text.replace(" ", "  ") if seed > 1 else text

    assert field_for([garble(t) for t in path]) == field_for(path)


# What OCR makes of the unit `(%)` and of a speck beside a header word, on scans at 150-300 dpi.
@pytest.mark.parametrize("unit", ["(%)", "(90)", "(46)", "(Yo)", "(%o)", "(%", "90)", "(9%)", ""])
def test_a_garbled_unit_does_not_hide_what_the_column_is(unit):
    quarterly = [[f"Capaian {unit}" if t == "Capaian (%)" else t for t in path] for path in QUARTERLY]
    assert fields_of(quarterly) == (QUARTERLY_FIELDS, [])
    year_end = [[f"Capaian\n{unit}" if t == "Capaian (%)" else t for t in path] for path in YEAR_END]
    found, problems = fields_of(year_end)
    assert not problems and found[11] == "capaian_kinerja" and found[13] == "capaian_pagu"


def test_a_stray_short_token_beside_header_words_is_left_out():
    speckled = [["Target ae", "Kinerja"] if path == ["Target", "Kinerja"] else path for path in QUARTERLY]
    assert fields_of(speckled) == (QUARTERLY_FIELDS, [])


@pytest.mark.parametrize("path", [["(90)"], ["Sumber Dana (Rp)"], ["Lokasi"], ["Kxq (90)"]])
def test_a_unit_or_a_token_alone_names_no_column(path):
    assert field_for(path) is None


MONEY = ["9.756.893.547", "1.670.782.056", "302.700.000", "57.407.500"]
COUNTS = ["100", "12", "4", "75"]


def test_content_tells_the_dimension_a_header_does_not_name():
    found, _ = fields_of([["Indikator"], ["Target"], ["Target"]], [["Persentase a", "Jumlah b", "Persentase c", "Jumlah d"], MONEY, COUNTS])
    assert found == ["indikator", "target_pagu", "target_kinerja"]


def test_content_tells_a_target_from_a_goal_worded_alike():
    # `Sasaran` names a strategic goal or, in some agencies, the target: the column's content decides.
    found, _ = fields_of([["Sasaran"], ["Indikator"], ["Sasaran Kinerja"]],
                         [["Meningkatnya kualitas layanan publik"] * 4, ["Persentase layanan"] * 4, COUNTS])
    assert found == ["sasaran", "indikator", "target_kinerja"]


def test_a_capaian_is_proven_by_its_values_where_its_header_names_nothing():
    target, realisasi = ["100", "50", "80", "20"], ["50", "50", "40", "5"]
    found, problems = fields_of([["Indikator"], ["Target", "K"], ["Realisasi", "K"], ["Kolom 9"]],
                                [["Persentase a"] * 4, target, realisasi, ["50,00", "100,00", "50,00", "25,00"]])
    assert found == ["indikator", "target_kinerja", "realisasi_kinerja", "capaian_kinerja"]
    unrelated, _ = fields_of([["Indikator"], ["Target", "K"], ["Realisasi", "K"], ["Kolom 9"]],
                             [["Persentase a"] * 4, target, realisasi, ["7", "3", "9", "1"]])
    assert unrelated[-1] is None


def test_a_weakly_named_column_is_an_information_problem_naming_its_field():
    _, problems = fields_of([["Indikator"], ["Realisasi"]], [["Persentase a"] * 4, []])
    uncertain = [p for p in problems if p.code == "uncertain_column"]
    assert uncertain and uncertain[0].text == "Realisasi" and uncertain[0].field.startswith("realisasi_")
    assert uncertain[0].confidence < 0.5


def test_every_column_of_the_full_renja_form_is_named():
    groups = ["Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra PD)",
              "Realisasi Capaian Kinerja Renstra PD sampai dengan Renja PD Tahun Lalu (2022)",
              "Target Kinerja dan Anggaran Renja PD Tahun Berjalan (2023) yang Dievaluasi"]
    paths = [["No", "1"], ["Sasaran", "2"], ["Kode", "3"], ["Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", "4"],
             ["Indikator Kinerja Program (outcome)/ Kegiatan (output)", "5"]]
    for n, group in enumerate(groups):
        paths += [[group, str(6 + n), "K"], [group, str(6 + n), "Rp"]]
    for quarter in ("I", "II", "III", "IV"):
        paths += [["Realisasi Kinerja Pada Triwulan", quarter, "K"], ["Realisasi Kinerja Pada Triwulan", quarter, "Rp"]]
    for group in ("Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi (2023)",
                  "Realisasi Kinerja dan Anggaran Renstra PD s/d Tahun 2023 (Akhir Tahun Pelaksanaan Renja PD Tahun 2023)",
                  "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra PD s/d Tahun 2023 (%)"):
        paths += [[group, "K"], [group, "Rp"]]
    paths += [["Unit PD Penanggung Jawab"], ["Ket."]]
    choices = assign([HeaderColumn(p) for p in paths], list(RENJA.fields), quarters_in_columns=True)
    assert [(c.field, c.quarter) for c in choices] == [
        ("no", None), ("sasaran", None), ("kode_printed", None), ("item", None), ("indikator", None),
        ("target_renstra_kinerja", None), ("target_renstra_pagu", None),
        ("realisasi_renstra_lalu_kinerja", None), ("realisasi_renstra_lalu_pagu", None),
        ("target_kinerja", None), ("target_pagu", None),
        ("realisasi_kinerja", 1), ("realisasi_pagu", 1), ("realisasi_kinerja", 2), ("realisasi_pagu", 2),
        ("realisasi_kinerja", 3), ("realisasi_pagu", 3), ("realisasi_kinerja", 4), ("realisasi_pagu", 4),
        ("realisasi_tahun_kinerja", None), ("realisasi_tahun_pagu", None),
        ("realisasi_renstra_kinerja", None), ("realisasi_renstra_pagu", None),
        ("capaian_renstra_kinerja", None), ("capaian_renstra_pagu", None),
        ("penanggung_jawab", None), ("keterangan", None),
    ]
    assert min(c.confidence for c in choices) >= 0.8


def test_a_layout_wording_names_its_field_over_the_lexicon():
    family = BUILTIN.with_additions({}, {"indikator": ["Ukuran Keberhasilan"], "target_pagu": ["Dana Tersedia"]}).default
    found, problems = fields_of([["Ukuran Keberhasilan"], ["Dana Tersedia"]], family=family)
    assert found == ["indikator", "target_pagu"] and not problems
    assert field_for(["Ukuran Keberhasilan"]) is None  # without the layout: no word of it is known


def test_cell_reading_says_how_each_word_matched():
    cell = read_cell("Capaia n Keuangnan (%)")
    assert [(h.how, sorted(h.concepts)) for h in cell.hits] == [("joined", ["capaian"]), ("typo", ["anggaran"]), ("exact", ["percent"])]
    assert read_cell("Triwulan II").quarter == 2 and read_cell("TW I - IV").quarter_range


@pytest.mark.timeout(20)
def test_a_long_run_of_digits_in_a_column_is_profiled_at_once():
    """A damaged cell of forty digits and a stray letter (found by the fuzz run) took exponential time
    in the ordinal pattern: it must be read in an instant, as a text, not an ordinal."""
    from rekon.extract.columns.content import profile

    content = profile(["1" * 40 + "x", "2", "3"])
    assert content.ordinals == 2 / 3


def test_a_realisasi_is_proven_by_the_capaian_it_makes_where_its_header_names_nothing():
    """`Hasil` (a result) is no word rekon knows: the capaian and target named beside it prove it the realisasi."""
    target, capaian = ["100", "50", "80", "20"], ["50,00", "100,00", "50,00", "25,00"]
    paths = [["Indikator"], ["Target", "K"], ["Hasil"], ["Capaian (%)"]]
    found, _ = fields_of(paths, [["Persentase a"] * 4, target, ["50", "50", "40", "5"], capaian])
    assert found == ["indikator", "target_kinerja", "realisasi_kinerja", "capaian_kinerja"]
    unrelated, _ = fields_of(paths, [["Persentase a"] * 4, target, ["7", "3", "9", "1"], capaian])
    assert unrelated[2] is None


@pytest.mark.parametrize("path, field", [
    (["Lokasi/Ket"], "keterangan"),  # a slash lists two kinds: the remarks are one of them
    (["Ntees"], "keterangan"),  # `Notes`, two letters mistyped, its ends kept
    (["saaeran strategis"], "sasaran"),
])
def test_a_listed_kind_and_a_short_word_with_two_slips_are_read(path, field):
    found, _ = fields_of([["Indikator"], path], [["Persentase a"] * 4, ["Meningkatnya kualitas layanan publik", "", "", "x"]])
    assert found[1] == field


@pytest.mark.parametrize("texts, numbers", [
    (["1", "2", "3", "4", "5", "6", "7", "8"], True),
    # A scan reads one cell of the row numbering the columns wrongly (`7` as `T`): still that row.
    (["2", "3", "4", "5", "6", "T", "8", "9", "10", "11", "12", "13"], True),
    (["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "l", "(8)"], True),
    # Body rows with small numbers are no such row: a name beside them, numbers out of order, two odd cells.
    (["Kegiatan", "1", "1", "100"], False),
    (["1", "1", "2", "3", "4", "T", "100"], False),
    (["2", "3", "4", "T", "6", "Z", "8", "9"], False),
])
def test_the_row_numbering_the_columns_survives_one_misread_cell(texts, numbers):
    assert is_column_number_row(texts) is numbers
