"""The grid chain on hand-made rulings: merged cells are fine cells without borders between them."""

from rekon.extract.geometry import Char, Segment, segments_of_rect
from rekon.extract.grid import build_grid, snap_positions
from rekon.extract.text import cell_text, join_lines, unwrap, whole_words


def H(y, x0, x1):
    return Segment(True, y, x0, x1)


def V(x, y0, y1):
    return Segment(False, x, y0, y1)


def test_snap_positions_clusters_near_lines():
    assert snap_positions([10.0, 10.4, 30.0, 30.9, 31.2]) == [10.2, (30.0 + 30.9 + 31.2) / 3]


def test_two_by_two_grid_without_merges():
    grid = build_grid([H(0, 0, 20), H(10, 0, 20), H(20, 0, 20), V(0, 0, 20), V(10, 0, 20), V(20, 0, 20)])
    assert (grid.rows, grid.cols, len(grid.cells)) == (2, 2, 4)


def test_missing_inner_border_merges_cells_vertically():
    # The left column has no border between its two rows: one merged cell.
    grid = build_grid([H(0, 0, 20), H(10, 10, 20), H(20, 0, 20), V(0, 0, 20), V(10, 0, 20), V(20, 0, 20)])
    left = grid.locate(5, 5)
    assert left is grid.locate(5, 15)
    assert (left.row0, left.row1) == (0, 1)
    assert grid.locate(15, 5) is not grid.locate(15, 15)


def test_cell_cut_at_the_foot_of_the_page_is_open():
    grid = build_grid([H(0, 0, 20), H(10, 0, 20), H(20, 10, 20), V(0, 0, 20), V(10, 0, 20), V(20, 0, 20)])
    assert grid.locate(5, 15).open_bottom
    assert not grid.locate(15, 15).open_bottom


def test_borders_drawn_as_thin_filled_rectangles_are_segments():
    assert segments_of_rect(0, 9.8, 20, 10.2) == [Segment(True, 10.0, 0, 20)]
    assert len(segments_of_rect(0, 0, 20, 10)) == 4


def _word(text, x, top, size=6.0):
    width = size * 0.5
    return [Char(ch, x + i * width, x + (i + 1) * width, top, top + size) for i, ch in enumerate(text)]


def test_text_is_read_by_position_not_text_order():
    chars = _word("kedua", 0, 10) + _word("pertama", 0, 0) + _word("baris", 25, 0)
    assert cell_text(reversed(chars)) == "pertama baris\nkedua"
    assert unwrap(cell_text(reversed(chars))) == "pertama baris kedua"


def test_wrapped_hyphenated_word_and_wrapped_fraction_bar_are_joined():
    assert join_lines(["Dokumen RKA-", "SKPD"]) == "Dokumen RKA-SKPD"
    assert join_lines(["-----------", "-----x100"]) == "----------------x100"
    assert join_lines(["Jumlah dokumen", "-----x100", "Target"]) == "Jumlah dokumen -----x100 Target"


def test_word_cut_by_a_narrow_column_is_joined_only_when_the_document_spells_it_whole():
    vocabulary = whole_words(["PROGRAM PENGARUSUTAMAAN GENDER", "URUSAN PEMERINTAHAN DAERAH KOTA"])
    assert join_lines(["PROGRAM PENGARUSUTAM", "AAN GENDER"], vocabulary) == "PROGRAM PENGARUSUTAMAAN GENDER"
    assert join_lines(["URUSAN PEMERINTAHAN", "DAERAH"], vocabulary) == "URUSAN PEMERINTAHAN DAERAH"
    assert join_lines(["PROGRAM PENGARUSUTAM", "AAN GENDER"]) == "PROGRAM PENGARUSUTAM AAN GENDER"
