"""The Renja evaluation form's own formulas (Permendagri 86/2017, tables E.79-E.81), on its records.

The form prints the four quarters side by side: rows.csv holds one record per printed row and
quarter (row ids ending in `:q<quarter>`), the quarter's realisation in `realisasi_*` and the
columns printed once per row (Renstra target, Renstra realisation to last year, this year's
target, the year's realisation, Renstra realisation to this year, the achievements) repeated on
each record. These checks read one line per printed row (`by_printed_row`) and put a finding on
the row's last quarter record (a quarter's own finding on that quarter's record). The source
of each formula is given in default_rules.yaml. Rp is checked once per budget cell (an item's
merged Rp over its indicator rows); K of an indicator only where its kind allows
(rules/additivity.py): the year's K is the quarters' sum for a count of outputs, the level
reached for a percentage or an index, and unknown otherwise.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

from rekon.rules.additivity import ADDITIVE, LEVEL, kinerja_kind
from rekon.rules.findings import no_findings, raw_findings
from rekon.rules.finding_messages import pretty_number
from rekon.rules.registry import check
from rekon.rules.rule_inputs import Report, first_row_of_each_budget_group, printed_row, side_by_side
from rekon.rules.rounding import agrees, format_amount, format_like, ratio_slack
from rekon.rules.sums import parent_sum_findings, programs_of_totals
from rekon.rules.within_quarter import LOWER_IS_BETTER as _LOWER_IS_BETTER
from rekon.rules.within_quarter import _capaian_fits, lower_is_better

QUARTERS = (1, 2, 3, 4)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ROW_FIELDS = ("row_id", "source_file", "level", "budget_group", "indikator", "satuan", "quarter_no")


_LINES: dict[int, tuple[weakref.ref, pd.DataFrame]] = {}


def by_printed_row(report: Report) -> pd.DataFrame:
    """One line per printed row of a side-by-side form: its first record's cells, the row id of its
    last record (`last_row_id`), each quarter's K and Rp (`k_q1`, `rp_q1`, their texts `k_text_q1` ...,
    the record `row_id_q1`), whether it holds its budget cell (`budget_first`), its kind of K (`kind`)
    and whether its file prints each year-level column at all (`file_prints_<field>`). Made once per
    report: every check of this module reads it."""
    cached = _LINES.get(id(report))
    if cached and cached[0]() is report:
        return cached[1]
    lines = _lines(report)
    for key in [k for k, (ref, _) in _LINES.items() if ref() is None]:
        del _LINES[key]
    _LINES[id(report)] = (weakref.ref(report), lines)
    return lines


def _lines(report: Report) -> pd.DataFrame:
    rows = report.rows[side_by_side(report.rows)]
    if rows.empty:
        return pd.DataFrame()
    printed = printed_row(rows)
    first_mask = ~printed.duplicated()
    first = rows[first_mask].set_index(printed[first_mask].to_numpy())
    columns: dict[str, object] = {}
    last = ~printed.duplicated(keep="last")
    columns["last_row_id"] = pd.Series(rows.loc[last, "row_id"].to_numpy(), index=printed[last].to_numpy()).reindex(first.index)
    by_quarter = rows.assign(printed=printed).drop_duplicates(["printed", "quarter_no"]).set_index(["printed", "quarter_no"])
    for column, name in (("realisasi_kinerja_value", "k"), ("realisasi_pagu_value", "rp"), ("realisasi_kinerja", "k_text"),
                         ("realisasi_pagu", "rp_text"), ("row_id", "row_id")):
        wide = by_quarter[column].unstack("quarter_no")
        for quarter in QUARTERS:
            column_q = wide[quarter].reindex(first.index) if quarter in wide.columns else pd.Series(np.nan, index=first.index)
            columns[f"{name}_q{quarter}"] = column_q if name in ("k", "rp") else column_q.astype(object).where(column_q.notna(), None)
    columns["quarters_printed"] = printed.groupby(printed.to_numpy()).size().reindex(first.index)
    columns["budget_first"] = first_row_of_each_budget_group(first.reset_index(drop=True)).to_numpy()
    columns["kind"] = [kinerja_kind(s, i) for s, i in zip(first["satuan"], first["indikator"])]
    for field in ("realisasi_tahun_kinerja", "realisasi_tahun_pagu", "realisasi_renstra_kinerja", "realisasi_renstra_pagu"):
        columns[f"file_prints_{field}"] = (first[field] != "").groupby(first["source_file"]).transform("any")
    lines = pd.concat([first, pd.DataFrame(columns, index=first.index)], axis=1)
    return lines.reset_index(drop=True)


def _quarters_text(texts, lang: str) -> str:
    """`TW I 1.000 + TW II - + ...` of the quarters a row is printed in (None: no record of that quarter)."""
    label = "TW {}" if lang == "id" else "Q{}"
    return " + ".join(f"{label.format(_ROMAN[q] if lang == 'id' else q)} {pretty_number(text, lang) if text else '-'}"
                      for q, text in zip(QUARTERS, texts) if isinstance(text, str))


def _sum_findings(lines: pd.DataFrame, mask: pd.Series, printed_field: str, expected: pd.Series, tolerance: float,
                  severity: str | None, details: list[dict]) -> pd.DataFrame:
    """Findings where the printed `printed_field` is not `expected` (a printed nil `-` is 0 when the column is printed)."""
    actual = lines[f"{printed_field}_value"]
    shown = lines[printed_field] != ""
    difference = actual.fillna(0) - expected.fillna(0)
    bad = mask & (shown | (expected.fillna(0) != 0)) & (difference.abs() > tolerance)
    found = lines[bad]
    return raw_findings(
        row_id=found["last_row_id"], field=printed_field, expected=[format_amount(v) for v in expected[bad].fillna(0)],
        actual=found[printed_field], difference=difference[bad], severity=severity,
        details=[d for d, b in zip(details, bad) if b],
    )


@check("year_sum_mismatch")
def year_sum_mismatch(report: Report, params: dict) -> pd.DataFrame:
    lines = by_printed_row(report)
    if lines.empty:
        return no_findings()
    parts = []
    for kind, name in (("pagu", "rp"), ("kinerja", "k")):
        field = f"realisasi_tahun_{kind}"
        # A quarter printed `-` or blank is nil: the year is the sum of what the quarters print.
        expected = lines[[f"{name}_q{q}" for q in QUARTERS]].sum(axis=1, min_count=1).fillna(0)
        checked = lines[f"file_prints_{field}"] & (lines["quarters_printed"] > 0) & (lines["level"] != "sasaran")
        if kind == "pagu":
            mask, severity, tolerance = checked & lines["budget_first"], None, float(params["tolerance"])
        else:
            mask, severity, tolerance = checked & (lines["kind"] == ADDITIVE), params["kinerja_severity"], float(params["kinerja_tolerance"])
        texts = lines[[f"{name}_text_q{q}" for q in QUARTERS]].to_numpy()
        details = [{"quarters": {"id": _quarters_text(row, "id"), "en": _quarters_text(row, "en")}} for row in texts]
        parts.append(_sum_findings(lines, mask, field, expected, tolerance, severity, details))
        if kind == "kinerja" and params["report_unchecked"]:
            skipped = checked & (lines["kind"] != ADDITIVE) & (lines[field] != "")
            found = lines[skipped]
            parts.append(raw_findings(row_id=found["last_row_id"], field=field, expected="", actual=found[field], severity="info",
                                      details=[{"quarters": {"id": f"tidak dijumlahkan: indikator {'capaian/tingkat' if k == LEVEL else 'yang jenisnya tidak diketahui'}",
                                                             "en": f"not summed: {'a level' if k == LEVEL else 'an indicator of unknown kind'}"}} for k in found["kind"]]))
    return pd.concat(parts, ignore_index=True)


@check("renstra_sum_mismatch")
def renstra_sum_mismatch(report: Report, params: dict) -> pd.DataFrame:
    lines = by_printed_row(report)
    if lines.empty:
        return no_findings()
    parts = []
    for kind in ("pagu", "kinerja"):
        last, year, field = f"realisasi_renstra_lalu_{kind}", f"realisasi_tahun_{kind}", f"realisasi_renstra_{kind}"
        expected = lines[f"{last}_value"].fillna(0) + lines[f"{year}_value"].fillna(0)
        expected = expected.where((lines[last] != "") | (lines[year] != ""))
        checked = lines[f"file_prints_{field}"] & expected.notna() & (lines["level"] != "sasaran")
        mask = checked & (lines["budget_first"] if kind == "pagu" else lines["kind"] == ADDITIVE)
        details = [{"parts": {"id": f"{pretty_number(a, 'id') or '-'} + {pretty_number(b, 'id') or '-'}",
                              "en": f"{pretty_number(a, 'en') or '-'} + {pretty_number(b, 'en') or '-'}"}} for a, b in zip(lines[last], lines[year])]
        tolerance = float(params["tolerance"] if kind == "pagu" else params["kinerja_tolerance"])
        parts.append(_sum_findings(lines, mask, field, expected, tolerance, None if kind == "pagu" else params["kinerja_severity"], details))
    return pd.concat(parts, ignore_index=True)


# (achievement printed, realisation, target, what the formula is)
_CAPAIAN = (
    ("capaian_renstra_kinerja", "realisasi_renstra_kinerja", "target_renstra_kinerja"),
    ("capaian_renstra_pagu", "realisasi_renstra_pagu", "target_renstra_pagu"),
    ("capaian_kinerja", "realisasi_tahun_kinerja", "target_kinerja"),
    ("capaian_pagu", "realisasi_tahun_pagu", "target_pagu"),
)
_FORMULAS = {
    "capaian_renstra": {"id": "realisasi Renstra s/d tahun ini / target Renstra × 100", "en": "Renstra realisation to date / Renstra target × 100"},
    "capaian": {"id": "realisasi tahun ini / target Renja × 100", "en": "this year's realisation / Renja target × 100"},
}


@check("renja_capaian_mismatch")
def renja_capaian_mismatch(report: Report, params: dict) -> pd.DataFrame:
    lines = by_printed_row(report)
    if lines.empty:
        return no_findings()
    parts = []
    tolerance = float(params["tolerance"])
    named_lower = lower_is_better(lines["indikator"], params["lower_is_better_keywords"])
    for capaian, realised, target in _CAPAIAN:
        printed, target_value = lines[f"{capaian}_value"], lines[f"{target}_value"]
        # Where the file prints the realisation column, a blank or `-` there is nil: 0 % of the target.
        spent = lines[f"{realised}_value"].where(~lines[f"file_prints_{realised}"], lines[f"{realised}_value"].fillna(0))
        comparable = printed.notna() & target_value.notna() & (target_value != 0) & spent.notna() & (lines["level"] != "sasaran")
        formula = _FORMULAS[capaian.removesuffix("_pagu").removesuffix("_kinerja")]
        if capaian.endswith("_pagu"):
            comparable &= lines["budget_first"]
            computed = spent / target_value * 100
            fits = agrees(printed, lines[capaian], computed, ratio_slack(spent, lines[realised], target_value, lines[target]), tolerance)
            formulas = [formula] * len(lines)
        else:
            fits, computed = _capaian_fits(printed, lines[capaian], spent, lines[realised], target_value, lines[target], named_lower, tolerance)
            formulas = [_LOWER_IS_BETTER if lower else formula for lower in named_lower]
        bad = comparable & ~fits
        found = lines[bad]
        parts.append(raw_findings(
            row_id=found["last_row_id"], field=capaian,
            expected=[format_like(e, p) for e, p in zip(computed[bad], found[capaian])], actual=found[capaian],
            difference=(printed[bad] - computed[bad]).round(6),
            details=[{"formula": f} for f, b in zip(formulas, bad) if b],
        ))
    return pd.concat(parts, ignore_index=True)


@check("quarter_exceeds_target")
def quarter_exceeds_target(report: Report, params: dict) -> pd.DataFrame:
    lines = by_printed_row(report)
    if lines.empty:
        return no_findings()
    target = lines["target_pagu_value"]
    tolerance = float(params["tolerance"])
    parts = []
    for quarter in (*QUARTERS, None):
        spent = lines[f"rp_q{quarter}"] if quarter else lines["realisasi_tahun_pagu_value"]
        bad = lines["budget_first"] & target.notna() & (spent > target + tolerance)
        found = lines[bad]
        parts.append(raw_findings(
            row_id=found[f"row_id_q{quarter}"] if quarter else found["last_row_id"],
            field="realisasi_pagu" if quarter else "realisasi_tahun_pagu", quarter=quarter,
            expected=found["target_pagu"], actual=found[f"rp_text_q{quarter}"] if quarter else found["realisasi_tahun_pagu"],
            difference=(spent[bad] - target[bad]),
            details={"period": {"id": f"TW {_ROMAN[quarter]}", "en": f"Q{quarter}"} if quarter else {"id": "tahun ini", "en": "the year"}},
        ))
    return pd.concat(parts, ignore_index=True)


@check("cumulative_kinerja_decreased")
def cumulative_kinerja_decreased(report: Report, params: dict) -> pd.DataFrame:
    """A level (not a count) whose year's K is the last quarter's: the form carries it to date, so it may not go down."""
    lines = by_printed_row(report)
    if lines.empty:
        return no_findings()
    quarters = lines[[f"k_q{q}" for q in QUARTERS]]
    last = quarters.ffill(axis=1).iloc[:, -1]
    year = lines["realisasi_tahun_kinerja_value"]
    cumulative = (lines["kind"] != ADDITIVE) & year.notna() & (year == last) & (quarters.notna().sum(axis=1) >= 2)
    tolerance = float(params["tolerance"])
    records = []
    for index in lines.index[cumulative]:
        line, previous = lines.loc[index], None
        for quarter in QUARTERS:
            value = line[f"k_q{quarter}"]
            if pd.isna(value):
                continue
            if previous is not None and value < previous[1] - tolerance:
                records.append((line[f"row_id_q{quarter}"], quarter, previous[0], line[f"k_text_q{previous[0]}"], line[f"k_text_q{quarter}"], value - previous[1]))
            previous = (quarter, value)
    if not records:
        return no_findings()
    row_id, quarter, before, expected, actual, difference = zip(*records)
    return raw_findings(row_id=list(row_id), field="realisasi_kinerja", quarter=list(quarter), previous_quarter=list(before),
                        expected=list(expected), actual=list(actual), difference=list(difference))


YEAR_MONEY = ["target_renstra_pagu", "realisasi_renstra_lalu_pagu", "realisasi_tahun_pagu", "realisasi_renstra_pagu"]
_TOTAL = {"id": "perangkat daerah", "en": "agency"}


@check("renja_sum_mismatch")
def renja_sum_mismatch(report: Report, params: dict) -> pd.DataFrame:
    """The year's Rp columns of a kegiatan, program and the agency row against their children's (one record per printed row)."""
    rows = report.rows[side_by_side(report.rows)]
    if rows.empty:
        return no_findings()
    key = printed_row(rows)
    firsts = rows[~key.duplicated()]
    last_record = rows.assign(printed=key).drop_duplicates("printed", keep="last").set_index("printed")["row_id"]
    values = pd.DataFrame({field: report.value(field)[firsts.index] for field in YEAR_MONEY})
    tolerance = float(params["tolerance"])
    found = parent_sum_findings(firsts, values, YEAR_MONEY, tolerance)
    records = []
    for total, programs in programs_of_totals(firsts).items():
        for field in YEAR_MONEY:
            printed, children = values.at[total, field], values.loc[programs, field]
            if np.isnan(printed) or children.isna().all():
                continue
            expected = children.sum()
            if abs(printed - expected) > tolerance:
                records.append((firsts.at[total, "row_id"], field, format_amount(expected), firsts.at[total, field], printed - expected,
                                {"level": _TOTAL, "children": len(programs)}))
    if records:
        row_id, field, expected, actual, difference, details = zip(*records)
        found = pd.concat([found, raw_findings(row_id=list(row_id), field=list(field), expected=list(expected), actual=list(actual),
                                               difference=list(difference), details=list(details))], ignore_index=True)
    if found.empty:
        return no_findings()
    # On the row's last record, as the other year-level findings.
    found["row_id"] = [last_record.get(printed, row_id) for printed, row_id in zip(found["row_id"].str.replace(r":q\d$", "", regex=True), found["row_id"])]
    return found
