"""Checks along the panel: one indicator followed from quarter to quarter.

Each finding compares a quarter with the previous quarter in which the
indicator was printed. A shared budget cell is reported once per quarter.

pagu_changed severity, by design: a pagu may legitimately change after the
APBD Perubahan. A change is a *revision* (the `revision_severity`, info by
default) when the rest of the report reflects it: the total pagu changed
between the same two quarters, and the item's new pagu still equals the sum of
its children (or, for the total row, of the programs). Otherwise the change
stands alone and gets the rule's severity (warning by default): an item whose
pagu moved while the total did not, or that no longer agrees with its parts.
"""

from __future__ import annotations

import re

import pandas as pd

from rekon.rules.findings import no_findings, raw_findings
from rekon.rules.registry import check
from rekon.rules.rule_inputs import QUARTERS, ROW_ID_COLUMNS, Report
from rekon.rules.sums import sum_mismatch, total_mismatch

_ROW_COLUMNS = ["row_id", "source_file", "budget_group", "level", "indikator", "satuan", "cell_errors", "target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu"]
_VALUE_COLUMNS = ["target_kinerja_value", "target_pagu_value", "realisasi_kinerja_value", "realisasi_pagu_value"]


def panel_rows(report: Report) -> pd.DataFrame:
    """The panel in long form: one line per indicator and quarter printed, with that row's cells."""
    return report.once("panel_rows", lambda: _panel_rows(report))


def _panel_rows(report: Report) -> pd.DataFrame:
    panel = report.panel
    if panel.empty:
        return pd.DataFrame(columns=["indicator_key", "quarter", *_ROW_COLUMNS, *_VALUE_COLUMNS])
    long = panel.melt(id_vars=["indicator_key"], value_vars=list(ROW_ID_COLUMNS.values()), var_name="column", value_name="row_id")
    long = long[long["row_id"] != ""].copy()
    long["quarter"] = long["column"].str.removeprefix("row_id_q").astype(int)
    cells = report.rows.drop_duplicates("row_id").set_index("row_id")[[c for c in _ROW_COLUMNS if c != "row_id"] + _VALUE_COLUMNS + ["order"]]
    long = long.join(cells, on="row_id", how="inner")
    return long.drop(columns="column").sort_values(["indicator_key", "quarter"], kind="stable").reset_index(drop=True)


def consecutive_pairs(report: Report) -> pd.DataFrame:
    """Each printed quarter of an indicator next to the previous quarter it was printed in (columns `_prev`)."""
    return report.once("consecutive_pairs", lambda: _consecutive_pairs(report))


def _consecutive_pairs(report: Report) -> pd.DataFrame:
    long = panel_rows(report)
    previous = long.groupby("indicator_key").shift(1)
    pairs = long.join(previous.add_suffix("_prev"))
    return pairs[pairs["row_id_prev"].notna()].reset_index(drop=True)


