"""Findings that rest on a value OCR read with low confidence are not errors.

Such a value is withheld from rows.csv (extract lists it in the row's
`low_confidence` column and in problems.csv), so a rule sees a gap there, or
a sum without it. A finding on a value of such a row is kept, for the auditor
to look at the scan, but only as `info`, saying why.
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.schema import ALL_NUMERIC_FIELDS

SOFTENED_SEVERITY = "info"
NOTE = {
    "id": " (baris ini memuat angka hasil OCR yang kurang meyakinkan: {cells}; periksa pada pindaian)",
    "en": " (this row holds numbers read by OCR with low confidence: {cells}; check them on the scan)",
}


def doubtful_rows(rows: pd.DataFrame) -> dict[str, str]:
    """row_id -> its doubtful cells (`field=text (confidence); ...`), for rows that have any."""
    if "low_confidence" not in rows.columns:
        return {}
    marked = rows.loc[rows["low_confidence"].fillna("").astype(str) != "", ["row_id", "low_confidence"]]
    return dict(zip(marked["row_id"].astype(str), marked["low_confidence"].astype(str)))


def soften(findings: pd.DataFrame, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    doubtful = doubtful_rows(rows)
    if not doubtful or findings.empty:
        return findings
    on_value = findings["field"].isin(ALL_NUMERIC_FIELDS) | (findings["field"].fillna("") == "")
    hit = findings["row_id"].isin(doubtful.keys()) & on_value
    if not hit.any():
        return findings
    findings = findings.copy()
    findings.loc[hit, "severity"] = SOFTENED_SEVERITY
    note = NOTE.get(lang, NOTE["id"])
    findings.loc[hit, "message"] = [m + note.format(cells=doubtful[r]) for m, r in zip(findings.loc[hit, "message"], findings.loc[hit, "row_id"])]
    return findings
