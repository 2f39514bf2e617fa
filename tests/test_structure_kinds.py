"""Every row in its place and no finding of a misread, kind by kind (issue 25).

Small reports made here (tests/variants.py: reportlab, the grid closed at every page break)
are read through the real extractor and checked: reworded names keep their level, words a
column cut into short pieces are joined, a row broken across pages is one row, the row after
it keeps its program, and a sum finding over levels told by weak evidence is left for review.
The seeded handful of the structure harness (bench/structure_injection.py) closes the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rekon.extract.across_quarters import settle_levels
from rekon.extract.nomenclature import vocabulary
from rekon.extract.pipeline import extract_file
from rekon.extract.text import join_lines
from rekon.extract.words import put_back_descenders
from rekon.rules import check, load_ruleset
from tests.test_nomenclature import _quarter_file
from tests.variants import MERGED as M
from tests.variants import QUARTERLY_WIDTHS, Head, Variant, quarterly_header, separate_header, titles

PROGRAM = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
KEGIATAN = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
TUJUAN = "Meningkatnya tata kelola pemerintahan yang akuntabel"
GROUPS = (("Target", "Kinerja", "Pagu (Rp)"), ("Realisasi", "Kinerja", "Pagu (Rp)"), ("Capaian (%)", "Kinerja", "Pagu"))


def _row(item, indikator, satuan, values, tujuan=M, formula="Jumlah yang dicapai dibagi target"):
    return ["", tujuan, "", item, indikator, satuan, formula, *values, ""]


# ---- 1. a name reworded keeps its level, from the list, before any sum --------------------------------

# The sub kegiatan of KEGIATAN as agencies reword them: a suffix, words swapped, a short form, a typo.
REWORDED = [
    "Penyusunan Dokumen Perencanaan Perangkat Daerah Tahun 2024",
    "Penyusunan dan Koordinasi Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
    "Evaluasi Kinerja PD",
    "Koordinasi dan Penyusunan Dokumen Perubahn RKA-SKPD",
]


@pytest.fixture(scope="module")
def reworded(tmp_path_factory):
    """The kegiatan's pagu is not the sum of its sub kegiatan, and every sub kegiatan measures
    a percentage (the style of a kegiatan): neither sums nor style may tell their level."""
    page = [
        _row(PROGRAM, "Persentase layanan administrasi", "Persen", ["100", "1.000.000.000", "40", "400.000.000", "40,00", "40,00"], tujuan=TUJUAN),
        _row(KEGIATAN, "Persentase dokumen tepat waktu", "Persen", ["100", "1.000.000.000", "50", "400.000.000", "50,00", "40,00"]),
    ]
    for name in REWORDED:
        page.append(_row(name, f"Persentase {name.split()[0].lower()} tepat waktu", "Persen", ["100", "200.000.000", "50", "100.000.000", "50,00", "50,00"]))
    pdf = Variant(quarterly_header(GROUPS), 2, QUARTERLY_WIDTHS, [page], titles("II")).render(tmp_path_factory.mktemp("reworded") / "tw2.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return result


def test_a_reworded_name_keeps_its_level_from_the_nomenclature(reworded):
    items = [(r["level"], r["sub_kegiatan"], r["level_basis"]) for r in reworded.rows[2:]]
    assert items == [("sub_kegiatan", name, "nomenclature") for name in REWORDED]
    assert not [p for p in reworded.problems if p["problem"] == "level_from_sums"]


def test_a_sum_over_a_sure_structure_is_an_error(reworded):
    findings = check(pd.DataFrame(reworded.rows).astype(str), ruleset=_sums_only())
    sums = findings[findings["rule"] == "sum_mismatch"]
    kegiatan = sums[sums["kegiatan"] == KEGIATAN]
    assert set(kegiatan["field"]) == {"target_pagu"} and set(kegiatan["severity"]) == {"error"}
    assert set(kegiatan["level_basis"]) == {""}


def test_a_reworded_name_takes_its_level_from_the_same_item_in_another_quarter():
    # Names of the agency's own, in no list: TW I's layout told the level, TW II only its sums.
    independent = _quarter_file(1, [("kegiatan", "Urusan Rumah Tangga Dinas", "position"),
                                    ("sub_kegiatan", "Honorarium Tenaga Pendukung Kantor", "children")])
    weak = _quarter_file(2, [("kegiatan", "Urusan Rumah Tangga Dinas", "position"),
                             ("kegiatan", "Honorarium Tenaga Pendukung Kantor Tahun 2024", "sums"),
                             ("sub_kegiatan", "Honorarium Tenaga Kebersihan", "sums")])
    settle_levels([independent, weak])
    assert [(r["level"], r["level_basis"] if "level_basis" in r else "") for r in weak.rows[1:]] == [
        ("sub_kegiatan", "other_quarters"), ("sub_kegiatan", "")]
    assert [p["row_id"] for p in weak.problems] == ["tw2:p1:r3"]  # the one no quarter knows still rests on the sums


def test_a_program_with_a_typo_in_its_name_is_still_a_program():
    from rekon.extract.structure import is_program_item

    assert is_program_item("PORGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA")
    assert not is_program_item("Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")  # not printed as a program
    assert not is_program_item("BELANJA KHUSUS DINAS PENDIDIKAN")  # upper case, but no program of the list


# ---- 2. a word cut into short pieces is joined, two words never ----------------------------------------------


@pytest.mark.parametrize("lines, joined", [
    (["PENYEDIAAN JASA PENUNJANG URUSAN PEMERINTAH", "AN DAERAH"], "PENYEDIAAN JASA PENUNJANG URUSAN PEMERINTAHAN DAERAH"),
    (["PEMBERDAYAAN LEMBAGA KEMAS", "YARAK", "ATAN, LEMBAGA ADAT"], "PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT"),
    (["PROGRAM PENUNJAN", "G URUSAN KOT", "A"], "PROGRAM PENUNJANG URUSAN KOTA"),
    (["Lembaga Pemerintah, Non Pemerintah,M", "edia dan Dunia Usaha"], "Lembaga Pemerintah, Non Pemerintah,Media dan Dunia Usaha"),
    (["Bulanan/Triwulanan/Semester", "an SKPD"], "Bulanan/Triwulanan/Semesteran SKPD"),
    (["Perencanaan, Penganggaran", ", dan Evaluasi"], "Perencanaan, Penganggaran, dan Evaluasi"),
    (["PEMBERDAYAAN PEERMPU", "AN"], "PEMBERDAYAAN PEERMPUAN"),  # misspelt in print, then cut
    (["Kemasyarakatan yang Bergerakd", "i Bidang"], "Kemasyarakatan yang Bergerakdi Bidang"),  # a short word glued in print, then cut
    (["Bahan Bacaan dan Peraturan Perundang", "-undangan"], "Bahan Bacaan dan Peraturan Perundang-undangan"),  # the hyphen carried over
])
def test_a_word_cut_into_short_pieces_is_joined(lines, joined):
    assert join_lines(lines, vocabulary()) == joined


@pytest.mark.parametrize("lines, kept", [
    (["dilaksanakan di bulan berikutnya (TRW", "3)"], "dilaksanakan di bulan berikutnya (TRW 3)"),
    (["Diseminasi Hasil", "- Hasil Kelitbangan"], "Diseminasi Hasil - Hasil Kelitbangan"),
    (["Tingkat Daerah Kabupaten", "/ Kota"], "Tingkat Daerah Kabupaten / Kota"),
    (["Bahan Bacaan dan Peraturan", "Perundang-undan", "gan"], "Bahan Bacaan dan Peraturan Perundang-undangan"),
    (["PENATAAN KAWASAN CIKUPA", "SIRNAGALIH"], "PENATAAN KAWASAN CIKUPA SIRNAGALIH"),
    (["Kegiatan yang Bergerak", "di Bidang"], "Kegiatan yang Bergerak di Bidang"),
    (["Laporan Hasil", "-Belum terealisasi"], "Laporan Hasil -Belum terealisasi"),  # a bullet, not the half of a word
])
def test_words_printed_apart_stay_apart(lines, kept):
    assert join_lines(lines, vocabulary()) == kept


# ---- 3 and 4. a row broken across a page is one row; the rows after it keep their program -----------------


def _broken_rows_report(out: Path) -> Path:
    """A closed grid whose page 1 ends inside a row: the rest of the sub kegiatan's name and of its
    indicator opens page 2, with no number and no unit; then the same item's next indicator, its
    cells empty under the break. Page 2 ends inside a row whose unit the narrow Satuan column cut
    (`Dokume` / `n`): page 3 opens with the rest of its indicator and of its unit. Page 4 opens with
    a row of its own that prints its unit and no number."""
    page_1 = [
        _row(PROGRAM, "Persentase layanan administrasi", "Persen", ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"], tujuan=TUJUAN),
        _row("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase tingkat ketersediaan jasa penunjang", "Persen",
             ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"]),
        _row("Penyediaan Jasa Surat Menyurat", "Jumlah laporan penyediaan jasa surat", "Laporan", ["12", "100.000.000", "6", "50.000.000", "50,00", "50,00"]),
        _row("Penyediaan Jasa Komunikasi, Sumber", "Jumlah laporan penyediaan jasa", "Laporan", ["12", "200.000.000", "6", "70.000.000", "50,00", "35,00"]),
    ]
    blank = [""] * 14
    rest = list(blank)
    rest[3], rest[4] = "Daya Air dan Listrik", "komunikasi, sumber daya air dan listrik"
    next_indicator = _row("", "Jumlah bulan layanan listrik", "Bulan", ["12", "", "6", "", "50,00", ""], tujuan="")
    own_row = _row("", "Jumlah sambungan air yang dipelihara", "Unit", [""] * 6, tujuan="")
    cut_unit = _row("Penyediaan Peralatan dan Perlengkapan Kantor", "Jumlah dokumen hasil pengadaan", "Dokume",
                    ["1", "50.000.000", "1", "25.000.000", "100,00", "50,00"], tujuan="")
    unit_rest = list(blank)
    unit_rest[4], unit_rest[5] = "peralatan kantor", "n"
    pages = [page_1, [rest, next_indicator, cut_unit], [unit_rest], [own_row]]
    return Variant(quarterly_header(GROUPS), 2, QUARTERLY_WIDTHS, pages, titles("I")).render(out)


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    result = extract_file(_broken_rows_report(tmp_path_factory.mktemp("broken") / "tw1.pdf"))
    assert result.ok, result.error
    return result


def test_a_row_broken_across_a_page_is_one_row(broken):
    rows = broken.rows
    assert len(rows) == 7  # the rests of the broken rows are no rows of their own; page 4's row is one
    third = rows[3]
    assert third["sub_kegiatan"] == "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"
    assert third["indikator"] == "Jumlah laporan penyediaan jasa komunikasi, sumber daya air dan listrik"
    assert third["target_pagu"] == "200000000" and third["level"] == "sub_kegiatan"


def test_the_rows_after_a_broken_row_keep_their_item_and_program(broken):
    after = broken.rows[4], broken.rows[6]
    assert [(r["level"], r["program"], r["sub_kegiatan"]) for r in after] == [
        ("sub_kegiatan", PROGRAM, "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
        ("sub_kegiatan", PROGRAM, "Penyediaan Peralatan dan Perlengkapan Kantor")]
    # A row with its own unit opening a page is a row, numbers or none.
    assert (after[1]["page"], after[1]["indikator"], after[1]["satuan"]) == (4, "Jumlah sambungan air yang dipelihara", "Unit")


def test_a_unit_cut_by_the_break_continues_its_row(broken):
    """The rest of a unit word (`n` of `Dokumen`) beside the rest of an indicator is no new indicator."""
    cut = broken.rows[5]
    assert (cut["page"], cut["indikator"], cut["satuan"]) == (2, "Jumlah dokumen hasil pengadaan peralatan kantor", "Dokumen")
    assert cut["target_pagu"] == "50000000" and cut["sub_kegiatan"] == "Penyediaan Peralatan dan Perlengkapan Kantor"


@pytest.fixture(scope="module")
def descender_cut(tmp_path_factory):
    """Page 1 ends inside a row whose name's last line the break ran through: the `y` of `Menyurat`,
    whose tail hangs below the line, is printed alone at the top of page 2 (as LibreOffice does), its
    place on page 1 left a gap (`Men urat`)."""
    page_1 = [
        _row(PROGRAM, "Persentase layanan administrasi", "Persen", ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"], tujuan=TUJUAN),
        _row("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase tingkat ketersediaan jasa penunjang", "Persen",
             ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"]),
        _row("Penyediaan Jasa Surat Men urat", "Jumlah laporan penyediaan jasa", "Laporan", ["12", "100.000.000", "6", "50.000.000", "50,00", "50,00"]),
    ]
    rest = [""] * 14
    rest[3], rest[4] = "y", "surat menyurat"
    page_2 = [rest, _row("Penyediaan Jasa Peralatan dan Perlengkapan Kantor", "Jumlah paket peralatan", "Paket",
                         ["2", "200.000.000", "1", "70.000.000", "50,00", "35,00"], tujuan="")]
    pdf = Variant(quarterly_header(GROUPS), 2, QUARTERLY_WIDTHS, [page_1, page_2], titles("I")).render(tmp_path_factory.mktemp("descender") / "tw1.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return result


def test_a_letter_the_page_break_pushed_to_the_next_page_goes_back_into_its_word(descender_cut):
    cut = descender_cut.rows[2]
    assert (cut["sub_kegiatan"], cut["indikator"]) == ("Penyediaan Jasa Surat Menyurat", "Jumlah laporan penyediaan jasa surat menyurat")
    assert len(descender_cut.rows) == 4 and descender_cut.rows[3]["sub_kegiatan"] == "Penyediaan Jasa Peralatan dan Perlengkapan Kantor"


@pytest.mark.parametrize("before, after, put_back", [
    ("Anak yang Memerlukan\nPerlindun an Khusus", "g\nTingkat Daerah", ("Anak yang Memerlukan\nPerlindungan Khusus", "Tingkat Daerah")),
    ("Layanan Anak\nyan", "g", ("Layanan Anak\nyang", "")),
    ("Lembaga Penyedia La anan Pemberda aan", "y y\nPerempuan", ("Lembaga Penyedia Layanan Pemberdayaan", "Perempuan")),
    # A lone letter that makes no known word, or makes one in two places, stays where it is printed.
    ("Penyediaan Jasa", "y\nlain", ("Penyediaan Jasa", "y\nlain")),
    ("Penyediaan Jasa Surat Men urat", "a", ("Penyediaan Jasa Surat Men urat", "a")),
])
def test_put_back_descenders(before, after, put_back):
    assert put_back_descenders(before, after, vocabulary()) == put_back


@pytest.fixture(scope="module")
def name_cut(tmp_path_factory):
    """Page 1 ends under the first line of a sub kegiatan's name (its cell closed by the break, as
    Word closes a merged cell); page 2 opens with the rest of the name beside the item's next
    indicator, its budget cells empty under the break."""
    page_1 = [
        _row(PROGRAM, "Persentase layanan administrasi", "Persen", ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"], tujuan=TUJUAN),
        _row("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Persentase tingkat ketersediaan jasa penunjang", "Persen",
             ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"]),
        _row("Penyediaan Jasa Surat Menyurat", "Jumlah laporan penyediaan jasa surat", "Laporan", ["12", "100.000.000", "6", "50.000.000", "50,00", "50,00"]),
        _row("Penyediaan Jasa Komunikasi, Sumber", "Jumlah laporan penyediaan jasa komunikasi", "Laporan",
             ["12", "200.000.000", "6", "70.000.000", "50,00", "35,00"]),
    ]
    page_2 = [_row("Daya Air dan Listrik", "Jumlah bulan layanan listrik", "Bulan", ["12", "", "6", "", "50,00", ""], tujuan="")]
    # Page 3 opens with a sub kegiatan that prints only its target: a name of the national list is no rest of a name.
    page_3 = [_row("Penyediaan Jasa Pelayanan Umum Kantor", "Jumlah laporan pelayanan umum", "Laporan", ["12", "", "6", "", "50,00", ""], tujuan="")]
    pdf = Variant(quarterly_header(GROUPS), 2, QUARTERLY_WIDTHS, [page_1, page_2, page_3], titles("I")).render(tmp_path_factory.mktemp("cut") / "tw1.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return result


def test_the_rest_of_a_name_beside_the_items_next_indicator_continues_the_name(name_cut):
    last, after = name_cut.rows[3], name_cut.rows[4]
    name = "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"
    assert (last["sub_kegiatan"], after["sub_kegiatan"]) == (name, name)
    assert after["budget_group"] == last["budget_group"] and after["target_pagu"] == "200000000"
    assert (after["page"], after["indikator"], after["level"], after["level_basis"]) == (2, "Jumlah bulan layanan listrik", "sub_kegiatan", "nomenclature")


def test_an_official_name_opening_a_page_with_empty_budget_cells_is_an_item_of_its_own(name_cut):
    own = name_cut.rows[5]
    assert (own["page"], own["sub_kegiatan"], own["target_pagu"]) == (3, "Penyediaan Jasa Pelayanan Umum Kantor", "")
    assert own["budget_group"] != name_cut.rows[4]["budget_group"]


SEPARATE_WIDTHS = [14, 64, 64, 60, 80, 80, 90, 34, 70, 34, 52, 34, 52, 34, 34, 50]


@pytest.fixture(scope="module")
def separate_broken(tmp_path_factory):
    """Separate Program / Kegiatan / Sub Kegiatan columns. Page 1 ends inside the program's first
    indicator row: the last line of its formula, `Target` (a header word), opens page 2 alone.
    Then the program's second indicator, every hierarchy cell empty, and its kegiatan."""
    def row(program, kegiatan, sub, indikator, formula, values):
        return ["", "", "", program, kegiatan, sub, indikator, "Persen", formula, *values, ""]

    values = ["100", "1.677.118.000", "50", "500.000.000", "50,00", "29,81"]
    page_1 = [row("PROGRAM PEMBINAAN KELUARGA BERENCANA (KB)", "", "", "Cakupan Promosi KIE-KB", "Jumlah realisasi<br/>-------x100", values)]
    page_2 = [
        ["", "", "", "", "", "", "", "", "Target", "", "", "", "", "", "", ""],
        row("", "", "", "Capaian PPM peserta KB", "Realisasi peserta KB aktif", ["69", "", "34,5", "", "50,00", ""]),
        row("", "Pelaksanaan Advokasi, Komunikasi, Informasi dan Edukasi (KIE) Pengendalian Penduduk dan KB", "",
            "Capaian penyuluhan program", "Realisasi kegiatan penyuluhan", values),
    ]
    variant = Variant(separate_header(), 2, SEPARATE_WIDTHS, [page_1, page_2], titles("II"), font_size=7)
    result = extract_file(variant.render(tmp_path_factory.mktemp("separate") / "tw2.pdf"))
    assert result.ok, result.error
    return result


