"""Each indicator with findings: its four quarters side by side, the cells involved marked, a small chart.

A finding belongs to the indicator of its `indicator_key`; one without a key
(a row the panel could not place) is its own card, keyed by its row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from rekon.extract.nomenclature import name_key, official_name
from rekon.report.charts import QuarterChart
from rekon.report.inputs import RunOutputs
from rekon.report.labels import QUARTER_NAMES
from rekon.report.values import SEVERITIES, number_text, severity_rank, to_float
from rekon.report.year_columns import YEAR_FIELDS, prints_year_columns, quarters_beside_year, year_table

VALUE_FIELDS = ["target_kinerja", "realisasi_kinerja", "capaian_kinerja", "target_pagu", "realisasi_pagu", "capaian_pagu"]
QUARTERS = (1, 2, 3, 4)

Tick = Callable[[], None]


def card_key(finding: dict) -> str:
    return finding["indicator_key"] or f"row:{finding['row_id']}"


def count_indicator_cards(outputs: RunOutputs) -> int:
    return len({card_key(f) for f in outputs.records("findings")})


def cell_errors(row: dict | None) -> dict[str, str]:
    """What a cell printed when it held a spreadsheet error (rows.csv `cell_errors`: "field=#DIV/0!; ...")."""
    errors = {}
    for item in (row or {}).get("cell_errors", "").split(";"):
        field_name, _, printed = item.strip().partition("=")
        if field_name and printed:
            errors[field_name] = printed
    return errors


def _rows_by_quarter(outputs: RunOutputs, entry: dict, first_finding: dict) -> dict[int, dict | None]:
    rows = {q: outputs.row(entry.get(f"row_id_q{q}", "")) for q in QUARTERS}
    if not entry:  # not in the panel: show the finding's own row in its quarter
        row = outputs.row(first_finding["row_id"])
        if row and row.get("quarter", "").isdigit():
            rows[int(row["quarter"])] = row
    return rows


def _value_table(rows: dict[int, dict | None], involved: set[tuple[int, str]], labels: dict[str, str], lang: str) -> list[dict]:
    printed_errors = {q: cell_errors(rows[q]) for q in QUARTERS}
    return [
        {
            "label": labels[name],
            "cells": [
                {
                    "text": number_text((rows[q] or {}).get(name, ""), lang) or printed_errors[q].get(name, ""),
                    "involved": (q, name) in involved,
                    "missing": rows[q] is None,
                }
                for q in QUARTERS
            ],
        }
        for name in VALUE_FIELDS
    ]


def _worst_severity(findings: list[dict]) -> str:
    rank = min(severity_rank(f["severity"]) for f in findings)
    return SEVERITIES[rank] if rank < len(SEVERITIES) else "other"


def indicator_cards(outputs: RunOutputs, labels: dict[str, str], lang: str, tick: Tick | None = None) -> list[dict]:
    tick = tick or (lambda: None)
    if not len(outputs.findings):
        return []
    panel_rows = {r["indicator_key"]: r for r in outputs.records("panel")}
    panel_order = {key: index for index, key in enumerate(panel_rows)}
    findings_by_key: dict[str, list[dict]] = defaultdict(list)
    involved: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for finding in outputs.records("findings"):
        key = card_key(finding)
        findings_by_key[key].append(finding)
        for quarter in (finding["quarter"], finding["previous_quarter"]):
            if quarter.isdigit():
                involved[key].add((int(quarter), finding["field"]))

    chart = QuarterChart([QUARTER_NAMES[q] for q in QUARTERS], (labels["chart_kinerja"], labels["chart_pagu"]), (labels["target"], labels["realisasi"]), lang)
    cards = []
    for key in sorted(findings_by_key, key=lambda k: (panel_order.get(k, len(panel_order)), k)):
        entry, findings = panel_rows.get(key, {}), findings_by_key[key]
        rows = _rows_by_quarter(outputs, entry, findings[0])
        sample = next((r for r in rows.values() if r), None) or {}

        def named(column: str) -> str:
            return entry.get(column) or sample.get(column, "")

        series = {name: [to_float((rows[q] or {}).get(name, "")) for q in QUARTERS] for name in VALUE_FIELDS}
        # The full Renja evaluation form: the year's columns of the row, and each finding on the year's
        # realisation with the four quarters, their sum and the printed year side by side.
        year_fields = {f["field"] for f in findings if f["field"] in YEAR_FIELDS or f["field"].startswith("capaian")}
        rows_by_id = outputs._rows_by_id
        year_sums = [dict(breakdown, field=labels[f["field"]]) for f in findings if (breakdown := quarters_beside_year(rows_by_id, f, lang))]
        cards.append({
            "key": key,
            "indikator": named("indikator") or findings[0]["indikator"],
            "satuan": named("satuan"),
            "context": " › ".join(x for x in (named("program"), named("kegiatan"), named("sub_kegiatan")) if x),
            "official": _official_beside(named("kode"), named(named("level")) if named("level") in _ITEM_LEVELS else ""),
            "table": _value_table(rows, involved[key], labels, lang),
            "findings": sorted(findings, key=lambda f: (severity_rank(f["severity"]), f["quarter"])),
            "worst": _worst_severity(findings),
            "chart": chart.draw((series["target_kinerja"], series["realisasi_kinerja"]), (series["target_pagu"], series["realisasi_pagu"])),
            "year": year_table(sample, year_fields, labels, lang) if prints_year_columns(sample) else [],
            "year_sums": year_sums,
        })
        tick()
    return cards


_ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")


def _official_beside(kode: str, printed: str) -> str:
    """`kode official name` where the printed item name is not the list's (case, spacing and punctuation aside)."""
    official = official_name(kode)
    return f"{kode} {official}" if official and printed and name_key(official) != name_key(printed) else ""
