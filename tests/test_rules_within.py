"""Within-quarter rules on hand-made rows: each fires on a real discrepancy and stays quiet on rounding."""

import pandas as pd
import pytest

from tests.test_rules_support import findings_of, panel, rows


# capaian_kinerja_mismatch ---------------------------------------------------

def test_capaian_kinerja_fires_when_printed_capaian_is_not_realisasi_over_target():
    found = findings_of("capaian_kinerja_mismatch", rows({"target_kinerja": "100", "realisasi_kinerja": "33", "capaian_kinerja": "33.33"}))
    assert len(found) == 1
    finding = found.iloc[0]
    assert (finding.field, finding.expected, finding.actual) == ("capaian_kinerja", "33.00", "33.33")
    assert "realisasi / target × 100" in finding.message


@pytest.mark.parametrize(
    "target, realised, printed",
    [
        ("100", "59.95", "60"),  # printed with no decimals
        ("100", "14.21", "14"),
        ("68.5", "79.33", "115.810219"),  # printed with six decimals
        ("100", "71.43", "71.43"),
        ("4", "3", "75.0"),  # 75.00 arrives as 75.0
        ("7", "6", "85.71"),
    ],
)
def test_capaian_kinerja_rounded_print_is_not_a_finding(target, realised, printed):
    found = findings_of("capaian_kinerja_mismatch", rows({"target_kinerja": target, "realisasi_kinerja": realised, "capaian_kinerja": printed}))
    assert found.empty


def test_lower_is_better_keyword_uses_two_minus_ratio():
    kdrt = {"indikator": "Rasio KDRT", "target_kinerja": "0.0045", "realisasi_kinerja": "0.0006"}
    assert findings_of("capaian_kinerja_mismatch", rows({**kdrt, "capaian_kinerja": "186.67"})).empty
    found = findings_of("capaian_kinerja_mismatch", rows({**kdrt, "capaian_kinerja": "13.33"}), lang="en")
    assert len(found) == 1 and found.iloc[0].expected == "186.67"
    assert "(2 − realisation / target) × 100" in found.iloc[0].message


def test_unlisted_indicator_may_fit_the_lower_is_better_formula():
    found = findings_of("capaian_kinerja_mismatch", rows({"indikator": "Angka sesuatu", "target_kinerja": "2", "realisasi_kinerja": "1", "capaian_kinerja": "150.00"}))
    assert found.empty


@pytest.mark.parametrize("realised, printed", [("", "0.0"), ("5", ""), ("", "")])
def test_capaian_kinerja_quiet_when_a_value_is_missing(realised, printed):
    assert findings_of("capaian_kinerja_mismatch", rows({"target_kinerja": "10", "realisasi_kinerja": realised, "capaian_kinerja": printed})).empty


def test_capaian_kinerja_quiet_on_zero_target():
    assert findings_of("capaian_kinerja_mismatch", rows({"target_kinerja": "0", "realisasi_kinerja": "3", "capaian_kinerja": "0"})).empty


# capaian_pagu_mismatch --------------------------------------------------------

def test_capaian_pagu_fires_once_for_a_shared_budget_cell():
    shared = {"target_pagu": "1000", "realisasi_pagu": "500", "capaian_pagu": "40.0", "budget_group": "g1"}
    found = findings_of("capaian_pagu_mismatch", rows(shared, shared, shared))
    assert len(found) == 1 and found.iloc[0].row_id == "q1:r1" and found.iloc[0].expected == "50.00"


@pytest.mark.parametrize("printed", ["59.95", "60", "59.9487"])
def test_capaian_pagu_rounding_is_quiet(printed):
    cells = {"target_pagu": "83396000", "realisasi_pagu": "50000000", "capaian_pagu": printed}
    assert findings_of("capaian_pagu_mismatch", rows(cells)).empty


def test_capaian_pagu_quiet_when_nothing_spent_and_zero_printed():
    assert findings_of("capaian_pagu_mismatch", rows({"target_pagu": "18460000", "realisasi_pagu": "", "capaian_pagu": "0.0"})).empty


# realisasi_exceeds_pagu -------------------------------------------------------

def test_realisasi_exceeds_pagu_fires():
    found = findings_of("realisasi_exceeds_pagu", rows({"target_pagu": "1000", "realisasi_pagu": "1200"}))
    assert len(found) == 1 and found.iloc[0].severity == "error" and found.iloc[0].difference == 200


def test_realisasi_equal_to_pagu_is_quiet():
    assert findings_of("realisasi_exceeds_pagu", rows({"target_pagu": "1000", "realisasi_pagu": "1000"}, {"target_pagu": "", "realisasi_pagu": "5"})).empty


# spending_without_output / output_without_spending -----------------------------

def test_spending_without_output_fires_on_zero_realisasi():
    found = findings_of("spending_without_output", rows({"target_kinerja": "2", "realisasi_kinerja": "0", "target_pagu": "61681900", "realisasi_pagu": "8680000"}))
    assert len(found) == 1 and "8.680.000" in found.iloc[0].message


def test_spending_without_output_fires_on_empty_realisasi():
    found = findings_of("spending_without_output", rows({"target_kinerja": "2", "realisasi_kinerja": "", "target_pagu": "100", "realisasi_pagu": "50"}))
    assert len(found) == 1 and "(kosong)" in found.iloc[0].message


