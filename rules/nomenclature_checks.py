"""Checks against the national nomenclature: names not in it, and items under a parent that is not theirs.

Each finding is made once per file and item (the side-by-side forms print an
item once for four quarters; each quarterly file is a document of its own).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rekon.extract.nomenclature import generic, nomenclature, parent_of
from rekon.rules.findings import no_findings, raw_findings
from rekon.rules.registry import check
from rekon.rules.rule_inputs import Report

ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")
PARENT_LEVEL = {"kegiatan": "program", "sub_kegiatan": "kegiatan"}
LEVEL_LABELS = {
    "program": {"id": "program", "en": "program"},
    "kegiatan": {"id": "kegiatan", "en": "kegiatan"},
    "sub_kegiatan": {"id": "sub kegiatan", "en": "sub kegiatan"},
}


def _items(report: Report) -> pd.DataFrame:
    """The first row of each (file, level, item, parent) with the item's printed name."""
    return report.once("nomenclature_items", lambda: _first_items(report))


def _first_items(report: Report) -> pd.DataFrame:
    rows = report.rows
    if "kode" not in rows:
        rows = rows.assign(kode="")
    rows = rows[rows["level"].isin(ITEM_LEVELS)].copy()
    if rows.empty:
        return rows.assign(name="", parent_name="")
    rows["kode"] = rows["kode"].fillna("").astype(str)
    level = rows["level"]
    rows["name"] = np.select([level == lv for lv in ITEM_LEVELS], [rows[lv] for lv in ITEM_LEVELS], "")
    rows["parent_name"] = np.select([level == lv for lv in PARENT_LEVEL], [rows[p] for p in PARENT_LEVEL.values()], "")
    rows = rows[rows["name"] != ""]
    return rows.drop_duplicates(["source_file", "level", "name", "parent_name"], keep="first")


@check("nonstandard_name")
def nonstandard_name(report: Report, params: dict) -> pd.DataFrame:
    items = _items(report)
    index = nomenclature()
    min_letters = int(params.get("min_letters", 4))
    found = []
    for item in items.drop_duplicates(["source_file", "level", "name"])[["row_id", "level", "name"]].to_dict("records"):
        name = item["name"]
        if index.codes(name) or sum(ch.isalpha() for ch in name) < min_letters:
            continue
        nearest = index.nearest(name, item["level"])
        found.append((item, nearest))
    if not found:
        return no_findings()
    return raw_findings(
        row_id=[item["row_id"] for item, _ in found],
        field=[item["level"] for item, _ in found],
        expected=[nearest.name if nearest else "" for _, nearest in found],
        actual=[item["name"] for item, _ in found],
        details=[
            {"level": LEVEL_LABELS[item["level"]], "kode": nearest.kode if nearest else "-", "score": f"{nearest.score:.1f}" if nearest else "0"}
            for item, nearest in found
        ],
    )


@check("misplaced_item")
def misplaced_item(report: Report, params: dict) -> pd.DataFrame:
    items = _items(report)
    if items.empty:
        return no_findings()
    index = nomenclature()
    # The code of each printed parent, as the rows of that parent carry it (same file).
    records = items[["row_id", "source_file", "level", "name", "parent_name", "kode"]].to_dict("records")
    codes = {(r["source_file"], r["level"], r["name"]): r["kode"] for r in records if r["kode"]}
    found = []
    for item in records:
        parent_level = PARENT_LEVEL.get(item["level"])
        if not parent_level or not item["kode"] or not item["parent_name"]:
            continue
        printed_parent = codes.get((item["source_file"], parent_level, item["parent_name"]), "")
        official_parent = parent_of(item["kode"])
        if printed_parent and generic(official_parent) != generic(printed_parent):
            found.append((item, parent_level, printed_parent, official_parent))
    if not found:
        return no_findings()
    return raw_findings(
        row_id=[item["row_id"] for item, *_ in found],
        field=[parent_level for _, parent_level, *_ in found],
        expected=[f"{official} {index.official.get(generic(official), '')}".strip() for *_, official in found],
        actual=[f"{printed} {item['parent_name']}" for item, _, printed, _ in found],
        details=[
            {"level": LEVEL_LABELS[item["level"]], "parent_level": LEVEL_LABELS[parent_level], "name": item["name"], "kode": item["kode"]}
            for item, parent_level, *_ in found
        ],
    )
