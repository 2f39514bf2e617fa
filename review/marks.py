"""The verdicts of a previous review put back on the findings of this run.

A finding is identified by its finding_id (rules.engine: a hash of rule, row, field, quarters
and indicator), so a verdict follows the finding as long as the input says the same thing;
a finding whose id changed is a new finding and is reviewed again. Three states:

- ``reviewed``: a verdict in verdicts.csv carries this finding's id;
- ``new``: no verdict, and the previous run in the same OUT_DIR did not report it;
- ``open``: no verdict, but the previous run reported it already.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

VERDICTS = ("true_inconsistency", "acceptable", "rekon_error")
STATUSES = ("new", "open", "reviewed")
REVIEW_COLUMNS = ["review_status", "verdict", "verdict_comment"]


@dataclass(frozen=True)
class MarkCounts:
    new: int
    open: int
    reviewed: int
    stale_verdicts: int  # verdicts whose finding is no longer reported (kept in verdicts.csv)


def mark_findings(findings: pd.DataFrame, previous_ids: set[str] | None, verdicts: pd.DataFrame | None) -> pd.DataFrame:
    """`findings` with REVIEW_COLUMNS appended (replaced when already there)."""
    marked = findings.drop(columns=[c for c in REVIEW_COLUMNS if c in findings.columns])
    by_id = {}
    if verdicts is not None and len(verdicts):
        by_id = {f: (v, c) for f, v, c in verdicts[["finding_id", "verdict", "comment"]].itertuples(index=False) if v in VERDICTS}
    previous = previous_ids or set()
    ids = marked["finding_id"].astype(str)
    marked["review_status"] = ["reviewed" if i in by_id else "open" if i in previous else "new" for i in ids]
    marked["verdict"] = [by_id.get(i, ("", ""))[0] for i in ids]
    marked["verdict_comment"] = [by_id.get(i, ("", ""))[1] for i in ids]
    return marked


def count_marks(marked: pd.DataFrame, verdicts: pd.DataFrame | None) -> MarkCounts:
    status = marked["review_status"] if "review_status" in marked else pd.Series(dtype=str)
    reported = set(marked["finding_id"].astype(str)) if len(marked) else set()
    stale = 0 if verdicts is None or not len(verdicts) else int((~verdicts["finding_id"].isin(reported)).sum())
    return MarkCounts(int((status == "new").sum()), int((status == "open").sum()), int((status == "reviewed").sum()), stale)
