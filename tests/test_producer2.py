"""The second producer's PDFs (data/producer2/) print exactly their sources, with the grid closed at every page break."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.grid import build_grid
from samples.fidelity import TokenDiff, explain, tokens
from samples.producer2 import STYLES, render
from samples.producer2.build import Producer2Sample, all_samples
from samples.producer2.paginate import Span, paginate
from samples.producer2.printed import printed_cells
from samples.producer2.render import CITY, OPD, YEAR, title_lines
from samples.producer2.styles import FONT, layout_for
from samples.producer2.wrap import word_lines
from samples.source import CONTINUES_ABOVE, PRINTED_COLUMNS, read_source
from samples.truth import one_line
from samples.workbook import indonesian_number

SAMPLES = all_samples()
NUMERIC = {"target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu"}


def _text_layer(pdf: Path) -> tuple[list[str], int]:
    """Each page's text as the PDF stores it (content order, its own spaces): no extractor involved."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts, len(texts)
    finally:
        document.close()


def _source_cells(sample: Producer2Sample) -> str:
    """Every printed cell of the source, numbers in Indonesian format."""
    source = read_source(sample.source)
    cells = []
    for column in PRINTED_COLUMNS:
        for value in source[column]:
            if value not in ("", CONTINUES_ABOVE):
                cells.append(indonesian_number(value) if column in NUMERIC else value)
    return "\n".join(cells)


def _only_cut_words(expected: Counter, printed: Counter) -> tuple[list, Counter, Counter]:
    """Differences explained as source words printed in pieces; (cuts, unexplained source, unexplained printed)."""
    diff = TokenDiff(expected - printed, printed - expected, 0)
    explained = explain(diff, set())
    glued_in_print = [(whole, pieces) for whole, pieces in explained.glued if whole not in diff.only_in_reference]
    assert not glued_in_print, f"words printed glued together: {glued_in_print}"
    return explained.glued, explained.unexplained_reference, explained.unexplained_candidate


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.stem)
def test_pdf_prints_exactly_the_source_cells_headers_and_titles(sample):
    """Every word and number of the source once, the header once per page, the titles once; words may only be cut."""
    texts, pages = _text_layer(sample.pdf)
    layout = layout_for(sample.quarter, sample.style)
    expected = tokens(_source_cells(sample)) + tokens("\n".join(title_lines(sample.quarter, YEAR, OPD, CITY)))
    header = tokens("\n".join(cell.text for cell in layout.header))
    for _ in range(pages):
        expected += header
    cuts, missing, extra = _only_cut_words(expected, tokens("\n".join(texts)))
    assert not missing and not extra, f"in the source but not printed: {dict(missing)}; printed but not in the source: {dict(extra)}"
    assert all(len(whole) >= 4 for whole, _ in cuts), cuts


def _page_cells(pdf: Path):
    """Per page: the grid (rekon's geometry backend) and each cell's text with the PDF's own spaces."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        with PdfiumDocument(pdf) as geometry:
            for page, page_geometry in zip(document, geometry.pages()):
                grid = build_grid(list(page_geometry.segments))
                textpage = page.get_textpage()
                height = page_geometry.height
                texts = {
                    cell.id: textpage.get_text_bounded(cell.x0 + 0.5, height - cell.bottom + 0.5, cell.x1 - 0.5, height - cell.top - 0.5)
                    for cell in grid.cells
                }
                textpage.close()
                page.close()
                yield grid, texts
    finally:
        document.close()


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda s: s.stem)
def pages(request):
    sample = request.param
    return sample, list(_page_cells(sample.pdf))


def test_every_page_is_a_closed_grid_with_one_column_per_field(pages):
    sample, read = pages
    layout = layout_for(sample.quarter, sample.style)
    for number, (grid, _) in enumerate(read, start=1):
        assert grid.cols == len(layout.columns), f"page {number}: {grid.cols} columns"
        open_cells = [c for c in grid.cells if c.open_top or c.open_bottom]
        assert not open_cells, f"page {number}: cells without a top or bottom border: {open_cells[:3]}"


def test_cells_sit_in_their_columns(pages):
    """Column by column over all pages, the body prints that field's source cells (the closing label in the first column)."""
    sample, read = pages
    layout = layout_for(sample.quarter, sample.style)
    numeric = {c.field for c in layout.columns if c.numeric}
    printed = printed_cells(read_source(sample.source), layout.fields, numeric)
    for col, field in enumerate(layout.fields):
        cells = [v for v, level in zip(printed[field], printed["level"]) if v not in ("", CONTINUES_ABOVE) and (level != "total" or field in numeric)]
        if col == 0:
            cells += [label for label in printed["label"] if label]
        got = Counter()
        for grid, texts in read:
            got += tokens("\n".join(texts[c.id] for c in grid.cells if c.col0 == col and c.row0 >= layout.header_rows))
        _, missing, extra = _only_cut_words(tokens("\n".join(cells)), got)
        assert not missing and not extra, f"column {field}: missing {dict(missing)}, extra {dict(extra)}"


