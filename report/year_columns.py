"""The full Renja evaluation form's columns in the report and the review app.

A row of that form prints the year's columns once (Renstra target, Renstra realisation to
last year, the year's realisation, Renstra to date, the achievements), repeated on each of its
quarter records in rows.csv. `year_table` lays them out as K/Rp pairs for an indicator card;
`quarters_beside_year` puts the four quarters, their sum and the year as printed side by side,
for a finding on the year's total (year_sum_mismatch).
"""

from __future__ import annotations

import math
import re

from rekon.report.labels import QUARTER_NAMES
from rekon.report.values import number_text, to_float

# (label key, K field, Rp field)
YEAR_PAIRS = (
    ("target_renstra", "target_renstra_kinerja", "target_renstra_pagu"),
    ("realisasi_renstra_lalu", "realisasi_renstra_lalu_kinerja", "realisasi_renstra_lalu_pagu"),
    ("target_renja", "target_kinerja", "target_pagu"),
    ("realisasi_tahun", "realisasi_tahun_kinerja", "realisasi_tahun_pagu"),
    ("capaian_renja", "capaian_kinerja", "capaian_pagu"),
    ("realisasi_renstra", "realisasi_renstra_kinerja", "realisasi_renstra_pagu"),
    ("capaian_renstra", "capaian_renstra_kinerja", "capaian_renstra_pagu"),
)
YEAR_FIELDS = frozenset(f for _, k, rp in YEAR_PAIRS for f in (k, rp)) - {"target_kinerja", "target_pagu", "capaian_kinerja", "capaian_pagu"}
_QUARTER_SUFFIX = re.compile(r":q(\d)$")


def prints_year_columns(row: dict | None) -> bool:
    return bool(row) and any(row.get(field, "") for field in YEAR_FIELDS)


def year_table(row: dict, involved: set[str], labels: dict[str, str], lang: str) -> list[dict]:
    """The row's year-level K/Rp pairs that hold a value, with the fields a finding names marked."""
    lines = []
    for key, k_field, rp_field in YEAR_PAIRS:
        k, rp = row.get(k_field, ""), row.get(rp_field, "")
        if k or rp:
            lines.append({"label": labels[key], "k": number_text(k, lang), "rp": number_text(rp, lang),
                          "k_involved": k_field in involved, "rp_involved": rp_field in involved})
    return lines


def records_of_printed_row(rows_by_id: dict[str, dict], row_id: str) -> dict[int, dict]:
    """The quarter records of the printed row a side-by-side record belongs to, by quarter."""
    found = _QUARTER_SUFFIX.search(row_id or "")
    if not found:
        return {}
    stem = row_id[: found.start()]
    return {q: rows_by_id[f"{stem}:q{q}"] for q in range(1, 5) if f"{stem}:q{q}" in rows_by_id}


def quarters_beside_year(rows_by_id: dict[str, dict], finding: dict, lang: str) -> dict | None:
    """For a finding on the year's total (year_sum_mismatch): each quarter as printed, their sum, the year as printed."""
    field = finding.get("field", "")
    if finding.get("rule") != "year_sum_mismatch" or field not in ("realisasi_tahun_kinerja", "realisasi_tahun_pagu"):
        return None
    records = records_of_printed_row(rows_by_id, finding.get("row_id", ""))
    if not records:
        return None
    quarter_field = field.replace("_tahun", "")
    values = {q: records[q].get(quarter_field, "") for q in records}
    total = sum(v for v in (to_float(t) for t in values.values()) if not math.isnan(v))
    printed = next(iter(records.values())).get(field, "")
    return {
        "cells": [{"label": QUARTER_NAMES[q], "text": number_text(values[q], lang) if q in values else "—"} for q in range(1, 5)],
        "sum": number_text(f"{total:.6f}".rstrip("0").rstrip("."), lang),
        "printed": number_text(printed, lang),
    }
