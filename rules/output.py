"""The findings as files and counts: discrepancies.csv (atomic, safe to open in Excel) and a summary."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from rules.config import SEVERITY_ORDER

# A text cell starting with one of these is run as a formula by Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would execute; numbers (`-12.5`) stay numbers."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(neutralise).astype(object)
    return safe


def write_findings(findings: pd.DataFrame, out_dir: Path | str) -> Path:
    """Write out_dir/discrepancies.csv in UTF-8 through a temporary file, so no reader sees half a file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "discrepancies.csv"
    handle, temp = tempfile.mkstemp(prefix=".discrepancies.", suffix=".csv", dir=out_dir)
    os.close(handle)
    try:
        safe_for_spreadsheets(findings).to_csv(temp, index=False, encoding="utf-8", lineterminator="\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def summary(findings: pd.DataFrame) -> pd.DataFrame:
    """How many findings per rule and severity, errors first."""
    if findings.empty:
        return pd.DataFrame({"rule": pd.Series(dtype=object), "severity": pd.Series(dtype=object), "count": pd.Series(dtype=int)})
    counts = findings.groupby(["rule", "severity"]).size().rename("count").reset_index()
    counts["_order"] = counts["severity"].map(SEVERITY_ORDER)
    return counts.sort_values(["_order", "count", "rule"], ascending=[True, False, True]).drop(columns="_order").reset_index(drop=True)
