"""The review's two files of judgements (review/files.py) on their own, fast: writes stay inside
OUT_DIR, a decision replaces the earlier one on its pair and keeps every other line, what an
auditor typed comes back as typed. tests/test_review_safety.py holds the same through the app."""

from __future__ import annotations

import re

import pytest

from rekon.review import files


@pytest.mark.parametrize("name", ["../secret.txt", "sub/../../secret.txt", "/etc/passwd", "", ".", "../out-sibling/x.csv"])
def test_a_name_that_leaves_out_dir_is_refused(tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(files.OutsideOutDir):
        files.inside(out, name)


def test_names_within_out_dir_are_allowed_and_a_link_pointing_out_is_not(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    assert files.inside(out, "verdicts.csv") == (out / "verdicts.csv").resolve()
    assert files.inside(out, "sub/deeper/x.csv") == (out / "sub" / "deeper" / "x.csv").resolve()
    (out / "verdicts.csv").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(files.OutsideOutDir):
        files.read_verdicts(out)
    with pytest.raises(files.OutsideOutDir):
        files.save_verdict(out, "f:1", "acceptable")
    assert not (tmp_path / "secret.txt").exists()


def test_a_decision_replaces_the_earlier_one_on_its_pair_in_either_order_and_keeps_the_rest(tmp_path):
    assert files.read_overrides(tmp_path).empty and list(files.read_overrides(tmp_path)) == ["row_id_a", "row_id_b", "decision"]
    # An auditor's file with a column of their own, and a pair decided by hand with spaces and capitals.
    (tmp_path / "overrides.csv").write_text("row_id_a,row_id_b,decision,note\na:p1:r1, b:p1:r1 ,Same ,by hand\nc:p1:r1,d:p1:r1,different,x\n")
    assert files.decisions_by_pair(files.read_overrides(tmp_path)) == {
        frozenset({"a:p1:r1", "b:p1:r1"}): "same", frozenset({"c:p1:r1", "d:p1:r1"}): "different"}
    files.save_decision(tmp_path, "b:p1:r1", "a:p1:r1", "different")  # the same pair, named the other way round
    back = files.read_overrides(tmp_path)
    assert files.decisions_by_pair(back) == {frozenset({"a:p1:r1", "b:p1:r1"}): "different", frozenset({"c:p1:r1", "d:p1:r1"}): "different"}
    assert list(back.columns) == ["row_id_a", "row_id_b", "decision", "note"] and list(back["note"]) == ["x", ""]
    files.save_decision(tmp_path, "a:p1:r1", "b:p1:r1", None)  # cleared
    assert files.decisions_by_pair(files.read_overrides(tmp_path)) == {frozenset({"c:p1:r1", "d:p1:r1"}): "different"}


def test_a_verdict_replaces_the_earlier_one_keeps_what_was_typed_and_says_when(tmp_path):
    assert files.read_verdicts(tmp_path).empty
    files.save_verdict(tmp_path, "sum:1", "acceptable", "first")
    line = files.save_verdict(tmp_path, "sum:2", "rekon_error", "=HYPERLINK(\"x\")")  # a formula typed as a comment
    files.save_verdict(tmp_path, "sum:1", "error", "second look")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line["reviewed_at"])
    back = files.read_verdicts(tmp_path).set_index("finding_id")
    assert sorted(back.index) == ["sum:1", "sum:2"]
    assert back.loc["sum:1", "verdict"] == "error" and back.loc["sum:1", "comment"] == "second look"
    assert back.loc["sum:2", "comment"] == "=HYPERLINK(\"x\")"  # shown as typed ...
    assert "'=HYPERLINK" in (tmp_path / "verdicts.csv").read_text()  # ... and stored so no spreadsheet runs it
    assert files.save_verdict(tmp_path, "sum:2", None) is None  # cleared
    assert files.save_verdict(tmp_path, "sum:3", "acceptable")["comment"] == ""  # no comment given: none stored
    assert list(files.read_verdicts(tmp_path)["finding_id"]) == ["sum:1", "sum:3"]


@pytest.mark.parametrize("typed", ["=1+1", "+62 812 555", "-5 is odd", "@budi", "\tindented", "'quoted'"])
def test_a_comment_comes_back_as_typed_and_is_stored_so_no_spreadsheet_runs_it(tmp_path, typed):
    files.save_verdict(tmp_path, "sum:1", "acceptable", typed)
    assert files.read_verdicts(tmp_path)["comment"].tolist() == [typed]
    stored = (tmp_path / "verdicts.csv").read_text().splitlines()[1]
    assert not stored.split(",", 2)[2].lstrip('"').startswith(("=", "+", "-", "@", "\t"))


def test_an_apostrophe_the_auditor_typed_stays_and_a_file_missing_a_column_is_read(tmp_path):
    (tmp_path / "verdicts.csv").write_text("finding_id,verdict,comment\nsum:1,error,'tis so\nsum:2,error,ok\n")
    back = files.read_verdicts(tmp_path)
    assert list(back["comment"]) == ["'tis so", "ok"]  # only the guard write_table adds is taken off
    assert list(back["reviewed_at"]) == ["", ""]
    (tmp_path / "overrides.csv").write_text("")  # an empty file is no decision
    assert files.read_overrides(tmp_path).empty
    # A column of the auditor's own in verdicts.csv stays, empty on a new line.
    (tmp_path / "verdicts.csv").write_text("finding_id,verdict,comment,reviewed_at,team\nsum:1,error,x,2026-01-01T00:00:00Z,A\n")
    files.save_verdict(tmp_path, "sum:2", "acceptable", "y")
    assert files.read_verdicts(tmp_path)["team"].tolist() == ["A", ""]
    assert files.read_overrides(tmp_path).empty


@pytest.mark.parametrize("typed", ["\rcarriage", "line one\rline two", "both\r\nends"])
def test_a_comment_holding_a_carriage_return_stays_one_comment(tmp_path, typed):
    # A lone CR in a field the csv module leaves unquoted is a line end to every reader: the
    # verdicts table would split the comment into a row of its own.
    import pandas as pd

    files.save_verdict(tmp_path, "sum:1", "acceptable", typed)
    files.save_verdict(tmp_path, "sum:2", "error", "plain")
    assert files.read_verdicts(tmp_path)["comment"].tolist() == [typed, "plain"]
    assert len(pd.read_csv(tmp_path / "verdicts.csv", dtype=str, keep_default_na=False)) == 2
