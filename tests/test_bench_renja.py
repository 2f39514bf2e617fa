"""bench/renja.py, the end-to-end measure of the full Renja evaluation form, counts right: a perfect
reader's rows (the samples' truth as rows.csv records) score 100 %, and each cell or row read wrong
is counted once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.renja import score
from samples.renja_full.records import truth_records
from samples.renja_full.variants import VARIANTS

DATA = Path(__file__).resolve().parents[1] / "data" / "renja_full"


def perfect_rows(variant):
    with (DATA / f"{variant.stem}.csv").open(encoding="utf-8") as handle:
        return truth_records(list(csv.DictReader(handle)), variant, f"{variant.stem}.pdf")


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.stem for v in VARIANTS])
def test_a_perfect_reader_scores_every_cell_row_and_column(variant):
    result = score(variant, perfect_rows(variant))
    assert result.read and result.rows_read == result.printed_rows == result.structure_right
    assert result.cells_right == result.cells > 0, result.wrong[:5]
    assert result.columns_named == result.columns


def test_a_cell_and_a_level_read_wrong_are_each_counted_once():
    variant = VARIANTS[0]
    rows = perfect_rows(variant)
    first = rows.index[rows["quarter"] == "1"]
    rows.loc[first[5], "realisasi_pagu"] = "1"  # TW I Rp of the sixth row
    rows.loc[first[7], "level"] = "kegiatan" if rows.loc[first[7], "level"] != "kegiatan" else "program"
    result = score(variant, rows)
    assert result.cells - result.cells_right == 1 and result.printed_rows - result.structure_right == 1, result.wrong


def test_a_refused_file_scores_nothing():
    import pandas as pd

    result = score(VARIANTS[0], pd.DataFrame(), "no table")
    assert not result.read and result.cells_right == 0 and result.cells > 0
