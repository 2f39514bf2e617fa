"""Shared inputs of the report tests: one real run on the sample PDFs, made once per test session."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from rekon.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


@functools.cache
def sample_run() -> Path:
    """OUT_DIR of `rekon run` on the four sample PDFs (report included), shared by every report test."""
    out = Path(tempfile.mkdtemp(prefix="rekon-report-test-")) / "out"
    result = CliRunner().invoke(app, ["run", str(SAMPLES), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def copy_of_run(destination: Path) -> Path:
    """A private copy of the sample run's CSVs, for tests that change them."""
    out = destination / "out"
    shutil.copytree(sample_run(), out, ignore=shutil.ignore_patterns("report.*"))
    return out


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)
