"""Links between the rows of one (opd, year): overrides first, then the total row, then
candidates by optimal assignment, quarter pair by quarter pair.

Links are made in two rounds. The first round makes only sure links (score >= accept), first
between consecutive quarters and then across one or two absent quarters; the second round does
the same for doubtful links (score >= minimum). So an indicator dropped in TW II links TW I to
TW III surely rather than to a doubtful stranger in TW II."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rekon.reconcile.optimal_assignment import assign_one_to_one, runner_ups
from rekon.reconcile.overrides import Overrides
from rekon.reconcile.pair_scorer import PairScorer
from rekon.reconcile.match_settings import COMPONENTS, MatchSettings

TOTAL = "total"


@dataclass
class Link:
    quarter_a: int
    row_id_a: str
    quarter_b: int
    row_id_b: str
    score: float
    accepted: bool
    basis: str  # "override", "total", "structure", "score" or "relevelled" (across kegiatan and sub kegiatan, never sure)
    components: dict[str, float] = field(default_factory=dict)
    runner_ups: list[tuple[str, float]] = field(default_factory=list)  # (row_id, score) of quarter b


class _Block:
    """One (opd, year)'s rows as arrays by position, which rows are linked so far, and their scores."""

    def __init__(self, rows: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings):
        self.ids = rows["row_id"].tolist()
        self.quarter = rows["quarter"].astype(int).to_numpy()
        self.level = rows["level"].to_numpy(dtype=object)
        self.position = {row_id: position for position, row_id in enumerate(self.ids)}
        self.has_next = np.zeros(len(self.ids), dtype=bool)  # linked to a later quarter
        self.has_previous = np.zeros(len(self.ids), dtype=bool)
        self.context = context.reset_index(drop=True)
        self.scorer = PairScorer(context, self.quarter, self.level, settings)
        self.overrides = overrides
        self.settings = settings

    def mark(self, link: Link) -> None:
        self.has_next[self.position[link.row_id_a]] = True
        self.has_previous[self.position[link.row_id_b]] = True

    def allowed(self, ids_a: list[str], ids_b: list[str]) -> np.ndarray:
        if not self.overrides.forbidden:
            return np.ones((len(ids_a), len(ids_b)), dtype=bool)
        forbidden = self.overrides.forbidden
        return np.array([[frozenset((x, y)) not in forbidden for y in ids_b] for x in ids_a], dtype=bool).reshape(len(ids_a), len(ids_b))


def link_rows(rows: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings) -> list[Link]:
    """All links among ``rows`` (one opd and year; index shared with ``context``)."""
    block = _Block(rows, context, overrides, settings)
    quarter_of = dict(zip(block.ids, block.quarter.tolist()))
    links: list[Link] = []

    for a, b in overrides.forced:
        if a in quarter_of and b in quarter_of:
            link = Link(quarter_of[a], a, quarter_of[b], b, 100.0, True, "override", {f"score_{c}": 100.0 for c in COMPONENTS})
            block.mark(link)
            links.append(link)

    quarters = sorted(set(quarter_of.values()))
    for qa, qb in zip(quarters, quarters[1:]):
        for link in _structural_links(block, qa, qb):
            block.mark(link)
            links.append(link)
    for threshold in (settings.accept, settings.minimum):
        for gap in range(1, len(quarters)):
            for qa, qb in zip(quarters, quarters[gap:]):
                in_b = block.quarter == qb
                free_a = (block.quarter == qa) & ~block.has_next
                free_b = in_b & ~block.has_previous
                between = (block.quarter >= qa + 1) & (block.quarter <= qb - 1) & ~block.has_next & ~block.has_previous
                for level in sorted(set(block.level[free_a]) & set(block.level[free_b])):
                    at_level = block.level == level
                    made = _link_level(block, np.flatnonzero(free_a & at_level), np.flatnonzero(free_b & at_level),
                                       np.flatnonzero(in_b & at_level), threshold, qa, qb)
                    if threshold > settings.minimum:
                        # A sure link over a gap waits while an unlinked row of the skipped
                        # quarter could still bridge it: the doubtful round may link through it.
                        bridges = np.flatnonzero(between & at_level)
                        made = [l for l in made if not _bridged(block, l, bridges)]
                    for link in made:
                        block.mark(link)
                    links.extend(made)
    links += _relevelled_links(block, quarters)
    return links


RELEVELLED = (("kegiatan", "sub_kegiatan"), ("sub_kegiatan", "kegiatan"))


def _relevelled_links(block: _Block, quarters: list[int]) -> list[Link]:
    """Rows still unlinked, read as a kegiatan in one quarter and a sub kegiatan in another: the
    same item whose level one quarter misread, or two items. Never sure: each link made goes to
    review with its runner-ups, for a person to decide."""
    links: list[Link] = []
    for gap in range(1, len(quarters)):
        for qa, qb in zip(quarters, quarters[gap:]):
            for level_a, level_b in RELEVELLED:
                free_a = np.flatnonzero((block.quarter == qa) & (block.level == level_a) & ~block.has_next)
                free_b = np.flatnonzero((block.quarter == qb) & (block.level == level_b) & ~block.has_previous)
                if not len(free_a) or not len(free_b):
                    continue
                all_b = np.flatnonzero((block.quarter == qb) & (block.level == level_b))
                for link in _link_level(block, free_a, free_b, all_b, block.settings.minimum, qa, qb):
                    if link.accepted:
                        link.runner_ups = _runner_ups(block, block.position[link.row_id_a], link.row_id_b, all_b)
                    link.accepted, link.basis = False, "relevelled"
                    block.mark(link)
                    links.append(link)
    return links


