"""One-to-one assignment of candidates by optimal total score (not greedy)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def assign_one_to_one(scores: np.ndarray, allowed: np.ndarray, minimum: float) -> list[tuple[int, int]]:
    """Pairs (i, j) maximising the sum of scores, each row and column used at most once.

    A pair that is not allowed or scores below ``minimum`` is worth nothing to the assignment,
    so it can never displace a real candidate; such pairs are dropped from the answer."""
    if scores.size == 0:
        return []
    usable = allowed & (scores >= minimum)
    worth = np.where(usable, scores, 0.0)
    rows, columns = linear_sum_assignment(worth, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, columns) if usable[i, j]]


def runner_ups(scores: np.ndarray, allowed: np.ndarray, i: int, chosen: int, count: int) -> list[tuple[int, float]]:
    """The best other candidates of row ``i`` besides ``chosen``, best first."""
    candidates = [(j, float(scores[i, j])) for j in range(scores.shape[1]) if j != chosen and allowed[i, j]]
    return sorted(candidates, key=lambda c: -c[1])[:count]
