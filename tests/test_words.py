"""Cut words are joined only where a vocabulary knows the whole word and not its first piece."""

from rekon.extract.nomenclature import vocabulary as national
from rekon.extract.text import join_lines
from rekon.extract.words import joins, repair_run, repair_spaced, whole_words


def test_a_word_cut_in_pieces_by_a_narrow_column_is_joined():
    words = national()
    assert join_lines(["PROGRAM", "PENUNJAN", "G URUSAN", "PEMERINT", "AHAN DAERAH"], words) == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"
    assert join_lines(["Laporan Keuangan Bulanan/Triwulanan/Seme", "steran SKPD"], words).endswith("Triwulanan/Semesteran SKPD")


def test_the_rest_of_a_word_of_an_indonesian_root_is_joined_even_where_no_list_knows_the_word():
    # One join for every family: a short lower-case rest that is no word, on a derived word (kelancara/n).
    words = frozenset({"tingkat", "arus", "operasi"})  # neither `kelancaran` nor `pengendalian`
    assert join_lines(["Tingkat kelancara", "n arus"], words) == "Tingkat kelancaran arus"
    assert join_lines(["Pengendali", "an Operasi"], words) == "Pengendalian Operasi"
    assert join_lines(["Tingkat kelancaran", "di arus"], words | {"di"}) == "Tingkat kelancaran di arus"  # a word of its own


def test_two_real_words_are_never_joined():
    words = frozenset({"kawasan", "wisata", "kawasanwisata"})
    assert not joins(["KAWASAN", "WISATA"], words)
    assert join_lines(["PENATAAN KAWASAN", "WISATA"], words) == "PENATAAN KAWASAN WISATA"
    assert repair_spaced("KAWASAN WISATA", words) == "KAWASAN WISATA"


def test_a_glue_printed_inside_a_piece_is_kept_but_never_made_between_pieces():
    words = frozenset({"peningkatan", "keluarga", "bergerak", "di", "bidang"})
    assert join_lines(["DAN PENINGKA", "TANKELU", "ARGA SEJAHTERA"], words) == "DAN PENINGKATANKELUARGA SEJAHTERA"
    assert join_lines(["yang Bergerakdi", "Bidang"], words) == "yang Bergerakdi Bidang"


def test_a_fraction_bar_on_its_own_line_is_no_rest_of_a_word():
    words = frozenset({"ber-", "kb"})  # `ber- KB` printed inside a line elsewhere
    assert join_lines(["kesertaan ber-KB", "-----x100", "Jumlah"], words) == "kesertaan ber-KB -----x100 Jumlah"


def test_whole_words_leave_out_what_may_be_a_piece():
    # A column cuts a word wider than itself, which starts a line of its own (as Word prints it).
    words = whole_words(["PROGRAM PENUNJANG URUSAN\nPEMERINT\nAHAN DAERAH KOTA", "Laporan keuangan\nbulanan"])
    assert {"program", "penunjang", "daerah", "kota", "laporan", "bulanan"} <= words
    assert not {"urusan", "pemerint", "ahan", "keuangan"} & words  # a line's last word may be a head


def test_the_run_vocabulary_is_shared_within_an_agency_and_year_only():
    cut = [{"program": "PROGRAM PENATAAN CIKUPA SIRNAGALIH"}]
    other_agency = [{"program": "PROGRAM PENATAAN CIKUPA SIRNAGALIH"}]
    files = [
        (("DINAS A", "2024"), frozenset({"cikupasirnagalih"}), []),
        (("DINAS A", "2024"), frozenset(), cut),
        (("DINAS B", "2024"), frozenset(), other_agency),
    ]
    assert repair_run(files) == 1
    assert cut[0]["program"] == "PROGRAM PENATAAN CIKUPASIRNAGALIH"
    assert other_agency[0]["program"] == "PROGRAM PENATAAN CIKUPA SIRNAGALIH"
