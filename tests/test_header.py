import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekon.extract.header import field_for, map_columns, normalise

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


def test_quarterly_layout_maps_every_column():
    mapping, problems = map_columns(QUARTERLY)
    assert not problems
    assert [mapping[i] for i in range(len(QUARTERLY))] == [
        "no", "tujuan", "sasaran", "item", "indikator", "satuan", "formula",
        "target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu",
        "capaian_kinerja", "capaian_pagu", "keterangan",
    ]


def test_year_end_layout_maps_value_columns_by_header_not_position():
    mapping, problems = map_columns(YEAR_END)
    assert not problems
    assert [mapping[i] for i in range(8, 14)] == [
        "target_kinerja", "target_pagu", "realisasi_kinerja", "capaian_kinerja", "realisasi_pagu", "capaian_pagu",
    ]
    assert mapping[3] == "program" and mapping[4] == "item"


def test_words_broken_inside_narrow_cells_still_match():
    assert field_for(["Capaia n (%)", "Pagu"]) == "capaian_pagu"
    assert field_for(["Keteranga n"]) == "keterangan"


def test_unknown_header_is_reported_with_its_text():
    mapping, problems = map_columns([["Indikator Kinerja"], ["Sumber Dana"]])
    assert mapping == {0: "indikator"}
    assert problems[0].text == "Sumber Dana" and problems[0].reason == "unknown header"


def test_a_repeated_field_is_a_problem_not_a_silent_overwrite():
    _, problems = map_columns([["Satuan"], ["Satuan"]])
    assert problems and "second column" in problems[0].reason


@given(st.sampled_from(QUARTERLY + YEAR_END), st.integers(min_value=0, max_value=3))
def test_mapping_ignores_spacing_and_case(path, seed):
    def garble(text: str) -> str:
        text = text.upper() if seed % 2 else text.lower()
        return text.replace(" ", "  ") if seed > 1 else text.replace(" ", "")

    assert field_for([garble(t) for t in path]) == field_for(path)


def test_normalise_keeps_letters_and_digits_only():
    assert normalise("Pagu Anggaran (Rp)") == "paguanggaranrp"


@pytest.mark.parametrize(
    "path, field",
    [
        (["Rencana", "Anggaran (Rp)"], "target_pagu"),
        (["Target", "Alokasi (Rp)"], "target_pagu"),
        (["Pagu Anggaran (Rp)"], "target_pagu"),
        (["Anggaran", "Pagu Anggaran (Rp)"], "target_pagu"),
        (["Realisasi", "Keuangan (Rp)"], "realisasi_pagu"),
        (["Anggaran", "Realisasi (Rp)"], "realisasi_pagu"),
        (["Kinerja", "Target"], "target_kinerja"),
        (["Kinerja", "Capaian (%)"], "capaian_kinerja"),
        (["Capaian (%)", "K"], "capaian_kinerja"),
        (["Realisasi s.d. Triwulan III", "Fisik"], "realisasi_kinerja"),
        (["Target Kinerja"], "target_kinerja"),
        (["Capaian Anggaran (%)"], "capaian_pagu"),
        (["Kegiatan"], "kegiatan"),
        (["Sub Kegiatan"], "sub_kegiatan"),
        (["Program/ Kegiatan/ Sub Kegiatan"], "item"),
        (["Indikator Kinerja Program/ Kegiatan"], "indikator"),
        (["Ket."], "keterangan"),
    ],
)
def test_a_columns_meaning_is_its_header_path_read_through_synonyms(path, field):
    assert field_for(path) == field


def test_the_lowest_cell_of_the_path_decides_between_groups():
    # A group over a group: `Anggaran` under `Kinerja dan Anggaran` is still the budget.
    assert field_for(["Kinerja dan Anggaran", "Anggaran", "Realisasi (Rp)"]) == "realisasi_pagu"
    assert field_for(["Realisasi"]) is None  # a measure of nothing names no column


def test_unknown_words_in_a_leaf_name_nothing_but_a_group_title_is_skipped():
    assert field_for(["Sumber Dana"]) is None
    assert field_for(["Tahun Anggaran 2024 Semester Satu", "Target", "Kinerja"]) == "target_kinerja"


# What OCR makes of the unit `(%)` and of a speck beside a header word, on scans at 150-300 dpi.
@pytest.mark.parametrize("unit", ["(%)", "(90)", "(46)", "(Yo)", "(%o)", "(%", "90)", "(9%)", ""])
def test_a_garbled_unit_does_not_hide_what_the_column_is(unit):
    quarterly = [[f"Capaian {unit}" if t == "Capaian (%)" else t for t in path] for path in QUARTERLY]
    mapping, problems = map_columns(quarterly)
    assert not problems
    assert mapping[11] == "capaian_kinerja" and mapping[12] == "capaian_pagu"
    year_end = [[f"Capaian\n{unit}" if t == "Capaian (%)" else t for t in path] for path in YEAR_END]
    mapping, problems = map_columns(year_end)
    assert not problems
    assert mapping[11] == "capaian_kinerja" and mapping[13] == "capaian_pagu"


def test_a_stray_short_token_beside_header_words_is_left_out():
    speckled = [["Target ae", "Kinerja"] if path == ["Target", "Kinerja"] else path for path in QUARTERLY]
    mapping, problems = map_columns(speckled)
    assert not problems and mapping[7] == "target_kinerja"


@pytest.mark.parametrize("path", [["(90)"], ["Sumber Dana (Rp)"], ["Capaian (Kinerja2)"], ["No ae"], ["Target", "Kxq (90)"]])
def test_a_unit_or_a_token_alone_names_no_column(path):
    assert field_for(path) is None