def test_a_merged_cell_cut_by_a_page_break_is_empty_on_the_next_page(pages):
    """The first body row of each later page: continued merged cells are empty, the others print the source row."""
    sample, read = pages
    layout = layout_for(sample.quarter, sample.style)
    numeric = {c.field for c in layout.columns if c.numeric}
    printed = printed_cells(read_source(sample.source), layout.fields, numeric)
    indikator_col = layout.fields.index("indikator")
    position, continued = 0, 0
    for number, (grid, texts) in enumerate(read[1:], start=2):
        first_row = {c.col0: texts[c.id] for c in grid.cells if c.row0 == layout.header_rows}
        indikator = "".join(first_row.get(indikator_col, "").split())
        matches = [i for i in range(position + 1, len(printed)) if "".join(printed.at[i, "indikator"].split()) == indikator]
        assert matches, f"page {number}: first row {indikator!r} is no later source row"
        position = matches[0]
        for col, field in enumerate(layout.fields):
            want = printed.at[position, field]
            got = "".join(first_row.get(col, "").split())
            if want == CONTINUES_ABOVE:
                continued += 1
                assert got == "", f"page {number}, {field}: a continued merged cell prints {got!r}"
            elif printed.at[position, "level"] != "total":
                assert got == "".join(want.split()), f"page {number}, {field}"
    assert continued >= len(read) - 1, "page breaks fall inside merged cells (tujuan at least), as in real reports"


def test_rendering_again_gives_the_same_text_layer_and_bytes(tmp_path):
    sample = Producer2Sample(4, "separate_columns")
    first = render(read_source(sample.source), sample.quarter, tmp_path / "a.pdf", style=sample.style)
    second = render(read_source(sample.source), sample.quarter, tmp_path / "b.pdf", style=sample.style)
    assert first.read_bytes() == second.read_bytes(), "invariant mode: the same bytes on every run"
    assert _text_layer(first) == _text_layer(sample.pdf), "the committed PDF is what `make samples2` renders"


def test_every_style_and_quarter_is_committed():
    assert {(s.quarter, s.style) for s in SAMPLES} == {(q, style) for q in (1, 2, 3, 4) for style in STYLES}
    for sample in SAMPLES:
        document = pdfium.PdfDocument(str(sample.pdf))
        try:
            width, height = document[0].get_size()
            assert width > height and len(document) >= 3, "landscape, and long enough for breaks inside merged cells"
        finally:
            document.close()


def test_an_unknown_style_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown style 'word'"):
        render(read_source(Path("data/source/tw1.csv")), 1, tmp_path / "x.pdf", style="word")


@pytest.mark.parametrize(
    "text, width, expected",
    [
        # A word wider than the cell is cut where it overflows, without a hyphen, as Word does.
        ("PROGRAM PENUNJANG URUSAN", 36, ["PROGRAM", "PENUNJAN", "G URUSAN"]),
        # A word that fits a line of its own moves down whole; explicit newlines stay.
        ("Jumlah dokumen\n----x100\nTarget", 60, ["Jumlah dokumen", "----x100", "Target"]),
        ("Dokumen perencanaan", 40, ["Dokumen", "perencanaan"]),
    ],
)
def test_word_lines_break_like_word(text, width, expected):
    lines = word_lines(text, width, FONT, 6.5)
    assert lines == expected
    assert all(stringWidth(line, FONT, 6.5) <= width for line in lines)


