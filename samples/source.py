"""Read the hand-made sample sources (data/source/twN.csv) and resolve their merged cells.

The schema is described in data/source/SCHEMA.md. A cell holding ``^`` is the
same merged cell as the one above it; everything else is printed text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekon.extract.header import FIELDS
from rekon.extract.schema import NUMERIC_FIELDS

CONTINUES_ABOVE = "^"

# The printed columns, in the order the extractor's header mapper knows them, between the
# source's bookkeeping columns.
SOURCE_COLUMNS = ["indicator_id", "level", *FIELDS, "source_lines", "note"]

# Columns that hold printed cells (the rest is bookkeeping of the source file).
PRINTED_COLUMNS = list(FIELDS)
VALUE_COLUMNS = NUMERIC_FIELDS
BUDGET_COLUMNS = ["target_pagu", "realisasi_pagu", "capaian_pagu"]
LEVELS = ("sasaran", "program", "kegiatan", "sub_kegiatan", "total")


@dataclass(frozen=True)
class Merge:
    """A vertically merged cell: rows first..last (0-based, inclusive) of one column."""

    column: str
    first: int
    last: int


class SourceError(ValueError):
    pass


def read_source(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(frame.columns) != SOURCE_COLUMNS:
        raise SourceError(f"{path}: columns {list(frame.columns)} differ from the schema {SOURCE_COLUMNS}")
    bad_levels = sorted(set(frame["level"]) - set(LEVELS))
    if bad_levels:
        raise SourceError(f"{path}: unknown levels {bad_levels}")
    if (frame.iloc[0][PRINTED_COLUMNS] == CONTINUES_ABOVE).any():
        raise SourceError(f"{path}: the first row cannot continue a cell above it")
    return frame


def merges(frame: pd.DataFrame) -> list[Merge]:
    """Every vertical merge of two or more rows, column by column."""
    found: list[Merge] = []
    for column in PRINTED_COLUMNS:
        cells = frame[column].tolist()
        start = None
        for index, value in enumerate(cells + [None]):
            continues = value == CONTINUES_ABOVE
            if continues:
                if start is None:
                    start = index - 1
                continue
            if start is not None:
                found.append(Merge(column, start, index - 1))
                start = None
    return found


def resolve(frame: pd.DataFrame) -> pd.DataFrame:
    """The source with every ``^`` replaced by the text of the merged cell it belongs to."""
    resolved = frame.copy()
    for column in PRINTED_COLUMNS:
        resolved[column] = resolved[column].replace(CONTINUES_ABOVE, pd.NA).ffill().fillna("")
    return resolved
