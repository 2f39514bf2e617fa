"""Checks inside one quarter's table, row by row: capaian, realisation, missing and broken cells."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from rekon.rules.findings import no_findings, raw_findings
from rekon.rules.finding_messages import pretty_number
from rekon.rules.registry import check
from rekon.rules.rule_inputs import ROW_ID_COLUMNS, Report, first_row_of_each_budget_group, side_by_side
from rekon.rules.rounding import agrees, decimals_of, format_amount, format_like, half_unit, ratio_slack

HIGHER_IS_BETTER = {"id": "realisasi / target × 100", "en": "realisation / target × 100"}
LOWER_IS_BETTER = {
    "id": "(2 − realisasi / target) × 100, indikator makin kecil makin baik",
    "en": "(2 − realisation / target) × 100, an indicator where lower is better",
}


def _normalised(text: pd.Series) -> pd.Series:
    return text.str.lower().str.split().str.join(" ")


def lower_is_better(indikator: pd.Series, keywords: list[str]) -> pd.Series:
    """Indicators named by one of the keywords (whole words, case and spacing ignored)."""
    words = [" ".join(k.lower().split()) for k in keywords if k.strip()]
    if not words:
        return pd.Series(False, index=indikator.index)
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    return _normalised(indikator).str.contains(pattern, regex=True)


def _not_total(report: Report) -> pd.Series:
    return report.rows["level"] != "total"


def _one_quarter_form(report: Report) -> pd.Series:
    """Rows of a form with one quarter per file. A form with the quarters side by side (the Renja
    evaluation form) prints each quarter's own realisation next to the year's target and achievement:
    its formulas are rules/renja.py's."""
    return report.once("one_quarter_form", lambda: ~side_by_side(report.rows))


def _first_rows(report: Report) -> pd.Series:
    """first_row_of_each_budget_group of the report's rows, which several checks ask for."""
    return report.once("first_rows", lambda: first_row_of_each_budget_group(report.rows))


def precise_targets(report: Report) -> pd.DataFrame:
    """Per row, the same indicator's target as printed with more decimals in another quarter, when the
    row's own print is that value rounded (`0.005` in TW II for `0.0045` in TW I and III).

    Columns `text`, `value` and `quarter` (of the most precise such print), indexed like the rows;
    empty text where there is none.
    """
    rows, panel = report.rows, report.panel
    found = pd.DataFrame({"text": "", "value": np.nan, "quarter": pd.Series(pd.NA, index=rows.index, dtype=object)}, index=rows.index)
    columns = [c for c in ROW_ID_COLUMNS.values() if c in panel]
    if panel.empty or not columns:
        return found
    long = panel.melt(id_vars=["indicator_key"], value_vars=columns, value_name="row_id")
    key_of = long[long["row_id"] != ""].drop_duplicates("row_id").set_index("row_id")["indicator_key"]
    keyed = rows.assign(key=rows["row_id"].map(key_of), decimals=rows["target_kinerja"].map(decimals_of), half=half_unit(rows["target_kinerja"]))
    keyed = keyed[keyed["key"].notna() & keyed["target_kinerja_value"].notna()]
    columns = ["key", "decimals", "target_kinerja", "target_kinerja_value", "quarter_no"]
    pairs = keyed[[*columns, "half"]].reset_index().merge(keyed[columns], on="key", suffixes=("", "_other"))
    finer = pairs[
        (pairs["decimals_other"] > pairs["decimals"])
        & (pairs["target_kinerja_value_other"] != pairs["target_kinerja_value"])
        & ((pairs["target_kinerja_value_other"] - pairs["target_kinerja_value"]).abs() <= pairs["half"] + 1e-12)
    ]
    # The most precise print wins; among equals, the earliest quarter.
    best = finer.sort_values(["decimals_other", "quarter_no_other"], ascending=[False, True]).drop_duplicates("index").set_index("index")
    found.loc[best.index, "text"] = best["target_kinerja_other"]
    found.loc[best.index, "value"] = best["target_kinerja_value_other"]
    found.loc[best.index, "quarter"] = best["quarter_no_other"]
    return found


