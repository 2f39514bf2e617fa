"""The inputs as the checks read them: rows with numbers parsed, the panel, and where each row sits.

rows.csv and panel.csv are read as text (dtype=str); a check needs both the
number and the text it came from (the text tells how many decimals were printed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd

from rekon.extract.schema import ALL_NUMERIC_FIELDS

VALUE_FIELDS = ALL_NUMERIC_FIELDS
CONTEXT_FIELDS = ["program", "kegiatan", "sub_kegiatan", "indikator", "source_file", "page"]
QUARTERS = (1, 2, 3, 4)
T = TypeVar("T")
ROW_ID_COLUMNS = {q: f"row_id_q{q}" for q in QUARTERS}


@dataclass(frozen=True)
class Report:
    rows: pd.DataFrame  # text as read, plus `quarter_no`, `order` and `<field>_value` floats
    panel: pd.DataFrame
    _made: dict = field(default_factory=dict, compare=False, repr=False)

    def once(self, key: object, make: Callable[[], T]) -> T:
        """What several checks derive alike (the panel's consecutive quarters, a rule's findings
        another rule weighs), made once per report. Callers never modify what it returns."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def value(self, field: str) -> pd.Series:
        return self.rows[f"{field}_value"]

    def text(self, field: str) -> pd.Series:
        return self.rows[field]


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        if column not in frame:
            frame[column] = ""
        frame[column] = frame[column].fillna("").astype(str).str.strip()
    return frame


def prepare(rows: pd.DataFrame, panel: pd.DataFrame | None) -> Report:
    rows = _as_text(rows.reset_index(drop=True), ["row_id", "quarter", "level", "budget_group", "cell_errors", "satuan", *VALUE_FIELDS, *CONTEXT_FIELDS])
    rows["order"] = range(len(rows))
    rows["quarter_no"] = pd.to_numeric(rows["quarter"], errors="coerce").astype("Int64")
    # A row without a budget group is its own group: counted once, like any other.
    rows["budget_group"] = rows["budget_group"].where(rows["budget_group"] != "", "row:" + rows["row_id"])
    for field in VALUE_FIELDS:
        rows[f"{field}_value"] = pd.to_numeric(rows[field], errors="coerce").astype(float)
    if panel is None:
        panel = pd.DataFrame(columns=["indicator_key", *ROW_ID_COLUMNS.values()])
    panel = _as_text(panel.reset_index(drop=True), ["indicator_key", "status", *ROW_ID_COLUMNS.values()])
    return Report(rows=rows, panel=panel)


_QUARTER_SUFFIX = r":q\d$"


def side_by_side(rows: pd.DataFrame) -> pd.Series:
    """True on the rows of a form with the quarters side by side (the Renja evaluation form): one
    record per printed row and quarter, their row ids ending in `:q<quarter>` (README, Row ids)."""
    return rows["row_id"].astype(str).str.contains(_QUARTER_SUFFIX, regex=True)


def printed_row(rows: pd.DataFrame) -> pd.Series:
    """The printed row a record belongs to: its row id without the quarter (`<file>:p<page>:r<row>`)."""
    return rows["row_id"].astype(str).str.replace(_QUARTER_SUFFIX, "", regex=True)


def first_row_of_each_budget_group(rows: pd.DataFrame) -> pd.Series:
    """True on the row that stands for its shared budget cell; its siblings repeat the same money."""
    return ~rows.duplicated(subset=["source_file", "budget_group"], keep="first")


def panel_keys_by_row(panel: pd.DataFrame) -> pd.Series:
    """row_id -> indicator_key, for findings found within one quarter."""
    pairs = [panel[[column, "indicator_key"]].rename(columns={column: "row_id"}) for column in ROW_ID_COLUMNS.values() if column in panel]
    if not pairs:
        return pd.Series(dtype=object)
    long = pd.concat(pairs, ignore_index=True)
    long = long[long["row_id"] != ""].drop_duplicates("row_id")
    return long.set_index("row_id")["indicator_key"]
