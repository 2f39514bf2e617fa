"""Compare extracted rows with a sample's ground truth, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rekon.extract.numbers import Convention, parse_cell
from rekon.extract.schema import NUMERIC_FIELDS
from samples.truth import TEXT_FIELDS, one_line

VALUE_FIELDS = NUMERIC_FIELDS


@dataclass(frozen=True)
class CellDiff:
    row: int
    field: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"row {self.row + 1} {self.field}: expected {self.expected!r}, got {self.actual!r}"


def expected_value(printed: str) -> str:
    """The truth is the report's own convention (comma thousands); rows.csv holds plain decimals."""
    return parse_cell(printed, Convention.COMMA_THOUSANDS).plain


def _partition(labels: list[str]) -> list[int]:
    """Budget groups as 'index of the first row in my group', comparable across naming schemes."""
    first: dict[str, int] = {}
    return [first.setdefault(label, index) for index, label in enumerate(labels)]


def compare_rows(truth: pd.DataFrame, rows: pd.DataFrame) -> list[CellDiff]:
    diffs: list[CellDiff] = []
    if len(truth) != len(rows):
        diffs.append(CellDiff(-1, "row count", str(len(truth)), str(len(rows))))
    n = min(len(truth), len(rows))
    for index in range(n):
        expected, actual = truth.iloc[index], rows.iloc[index]
        for name in TEXT_FIELDS:
            want = one_line(expected[name])
            if name == "indikator" and expected["level"] == "total":
                want = one_line(expected["indikator"]) or "TOTAL_LABEL"
                if want == "TOTAL_LABEL":
                    continue
            if want != actual[name]:
                diffs.append(CellDiff(index, name, want, actual[name]))
        for name in VALUE_FIELDS:
            want = expected_value(expected[name])
            if want != actual[name]:
                diffs.append(CellDiff(index, name, want, actual[name]))
    want_groups = _partition(list(truth["budget_group"].astype(str))[:n])
    got_groups = _partition(list(rows["budget_group"].astype(str))[:n])
    for index, (want, got) in enumerate(zip(want_groups, got_groups)):
        if want != got:
            diffs.append(CellDiff(index, "budget_group", f"shares with row {want + 1}", f"shares with row {got + 1}"))
    return diffs


def value_cells_right(truth: pd.DataFrame, rows: pd.DataFrame) -> tuple[int, int]:
    """(right, total) over the ground truth's non-empty value cells, by row position."""
    right = total = 0
    for index in range(len(truth)):
        for name in VALUE_FIELDS:
            want = expected_value(truth.iloc[index][name])
            if want == "":
                continue
            total += 1
            if index < len(rows) and rows.iloc[index][name] == want:
                right += 1
    return right, total
