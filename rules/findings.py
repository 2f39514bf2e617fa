"""Findings are data: one row per discrepancy, with stable columns (like pandera's failure cases).

A check returns *raw* findings (which row, which field, what was expected and
printed); the engine adds the rule's severity, the row's context and the message.
"""

from __future__ import annotations

import pandas as pd

FINDING_COLUMNS = [
    "finding_id",
    "rule",
    "severity",
    "quarter",
    "previous_quarter",
    "row_id",
    "indicator_key",
    "program",
    "kegiatan",
    "sub_kegiatan",
    "indikator",
    "field",
    "expected",
    "actual",
    "difference",
    "source_file",
    "page",
    "message",
    # The weak evidence (sums, a guess from the layout) the levels this finding depends on rest on:
    # such a finding is only `info` and waits for review. Empty when the structure is sure.
    "level_basis",
]

# What a check returns. `severity` empty = the rule's own; `details` holds the
# message placeholders particular to the rule ({"formula": {"id": ..., "en": ...}}).
RAW_COLUMNS = ["row_id", "field", "expected", "actual", "difference", "quarter", "previous_quarter", "indicator_key", "severity", "details"]


def raw_findings(**columns) -> pd.DataFrame:
    """A frame of raw findings from aligned columns (lists or Series); missing ones are left empty."""
    length = max((len(v) for v in columns.values() if not isinstance(v, (str, int, float, dict, type(None)))), default=0)
    data = {}
    for name in RAW_COLUMNS:
        value = columns.get(name)
        if isinstance(value, pd.Series):
            value = value.tolist()
        if value is None:
            value = [None] * length
        elif isinstance(value, (str, int, float, dict)):
            value = [value] * length
        data[name] = list(value)
    unknown = set(columns) - set(RAW_COLUMNS)
    if unknown:
        raise TypeError(f"unknown finding columns {sorted(unknown)}")
    return pd.DataFrame(data, columns=RAW_COLUMNS, dtype=object)


def no_findings() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in RAW_COLUMNS})


def empty_findings() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in FINDING_COLUMNS})
