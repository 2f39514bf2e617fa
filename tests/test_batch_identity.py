"""Batches as auditors have them: files named alike, the same file twice, renamed files, regions, resume, output folders."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rekon.cli import app
from rekon.extract.identity import content_hash
from rekon.extract.pipeline import FileResult, Metadata, extract_file
from rekon.groups import group_files
from tests.pages import first_pages

ROOT = Path(__file__).resolve().parent.parent
TW1 = ROOT / "data" / "samples" / "dp3akb-serang-2022-tw1.pdf"
TW2 = ROOT / "data" / "samples" / "dp3akb-serang-2022-tw2.pdf"
TW1_VARIANT = ROOT / "data" / "variant" / "dp3akb-serang-2022-tw1-id.pdf"


def _invoke(*args: str):
    return CliRunner().invoke(app, [*map(str, args), "--quiet"])


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


def test_files_named_alike_in_different_folders_have_distinct_row_ids(tmp_path):
    first, second = _copy(TW1, tmp_path / "dinas-a" / "TW1.pdf"), _copy(TW1_VARIANT, tmp_path / "dinas-b" / "TW1.pdf")
    run = _invoke("run", first, second, "-o", tmp_path / "out", "--no-report")
    assert run.exit_code == 0, run.output
    rows = _csv(tmp_path / "out" / "rows.csv")
    assert rows["row_id"].is_unique and len(rows) == 264
    for path in (first, second):
        ids = rows.loc[rows["source_file"] == str(path), "row_id"]
        assert len(ids) == 132 and ids.str.startswith(content_hash(path)[:12] + ":p").all()


def test_the_same_file_given_twice_is_read_once_and_named_as_a_duplicate(tmp_path):
    copy = _copy(TW1, tmp_path / "kiriman" / "laporan.pdf")
    run = _invoke("extract", TW1, TW1, copy, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    rows, problems = _csv(tmp_path / "out" / "rows.csv"), _csv(tmp_path / "out" / "problems.csv")
    assert len(rows) == 132 and set(rows["source_file"]) == {str(TW1)}
    duplicates = problems[problems["problem"] == "duplicate_file"]
    assert duplicates["source_file"].tolist() == [str(TW1), str(copy)]
    assert duplicates["message"].str.contains(str(TW1), regex=False).all()


def test_a_renamed_file_gives_the_same_rows(tmp_path):
    renamed = _copy(TW2, tmp_path / "lain" / "nama-baru.pdf")
    one, two = extract_file(TW2), extract_file(renamed)
    assert len(one.rows) == 132
    for a, b in zip(one.rows, two.rows):
        assert a == {**b, "source_file": str(TW2)}


def _render_regions(folder: Path) -> dict[str, Path]:
    """TW I of one agency in two regions, printed by the second producer (reportlab: pure Python)."""
    from samples.build import Sample
    from samples.producer2.render import render
    from samples.source import read_source

    source = read_source(Sample(1, False).source)
    wanted = {"KOTA TANGERANG SELATAN": folder / "tangsel" / "TW1.pdf", "KABUPATEN PANDEGLANG": folder / "pandeglang" / "TW1.pdf"}
    for city, target in wanted.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        render(source, 1, target, opd="DINAS KESEHATAN", city=city)
    return wanted


def test_agencies_of_two_regions_are_never_merged_and_each_gets_its_report(tmp_path):
    files = _render_regions(tmp_path / "in")
    run = _invoke("run", *files.values(), "-o", tmp_path / "out", "--lang", "en")
    assert run.exit_code == 0, run.output
    for region in files:
        assert f"{region} · DINAS KESEHATAN 2022: TW I  [region, agency and year from the title]" in run.output
    problems = _csv(tmp_path / "out" / "problems.csv")
    assert "duplicate_quarter" not in set(problems["problem"])
    rows = _csv(tmp_path / "out" / "rows.csv")
    assert set(rows["region"]) == set(files)
    panel = _csv(tmp_path / "out" / "panel.csv")
    assert panel["indicator_key"].is_unique and (panel["row_id_q1"] != "").sum() == 2 * 132  # each agency's own chains
    reports = sorted(p.name for p in (tmp_path / "out" / "reports").iterdir())
    assert reports == ["001-kota-tangerang-selatan-dinas-kesehatan-2022.html", "001-kota-tangerang-selatan-dinas-kesehatan-2022.xlsx",
                       "002-kabupaten-pandeglang-dinas-kesehatan-2022.html", "002-kabupaten-pandeglang-dinas-kesehatan-2022.xlsx"]
    index = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "reports/002-kabupaten-pandeglang-dinas-kesehatan-2022.html" in index

    # The user may say that a folder is the agency: both files in one folder are then one agency.
    together = tmp_path / "satu-folder"
    for n, path in enumerate(files.values()):
        _copy(path, together / f"{n}.pdf")
    run = _invoke("run", together, "-o", tmp_path / "folder", "--group-by", "folder", "--no-report", "--lang", "en")
    assert run.exit_code == 0, run.output
    assert "one folder" in run.output and "duplicate_quarter" in set(_csv(tmp_path / "folder" / "problems.csv")["problem"])


def test_without_a_region_in_the_title_the_folder_keeps_agencies_apart():
    def result(path: str) -> FileResult:
        return FileResult(path, rows=[{"row_id": f"{path}:p1:r1", "quarter": "1"}], metadata=Metadata("DINAS KESEHATAN", 2023, 1))

    groups = group_files([result("tangsel/dinkes.pdf"), result("pandeglang/dinkes.pdf")])
    assert [(g.how, g.folder) for g in groups] == [("title_folder", "tangsel"), ("title_folder", "pandeglang")]
    assert "folder pandeglang" in groups[1].how_formed("en")
    [one] = group_files([result("tangsel/tw1.pdf"), result("tangsel/tw1-again.pdf")], group_by="folder")
    assert len(one.duplicates) == 1


def test_an_output_path_that_is_a_file_or_cannot_be_made_is_a_usage_error(tmp_path):
    existing = tmp_path / "hasil.csv"
    existing.write_text("x")
    run = _invoke("run", TW1, "-o", existing)
    assert run.exit_code == 2 and "is an existing file" in run.output and len(run.output.strip().splitlines()) == 1
    run = _invoke("extract", TW1, "-o", existing / "sub")
    assert run.exit_code == 2 and "cannot be written" in run.output


@pytest.mark.parametrize("umask, mode", [(0o002, 0o664), (0o077, 0o600)])
def test_outputs_take_the_users_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        assert _invoke("extract", TW1, "-o", tmp_path).exit_code == 0
    finally:
        os.umask(previous)
    for name in ("rows.csv", "problems.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


def test_an_interrupted_run_resumes_to_the_same_outputs(tmp_path):
    inputs = [TW1, TW2]
    whole = _invoke("run", *inputs, "-o", tmp_path / "whole", "--no-report", "--jobs", "1")
    assert whole.exit_code == 0, whole.output
    # Stop a run as soon as its first file is kept, as Ctrl-C or a killed job would.
    command = [sys.executable, "-m", "rekon", "run", *map(str, inputs), "-o", str(tmp_path / "cut"), "--no-report", "--jobs", "1", "--quiet"]
    process = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 120
    cache = tmp_path / "cut" / ".rekon" / "files"
    while time.monotonic() < deadline and not list(cache.glob("*.pkl")) and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (tmp_path / "cut" / "panel.csv").exists(), "the run finished before it could be interrupted"
    resumed = _invoke("run", *inputs, "-o", tmp_path / "cut", "--no-report", "--jobs", "1", "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "1 berkas diambil dari proses sebelumnya" in resumed.output
    for name in ("rows.csv", "problems.csv", "panel.csv", "review.csv", "discrepancies.csv"):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "cut" / name).read_bytes(), name


@pytest.fixture(scope="module")
def one_page(tmp_path_factory) -> Path:
    """TW I's first page alone (title and table): a file read in a fraction of a second."""
    return first_pages(TW1, 1, tmp_path_factory.mktemp("one-page") / "tw1-p1.pdf")