def test_a_span_cut_by_a_page_break_grows_its_first_part_and_leaves_the_rest_empty():
    base = [10.0] * 6
    tall = Span(first=1, last=5, needed=35.0)  # its text needs 35 pt
    pages = paginate(base, [tall], first_page=45.0, other_pages=45.0)
    assert [(p.first, p.last) for p in pages] == [(0, 3), (4, 5)]
    assert pages[0].heights == (10.0, 10.0, 10.0, 15.0)  # its part on page 1 (rows 1-3) grows to hold the whole text
    assert pages[1].heights == (10.0, 10.0)  # the continuation needs nothing


def test_one_row_taller_than_a_page_is_an_error():
    from samples.producer2.paginate import RowTooTall

    with pytest.raises(RowTooTall, match="row 2"):
        paginate([10.0, 50.0], [], first_page=40.0, other_pages=40.0)


def test_separate_columns_merge_each_item_over_the_items_below_it():
    source = read_source(Path("data/source/tw1.csv"))
    printed = printed_cells(source, ["program", "kegiatan", "sub_kegiatan"], set())
    first_program = source.index[source["level"] == "program"][0]
    assert printed.at[first_program, "program"] == source.at[first_program, "item"]
    below = printed.loc[first_program + 1 :, "program"]
    assert below.iloc[0] == CONTINUES_ABOVE
    # A kegiatan's cell covers its sub kegiatan rows, never the next kegiatan.
    for index in source.index[source["level"] == "sub_kegiatan"]:
        assert printed.at[index, "kegiatan"] == CONTINUES_ABOVE
        assert one_line(printed.at[index, "sub_kegiatan"]) in (CONTINUES_ABOVE, one_line(source.at[index, "item"]))


def test_a_value_too_wide_for_the_page_is_an_error_naming_the_file(tmp_path):
    source = read_source(Path("data/source/tw1.csv"))
    source.loc[0, "target_pagu"] = "9" * 400
    with pytest.raises(ValueError, match=r"wide\.pdf: the columns need \d+ pt more than the page width"):
        render(source, 1, tmp_path / "wide.pdf")


def _header_paths(sample: Producer2Sample) -> list[str]:
    """Each column's header path on page 1 as printed (group > leaf), read off the PDF's grid."""
    grid, texts = next(_page_cells(sample.pdf))
    rows = layout_for(sample.quarter, sample.style).header_rows
    paths = []
    for col in range(grid.cols):
        parts = []
        for row in range(2):
            cell = grid.cells[grid.cell_at[row][col]]
            text = " ".join(texts[cell.id].split())
            if cell.row0 == row and text:
                parts.append(text)
        paths.append(" > ".join(parts))
    assert rows >= 2
    return paths


@pytest.mark.parametrize("style", STYLES)
def test_year_end_header_is_grouped_by_kind(style):
    paths = _header_paths(Producer2Sample(4, style))
    assert [p for p in paths if p.startswith(("Kinerja >", "Anggaran >"))] == [
        "Kinerja > Target",
        "Kinerja > Realisasi",
        "Kinerja > Capaian (%)",
        "Anggaran > Pagu Anggaran (Rp)",
        "Anggaran > Realisasi (Rp)",
        "Anggaran > Capaian (%)",
    ]


def test_separate_columns_print_program_kegiatan_and_sub_kegiatan_apart():
    for quarter in (1, 4):
        paths = _header_paths(Producer2Sample(quarter, "separate_columns"))
        start = paths.index("Program")
        assert paths[start : start + 3] == ["Program", "Kegiatan", "Sub Kegiatan"]
    assert "Program/ Kegiatan/ Sub Kegiatan" in _header_paths(Producer2Sample(1, "closed"))


def test_the_truth_of_a_producer2_pdf_is_its_source():
    sample = Producer2Sample(2, "closed")
    truth = sample.truth()
    assert len(truth) == len(read_source(Path("data/source/tw2.csv")))
    assert truth["program"].str.startswith("PROGRAM").sum() == (truth["level"].isin(["program", "kegiatan", "sub_kegiatan"])).sum()
