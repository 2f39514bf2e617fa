"""sum_mismatch and total_mismatch: budgets add up level by level, a shared budget cell counted once."""

import pytest

from tests.test_rules_support import findings_of, rows


def _report(kegiatan_pagu="300", sub_pagu=("100", "200"), total_pagu="300", program_pagu="300"):
    return rows(
        {"level": "sasaran", "target_pagu": "999"},  # sasaran rows echo other budgets: not a child
        {"level": "program", "target_pagu": program_pagu, "realisasi_pagu": "150"},
        {"level": "kegiatan", "kegiatan": "K", "target_pagu": kegiatan_pagu, "realisasi_pagu": "150"},
        {"level": "sub_kegiatan", "kegiatan": "K", "target_pagu": sub_pagu[0], "realisasi_pagu": "50"},
        {"level": "sub_kegiatan", "kegiatan": "K", "target_pagu": sub_pagu[1], "realisasi_pagu": "100"},
        {"level": "total", "program": "", "target_pagu": total_pagu, "realisasi_pagu": "150", "capaian_pagu": "50.0"},
    )


def test_sums_that_add_up_are_quiet():
    assert findings_of("sum_mismatch", _report()).empty
    assert findings_of("total_mismatch", _report()).empty


def test_sub_kegiatan_not_adding_up_to_kegiatan_fires():
    found = findings_of("sum_mismatch", _report(sub_pagu=("100", "250")))
    assert list(zip(found.row_id, found.field, found.expected, found.actual)) == [("q1:r3", "target_pagu", "350", "300")]
    assert "2" in found.iloc[0].message  # how many children were added


def test_kegiatan_not_adding_up_to_program_fires():
    found = findings_of("sum_mismatch", _report(program_pagu="400"))
    assert list(zip(found.row_id, found.field, found.difference)) == [("q1:r2", "target_pagu", 100.0)]


def test_shared_budget_cell_is_counted_once():
    shared = {"level": "sub_kegiatan", "target_pagu": "300", "realisasi_pagu": "150", "budget_group": "g"}
    report = rows(
        {"level": "kegiatan", "target_pagu": "300", "realisasi_pagu": "150"},
        {**shared, "indikator": "Komputer PC"},
        {**shared, "indikator": "Printer colour"},
        {**shared, "indikator": "Sewa gedung"},
    )
    assert findings_of("sum_mismatch", report).empty


def test_empty_items_are_quiet():
    report = rows({"level": "kegiatan"}, {"level": "sub_kegiatan"})
    assert findings_of("sum_mismatch", report).empty


def test_a_parent_printing_nothing_spent_agrees_with_children_printing_dashes():
    # `-` in a sub kegiatan's realisasi is nothing spent: a kegiatan printing 0 adds them up; one printing an amount does not.
    def report(spent):
        return rows({"level": "kegiatan", "target_pagu": "150", "realisasi_pagu": spent},
                    {"level": "sub_kegiatan", "target_pagu": "150", "realisasi_pagu": "-"})
    assert findings_of("sum_mismatch", report("0")).empty
    found = findings_of("sum_mismatch", report("2757500"))
    assert list(zip(found.row_id, found.field, found.actual)) == [("q1:r1", "realisasi_pagu", "2757500")]


def test_children_belong_to_the_nearest_parent_above():
    report = rows(
        {"level": "kegiatan", "target_pagu": "10"},
        {"level": "sub_kegiatan", "target_pagu": "10"},
        {"level": "kegiatan", "target_pagu": "5"},
        {"level": "sub_kegiatan", "target_pagu": "2"},
        {"level": "sub_kegiatan", "target_pagu": "3"},
    )
    assert findings_of("sum_mismatch", report).empty


def test_total_not_equal_to_programs_fires():
    found = findings_of("total_mismatch", _report(total_pagu="9756893547"))
    # The printed capaian (50.0) no longer fits the printed total either.
    assert sorted(zip(found.field, found.expected)) == [("capaian_pagu", "0.00"), ("target_pagu", "300")]
    assert set(found.severity) == {"error"}