def _resumed(output: str) -> int:
    import re

    found = re.search(r"(\d+) (berkas diambil dari proses sebelumnya|files taken from the earlier run)", output)
    return int(found.group(1)) if found else 0


# Each option that changes what a file gives, with a value other than the default (the language does not:
# test_a_resume_in_another_language_takes_the_reading_and_says_it_in_that_language).
OTHER_OPTIONS = {"quarter": ["--quarter", "3"], "backend": ["--backend", "plumber"], "ocr": ["--ocr", "never"]}


def test_resume_reuses_a_file_only_when_read_with_the_same_options(tmp_path, one_page):
    out = tmp_path / "out"
    first = _invoke("extract", one_page, "-o", out, "--resume")
    assert first.exit_code == 0 and _resumed(first.output) == 0, first.output
    for option, arguments in OTHER_OPTIONS.items():
        other = _invoke("extract", one_page, "-o", out, "--resume", *arguments)
        assert other.exit_code == 0, other.output
        assert _resumed(other.output) == 0, (option, other.output)  # read again, never the rows of another reading
        if option == "quarter":
            assert set(_csv(out / "rows.csv")["quarter"]) == {"3"}
    again = _invoke("extract", one_page, "-o", out, "--resume")
    assert _resumed(again.output) == 1, again.output  # the same bytes and options: not read again


def test_a_resume_in_another_language_takes_the_reading_and_says_it_in_that_language(tmp_path):
    """Problems are data until they are written: the reading of a file is the same in every language, so a
    --resume with another --lang does not read it again, and writes what a fresh run in that language writes."""
    two_pages = first_pages(TW1, 2, tmp_path / "tw1-p1-2.pdf")  # page 2 prints #DIV/0! in two cells: the file's own problems
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("rapat TW I\n")  # refused before it is read (so read again): its one line comes in the new language
    out, fresh = tmp_path / "out", tmp_path / "fresh-en"
    indonesian = _invoke("extract", two_pages, not_pdf, "-o", out)
    assert indonesian.exit_code == 3 and "bukan berkas PDF" in indonesian.output, indonesian.output
    assert "kolom capaian_pagu berisi galat spreadsheet '#DIV/0!'" in set(_csv(out / "problems.csv")["message"])
    english = _invoke("extract", two_pages, not_pdf, "-o", out, "--resume", "--lang", "en")
    assert english.exit_code == 3 and _resumed(english.output) == 1, english.output  # the PDF's reading taken, not made again
    assert f"{not_pdf}: not a PDF file" in english.output and "files read" in english.output
    assert _invoke("extract", two_pages, not_pdf, "-o", fresh, "--lang", "en").exit_code == 3
    for name in ("rows.csv", "problems.csv"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert "column capaian_pagu holds the spreadsheet error '#DIV/0!'" in set(_csv(out / "problems.csv")["message"])
