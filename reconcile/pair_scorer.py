"""Pair scores of one block of rows, each pair compared once however often linking asks.

Linking scores the same rows again and again: quarter pair by quarter pair, once per round,
for the bridges over a skipped quarter and for the runner-ups of a doubtful link. Every score
is a function of its two rows alone (score.py), so the scores of a (quarter, level) against
another are computed once, as whole matrices, and any later question is answered by cutting
them. The distinct-words comparison, done pair by pair in Python, is made only for the pairs
asked about, and kept.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from rekon.reconcile.match_settings import COMPONENTS, MatchSettings
from rekon.reconcile.score import WORDS_FLOOR, PairScores, combine, plain_components, words_similarity


class PairScorer:
    """score.score_pairs for rows given by position (0 .. n-1 in the block's order)."""

    def __init__(self, context: pd.DataFrame, quarter: np.ndarray, level: np.ndarray, settings: MatchSettings):
        self._context = context.reset_index(drop=True)
        self._settings = settings
        self._part = list(zip(quarter.tolist(), level.tolist()))  # each row's (quarter, level)
        members: dict[tuple, list[int]] = defaultdict(list)
        for position, part in enumerate(self._part):
            members[part].append(position)
        self._members = {part: np.array(positions) for part, positions in members.items()}
        self._rows = {part: self._context.iloc[positions] for part, positions in self._members.items()}  # each cut once
        self._within = np.empty(len(self._part), dtype=int)  # a row's place in its (quarter, level)
        for positions in self._members.values():
            self._within[positions] = np.arange(len(positions))
        self._words = self._context["words"].tolist()
        self._blocks: dict[tuple, dict[str, np.ndarray]] = {}

    def scores(self, a: np.ndarray, b: np.ndarray, same_level_only: bool = False) -> PairScores:
        """The scores of rows ``a`` x ``b``; with ``same_level_only``, pairs of two levels are NaN."""
        a, b = np.asarray(a, dtype=int), np.asarray(b, dtype=int)
        components = {name: np.full((len(a), len(b)), np.nan) for name in COMPONENTS}
        for part_a, rows_a in _by_part(self._part, a).items():
            for part_b, rows_b in _by_part(self._part, b).items():
                if same_level_only and part_a[1] != part_b[1]:
                    continue
                block = self._block(part_a, part_b)
                within_a, within_b = self._within[a[rows_a]], self._within[b[rows_b]]
                self._compare_words(part_a, part_b, block, within_a, within_b)
                cut, place = np.ix_(within_a, within_b), np.ix_(rows_a, rows_b)
                for name in COMPONENTS:
                    components[name][place] = block[name][cut]
        return combine(components, self._settings)

    def _block(self, part_a: tuple, part_b: tuple) -> dict[str, np.ndarray]:
        if (part_a, part_b) not in self._blocks:
            a, b = self._rows[part_a], self._rows[part_b]
            block = plain_components(a, b, self._settings)
            block["words"] = np.full((len(a), len(b)), np.nan)  # compared when first asked
            self._blocks[(part_a, part_b)] = block
        return self._blocks[(part_a, part_b)]

    def _compare_words(self, part_a: tuple, part_b: tuple, block: dict[str, np.ndarray], within_a: np.ndarray, within_b: np.ndarray) -> None:
        words, indikator = block["words"], block["indikator"]
        unknown = self._settings.unknown_similarity
        members_a, members_b = self._members[part_a], self._members[part_b]
        for i in within_a:
            for j in within_b[np.isnan(words[i, within_b])]:
                if indikator[i, j] >= WORDS_FLOOR:
                    words[i, j] = words_similarity(self._words[members_a[i]], self._words[members_b[j]], unknown)
                else:
                    words[i, j] = 0.0


def _by_part(part: list[tuple], positions: np.ndarray) -> dict[tuple, np.ndarray]:
    """Places in ``positions`` grouped by their row's (quarter, level), in order."""
    places: dict[tuple, list[int]] = defaultdict(list)
    for place, position in enumerate(positions.tolist()):
        places[part[position]].append(place)
    return {key: np.array(value, dtype=int) for key, value in places.items()}