def test_separate_columns_carry_the_program_past_a_broken_row(separate_broken):
    rows = separate_broken.rows
    program = "PROGRAM PEMBINAAN KELUARGA BERENCANA (KB)"
    assert [(r["level"], r["program"]) for r in rows] == [("program", program), ("program", program), ("kegiatan", program)]
    assert rows[0]["formula"].endswith("Target") and rows[1]["indikator"] == "Capaian PPM peserta KB"


@pytest.fixture(scope="module")
def numbered_broken(tmp_path_factory):
    """A header closed by a row numbering the columns (1 ... 14). Page 1 ends inside a row; page 2
    opens, under the repeated header, with its rest: `Kependudukan, dan Keluarga Berencana` and a
    formula's last word `Berencana`, words a header could print (`Rencana` is a target)."""
    header = quarterly_header(GROUPS) + [Head(str(n + 1), 2, n) for n in range(len(QUARTERLY_WIDTHS))]
    page_1 = [
        _row(PROGRAM, "Persentase layanan administrasi", "Persen", ["100", "300.000.000", "40", "120.000.000", "40,00", "40,00"], tujuan=TUJUAN),
        _row("Pengelolaan Operasional dan Sarana di Balai", "Jumlah laporan pengelolaan balai penyuluhan Bangga Kencana (Pembangunan Keluarga,",
             "Laporan", ["6", "243.000.000", "3", "120.000.000", "50,00", "49,38"], formula="Jumlah laporan Bangga"),
    ]
    rest = [""] * 14
    rest[3], rest[4], rest[6] = "Penyuluhan KKBPK", "Kependudukan, dan Keluarga Berencana", "Berencana"
    page_2 = [rest, _row("Pengendalian Program KKBPK", "Jumlah laporan pengendalian", "Laporan",
                         ["2", "57.000.000", "1", "20.000.000", "50,00", "35,09"], tujuan="")]
    pdf = Variant(header, 3, QUARTERLY_WIDTHS, [page_1, page_2], titles("IV")).render(tmp_path_factory.mktemp("numbered") / "tw4.pdf")
    result = extract_file(pdf)
    assert result.ok, result.error
    return result


