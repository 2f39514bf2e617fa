"""Doubtful OCR values stay out of rows.csv: the threshold (extract/ocr/confidence.py) and the
rows of a reader without cells judged by the digits in their box (extract/ocr/regions.py), on
hand-made glyphs (fast; tests/test_ocr.py reads scans through Tesseract)."""

from __future__ import annotations

from rekon.extract.geometry import Char, PageGeometry
from rekon.extract.ocr.confidence import LOW_CONFIDENCE, describe, is_doubtful
from rekon.extract.ocr.regions import doubtful_rows, lowest_digit_confidence

FIELDS = ["target_pagu", "realisasi_pagu"]


def _page(*chars: Char, number: int = 1, ocr: bool = True) -> PageGeometry:
    return PageGeometry(number, 100, 100, tuple(chars), (), extra={"ocr": "read"} if ocr else {})


def test_doubtful_is_below_the_threshold_and_never_a_text_layer():
    assert LOW_CONFIDENCE == 90.0  # set from bench/OCR_RESULTS.md: no value read above it was wrong at 300 dpi
    assert is_doubtful(0) and is_doubtful(89.9) and not is_doubtful(90) and not is_doubtful(99)
    assert not is_doubtful(-1)  # a glyph of a text layer
    assert is_doubtful(95, threshold=96) and not is_doubtful(96, threshold=96)
    assert describe("realisasi_pagu", " 1,980\n260 ", 41.6) == "realisasi_pagu=1,980 260 (42)"


def test_rows_of_a_reader_without_cells_are_judged_by_the_digits_in_their_box():
    chars = (Char("7", 10, 14, 10, 20, confidence=97), Char("5", 30, 34, 10, 20, confidence=52), Char("9", 30, 34, 40, 50, confidence=96))
    rows = [{"page": 1, "bbox": "0 5 100 25", "target_pagu": "75"}, {"page": 1, "bbox": "0 35 100 55", "target_pagu": "9"}]
    withheld = doubtful_rows(rows, [_page(*chars)], FIELDS)
    assert [(row["bbox"], name, confidence) for row, name, confidence in withheld] == [("0 5 100 25", "target_pagu", 52)]
    assert [row["ocr_confidence"] for row in rows] == ["52", "96"]


def test_every_value_of_a_doubtful_row_is_withheld_and_only_its_values():
    # One doubtful digit anywhere in the row's box withholds all its values; empty fields have nothing to withhold.
    chars = (Char("1", 10, 14, 10, 20, confidence=99), Char("2", 60, 64, 10, 20, confidence=0))  # 0: Tesseract's "no idea"
    rows = [{"page": "1", "bbox": "0 5 100 25", "target_pagu": "1", "realisasi_pagu": "2", "indikator": "Jumlah"},
            {"page": "1", "bbox": "0 5 100 25", "target_pagu": "1", "realisasi_pagu": ""}]
    withheld = doubtful_rows(rows, [_page(*chars)], FIELDS)
    assert [(name, confidence) for _, name, confidence in withheld] == [("target_pagu", 0), ("realisasi_pagu", 0), ("target_pagu", 0)]
    assert rows[0]["ocr_confidence"] == "0"


def test_only_digits_read_by_ocr_on_an_ocr_page_judge_a_row():
    letters = _page(Char("R", 10, 14, 10, 20, confidence=10), Char("p", 15, 19, 10, 20, confidence=20), Char("8", 30, 34, 10, 20, confidence=95))
    text_layer = _page(Char("8", 30, 34, 10, 20))  # a glyph of the PDF's text layer on a page that was also OCR'd
    not_ocr = _page(Char("8", 30, 34, 10, 20, confidence=5), ocr=False)
    row = {"page": 1, "bbox": "0 5 100 25", "target_pagu": "8"}
    assert lowest_digit_confidence(letters, row["bbox"]) == 95  # a doubtful `Rp` does not withhold the amount beside it
    assert doubtful_rows([dict(row)], [letters], FIELDS) == []
    for page in (text_layer, not_ocr):
        judged = dict(row)
        assert doubtful_rows([judged], [page], FIELDS) == [] and "ocr_confidence" not in judged


def test_a_row_is_judged_by_its_own_page_and_box_only():
    doubtful = Char("3", 30, 34, 10, 20, confidence=40)
    page_one, page_two = _page(doubtful), _page(doubtful, number=2)
    outside = _page(Char("3", 30, 34, 60, 70, confidence=40), Char("3", 130, 134, 10, 20, confidence=40), number=3)  # below, right
    row = {"page": 1, "bbox": "0 5 100 25", "target_pagu": "3"}
    assert doubtful_rows([{**row, "page": 3}], [outside], FIELDS) == []
    for bad in ({**row, "bbox": "not a box"}, {**row, "bbox": ""}, {**row, "page": ""}, {"target_pagu": "3"}):
        assert doubtful_rows([bad], [page_one, page_two], FIELDS) == [], bad  # no page or no box: nothing to judge it by
    assert lowest_digit_confidence(page_one, "0 5 100") == -1.0  # three numbers are no box
    # Rows with nothing to judge before a doubtful one do not stop the judging.
    rows = [{**row, "page": 4}, {**row, "page": 3}, {**row, "page": 2}]  # page 4 was not OCR'd; page 3 has no digit in the box
    withheld = doubtful_rows(rows, [outside, page_two, _page(doubtful, number=4, ocr=False)], FIELDS)
    assert [(r["page"], name) for r, name, _ in withheld] == [(2, "target_pagu")]
