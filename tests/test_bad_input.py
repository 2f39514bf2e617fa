"""Bad input: one clear line per file naming it and the reason; the other files still run; exit code 3."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from rekon.extract.pipeline import extract_file
from rekon.cli import app
from tests import badfiles

GOOD = Path("data/samples/dp3akb-serang-2022-tw3.pdf")

CASES = {
    "empty": (badfiles.empty, "empty_file", "berkas kosong"),
    "missing": (lambda p: p, "not_found", "berkas tidak ditemukan"),  # a path typed wrong: not "processing failed"
    "html_named_pdf": (badfiles.html_named_pdf, "not_pdf", "bukan berkas PDF"),
    "truncated_half": (lambda p: badfiles.truncated(p, 0.5), "corrupt", "rusak atau terpotong"),
    "truncated_tail": (lambda p: badfiles.truncated(p, 0.97), "corrupt", "rusak atau terpotong"),
    "encrypted": (badfiles.encrypted, "encrypted", "terenkripsi"),
    "scanned": (badfiles.image_only, "no_text", "tidak memiliki lapisan teks"),  # with --ocr never (tests/test_ocr.py reads scans)
    "unrelated_table": (badfiles.unrelated_table, "no_table", "tidak ditemukan tabel"),
    "unknown_layout": (
        # An indicator but no column of values: nothing can be read (a value column alone would be enough).
        lambda p: badfiles.unrelated_table(p, ("Indikator Kinerja", "Satuan", "Sumber Dana")),
        "unknown_layout",
        "halaman 1",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_file_fails_alone_with_its_reason(tmp_path, case):
    make, code, words = CASES[case]
    bad = make(tmp_path / f"{case}.pdf")
    result = extract_file(bad, ocr="never")
    assert not result.ok
    assert any(p["problem"] == code for p in result.problems)
    assert words in result.reason()
    if code != "unknown_layout":
        assert result.rows == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_names_the_file_goes_on_and_exits_3(tmp_path, case):
    make, _, words = CASES[case]
    bad = make(tmp_path / f"{case}.pdf")
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["extract", str(bad), str(GOOD), "-o", str(out), "--quiet", "--ocr", "never"])
    assert run.exit_code == 3, run.output
    lines = [line for line in run.output.splitlines() if str(bad) in line]
    assert len(lines) == 1 and words in lines[0], run.output
    assert "Traceback" not in run.output
    rows = pd.read_csv(out / "rows.csv", dtype=str, keep_default_na=False)
    assert (rows["source_file"] == str(GOOD)).sum() == 133  # the good file is complete
    if case != "unknown_layout":
        assert set(rows["source_file"]) == {str(GOOD)}
    problems = pd.read_csv(out / "problems.csv", dtype=str, keep_default_na=False)
    assert (problems["source_file"] == str(bad)).any()


def test_english_messages_on_request(tmp_path):
    bad = badfiles.html_named_pdf(tmp_path / "page.pdf")
    run = CliRunner().invoke(app, ["extract", str(bad), "-o", str(tmp_path / "o"), "--lang", "en", "--quiet"])
    assert run.exit_code == 3 and "not a PDF file" in run.output


def test_quarter_option_overrides_the_titles():
    assert extract_file(GOOD, quarter=2).metadata.quarter == 2


# Seeds whose damage falls on pages 2, 5 and 3: a page PDFium then draws blank (2, 5), one whose text
# is garbled (3). Page 1 carries the title, without which the whole file fails (test_each_bad_file...).
@pytest.mark.parametrize("seed", [1, 5, 7])
def test_a_file_with_damaged_bytes_loses_only_what_is_damaged(tmp_path, seed):
    damaged, page = badfiles.damaged_page(tmp_path / "flipped.pdf", seed=seed)
    result = extract_file(damaged, ocr="never")
    assert result.ok, result.error
    read = {int(r["page"]) for r in result.rows}
    assert read >= set(range(1, result.pages + 1)) - {page}  # the other pages are whole
    # Every page either gave rows or is named in a problem: nothing vanishes silently.
    named = {int(p["page"]) for p in result.problems if p["page"] != ""}
    assert read | named == set(range(1, result.pages + 1)), (page, read, sorted(named))


@pytest.mark.slow
def test_long_pdf_runs_page_by_page(tmp_path):
    long_pdf = badfiles.many_pages(tmp_path / "long.pdf", copies=20)  # 100 pages
    result = extract_file(long_pdf)
    assert result.ok and result.pages == 100
    assert len(result.rows) == 20 * 133  # the report's rows twenty times over


def test_a_file_whose_headers_are_damaged_fails_but_keeps_what_it_read(tmp_path):
    # Seed 1 damages the `Kinerja` leaves of some pages: their columns are told by their content now, and
    # the file is read; seed 22 damages the indicator's header on every page that prints one.
    damaged = badfiles.byte_flips(tmp_path / "flipped.pdf", seed=22)
    result = extract_file(damaged)
    assert not result.ok and "halaman" in result.reason()
    assert result.rows, "the rows that could be read are kept, with the problems that explain them"
    assert {p["problem"] for p in result.problems} >= {"unknown_layout"}
