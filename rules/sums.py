"""Budgets that must add up: sub kegiatan -> kegiatan -> program -> sasaran -> total.

Parents are found by position, as printed: a kegiatan belongs to the last
program above it, a sub kegiatan to the last kegiatan above it (a sasaran or
total row closes both). A sasaran's programs are found by the merged cells the
form prints, not by position: the programs under the same Tujuan cell (for the
tujuan's own indicator rows, whose Sasaran cell is empty) or under the same
Tujuan and Sasaran cells (a sasaran whose cell spans its programs). A sasaran
whose cell spans only its own indicator rows names no programs and is not
summed. Levels are read as the rows give them, never decided from these sums.
A sum whose levels rest on weak evidence only (rows.csv `level_basis`: the
sums themselves, or a guess from the layout) is no error: its finding says
which evidence, is only `info`, and waits for a person's review.
A shared (merged) budget cell is one budget, counted once, whatever the
number of indicator rows it spans.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rekon.extract.structure import WEAK_BASES
from rekon.rules.weak_evidence import LEVEL_BASIS, SOFTENED_SEVERITY
from rekon.rules.findings import no_findings, raw_findings
from rekon.rules.registry import check
from rekon.rules.rule_inputs import Report, first_row_of_each_budget_group, side_by_side
from rekon.rules.rounding import agrees, format_amount, format_like, ratio_slack

MONEY_FIELDS = ["target_pagu", "realisasi_pagu"]
LEVEL_NAMES = {
    "program": {"id": "program", "en": "programme"},
    "kegiatan": {"id": "kegiatan", "en": "activity (kegiatan)"},
    "sasaran": {"id": "sasaran", "en": "strategic target (sasaran)"},
}
# (parent level, child level, the levels that end a parent's span)
HIERARCHY = [
    ("program", "kegiatan", ("program", "sasaran", "total")),
    ("kegiatan", "sub_kegiatan", ("program", "kegiatan", "sasaran", "total")),
]


def parent_items(rows: pd.DataFrame, parent_level: str, closing_levels: tuple[str, ...]) -> pd.Series:
    """For each row, the budget cell of the nearest `parent_level` item above it ('' when none is open)."""
    item = rows["source_file"] + "\x1f" + rows["budget_group"]
    anchor = pd.Series(pd.NA, index=rows.index, dtype=object)
    anchor[rows["level"].isin(closing_levels)] = ""
    anchor[rows["level"] == parent_level] = item[rows["level"] == parent_level]
    # A file may hold several quarters side by side: parents never reach across quarters.
    return anchor.groupby([rows["source_file"], rows["quarter"]]).ffill().fillna("")


def _cells_key(rows: pd.DataFrame, with_sasaran: bool) -> pd.Series:
    """The Tujuan (and Sasaran) cells a row sits under; never across files or quarters."""
    key = rows["source_file"] + "\x1f" + rows["quarter"] + "\x1f" + rows["tujuan"].fillna("") + "\x1f"
    return key + rows["sasaran"].fillna("") if with_sasaran else key


def _sasaran_children_sums(rows: pd.DataFrame, values: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Per sasaran budget cell, the sums of its programs: (parent key of each sasaran row, sums by key)."""
    firsts = first_row_of_each_budget_group(rows)
    named = rows["tujuan"].fillna("") != ""
    programs = firsts & (rows["level"] == "program") & named
    with_sasaran, tujuan_only = _cells_key(rows, True), _cells_key(rows, False)
    # A program counts for its tujuan's own rows, and for its sasaran's rows when its Sasaran cell is filled.
    keys = pd.concat([tujuan_only[programs], with_sasaran[programs & (rows["sasaran"].fillna("") != "")]])
    grouped = values.loc[keys.index].groupby(keys.to_numpy())
    sums = grouped.sum(min_count=1)
    sums["children"] = grouped.size()
    parent_key = with_sasaran.where((rows["level"] == "sasaran") & named, "")
    return parent_key, sums


def _children_sums(rows: pd.DataFrame, values: pd.DataFrame, child_level: str, parent: pd.Series) -> pd.DataFrame:
    children = first_row_of_each_budget_group(rows) & (rows["level"] == child_level) & (parent != "")
    grouped = values[children].groupby(parent[children])
    sums = grouped.sum(min_count=1)
    sums["children"] = grouped.size()
    return sums


