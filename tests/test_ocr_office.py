"""Scans as offices make them (samples/copier.py): grey paper, a turn, JPEG, a stamp, a signature, lost rulings.

One piece of a page goes through Tesseract (the top of a sample page, turned,
on grey paper, stamped, JPEG); the rest checks the image steps on rendered
pages without OCR. The bench over both families and every kind is
`python -m bench.ocr --kinds all` (bench/OCR_RESULTS.md).
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest

from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.geometry import Segment
from rekon.extract.grid import build_grid
from rekon.extract.ocr.tesseract import Word
from rekon.extract.ocr.image import ink
from rekon.extract.ocr.marks import take_out
from rekon.extract.ocr.paper import flatten
from rekon.extract.ocr.rulings import find_rulings
from rekon.extract.pipeline import extract_file
from samples import copier
from samples.build import Sample
from samples.compare import VALUE_FIELDS, expected_value
from samples.ocr_score import score
from samples.scan import Scan, page_image, scan_pdf
from samples.source import read_source
from samples.truth import truth_rows
from tests.capabilities import requires

pytestmark = pytest.mark.slow  # heavy: `make test-slow` (CI runs it after `make test`)

needs_tesseract = requires("tesseract")
TW1, TW4 = Sample(1, False), Sample(4, False)
TOP = 0.42  # of the page's height: the header and the first rows


@pytest.fixture(scope="module")
def stamped_piece(tmp_path_factory):
    """The top of TW I's first page as an office copies it, read; and the rows printed whole on it (text layer)."""
    scan = Scan(dpi=300, skew_degrees=0.6, paper="grey", grain=0.02, stamp="violet", colour=True, jpeg=True, quality=60,
                top_share=TOP, seed=11)
    pdf = scan_pdf(TW1.pdf, tmp_path_factory.mktemp("office") / "piece.pdf", scan, pages=[1])
    with PdfiumDocument(TW1.pdf) as document:
        page_height = next(document.pages()).height
    whole = [row for row in extract_file(TW1.pdf).rows if row["page"] == 1 and float(row["bbox"].split()[3]) <= TOP * page_height]
    return extract_file(pdf, quarter=1), len(whole)


@needs_tesseract
def test_a_turned_stamped_jpeg_piece_reads_every_value_right_or_flagged(stamped_piece):
    result, printed = stamped_piece
    assert result.ok, result.error
    assert printed >= 6 and len(result.rows) >= printed
    rows = pd.DataFrame(result.rows[:printed]).astype(str)
    truth = truth_rows(read_source(TW1.source)).iloc[:printed]
    values = sum(expected_value(truth.iloc[i][name]) != "" for i in range(printed) for name in VALUE_FIELDS)
    found = score(truth, rows, result.problems)
    assert found.wrong == [], found.wrong  # nothing read wrong without a flag, stamp or not
    assert values >= 30 and found.cells >= values and found.share_right >= 0.9, found  # every printed value scored
    assert result.problems == [] or {p["problem"] for p in result.problems} <= {"low_confidence", "no_quarter", "split_cell"}


def _page(sample: Sample, number: int, dpi: int) -> np.ndarray:
    document = pdfium.PdfDocument(str(sample.pdf))
    try:
        return np.asarray(page_image(document[number - 1], Scan(dpi=dpi, colour=True), np.random.default_rng(0))).astype(np.float32) / 255
    finally:
        document.close()


