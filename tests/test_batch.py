"""Many files: isolated workers with bounds, outputs identical whatever the parallelism or the executor."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rekon
from rekon.extract.output import neutralise
from rekon.cli import app
from tests.capabilities import require

SAMPLES = sorted(Path("data/samples").glob("*.pdf"))


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--quiet"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def unequal_files(tmp_path_factory) -> list[Path]:
    """Files of unequal cost, the costliest first: TW I whole (five pages), a file that is no PDF
    (refused at once), and the first page of 2023's TW I (another group, a small one). With two jobs
    the small files and the small group finish first: completion order is not input order."""
    import pikepdf

    folder = tmp_path_factory.mktemp("unequal")
    bad = folder / "laporan.pdf"
    bad.write_text("<!doctype html><title>404</title>", encoding="utf-8")
    small = folder / "tw1-2023-p1.pdf"
    with pikepdf.open("data/next_year/dp3akb-serang-2023-tw1.pdf") as whole, pikepdf.new() as pdf:
        pdf.pages.append(whole.pages[0])
        pdf.save(small)
    return [SAMPLES[0], bad, small]


# The one thing of a run that may differ: the minute report.html and portfolio.html say they were made.
_GENERATED = re.compile(rb"(<dt>(?:Dibuat|Generated)</dt><dd>)\d{4}-\d\d-\d\d \d\d:\d\d")


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file a run wrote (the store aside, compared by its tables), the generation minute masked."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and ".rekon" not in p.parts and p.name != "rekon.duckdb"):
        data = path.read_bytes()
        files[str(path.relative_to(out))] = _GENERATED.sub(rb"\1(masked)", data) if path.suffix == ".html" else data
    return files


def _store_tables(path: Path) -> dict[str, list]:
    """The store's tables, every column (the record of the run itself, `runs` and `run_files`, aside)."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        tables = [name for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables if t not in ("runs", "run_files")}


def _completion_order(trace: Path) -> list[tuple[str, int]]:
    return [tuple(eval(line.split("\t")[0])) for line in trace.read_text().splitlines()]  # noqa: S307 - our own job keys


@pytest.mark.slow
def test_outputs_are_byte_identical_whatever_the_number_of_jobs(tmp_path, monkeypatch, unequal_files):
    out = tmp_path / "out"  # the same folder for both runs: report.html names it
    outputs, stores, orders = {}, {}, {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("REKON_TRACE_JOBS", str(tmp_path / f"jobs-{jobs}.tsv"))
        run = CliRunner().invoke(app, ["run", *map(str, unequal_files), "-o", str(out), "--jobs", jobs, "--quiet"])
        assert run.exit_code == 3, run.output  # the file that is no PDF
        outputs[jobs], stores[jobs] = _outputs(out), _store_tables(out / "rekon.duckdb")
        orders[jobs] = _completion_order(tmp_path / f"jobs-{jobs}.tsv")
        shutil.rmtree(out)
    # What the test stands on: with two jobs, files and groups finished in another order than given.
    files_done = [index for kind, index in orders["2"] if kind == "file"]
    groups_done = [index for kind, index in orders["2"] if kind == "group"]
    assert files_done != sorted(files_done) and groups_done != sorted(groups_done), orders["2"]
    assert {"report.html", "portfolio.html", "rows.csv", "discrepancies.csv"} <= set(outputs["1"])
    assert sum(name.startswith("reports/") for name in outputs["1"]) == 4  # each group's html and xlsx
    assert sorted(outputs["1"]) == sorted(outputs["2"])
    for name, data in outputs["1"].items():
        assert data == outputs["2"][name], name
    assert stores["1"] == stores["2"] and len(stores["1"]["rows"]) > 0


def test_the_largest_file_is_read_first_and_the_outputs_keep_the_input_order(tmp_path, monkeypatch, unequal_files):
    big, _, small = unequal_files
    trace = tmp_path / "jobs.tsv"
    monkeypatch.setenv("REKON_TRACE_JOBS", str(trace))
    _run("extract", str(small), str(big), "-o", str(tmp_path / "out"), "--jobs", "1")
    # One worker takes the jobs in the order they were queued: the five pages before the one page.
    assert [index for kind, index in _completion_order(trace) if kind == "file"] == [1, 0]
    with open(tmp_path / "out" / "rows.csv", encoding="utf-8") as rows:
        files = [row["source_file"] for row in csv.DictReader(rows)]
    assert list(dict.fromkeys(files)) == [str(small), str(big)]


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_outputs_as_the_plain_run(tmp_path):
    require("dask")
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


@pytest.mark.slow
def test_group_lines_copied_from_their_jobs_equal_those_made_by_the_parent(tmp_path, unequal_files):
    # A first run into OUT copies each group's lines as its job wrote them; an OUT holding an earlier
    # discrepancies.csv has the parent make them from the group's frames (to mark what was seen before).
    # When nothing earlier is seen, both must write the same bytes.
    inputs = [str(unequal_files[0]), str(unequal_files[2])]
    fresh, seen = tmp_path / "fresh", tmp_path / "seen"
    seen.mkdir()
    (seen / "discrepancies.csv").write_text("finding_id,rule\nnot-a-finding-of-this-run,x\n", encoding="utf-8")
    for out in (fresh, seen):
        _run("run", *inputs, "-o", str(out), "--jobs", "1", "--no-report", "--no-store")
    texts = sorted((fresh / ".rekon").rglob("*.texts.pkl"))
    assert len(texts) == 2  # one per group: the copied path was taken
    for table in ("panel.csv", "review.csv", "discrepancies.csv"):
        copied, made = (fresh / table).read_bytes(), (seen / table).read_bytes()
        assert table == "review.csv" or copied.count(b"\n") > 2, table  # these groups have no link in review
        assert copied == made, table