def test_a_parent_whose_ceiling_adds_up_but_spending_does_not_fires_on_the_spending():
    report = _report()
    report.loc[3, "realisasi_pagu"] = "60"  # a sub kegiatan spent 60, not 50: its kegiatan printed 150
    found = findings_of("sum_mismatch", report)
    assert list(zip(found.row_id, found.field, found.expected, found.actual)) == [("q1:r3", "realisasi_pagu", "160", "150")]
    report = _report(sub_pagu=("100", "250"))
    report.loc[3, "realisasi_pagu"] = "60"  # both amounts of the kegiatan off: one finding each
    found = findings_of("sum_mismatch", report)
    assert sorted(zip(found.row_id, found.field, found.expected, found.actual)) == [
        ("q1:r3", "realisasi_pagu", "160", "150"), ("q1:r3", "target_pagu", "350", "300")]


def test_a_total_finding_says_what_it_was_compared_with_in_the_auditors_language():
    report = _report(total_pagu="9756893547")
    said = findings_of("total_mismatch", report).set_index("field")["message"]
    assert "(jumlah pagu/realisasi 1 program)" in said["target_pagu"] and "(realisasi / pagu × 100 dari baris total)" in said["capaian_pagu"]
    said = findings_of("total_mismatch", report, lang="en").set_index("field")["message"]
    assert "(sum over 1 programmes)" in said["target_pagu"] and "(total spent / total ceiling × 100)" in said["capaian_pagu"]


def _sections(first_total="300", second_total="50"):
    """Two totals each heading its section (an agency or urusan row above its programs, as the side-by-side forms print)."""
    return rows(
        {"level": "total", "program": "", "target_pagu": first_total},
        {"level": "program", "program": "P1", "target_pagu": "100"},
        {"level": "kegiatan", "program": "P1", "kegiatan": "K1", "target_pagu": "60"},
        {"level": "kegiatan", "program": "P1", "kegiatan": "K2", "target_pagu": "40"},
        {"level": "program", "program": "P2", "target_pagu": "200"},
        {"level": "kegiatan", "program": "P2", "kegiatan": "K3", "target_pagu": "200"},
        {"level": "total", "program": "", "target_pagu": second_total},
        {"level": "program", "program": "P3", "target_pagu": "50"},
    )


def test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total():
    assert findings_of("total_mismatch", _sections()).empty
    found = findings_of("total_mismatch", _sections(first_total="310", second_total="60"))
    assert list(zip(found.row_id, found.field, found.expected, found.actual)) == [
        ("q1:r1", "target_pagu", "300", "310"), ("q1:r7", "target_pagu", "50", "60")]


def test_total_capaian_checked_against_its_own_values():
    report = _report()
    report.loc[report.level == "total", "capaian_pagu"] = "40.0"
    found = findings_of("total_mismatch", report)
    assert list(zip(found.field, found.expected)) == [("capaian_pagu", "50.00")]


# sasaran -> programs ------------------------------------------------------------


def _tujuan_block(tujuan_pagu="300", second_program="200", sasaran_of_programs=""):
    return rows(
        {"level": "sasaran", "tujuan": "T1", "sasaran": "", "target_pagu": tujuan_pagu, "realisasi_pagu": "150"},
        {"level": "sasaran", "tujuan": "T1", "sasaran": "S1", "target_pagu": "100"},  # spans only its own rows
        {"level": "program", "tujuan": "T1", "sasaran": sasaran_of_programs, "program": "P1", "target_pagu": "100", "realisasi_pagu": "50"},
        {"level": "program", "tujuan": "T1", "sasaran": sasaran_of_programs, "program": "P2", "target_pagu": second_program, "realisasi_pagu": "100"},
        {"level": "program", "tujuan": "T2", "program": "P3", "target_pagu": "999", "realisasi_pagu": "1"},
    )


def test_a_tujuan_row_printing_its_programs_sum_is_quiet():
    assert findings_of("sum_mismatch", _tujuan_block()).empty


def test_a_tujuan_row_off_its_programs_fires_for_that_row_only():
    found = findings_of("sum_mismatch", _tujuan_block(tujuan_pagu="310"))
    assert list(zip(found.row_id, found.field, found.expected, found.actual)) == [("q1:r1", "target_pagu", "300", "310")]
    assert "sasaran" in found.iloc[0].message and "2" in found.iloc[0].message


def test_a_program_off_shows_on_the_tujuan_row():
    found = findings_of("sum_mismatch", _tujuan_block(second_program="210"))
    assert list(zip(found.row_id, found.expected)) == [("q1:r1", "310")]


def test_a_sasaran_whose_cell_spans_its_programs_is_summed_over_them():
    report = _tujuan_block(sasaran_of_programs="S1")  # S1 prints 100, its programs add up to 300
    found = findings_of("sum_mismatch", report)
    assert list(zip(found.row_id, found.expected, found.actual)) == [("q1:r2", "300", "100")]


