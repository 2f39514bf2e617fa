"""Scanned pages' image steps on small drawn pictures (no Tesseract): fast, in `make test`."""

from __future__ import annotations

import numpy as np

from rekon.extract.ocr.image import ink
from rekon.extract.ocr.rulings import find_rulings

DPI = 300
FILL = 226  # a header's coloured fill as a colour scan's flattening leaves it (grey, darker than the faint-ink level)


def _table_with_filled_label_row() -> np.ndarray:
    """Three rows between black rulings: the top one filled, a bold `II` on it (each stroke in a light JPEG halo); the
    lowest one white, parted by a faint grey ruling (a copier printed it too light)."""
    image = np.full((340, 800), 255, np.uint8)
    image[100:160, 50:700] = FILL
    for left in (300, 316):  # the two strokes of a bold II, 6 px wide, 12 px apart
        image[110:148, left - 2 : left + 8] = 255
        image[112:146, left : left + 6] = 10
    for y in (100, 160, 220, 280):
        image[y : y + 3, 50:700] = 30
    for x in (50, 697):
        image[100:283, x : x + 3] = 30
    image[223:280, 450:452] = 215
    return image


def _verticals(image: np.ndarray) -> list[float]:
    segments, _ = find_rulings(ink(image), DPI, image)
    return sorted(round(s.position * DPI / 72) for s in segments if not s.horizontal)


def test_a_fill_between_a_bold_labels_strokes_is_no_ruling_but_a_faint_ruling_on_paper_is():
    """A strip of fill between the halos of `II` is darker than the faint-ink level and framed by the row's rulings,
    as a faint ruling is; but it is no darker than the fill above and below the letters, and a ruling is (a label
    cut in two at its strokes left the side-by-side form's quarter II unnamed)."""
    verticals = _verticals(_table_with_filled_label_row())
    assert not [x for x in verticals if 295 <= x <= 325]
    assert [x for x in verticals if 449 <= x <= 453]  # the faint ruling
    assert len(verticals) == 3


def _records(ocr_confidence: float, last: str = "30.120,000") -> tuple[list[dict], list[dict]]:
    from rekon.extract.merge import AssembledRow
    from rekon.extract.pipeline import FileResult
    from rekon.extract.quarterly_rows import records_of

    amounts = ["1,250,000", "3,400,000", "980,000", last]
    rows = [AssembledRow(1, i, (0, 20 * i, 500, 20 * i + 18), {"item": f"Sub kegiatan {i}", "indikator": f"Jumlah dokumen {i}",
                                                                  "target_kinerja": "2", "target_pagu": amount},
                         {}, {}, [], confidence={"target_pagu": ocr_confidence, "target_kinerja": ocr_confidence})
            for i, amount in enumerate(amounts)]
    result = FileResult("scan.pdf")
    return records_of(rows, "scan", "scan.pdf", result, "en"), result.problems


def test_a_number_read_by_ocr_in_the_other_convention_than_its_column_is_withheld():
    """`30.120,000` among `1,250,000`: from a text layer a mixed convention, read and said; from OCR a dot and a comma
    misread as often (the scan printed 30,120,000): withheld, not written as 30120.0."""
    text_layer, said = _records(-1.0)
    assert text_layer[3]["target_pagu"] == "30120.0" and [p["problem"] for p in said] == ["other_convention"]
    scanned, said = _records(92.0)
    assert [r["target_pagu"] for r in scanned] == ["1250000", "3400000", "980000", ""]
    assert "target_pagu=30.120,000" in scanned[3]["low_confidence"] and [p["problem"] for p in said] == ["low_confidence"]


def test_a_number_read_by_ocr_with_a_thousands_group_as_its_decimals_is_withheld():
    """`30,120.000` among `1,250,000` (the stamp over a grey scan of TW IV: read so by every reading): a text layer's
    number to the thousandth, an OCR's comma misread as a dot as often: withheld."""
    text_layer, said = _records(-1.0, "30,120.000")
    assert text_layer[3]["target_pagu"] == "30120.0" and said == []
    scanned, said = _records(92.0, "30,120.000")
    assert scanned[3]["target_pagu"] == "" and [p["problem"] for p in said] == ["low_confidence"]


