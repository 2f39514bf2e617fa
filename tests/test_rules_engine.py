"""The engine's contract: rule files, columns, order, stable ids, messages, summary and the CSV."""

import pandas as pd
import pytest

from rekon import rules
from rekon.rules.findings_files import neutralise
from tests.test_rules_support import panel, rows


def _sample() -> pd.DataFrame:
    return rows(
        {"program": "B", "target_kinerja": "100", "realisasi_kinerja": "33", "capaian_kinerja": "33.33"},
        {"program": "A", "target_pagu": "100", "realisasi_pagu": "150", "capaian_pagu": "150.0"},
        {"program": "A", "cell_errors": "capaian_pagu=#DIV/0!"},
    )


def test_output_has_exactly_the_documented_columns_even_when_empty():
    assert list(rules.check(_sample()).columns) == rules.FINDING_COLUMNS
    assert list(rules.check(rows({})).columns) == rules.FINDING_COLUMNS


def test_sorted_by_severity_then_program():
    found = rules.check(_sample())
    assert list(found.severity) == sorted(found.severity, key=["error", "warning", "info"].index)
    warnings = found[found.severity == "warning"]
    assert list(warnings.program) == sorted(warnings.program)


def test_finding_ids_are_stable_and_unique():
    first, second = rules.check(_sample()), rules.check(_sample())
    assert list(first.finding_id) == list(second.finding_id)
    assert first.finding_id.is_unique


def test_messages_in_indonesian_by_default_and_english_on_request():
    indonesian = rules.check(_sample())
    english = rules.check(_sample(), lang="en")
    assert indonesian.set_index("rule").loc["realisasi_exceeds_pagu", "message"].startswith("Realisasi anggaran 150 melebihi pagu 100")
    assert english.set_index("rule").loc["realisasi_exceeds_pagu", "message"].startswith("Money spent 150 exceeds")


def test_indicator_key_comes_from_the_panel():
    found = rules.check(_sample(), panel({"indicator_key": "bmd", "row_id_q1": "q1:r1"}))
    assert found.set_index("rule").loc["capaian_kinerja_mismatch", "indicator_key"] == "bmd"


def test_user_file_switches_off_changes_severity_and_tolerance(tmp_path):
    user = tmp_path / "my_rules.yaml"
    user.write_text(
        "rules:\n"
        "  spreadsheet_error: {enabled: false}\n"
        "  realisasi_exceeds_pagu: {severity: info}\n"
        "  capaian_kinerja_mismatch: {params: {tolerance: 0.5}}\n",
        encoding="utf-8",
    )
    ruleset = rules.load_ruleset(user)
    found = rules.check(_sample(), ruleset=ruleset)
    assert "spreadsheet_error" not in set(found.rule)
    assert found.set_index("rule").loc["realisasi_exceeds_pagu", "severity"] == "info"
    assert "capaian_kinerja_mismatch" not in set(found.rule)  # 33.33 vs 33 is within 0.5
    assert ruleset["capaian_kinerja_mismatch"].params["lower_is_better_keywords"]  # untouched params are kept


def test_user_file_may_also_be_a_list_with_ids(tmp_path):
    user = tmp_path / "r.yaml"
    user.write_text("rules:\n  - id: missing_value\n    severity: error\n", encoding="utf-8")
    assert rules.load_ruleset(user)["missing_value"].severity == "error"


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("rules:\n  no_such_rule: {enabled: false}\n", "unknown rule id 'no_such_rule'"),
        ("rules:\n  sum_mismatch: {params: {tolerence: 2}}\n", "unknown param 'tolerence'"),
        ("rules:\n  sum_mismatch: {params: {tolerance: lots}}\n", "expected a number"),
        ("rules:\n  sum_mismatch: {params: {tolerance: -1}}\n", "must not be negative"),
        ("rules:\n  sum_mismatch: {severity: fatal}\n", "severity"),
        ("rules:\n  sum_mismatch: {colour: red}\n", "colour"),
        ("rules:\n  pagu_changed: {params: {revision_severity: minor}}\n", "expected one of"),
        ("rules: [\n", "not valid YAML"),
    ],
)
def test_bad_user_file_is_a_clear_error(tmp_path, text, complaint):
    user = tmp_path / "bad.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(rules.RuleConfigError, match="bad.yaml") as error:
        rules.load_ruleset(user)
    assert complaint in str(error.value)


def test_summary_counts_per_rule_and_severity():
    counts = rules.summary(rules.check(_sample()))
    assert list(counts.columns) == ["rule", "severity", "count"]
    assert counts.iloc[0].severity == "error"
    assert counts["count"].sum() == len(rules.check(_sample()))
    assert rules.summary(rules.check(rows({}))).empty


def test_write_findings_is_utf8_and_neutralises_formulas_but_not_numbers(tmp_path):
    findings = rules.check(_sample())
    findings.loc[0, "indikator"] = "=HYPERLINK(\"x\")"
    findings.loc[0, "expected"] = "-12.5"
    path = rules.write_findings(findings, tmp_path / "out")
    assert path.name == "discrepancies.csv"
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(back.columns) == rules.FINDING_COLUMNS
    assert back.loc[0, "indikator"] == "'=HYPERLINK(\"x\")"
    assert back.loc[0, "expected"] == "-12.5"
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.parametrize("value, safe", [("+62 812", "'+62 812"), ("@sum", "'@sum"), ("-", "'-"), ("-5", "-5"), (3.5, 3.5), ("Dok", "Dok")])
def test_neutralise(value, safe):
    assert neutralise(value) == safe
