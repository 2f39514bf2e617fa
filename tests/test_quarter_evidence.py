"""A one-quarter report whose title does not name its quarter plainly (a scan's `TRlWULAN Ill`, or a title without it):
the quarter from other evidence, and where it came from; a file refused only when nothing names one."""

from __future__ import annotations

import pytest

from rekon.extract.quarter_evidence import quarter_elsewhere


@pytest.mark.parametrize("title, quarter", [
    ("PENGUKURAN KINERJA DAN ANGGARAN TRlWULAN Ill TAHUN 2024", 3),
    ("PENGUKURAN KINERJA DAN ANGGARAN TR1WULAN lV TAHUN 2024", 4),
    ("PENGUKURAN KINERJA DAN ANGGARAN TRIWULAM II. TAHUN 2024", 2),
    ("Laporan Triwulan 1 Tahun 2023", 1),
])
def test_a_title_misread_by_ocr_still_names_its_quarter(title, quarter):
    assert quarter_elsewhere(["DINAS KESEHATAN", title], [], "laporan") == (quarter, "title", title)


def test_the_headers_name_the_quarter_when_they_name_one_only():
    headers = ["No", "Indikator Kinerja", "Target", "Realisasi s.d. Triwulan III", "Capaian (%)"]
    assert quarter_elsewhere(["PENGUKURAN KINERJA DAN ANGGARAN TAHUN 2024"], headers, "laporan") == (3, "header", "Realisasi s.d. Triwulan III")
    both = headers + ["Realisasi TW II"]  # a report printing two quarters' columns: the headers do not tell which it is
    assert quarter_elsewhere([], both, "laporan") is None


@pytest.mark.parametrize("stem, quarter", [("dinkes-2024-tw3", 3), ("Laporan_Triwulan_IV_2024", 4), ("pk TW-2 2023", 2),
                                           ("dinkes_q1_2024", 1), ("twibbon-2024", None), ("dinkes-2024", None), ("tw1-tw2", None)])
def test_the_file_name_names_the_quarter_last(stem, quarter):
    found = quarter_elsewhere(["DINAS KESEHATAN"], ["Realisasi"], stem)
    assert (found[:2] if found else None) == ((quarter, "file_name") if quarter else None)


def test_a_plain_word_after_a_triwulan_like_word_is_no_quarter():
    assert quarter_elsewhere(["TRIWULAN DAN TAHUN 2024", "Trimulan ini"], [], "laporan") is None


@pytest.fixture(scope="module")
def untitled(tmp_path_factory):
    """TW II rendered by the second producer with titles that do not name the quarter, once under a name that does."""
    from samples.producer2.render import render
    from samples.source import read_source
    from tests.test_quarter_pairs import FORM

    source = read_source(FORM.parents[1] / "source" / "tw2.csv")
    folder = tmp_path_factory.mktemp("untitled")
    titles = ["PENGUKURAN KINERJA DAN ANGGARAN TAHUN 2022", "DINAS PEMBERDAYAAN PEREMPUAN"]
    named = render(source, 2, folder / "dp3akb-2022-tw2.pdf", titles=titles)
    unnamed = folder / "dp3akb-2022.pdf"
    unnamed.write_bytes(named.read_bytes())
    return named, unnamed


@pytest.mark.slow  # a report rendered and read whole
def test_a_report_whose_title_lacks_the_quarter_is_read_by_its_file_name_and_says_so(untitled):
    from rekon.extract.pipeline import extract_file

    named, unnamed = untitled
    result = extract_file(named, lang="en")
    assert result.ok and result.metadata.quarter == 2 and len(result.rows) > 20
    said = [p for p in result.problems if p["problem"] == "quarter_from_elsewhere"]
    assert len(said) == 1 and "the file name" in said[0]["message"] and said[0]["raw_text"] == "dp3akb-2022-tw2"
    refused = extract_file(unnamed, lang="en")  # nothing names it: refused, saying so
    assert not refused.ok and [p["problem"] for p in refused.problems][-1] == "no_quarter"