def test_a_side_by_side_number_read_by_ocr_in_the_other_convention_is_withheld_in_every_quarter():
    """The full Renja form's first page as if read by OCR (every glyph at confidence 95), two amounts of its first
    program row with commas for its dots: the quarter's own (II) withheld in its record, this year's target (printed
    once, written to each quarter's record) in all four; the same text layer not OCR'd reads them, said."""
    from dataclasses import replace

    from rekon.extract.families import recognise_pages
    from rekon.extract.side_by_side import read_document
    from tests.test_quarter_pairs import FORM, _pages

    def read(scanned: bool):
        page = _pages()[0]
        chars = list(page.chars)
        for printed in ("535.761.590", "2.943.002.500"):
            text = "".join(c.text for c in chars)
            start = text.index(printed)
            for index in range(start, start + len(printed)):
                if chars[index].text == ".":
                    chars[index] = chars[index]._replace(text=",")
        if scanned:
            chars = [c._replace(confidence=95.0) for c in chars]
        page = replace(page, chars=tuple(chars), extra={"ocr": True} if scanned else {})
        return read_document([page], recognise_pages([page]), FORM)

    plain = read(False)
    first = next(r for r in plain.rows if r["realisasi_pagu"] == "534607581")["row_id"].removesuffix(":q1")  # its TW I
    def row(document, quarter):
        return next(r for r in document.rows if r["row_id"] == f"{first}:q{quarter}")
    assert row(plain, 2)["realisasi_pagu"] == "535761590" and row(plain, 4)["target_pagu"] == "2943002500"
    assert len([p for p in plain.problems if p[0] == "other_convention"]) == 2
    scanned = read(True)
    assert row(scanned, 2)["realisasi_pagu"] == "" and row(scanned, 1)["realisasi_pagu"] == row(plain, 1)["realisasi_pagu"] != ""
    assert [row(scanned, q)["target_pagu"] for q in (1, 2, 3, 4)] == [""] * 4
    assert all("target_pagu=2,943,002,500" in row(scanned, q)["low_confidence"] for q in (1, 2, 3, 4))
    assert not [p for p in scanned.problems if p[0] == "other_convention"]
    assert len([p for p in scanned.problems if p[0] == "low_confidence"]) == 2


def test_ocr_debris_in_a_name_is_dropped_and_a_glued_dan_parted():
    from rekon.extract.nomenclature import vocabulary
    from rekon.extract.ocr.debris import without_debris

    words = vocabulary()
    assert without_debris("Koordinasidan — Penyusunan Laporan", words) == "Koordinasi dan Penyusunan Laporan"
    assert without_debris("PERORANGANDAN UPAYA KESEHATAN MASYARAKAT _", words) == "PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT"
    assert without_debris("untuk UKM dan — UKP | ~~", words) == "untuk UKM dan UKP"
    # Words that end in `dan` of their own, a short head, a hyphen, and words rekon does not know stay as printed.
    assert without_debris("Badan Sempadan Teladan Medan Pelayanan-Kesehatan Sub - Kegiatan Xyzdan", words) == \
        "Badan Sempadan Teladan Medan Pelayanan-Kesehatan Sub - Kegiatan Xyzdan"


def test_crops_read_again_go_on_sheets_tesseract_can_take():
    """A Writer page of hundreds of cells at 300 dpi made one sheet of crops 40,694 px tall: Tesseract refused it and
    the file was reported corrupt. The crops go on several sheets, each under Tesseract's 32,767 px, in order."""
    from rekon.extract.ocr.cells import MAX_SHEET_PX, SHEET_GAP_PX, sheets

    crops = [(0, i, np.full((90 + i % 7, 400), 255, np.uint8)) for i in range(500)]
    runs = sheets(crops, scale=1.5)
    assert [c for run in runs for c in run] == crops and len(runs) >= 3
    assert all(SHEET_GAP_PX + sum(c[2].shape[0] * 1.5 + SHEET_GAP_PX for c in run) <= MAX_SHEET_PX < 32767 for run in runs)
