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
