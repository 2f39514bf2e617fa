"""rekon's own errors are told apart from damaged files: a defect is exit 4 in one line (the
traceback with --debug), never "the PDF is corrupt"; what the PDF libraries raise stays the file's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rekon.cli import main
from rekon.extract import table
from rekon.extract.pipeline import extract_file
from tests import badfiles

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "data" / "next_year" / "dp3akb-serang-2023-tw1.pdf"


def _plant_index_error(monkeypatch, marker: Path | None = None) -> None:
    """An IndexError in the grid builder, as a slip in rekon's own code would raise; with a marker
    file, only in the first job that reaches it (each job is a fresh fork of the parent)."""
    real = table.build_grid

    def broken(segments):
        if marker is None or not marker.exists():
            if marker is not None:
                marker.write_text("raised")
            return [][len(segments)]  # IndexError: list index out of range
        return real(segments)

    monkeypatch.setattr(table, "build_grid", broken)


def test_a_defect_in_rekon_is_raised_not_called_a_damaged_file(monkeypatch):
    _plant_index_error(monkeypatch)
    with pytest.raises(IndexError):
        extract_file(GOOD)


def test_a_defect_is_one_line_and_exit_4_and_the_other_files_are_written(tmp_path, monkeypatch, capsys):
    first = tmp_path / "in" / "first.pdf"
    first.parent.mkdir()
    first.write_bytes(badfiles.SAMPLE.read_bytes())
    _plant_index_error(monkeypatch, tmp_path / "marker")
    args = ["extract", str(first), str(GOOD), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1"]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 4
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and str(first) in lines[0] and "IndexError" in lines[0], lines
    assert "Traceback" not in lines[0] and "rusak atau terpotong" not in lines[0]  # not "the PDF is corrupt"
    rows = pd.read_csv(tmp_path / "out" / "rows.csv", dtype=str, keep_default_na=False)
    assert set(rows["source_file"]) == {str(GOOD)} and len(rows) > 0  # the other file is read and written
    problems = pd.read_csv(tmp_path / "out" / "problems.csv", dtype=str, keep_default_na=False)
    assert problems.loc[problems["source_file"] == str(first), "problem"].tolist() == ["rekon_error"]

    (tmp_path / "marker").unlink()
    with pytest.raises(RuntimeError):
        main(args + ["--debug"])
    trace = capsys.readouterr().err
    assert "Traceback" in trace and "broken" in trace and "IndexError" in trace  # the worker's own traceback

    # The defect mended (the marker stands: no job raises now), --resume reads that file again
    # instead of taking its rekon_error from the cache; the other file comes from the cache.
    with pytest.raises(SystemExit) as resumed:
        main(args + ["--resume"])
    assert resumed.value.code == 0, capsys.readouterr().err
    rows = pd.read_csv(tmp_path / "out" / "rows.csv", dtype=str, keep_default_na=False)
    assert set(rows["source_file"]) == {str(first), str(GOOD)}


def test_a_defect_in_a_groups_job_is_one_line_and_exit_4_after_the_rows_are_written(tmp_path, monkeypatch, capsys):
    import rekon.rules

    def broken_check(*args, **kwargs):
        raise KeyError("planted")  # a slip in the rules, met inside the group's job in a worker

    monkeypatch.setattr(rekon.rules, "check", broken_check)
    args = ["run", str(GOOD), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1", "--no-report", "--no-store"]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 4
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "KeyError" in lines[0] and "planted" in lines[0] and "2023" in lines[0], lines  # names the group
    rows = pd.read_csv(tmp_path / "out" / "rows.csv", dtype=str, keep_default_na=False)
    assert set(rows["source_file"]) == {str(GOOD)}  # what was read is written
    with pytest.raises(RuntimeError):
        main(args + ["--debug"])
    assert "broken_check" in capsys.readouterr().err  # the worker's traceback