def _once_per_budget_cell(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.drop_duplicates(subset=["source_file", "budget_group", "budget_group_prev"], keep="first")


def _quarter_totals(report: Report) -> dict[int, float]:
    totals = report.rows[report.rows["level"] == "total"].dropna(subset=["quarter_no"])
    return totals.groupby("quarter_no")["target_pagu_value"].first().dropna().to_dict()


_WHY = {
    "revision": {"id": " — revisi (APBD Perubahan): pagu total juga berubah dan rinciannya sesuai", "en": " — a revision (APBD Perubahan): the total pagu changed too and the parts agree"},
    "total_same": {"id": " — pagu total tidak berubah", "en": " — the total pagu did not change"},
    "parts_disagree": {"id": " — pagu baru tidak sama dengan jumlah rinciannya", "en": " — the new pagu differs from the sum of its parts"},
}


def _change_findings(found: pd.DataFrame, field: str, numeric: bool = False, **extra) -> pd.DataFrame:
    """One finding per pair of quarters whose `field` changed: the earlier value expected, the later printed."""
    return raw_findings(
        **extra,
        row_id=found["row_id"],
        indicator_key=found["indicator_key"],
        quarter=found["quarter"],
        previous_quarter=found["quarter_prev"].astype(int),
        field=field,
        expected=found[f"{field}_prev"],
        actual=found[field],
        **({"difference": found[f"{field}_value"] - found[f"{field}_value_prev"]} if numeric else {}),
    )


def _changed(pairs: pd.DataFrame, field: str, tolerance: float) -> pd.Series:
    """Printed in both quarters, and apart by more than the tolerance."""
    now, before = pairs[f"{field}_value"], pairs[f"{field}_value_prev"]
    return now.notna() & before.notna() & ((now - before).abs() > tolerance)


@check("pagu_changed")
def pagu_changed(report: Report, params: dict) -> pd.DataFrame:
    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    changed = _changed(pairs, "target_pagu", float(params["tolerance"]))
    found = _once_per_budget_cell(pairs[changed])
    if found.empty:
        return no_findings()
    totals = _quarter_totals(report)
    total_changed = [
        q in totals and int(p) in totals and totals[q] != totals[int(p)] for q, p in zip(found["quarter"], found["quarter_prev"])
    ]
    disagreeing = pd.concat([sum_mismatch(report, {"tolerance": 1}), total_mismatch(report, {"tolerance": 1, "capaian_tolerance": 0.01})])
    disagreeing = set(disagreeing.loc[disagreeing["field"] == "target_pagu", "row_id"])
    parts_agree = ~found["row_id"].isin(disagreeing)
    reasons = ["revision" if t and a else ("parts_disagree" if not a else "total_same") for t, a in zip(total_changed, parts_agree)]
    return _change_findings(
        found,
        "target_pagu",
        numeric=True,
        severity=[params["revision_severity"] if r == "revision" else None for r in reasons],
        details=[{"why": _WHY[r]} for r in reasons],
    )


def _no_value(pairs: pd.DataFrame, field: str, suffix: str = "") -> pd.Series:
    """Printed blank or `-`: no number, and not a spreadsheet error (an error is a value gone wrong)."""
    errors = pairs[f"cell_errors{suffix}"].fillna("").astype(str)
    return pairs[f"{field}_value{suffix}"].isna() & ~errors.str.contains(rf"(?:^|;\s*){field}=", regex=True)


def _budget_appearing(report: Report, appearing: bool) -> pd.DataFrame:
    """A pagu printed blank or `-` in one quarter and as a number in the next (or the reverse)."""
    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    now, before = pairs["target_pagu_value"], pairs["target_pagu_value_prev"]
    if appearing:
        moved = _no_value(pairs, "target_pagu", "_prev") & now.notna()
    else:
        moved = before.notna() & _no_value(pairs, "target_pagu")
    found = _once_per_budget_cell(pairs[moved])
    if found.empty:
        return no_findings()
    return _change_findings(found, "target_pagu", numeric=True).assign(
        difference=(found["target_pagu_value"].fillna(0) - found["target_pagu_value_prev"].fillna(0)).to_numpy()
    )


@check("pagu_added")
def pagu_added(report: Report, params: dict) -> pd.DataFrame:
    """A budget that appears mid-year (a new sub kegiatan funded, DAK added): blank/`-` -> a value."""
    return _budget_appearing(report, appearing=True)


@check("pagu_removed")
def pagu_removed(report: Report, params: dict) -> pd.DataFrame:
    """A budget that disappears: a value -> blank/`-` while the indicator is still printed."""
    return _budget_appearing(report, appearing=False)


@check("target_changed")
def target_changed(report: Report, params: dict) -> pd.DataFrame:
    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    changed = _changed(pairs, "target_kinerja", float(params["tolerance"]))
    found = pairs[changed]
    return _change_findings(found, "target_kinerja", numeric=True)


def _unit_key(units: pd.Series, equivalent: list[list[str]]) -> pd.Series:
    """A unit spelled the same up to case and spacing, or named equivalent, gets the same key."""
    canonical = {}
    for group in equivalent:
        names = [" ".join(name.lower().split()) for name in group]
        for name in names:
            canonical[name] = names[0]
    normalised = units.fillna("").astype(str).str.lower().str.split().str.join(" ")
    return normalised.map(lambda unit: canonical.get(unit, unit))


@check("satuan_changed")
def satuan_changed(report: Report, params: dict) -> pd.DataFrame:
    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    now, before = _unit_key(pairs["satuan"], params["equivalent_units"]), _unit_key(pairs["satuan_prev"], params["equivalent_units"])
    found = pairs[(now != "") & (before != "") & (now != before)]
    return _change_findings(found, "satuan")


@check("indikator_changed")
def indikator_changed(report: Report, params: dict) -> pd.DataFrame:
    """An indicator chained across quarters (by its item and planned values, or its text) printed
    with another text: beyond typos and rewrapping, which fuzz.ratio >= `min_similarity` forgives."""
    from rapidfuzz import fuzz

    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    squash = lambda text: re.sub(r"[^a-z0-9]", "", str(text).lower())  # noqa: E731
    similarity = [fuzz.ratio(squash(a), squash(b)) for a, b in zip(pairs["indikator"], pairs["indikator_prev"])]
    # The closing row's label is the layout's own (TOTAL in TW I-III, RATA-RATA CAPAIAN KINERJA in TW IV).
    found = pairs[(pd.Series(similarity, index=pairs.index) < float(params["min_similarity"])) & (pairs["indikator_prev"] != "") & (pairs["level"] != "total")]
    return _change_findings(found, "indikator")


@check("realisasi_decreased")
def realisasi_decreased(report: Report, params: dict) -> pd.DataFrame:
    pairs = consecutive_pairs(report)
    if pairs.empty:
        return no_findings()
    tolerance = float(params["tolerance"])
    if not params.get("side_by_side_cumulative", False):
        # A form with the quarters side by side in one file (Realisasi Kinerja Pada Triwulan
        # I - IV) prints each quarter's own realisation: a kegiatan's Rp equals its sub
        # kegiatan's per quarter, and TW II is often below TW I. Nothing accumulates there.
        pairs = pairs[pairs["source_file"] != pairs["source_file_prev"]]
    parts = []
    for field, severity, candidates in (
        ("realisasi_pagu", None, _once_per_budget_cell(pairs)),
        ("realisasi_kinerja", params["kinerja_severity"], pairs),
    ):
        now, before = candidates[f"{field}_value"], candidates[f"{field}_value_prev"]
        found = candidates[now.notna() & before.notna() & (now < before - tolerance)]
        parts.append(_change_findings(found, field, numeric=True, severity=severity))
    return pd.concat(parts, ignore_index=True)


def _presence_changes(report: Report) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """Which quarters each indicator is printed in, and the consecutive quarters the rows cover."""
    printed_quarters = sorted(int(q) for q in report.rows["quarter_no"].dropna().unique() if int(q) in QUARTERS)
    long = panel_rows(report)
    return long, list(zip(printed_quarters, printed_quarters[1:]))


def _appearances(report: Report, appearing: bool) -> pd.DataFrame:
    long, steps = _presence_changes(report)
    if long.empty or not steps:
        return no_findings()
    # The panel holds one line per indicator: each (indicator, quarter) names one row.
    by_quarter = dict(zip(zip(long["indicator_key"], long["quarter"]), long["row_id"]))
    keys = long["indicator_key"].unique()
    records = []
    for previous, current in steps:
        for key in keys:
            before, now = by_quarter.get((key, previous)), by_quarter.get((key, current))
            if appearing and now is not None and before is None:
                records.append((now, key, current, previous))
            if not appearing and before is not None and now is None:
                records.append((before, key, current, previous))
    if not records:
        return no_findings()
    row_id, key, quarter, previous_quarter = zip(*records)
    return raw_findings(row_id=list(row_id), indicator_key=list(key), quarter=list(quarter), previous_quarter=list(previous_quarter), field="")


@check("indicator_added")
def indicator_added(report: Report, params: dict) -> pd.DataFrame:
    return _appearances(report, appearing=True)


@check("indicator_dropped")
def indicator_dropped(report: Report, params: dict) -> pd.DataFrame:
    """Reported on the row of the quarter where it was last printed (the missing quarter has no row)."""
    return _appearances(report, appearing=False)
