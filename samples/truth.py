"""The ground truth of a sample: what a perfect extractor returns for each printed row.

Derived from the hand-made source: merged cells resolved, the hierarchy
(program, kegiatan, sub kegiatan) carried down in printed order, shared
budget cells given one ``budget_group`` id.
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.schema import NUMERIC_FIELDS
from samples.source import BUDGET_COLUMNS, CONTINUES_ABOVE, resolve

HIERARCHY = ["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan"]
TEXT_FIELDS = ["level", *HIERARCHY, "indikator", "satuan", "formula", "keterangan"]
TRUTH_COLUMNS = ["indicator_id", "level", *HIERARCHY, "indikator", "satuan", "formula", *NUMERIC_FIELDS, "keterangan", "budget_group"]


def one_line(text: str) -> str:
    """Cell text as an extractor reports it: every line break and run of spaces is one space."""
    return " ".join(text.split())


def truth_rows(source: pd.DataFrame) -> pd.DataFrame:
    resolved = resolve(source)
    program = kegiatan = sub_kegiatan = ""
    hierarchy = []
    for row in resolved.itertuples(index=False):
        # TW IV prints programs in a column of their own; TW I-III in the item column.
        row_program = row.program or (row.item if row.level == "program" else program)
        if row.level in ("sasaran", "total"):
            program = kegiatan = sub_kegiatan = ""
        elif row.level == "program":
            program, kegiatan, sub_kegiatan = row_program, "", ""
        elif row.level == "kegiatan":
            program, kegiatan, sub_kegiatan = row_program, row.item, ""
        else:
            program, sub_kegiatan = row_program, row.item
        hierarchy.append((program, kegiatan, sub_kegiatan))

    truth = pd.DataFrame(hierarchy, columns=["program", "kegiatan", "sub_kegiatan"])
    for column in TRUTH_COLUMNS:
        if column in ("program", "kegiatan", "sub_kegiatan", "budget_group"):
            continue
        truth[column] = resolved[column].map(one_line) if column in resolved else ""
    truth["budget_group"] = _budget_groups(source)
    return truth[TRUTH_COLUMNS]


def _budget_groups(source: pd.DataFrame) -> list[int]:
    """Rows whose pagu cell is merged with the row above share the group of that row."""
    groups: list[int] = []
    for index, pagu in enumerate(source["target_pagu"]):
        shares = pagu == CONTINUES_ABOVE and index > 0
        groups.append(groups[-1] if shares else index)
    return groups


def check_budget_merges(source: pd.DataFrame) -> list[str]:
    """Shared budget cells must span the same rows in all three budget columns."""
    problems = []
    for index in range(len(source)):
        marks = {column: source.at[index, column] == CONTINUES_ABOVE for column in BUDGET_COLUMNS}
        if len(set(marks.values())) > 1:
            problems.append(f"row {index}: budget cells merged unevenly {marks}")
    return problems
