"""Builders for the rules tests: small hand-made rows and panels (no tests here)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from rekon import rules

ROW_COLUMNS = [
    "row_id", "source_file", "page", "bbox", "opd", "year", "quarter", "level", "tujuan", "sasaran",
    "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "target_kinerja",
    "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu",
    "keterangan", "budget_group", "cell_errors",
]
PANEL_COLUMNS = ["indicator_key", "level", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan",
                 "row_id_q1", "row_id_q2", "row_id_q3", "row_id_q4", "score", "status"]


def rows(*cells: dict, quarter: int = 1) -> pd.DataFrame:
    """A rows.csv frame (all text) from dicts of the cells that matter; row ids r1, r2 ... per quarter."""
    records = []
    for index, given in enumerate(cells, 1):
        record = dict.fromkeys(ROW_COLUMNS, "")
        record.update(source_file=f"tw{quarter}.pdf", page="1", quarter=str(quarter), level="sub_kegiatan",
                      program="PROGRAM A", indikator=f"Indikator {index}", satuan="Dok")
        record["row_id"] = f"q{quarter}:r{index}"
        record.update({k: str(v) for k, v in given.items()})
        record["budget_group"] = record["budget_group"] or record["row_id"]
        records.append(record)
    return pd.DataFrame(records, columns=ROW_COLUMNS, dtype=str)


def panel(*lines: dict) -> pd.DataFrame:
    """A panel.csv frame; each dict names indicator_key and row_id_qN."""
    records = []
    for given in lines:
        record = dict.fromkeys(PANEL_COLUMNS, "")
        record.update(status="matched", score="1.0")
        record.update(given)
        records.append(record)
    return pd.DataFrame(records, columns=PANEL_COLUMNS, dtype=str)


@cache
def _defaults():
    """default_rules.yaml read once per session (parsing it took most of each small test's time);
    a copy is changed, never this one."""
    return rules.load_ruleset()


def ruleset_only(*rule_ids: str):
    """The default rules with everything but rule_ids switched off."""
    base = _defaults()
    return base.model_copy(update={"rules": {k: r.model_copy(update={"enabled": k in rule_ids}) for k, r in base.rules.items()}})


def findings_of(rule_id: str, row_frame: pd.DataFrame, panel_frame: pd.DataFrame | None = None, lang: str = "id") -> pd.DataFrame:
    return rules.check(row_frame, panel_frame, ruleset=ruleset_only(rule_id), lang=lang)