def test_a_tujuan_row_with_no_sasaran_value_is_summed_and_rows_with_no_tujuan_never_are():
    # Rows given in-process (rekon.check) may hold no value at all (NaN) where rows.csv holds an empty cell.
    report = _tujuan_block(tujuan_pagu="310")
    report.loc[0, "sasaran"] = None
    found = findings_of("sum_mismatch", report)
    assert list(zip(found.row_id, found.expected, found.actual)) == [("q1:r1", "300", "310")]
    untold = rows({"level": "sasaran", "target_pagu": "999"}, {"level": "program", "program": "P1", "target_pagu": "100"},
                  {"level": "program", "program": "P2", "target_pagu": "200"})
    untold[["tujuan", "sasaran"]] = None
    assert findings_of("sum_mismatch", untold).empty  # no Tujuan cell: which programs are the sasaran's is not known


def test_a_parent_with_one_child_printing_its_amount_is_quiet_and_fires_when_they_differ():
    chain = rows({"level": "program", "target_pagu": "100"}, {"level": "kegiatan", "target_pagu": "100"}, {"level": "sub_kegiatan", "target_pagu": "100"})
    assert findings_of("sum_mismatch", chain).empty
    block = rows({"level": "sasaran", "tujuan": "T1", "sasaran": "", "target_pagu": "100"},
                 {"level": "program", "tujuan": "T1", "program": "P1", "target_pagu": "100"})
    assert findings_of("sum_mismatch", block).empty
    block.loc[1, "target_pagu"] = "90"
    found = findings_of("sum_mismatch", block)
    assert list(zip(found.row_id, found.expected, found.actual)) == [("q1:r1", "90", "100")]


def test_a_sasaran_printing_no_budget_is_not_summed():
    assert findings_of("sum_mismatch", _tujuan_block(tujuan_pagu="")).empty


# what closes a parent's span, and how a finding names the level ----------------------------------


def test_a_row_that_closes_a_span_keeps_the_rows_after_it_out_of_the_parent_above():
    # After a sasaran or total row, a kegiatan or sub kegiatan printed with no new parent above it
    # belongs to no parent: never added to the program (or kegiatan) above the closing row. A new
    # program likewise closes the kegiatan above it.
    for closing in ("sasaran", "total"):
        report = rows(
            {"level": "program", "target_pagu": "300"},
            {"level": "kegiatan", "target_pagu": "300"},
            {"level": "sub_kegiatan", "target_pagu": "300"},
            {"level": closing, "target_pagu": ""},
            {"level": "sub_kegiatan", "target_pagu": "70"},  # no kegiatan above it since the closing row
            {"level": "kegiatan", "target_pagu": "50"},  # no program above it since the closing row
            {"level": "sub_kegiatan", "target_pagu": "50"},
        )
        assert findings_of("sum_mismatch", report).empty, closing
    report = rows(
        {"level": "program", "target_pagu": "300"},
        {"level": "kegiatan", "target_pagu": "300"},
        {"level": "sub_kegiatan", "target_pagu": "300"},
        {"level": "program", "target_pagu": ""},
        {"level": "sub_kegiatan", "target_pagu": "70"},  # under the new program, before any kegiatan of it
    )
    assert findings_of("sum_mismatch", report).empty


@pytest.mark.parametrize("level, child, id_name, en_name", [
    ("program", "kegiatan", "program", "programme"),
    ("kegiatan", "sub_kegiatan", "kegiatan", "activity (kegiatan)"),
])
def test_a_sum_finding_names_the_level_in_the_auditors_language(level, child, id_name, en_name):
    report = rows({"level": level, "target_pagu": "300"}, {"level": child, "target_pagu": "100"})
    assert f"pagu {id_name} tercetak" in findings_of("sum_mismatch", report).iloc[0].message
    assert f"of the {en_name} printed" in findings_of("sum_mismatch", report, lang="en").iloc[0].message


def test_a_sasaran_sum_finding_names_its_level_in_both_languages():
    report = _tujuan_block(tujuan_pagu="900")
    assert "sasaran tercetak" in findings_of("sum_mismatch", report).iloc[0].message
    assert "of the strategic target (sasaran) printed" in findings_of("sum_mismatch", report, lang="en").iloc[0].message
