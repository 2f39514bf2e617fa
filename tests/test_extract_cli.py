"""rekon extract as a user runs it: formats, backends, metadata."""

from __future__ import annotations

import pytest

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from rekon.extract.identity import content_hash
from rekon.extract.pipeline import PageSummary, _metadata
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.cli import app

TW3 = Path("data/samples/dp3akb-serang-2022-tw3.pdf")


def test_rows_csv_has_exactly_the_documented_columns(tmp_path):
    run = CliRunner().invoke(app, ["extract", str(TW3), "-o", str(tmp_path), "--quiet"])
    assert run.exit_code == 0, run.output
    rows = pd.read_csv(tmp_path / "rows.csv", dtype=str, keep_default_na=False)
    assert list(rows.columns) == ROW_COLUMNS
    assert rows["row_id"].is_unique and rows["row_id"].iloc[0] == f"{content_hash(TW3)[:12]}:p1:r1"
    assert rows.loc[rows["level"] == "total", "target_pagu"].tolist() == ["15904466547"]
    assert list(pd.read_csv(tmp_path / "problems.csv").columns) == PROBLEM_COLUMNS


def test_parquet_output_holds_the_same_rows(tmp_path):
    CliRunner().invoke(app, ["extract", str(TW3), "-o", str(tmp_path / "csv"), "--quiet"])
    run = CliRunner().invoke(app, ["extract", str(TW3), "-o", str(tmp_path / "pq"), "--format", "parquet", "--quiet"])
    assert run.exit_code == 0, run.output
    from_csv = pd.read_csv(tmp_path / "csv" / "rows.csv", dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(tmp_path / "pq" / "rows.parquet")
    assert from_parquet.equals(from_csv)


@pytest.mark.slow
def test_backend_both_reports_where_camelot_reads_the_grid_otherwise(tmp_path):
    tw2 = TW3.with_name(TW3.name.replace("tw3", "tw2"))
    run = CliRunner().invoke(app, ["extract", str(tw2), "-o", str(tmp_path), "--backend", "both", "--quiet"])
    assert run.exit_code == 0, run.output
    problems = pd.read_csv(tmp_path / "problems.csv", dtype=str, keep_default_na=False)
    disagreements = problems[problems["problem"] == "backend_disagreement"]
    # camelot closes merged cells at the page foot. An empty cell under the repeated header
    # continues the item above all the same, but where LibreOffice printed the rest of a cut
    # cell's text on the next page (TW II, page 4), camelot's closed piece starts a new one.
    assert {row_id.split(":", 1)[1] for row_id in disagreements["row_id"]} >= {"p4:r1"}  # row ids start with the file's hash
    assert set(disagreements["field"]) <= {"tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "keterangan", "level", "target_pagu", "realisasi_pagu", "capaian_pagu"}


def _titles(*lines: str) -> PageSummary:
    return PageSummary(page=1, rows=0, fields=[], header_found=False, header_texts=[], header_problems=[], outside_text=list(lines))


def test_quarter_year_and_opd_come_from_the_titles():
    meta = _metadata([_titles("Triwulan IV", "PENGUKURAN KINERJA DAN ANGGARAN TAHUN 2022", "OPD : DINAS KESEHATAN")])
    assert (meta.quarter, meta.year, meta.opd) == (4, 2022, "DINAS KESEHATAN")
    assert _metadata([_titles("PENGUKURAN KINERJA DAN ANGGARAN TAHUN 2022")]).quarter is None


_PEAK = """
import resource, sys
from pathlib import Path
from rekon.extract.pipeline import extract_file
result = extract_file(Path(sys.argv[1]))
assert result.ok, result.error
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.slow
def test_memory_stays_flat_from_50_to_250_pages(tmp_path):
    from tests.badfiles import many_pages

    peaks = {}
    for copies in (10, 50):  # 50 and 250 pages (bench/scale.py measures larger batches)
        pdf = many_pages(tmp_path / f"long-{copies}.pdf", copies)
        peaks[copies] = int(subprocess.run([sys.executable, "-c", _PEAK, str(pdf)], capture_output=True, text=True, check=True).stdout)
    # Pages are read one at a time and released; only the rows themselves grow.
    assert peaks[50] < 1.5 * peaks[10], peaks