def weak_levels_under(rows: pd.DataFrame, parent_level: str, closing_levels: tuple[str, ...]) -> dict[str, str]:
    """Parent budget cell -> the weak evidence (rows.csv `level_basis`: a guess from the layout, or
    sums) that some level its sum depends on rests on: a row in its span, or the row that closes
    the span (a sub kegiatan read as a kegiatan ends its kegiatan's span early)."""
    if "level_basis" not in rows:
        return {}
    anchor = parent_items(rows, parent_level, closing_levels)
    basis = rows["level_basis"].fillna("").astype(str)
    weak = basis.isin(WEAK_BASES)
    if not weak.any():
        return {}
    same_block = (rows["source_file"] == rows["source_file"].shift(1)) & (rows["quarter"] == rows["quarter"].shift(1))
    closed = anchor.shift(1).where(same_block & (anchor.shift(1) != anchor), "").fillna("")
    found: dict[str, set[str]] = {}
    for keys in (anchor, closed):
        for key, why in zip(keys[weak], basis[weak]):
            if key:
                found.setdefault(key, set()).add(why)
    return {key: ", ".join(sorted(why)) for key, why in found.items()}


@check("sum_mismatch")
def sum_mismatch(report: Report, params: dict) -> pd.DataFrame:
    tolerance = float(params["tolerance"])  # pagu_changed weighs these findings too: made once
    return report.once(("sum_mismatch", tolerance), lambda: _sum_mismatch(report, tolerance))


def _sum_mismatch(report: Report, tolerance: float) -> pd.DataFrame:
    values = pd.DataFrame({field: report.value(field) for field in MONEY_FIELDS})
    return parent_sum_findings(report.rows, values, MONEY_FIELDS, tolerance)


