"""rekon from Python: the public functions give the same tables as the command, in the documented shapes."""

from pathlib import Path

import pandas as pd
import pytest

import rekon
from rekon import schemas
from rekon.reconcile import read_rows

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.pdf"))


@pytest.fixture(scope="module")
def stages():
    rows = rekon.extract(SAMPLES)
    panel = rekon.match(rows)
    return rows, panel, rekon.check(rows, panel)


def test_each_stage_returns_its_documented_schema(stages):
    rows, panel, findings = stages
    assert schemas.ROWS.failures(rows.frame) == []
    assert schemas.PROBLEMS.failures(rows.problems) == []
    assert schemas.PANEL.failures(panel.frame) == []
    assert schemas.REVIEW.failures(panel.review) == []
    assert schemas.FINDINGS.failures(findings.frame) == []
    assert len(rows) > 500 and len(panel) > 100 and len(findings) > 0
    assert set(rows.frame["quarter"].astype(int)) == {1, 2, 3, 4}


def test_a_frame_of_another_shape_is_named_with_what_is_wrong(stages):
    rows = stages[0].frame
    with pytest.raises(schemas.SchemaError, match=r"rows: columns differ \(missing \['satuan'\]"):
        schemas.ROWS.validate(rows.drop(columns="satuan"))
    twice = pd.concat([rows.head(2), rows.head(1)])
    assert any("row_id repeats" in f for f in schemas.ROWS.failures(twice))
    garbled = rows.head(3).assign(target_pagu="dua juta")
    assert any("target_pagu holds non-numbers" in f for f in schemas.ROWS.failures(garbled))


def test_the_functions_and_the_command_find_the_same(stages, tmp_path):
    _, _, findings = stages
    result = rekon.run(SAMPLES, tmp_path, report=False, jobs=1)
    assert result.exit_code == 0
    written = read_rows(tmp_path / "discrepancies.csv")
    assert sorted(written["finding_id"]) == sorted(findings.frame["finding_id"])
    assert len(result.rows) == len(stages[0].frame) and len(result.findings) == len(findings)


def test_a_file_that_cannot_be_read_is_named_not_raised(tmp_path):
    bad = tmp_path / "laporan.pdf"
    bad.write_text("<html>not a pdf</html>")
    rows = rekon.extract([bad, SAMPLES[0]])
    assert rows.failed_files == (str(bad),)
    assert (rows.problems["source_file"] == str(bad)).any()
    assert len(rows) > 100


def test_extract_is_a_function_and_its_modules_stay_importable():
    from rekon.extract.grid import build_grid  # noqa: F401 - the import is the check

    assert callable(rekon.extract)
    assert rekon.extract.pipeline.__name__ == "rekon.extract.pipeline"


def test_the_api_and_the_command_give_the_same_tables(tmp_path):
    """One engine under both: `rekon.extract()` is `rekon extract`'s rows.csv and problems.csv (a duplicate
    and the missing quarters included), `rekon.run()` writes what `rekon run` writes, byte for byte."""
    from typer.testing import CliRunner

    from rekon.cli import app
    from rekon.extract.output import csv_text

    copy = tmp_path / "kiriman" / "salinan.pdf"
    copy.parent.mkdir()
    copy.write_bytes(SAMPLES[0].read_bytes())
    inputs = [str(SAMPLES[0]), str(copy)]
    command = CliRunner().invoke(app, ["run", *inputs, "-o", str(tmp_path / "cli"), "--no-report", "--no-store", "--jobs", "1", "--quiet"])
    assert command.exit_code == 0, command.output
    result = rekon.run(inputs, tmp_path / "api", report=False, store=False, jobs=1)
    assert result.exit_code == 0
    for name in ("rows.csv", "problems.csv", "panel.csv", "review.csv", "discrepancies.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes(), name
    assert result.rows.equals(read_rows(tmp_path / "cli" / "rows.csv"))
    rows = rekon.extract(inputs)
    assert csv_text(rows.frame, header=True) == (tmp_path / "cli" / "rows.csv").read_text(encoding="utf-8")
    assert csv_text(rows.problems, header=True) == (tmp_path / "cli" / "problems.csv").read_text(encoding="utf-8")
    assert {"duplicate_file", "quarter_missing"} <= set(rows.problems["problem"])
