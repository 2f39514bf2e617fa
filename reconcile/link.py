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
from rekon.reconcile.score import score_pairs
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


def link_rows(rows: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings) -> list[Link]:
    """All links among ``rows`` (one opd and year; index shared with ``context``)."""
    quarter_of = dict(zip(rows["row_id"], rows["quarter"].astype(int)))
    successor: set[str] = set()
    predecessor: set[str] = set()
    links: list[Link] = []

    for a, b in overrides.forced:
        if a in quarter_of and b in quarter_of:
            links.append(Link(quarter_of[a], a, quarter_of[b], b, 100.0, True, "override", {f"score_{c}": 100.0 for c in COMPONENTS}))
            successor.add(a)
            predecessor.add(b)

    quarters = sorted(set(quarter_of.values()))
    for qa, qb in zip(quarters, quarters[1:]):
        for link in _structural_links(rows, context, overrides, settings, qa, qb, successor, predecessor):
            successor.add(link.row_id_a)
            predecessor.add(link.row_id_b)
            links.append(link)
    for threshold in (settings.accept, settings.minimum):
        for gap in range(1, len(quarters)):
            for qa, qb in zip(quarters, quarters[gap:]):
                free_a = rows[(rows["quarter"].astype(int) == qa) & ~rows["row_id"].isin(successor)]
                free_b = rows[(rows["quarter"].astype(int) == qb) & ~rows["row_id"].isin(predecessor)]
                all_b = rows[rows["quarter"].astype(int) == qb]
                between = rows[rows["quarter"].astype(int).between(qa + 1, qb - 1)
                               & ~rows["row_id"].isin(successor) & ~rows["row_id"].isin(predecessor)]
                for level in sorted(set(free_a["level"]) & set(free_b["level"])):
                    made = _link_level(
                        free_a[free_a["level"] == level], free_b[free_b["level"] == level],
                        all_b[all_b["level"] == level], context, overrides, settings, threshold, qa, qb,
                    )
                    if threshold > settings.minimum:
                        # A sure link over a gap waits while an unlinked row of the skipped
                        # quarter could still bridge it: the doubtful round may link through it.
                        bridges = between[between["level"] == level]
                        made = [l for l in made if not _bridged(l, bridges, rows, context, settings)]
                    for link in made:
                        successor.add(link.row_id_a)
                        predecessor.add(link.row_id_b)
                    links.extend(made)
    links += _relevelled_links(rows, context, overrides, settings, quarters, successor, predecessor)
    return links


RELEVELLED = (("kegiatan", "sub_kegiatan"), ("sub_kegiatan", "kegiatan"))


def _relevelled_links(
    rows: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings,
    quarters: list[int], successor: set[str], predecessor: set[str],
) -> list[Link]:
    """Rows still unlinked, read as a kegiatan in one quarter and a sub kegiatan in another: the
    same item whose level one quarter misread, or two items. Never sure: each link made goes to
    review with its runner-ups, for a person to decide."""
    links: list[Link] = []
    in_quarter = rows["quarter"].astype(int)
    for gap in range(1, len(quarters)):
        for qa, qb in zip(quarters, quarters[gap:]):
            for level_a, level_b in RELEVELLED:
                free_a = rows[(in_quarter == qa) & (rows["level"] == level_a) & ~rows["row_id"].isin(successor)]
                free_b = rows[(in_quarter == qb) & (rows["level"] == level_b) & ~rows["row_id"].isin(predecessor)]
                if free_a.empty or free_b.empty:
                    continue
                all_b = rows[(in_quarter == qb) & (rows["level"] == level_b)]
                for link in _link_level(free_a, free_b, all_b, context, overrides, settings, settings.minimum, qa, qb):
                    if link.accepted:
                        link.runner_ups = _runner_ups(rows.loc[rows["row_id"] == link.row_id_a], link.row_id_b, all_b, context, overrides, settings)
                    link.accepted, link.basis = False, "relevelled"
                    successor.add(link.row_id_a)
                    predecessor.add(link.row_id_b)
                    links.append(link)
    return links


