"""What `rekon run` / `rekon check` do with an earlier review in OUT_DIR: the overrides file to
apply, and the findings marked new / open / reviewed before discrepancies.csv is replaced."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rekon.review.files import OVERRIDES_NAME, read_verdicts
from rekon.review.marks import MarkCounts, count_marks, mark_findings


def overrides_in(out_dir: Path, given: Path | None) -> Path | None:
    """The overrides to apply: the one given, else OUT_DIR/overrides.csv when `rekon review` (or a person) wrote it."""
    if given is not None:
        return given
    path = Path(out_dir) / OVERRIDES_NAME
    return path if path.is_file() else None


def rows_to_match(rows: pd.DataFrame, out_dir: Path) -> pd.DataFrame:
    """The rows `rekon run` matched: without the files problems.csv names as a second file of a quarter."""
    path = Path(out_dir) / "problems.csv"
    if not path.is_file() or path.stat().st_size == 0:
        return rows
    problems = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"problem", "source_file"} <= set(problems.columns):
        return rows
    ignored = set(problems.loc[problems["problem"] == "duplicate_quarter", "source_file"])
    return rows[~rows["source_file"].isin(ignored)] if ignored else rows


def previous_finding_ids(out_dir: Path) -> set[str]:
    """The ids the last run in OUT_DIR reported (read before this run overwrites them)."""
    path = Path(out_dir) / "discrepancies.csv"
    if not path.is_file() or path.stat().st_size == 0:
        return set()
    try:
        return set(pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["finding_id"])["finding_id"])
    except (ValueError, pd.errors.ParserError):  # not a discrepancies.csv of ours: nothing was seen before
        return set()


def honour_review(findings: pd.DataFrame, out_dir: Path) -> tuple[pd.DataFrame, MarkCounts]:
    """The findings with their verdicts and review status; call before writing discrepancies.csv.

    Seam for the DuckDB store (not on main yet): the marks are ordinary columns of the findings
    frame (marks.REVIEW_COLUMNS), so a store that keeps this frame keeps them; "previous run"
    can then be the store's last run of the same OPD and year instead of OUT_DIR's old CSV."""
    verdicts = read_verdicts(Path(out_dir))
    marked = mark_findings(findings, previous_finding_ids(out_dir), verdicts)
    return marked, count_marks(marked, verdicts)
