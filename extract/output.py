"""Writing tables the way analysts open them: CSV (or Parquet), atomically, safe for spreadsheets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

# A text cell starting with one of these is run as a formula by Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix an apostrophe to text that a spreadsheet would execute; numbers stay numbers."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    try:
        float(value)
        return value  # `-12.5` is a number, not a formula
    except ValueError:
        return "'" + value


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(neutralise).astype(object)
    return safe


def write_atomic(path: Path, write) -> None:
    """Call write(temp_path), then move the file into place: no half-written output, ever."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_table(frame: pd.DataFrame, path: Path, fmt: str = "csv") -> Path:
    if fmt == "parquet":
        path = path.with_suffix(".parquet")
        write_atomic(path, lambda temp: frame.to_parquet(temp, index=False))
    else:
        safe = safe_for_spreadsheets(frame)
        write_atomic(path, lambda temp: safe.to_csv(temp, index=False, encoding="utf-8", lineterminator="\n"))
    return path
