"""A group's lines of panel.csv, review.csv and discrepancies.csv: their columns, and their text made in the
group's own job.

The group's worker writes its lines as CSV text beside its frames, marked as a first run marks them
(every finding new): the parent then only copies text, where making it was most of its serial work
after the pool (a third of a 1,000-file run's). When OUT holds an earlier review, or two groups' keys
collide, the parent makes the lines from the frames as before.
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.output import csv_text


def table_columns() -> dict[str, list[str]]:
    """The columns of the batch's panel, review and findings tables, in the order they are written."""
    from rekon.reconcile.match_settings import MatchSettings
    from rekon.reconcile.panel import PANEL_COLUMNS, review_columns
    from rekon.review.marks import REVIEW_COLUMNS
    from rekon.rules.findings import FINDING_COLUMNS

    return {"panel": list(PANEL_COLUMNS), "review": review_columns(MatchSettings().runner_ups), "findings": [*FINDING_COLUMNS, *REVIEW_COLUMNS]}


def first_run_texts(panel: pd.DataFrame, review: pd.DataFrame, findings: pd.DataFrame) -> dict:
    """The group's lines as a run into an OUT without an earlier review writes them; `keys`: its indicator keys."""
    from rekon.review.marks import mark_findings

    columns = table_columns()
    frames = {"panel": panel, "review": review, "findings": mark_findings(findings, None, None)}
    texts = {name: "" if frame.empty else csv_text(frame[columns[name]], header=False) for name, frame in frames.items()}
    texts["keys"] = list(panel["indicator_key"]) if "indicator_key" in panel else []
    return texts
