"""A pen's stroke read by OCR as text beside a number, reaching over the row border above it: the number stays in
its own row (a signature over the BPBD form's quarter II moved row 8's values into row 7's cells, and row 8 was left
empty without a word). A handmade page of the side-by-side family through the rows reader."""

from __future__ import annotations

from rekon.extract.block_rows import page_rows
from rekon.extract.border_header import NAME, Column, Layout
from rekon.extract.families import builtin
from rekon.extract.geometry import Char, PageGeometry, Segment

FAMILY = next(f for f in builtin() if f.quarters_in_columns)
COLUMNS = [Column(NAME, None, 0, 100), Column("indikator", None, 100, 200), Column("realisasi_kinerja", 2, 200, 240),
           Column("realisasi_pagu", 2, 240, 320)]


def _word(text: str, x0: float, top: float, bottom: float | None = None) -> list[Char]:
    bottom = top + 9 if bottom is None else bottom
    return [Char(c, x0 + 5 * i, x0 + 5 * i + 4.5, top, bottom, confidence=90.0) for i, c in enumerate(text) if c != " "]


def _page(stroke: bool = False, lost_in: tuple[float, float] | None = None, reaching: bool = False) -> PageGeometry:
    """Four rows, the second an indicator of the first's item; a signature's stroke over the border at y=100, or that
    border lost over one column (x0, x1), or the second indicator's box reaching over it (`reaching`)."""
    chars = []
    for top, name, indicator, done, spent in ((52, "Kegiatan A", "Jumlah dokumen", "1", "11.405.000"),
                                              (102, "", "Jumlah laporan", "0", "5.400.000"),
                                              (152, "Kegiatan C", "Jumlah rapat", "2", "7.100.000"),
                                              (202, "Kegiatan D", "Jumlah kajian", "3", "9.950.000")):
        chars += _word(name, 4, top) + _word(done, 224, top) + _word(spent, 264, top)
        chars += _word(indicator, 104, 95 if reaching and top == 102 else top, top + 9)  # stamp ink joined to the word
    if stroke:  # the loops of a signature, read as `a ©` and `: A`, over the border at y=100 in both value columns
        chars += _word("a ©", 210, 86, 104) + _word(": A", 250, 88, 106)
    rulings = [Segment(True, y, 0, 320) for y in (40, 50, 150, 200, 250)]
    if lost_in is None:
        rulings.append(Segment(True, 100, 0, 320))
    else:
        rulings += [Segment(True, 100, 0, lost_in[0]), Segment(True, 100, lost_in[1], 320)]
    rulings += [Segment(False, x, 40, 250) for x in (0, 100, 200, 240, 320)]
    return PageGeometry(1, 400, 300, tuple(chars), tuple(rulings))


def test_a_stroke_over_a_row_border_leaves_the_number_under_it_in_its_row():
    layout = Layout(COLUMNS, 50.0)
    plain, _ = page_rows(_page(), layout, FAMILY)
    assert [r.texts.get("realisasi_kinerja:q2") for r in plain] == [["1"], ["0"], ["2"], ["3"]]
    signed, _ = page_rows(_page(stroke=True), layout, FAMILY)
    assert [r.text("realisasi_kinerja:q2") for r in signed] == ["1\na ©", "0", "2", "3"]  # the junk stays above: unreadable, said
    assert [r.text("realisasi_pagu:q2") for r in signed] == ["11.405.000\n: A", "5.400.000", "7.100.000", "9.950.000"]


def test_a_row_border_lost_over_one_value_column_is_the_tables():
    """The border at y=100 drawn across every column but the quarter's K (a stamp took it out, the copy lost it)."""
    rows, _ = page_rows(_page(lost_in=(200, 240)), Layout(COLUMNS, 50.0), FAMILY)
    assert [r.text("realisasi_kinerja:q2") for r in rows] == ["1", "0", "2", "3"]


def test_an_indicator_whose_box_reaches_over_the_row_border_still_begins_its_row():
    """A scan's word box stretched over the border above it (a black stamp's ink joined to it): its row is there."""
    rows, _ = page_rows(_page(reaching=True), Layout(COLUMNS, 50.0), FAMILY)
    assert [r.text("indikator") for r in rows] == ["Jumlah dokumen", "Jumlah laporan", "Jumlah rapat", "Jumlah kajian"]
    assert [r.text("realisasi_pagu:q2") for r in rows] == ["11.405.000", "5.400.000", "7.100.000", "9.950.000"]
