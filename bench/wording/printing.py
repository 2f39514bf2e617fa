"""The printed rows of a generated report, keyed by its column keys, numbers in its convention.

The one-quarter family's rows come from a source cut (bench/wording/bodies.py) through
`samples.producer2.printed.printed_cells`, which prints a hierarchy in one column or in
Program / Kegiatan / Sub Kegiatan columns merged down over their items. The closing row's
label (TOTAL) is kept in the `item` key, where both renderers look for it.
"""

from __future__ import annotations

import pandas as pd

from samples.producer2.printed import printed_cells
from samples.workbook import indonesian_number

NUMERIC = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")


def _field_of_key(key: str, hierarchy: str) -> str:
    if key == "keg":
        return "kegiatan"
    if key == "item" and hierarchy == "separate":
        return "sub_kegiatan"
    return key


def quarterly_printed(source: pd.DataFrame, keys: list[str], hierarchy: str, convention: str) -> list[dict]:
    fields = [_field_of_key(k, hierarchy) for k in keys]
    printed = printed_cells(source, fields, numeric=set())
    rows = []
    for record in printed.to_dict("records"):
        row = {"level": record["level"]}
        for key, field_name in zip(keys, fields):
            text = record[field_name]
            if field_name in NUMERIC and convention == "dot":
                text = indonesian_number(text)
            row[key] = text
        if record["level"] == "total":
            row["item"] = record["label"]
        rows.append(row)
    return rows
