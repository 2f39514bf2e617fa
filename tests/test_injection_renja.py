"""A small seeded injection run on the full Renja evaluation form: one form (Dinas Perhubungan
Provinsi Jawa Tengah 2023, openpyxl -> Calc: every column of the form, the achievement against
this year's target included) with an inconsistency of every full-form kind, given to the rules
as rows.csv records of its truth (bench/injection/renja_run.py, `--through rows`). Each
injection must be found by its rule on its row, and no finding may be neither an injection's
(what the harness's own reference says it breaks) nor the clean form's.

The larger run, and the run through the PDFs, is `python -m bench.injection --form renja`."""

from __future__ import annotations

import pytest

from bench.injection.renja_kinds import RENJA_KINDS
from bench.injection.renja_run import FormPipeline, run_form_set
from bench.injection.run import score
from rekon.rules.additivity import ADDITIVE, LEVEL, UNKNOWN, kinerja_kind
from samples.renja_full.variants import BY_STEM

FORM_RULES = {"year_sum_mismatch", "renstra_sum_mismatch", "renja_capaian_mismatch", "quarter_exceeds_target",
              "renja_sum_mismatch", "cumulative_kinerja_decreased"}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    # Without the panel (no matching): the form's formulas are checked within the file, and the run stays quick.
    pipeline = FormPipeline("rows", tmp_path_factory.mktemp("renja-injection"), match=False)
    return run_form_set(BY_STEM["dishub-jateng-2023-full-calc"], list(RENJA_KINDS), 3, pipeline, {})


def test_every_kind_was_injected_and_its_rule_targeted(result):
    assert len(result.injections) == len(RENJA_KINDS), [i.kind for i in result.injections]
    assert FORM_RULES <= {i.rule for i in result.injections}
    for injection in result.injections:
        assert injection.changes and injection.expected, injection


def test_the_clean_form_breaks_none_of_the_forms_formulas(result):
    assert not {key for key in result.baseline if key[0] in FORM_RULES}


def test_every_injection_is_found_by_its_rule_on_its_row(result):
    table, details = score([result])
    assert (table.loc[table.injected > 0, "recall"] == 1.0).all(), "\n".join(d for d in details if d.startswith("missed"))


def test_no_finding_is_unexplained(result):
    table, details = score([result])
    assert (table["false"] == 0).all(), "\n".join(d for d in details if d.startswith("false"))


@pytest.mark.parametrize("satuan, indikator, kind", [
    ("", "Jumlah Dokumen Perencanaan Perangkat Daerah", ADDITIVE),
    ("Laporan", "Tersusunnya laporan keuangan", ADDITIVE),
    ("", "Persebtase capaian kinerja program", LEVEL),  # a typo of the real forms
    ("%", "Jumlah dokumen yang tepat waktu", LEVEL),  # the unit wins over the words
    ("", "Nilai LKE PMPRB Perangkat Daerah", LEVEL),
    ("", "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", UNKNOWN),  # people held, or served: not summed
    ("Unit", "Jumlah kendaraan dinas yang dipelihara", UNKNOWN),
    ("", "", UNKNOWN),
])
def test_an_indicator_adds_up_only_when_its_unit_or_words_say_it_counts_outputs(satuan, indikator, kind):
    assert kinerja_kind(satuan, indikator) == kind
