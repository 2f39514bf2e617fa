"""Scanned reports read by OCR: a sample page rasterised (skewed, speckled, turned) and read back.

Only one page goes through Tesseract's full read here (about 10 s); the table per
resolution over every sample page is `make bench` (bench/ocr.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest

from rekon.extract.grid import build_grid
from rekon.extract.numbers import CellKind, Convention, parse_cell
from rekon.extract.pipeline import extract_file
from rekon.rules import check
from samples.build import Sample
from samples.ocr_score import score
from samples.scan import Scan, page_image, scan_pdf
from samples.source import read_source
from samples.truth import truth_rows
from tests.capabilities import requires
from tests.faded import streaked, text_boxes
from tests.test_rules_support import rows as rule_rows

SAMPLE = Sample(1, False)


needs_tesseract = requires("tesseract")


def _rendered(page_number: int, scan: Scan) -> np.ndarray:
    document = pdfium.PdfDocument(str(SAMPLE.pdf))
    try:
        return np.asarray(page_image(document[page_number - 1], scan, np.random.default_rng(0)))
    finally:
        document.close()


# Amounts and percentages of page 1 printed streaky (a worn print, a copier's streaks): read by OCR as
# other numbers (`67.00` as `87.00`, `6,932,571,335` as `6,932,272. 535`) that the readings do not agree on.
STREAKED = ("9,756,893,547", "6,932,571,335", "68.56", "67.00")


@pytest.mark.slow
@needs_tesseract
def test_a_skewed_speckled_scan_of_a_page_reads_every_value_right_or_flags_it(tmp_path):
    streaks = [box for text in STREAKED for box in text_boxes(SAMPLE.pdf, 1, text)]
    assert len(streaks) == len(STREAKED)
    printed_pdf = streaked(SAMPLE.pdf, tmp_path / "streaked.pdf", 1, streaks, gap=1.0, width=0.25)
    scanned = scan_pdf(printed_pdf, tmp_path / "scan.pdf", Scan(dpi=300, skew_degrees=0.6, noise=0.002, jpeg=True), pages=[1])
    result = extract_file(scanned)
    assert result.ok, result.error
    assert result.metadata.quarter == 1 and result.metadata.year == 2022
    printed = [row for row in extract_file(SAMPLE.pdf).rows if row["page"] == 1]
    rows = pd.DataFrame(result.rows).astype(str)
    assert len(rows) == len(printed)
    found = score(truth_rows(read_source(SAMPLE.source)), rows)
    assert found.wrong == [], found.wrong  # every value is right, or withheld as doubtful
    assert found.share_right >= 0.93, found  # 0.98 without the streaks
    assert (rows["ocr_confidence"] != "").all()  # rows.csv says each came from OCR
    doubtful = [p for p in result.problems if p["problem"] == "low_confidence"]
    assert len(doubtful) == found.flagged
    for p in doubtful:  # its text and confidence, and the value kept out of rows.csv
        assert p["raw_text"] and "keyakinan" in p["message"]
        assert rows.loc[rows["row_id"] == p["row_id"], p["field"]].item() == ""
        assert p["field"] in rows.loc[rows["row_id"] == p["row_id"], "low_confidence"].item()
    # Among them numbers that rows.csv would hold, wrong, were they not withheld.
    numbers = [p for p in doubtful if parse_cell(p["raw_text"], Convention.COMMA_THOUSANDS).kind is CellKind.NUMBER]
    assert numbers, [p["raw_text"] for p in doubtful]


def test_a_doubtful_value_of_the_side_by_side_form_is_kept_out_of_rows_alone(tmp_path):
    """The side-by-side reader does not track which glyph went to which value: a value is judged by the
    digits in its own column's stretch of the row. The page is the form's own geometry, its glyphs
    carrying OCR confidences as the OCR backend hands them on: every glyph sure but those of one amount."""
    from dataclasses import replace

    from rekon.extract.backends.pdfium import PdfiumDocument
    from rekon.extract.families import recognise_pages
    from rekon.extract.pipeline import FileResult, _read_family
    from tests.renja_form import render

    form = render(tmp_path / "renja.pdf")
    with PdfiumDocument(form) as document:
        [page] = list(document.pages())
    [(left, bottom, right, top)] = text_boxes(form, 1, "73.481.400")
    unsure = (left, page.height - top, right, page.height - bottom)  # PDF points from the bottom: the page's from the top

    def confidence(char) -> float:
        inside = unsure[0] - 1 <= char.x_center <= unsure[2] + 1 and unsure[1] - 1 <= char.y_center <= unsure[3] + 1
        return 52.0 if inside else 96.0

    scanned = replace(page, chars=tuple(c._replace(confidence=confidence(c)) for c in page.chars), extra={"ocr": "read"})
    result = _read_family(FileResult(str(form), file_id="f0f0f0f0f0f0"), [scanned], recognise_pages([scanned]), "id")
    assert result.ok, result.error
    rows = pd.DataFrame(result.rows)
    withheld = rows[rows["low_confidence"] != ""]
    assert len(withheld) == 1 and withheld["indikator"].str.startswith("Tersedianya dokumen").all()
    assert withheld["realisasi_pagu"].tolist() == [""] and withheld["realisasi_kinerja"].tolist() != [""]  # its K stays
    doubtful = [p for p in result.problems if p["problem"] == "low_confidence"]
    assert [p["raw_text"] for p in doubtful] == ["73481400"]  # the number, named
    same_row = rows[rows["indikator"] == withheld["indikator"].iloc[0]]
    assert sorted(same_row["realisasi_pagu"]) == ["", "96250000"] and sorted(same_row["realisasi_kinerja"]) == ["2", "3"]
    valued = rows[(rows["low_confidence"] == "") & (rows["realisasi_pagu"] != "")]  # the other rows keep their values
    assert len(valued) == 5 and (valued["ocr_confidence"] == "96").sum() == 4  # the row beside keeps its own, its row says 52


def test_rulings_found_in_the_image_make_the_grid_the_pdf_draws():
    from rekon.extract.backends.pdfium import PdfiumDocument
    from rekon.extract.ocr.image import ink
    from rekon.extract.ocr.rulings import find_rulings

    with PdfiumDocument(SAMPLE.pdf) as document:
        vector = build_grid(list(next(document.pages()).segments))
    segments, _ = find_rulings(ink(_rendered(1, Scan(dpi=200))), 200)
    scanned = build_grid(segments)
    assert len(scanned.xs) == len(vector.xs) and len(scanned.ys) == len(vector.ys)
    assert max(abs(a - b) for a, b in zip(scanned.xs + scanned.ys, vector.xs + vector.ys)) < 1.0  # points
    assert len(scanned.cells) == len(vector.cells)  # merged cells too


def test_skew_is_measured_and_undone():
    from rekon.extract.ocr.image import deskew, ink, skew_degrees

    image = _rendered(2, Scan(dpi=150, skew_degrees=0.8))
    angle = skew_degrees(ink(image))
    assert abs(angle + 0.8) <= 0.05  # PIL turns counter-clockwise; the correction turns it back
    assert abs(skew_degrees(ink(deskew(image, angle)))) <= 0.05


@needs_tesseract
@pytest.mark.parametrize("turned", [0, 90])
def test_a_page_fed_sideways_is_turned_upright(turned):
    from rekon.extract.ocr.image import turn
    from rekon.extract.ocr.page import upright_turn

    image = _rendered(1, Scan(dpi=150, turned=turned))
    rotation = upright_turn(image, 150)
    assert rotation == (360 - turned) % 360
    assert turn(image, rotation).shape == _rendered(1, Scan(dpi=150)).shape


# A one-quarter report typed in Word (samples/writer_quarterly.py): rows of wrapped text left-aligned in
# narrow columns line up in columns more sharply than in rows; its upright pages were taken for pages
# on their side (and then read turned, refused as page_without_table).
WRITER_QUARTERLY = Path(__file__).resolve().parents[1] / "data" / "writer_quarterly" / "dp3akb-serang-2022-tw1-writer.pdf"


@needs_tesseract
@pytest.mark.parametrize("turned", [0, 90])
def test_an_upright_word_table_is_not_taken_for_a_page_on_its_side(turned):
    from rekon.extract.ocr.image import turn
    from rekon.extract.ocr.page import upright_turn

    document = pdfium.PdfDocument(str(WRITER_QUARTERLY))
    try:
        image = np.asarray(page_image(document[1], Scan(dpi=150, turned=turned), np.random.default_rng(0)))
    finally:
        document.close()
    rotation = upright_turn(image, 150)
    assert rotation == (360 - turned) % 360
    assert turn(image, rotation).shape[1] > turn(image, rotation).shape[0]  # landscape, as printed


def test_scans_are_refused_with_ocr_never(tmp_path):
    scanned = scan_pdf(SAMPLE.pdf, tmp_path / "scan.pdf", Scan(dpi=72), pages=[1])
    result = extract_file(scanned, ocr="never")
    assert not result.ok and "tidak memiliki lapisan teks" in result.reason()


def test_without_tesseract_the_message_says_what_to_install(tmp_path):
    scanned = scan_pdf(SAMPLE.pdf, tmp_path / "scan.pdf", Scan(dpi=72), pages=[1])
    environment = dict(os.environ, PATH=str(tmp_path))  # no tesseract on this PATH
    run = subprocess.run(
        [sys.executable, "-m", "rekon", "extract", str(scanned), "-o", str(tmp_path / "out"), "--quiet"],
        capture_output=True, text=True, env=environment, cwd=Path(__file__).resolve().parents[1],
    )
    assert run.returncode == 3, run.stderr
    line = next(line for line in run.stderr.splitlines() if str(scanned) in line)
    assert "perlu OCR" in line and "apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng" in line


def test_a_finding_on_a_doubtful_ocr_value_is_no_error():
    # Realisation 900 against a pagu of 100 is an error; when 900 was read with low confidence it is not.
    frame = rule_rows({"target_pagu": "100", "realisasi_pagu": "900"}, {"target_pagu": "100", "realisasi_pagu": "900"})
    frame["low_confidence"] = ["", "realisasi_pagu=900 (41)"]
    findings = check(frame, lang="id")
    over = findings[findings["field"] == "realisasi_pagu"].set_index("row_id")
    assert "error" in set(over.loc[["q1:r1"], "severity"])
    softened = over.loc[["q1:r2"]]
    assert set(softened["severity"]) == {"info"}
    assert softened["message"].str.contains("realisasi_pagu=900 \\(41\\)").all()


@needs_tesseract
def test_a_number_printed_against_its_cells_border_is_confirmed_whole():
    # Sample 4's pagu column prints `108,000,000` flush with the right border; a crop cut at the
    # cell's inset lost the last zero's stroke, so the second reading never agreed (all flagged).
    from rekon.extract.grid import build_grid
    from rekon.extract.ocr.confidence import LOW_CONFIDENCE
    from rekon.extract.ocr.tesseract import read_words
    from rekon.extract.ocr.image import ink
    from rekon.extract.ocr.confirm import confirm_numbers
    from rekon.extract.ocr.rulings import find_rulings

    document = pdfium.PdfDocument(str(Sample(4, False).pdf))
    try:
        page = np.asarray(page_image(document[1], Scan(dpi=300), np.random.default_rng(0)))
    finally:
        document.close()
    image = np.ascontiguousarray(page[250:470, 2600:3600])  # the budget columns of the first rows
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, 300)
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    words = confirm_numbers(clean, marks & ~ruling_pixels, build_grid(segments), read_words(clean), 300, LOW_CONFIDENCE)
    amounts = {w.text: w.confidence for w in words if w.text.count(",") == 2}
    assert {"108,000,000", "11,800,000", "221,361,600"} <= set(amounts), amounts
    assert min(amounts.values()) >= LOW_CONFIDENCE, amounts


@needs_tesseract
def test_a_seven_one_enlarged_reading_takes_for_a_one_does_not_withhold_the_number():
    # The Word table's first row (page 1): the third reading (binarised, enlarged, ind+eng) reads
    # `79.33` as `19.33`; that lone dissent withheld it (as `78,977,750`, `7.657.406.470` on other scans).
    from rekon.extract.grid import build_grid
    from rekon.extract.ocr.confidence import LOW_CONFIDENCE
    from rekon.extract.ocr.confirm import confirm_numbers
    from rekon.extract.ocr.image import ink
    from rekon.extract.ocr.rulings import find_rulings
    from rekon.extract.ocr.tesseract import read_words

    document = pdfium.PdfDocument(str(WRITER_QUARTERLY))
    try:
        page = np.asarray(page_image(document[0], Scan(dpi=300), np.random.default_rng(0)))
    finally:
        document.close()
    image = np.ascontiguousarray(page[380:700, 1600:2500])
    marks = ink(image)
    segments, ruling_pixels = find_rulings(marks, 300)
    clean = image.copy()
    clean[ruling_pixels > 0] = 255
    words = confirm_numbers(clean, marks & ~ruling_pixels, build_grid(segments), read_words(clean), 300, LOW_CONFIDENCE)
    read = {w.text: w.confidence for w in words}
    assert read.get("79.33", 0) >= LOW_CONFIDENCE, read
    assert "19.33" not in read


def _target(*readings):
    from rekon.extract.ocr.confirm import _Target

    return _Target(0, [0], (0, 0, np.zeros((1, 1), np.uint8)), [(text, confidence, []) for text, confidence in readings])


def test_a_number_stands_only_when_two_readings_agree_on_it():
    from rekon.extract.ocr.confirm import _garbled_number, _verdict, readings_needed

    assert _verdict(_target(("7.89", 93), ("7.89", 88)), 90) == (0, pytest.approx(99.16))
    assert _verdict(_target(("Oo", 70), ("0", 79), ("0", 91)), 90)[0] == 1  # the page's reading outvoted
    assert _verdict(_target(("106", 95), ("100", 90), ("10", 80)), 90) is None  # no two agree: flagged
    assert _verdict(_target(("100", 40), ("100", 30)), 90) is None  # agreed, but both too unsure
    assert _verdict(_target(("No", 96), ("", 0), ("", 0)), 90) is None  # nothing read is no agreement
    # On a coarse scan two readings of the same few pixels agree on a wrong digit: all three must agree.
    assert readings_needed(150) == 3 and readings_needed(200) == readings_needed(300) == 2
    assert _verdict(_target(("106", 95), ("106", 93), ("10", 80)), 90, needed=3) is None
    assert _verdict(_target(("100", 95), ("100", 93), ("100", 80)), 90, needed=3)[0] == 0
    # Three readings against one stand (a fourth is made where three disagree); one against one does not.
    assert _verdict(_target(("79.33", 96), ("79.33", 95), ("19.33", 94), ("79.33", 93)), 90)[0] == 0
    assert _verdict(_target(("1712", 90), ("17.12", 96), ("17.12", 96), ("17.12", 94)), 90)[0] == 1
    assert _verdict(_target(("79.33", 96), ("79.33", 95), ("19.33", 94), ("", 0)), 90) is None
    assert _verdict(_target(("79.33", 96), ("79.33", 95), ("19.33", 94), ("78.33", 93)), 90) is None  # two dissents
    assert _verdict(_target(("100", 95), ("100", 93), ("106", 90), ("100", 93)), 90, needed=3) is None  # coarse: all agree
    # Below 300 dpi the enlarged reading's dissent stands: the others agreed on a wrong digit there.
    from rekon.extract.ocr.confirm import outvoting

    assert outvoting(300) and outvoting(400) and not outvoting(200)
    assert _verdict(_target(("35,580,000", 86), ("35,580,000", 94), ("436,580,000", 43), ("35,580,000", 88)), 90, outvote=False) is None
    # A reading that lost digits to a toner streak is no number as printed: no dissent.
    assert _verdict(_target(("8.866.374.688", 94), ("8.866.374.688", 90), ("8.866.4.688", 0), ("8.866.24.688", 0)), 90)[0] == 0
    assert _verdict(_target(("8.866.374.688", 94), ("8.866.374.688", 90), ("8.866.374.588", 80)), 90) is None
    assert _garbled_number("23.1€") and _garbled_number("Oo") and _garbled_number("1,500")
    assert not _garbled_number("m2") and not _garbled_number("KK") and not _garbled_number("Rp")