def parent_sum_findings(rows: pd.DataFrame, values: pd.DataFrame, fields: list[str], tolerance: float) -> pd.DataFrame:
    """Raw findings where a kegiatan, program or sasaran prints a `fields` amount that is not the sum of its children's
    (`values`: the amounts, aligned with `rows`)."""
    item = rows["source_file"] + "\x1f" + rows["budget_group"]
    parts = []
    levels = [(level, _children_sums(rows, values, child, parent_items(rows, level, closing)), item) for level, child, closing in HIERARCHY]
    weak = {level: weak_levels_under(rows, level, closing) for level, _, closing in HIERARCHY}
    sasaran_key, sasaran_sums = _sasaran_children_sums(rows, values)
    levels.append(("sasaran", sasaran_sums, sasaran_key))
    for parent_level, sums, key in levels:
        parents = rows[first_row_of_each_budget_group(rows) & (rows["level"] == parent_level) & key.isin(sums.index)]
        for field in fields:
            expected = sums[field].reindex(key[parents.index]).to_numpy()
            actual = values.loc[parents.index, field].to_numpy()
            if parent_level == "sasaran":
                # A sasaran need not print a budget; only one it prints is checked.
                expected = np.where(np.isnan(actual), np.nan, expected)
            # Nothing to compare when neither the parent nor any child prints a value; a side that prints
            # nothing (`-`, blank) spent or planned nothing, so a printed 0 agrees with it.
            both_empty = np.isnan(expected) & np.isnan(actual)
            difference = np.nan_to_num(actual) - np.nan_to_num(expected)
            bad = ~both_empty & (np.abs(difference) > tolerance)
            if not bad.any():
                continue
            found = parents[bad]
            # A sum over levels that rest on weak evidence is no error: the structure may be misread.
            bases = [weak.get(parent_level, {}).get(k, "") for k in key[found.index]]
            parts.append(
                raw_findings(
                    row_id=found["row_id"],
                    field=field,
                    expected=[format_amount(v) for v in expected[bad]],
                    actual=found[field],
                    difference=difference[bad],
                    severity=[SOFTENED_SEVERITY if b else "" for b in bases],
                    details=[
                        {"level": LEVEL_NAMES[parent_level], "children": int(n), **({LEVEL_BASIS: b} if b else {})}
                        for n, b in zip(sums["children"].reindex(key[found.index]).to_numpy(), bases)
                    ],
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else no_findings()


_BASIS = {
    "sum": {"id": "jumlah pagu/realisasi {n} program", "en": "sum over {n} programmes"},
    "ratio": {"id": "realisasi / pagu × 100 dari baris total", "en": "total spent / total ceiling × 100"},
}


def _basis(kind: str, n: int = 0) -> dict:
    return {lang: text.format(n=n) for lang, text in _BASIS[kind].items()}


def _total_ratios_disagreeing(report: Report, totals: np.ndarray, tolerance: float) -> dict[int, tuple[float, float]]:
    """Total rows whose capaian is not realisasi / pagu x 100: position -> (computed, printed)."""
    texts = report.rows.iloc[totals]
    ceiling, spent, capaian = (report.value(f).iloc[totals] for f in ("target_pagu", "realisasi_pagu", "capaian_pagu"))
    # A side-by-side form's capaian is the year's (renja_capaian_mismatch), not the quarter's.
    one_quarter = ~side_by_side(texts)
    checked = one_quarter & ceiling.notna() & (ceiling > 0) & spent.notna() & capaian.notna()
    texts, ceiling, spent, capaian = texts[checked], ceiling[checked], spent[checked], capaian[checked]
    computed = spent / ceiling * 100
    slack = ratio_slack(spent, texts["realisasi_pagu"], ceiling, texts["target_pagu"])
    fits = agrees(capaian, texts["capaian_pagu"], computed, slack, tolerance)
    return {index: (computed[index], capaian[index]) for index in fits.index[~fits.to_numpy()]}


def programs_of_totals(rows: pd.DataFrame) -> dict[int, list[int]]:
    """For each total row, the program rows it adds up (same file and quarter).

    A total heading a section (an agency or urusan row above its programs, in
    the side-by-side forms) adds up the programs below it, up to the next
    total or sasaran row printed after a program; consecutive total rows head
    the same section. A closing TOTAL (the Excel family's last row) has no
    programs below it: it adds up those above it, since the previous total.
    """
    firsts = first_row_of_each_budget_group(rows)
    found: dict[int, list[int]] = {}
    for _, block in rows.groupby([rows["source_file"], rows["quarter"]], sort=False):
        levels = block["level"].tolist()
        indexes = block.index.tolist()
        for position, (index, level) in enumerate(zip(indexes, levels)):
            if level != "total":
                continue
            below, seen_program = [], False
            for other, other_level in zip(indexes[position + 1 :], levels[position + 1 :]):
                if other_level in ("total", "sasaran") and seen_program:
                    break
                if other_level == "program":
                    seen_program = True
                    if firsts[other]:
                        below.append(other)
            if not below:
                for other, other_level in zip(reversed(indexes[:position]), reversed(levels[:position])):
                    if other_level == "total":
                        break
                    if other_level == "program" and firsts[other]:
                        below.append(other)
                below.reverse()
            found[index] = below
    return found


@check("total_mismatch")
def total_mismatch(report: Report, params: dict) -> pd.DataFrame:
    key = ("total_mismatch", float(params["tolerance"]), float(params["capaian_tolerance"]))  # pagu_changed's too
    return report.once(key, lambda: _total_mismatch(report, key[1], key[2]))


def _total_mismatch(report: Report, tolerance: float, capaian_tolerance: float) -> pd.DataFrame:
    rows = report.rows  # indexed by position (rule_inputs.prepare)
    totals = np.flatnonzero((rows["level"] == "total").to_numpy())
    programs_of = programs_of_totals(rows)
    values = {field: report.value(field).to_numpy() for field in MONEY_FIELDS}
    ratios = _total_ratios_disagreeing(report, totals, capaian_tolerance)
    records = []
    for index, row_id in zip(totals.tolist(), rows["row_id"].iloc[totals]):
        programs = programs_of.get(index, [])
        for field in MONEY_FIELDS:
            printed, program_values = values[field][index], values[field][programs]
            if np.isnan(printed) or np.isnan(program_values).all():
                continue
            expected = np.where(np.isnan(program_values), 0.0, program_values).sum()  # as pandas sums, skipping blanks
            if abs(printed - expected) > tolerance:
                records.append((row_id, field, format_amount(expected), rows.at[index, field], printed - expected, _basis("sum", len(programs))))
        if index in ratios:
            computed, capaian = ratios[index]
            printed_text = rows.at[index, "capaian_pagu"]
            records.append((row_id, "capaian_pagu", format_like(computed, printed_text), printed_text, capaian - computed, _basis("ratio")))
    if not records:
        return no_findings()
    row_id, field, expected, actual, difference, basis = zip(*records)
    return raw_findings(row_id=list(row_id), field=list(field), expected=list(expected), actual=list(actual), difference=list(difference), details=[{"basis": b} for b in basis])
