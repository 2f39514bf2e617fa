"""Rules along the panel: pagu, target and unit changes, realisation going down, indicators added or dropped."""

import pandas as pd

from tests.test_rules_support import findings_of, panel, rows


def _quarters(*per_quarter: list[dict]) -> pd.DataFrame:
    return pd.concat([rows(*cells, quarter=q) for q, cells in enumerate(per_quarter, 1)], ignore_index=True)


def _panel_by_position(n_rows: int, quarters=(1, 2, 3, 4)) -> pd.DataFrame:
    return panel(*({"indicator_key": f"k{i}", **{f"row_id_q{q}": f"q{q}:r{i}" for q in quarters}} for i in range(1, n_rows + 1)))


def _total(pagu: str) -> dict:
    return {"level": "total", "program": "", "target_pagu": pagu}


def test_pagu_change_without_total_change_is_a_warning():
    data = _quarters(
        [{"level": "program", "target_pagu": "100"}, _total("100")],
        [{"level": "program", "target_pagu": "120"}, _total("100")],
    )
    found = findings_of("pagu_changed", data, _panel_by_position(2, (1, 2)))
    assert len(found) == 1
    finding = found.iloc[0]
    assert (finding.severity, finding.quarter, finding.previous_quarter, finding.difference) == ("warning", 2, 1, 20.0)
    assert "TW I" in finding.message and "TW II" in finding.message


def test_pagu_change_reflected_by_the_total_is_info():
    data = _quarters(
        [{"level": "program", "target_pagu": "100"}, _total("100")],
        [{"level": "program", "target_pagu": "120"}, _total("120")],
    )
    found = findings_of("pagu_changed", data, _panel_by_position(2, (1, 2)))
    assert list(found.severity) == ["info", "info"]  # the program and the total row itself


def test_pagu_change_is_reported_once_per_shared_budget_cell():
    shared = {"target_pagu": "100", "budget_group": "g"}
    changed = {"target_pagu": "90", "budget_group": "g"}
    data = _quarters([shared, shared], [changed, changed])
    assert len(findings_of("pagu_changed", data, _panel_by_position(2, (1, 2)))) == 1


def test_unchanged_pagu_is_quiet():
    data = _quarters([{"target_pagu": "100"}], [{"target_pagu": "100"}], [{"target_pagu": ""}], [{"target_pagu": "100"}])
    assert findings_of("pagu_changed", data, _panel_by_position(1)).empty


def test_target_changed_fires_and_equal_targets_are_quiet():
    data = _quarters([{"target_kinerja": "64"}, {"target_kinerja": "5"}], [{"target_kinerja": "6"}, {"target_kinerja": "5.0"}])
    found = findings_of("target_changed", data, _panel_by_position(2, (1, 2)))
    assert list(zip(found.row_id, found.expected, found.actual)) == [("q2:r1", "64", "6")]


def test_satuan_changed_ignores_case_spacing_and_equivalents():
    data = _quarters(
        [{"satuan": "Dok"}, {"satuan": "Orang"}, {"satuan": "Skala/ Nilai"}],
        [{"satuan": "Dokumen"}, {"satuan": "Unit"}, {"satuan": "skala/nilai"}],
    )
    found = findings_of("satuan_changed", data, _panel_by_position(3, (1, 2)))
    assert list(zip(found.expected, found.actual)) == [("Orang", "Unit")]


def test_realisasi_decreased_money_is_error_kinerja_is_warning():
    data = _quarters(
        [{"realisasi_pagu": "36000000", "realisasi_kinerja": "114"}],
        [{"realisasi_pagu": "11310000", "realisasi_kinerja": "4"}],
    )
    found = findings_of("realisasi_decreased", data, _panel_by_position(1, (1, 2)))
    assert dict(zip(found.field, found.severity)) == {"realisasi_pagu": "error", "realisasi_kinerja": "warning"}


def test_realisasi_growing_or_missing_is_quiet():
    data = _quarters([{"realisasi_pagu": "10", "realisasi_kinerja": "1"}], [{"realisasi_pagu": "20", "realisasi_kinerja": ""}], [{"realisasi_pagu": "20", "realisasi_kinerja": "3"}])
    assert findings_of("realisasi_decreased", data, _panel_by_position(1, (1, 2, 3))).empty


