"""Reports are grouped by OPD and year; duplicates and gaps are said, not guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from rekon.extract.pipeline import FileResult, Metadata
from rekon.cli import app
from rekon.groups import group_files, problems_of

SAMPLES = Path("data/samples")


def _result(name: str, opd: str, year: int, quarter: int) -> FileResult:
    return FileResult(name, rows=[{"row_id": f"{name}:p1:r1", "quarter": str(quarter)}], metadata=Metadata(opd, year, quarter))


def test_files_of_two_opds_and_two_years_make_separate_groups():
    results = [
        _result("a1.pdf", "DINAS A", 2022, 1),
        _result("b1.pdf", "DINAS B", 2022, 1),
        _result("a2.pdf", "DINAS A", 2022, 2),
        _result("a1-2023.pdf", "DINAS A", 2023, 1),
    ]
    groups = {(g.opd, g.year): sorted(r.source_file for r in g.files.values()) for g in group_files(results)}
    assert groups == {("DINAS A", "2022"): ["a1.pdf", "a2.pdf"], ("DINAS B", "2022"): ["b1.pdf"], ("DINAS A", "2023"): ["a1-2023.pdf"]}


def test_a_failed_file_joins_no_group():
    failed = FileResult("x.pdf", error="bukan berkas PDF")
    assert group_files([failed]) == []


def test_duplicate_quarter_and_missing_quarters_are_reported_through_the_cli(tmp_path):
    # Another TW II of the same agency (other bytes, other folder): the title's region and OPD make it the same group.
    other = tmp_path / "kiriman" / "salinan-tw2.pdf"
    other.parent.mkdir()
    shutil.copy(Path("data/variant/dp3akb-serang-2022-tw2-id.pdf"), other)
    inputs = [SAMPLES / "dp3akb-serang-2022-tw1.pdf", SAMPLES / "dp3akb-serang-2022-tw2.pdf", other]
    run = CliRunner().invoke(app, ["run", *map(str, inputs), "-o", str(tmp_path / "out"), "--quiet"])
    assert run.exit_code == 0, run.output
    problems = pd.read_csv(tmp_path / "out" / "problems.csv", dtype=str, keep_default_na=False)
    duplicate = problems[problems["problem"] == "duplicate_quarter"]
    assert duplicate["source_file"].tolist() == [str(other)]
    assert set(problems.loc[problems["problem"] == "quarter_missing", "message"].str.extract(r"TW (\w+)")[0]) == {"III", "IV"}
    rows = pd.read_csv(tmp_path / "out" / "rows.csv", dtype=str, keep_default_na=False)
    other_ids = set(rows.loc[rows["source_file"] == str(other), "row_id"])
    panel = pd.read_csv(tmp_path / "out" / "panel.csv", dtype=str, keep_default_na=False)
    assert not set(panel["row_id_q2"]) & other_ids  # the other file was not matched
    assert len(other_ids) == 132  # but nothing it holds is lost


def test_problems_are_in_english_on_request():
    groups = group_files([_result("a1.pdf", "DINAS A", 2022, 1)])
    texts = [p.message("en") for p in problems_of(groups)]
    assert "no TW II file for DINAS A 2022" in texts


def test_a_form_with_quarters_side_by_side_stands_for_each_quarter_it_prints():
    form = FileResult("form.pdf", rows=[{"row_id": "r1", "quarter": "1"}, {"row_id": "r1q2", "quarter": "2"}], metadata=Metadata("DINAS C", 2023, None))
    [group] = group_files([form])
    assert sorted(group.files) == [1, 2]
    assert problems_of([group]) == []  # its blank quarters are its own problem (empty_quarter)


def test_an_unexpected_error_is_one_line_and_exit_4_unless_debug(tmp_path, monkeypatch, capsys):
    import pytest

    from rekon import reconcile
    from rekon.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("simulated defect in matching")

    monkeypatch.setattr(reconcile, "match_rows", broken)
    args = ["run", str(SAMPLES / "dp3akb-serang-2022-tw1.pdf"), "-o", str(tmp_path), "--quiet", "--no-report"]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 4
    err = capsys.readouterr().err
    assert "simulated defect in matching" in err and "Traceback" not in err
    assert (tmp_path / "rows.csv").exists()  # what was done before the defect is kept
    with pytest.raises(RuntimeError):
        main(args + ["--debug"])


def test_real_reports_of_other_opds_and_another_year_run_beside_the_samples(tmp_path):
    from tests.capabilities import REAL, require

    require("real-reports")
    real = REAL / "capil.pdf"
    # The real form first: were the groups merged, its TW I and TW II would be taken and the samples' TW III
    # and TW IV chained onto them.
    run = CliRunner().invoke(app, ["run", str(real), str(SAMPLES), "-o", str(tmp_path), "--quiet", "--no-report", "--no-store"])
    assert run.exit_code == 0, run.output
    assert "2022: TW I, TW II, TW III, TW IV" in run.output and "2023: TW I, TW II" in run.output
    panel = pd.read_csv(tmp_path / "panel.csv", dtype=str, keep_default_na=False)
    rows = pd.read_csv(tmp_path / "rows.csv", dtype=str, keep_default_na=False)
    file_of = dict(zip(rows["row_id"], rows["source_file"]))  # row ids start with a content hash, not a name
    # No chain mixes the two groups: each chain's rows come all from the real form or all from the samples.
    chains_of_the_form = 0
    for row in panel.itertuples():
        files = {file_of[row_id] for row_id in (getattr(row, f"row_id_q{q}") for q in (1, 2, 3, 4)) if row_id}
        of_the_form = str(real) in files
        assert not (of_the_form and files - {str(real)}), files
        chains_of_the_form += of_the_form
    assert 0 < chains_of_the_form < len(panel)  # both groups have chains: the check above had something to hold
