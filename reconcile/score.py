"""Similarity of every candidate pair between two sets of rows, per comparison and combined.

Each comparison gives a 0-100 matrix; the link score is their weighted mean (weights in
``settings.Weights``), so every score can be explained by its parts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from rekon.reconcile.match_settings import COMPONENTS, MatchSettings

TEXT_COMPONENTS = ("indikator", "item", "parent", "satuan")
WORDS_FLOOR = 60.0  # indikator similarity below which the distinct words are not compared (0)


@dataclass
class PairScores:
    """Scores of every (row of a, row of b) pair: ``total`` and one matrix per component."""

    total: np.ndarray
    components: dict[str, np.ndarray]

    def explain(self, i: int, j: int) -> dict[str, float]:
        return {f"score_{name}": round(float(matrix[i, j]), 1) for name, matrix in self.components.items()}


def text_similarity(a: pd.Series, b: pd.Series, a_squashed: pd.Series, b_squashed: pd.Series, unknown: float) -> np.ndarray:
    """fuzz.ratio of the normalised texts, or of the texts without spaces if that is higher
    (wrapping glues and splits words). Empty against empty is a match; empty against text is
    unknown."""
    similarity = np.maximum(_ratios(a, b), _ratios(a_squashed, b_squashed))
    empty_a = (a_squashed == "").to_numpy()[:, None]
    empty_b = (b_squashed == "").to_numpy()[None, :]
    similarity = np.where(empty_a & empty_b, 100.0, similarity)
    return np.where(empty_a ^ empty_b, unknown, similarity)


def _ratios(a: pd.Series, b: pd.Series) -> np.ndarray:
    """fuzz.ratio of every pair, each distinct pair of texts compared once (an item's or a
    parent's name repeats on every indicator row under it)."""
    codes_a, texts_a = pd.factorize(a.to_numpy(dtype=object), use_na_sentinel=False)
    codes_b, texts_b = pd.factorize(b.to_numpy(dtype=object), use_na_sentinel=False)
    ratios = process.cdist(list(texts_a), list(texts_b), scorer=fuzz.ratio, dtype=np.float64)
    return ratios[np.ix_(codes_a, codes_b)]


def distinct_words_similarity(a: pd.Series, b: pd.Series, indikator: np.ndarray, unknown: float, floor: float = WORDS_FLOOR) -> np.ndarray:
    """Similarity of the words each indicator has and the other lacks (spaced or glued, the
    higher), sharpened: fuzz.ratio 100 stays 100, 50 or less becomes 0. One letter off in
    a long word is a typo (Informasi/Informai, 94 -> 88); in an acronym it is another
    indicator (IPG/IDG, 67 -> 33). Both texts equal: 100; words only added on one side:
    unknown. Pairs whose whole texts are far apart (below ``floor``) are not worth the work: 0."""
    similarity = np.zeros(indikator.shape)
    for i, words_a in enumerate(a):
        for j in np.flatnonzero(indikator[i] >= floor):
            similarity[i, j] = words_similarity(words_a, b.iloc[j], unknown)
    return similarity


def words_similarity(words_a: list[str], words_b: list[str], unknown: float) -> float:
    """distinct_words_similarity of one pair whose whole texts are close enough to compare."""
    left_a, left_b = distinct_words(words_a, words_b)
    if not left_a and not left_b:
        return 100.0
    if not left_a or not left_b:
        return unknown
    spaced_a, spaced_b = " ".join(left_a), " ".join(left_b)
    glued = fuzz.ratio(spaced_a.replace(" ", ""), spaced_b.replace(" ", ""))
    return max(0.0, 2.0 * max(fuzz.ratio(spaced_a, spaced_b), glued) - 100.0)


def _without(words: list[str], other: list[str]) -> list[str]:
    """``words`` less one occurrence of each word of ``other`` (a multiset difference)."""
    remaining = list(other)
    kept = []
    for word in words:
        if word in remaining:
            remaining.remove(word)
        elif word:
            kept.append(word)
    return kept


def _unglue(left: list[str], other: list[str]) -> None:
    """Drop, from both lists, two adjacent words of ``left`` that ``other`` prints glued."""
    i = 0
    while i < len(left) - 1:
        glued = left[i] + left[i + 1]
        if glued in other:
            other.remove(glued)
            del left[i : i + 2]
        else:
            i += 1


def distinct_words(words_a: list[str], words_b: list[str], typo_ratio: float = 80.0, long_word: int = 5) -> tuple[list[str], list[str]]:
    """The words of each side the other side lacks, once shared words, words glued or split by
    wrapping, and typos in long words (fuzz.ratio >= ``typo_ratio``) are set aside."""
    left_a, left_b = _without(words_a, words_b), _without(words_b, words_a)
    _unglue(left_a, left_b)
    _unglue(left_b, left_a)
    for word in [w for w in left_a if len(w) >= long_word]:
        close = [w for w in left_b if len(w) >= long_word and fuzz.ratio(word, w) >= typo_ratio]
        if close:
            left_b.remove(max(close, key=lambda w: fuzz.ratio(word, w)))
            left_a.remove(word)
    return left_a, left_b


def position_similarity(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
    """100 for the same rank within the item, less the further apart the ranks are."""
    rank_a = a["rank"].to_numpy(dtype=float)[:, None]
    rank_b = b["rank"].to_numpy(dtype=float)[None, :]
    size = np.maximum(a["siblings"].to_numpy(dtype=float)[:, None], b["siblings"].to_numpy(dtype=float)[None, :])
    return 100.0 * (1.0 - np.abs(rank_a - rank_b) / np.maximum(size, 1.0))


def values_similarity(a: pd.DataFrame, b: pd.DataFrame, unknown: float) -> np.ndarray:
    """100 where both rows print the same non-empty target, or the same pagu of their own,
    else unknown. A pagu shared by the indicators of an item (context `pagu_of_item`) names
    the item, which the item comparison already weighs, not one of its indicators."""
    same = np.zeros((len(a), len(b)), dtype=bool)
    for column in ("target_pagu", "target_kinerja"):
        left = a[column].to_numpy(dtype=object)[:, None]
        right = b[column].to_numpy(dtype=object)[None, :]
        equal = (left == right) & (left != "")
        if column == "target_pagu" and "pagu_of_item" in a and "pagu_of_item" in b:
            equal &= ~(a["pagu_of_item"].to_numpy(dtype=bool)[:, None] | b["pagu_of_item"].to_numpy(dtype=bool)[None, :])
        same |= equal
    return np.where(same, 100.0, unknown)


def same_and_other_codes(a: pd.DataFrame, b: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Pairs whose items carry the same nomenclature code, and pairs whose codes differ (both known)."""
    shape = (len(a), len(b))
    if "kode" not in a or "kode" not in b:
        return np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    left = a["kode"].to_numpy(dtype=object)[:, None]
    right = b["kode"].to_numpy(dtype=object)[None, :]
    known = (left != "") & (right != "")
    return known & (left == right), known & (left != right)


def score_pairs(a: pd.DataFrame, b: pd.DataFrame, settings: MatchSettings) -> PairScores:
    """Score every pair of the context rows ``a`` x ``b`` (see context.row_context)."""
    components = plain_components(a, b, settings)
    components["words"] = distinct_words_similarity(a["words"], b["words"], components["indikator"], settings.unknown_similarity)
    return combine(components, settings)


def plain_components(a: pd.DataFrame, b: pd.DataFrame, settings: MatchSettings) -> dict[str, np.ndarray]:
    """Every comparison but the distinct words (the one computed pair by pair)."""
    components = {
        name: text_similarity(a[name], b[name], a[f"{name}_squashed"], b[f"{name}_squashed"], settings.unknown_similarity)
        for name in TEXT_COMPONENTS
    }
    # The same code is the same item (and parents) however its name is printed; different
    # codes are different items however alike their names read.
    same, other = same_and_other_codes(a, b)
    components["item"] = np.where(same, 100.0, np.where(other, 0.0, components["item"]))
    components["parent"] = np.where(same, 100.0, components["parent"])
    components["position"] = position_similarity(a, b)
    components["values"] = values_similarity(a, b, settings.unknown_similarity)
    return components


def combine(components: dict[str, np.ndarray], settings: MatchSettings) -> PairScores:
    """The link score: the weighted mean of the comparisons, each pair on its own."""
    weights = settings.weights.as_dict()
    total = sum(weights[name] * components[name] for name in COMPONENTS) / sum(weights.values())
    return PairScores(total=np.round(total, 1), components={name: components[name] for name in COMPONENTS})