def test_indicator_added_and_dropped():
    data = _quarters([{}, {}], [{}, {}], [{}, {}])
    keys = panel(
        {"indicator_key": "old", "row_id_q1": "q1:r1", "row_id_q2": "q2:r1"},  # gone in TW III
        {"indicator_key": "new", "row_id_q2": "q2:r2", "row_id_q3": "q3:r2"},  # new in TW II
        {"indicator_key": "stay", "row_id_q1": "q1:r2", "row_id_q2": "", "row_id_q3": "q3:r1"},
    )
    added = findings_of("indicator_added", data, keys)
    dropped = findings_of("indicator_dropped", data, keys)
    assert sorted(zip(added.indicator_key, added.quarter)) == [("new", 2), ("stay", 3)]
    assert sorted(zip(dropped.indicator_key, dropped.quarter, dropped.previous_quarter)) == [("old", 3, 2), ("stay", 2, 1)]
    assert dropped.set_index("indicator_key").loc["old", "row_id"] == "q2:r1"  # where it was last printed


def test_indicator_present_everywhere_is_quiet_and_missing_quarters_are_not_drops():
    data = _quarters([], [{}], [{}])  # no TW I report at all
    keys = panel({"indicator_key": "k", "row_id_q2": "q2:r1", "row_id_q3": "q3:r1"})
    assert findings_of("indicator_added", data, keys).empty
    assert findings_of("indicator_dropped", data, keys).empty


def test_indikator_changed_fires_on_another_text_but_forgives_typos_and_truncation():
    data = _quarters(
        [
            {"indikator": "Jumlah Data dan Informasi Keluarga yang Tersedianya"},
            {"indikator": "Capaian hasil evaluasi LKjIP Perangkat Daerah"},
            {"indikator": "Persentase kelompok kegiatan aktif"},
        ],
        [
            {"indikator": "Jumlah Dokumen Pengolahan dan Pelaporan Data Pengendalian Lapangan"},
            {"indikator": "Capaian hasil evaluasi LKjIP Perangkat Daera"},
            {"indikator": "Persentase kelompok kegiatan KB yang aktif"},
        ],
    )
    found = findings_of("indikator_changed", data, _panel_by_position(3, (1, 2)))
    assert list(found.expected) == ["Jumlah Data dan Informasi Keluarga yang Tersedianya"]
    assert found.severity.tolist() == ["warning"]


# pagu_added / pagu_removed ----------------------------------------------------


def test_pagu_printed_blank_then_a_value_is_pagu_added_with_its_direction():
    data = _quarters([{"target_pagu": ""}], [{"target_pagu": "572240000"}], [{"target_pagu": "572240000"}])
    found = findings_of("pagu_added", data, _panel_by_position(1, (1, 2, 3)))
    assert list(zip(found.quarter, found.previous_quarter, found.expected, found.actual, found.difference)) == [(2, 1, "", "572240000", 572240000.0)]
    assert found.iloc[0].severity == "info" and "TW II" in found.iloc[0].message
    assert findings_of("pagu_changed", data, _panel_by_position(1, (1, 2, 3))).empty  # not a change between two values


def test_pagu_value_then_blank_is_pagu_removed():
    data = _quarters([{"target_pagu": "5050000"}], [{"target_pagu": "5050000"}], [{"target_pagu": "5050000"}], [{"target_pagu": ""}])
    found = findings_of("pagu_removed", data, _panel_by_position(1))
    assert list(zip(found.quarter, found.expected, found.actual, found.difference)) == [(4, "5050000", "", -5050000.0)]
    assert found.iloc[0].severity == "warning"
    assert findings_of("pagu_added", data, _panel_by_position(1)).empty


def test_pagu_cut_out_then_restored_is_removed_then_added():
    data = _quarters([{"target_pagu": "100"}], [{"target_pagu": ""}], [{"target_pagu": "100"}])
    panel_ = _panel_by_position(1, (1, 2, 3))
    assert list(findings_of("pagu_removed", data, panel_).quarter) == [2]
    assert list(findings_of("pagu_added", data, panel_).quarter) == [3]


def test_a_spreadsheet_error_in_the_pagu_is_not_a_budget_appearing():
    data = _quarters([{"target_pagu": "", "cell_errors": "target_pagu=#VALUE!"}], [{"target_pagu": "100"}])
    assert findings_of("pagu_added", data, _panel_by_position(1, (1, 2))).empty


def test_budget_appearing_is_reported_once_per_shared_budget_cell():
    blank = {"target_pagu": "", "budget_group": "g"}
    funded = {"target_pagu": "300", "budget_group": "g"}
    data = _quarters([blank, blank, blank], [funded, funded, funded])
    assert len(findings_of("pagu_added", data, _panel_by_position(3, (1, 2)))) == 1


def test_pagu_added_and_removed_have_their_own_severity_in_a_rule_file(tmp_path):
    from rekon import rules

    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  pagu_added: {severity: warning}\n  pagu_removed: {severity: error}\n", encoding="utf-8")
    ruleset = rules.load_ruleset(path)
    assert (ruleset["pagu_added"].severity, ruleset["pagu_removed"].severity) == ("warning", "error")
