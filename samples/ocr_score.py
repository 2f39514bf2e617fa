"""How well OCR read a sample's value cells: right, flagged as doubtful, or wrong without a flag."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from samples.compare import VALUE_FIELDS, expected_value


@dataclass(frozen=True)
class OcrScore:
    cells: int  # value cells printed (ground truth not empty), plus cells OCR filled that are empty in truth
    right: int  # written to rows.csv exactly as printed
    flagged: int  # withheld as doubtful (`low_confidence`), or left empty beside a value named as `unmapped_value`
    wrong: list[str]  # written with another value, or missing, and not flagged

    @property
    def share_right(self) -> float:
        return self.right / self.cells if self.cells else 0.0

    @property
    def share_flagged(self) -> float:
        return self.flagged / self.cells if self.cells else 0.0


def flagged_fields(row: pd.Series) -> set[str]:
    return {item.split("=", 1)[0].strip() for item in str(row.get("low_confidence", "")).split(";") if "=" in item}


def score(truth: pd.DataFrame, rows: pd.DataFrame, problems: list[dict] = ()) -> OcrScore:
    """Rows compared with the truth by position (the first len(rows) truth rows when a scan holds only some pages).

    A value left empty in a row whose problems name a value under a header that
    names no column (`unmapped_value`: the header, misread, left its column
    unmapped) is flagged: the auditor is told that the row lacks a printed value.
    """
    unmapped_rows = {p["row_id"] for p in problems if p["problem"] == "unmapped_value"}
    cells = right = flagged = 0
    wrong = []
    for index in range(min(len(truth), len(rows))):
        expected, actual = truth.iloc[index], rows.iloc[index]
        doubtful = flagged_fields(actual)
        for name in VALUE_FIELDS:
            want, got = expected_value(expected[name]), str(actual[name])
            if want == "" and got == "" and name not in doubtful:
                continue
            cells += 1
            if name in doubtful or got == "" and actual["row_id"] in unmapped_rows:
                flagged += 1
            elif got == want:
                right += 1
            else:
                wrong.append(f"{actual['row_id']} {name}: printed {want!r}, read {got!r}")
    return OcrScore(cells, right, flagged, wrong)
