"""Many files: isolated workers with bounds, outputs identical whatever the parallelism or the executor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rekon
from rekon.extract.output import neutralise
from rekon.cli import app

SAMPLES = sorted(Path("data/samples").glob("*.pdf"))


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0, result.output


def test_outputs_are_byte_identical_whatever_the_number_of_jobs(tmp_path):
    _run("run", *map(str, SAMPLES), "-o", str(tmp_path / "one"), "--jobs", "1")
    _run("run", *map(str, SAMPLES), "-o", str(tmp_path / "two"), "--jobs", "2")
    for name in ("rows.csv", "problems.csv", "panel.csv", "review.csv", "discrepancies.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_dask_local_cluster_gives_the_same_outputs_as_the_plain_run(tmp_path):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")
    # Files and then each group's matching and rules run on the cluster.
    _run("run", *map(str, SAMPLES[:2]), "-o", str(tmp_path / "plain"), "--jobs", "1", "--no-report")
    _run("run", *map(str, SAMPLES[:2]), "-o", str(tmp_path / "dask"), "--executor", "dask", "--jobs", "2", "--no-report")
    for name in ("rows.csv", "problems.csv", "panel.csv", "review.csv", "discrepancies.csv"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_a_file_over_its_time_limit_is_stopped_and_reported(tmp_path):
    from tests.badfiles import many_pages

    long_pdf = many_pages(tmp_path / "long.pdf", copies=40)  # 200 pages: several seconds of work
    slow = rekon.extract([long_pdf], timeout=0.5, jobs=1)
    assert slow.failed_files == (str(long_pdf),) and not len(slow.frame)
    [stopped] = slow.problems.to_dict("records")
    assert stopped["problem"] == "timeout" and "waktu habis" in stopped["message"]
    ok = rekon.extract([SAMPLES[0]], timeout=120)
    assert not ok.failed_files and len(ok) == 132


def test_a_decompression_bomb_hits_its_memory_bound_and_the_batch_goes_on(tmp_path):
    from tests.badfiles import content_bomb

    bomb = content_bomb(tmp_path / "bomb.pdf", megabytes=400)  # under 1 MB on disk
    rows = rekon.extract([bomb, SAMPLES[0]], timeout=60, max_memory_mb=1024, jobs=2)
    assert rows.failed_files == (str(bomb),)
    assert rows.problems.loc[rows.problems["source_file"] == str(bomb), "problem"].iloc[-1] == "memory"
    assert (rows.frame["source_file"] == str(SAMPLES[0])).sum() == 132


def test_outputs_stay_under_out_dir_whatever_the_input_names(tmp_path):
    odd = tmp_path / "in" / "..%2F..%2Fevil; rm -rf.pdf"
    odd.parent.mkdir()
    shutil.copy(SAMPLES[0], odd)
    out = tmp_path / "out"
    _run("run", str(odd), "-o", str(out))
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(str(p).startswith(("out/", "in/")) for p in written), written


@pytest.mark.parametrize(
    "value, safe",
    [("=SUM(A1)", "'=SUM(A1)"), ("+62 812", "'+62 812"), ("@cmd", "'@cmd"), ("-x", "'-x"), ("-12.5", "-12.5"), ("9756893547", "9756893547"), (12.5, 12.5)],
)
def test_spreadsheet_formulas_are_neutralised_but_numbers_are_not(value, safe):
    assert neutralise(value) == safe


@pytest.mark.parametrize("length", [5, 3000])  # short columns are tested cell by cell, long ones at once
def test_a_table_is_made_spreadsheet_safe_cell_by_cell_whatever_its_length(length):
    import pandas as pd

    from rekon.extract.output import safe_for_spreadsheets

    texts = ["=SUM(A1)", "-12.5", "kegiatan", None, "+62 812", "", "@cmd", "-x"]
    frame = pd.DataFrame({
        "text": [texts[i % len(texts)] for i in range(length)],
        "mixed": pd.Series([[1.5, "=1+1", None, "x"][i % 4] for i in range(length)], dtype=object),
        "numbers": [float(i) for i in range(length)],
        "flags": [i % 2 == 0 for i in range(length)],
    })
    safe = safe_for_spreadsheets(frame)
    for column in ("text", "mixed"):
        assert safe[column].dtype == object
        assert safe[column].tolist() == [neutralise(v) for v in frame[column].astype(object)]
    assert safe["numbers"].equals(frame["numbers"]) and safe["flags"].equals(frame["flags"])
    assert frame["text"].iloc[0] == "=SUM(A1)"  # the input is left as it was
