"""The stages one at a time on a run's folder, as `rekon match` and `rekon check` do them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def match_into(rows: pd.DataFrame, out: Path, overrides: Path | None):
    """Match the rows across quarters into OUT/panel.csv and OUT/review.csv; the MatchResult and the files written."""
    from rekon.reconcile import match_rows, read_overrides, write_outputs

    result = match_rows(rows, read_overrides(overrides) if overrides else None)
    return result, list(write_outputs(result, out).values())


def check_into(rows: pd.DataFrame, panel: pd.DataFrame, out: Path, rules_file: Path | None, lang: str) -> tuple[pd.DataFrame, list[Path], int]:
    """Run the rules into OUT/discrepancies.csv, each finding marked by an earlier review in OUT
    (new / open / reviewed, verdicts kept by finding id); the findings, the files written, and
    how many verdicts are kept for findings no longer reported. A bad rules file raises RuleConfigError."""
    import rekon.rules as rules_engine
    from rekon.review.honour import honour_review

    ruleset = rules_engine.load_ruleset(rules_file)
    findings = rules_engine.check(rows, panel, ruleset=ruleset, lang=lang)
    findings, counts = honour_review(findings, out)
    return findings, [rules_engine.write_findings(findings, out)], counts.stale_verdicts
