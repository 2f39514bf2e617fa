"""A small seeded injection run: inconsistencies injected into TW IV of the sample sources
(cross-quarter ones against TW III), rendered by LibreOffice, read back by the whole pipeline, each found by the rule it
targets on the right row, and no finding that is neither an injection's nor the clean run's.

The larger run, every kind in every quarter, is `make bench` (bench/injection.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import injection

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
# Kinds that can be made in TW IV alone (one PDF to render), cross-quarter ones included.
KINDS = ["capaian_typed", "capaian_pagu_typed", "overspent", "realisation_drops", "money_drops", "target_changed", "unit_changed", "indicator_added"]

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) renders the injected copies: apt-get install libreoffice-calc-nogui")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    clean = injection.read_sources()
    # The committed samples are the LibreOffice rendering of the clean sources (tests/test_samples.py).
    clean_pdfs = {q: SAMPLES / f"dp3akb-serang-2022-tw{q}.pdf" for q in injection.QUARTERS}
    pipeline = injection.Pipeline()
    work = tmp_path_factory.mktemp("injection")
    baseline = injection.baseline_keys(clean, injection.libreoffice, pipeline, work, clean_pdfs)
    return injection.run_set(clean, KINDS, 7, injection.libreoffice, pipeline, work, baseline, quarters=(4,),
                             clean_pdfs={q: clean_pdfs[q] for q in (1, 2, 3)})


def test_every_kind_was_injected_and_recorded(result):
    assert sorted(i.kind.split(":")[0] for i in result.injections) == sorted(KINDS)
    for item in result.injections:
        assert item.changes and item.expected, item
        assert all(q == 4 for q, *_ in item.changes), item


def test_the_injected_pdfs_are_read_row_for_row(result):
    assert not result.problems


def test_every_injection_is_found_by_its_rule_on_its_row(result):
    table, details = injection.score([result])
    assert (table.loc[table.injected > 0, "recall"] == 1.0).all(), "\n".join(d for d in details if d.startswith("missed"))


def test_no_finding_is_unexplained(result):
    table, details = injection.score([result])
    assert (table["false"] == 0).all(), "\n".join(d for d in details if d.startswith("false"))