def _structural_links(block: _Block, qa: int, qb: int) -> list[Link]:
    """The only indicator of an item, under the same parents, with the same planned values in
    both quarters, is the same indicator whatever its text says: a report may print an
    indicator's text under the wrong item (TW III of the samples), and the item and its budget
    are what the audit follows. Made only where the pairing is unique on both sides."""
    settings = block.settings
    a = np.flatnonzero((block.quarter == qa) & ~block.has_next & (block.level != TOTAL))
    b = np.flatnonzero((block.quarter == qb) & ~block.has_previous & (block.level != TOTAL))
    if not len(a) or not len(b):
        return []
    ca, cb = block.context.iloc[a], block.context.iloc[b]
    scores = block.scorer.scores(a, b, same_level_only=True)  # a pair of two levels is never a candidate
    single = (ca["siblings"].to_numpy() == 1)[:, None] & (cb["siblings"].to_numpy() == 1)[None, :]
    same_level = block.level[a][:, None] == block.level[b][None, :]
    planned = np.ones(single.shape, dtype=bool)
    for column in ("target_pagu", "target_kinerja"):
        left, right = ca[column].to_numpy(dtype=object)[:, None], cb[column].to_numpy(dtype=object)[None, :]
        planned &= (left == right) & (left != "")
    candidate = (single & same_level & planned
                 & (scores.components["item"] >= settings.structure_item) & (scores.components["parent"] >= settings.structure_item))
    ids_a, ids_b = [block.ids[p] for p in a], [block.ids[p] for p in b]
    links = []
    for i, j in zip(*np.nonzero(candidate)):
        unique = candidate[i].sum() == 1 and candidate[:, j].sum() == 1
        if unique and frozenset((ids_a[i], ids_b[j])) not in block.overrides.forbidden:
            links.append(Link(qa, ids_a[i], qb, ids_b[j], float(scores.total[i, j]), True, "structure", scores.explain(i, j)))
    return links


def _link_level(block: _Block, a: np.ndarray, b: np.ndarray, all_b: np.ndarray, threshold: float, qa: int, qb: int) -> list[Link]:
    """Links between the free rows ``a`` and ``b`` (positions) of one level; ``all_b`` for the runner-ups."""
    settings = block.settings
    ids_a, ids_b = [block.ids[p] for p in a], [block.ids[p] for p in b]
    allowed = block.allowed(ids_a, ids_b)
    if block.level[a[0]] == TOTAL:
        # The table's closing row always answers to the other quarter's closing row.
        total = np.full((len(ids_a), len(ids_b)), 100.0)
        pairs = assign_one_to_one(total, allowed, 0.0)
        return [Link(qa, ids_a[i], qb, ids_b[j], 100.0, True, "total", {}) for i, j in pairs]

    scores = block.scorer.scores(a, b)
    links = []
    for i, j in assign_one_to_one(scores.total, allowed, threshold):
        score = float(scores.total[i, j])
        sure = (score >= settings.accept and _margin(scores.total, allowed, i, j) >= settings.margin
                and scores.components["item"][i, j] >= settings.item_floor)
        link = Link(qa, ids_a[i], qb, ids_b[j], score, sure, "score", scores.explain(i, j))
        if not link.accepted:
            link.runner_ups = _runner_ups(block, a[i], ids_b[j], all_b)
        links.append(link)
    return links


def _bridged(block: _Block, link: Link, bridges: np.ndarray) -> bool:
    if not len(bridges):
        return False
    first, last = block.position[link.row_id_a], block.position[link.row_id_b]
    to_first = block.scorer.scores([first], bridges).total[0]
    to_last = block.scorer.scores(bridges, [last]).total[:, 0]
    return bool((np.minimum(to_first, to_last) >= block.settings.minimum).any())


def _margin(scores: np.ndarray, allowed: np.ndarray, i: int, j: int) -> float:
    """How far the pair (i, j) stands above the best other candidate of either of its rows."""
    rivals = np.concatenate([
        np.delete(np.where(allowed[i], scores[i], -np.inf), j),
        np.delete(np.where(allowed[:, j], scores[:, j], -np.inf), i),
    ])
    return float(scores[i, j] - rivals.max()) if rivals.size else float("inf")


def _runner_ups(block: _Block, a_row: int, chosen: str, all_b: np.ndarray) -> list[tuple[str, float]]:
    """Other candidates of quarter b for a doubtful link, whether or not they are linked already."""
    ids_b = [block.ids[p] for p in all_b]
    scores = block.scorer.scores([a_row], all_b)
    allowed = block.allowed([block.ids[a_row]], ids_b)
    chosen_index = ids_b.index(chosen)
    return [(ids_b[j], score) for j, score in runner_ups(scores.total, allowed, 0, chosen_index, block.settings.runner_ups)]
