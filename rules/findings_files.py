"""The findings as files and counts: discrepancies.csv (atomic, safe to open in Excel) and a summary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rekon.extract.output import neutralise, safe_for_spreadsheets, write_table  # noqa: F401 - re-exported
from rekon.rules.config import SEVERITY_ORDER

def write_findings(findings: pd.DataFrame, out_dir: Path | str) -> Path:
    """Write out_dir/discrepancies.csv: UTF-8, atomically, formulas neutralised (extract.output)."""
    return write_table(findings, Path(out_dir) / "discrepancies.csv")


def summary(findings: pd.DataFrame) -> pd.DataFrame:
    """How many findings per rule and severity, errors first."""
    if findings.empty:
        return pd.DataFrame({"rule": pd.Series(dtype=object), "severity": pd.Series(dtype=object), "count": pd.Series(dtype=int)})
    counts = findings.groupby(["rule", "severity"]).size().rename("count").reset_index()
    counts["_order"] = counts["severity"].map(SEVERITY_ORDER)
    return counts.sort_values(["_order", "count", "rule"], ascending=[True, False, True]).drop(columns="_order").reset_index(drop=True)
