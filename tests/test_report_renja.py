"""The full Renja evaluation form in report.html, report.xlsx and the review app: the year's columns,
and a finding on the year's total shown beside the four quarters it should be the sum of."""

from __future__ import annotations

import random
import re
from html import unescape

import pytest

from bench.injection.renja_kinds import FormDoc, year_total_off
from rekon.report.evidence import Evidence
from rekon.report.html import render_html
from rekon.report.inputs import read_outputs
from rekon.report.labels import labels_for
from rekon.report.workbook import build_workbook
from rekon.review.queue import load
from rekon.rules import RuleSet, check, load_ruleset, write_findings
from samples.renja_full.plan import build_agency
from samples.renja_full.records import truth_records
from samples.renja_full.variants import BY_STEM

VARIANT = BY_STEM["dishub-jateng-2023-full-calc"]
FORM_RULES = ("year_sum_mismatch", "renstra_sum_mismatch", "renja_capaian_mismatch", "renja_sum_mismatch")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A form whose first sub kegiatan prints its year's Rp a digit off its quarters, checked (the form's rules' findings kept)."""
    doc = FormDoc(VARIANT, build_agency(VARIANT.agency, VARIANT.quarters_filled))
    row, item, indicator = next(p for p in doc.places() if p[1].level == "sub_kegiatan" and p[2] is not None and p[2].kind != "count")
    injection = year_total_off(doc, random.Random(0), row, item, indicator)
    out = tmp_path_factory.mktemp("renja-report")
    rows = truth_records(doc.sheet().truth, VARIANT, f"data/renja_full/{VARIANT.stem}.pdf")
    rows.to_csv(out / "rows.csv", index=False)
    rules = load_ruleset()
    only_the_forms = RuleSet(rules={i: r.model_copy(update={"enabled": i in FORM_RULES}) for i, r in rules.rules.items()})
    write_findings(check(rows, None, ruleset=only_the_forms), out)
    return out, rows, injection


def _year_sum_finding(outputs):
    found = outputs.findings[outputs.findings["rule"] == "year_sum_mismatch"]
    assert len(found) == 1
    return found.iloc[0]


def test_the_report_shows_the_quarters_their_sum_and_the_printed_year_side_by_side(run):
    out, rows, injection = run
    outputs = read_outputs(out)
    finding = _year_sum_finding(outputs)
    html = render_html(outputs, Evidence(), labels_for("id"), "id")
    table = re.search(r'<table class="quarters compact year-sum">(.*?)</table>', html, re.S)
    assert table, "no year-sum table"
    cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table.group(1), re.S)]
    printed_row = finding["row_id"].rsplit(":q", 1)[0]
    quarters = [rows.loc[rows["row_id"] == f"{printed_row}:q{q}", "realisasi_pagu"].iloc[0] for q in (1, 2, 3, 4)]
    expected = [f"{int(v):,}".replace(",", ".") if v else "" for v in quarters]
    total = f"{sum(int(v or 0) for v in quarters):,}".replace(",", ".")
    year = f"{int(injection.changes[0][4]):,}".replace(",", ".")
    assert cells == [*expected, total, year]
    assert "Kolom tahunan (Evaluasi Renja)" in html and "Tingkat capaian Renstra (%)" in html


def test_the_workbook_holds_the_new_columns_as_numbers(run):
    out, _, _ = run
    sheet = build_workbook(read_outputs(out), labels_for("id"))["Baris"]
    header = [c.value for c in sheet[1]]
    for name in ("realisasi_tahun_pagu", "capaian_renstra_kinerja", "penanggung_jawab", "kode_printed"):
        assert name in header
    years = [row[header.index("realisasi_tahun_pagu")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(v, int) and v > 0 for v in years)


def test_the_review_app_gives_the_year_finding_its_quarters(run):
    out, _, injection = run
    data = load(out, "en")
    item = next(f for f in data.finding_items() if f["rule"] == "year_sum_mismatch")
    assert [c["label"] for c in item["year_sum"]["cells"]] == ["TW I", "TW II", "TW III", "TW IV"]
    assert item["year_sum"]["printed"] == f"{int(injection.changes[0][4]):,}"
    shown = {v["field"] for v in data.row(_year_sum_finding(data.outputs)["row_id"])["values"]}
    assert {"realisasi_tahun_pagu", "capaian_renstra_pagu"} <= shown
