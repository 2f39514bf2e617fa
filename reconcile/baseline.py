"""A naive matcher to measure rekon against, and the measure itself.

The baseline links consecutive quarters by the best fuzz.ratio of the indicator text alone,
greedily (best pair first), with no context, levels, overrides or gaps."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from rekon.reconcile.chain import build_chains
from rekon.reconcile.link import Link
from rekon.reconcile.match import MatchResult
from rekon.reconcile.panel import build_panel, build_review, links_frame

Matcher = Callable[[pd.DataFrame], MatchResult]
QUALITY_COLUMNS = ["matcher", "quarter_a", "quarter_b", "true_links", "found_links", "correct_links",
                   "precision", "recall", "false_accepted"]


def naive_match_rows(rows: pd.DataFrame, minimum: float = 50.0) -> MatchResult:
    rows = rows.reset_index(drop=True)
    links: list[Link] = []
    chains = []
    for _, block in rows.groupby(["opd", "year"], sort=False):
        quarter = block["quarter"].astype(int)
        quarters = sorted(set(quarter))
        for qa, qb in zip(quarters, quarters[1:]):
            a, b = block[quarter == qa], block[quarter == qb]
            scores = process.cdist(a["indikator"].tolist(), b["indikator"].tolist(), scorer=fuzz.ratio, dtype=np.float64)
            links += _greedy(scores, a["row_id"].tolist(), b["row_id"].tolist(), qa, qb, minimum)
        in_block = set(block["row_id"])
        chains += build_chains(dict(zip(block["row_id"], quarter)), [l for l in links if l.row_id_a in in_block])
    return MatchResult(build_panel(chains, rows), build_review(links, rows, 0), [], links_frame(links))


def _greedy(scores: np.ndarray, ids_a: list[str], ids_b: list[str], qa: int, qb: int, minimum: float) -> list[Link]:
    order = np.dstack(np.unravel_index(np.argsort(-scores, axis=None, kind="stable"), scores.shape))[0]
    used_a, used_b, links = set(), set(), []
    for i, j in order:
        if scores[i, j] < minimum:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        links.append(Link(qa, ids_a[i], qb, ids_b[j], float(scores[i, j]), True, "score"))
    return links


def link_quality(result: MatchResult, rows: pd.DataFrame, truth_column: str = "indicator_id", name: str = "") -> pd.DataFrame:
    """Pairwise precision and recall per quarter pair.

    A found link is any pair of rows of quarters a < b in the same chain; a true link is a pair
    of rows with the same non-empty ``truth_column`` (same opd and year). ``false_accepted``
    counts found links that are wrong although every link between them was accepted."""
    quarter = dict(zip(rows["row_id"], rows["quarter"].astype(int)))
    block = dict(zip(rows["row_id"], zip(rows["opd"], rows["year"])))
    accepted = set()
    if result.links is not None and len(result.links):
        good = result.links[result.links["accepted"].astype(bool)]
        accepted = set(zip(good["row_id_a"], good["row_id_b"]))

    found: dict[tuple[str, str], bool] = {}  # pair -> all links between accepted
    quarter_columns = [c for c in result.panel.columns if c.startswith("row_id_q")]
    for chain in result.panel[quarter_columns].itertuples(index=False):
        members = [r for r in chain if r]
        for i, x in enumerate(members):
            sure = True
            for previous, y in zip(members[i:], members[i + 1:]):
                sure = sure and (previous, y) in accepted
                found[(x, y)] = sure

    true_pairs = set()
    by_truth = rows[rows[truth_column].astype(str) != ""].groupby(["opd", "year", truth_column], sort=False)["row_id"]
    for ids in by_truth:
        members = sorted(ids[1], key=quarter.get)
        true_pairs |= {(x, y) for i, x in enumerate(members) for y in members[i + 1:] if quarter[x] < quarter[y]}

    records = []
    quarters = sorted(set(quarter.values()))
    for qa in quarters:
        for qb in (q for q in quarters if q > qa):
            in_pair = lambda pair: quarter[pair[0]] == qa and quarter[pair[1]] == qb
            true = {p for p in true_pairs if in_pair(p)}
            made = {p: sure for p, sure in found.items() if in_pair(p)}
            correct = sum(1 for p in made if p in true)
            records.append({
                "matcher": name, "quarter_a": qa, "quarter_b": qb, "true_links": len(true),
                "found_links": len(made), "correct_links": correct,
                "precision": correct / len(made) if made else 1.0,
                "recall": correct / len(true) if true else 1.0,
                "false_accepted": sum(1 for p, sure in made.items() if sure and p not in true and block[p[0]] == block[p[1]]),
            })
    return pd.DataFrame.from_records(records, columns=QUALITY_COLUMNS)


def compare_matchers(matchers: dict[str, Matcher], rows: pd.DataFrame, truth_column: str = "indicator_id") -> pd.DataFrame:
    """link_quality of each matcher on the same rows, one table for the bench."""
    frames = [link_quality(matcher(rows), rows, truth_column, name) for name, matcher in matchers.items()]
    return pd.concat(frames, ignore_index=True)
