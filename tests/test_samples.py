"""The sample PDFs are the real reports: their text is the seed's, and the ground truth is on their pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.grid import build_grid
from rekon.extract.table import texts_by_cell
from samples.build import CITY, OPD, YEAR, Sample
from samples.fidelity import compare, explain, tokens
from samples.layouts import layout_for, titles, variant_of
from samples.seed import seed_text
from samples.source import PRINTED_COLUMNS, CONTINUES_ABOVE, read_source
from samples.truth import check_budget_merges, truth_rows
from samples.workbook import indonesian_number

QUARTERS = [1, 2, 3, 4]
SAMPLES = [Sample(q, variant) for variant in (False, True) for q in QUARTERS]


def _layout(sample: Sample):
    layout = layout_for(sample.quarter, titles(sample.quarter, YEAR, OPD, CITY))
    return variant_of(layout) if sample.variant else layout


def _pdf_text(pdf: Path) -> tuple[str, int]:
    """Every printed glyph, cell by cell and outside the grid, as the extractor's backend sees them."""
    texts, pages = [], 0
    with PdfiumDocument(pdf) as document:
        for page in document.pages():
            pages += 1
            by_cell, outside = texts_by_cell(page, build_grid(list(page.segments)))
            texts += list(by_cell.values()) + outside
    return "\n".join(texts), pages


def _source_text(sample: Sample) -> str:
    source = read_source(sample.source)
    numeric = {"target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu"}
    cells = []
    for column in PRINTED_COLUMNS:
        for value in source[column]:
            if value in ("", CONTINUES_ABOVE):
                continue
            cells.append(indonesian_number(value) if sample.variant and column in numeric else value)
    return "\n".join(cells)


@pytest.mark.parametrize("quarter", QUARTERS)
def test_source_is_well_formed(quarter):
    source = read_source(Path(f"data/source/tw{quarter}.csv"))
    assert check_budget_merges(source) == []
    ids = source["indicator_id"]
    assert (ids != "").all(), "every row needs its stable indicator id"
    assert not ids.duplicated().any(), f"an indicator id is used twice: {sorted(ids[ids.duplicated()])}"
    assert source["level"].iloc[-1] == "total" and (source["level"] == "total").sum() == 1


def test_indicator_ids_line_up_across_quarters():
    by_quarter = {q: truth_rows(read_source(Path(f"data/source/tw{q}.csv"))) for q in QUARTERS}
    everywhere = set.intersection(*(set(frame["indicator_id"]) for frame in by_quarter.values()))
    # The four reports are the same plan: most indicators are in all of them, at the same level.
    assert len(everywhere) >= 0.9 * min(len(frame) for frame in by_quarter.values())
    for indicator in everywhere:
        levels = {q: frame.loc[frame["indicator_id"] == indicator, "level"].iloc[0] for q, frame in by_quarter.items()}
        assert len(set(levels.values())) == 1, f"{indicator} changes level: {levels}"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.stem)
def test_rendered_pdf_prints_exactly_the_source_cells_headers_and_titles(sample):
    """Strict: the PDF's printed words are the source's cells, the header once per page and the titles once."""
    printed, pages = _pdf_text(sample.pdf)
    layout = _layout(sample)
    expected = tokens(_source_text(sample)) + tokens("\n".join(layout.titles))
    header = tokens("\n".join(cell.text for cell in layout.header))
    for _ in range(pages):
        expected += header
    got = tokens(printed)
    assert got - expected == Counter() and expected - got == Counter(), (
        f"printed but not in the source: {dict(got - expected)}; in the source but not printed: {dict(expected - got)}"
    )


@pytest.mark.parametrize("quarter", QUARTERS)
def test_source_holds_every_word_and_number_of_the_seed(quarter):
    """Fidelity: the seed's tokens equal the source's, up to tokens glued or cut in the seed and page furniture."""
    source_text = _source_text(Sample(quarter, False))
    diff = compare(seed_text(quarter), source_text)
    furniture = set()
    for q in QUARTERS:
        layout = layout_for(q, titles(q, YEAR, OPD, CITY))
        furniture |= set(tokens("\n".join([c.text for c in layout.header] + list(layout.titles))))
    # Header words as the real reports spelled them, broken or glued in their narrow cells.
    furniture |= {"Formula", "Pengukuran", "PengukuranSatuan", "KetNo", "Ket", "Keterangan", "Anggaran", "(Rp)", "(%)", "Triwulan"}
    explained = explain(diff, furniture)
    assert diff.dash_difference == 0
    assert explained.complete, (
        f"unexplained: only in seed {dict(explained.unexplained_reference)}, "
        f"only in source {dict(explained.unexplained_candidate)}; glued: {explained.glued}"
    )
    # Glued tokens are a handful per report, not a way to hide differences.
    assert len(explained.glued) <= 6


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.stem)
def test_sample_pdfs_are_landscape_and_long_enough_for_merged_cells_to_cross_pages(sample):
    """Merged cells must cross page breaks as in the originals, so each sample runs over several pages."""
    document = pdfium.PdfDocument(str(sample.pdf))
    try:
        width, height = document[0].get_size()
        assert width > height, "landscape"
        assert len(document) >= 3, "long enough for merged cells to cross page breaks"
    finally:
        document.close()


def test_rendering_again_gives_the_same_text_layer(tmp_path):
    """`make samples` is reproducible: a fresh render of a quarter prints what the committed PDF prints."""
    from tests.capabilities import require

    require("libreoffice")  # without it the committed PDFs are used as they are
    from samples.build import build

    sample = Sample(3, False)
    fresh = build([sample], tmp_path, out_dir=tmp_path / "pdf")[0]
    assert _pdf_text(fresh) == _pdf_text(sample.pdf)
