"""The page-at-once cell texts (numpy) are exactly the glyph-by-glyph reading: cell_text of each cell."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.geometry import BOXES_KEY, Char, PageGeometry, Segment, char_boxes, from_text_layer, glyph_texts
from rekon.extract.grid import Grid, build_grid
from rekon.extract.table import confidences_by_cell, texts_by_cell
from rekon.extract.text import cell_text, line_text, lines_of, page_line_texts

DATA = Path(__file__).resolve().parent.parent / "data"
# One file of each producer and layout: LibreOffice (plain and variant), reportlab (both styles).
PDFS = [
    DATA / "samples" / "dp3akb-serang-2022-tw4.pdf",
    DATA / "variant" / "dp3akb-serang-2022-tw1-id.pdf",
    DATA / "producer2" / "closed" / "dp3akb-serang-2022-tw2-closed.pdf",
    DATA / "producer2" / "separate_columns" / "dp3akb-serang-2022-tw3-separate-columns.pdf",
]


def one_glyph_at_a_time(page: PageGeometry, grid: Grid) -> tuple[dict[int, str], list[str]]:
    """The reference: each glyph located with Grid.locate, each cell read with cell_text."""
    inside: dict[int, list[Char]] = {}
    outside = []
    for char in page.chars:
        cell = grid.locate(char.x_center, char.y_center)
        if cell is None:
            outside.append(char)
        else:
            inside.setdefault(cell.id, []).append(char)
    return {cell: cell_text(chars) for cell, chars in inside.items()}, [line_text(line) for line in lines_of(outside)]


def test_every_page_of_both_producers_reads_as_glyph_by_glyph():
    pages = 0
    for pdf in PDFS:
        assert pdf.exists(), f"{pdf} is missing (make samples / make samples2)"
        with PdfiumDocument(pdf) as document:
            for page in document.pages():
                grid = build_grid(list(page.segments))
                texts, outside = texts_by_cell(page, grid)
                expected_texts, expected_outside = one_glyph_at_a_time(page, grid)
                assert list(texts.items()) == list(expected_texts.items()), f"{pdf.name} page {page.number}"
                assert outside == expected_outside, f"{pdf.name} page {page.number}"
                pages += 1
    assert pages >= 8


def test_backend_boxes_are_the_glyphs_boxes_and_never_outlive_them():
    with PdfiumDocument(PDFS[0]) as document:
        page = next(document.pages())
    made = page.extra[BOXES_KEY][1]
    from_glyphs = np.array([[c.x0, c.x1, c.top, c.bottom, c.baseline] for c in page.chars])
    assert made.shape == (len(page.chars), 5) and np.array_equal(made, from_glyphs)
    # A page rebuilt with other glyphs does not take the old page's array.
    fewer = replace(page, chars=page.chars[: len(page.chars) // 2])
    assert len(char_boxes(fewer)) == len(fewer.chars)
    assert np.array_equal(char_boxes(fewer), from_glyphs[: len(fewer.chars)])
    # The glyphs the backend made as arrays read, compare and pickle as the tuple of their Chars.
    as_tuple = tuple(page.chars)
    assert all(type(c) is Char for c in as_tuple) and page.chars == as_tuple and len(page.chars) == len(as_tuple)
    assert pickle.loads(pickle.dumps(page.chars)) == as_tuple and page.chars[3:5] == as_tuple[3:5]
    # Likewise the texts, and the mark that no glyph has an OCR confidence (whose lowest per cell is then not looked for).
    assert list(glyph_texts(page)) == [c.text for c in page.chars] and list(glyph_texts(fewer)) == [c.text for c in fewer.chars]
    assert from_text_layer(page) and all(c.confidence == -1.0 for c in page.chars)
    read_by_ocr = replace(page, chars=tuple(c._replace(confidence=40.0) for c in page.chars))
    assert not from_text_layer(read_by_ocr) and not from_text_layer(fewer)
    grid = build_grid(list(page.segments))
    assert confidences_by_cell(page, grid) == {} and set(confidences_by_cell(read_by_ocr, grid).values()) == {40.0}


# Coordinates on a coarse lattice, so that equal baselines, equal x0 and touching glyphs are common.
_coordinate = st.integers(0, 16).map(lambda v: v * 6.25)
_glyph = st.builds(
    lambda text, x, width, top, height, baseline: Char(text, x, x + width, top, top + height, baseline),
    st.sampled_from(["a", "B", "1", ".", "-", " "]),
    _coordinate,
    st.sampled_from([0.0, 1.0, 2.5, 3.0]),
    _coordinate,
    st.sampled_from([2.0, 6.0, 7.5, 10.0]),
    st.one_of(st.just(-1.0), _coordinate),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_glyph, max_size=60))
def test_random_glyphs_read_as_glyph_by_glyph(chars):
    # A 4 x 4 grid over the lattice, its middle two fine cells of the top row merged.
    lines = [0.0, 25.0, 50.0, 75.0, 100.0]
    segments = [s for v in lines for s in (_h(v), _v(v))]
    segments = [s for s in segments if not (not s.horizontal and s.position == 50.0)] + [_v_part(50.0, 25.0, 100.0)]
    grid = build_grid(segments)
    page = PageGeometry(1, 120.0, 120.0, tuple(chars), tuple(segments))
    texts, outside = texts_by_cell(page, grid)
    expected_texts, expected_outside = one_glyph_at_a_time(page, grid)
    assert list(texts.items()) == list(expected_texts.items())
    assert outside == expected_outside


def _h(y):
    return Segment(True, y, 0.0, 100.0)


def _v(x):
    return Segment(False, x, 0.0, 100.0)


def _v_part(x, y0, y1):
    return Segment(False, x, y0, y1)


def lines_one_glyph_at_a_time(chars) -> list[str]:
    return [line_text(line) for line in lines_of(chars)]


def test_page_lines_of_every_page_read_as_glyph_by_glyph():
    for pdf in (PDFS[0], PDFS[3]):  # one of each producer
        with PdfiumDocument(pdf) as document:
            for page in document.pages():
                assert list(glyph_texts(page)) == [c.text for c in page.chars]
                expected = lines_one_glyph_at_a_time(page.chars)
                assert page_line_texts(page.chars, char_boxes(page), texts=glyph_texts(page)) == expected, f"{pdf.name} page {page.number}"
                assert page_line_texts(page.chars, char_boxes(page)) == expected


def test_a_small_glyph_on_the_baseline_of_the_glyph_before_it_may_still_start_a_line():
    # `B` joins `A`'s line (its baseline 2 below, within a quarter of its height 10); `c`, on B's
    # very baseline but 1 high, lies more than a quarter of its height below the line's first baseline.
    chars = (Char("A", 0.0, 5.0, 0.0, 10.0, 10.0), Char("B", 5.0, 10.0, 2.0, 12.0, 12.0), Char("c", 10.0, 12.0, 11.0, 12.0, 12.0))
    page = PageGeometry(1, 50.0, 50.0, chars, ())
    assert lines_one_glyph_at_a_time(chars) == ["AB", "c"]
    assert page_line_texts(chars, char_boxes(page)) == ["AB", "c"]


# Baselines on a fine lattice and heights from 0.5 to 12: baselines within a quarter of a height
# join a line or not, glyphs share baselines with smaller ones.
_fine_glyph = st.builds(
    lambda text, x, width, top, height, baseline: Char(text, x, x + width, top, top + height, baseline),
    st.sampled_from(["a", "B", "1", ".", " "]),
    _coordinate,
    st.sampled_from([0.0, 1.0, 3.0]),
    st.integers(0, 40).map(lambda v: v * 0.5),
    st.sampled_from([0.5, 1.0, 4.0, 12.0]),
    st.one_of(st.just(-1.0), st.integers(0, 40).map(lambda v: v * 0.5)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_fine_glyph, max_size=40))
def test_random_page_lines_read_as_glyph_by_glyph(chars):
    page = PageGeometry(1, 120.0, 120.0, tuple(chars), ())
    assert page_line_texts(page.chars, char_boxes(page), texts=glyph_texts(page)) == lines_one_glyph_at_a_time(page.chars)