def test_spending_without_output_on_a_form_without_targets_is_only_info():
    targeted = rows({"target_kinerja": "2", "realisasi_kinerja": "0", "target_pagu": "100", "realisasi_pagu": "50"})
    untargeted = rows({"target_kinerja": "", "realisasi_kinerja": "0", "target_pagu": "", "realisasi_pagu": "50"})
    assert findings_of("spending_without_output", targeted).iloc[0].severity == "warning"
    assert findings_of("spending_without_output", untargeted).iloc[0].severity == "info"


def test_spending_is_quiet_when_another_indicator_of_the_shared_budget_has_output():
    shared = {"target_pagu": "83396000", "realisasi_pagu": "50000000", "budget_group": "g"}
    found = findings_of(
        "spending_without_output",
        rows({**shared, "target_kinerja": "1", "realisasi_kinerja": ""}, {**shared, "target_kinerja": "1", "realisasi_kinerja": "1"}),
    )
    assert found.empty


def test_spending_is_quiet_on_total_and_sasaran_rows():
    cells = {"target_pagu": "100", "realisasi_pagu": "50"}
    assert findings_of("spending_without_output", rows({**cells, "level": "total"}, {**cells, "level": "sasaran", "target_kinerja": "5"})).empty


def test_output_without_spending_is_info():
    found = findings_of("output_without_spending", rows({"target_kinerja": "8", "realisasi_kinerja": "7", "target_pagu": "138000000", "realisasi_pagu": ""}))
    assert len(found) == 1 and found.iloc[0].severity == "info"


def test_output_with_spending_is_quiet():
    assert findings_of("output_without_spending", rows({"target_kinerja": "8", "realisasi_kinerja": "7", "target_pagu": "100", "realisasi_pagu": "10"})).empty


# missing_value -------------------------------------------------------------------

def test_missing_capaian_when_target_and_realisasi_are_printed():
    found = findings_of("missing_value", rows({"target_kinerja": "1", "realisasi_kinerja": "1", "capaian_kinerja": ""}))
    assert list(found.field) == ["capaian_kinerja"] and found.iloc[0].expected == "100.00"


def test_missing_realisasi_when_capaian_is_printed():
    found = findings_of("missing_value", rows({"target_pagu": "1000", "realisasi_pagu": "", "capaian_pagu": "50.0"}))
    assert list(found.field) == ["realisasi_pagu"] and found.iloc[0].expected == "500"


def test_missing_value_quiet_on_empty_rows_and_spreadsheet_errors():
    assert findings_of(
        "missing_value",
        rows(
            {},
            {"target_kinerja": "1", "realisasi_kinerja": "1", "cell_errors": "capaian_kinerja=#DIV/0!"},
            {"target_kinerja": "1", "realisasi_kinerja": "", "capaian_kinerja": "0.0"},
            {"target_kinerja": "1", "realisasi_kinerja": "0", "capaian_kinerja": ""},  # 0 % printed as `-`
        ),
    ).empty


# spreadsheet_error ---------------------------------------------------------------

def test_spreadsheet_errors_one_finding_per_cell():
    found = findings_of("spreadsheet_error", rows({"cell_errors": "capaian_pagu=#DIV/0!; capaian_kinerja=#VALUE!"}))
    assert sorted(zip(found.field, found.actual)) == [("capaian_kinerja", "#VALUE!"), ("capaian_pagu", "#DIV/0!")]


def test_no_spreadsheet_error_no_finding():
    assert findings_of("spreadsheet_error", rows({"capaian_pagu": "0.0"})).empty


# a target printed more precisely in another quarter ----------------------------------


def _kdrt_quarters(tw2_capaian: str):
    kdrt = {"indikator": "Rasio KDRT", "level": "sasaran"}
    data = pd.concat([
        rows({**kdrt, "target_kinerja": "0.0045", "realisasi_kinerja": "0.0006", "capaian_kinerja": "186.67"}, quarter=1),
        rows({**kdrt, "target_kinerja": "0.005", "realisasi_kinerja": "0.00126", "capaian_kinerja": tw2_capaian}, quarter=2),
    ], ignore_index=True)
    return data, panel({"indicator_key": "k", "row_id_q1": "q1:r1", "row_id_q2": "q2:r1"})


def test_capaian_uses_the_target_printed_more_precisely_elsewhere_and_says_so():
    # 0.005 is 0.0045 rounded; with 0.0045 the capaian is (2 - 0.00126/0.0045) x 100 = 172.00,
    # which the rounding of 0.005 (slack of 2.6 points) used to hide.
    data, panel_ = _kdrt_quarters("173.33")
    found = findings_of("capaian_kinerja_mismatch", data, panel_)
    assert list(zip(found.row_id, found.expected, found.actual)) == [("q2:r1", "172.00", "173.33")]
    assert "0,0045" in found.iloc[0].message and "TW I" in found.iloc[0].message
    english = findings_of("capaian_kinerja_mismatch", data, panel_, lang="en").iloc[0].message
    assert "0.0045" in english and "Q1" in english


def test_capaian_fitting_the_precise_target_or_the_printed_one_is_quiet():
    for printed in ("172.00", "174.80"):  # 0.0045, or 0.005 taken as exact
        data, panel_ = _kdrt_quarters(printed)
        assert findings_of("capaian_kinerja_mismatch", data, panel_).empty, printed


def test_without_a_panel_the_printed_target_and_its_rounding_decide():
    data, _ = _kdrt_quarters("173.33")
    assert findings_of("capaian_kinerja_mismatch", data).empty