@pytest.fixture(scope="module")
def tw1_page() -> np.ndarray:
    """The value columns of TW I's first page at 300 dpi (as OCR renders every scan): a sixth of the page, its middle rows."""
    page = _page(TW1, 1, 300)
    height, width = page.shape[:2]
    return np.ascontiguousarray(page[height // 3 : 2 * height // 3, width // 2 :])


def _grey(rgb: np.ndarray) -> np.ndarray:
    return (rgb.mean(axis=2) * 255).round().astype(np.uint8)


@pytest.mark.parametrize("scanned_in", ["colour", "grey"])
def test_a_stamp_is_taken_out_and_the_print_under_it_kept(tw1_page, scanned_in):
    dpi = 300
    marked = tw1_page.copy()
    marked = copier.on_paper(marked, "yellowed" if scanned_in == "colour" else "grey", np.random.default_rng(1))
    centre = (int(0.5 * marked.shape[1]), int(0.5 * marked.shape[0]))
    copier.stamp(marked, dpi, centre, "blue", np.random.default_rng(2))
    alone_on_white = np.ones_like(marked)
    copier.stamp(alone_on_white, dpi, centre, "blue", np.random.default_rng(2))
    stamp_ink = _grey(alone_on_white) < 215
    print_ink = _grey(tw1_page) < 100
    rgb = (marked * 255).round().astype(np.uint8)
    if scanned_in == "grey":
        rgb = np.repeat(_grey(marked)[..., None], 3, axis=2)
    flat = flatten(rgb, dpi)
    assert np.median(flat.grey) >= 250  # the paper, grey or yellowed, is white
    marks = ink(flat.grey)
    segments, ruling_pixels = find_rulings(marks, dpi, flat.grey)
    found = take_out(flat.grey, flat.chroma, marks, ruling_pixels, dpi)
    assert found.removed >= 1 and found.kept == []
    alone = stamp_ink & ~print_ink
    threshold = cv2.threshold(flat.grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]
    assert np.mean(flat.grey[alone] > threshold) >= 0.97  # the stamp's own ink is no ink any more
    assert np.mean(flat.grey[print_ink & ~stamp_ink] < 128) >= 0.98  # print elsewhere untouched
    under = print_ink & stamp_ink
    assert under.sum() > 50 and np.mean(flat.grey[under] < 128) >= 0.9  # print the stamp lay on is still ink


def test_a_black_signature_is_kept_apart_and_only_what_it_touches_withheld(tw1_page):
    dpi = 300
    signed = tw1_page.copy()
    copier.signature(signed, dpi, (int(0.5 * signed.shape[1]), int(0.5 * signed.shape[0])), "black", np.random.default_rng(3))
    pen = _grey(tw1_page).astype(np.int16) - _grey(signed) > 60
    flat = flatten(np.repeat(_grey(signed)[..., None], 3, axis=2), dpi)
    marks = ink(flat.grey)
    _, ruling_pixels = find_rulings(marks, dpi, flat.grey)
    found = take_out(flat.grey, None, marks, ruling_pixels, dpi)
    assert found.kept and found.kept_pixels is not None  # black on a grey scan: not told from print by tone
    assert np.mean(found.kept_pixels[pen]) >= 0.9  # the pen's stroke is where words are withheld ...
    assert np.mean(found.kept_pixels) < 0.02  # ... and not the page around it


def test_a_pens_strokes_cut_apart_by_rulings_and_print_go_out_with_its_loops(tw1_page):
    # A blue pen on a grey scan: its loops ride a row's ruling and its flourish runs flat through the cells
    # below; taken out with the rulings, the pieces are arcs and a flat line no shape test takes for a mark.
    # Only the loops went (41% of the pen's own ink stayed, read with the digits it crossed: BPBD, 4 cells).
    dpi = 300
    signed = tw1_page.copy()
    copier.signature(signed, dpi, (600, 300), "blue", np.random.default_rng(2))
    pen = _grey(tw1_page).astype(np.int16) - _grey(signed) > 40
    near_print = cv2.dilate((_grey(tw1_page) < 200).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    flat = flatten(np.repeat(_grey(signed)[..., None], 3, axis=2), dpi)
    marks = ink(flat.grey)
    _, ruling_pixels = find_rulings(marks, dpi, flat.grey)
    found = take_out(flat.grey, None, marks, ruling_pixels, dpi)
    assert found.removed == 1 and found.kept == []
    alone = pen & ~near_print
    assert alone.sum() > 1000 and np.mean(flat.grey[alone] < 200) <= 0.02  # the pen's own ink is paper now
    print_ink = (_grey(tw1_page) < 100) & ~pen
    assert np.mean(flat.grey[print_ink] < 128) >= 0.98  # print untouched


@cache
def _tw4_grey(dpi: int) -> np.ndarray:
    return _grey(_page(TW4, 1, dpi))


def _erase_ruling_under_target(image: np.ndarray, dpi: int, faint: bool, vertical: bool) -> np.ndarray:
    """TW IV's header with the ruling under `Target` lost (or printed faint), and the one between its sub-headers too."""
    to_px = dpi / 72
    image = image.copy()
    band = image[round(89.6 * to_px) : round(92.2 * to_px), round(654 * to_px) : round(742 * to_px)]
    band[...] = np.maximum(band, 200) if faint else 255
    if vertical:
        image[round(91 * to_px) : round(103 * to_px), round(681 * to_px) : round(684 * to_px)] = 255
    return image


def _header_words(sample: Sample, dpi: int) -> list[Word]:
    """The page's words from its text layer, in pixels, as OCR would give them (no Tesseract needed)."""
    from rekon.extract.text import SPACE_GAP, lines_of

    with PdfiumDocument(sample.pdf) as document:
        chars = next(document.pages()).chars
    to_px = dpi / 72
    words = []
    for n, line in enumerate(lines_of(chars)):
        pieces: list[list] = []
        for char in line:  # a gap wider than a space's parts the words
            if pieces and char.x0 - pieces[-1][-1].x1 <= SPACE_GAP * max(char.size, pieces[-1][-1].size):
                pieces[-1].append(char)
            else:
                pieces.append([char])
        for piece in pieces:
            x0, x1 = piece[0].x0, max(c.x1 for c in piece)
            top, bottom = min(c.top for c in piece), max(c.bottom for c in piece)
            text = "".join(c.text for c in piece)
            words.append(Word(text, round(x0 * to_px), round(top * to_px), round((x1 - x0) * to_px), round((bottom - top) * to_px), 96.0, (0, 0, n)))
    return words


def _target_columns(segments: list[Segment]) -> tuple[int, int]:
    """How many header cells lie under `Target` (x 654-742 pt, y 88-103 pt), and how many body columns."""
    grid = build_grid(segments)
    cells = {grid.locate(x, 97.0).id for x in (660.0, 700.0, 735.0) if grid.locate(x, 97.0)}
    body = {grid.locate(x, 140.0).id for x in (660.0, 700.0, 735.0) if grid.locate(x, 140.0)}
    return len(cells), len(body)


@pytest.mark.parametrize("lost", ["faint", "gone", "gone with the vertical"])
def test_the_header_keeps_its_columns_when_a_copy_loses_a_ruling(lost):
    from rekon.extract.ocr.header_split import split_header_cells

    dpi = 150
    image = _erase_ruling_under_target(_tw4_grey(dpi), dpi, faint=lost == "faint", vertical="vertical" in lost)
    segments, _ = find_rulings(ink(image), dpi, image)
    segments = split_header_cells(segments, _header_words(TW4, dpi), 72 / dpi)
    assert _target_columns(segments) == (2, 2)  # Kinerja | Pagu Anggaran (Rp) under Target, and their columns


def test_a_flourish_touching_a_ruling_leaves_the_ruling_and_makes_none():
    dpi = 150
    image = np.full((300, 900), 255, np.uint8)
    for y in (50, 130, 210):
        image[y : y + 2, 40:860] = 0
    for x in (40, 300, 600, 858):
        image[50:212, x : x + 2] = 0
    plain = image.copy()
    x = np.arange(200, 760)
    arc = (129 - 12 * np.sin(np.pi * (x - 200) / 560)).round().astype(int)  # touches the ruling at y=130 from above
    for thickness in range(2):
        image[arc - thickness, x] = 0

    def horizontal_rulings(picture: np.ndarray) -> list[Segment]:
        return sorted((s for s in find_rulings(ink(picture), dpi)[0] if s.horizontal), key=lambda s: s.position)

    # Where the rulings are found without the flourish (a ruling a vertical one ends on may be read half a pixel off).
    expected = [round(s.position * dpi / 72, 1) for s in horizontal_rulings(plain)]
    assert len(expected) == 3 and all(abs(found - drawn) <= 1 for found, drawn in zip(expected, (51, 131, 211)))
    horizontal = horizontal_rulings(image)
    assert [round(s.position * dpi / 72, 1) for s in horizontal] == expected
    assert all((s.end - s.start) * dpi / 72 >= 800 for s in horizontal)


@pytest.mark.parametrize("printed, dash", [((1, 4), True), ((1, 2), False), ((3, 4), False)])
def test_a_blurred_dash_is_told_from_a_dot_whose_ink_has_the_same_box(printed, dash):
    from rekon.extract.ocr.cells import is_dash

    height, width = printed  # pixels of ink printed, before the copier's blur
    cell = np.full((40, 120), 255, np.uint8)
    cell[20 : 20 + height, 100 : 100 + width] = 20
    cell = cv2.GaussianBlur(cell, (0, 0), 0.8)
    marks = ink(cell)
    box = cv2.connectedComponentsWithStats(marks, connectivity=8)[2][1:, 2:4].tolist()
    assert box == [[4, 3]]  # all three come out 4 pixels wide and 3 high: the box alone cannot tell
    assert is_dash(marks, 30.0, cell) is dash


def _chars(text: str, x0: float, top: float, size: float = 9.0) -> list:
    from rekon.extract.geometry import Char

    return [Char(c, x0 + 5 * i, x0 + 5 * i + 4.5, top, top + size) for i, c in enumerate(text) if c != " "]


def test_a_scanned_header_row_parted_only_by_a_ruling_stays_two_cells():
    """OCR gives no fill boxes' edges: a quarter label and the column number under it share a span; the ruling parts them."""
    from rekon.extract.border_header import header_paths
    from rekon.extract.geometry import PageGeometry

    rulings = [Segment(True, y, 50, 320) for y in (100, 115, 130, 145, 160)]
    rulings += [Segment(False, x, 100, 300) for x in (50, 200, 320)] + [Segment(False, 260, 145, 300)]
    chars = _chars("Realisasi", 210, 103) + _chars("I", 228, 118) + _chars("7", 228, 133) + _chars("K", 228, 148) + _chars("Rp", 285, 148)
    chars += _chars("Indikator", 80, 118)
    page = PageGeometry(1, 400, 400, tuple(chars), tuple(rulings))
    paths = header_paths(page, [50.0, 200.0, 260.0, 320.0], 100.0, 160.0)
    assert paths[1] == ["Realisasi", "I", "7", "K"] and paths[2] == ["Realisasi", "I", "7", "Rp"]


@pytest.mark.parametrize("read, meant", [("Hl", "III"), ("lH", "III"), ("ll", "II"), ("ill", "III"), ("H", "H"), ("Ha", "Ha"), ("HV", "HV")])
def test_two_bold_capitals_read_as_an_h_in_a_quarter_label_are_two_i(read, meant):
    from rekon.extract.ocr.confirm import known_tokens

    assert [w.text for w in known_tokens([Word(read, 0, 0, 10, 10, 90.0, (0, 0, 0))])] == [meant]


@requires("real-reports")
def test_a_coarse_scan_keeps_a_hairline_grey():
    """The bench's scanner averages what each pixel covers: the real BPBD form's row rulings, which pdfium drawing
    straight at 200 dpi drops (y 289.1 and 387.4 pt), are grey lines in a 200 dpi scan, as on paper."""
    from tests.capabilities import REAL

    document = pdfium.PdfDocument(str(REAL / "BPBD.pdf"))
    try:
        image = np.asarray(page_image(document[0], Scan(dpi=200), np.random.default_rng(0)), dtype=np.int16)
    finally:
        document.close()
    to_px = 200 / 72
    name_column = image[:, round(80 * to_px) : round(200 * to_px)]
    for y in (289.1, 387.4):
        at = round(y * to_px)
        assert np.median(name_column[at - 2 : at + 3], axis=1).min() <= 200, y  # dark enough for the ruling finder


@pytest.mark.parametrize("readings, stands", [
    (["14.960,000", "14,960,000", "14.960,000"], False),  # a speck read as a period: the mix is 14960.000 in this column
    (["14,960,000", "14,960,000", "14.960,000"], True),  # the uniform reading the most give stands
    (["1.234,56", "1.234,56", "1.234,56"], True),  # a mix all readings give is how the column prints
])
def test_readings_that_differ_in_a_separator_do_not_let_a_mix_stand(readings, stands):
    from rekon.extract.ocr.confirm import _Target, _verdict

    target = _Target(0, [0], (0, 0, np.zeros((1, 1), np.uint8)), [(text, 95.0, []) for text in readings])
    verdict = _verdict(target, 90.0, 2)
    assert (verdict is not None) is stands
    if stands:
        assert readings[verdict[0]] == max(set(readings), key=readings.count)
