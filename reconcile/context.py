"""What each row is compared on: its indicator, its item, the items above it, its unit and its
rank among the indicators of its item, all normalised once."""

from __future__ import annotations

import pandas as pd

from rekon.extract.nomenclature import generic
from rekon.reconcile.normalise import normalise, squash

# Which columns name a row's own item and the items above it, by level. A sasaran's item is
# its Sasaran Strategis and its parent the Tujuan; the total row has neither.
ITEM_COLUMN = {"sasaran": "sasaran", "program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub_kegiatan"}
PARENT_COLUMNS = {
    "sasaran": ("tujuan",),
    "program": (),
    "kegiatan": ("program",),
    "sub_kegiatan": ("program", "kegiatan"),
}

CONTEXT_COLUMNS = ["indikator", "item", "parent", "satuan"]


def row_context(rows: pd.DataFrame) -> pd.DataFrame:
    """One line per row (same index): normalised and squashed text of each comparison, the
    row's rank within its item, the size of its item, and the path used for the chain's key."""
    context = pd.DataFrame(index=rows.index)
    items, parents = [], []
    for row in rows.itertuples(index=False):
        column = ITEM_COLUMN.get(row.level)
        items.append(getattr(row, column) if column else "")
        parents.append(" / ".join(getattr(row, c) for c in PARENT_COLUMNS.get(row.level, ())))
    raw = {"indikator": rows["indikator"], "item": pd.Series(items, index=rows.index),
           "parent": pd.Series(parents, index=rows.index), "satuan": rows["satuan"]}
    for name, values in raw.items():
        context[name] = values.map(normalise)
        context[f"{name}_squashed"] = values.map(squash)
    context["words"] = context["indikator"].str.split(" ")
    for column in ("target_pagu", "target_kinerja"):
        context[column] = rows[column].astype(str) if column in rows else ""
    # The item's nomenclature code, in the list's own form (X.XX for the support programme):
    # rows.csv written before codes existed has none.
    context["kode"] = rows["kode"].fillna("").astype(str).map(generic) if "kode" in rows else ""
    # Rank among the indicators of the same item, in printed (input) order.
    item_key = [rows[c] for c in ("opd", "year", "quarter", "level")] + [context["parent"], context["item"]]
    grouped = context.groupby(item_key, sort=False)
    context["rank"] = grouped.cumcount()
    context["siblings"] = grouped["item"].transform("size")
    # A pagu printed once for all the indicators of an item (a merged budget cell) is the item's:
    # the same pagu in another quarter says which item, not which of its indicators.
    shared = grouped["target_pagu"].transform("nunique") == 1
    context["pagu_of_item"] = shared & (context["siblings"] > 1) & (context["target_pagu"] != "")
    return context