def test_nothing_under_the_row_numbering_the_columns_is_header(numbered_broken):
    rows = numbered_broken.rows
    assert len(rows) == 3
    assert rows[1]["sub_kegiatan"] == "Pengelolaan Operasional dan Sarana di Balai Penyuluhan KKBPK"
    assert rows[1]["indikator"] == "Jumlah laporan pengelolaan balai penyuluhan Bangga Kencana (Pembangunan Keluarga, Kependudukan, dan Keluarga Berencana"
    assert rows[1]["formula"] == "Jumlah laporan Bangga Berencana" and rows[2]["sub_kegiatan"] == "Pengendalian Program KKBPK"


# ---- 5. a finding stands on a sure structure --------------------------------------------------------------------


def _sums_only():
    """The default rules with only the sums on: the rest is not what these tests look at."""
    rules = load_ruleset()
    return rules.model_copy(update={"rules": {k: r.model_copy(update={"enabled": k == "sum_mismatch"}) for k, r in rules.rules.items()}})


def _rows(items: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """rows.csv of one quarter: (level, name, pagu, level_basis) per row, one budget cell each."""
    records, kegiatan = [], ""
    for index, (level, name, pagu, basis) in enumerate(items):
        kegiatan = name if level == "kegiatan" else ("" if level == "program" else kegiatan)
        records.append({
            "row_id": f"f:p1:r{index + 1}", "source_file": "tw2.pdf", "page": "1", "opd": "DINAS X", "year": "2024", "quarter": "2",
            "level": level, "program": PROGRAM, "kegiatan": kegiatan, "sub_kegiatan": name if level == "sub_kegiatan" else "",
            "indikator": f"Indikator {index}", "satuan": "Persen", "target_pagu": pagu, "budget_group": f"f:g{index}",
            "tujuan": "", "sasaran": "", "kode": "", "level_basis": basis,
        })
    return pd.DataFrame(records)


def test_a_sum_over_a_level_told_by_weak_evidence_is_left_for_review():
    rows = _rows([
        ("program", PROGRAM, "300", "printed"),
        ("kegiatan", "Kegiatan A", "300", "nomenclature"),
        ("sub_kegiatan", "Sub A1", "100", "nomenclature"),
        ("sub_kegiatan", "Sub A2", "150", "style"),  # told only by its indicator's wording
    ])
    for lang, why in (("id", "bunyi indikatornya"), ("en", "the wording of its indicator")):
        found = check(rows, ruleset=_sums_only(), lang=lang)
        kegiatan = found[(found["rule"] == "sum_mismatch") & (found["kegiatan"] == "Kegiatan A")]
        assert list(kegiatan["severity"]) == ["info"] and list(kegiatan["level_basis"]) == ["style"]
        assert why in kegiatan["message"].iloc[0]


def test_a_sub_kegiatan_read_as_a_kegiatan_by_weak_evidence_softens_the_sum_it_cut_short():
    rows = _rows([
        ("program", PROGRAM, "300", "printed"),
        ("kegiatan", "Kegiatan A", "300", "nomenclature"),
        ("sub_kegiatan", "Sub A1", "200", "nomenclature"),
        ("kegiatan", "Belanja Lain", "100", "sums"),  # the sums made it a kegiatan: never sure of itself
    ])
    found = check(rows, ruleset=_sums_only())
    sums = found[found["rule"] == "sum_mismatch"].set_index("kegiatan")
    assert sums.loc["Kegiatan A", "severity"] == "info" and sums.loc["Kegiatan A", "level_basis"] == "sums"


def test_the_same_sum_over_a_sure_structure_stays_an_error():
    rows = _rows([
        ("program", PROGRAM, "300", "printed"),
        ("kegiatan", "Kegiatan A", "300", "nomenclature"),
        ("sub_kegiatan", "Sub A1", "100", "nomenclature"),
        ("sub_kegiatan", "Sub A2", "150", "other_quarters"),
    ])
    found = check(rows, ruleset=_sums_only())
    kegiatan = found[(found["rule"] == "sum_mismatch") & (found["kegiatan"] == "Kegiatan A")]
    assert list(kegiatan["severity"]) == ["error"] and list(kegiatan["level_basis"]) == [""]


# ---- the structure harness, a seeded handful --------------------------------------------------------------------


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """One perturbed set (bench/structure_injection.py) of TW III and IV: names reworded, printed
    by Word's way with rows broken across pages, the rules' inconsistencies injected."""
    import bench.structure_injection as harness

    harness.CACHE = tmp_path_factory.mktemp("structure-harness")
    tallies, _ = harness.run(1, 2, "closed_split", progress=False, quarters=(3, 4), renames=3, head=45)
    (tally,) = tallies.values()
    return tally


@pytest.mark.slow
def test_a_perturbed_set_reads_every_row_in_its_place(harness):
    assert harness.truth_rows > 80 and harness.spurious == 0 and harness.missing == 0
    assert harness.structure_right / harness.truth_rows >= 0.998, [d for d in harness.details if d.startswith("structure")][:5]


@pytest.mark.slow
def test_a_perturbed_set_finds_every_injection_and_nothing_false(harness):
    assert harness.injected >= 5 and harness.injected_found == harness.injected, [d for d in harness.details if d.startswith("missed")]
    assert harness.false_findings == 0, [d for d in harness.details if d.startswith("false finding")]


@pytest.mark.slow
def test_a_perturbed_set_links_every_indicator_read(harness):
    assert harness.true_links > 40 and harness.links_found == harness.true_links
    # Most links are sure ones, and every sure one is right; the few doubtful ones wait in review.
    assert harness.links_accepted >= 0.9 * harness.true_links and harness.accepted_right == harness.links_accepted


# ---- a row broken across a page in the side-by-side form (extract/block_rows.py) ------------------------------


def test_side_by_side_a_unit_cut_by_the_break_continues_its_row():
    from rekon.extract.block_rows import PrintedRow, join_pages
    from rekon.extract.border_header import NAME, Column, Layout

    layout = Layout([Column(NAME, None, 0, 100), Column("indikator", None, 100, 200), Column("satuan", None, 200, 240),
                     Column("target_kinerja", 1, 240, 280)], header_bottom=0)
    last = PrintedRow(1, 5, 500, 560, 0, 280, {NAME: ["Penyediaan Data"], "indikator": ["Jumlah Dokumen Hasil"],
                                                "satuan": ["Dokume"], "target_kinerja:q1": ["1"]})
    rest = PrintedRow(2, 0, 80, 100, 0, 280, {"indikator": ["Koordinasi Daerah"], "satuan": ["n"]})
    own = PrintedRow(3, 0, 80, 100, 0, 280, {"indikator": ["Jumlah Laporan"], "satuan": ["Orang"]})
    joined = join_pages([last, rest, own], layout)
    assert [row.page for row in joined] == [1, 3]
    assert (joined[0].text("indikator"), joined[0].text("satuan")) == ("Jumlah Dokumen Hasil\nKoordinasi Daerah", "Dokume\nn")
    # A text the break left on a comma goes on too (the rest of a list of words).
    listed = PrintedRow(4, 7, 500, 560, 0, 280, {"indikator": ["Jumlah Dokumen Komunikasi,"], "satuan": ["Dokumen"], "target_kinerja:q1": ["1"]})
    more = PrintedRow(5, 0, 80, 100, 0, 280, {"indikator": ["Informasi dan Edukasi"]})
    assert [row.page for row in join_pages([listed, more], layout)] == [4]
