"""Readings of a scanned number that agree on its digits but not on comma or period (extract/ocr/separators.py).

The piece of page is the bench's office copy of TW IV (`python -m bench.ocr --kinds copier`: grey paper,
grain, blur 0.6, JPEG 60, turned 0.4 degrees; seed as bench/office_scans.py makes it), rendered from
its PDF at 300 dpi, flattened, despeckled and deskewed as `ocr_page` does, and cut to the budget columns
of rows 6-12 (y 900:1440, x 2700:3150). There the enlarged, binarised reading sees periods for the pagu
column's commas: `61,681,900` read `61.681.900` twice stood, and was withheld downstream as the other
convention; `14,960,000` beside two `14,960.000` was undecided.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rekon.extract.numbers import Convention
from tests.capabilities import requires

PIECE = Path(__file__).parent / "scans" / "copier-tw4-pagu-column.png"
needs_tesseract = requires("tesseract")


def _confirmed(outvote: bool):
    from rekon.extract.grid import build_grid
    from rekon.extract.ocr.confidence import LOW_CONFIDENCE
    from rekon.extract.ocr.confirm import confirm_numbers
    from rekon.extract.ocr.image import ink
    from rekon.extract.ocr.rulings import find_rulings
    from rekon.extract.ocr.tesseract import read_words

    image = np.ascontiguousarray(np.asarray(Image.open(PIECE).convert("L")))
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, 300)
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    return confirm_numbers(clean, marks & ~ruling_pixels, build_grid(segments), read_words(clean), 300, LOW_CONFIDENCE,
                           outvote=outvote)


@pytest.fixture(scope="module")
def confirmed_words():
    return _confirmed(outvote=True)  # as on a scan of 300 dpi or finer (`confirm.outvoting`)


@needs_tesseract
def test_on_a_coarse_scan_readings_that_differ_in_their_marks_are_not_settled():
    # Under 300 dpi (no outvoting), readings that differ in comma or period had also agreed on a wrong digit (`64,75`,
    # `64.75`, `64.75` for `64,79` on the bench's 200-dpi copier scan of the Indonesian-number sample): not settled.
    from rekon.extract.ocr.confidence import LOW_CONFIDENCE

    read = {w.text: w.confidence for w in _confirmed(outvote=False) if "681" in w.text}
    assert not any(text == "61,681,900" and confidence >= LOW_CONFIDENCE for text, confidence in read.items()), read


@needs_tesseract
def test_a_copied_columns_commas_read_as_periods_are_settled_by_the_column(confirmed_words):
    from rekon.extract.ocr.confidence import LOW_CONFIDENCE

    amounts = {w.text: w.confidence for w in confirmed_words if sum(c in ",." for c in w.text) >= 2}
    printed = {"176,735,169", "14,960,000", "30,120,000", "5,308,305,555", "5,231,248,655", "15,375,000", "61,681,900"}
    assert set(amounts) == printed, amounts
    assert min(amounts.values()) >= LOW_CONFIDENCE, amounts


def _target(*texts):
    from rekon.extract.ocr.confirm import _Target

    return _Target(0, [0], (0, 0, np.zeros((1, 1), np.uint8)), [(text, 95.0, []) for text in texts])


COMMA, DOT = Convention.COMMA_THOUSANDS, Convention.DOT_THOUSANDS


@pytest.mark.parametrize("readings, convention, kept", [
    (("15,375,000", "15.375.000", "15.375.000"), COMMA, "15,375,000"),  # two decimal marks say no value
    (("15,375,000", "15.375.000", "15.375.000"), DOT, "15.375.000"),
    (("5,267.636,824", "5,267,636,824", "5,267.636,824"), COMMA, "5,267,636,824"),  # a group mark after the decimal one
    (("79,33", "79.33", "79.33"), COMMA, "79.33"),  # a comma before two digits is no thousands mark
    (("79,33", "79.33", "79.33"), DOT, "79,33"),
    (("14,960,000", "14,960.000", "14,960.000"), COMMA, "14,960,000"),  # thousands then three decimals: a mark misread
    # The marks say two values: a thousands mark or a decimal one decides by a thousand; no value is sure.
    (("267346,288", "267346,288", "267346.288"), COMMA, None),
    (("1,234", "1.234", "1.234"), COMMA, None),
    (("(1,500)", "1.500", "(1,500)"), COMMA, None),
    # No convention known, or none of the readings well formed in it: as before (the mix is withheld downstream).
    (("33.600.000", "33.600,000", "33.600.000"), COMMA, "33.600.000"),
    (("15,375,000", "15.375.000", "15.375.000"), None, "15.375.000"),
])
def test_readings_that_differ_in_comma_or_period_stand_only_when_the_column_reads_one_value(readings, convention, kept):
    from rekon.extract.ocr.confirm import _verdict

    verdict = _verdict(_target(*readings), 90.0, 2, True, convention)
    assert (readings[verdict[0]] if verdict else None) == kept


def test_a_columns_convention_is_told_by_its_unanimous_cells_or_the_pages():
    from rekon.extract.ocr.separators import column_conventions, unanimous_text

    assert unanimous_text(["1,234,567", "1,234,567", "1.234.567"]) is None  # not unanimous: no evidence
    assert unanimous_text(["1,234,567", "1,234,567", ""]) == "1,234,567"
    found = column_conventions({"pagu": ["1,234,567", "12,500,000"], "kinerja": ["100", "4"], "other": ["1.234.567", "2.500.000"],
                                "lone": []})
    assert found["pagu"] is COMMA and found["other"] is DOT
    assert found["kinerja"] is None and found["lone"] is None  # the page's votes tie: none
    assert column_conventions({"pagu": ["1,234,567"], "kinerja": ["4"]})["kinerja"] is COMMA
