"""The cells a layout prints, from a sample source: one string per row and printed field.

A source (samples.source.read_source) holds the hierarchy in one `item` column (TW IV
also in `program`). The separate-columns style prints Program, Kegiatan and Sub
Kegiatan in columns of their own, each merged down over the items below it, as such
reports do. ``^`` keeps its meaning: the same merged cell as the row above.
"""

from __future__ import annotations

import pandas as pd

from samples.source import CONTINUES_ABOVE
from samples.workbook import indonesian_number

# The hierarchy level each separate column holds, and the levels that end its merged cell.
_SEPARATE = {
    "program": ("program", {"program", "sasaran", "total"}),
    "kegiatan": ("kegiatan", {"program", "kegiatan", "sasaran", "total"}),
    "sub_kegiatan": ("sub_kegiatan", {"program", "kegiatan", "sub_kegiatan", "sasaran", "total"}),
}


def printed_cells(source: pd.DataFrame, fields: list[str], numeric: set[str]) -> pd.DataFrame:
    """One column per printed field, numbers in Indonesian format (`9.756.893.547`, `25,00`)."""
    frame = pd.DataFrame(index=source.index)
    separate = "kegiatan" in fields
    for field in fields:
        if separate and field in _SEPARATE:
            frame[field] = _separate_column(source, *_SEPARATE[field])
        elif field in numeric:
            frame[field] = source[field].map(indonesian_number)
        else:
            frame[field] = source[field]
    frame["level"] = source["level"]
    # The closing row's label (TOTAL, RATA-RATA CAPAIAN KINERJA) spans the leading columns.
    frame["label"] = source["item"].where(source["level"] == "total", "")
    return frame


def _separate_column(source: pd.DataFrame, level: str, ends: set[str]) -> list[str]:
    """The item names of one level, each merged down until an item that ends it."""
    names = source["program"] if level == "program" and (source["program"] != "").any() else None
    cells: list[str] = []
    open_item = False
    for row in source.itertuples(index=False):
        if names is not None:  # TW IV prints the program column already, merges included
            cells.append(row.program)
            continue
        if row.level == level and row.item != CONTINUES_ABOVE:
            cells.append(row.item)
            open_item = True
        elif open_item and row.level not in ends - {level}:
            cells.append(CONTINUES_ABOVE)
        else:
            cells.append("")
            open_item = False
    return cells
