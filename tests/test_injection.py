"""A small seeded injection run: one copy of the four sample sources with an inconsistency of
every kind injected (every rule, every level, cross-quarter ones included), rendered by the
second producer (reportlab: fast, no LibreOffice), read back by the whole pipeline; each
injection must be found by the rule it targets on the right row, and no finding may be neither
an injection's nor the clean run's.

The larger run is `make bench` (bench/injection.py, six sets, LibreOffice by default)."""

from __future__ import annotations

import pytest

from bench import injection

pytestmark = pytest.mark.slow  # heavy: `make test-slow` (CI runs it after `make test`)


# Every rule the harness injects for: every rule of the rule file.
RULES = {
    "capaian_kinerja_mismatch", "capaian_pagu_mismatch", "realisasi_exceeds_pagu", "spending_without_output",
    "output_without_spending", "missing_value", "spreadsheet_error", "sum_mismatch", "total_mismatch",
    "pagu_changed", "pagu_added", "pagu_removed", "target_changed", "satuan_changed", "indikator_changed",
    "realisasi_decreased", "indicator_added", "indicator_dropped", "nonstandard_name", "misplaced_item",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    clean = injection.read_sources()
    renderer = injection.producer2("closed")
    pipeline = injection.Pipeline()
    work = tmp_path_factory.mktemp("injection")
    baseline = injection.baseline_keys(clean, renderer, pipeline, work)
    return injection.run_set(clean, list(injection.KINDS), 2, renderer, pipeline, work, baseline)


def test_every_rule_the_harness_knows_was_injected_and_recorded(result):
    # A kind may find no free place in one set (injections never touch each other); every rule must.
    targeted = {i.rule for i in result.injections}
    assert targeted == RULES
    assert len(result.injections) >= len(injection.KINDS) - 2
    for item in result.injections:
        assert item.changes and item.expected, item


def test_the_injected_pdfs_are_read_row_for_row(result):
    assert not result.problems


def test_every_injection_is_found_by_its_rule_on_its_row(result):
    table, details = injection.score([result])
    assert (table.loc[table.injected > 0, "recall"] == 1.0).all(), "\n".join(d for d in details if d.startswith("missed"))


def test_no_finding_is_unexplained(result):
    table, details = injection.score([result])
    assert (table["false"] == 0).all(), "\n".join(d for d in details if d.startswith("false"))


def test_a_sub_kegiatan_moved_under_a_kegiatan_that_spent_nothing_brings_its_realisation_along():
    """The harness's own bookkeeping (bench/injection/across.py): the kegiatan that receives the moved
    sub kegiatan adds its realisation to a `-` as a spreadsheet would, and the kegiatan it left, spending
    nothing now beside its output, says so in what follows (else rekon's true findings count as false)."""
    from bench.injection.across import misplaced_sub_kegiatan
    from bench.injection.model import Report

    report = Report(injection.read_sources())
    moved = misplaced_sub_kegiatan(report, 2, report.row(2, "IND076"))
    assert moved is not None
    assert report.sources[2].at[report.row(2, "IND071"), "realisasi_pagu"] == "36,000,000"
    report = Report(injection.read_sources())
    moved = misplaced_sub_kegiatan(report, 1, report.row(1, "IND054"))
    assert moved is not None and ("output_without_spending", 1, "IND049") in moved.follows
