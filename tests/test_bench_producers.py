"""The per-producer structure bench lines extracted rows up with the truth even when rows are missing or spurious."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench.producers import Score, align
from samples.compare import VALUE_FIELDS, expected_value
from samples.source import read_source
from samples.truth import truth_rows


def _as_extracted(truth: pd.DataFrame) -> pd.DataFrame:
    """The truth as a perfect extractor writes it to rows.csv: values as plain numbers."""
    rows = truth.copy()
    for name in VALUE_FIELDS:
        rows[name] = rows[name].map(expected_value)
    return rows.astype(str)


def test_a_missing_and_a_spurious_row_shift_nothing_else():
    truth = truth_rows(read_source(Path("data/source/tw1.csv")))
    rows = _as_extracted(truth)
    spurious = rows.iloc[[10]].copy()
    spurious[["indikator", *VALUE_FIELDS]] = ""
    damaged = pd.concat([rows.iloc[:10], spurious, rows.iloc[10:40], rows.iloc[41:]], ignore_index=True)
    damaged.loc[50, "kegiatan"] = "Kegiatan yang salah"

    pairs = align(truth, damaged)
    assert len(pairs) == len(truth) - 1
    assert (10, 11) in pairs and (39, 40) in pairs and (41, 41) in pairs and 40 not in {t for t, _ in pairs}

    score = Score()
    score.add_file(truth, damaged)
    assert score.spurious == 1 and score.missing == 1
    assert score.structure_right == len(truth) - 2  # the dropped row and the wrong kegiatan
    assert score.right["kegiatan"] == len(truth) - 2 and score.right["program"] == len(truth) - 1


def test_a_rejected_file_counts_every_truth_row_wrong():
    truth = truth_rows(read_source(Path("data/source/tw2.csv")))
    score = Score()
    score.add_file(truth, None, "kolom target_pagu tidak ditemukan\n(judul kolom: ...)", "tw2.pdf")
    assert score.truth_rows == len(truth) and score.structure_right == 0 and score.spurious == 0 and score.missing == len(truth)
    assert score.rejected == ["tw2.pdf: kolom target_pagu tidak ditemukan (judul kolom: ...)"]