_PRECISE_NOTE = {
    "id": "; target {precise} seperti tercetak di TW {quarter} (tercetak {printed} di sini, pembulatannya)",
    "en": "; target {precise} as printed in Q{quarter} (printed {printed} here, its rounding)",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _precise_note(precise: str, quarter: object, printed: str) -> dict:
    if not precise:
        return {"id": "", "en": ""}
    return {
        "id": _PRECISE_NOTE["id"].format(precise=pretty_number(precise, "id"), quarter=_ROMAN.get(int(quarter), quarter), printed=pretty_number(printed, "id")),
        "en": _PRECISE_NOTE["en"].format(precise=pretty_number(precise, "en"), quarter=int(quarter), printed=pretty_number(printed, "en")),
    }


def _capaian_fits(printed: pd.Series, printed_text: pd.Series, realised: pd.Series, realised_text: pd.Series,
                  target: pd.Series, target_text: pd.Series, named_lower: pd.Series, tolerance: float) -> tuple[pd.Series, pd.Series]:
    """Does the printed capaian fit realisation / target by the indicator's formula? And the value expected."""
    with np.errstate(divide="ignore", invalid="ignore"):
        higher = realised / target * 100
    lower = 200 - higher
    slack = ratio_slack(realised, realised_text, target, target_text)
    fits_higher = agrees(printed, printed_text, higher, slack, tolerance)
    fits_lower = agrees(printed, printed_text, lower, slack, tolerance)
    # The keyword list decides for the indicators it names; for the others the
    # printed value may fit either formula (the report chose one per indicator).
    return fits_lower.where(named_lower, fits_higher | fits_lower), higher.where(~named_lower, lower)


@check("capaian_kinerja_mismatch")
def capaian_kinerja_mismatch(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    target, realised, printed = report.value("target_kinerja"), report.value("realisasi_kinerja"), report.value("capaian_kinerja")
    comparable = _not_total(report) & _one_quarter_form(report) & target.notna() & (target != 0) & realised.notna() & printed.notna()
    tolerance = float(params["tolerance"])
    named_lower = lower_is_better(rows["indikator"], params["lower_is_better_keywords"])
    inputs = (printed, rows["capaian_kinerja"], realised, rows["realisasi_kinerja"])
    fits, expected = _capaian_fits(*inputs, target, rows["target_kinerja"], named_lower, tolerance)
    # A target printed more precisely in another quarter: the cell held either that value (its
    # rounding printed here) or exactly what is printed here. Both are checked without the
    # target's rounding slack, which would otherwise hide a capaian typed by hand.
    precise = precise_targets(report)
    has_precise = precise["text"] != ""
    if has_precise.any():
        fits_precise, expected_precise = _capaian_fits(*inputs, precise["value"], precise["text"], named_lower, tolerance)
        fits_exact, _ = _capaian_fits(*inputs, target, pd.Series("", index=rows.index), named_lower, tolerance)
        fits = fits.where(~has_precise, fits_precise | fits_exact)
        expected = expected.where(~has_precise, expected_precise)
    bad = comparable & ~fits
    if not bad.any():
        return no_findings()
    found = rows[bad]
    return raw_findings(
        row_id=found["row_id"],
        field="capaian_kinerja",
        expected=[format_like(e, p) for e, p in zip(expected[bad], found["capaian_kinerja"])],
        actual=found["capaian_kinerja"],
        difference=(printed[bad] - expected[bad]).round(6),
        details=[
            {"formula": LOWER_IS_BETTER if lower else HIGHER_IS_BETTER, "note": _precise_note(p, q, t)}
            for lower, p, q, t in zip(named_lower[bad], precise["text"][bad], precise["quarter"][bad], found["target_kinerja"])
        ],
    )


@check("capaian_pagu_mismatch")
def capaian_pagu_mismatch(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    ceiling, spent, printed = report.value("target_pagu"), report.value("realisasi_pagu"), report.value("capaian_pagu")
    # A shared budget cell is checked once; the total row belongs to total_mismatch.
    comparable = _first_rows(report) & _not_total(report) & _one_quarter_form(report) & (ceiling > 0) & spent.notna() & printed.notna()
    computed = spent / ceiling * 100
    slack = ratio_slack(spent, rows["realisasi_pagu"], ceiling, rows["target_pagu"])
    bad = comparable & ~agrees(printed, rows["capaian_pagu"], computed, slack, float(params["tolerance"]))
    found = rows[bad]
    return raw_findings(
        row_id=found["row_id"],
        field="capaian_pagu",
        expected=[format_like(e, p) for e, p in zip(computed[bad], found["capaian_pagu"])],
        actual=found["capaian_pagu"],
        difference=(printed[bad] - computed[bad]).round(6),
    )


@check("realisasi_exceeds_pagu")
def realisasi_exceeds_pagu(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    ceiling, spent = report.value("target_pagu"), report.value("realisasi_pagu")
    # A side-by-side form's quarter against its year's target: quarter_exceeds_target.
    bad = _first_rows(report) & _one_quarter_form(report) & ceiling.notna() & (spent > ceiling + float(params["tolerance"]))
    found = rows[bad]
    return raw_findings(
        row_id=found["row_id"],
        field="realisasi_pagu",
        expected=found["target_pagu"],
        actual=found["realisasi_pagu"],
        difference=(spent[bad] - ceiling[bad]),
    )


def _group_any(rows: pd.DataFrame, condition: pd.Series) -> pd.Series:
    """Per row: does any row of its budget group meet the condition?"""
    return condition.groupby([rows["source_file"], rows["budget_group"]]).transform("any").astype(bool)


@check("spending_without_output")
def spending_without_output(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    realised = report.value("realisasi_kinerja")
    # Money of a shared budget cell pays for all its indicators: it is spent
    # without output only when none of them shows any realisation.
    any_output = _group_any(rows, realised.fillna(0) != 0)
    # Measured: a target is printed, or (forms without targets) a realisation, 0 included.
    has_target = _group_any(rows, report.value("target_kinerja").notna() | realised.notna())
    bad = (
        _first_rows(report)
        & rows["level"].isin(params["levels"])
        & (report.value("realisasi_pagu") > 0)
        & has_target
        & ~any_output
    )
    found = rows[bad]
    # Without a printed target (forms with the quarters side by side) a zero output mid-year may
    # only mean the output is counted at year end: still said, at the lower severity.
    # A form with the quarters side by side prints each quarter's own output: a quarter without
    # one may be followed by the output at year end, target or not.
    targeted = (_group_any(rows, report.value("target_kinerja").notna()) & _one_quarter_form(report))[bad]
    return raw_findings(
        row_id=found["row_id"],
        field="realisasi_kinerja",
        expected="",
        actual=found["realisasi_kinerja"],
        severity=[None if t else params["untargeted_severity"] for t in targeted],
        details=[{"amount": format_amount(v)} for v in report.value("realisasi_pagu")[bad]],
    )


@check("output_without_spending")
def output_without_spending(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    output = report.value("realisasi_kinerja").fillna(0) != 0
    no_money = ~_group_any(rows, report.value("realisasi_pagu").fillna(0) != 0)
    has_budget = _group_any(rows, report.value("target_pagu").fillna(0) > 0)
    candidates = rows["level"].isin(params["levels"]) & output & no_money & has_budget
    # One finding per budget cell: its first row that shows output.
    bad = candidates & ~rows[candidates].duplicated(subset=["source_file", "budget_group"]).reindex(rows.index, fill_value=True)
    found = rows[bad]
    ceilings = report.value("target_pagu").groupby([rows["source_file"], rows["budget_group"]]).transform("max")
    return raw_findings(
        row_id=found["row_id"],
        field="realisasi_pagu",
        expected="",
        actual=found["realisasi_kinerja"],
        details=[{"amount": format_amount(v)} for v in ceilings[bad]],
    )


def _has_cell_error(rows: pd.DataFrame, field: str) -> pd.Series:
    return rows["cell_errors"].str.contains(rf"(?:^|;\s*){field}=", regex=True)


_REASONS = {
    "capaian": {"id": "target dan realisasi terisi", "en": "target and realisation are given"},
    "realisasi": {"id": "capaian {capaian} tercetak", "en": "achievement {capaian} is printed"},
}


@check("missing_value")
def missing_value(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    group_first = _first_rows(report)
    parts = []
    # A side-by-side form's capaian is the year's, when it prints one (renja_capaian_mismatch): not implied by a quarter.
    for kind, only_first in (("kinerja", _one_quarter_form(report)), ("pagu", group_first & _one_quarter_form(report))):
        target, realised, capaian = (report.value(f"{name}_{kind}") for name in ("target", "realisasi", "capaian"))
        # Capaian implied by target and realisation. A zero realisation with a
        # blank capaian is not reported: accounting formats print 0 as `-`.
        implied = only_first & target.notna() & (target != 0) & (realised.fillna(0) != 0) & capaian.isna() & ~_has_cell_error(rows, f"capaian_{kind}")
        with np.errstate(divide="ignore", invalid="ignore"):
            computed = realised / target * 100
        found = rows[implied]
        parts.append(
            raw_findings(
                row_id=found["row_id"],
                field=f"capaian_{kind}",
                expected=[format_like(v, "") for v in computed[implied]],
                actual="",
                details={"reason": _REASONS["capaian"]},
            )
        )
        # Realisation implied by a printed, non-zero capaian.
        implied = only_first & realised.isna() & (capaian.fillna(0) != 0) & target.notna() & ~_has_cell_error(rows, f"realisasi_{kind}")
        found = rows[implied]
        parts.append(
            raw_findings(
                row_id=found["row_id"],
                field=f"realisasi_{kind}",
                expected=[format_amount(round(c * t / 100, 2)) for c, t in zip(capaian[implied], target[implied])],
                actual="",
                details=[
                    {"reason": {lang: text.format(capaian=c) for lang, text in _REASONS["realisasi"].items()}}
                    for c in found[f"capaian_{kind}"]
                ],
            )
        )
    return pd.concat(parts, ignore_index=True)


@check("spreadsheet_error")
def spreadsheet_error(report: Report, params: dict) -> pd.DataFrame:
    rows = report.rows
    errors = rows.loc[rows["cell_errors"] != "", ["row_id", "cell_errors"]]
    if errors.empty:
        return no_findings()
    cells = errors.assign(cell=errors["cell_errors"].str.split(";")).explode("cell")
    cells["cell"] = cells["cell"].str.strip()
    cells = cells[cells["cell"] != ""]
    field_and_error = cells["cell"].str.split("=", n=1, expand=True).reindex(columns=[0, 1]).fillna("")
    cells = cells.assign(field=field_and_error[0].str.strip(), actual=field_and_error[1].str.strip())
    # A merged budget cell is one printed cell, shown on each of its rows: report it once.
    group = cells["row_id"].map(rows.set_index("row_id")["budget_group"])
    shared = cells["field"].isin(["target_pagu", "realisasi_pagu", "capaian_pagu"])
    cells = cells[~(shared & pd.Series(list(zip(group, cells["field"])), index=cells.index).duplicated())]
    return raw_findings(row_id=cells["row_id"], field=cells["field"], expected="", actual=cells["actual"])