def _structural_links(
    rows: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings,
    qa: int, qb: int, successor: set[str], predecessor: set[str],
) -> list[Link]:
    """The only indicator of an item, under the same parents, with the same planned values in
    both quarters, is the same indicator whatever its text says: a report may print an
    indicator's text under the wrong item (TW III of the samples), and the item and its budget
    are what the audit follows. Made only where the pairing is unique on both sides."""
    in_quarter = rows["quarter"].astype(int)
    a = rows[(in_quarter == qa) & ~rows["row_id"].isin(successor) & (rows["level"] != TOTAL)]
    b = rows[(in_quarter == qb) & ~rows["row_id"].isin(predecessor) & (rows["level"] != TOTAL)]
    if a.empty or b.empty:
        return []
    ca, cb = context.loc[a.index], context.loc[b.index]
    scores = score_pairs(ca, cb, settings)
    single = (ca["siblings"].to_numpy() == 1)[:, None] & (cb["siblings"].to_numpy() == 1)[None, :]
    same_level = a["level"].to_numpy()[:, None] == b["level"].to_numpy()[None, :]
    planned = np.ones(single.shape, dtype=bool)
    for column in ("target_pagu", "target_kinerja"):
        left, right = ca[column].to_numpy(dtype=object)[:, None], cb[column].to_numpy(dtype=object)[None, :]
        planned &= (left == right) & (left != "")
    candidate = (single & same_level & planned
                 & (scores.components["item"] >= settings.structure_item) & (scores.components["parent"] >= settings.structure_item))
    ids_a, ids_b = a["row_id"].tolist(), b["row_id"].tolist()
    links = []
    for i, j in zip(*np.nonzero(candidate)):
        unique = candidate[i].sum() == 1 and candidate[:, j].sum() == 1
        if unique and frozenset((ids_a[i], ids_b[j])) not in overrides.forbidden:
            links.append(Link(qa, ids_a[i], qb, ids_b[j], float(scores.total[i, j]), True, "structure", scores.explain(i, j)))
    return links


def _link_level(
    a: pd.DataFrame, b: pd.DataFrame, all_b: pd.DataFrame, context: pd.DataFrame, overrides: Overrides,
    settings: MatchSettings, threshold: float, qa: int, qb: int,
) -> list[Link]:
    ids_a, ids_b = a["row_id"].tolist(), b["row_id"].tolist()
    allowed = np.array([[frozenset((x, y)) not in overrides.forbidden for y in ids_b] for x in ids_a], dtype=bool).reshape(len(ids_a), len(ids_b))
    level = a["level"].iloc[0]
    if level == TOTAL:
        # The table's closing row always answers to the other quarter's closing row.
        total = np.full((len(ids_a), len(ids_b)), 100.0)
        pairs = assign_one_to_one(total, allowed, 0.0)
        return [Link(qa, ids_a[i], qb, ids_b[j], 100.0, True, "total", {}) for i, j in pairs]

    scores = score_pairs(context.loc[a.index], context.loc[b.index], settings)
    links = []
    for i, j in assign_one_to_one(scores.total, allowed, threshold):
        score = float(scores.total[i, j])
        sure = (score >= settings.accept and _margin(scores.total, allowed, i, j) >= settings.margin
                and scores.components["item"][i, j] >= settings.item_floor)
        link = Link(qa, ids_a[i], qb, ids_b[j], score, sure, "score", scores.explain(i, j))
        if not link.accepted:
            link.runner_ups = _runner_ups(a.iloc[[i]], ids_b[j], all_b, context, overrides, settings)
        links.append(link)
    return links


def _bridged(link: Link, bridges: pd.DataFrame, rows: pd.DataFrame, context: pd.DataFrame, settings: MatchSettings) -> bool:
    if bridges.empty:
        return False
    index = rows.index[rows["row_id"].isin([link.row_id_a, link.row_id_b])]
    ends = context.loc[index]
    first, last = ends.iloc[[0]], ends.iloc[[1]]
    if rows.at[index[0], "row_id"] != link.row_id_a:
        first, last = last, first
    to_first = score_pairs(first, context.loc[bridges.index], settings).total[0]
    to_last = score_pairs(context.loc[bridges.index], last, settings).total[:, 0]
    return bool((np.minimum(to_first, to_last) >= settings.minimum).any())


def _margin(scores: np.ndarray, allowed: np.ndarray, i: int, j: int) -> float:
    """How far the pair (i, j) stands above the best other candidate of either of its rows."""
    rivals = np.concatenate([
        np.delete(np.where(allowed[i], scores[i], -np.inf), j),
        np.delete(np.where(allowed[:, j], scores[:, j], -np.inf), i),
    ])
    return float(scores[i, j] - rivals.max()) if rivals.size else float("inf")


def _runner_ups(a_row: pd.DataFrame, chosen: str, all_b: pd.DataFrame, context: pd.DataFrame, overrides: Overrides, settings: MatchSettings) -> list[tuple[str, float]]:
    """Other candidates of quarter b for a doubtful link, whether or not they are linked already."""
    ids_b = all_b["row_id"].tolist()
    scores = score_pairs(context.loc[a_row.index], context.loc[all_b.index], settings)
    row_id = a_row["row_id"].iloc[0]
    allowed = np.array([[frozenset((row_id, y)) not in overrides.forbidden for y in ids_b]], dtype=bool)
    chosen_index = ids_b.index(chosen)
    return [(ids_b[j], score) for j, score in runner_ups(scores.total, allowed, 0, chosen_index, settings.runner_ups)]
