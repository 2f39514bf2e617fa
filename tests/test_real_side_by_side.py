"""The side-by-side family (Realisasi Kinerja Pada Triwulan I - IV) against hand-checked truths.

tests/real_truth/<stem>.csv holds every printed row of a real report, read off
the page images: page, name, indikator, then K and Rp of each quarter as printed.
The PDFs live outside the project (../shared/real/); without them these tests skip.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from rekon.extract.backends import open_document
from rekon.extract.families import recognise_pages
from rekon.extract.numbers import Convention, parse_cell
from rekon.extract.pipeline import extract_file
from tests.capabilities import requires

REAL = Path(__file__).resolve().parents[2] / "shared" / "real" / "tangsel-2023"
TRUTH = Path(__file__).resolve().parent / "real_truth"
TRUTH_FILES = sorted(TRUTH.glob("*.csv"))

needs_real = requires("real-reports")


def _value(text: str) -> str:
    parsed = parse_cell(text, Convention.DOT_THOUSANDS)
    return parsed.plain if parsed.value is not None else ""


def _words(text: str) -> str:
    return " ".join(text.split())


def differing_cells(stem: str) -> tuple[list[str], int]:
    """Every cell where extraction differs from the truth, and the number of cells compared."""
    truth = list(csv.DictReader((TRUTH / f"{stem}.csv").open(encoding="utf-8")))
    result = extract_file(REAL / f"{stem}.pdf")
    assert result.ok, result.error
    by_quarter: dict[int, list[dict]] = {}
    for row in result.rows:
        by_quarter.setdefault(int(row["quarter"]), []).append(row)
    quarters = sorted(by_quarter)
    differences, compared = [], 0
    first = by_quarter[quarters[0]]
    if len(first) != len(truth):
        differences.append(f"rows: extracted {len(first)}, truth {len(truth)}")
    for index, expected in enumerate(truth):
        if index >= len(first):
            break
        got = first[index]
        name = got["sub_kegiatan"] or got["kegiatan"] or got["program"] if got["level"] not in ("total", "sasaran") else ""
        checks = [("page", expected["page"], str(got["page"]))]
        checks.append(("indikator", _words(expected["indikator"]), _words(got["indikator"])))
        if expected["name"] and got["level"] not in ("total", "sasaran"):
            checks.append(("name", _words(expected["name"]), _words(name)))
        for quarter in (1, 2, 3, 4):
            row = by_quarter[quarter][index] if quarter in by_quarter else None
            for column, field in (("k", "realisasi_kinerja"), ("rp", "realisasi_pagu")):
                printed = expected[f"{column}_q{quarter}"]
                want = _value(printed) if printed.strip() not in ("#REF!",) else ""
                have = row[field] if row else ""
                checks.append((f"{column}_q{quarter}", want, have))
        for label, want, have in checks:
            compared += 1
            if want != have:
                differences.append(f"row {index + 1} (p{expected['page']} {expected['indikator'][:40]!r}) {label}: truth {want!r}, extracted {have!r}")
    return differences, compared


@needs_real
@pytest.mark.parametrize("truth_file", TRUTH_FILES, ids=[p.stem for p in TRUTH_FILES])
def test_every_cell_matches_the_hand_checked_truth(truth_file):
    differences, compared = differing_cells(truth_file.stem)
    assert not differences, f"{len(differences)} of {compared} cells differ:\n" + "\n".join(differences)


@needs_real
def test_all_eight_real_reports_are_read_with_one_row_per_indicator_and_quarter():
    for path in sorted(REAL.glob("*.pdf")):
        result = extract_file(path)
        assert result.ok, (path.name, result.error)
        ids = [row["row_id"] for row in result.rows]
        assert len(ids) == len(set(ids)), path.name
        assert {row["quarter"] for row in result.rows} == {1, 2}, path.name  # TW III and IV are blank in 2023
        assert all(row["year"] == 2023 for row in result.rows)
        assert {row["level"] for row in result.rows} <= {"sasaran", "program", "kegiatan", "sub_kegiatan", "total"}
        assert any(p["problem"] == "empty_quarter" for p in result.problems)


@needs_real
def test_the_family_is_recognised_by_its_header_shape_not_by_the_excel_header():
    with open_document(REAL / "kb.pdf", "pdfium", "never") as document:
        assert recognise_pages(document.pages()).name == "renja_evaluation"
    with open_document(Path("data/samples/dp3akb-serang-2022-tw4.pdf"), "pdfium", "never") as document:
        assert recognise_pages(document.pages()) is None


from rekon.extract.block_rows import Line, block_starts, row_tops  # noqa: E402
from rekon.extract.structure import ItemInfo, classify_items  # noqa: E402


def _lines(*tops: float, size: float = 9.4) -> list[Line]:
    return [Line(f"l{t}", t, t + size, size) for t in tops]


def test_a_gap_wider_than_the_line_spacing_or_a_border_starts_a_block():
    lines = _lines(74.2, 85.6, 96.9, 120.8, 132.2)  # paragraph pitch ~11.4; 96.9 -> 120.8 is a new row
    assert [l.top for l in block_starts(lines, [])] == [74.2, 120.8]
    assert [l.top for l in block_starts(lines, [95.5])] == [74.2, 96.9, 120.8]


def test_starts_in_different_columns_within_a_line_are_one_row():
    # The name column starts at 257 (no gap, no border), the indicator column at 261.
    assert row_tops(_lines(232.0, 261.0) + _lines(232.5, 257.0)) == [232.0, 257.0]


def test_a_kegiatan_is_the_item_whose_amounts_its_followers_add_up_to_in_every_quarter():
    D = Decimal
    amounts = [[D(0), D(0)], [D(0), D(0)], [D(216), D(1319)], [D(216), D(324)], [D(0), D(0)], [D(0), D(995)]]
    styles = [True, False, True, False, False, False]
    # Names the nomenclature does not know: position, sums and style decide, and say so.
    items = [ItemInfo(f"Pekerjaan lokal nomor {i}", a, s) for i, (a, s) in enumerate(zip(amounts, styles))]
    decisions = classify_items(items)
    assert [d.level for d in decisions] == ["kegiatan", "sub_kegiatan", "kegiatan", "sub_kegiatan", "sub_kegiatan", "sub_kegiatan"]
    assert [d.source for d in decisions] == ["position", "style", "sums", "sums", "sums", "sums"]
