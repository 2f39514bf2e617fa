"""reconcile against ground truth: the sample sources (data/source/twN.csv) as a perfect
extractor would return them, a harder drifted copy, and synthetic years with known identities.

Bar: every true link found (recall 1.0) and no false link auto-accepted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rekon.reconcile import match_rows
from rekon.reconcile.baseline import link_quality, naive_match_rows
from bench.matching import harder_copy, sample_truth, synthetic_year, truth_to_rows

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source"
TRUTHS = sample_truth(SOURCE)  # committed with the project: every test here runs


def truth_rows_csv() -> pd.DataFrame:
    """All quarters' truth as one rows.csv-like frame (row_id tw{q}:p1:r{i+1}, values as printed)."""
    return pd.concat([truth_to_rows(truth, quarter) for quarter, truth in TRUTHS.items()], ignore_index=True)


def assert_bar(rows: pd.DataFrame) -> pd.DataFrame:
    quality = link_quality(match_rows(rows), rows)
    assert (quality["recall"] == 1.0).all(), quality.to_string()
    assert (quality["false_accepted"] == 0).all(), quality.to_string()
    return quality


def test_truth_to_rows_keeps_values_as_printed():
    quarter, truth = next(iter(TRUTHS.items()))
    rows = truth_to_rows(truth, quarter)
    assert rows["row_id"].iloc[0] == f"tw{quarter}:p1:r1"
    assert rows["target_pagu"].tolist() == truth["target_pagu"].tolist()


# TW III prints the indicator texts of PROGRAM PENGENDALIAN PENDUDUK and three of its sub
# kegiatan one row off their items (tw3_notes.md); the truth follows the item.
@pytest.mark.parametrize("seed", [None, 1, 2])
def test_sample_truth_no_false_link_accepted(seed):
    rows = truth_rows_csv() if seed is None else harder_copy(truth_rows_csv(), seed=seed)
    quality = link_quality(match_rows(rows), rows)
    assert (quality["false_accepted"] == 0).all(), quality.to_string()
    assert (quality["recall"] >= 0.96).all(), quality.to_string()


def _reworded_in_tw3() -> set[str]:
    """Indicator ids whose TW III text is not their TW II text: the rows TW III prints one row off."""
    by_id = {q: dict(zip(TRUTHS[q]["indicator_id"], TRUTHS[q]["indikator"])) for q in (2, 3)}
    return {i for i, text in by_id[3].items() if i in by_id[2] and by_id[2][i] != text}


def test_sample_truth_every_true_link_found_and_no_false_link():
    rows = truth_rows_csv()
    quality = assert_bar(rows)
    assert (quality["precision"] == 1.0).all(), quality.to_string()


def test_reworded_rows_of_tw3_follow_their_item_by_structure():
    """TW III prints these indicator texts under the item below; the item, its only indicator
    row and its planned values tie them to TW II all the same."""
    rows = truth_rows_csv()
    result = match_rows(rows)
    reworded = _reworded_in_tw3()
    assert reworded, "the samples' TW III rewording is the case this test is about"
    identity = dict(zip(rows["row_id"], rows["indicator_id"]))
    into_tw3 = result.links[(result.links["quarter_b"] == 3) & result.links["row_id_b"].map(lambda r: identity[r] in reworded)]
    assert set(into_tw3["row_id_b"].map(identity)) == reworded
    assert (into_tw3["row_id_a"].map(identity) == into_tw3["row_id_b"].map(identity)).all()
    by_structure = into_tw3[into_tw3["basis"] == "structure"]
    assert len(by_structure) >= 3 and by_structure["accepted"].all()
    # The item with two indicator rows printing the same text twice is left for review.
    assert not into_tw3.loc[into_tw3["basis"] != "structure", "accepted"].any()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_synthetic_year_with_drift_drops_and_additions(seed):
    """One quarter's truth copied to four quarters (identities known), then drifted."""
    assert_bar(synthetic_year(TRUTHS[min(TRUTHS)], seed=seed))


def test_rekon_beats_the_naive_baseline_on_a_synthetic_year():
    rows = synthetic_year(TRUTHS[min(TRUTHS)], seed=2)
    ours = link_quality(match_rows(rows), rows)
    naive = link_quality(naive_match_rows(rows), rows)
    assert ours["false_accepted"].sum() < naive["false_accepted"].sum()
    assert ours["recall"].mean() >= naive["recall"].mean()
