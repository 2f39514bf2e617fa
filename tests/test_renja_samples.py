"""The full Renja evaluation form samples (data/renja_full/): their truth is the generator's, it obeys the
form's formulas, and every number of the truth is printed whole in the PDF."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pypdfium2
import pytest

from samples.renja_full.body import TRUTH_COLUMNS, build_sheet
from samples.renja_full.form import PAIR_FIELDS
from samples.renja_full.variants import VARIANTS

DATA = Path(__file__).resolve().parents[1] / "data" / "renja_full"
VALUE_FIELDS = [f for pair in PAIR_FIELDS.values() for f in pair]


def truth_of(stem: str) -> list[dict]:
    with (DATA / f"{stem}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> Decimal | None:
    text = text.strip().rstrip("%")
    if text in ("", "-", "^"):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.stem for v in VARIANTS])
def test_the_committed_truth_is_what_the_generator_makes(variant):
    sheet = build_sheet(variant)
    assert truth_of(variant.stem) == [{c: row[c] for c in TRUTH_COLUMNS} for row in sheet.truth]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.stem for v in VARIANTS])
def test_the_truth_obeys_the_forms_formulas(variant):
    rows = truth_of(variant.stem)
    by_group: dict[str, list[dict]] = {}
    checked = Counter()
    for row in rows:
        by_group.setdefault(row["budget_group"], []).append(row)
        quarters = [number(row[f"realisasi_pagu_q{q}"]) for q in range(1, 5)]
        year, last, to_date = (number(row[f]) for f in ("realisasi_tahun_pagu", "realisasi_renstra_lalu_pagu", "realisasi_renstra_pagu"))
        if year is not None:
            assert sum(q or 0 for q in quarters) == year, row["row"]
            checked["year"] += 1
        if year is not None and last is not None:
            assert last + year == to_date, row["row"]
            checked["renstra"] += 1
        target, printed = number(row["target_pagu"]), number(row["capaian_pagu"])
        spent = year if row["realisasi_tahun_pagu"] != "-" else Decimal(0)  # `-`: nothing spent
        if printed is not None and target and spent is not None:
            assert (spent / target * 100).quantize(Decimal("0.01"), ROUND_HALF_UP) == printed, row["row"]
            checked["capaian"] += 1
        if target is not None:
            assert all(q is None or q <= target for q in quarters), row["row"]
    # Parents' Rp are the sums of their children's (the first row of each item holds its Rp).
    firsts = [group[0] for group in by_group.values()]
    for parent_level, child_level, key in (("kegiatan", "sub_kegiatan", "kegiatan"), ("program", "kegiatan", "program")):
        for parent in (r for r in firsts if r["level"] == parent_level):
            children = [r for r in firsts if r["level"] == child_level and r[key] == parent[key]]
            for field in ("target_pagu", "realisasi_pagu_q1", "realisasi_pagu_q2"):
                if number(parent[field]) is not None:
                    assert number(parent[field]) == sum(number(c[field]) or 0 for c in children), (parent["row"], field)
                    checked["parent"] += 1
    assert checked["parent"] > 0 and (variant.quarters_filled < 4 or checked["year"] > 0)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.stem for v in VARIANTS])
def test_every_number_of_the_truth_is_printed_whole(variant):
    document = pypdfium2.PdfDocument(str(DATA / f"{variant.stem}.pdf"))
    try:
        words = Counter(w for page in document for w in page.get_textpage().get_text_range().split())
        pages = len(document)
    finally:
        document.close()
    wanted = Counter(row[f] for row in truth_of(variant.stem) for f in VALUE_FIELDS if row[f] not in ("", "-", "^"))
    missing = {text: n - words[text] for text, n in wanted.items() if words[text] < n}
    assert not missing, f"printed fewer times than the truth says (wrapped or clipped): {missing}"
    assert pages >= 2, "rows and merged cells must cross a page break"
