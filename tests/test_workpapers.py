"""Working papers: every rule's texts, the kondisi sentences, which findings need action, and the
Kertas Kerja sheet (in report.xlsx and alone), on the sample run with a review applied."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from rekon.cli import app
from rekon.report.kondisi import difference_text, kondisi, value_text
from rekon.report.papers import needs_action, report_pages
from rekon.review.marks import mark_findings
from rekon.rules.config import RuleConfigError, default_ruleset, load_ruleset
from tests.test_report_support import copy_of_run, read_csv, sample_run

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ("title", "condition", "criterion", "effect", "recommendation")


def reviewed_copy(destination: Path, keep_per_rule: int | None = None) -> tuple[Path, dict[str, str]]:
    """A copy of the sample run whose findings were reviewed in `rekon review`: one finding of each of
    three rules judged acceptable, rekon_error and (an info one) true_inconsistency; with
    `keep_per_rule`, every other error and warning beyond that many per rule is judged acceptable."""
    out = copy_of_run(destination)
    findings = read_csv(out / "discrepancies.csv")
    pick = {
        findings.loc[findings["rule"] == "pagu_changed", "finding_id"].iloc[0]: ("acceptable", "APBD Perubahan"),
        findings.loc[findings["rule"] == "realisasi_decreased", "finding_id"].iloc[0]: ("rekon_error", "baris salah baca"),
        findings.loc[(findings["severity"] == "info") & (findings["rule"] == "pagu_added"), "finding_id"].iloc[0]: ("true_inconsistency", "DAK tanpa dasar"),
    }
    if keep_per_rule is not None:
        kept = findings[findings["severity"].isin(["error", "warning"]) & ~findings["finding_id"].isin(pick)]
        for _, group in kept.groupby("rule"):
            for finding_id in group["finding_id"].iloc[keep_per_rule:]:
                pick[finding_id] = ("acceptable", "")
    verdicts = pd.DataFrame([{"finding_id": f, "verdict": v, "comment": c} for f, (v, c) in pick.items()])
    marked = mark_findings(findings, set(findings["finding_id"]), verdicts)
    marked.to_csv(out / "discrepancies.csv", index=False)
    return out, {f: v for f, (v, _) in pick.items()}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    out, verdicts = reviewed_copy(tmp_path_factory.mktemp("reviewed"))
    shutil.copy(sample_run() / "report.html", out / "report.html")  # the run's report: the evidence the links lead to
    result = CliRunner().invoke(app, ["workpapers", str(out)])
    assert result.exit_code == 0, result.output
    return out, verdicts


def _sheet_rows(path: Path, sheet: str) -> tuple[list, list[dict]]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in worksheet[4]]
    rows = [dict(zip(header, (c.value for c in row)), _hyperlink=row[header.index(header[-2])].hyperlink) for row in worksheet.iter_rows(min_row=5)]
    return header, [r for r in rows if isinstance(r[header[0]], int)]


# ---------------------------------------------------------------------------------------------
# The rules' texts


def test_every_rule_declares_its_working_paper_texts_in_both_languages():
    for rule in default_ruleset().rules.values():
        for name in TEXTS:
            for lang in ("id", "en"):
                assert len(rule.text(name, lang)) > 15 or name == "title" and rule.text(name, lang), (rule.id, name, lang)
        assert rule.text("criterion", "id") != rule.text("criterion", "en")


def test_every_regulation_cited_is_listed_in_the_readme_with_where_it_was_read():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Criteria and the regulations cited", 1)[1].split("\n## ", 1)[0]
    yaml_text = (ROOT / "rules" / "default_rules.yaml").read_text(encoding="utf-8")
    cited = {rule.reference for rule in default_ruleset().rules.values() if rule.reference}
    assert cited
    for reference in cited:
        regulation = None
        for part in reference.split(";"):
            found = re.match(r"\s*((?:PP|Perpres) \d+/\d+)?\s*(Pasal \d+)", part)
            regulation = found.group(1) or regulation
            assert regulation and f"{regulation} {found.group(2)}" in section, (reference, part)
            assert f"read at {regulation}: http" in yaml_text


def test_a_users_rules_file_overrides_the_texts_and_a_typo_fails(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  sum_mismatch:\n    criterion_id: Kriteria daerah kami\n    recommendation_en: Ask the treasurer\n    reference: Perkada 1/2024 Pasal 2\n")
    ruleset = load_ruleset(rules)
    assert ruleset["sum_mismatch"].criterion_id == "Kriteria daerah kami"
    assert ruleset["sum_mismatch"].text("recommendation", "en") == "Ask the treasurer"
    assert ruleset["sum_mismatch"].effect_id == default_ruleset()["sum_mismatch"].effect_id  # what it does not say stays
    rules.write_text("rules:\n  sum_mismatch:\n    kriteria_id: salah ketik\n")
    with pytest.raises(RuleConfigError, match="kriteria_id"):
        load_ruleset(rules)


# ---------------------------------------------------------------------------------------------
# Kondisi


@pytest.mark.parametrize(
    "text, field, lang, satuan, expected",
    [
        ("1095856511", "realisasi_pagu", "id", "", "Rp 1.095.856.511"),
        ("1095856511", "target_pagu", "en", "", "Rp 1,095,856,511"),
        ("33.33", "capaian_kinerja", "id", "", "33,33%"),
        ("75", "realisasi_kinerja", "id", "Persen", "75 Persen"),
        ("#DIV/0!", "capaian_pagu", "id", "", "#DIV/0!"),
        ("Dokumen", "satuan", "id", "", "“Dokumen”"),
        ("", "realisasi_kinerja", "en", "", "(empty)"),
    ],
)
def test_values_are_written_with_their_unit(text, field, lang, satuan, expected):
    assert value_text(text, field, lang, satuan) == expected


def test_a_difference_is_its_size_with_the_unit():
    assert difference_text("-772015111.0", "realisasi_pagu", "id") == "Rp 772.015.111"
    assert difference_text("-91.014975", "capaian_kinerja", "en") == "91.01 percentage points"


def test_each_finding_of_the_sample_run_reads_as_a_sentence_of_its_own_values():
    run = sample_run()
    findings, rows = read_csv(run / "discrepancies.csv"), read_csv(run / "rows.csv").set_index("row_id", drop=False)
    ruleset = default_ruleset()
    for finding in findings.to_dict("records"):
        row = rows.loc[finding["row_id"]].to_dict() if finding["row_id"] in rows.index else None
        for lang in ("id", "en"):
            sentence = kondisi(finding, row, ruleset[finding["rule"]].text("condition", lang), lang)
            assert "{" not in sentence and sentence != finding["message"] and sentence[0].isupper(), sentence
            assert row is None or row["year"] in sentence, sentence
            if finding["indikator"] and finding["rule"] not in ("indikator_changed", "nonstandard_name", "misplaced_item"):  # those are about names
                assert finding["indikator"] in sentence, sentence
            said = {"output_without_spending": (), "missing_value": (finding["actual"],)}.get(finding["rule"], (finding["actual"], finding["expected"]))
            for value in said:  # output_without_spending says the row's realisation; missing_value that the cell is empty
                if value:
                    assert value_text(value, finding["field"], lang, (row or {}).get("satuan", "")) in sentence, (value, sentence)


def test_a_rule_without_a_condition_template_gets_a_generic_sentence_not_its_message():
    finding = {"rule": "own_rule", "field": "target_pagu", "expected": "100", "actual": "120", "quarter": "2", "indikator": "Indeks X", "message": "raw"}
    row = {"level": "kegiatan", "kegiatan": "Kegiatan Y", "year": "2024"}
    assert kondisi(finding, row, "", "id") == "Pada TW II 2024, pagu kegiatan “Kegiatan Y”, indikator “Indeks X” tercetak Rp 120, seharusnya Rp 100."


# ---------------------------------------------------------------------------------------------
# Which findings need action, and the sheet


def test_needs_action_follows_severity_and_review():
    assert needs_action({"severity": "error"}) and needs_action({"severity": "warning", "verdict": ""})
    assert not needs_action({"severity": "info"})
    assert not needs_action({"severity": "error", "verdict": "acceptable"}) and not needs_action({"severity": "warning", "verdict": "rekon_error"})
    assert needs_action({"severity": "info", "verdict": "true_inconsistency"})


def test_the_sheet_has_one_row_per_finding_that_needs_action_grouped_and_numbered(reviewed):
    out, verdicts = reviewed
    findings = read_csv(out / "discrepancies.csv")
    header, rows = _sheet_rows(out / "kertas-kerja.xlsx", "Kertas Kerja")
    assert openpyxl.load_workbook(out / "kertas-kerja.xlsx").sheetnames == ["Kertas Kerja"]  # written alone
    assert header[:12] == ["No.", "Wilayah", "OPD", "Tahun", "TW", "Lokasi (berkas, halaman, baris)", "Judul temuan", "Kondisi", "Kriteria", "Sebab", "Akibat", "Rekomendasi"]
    expected = set(findings.loc[findings["severity"].isin(["error", "warning"]), "finding_id"]) - {f for f, v in verdicts.items() if v != "true_inconsistency"}
    expected |= {f for f, v in verdicts.items() if v == "true_inconsistency"}
    assert {r["ID temuan"] for r in rows} == expected and len(rows) == len(expected)
    assert [r["No."] for r in rows] == list(range(1, len(rows) + 1))
    by_id = findings.set_index("finding_id")
    for r in rows:
        finding = by_id.loc[r["ID temuan"]]
        assert r["OPD"] == "DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK DAN KELUARGA BERENCANA" and r["Tahun"] == 2022 and r["Wilayah"] == "KOTA SERANG"
        assert Path(finding["source_file"]).name in r["Lokasi (berkas, halaman, baris)"] and f"hal. {finding['page']}" in r["Lokasi (berkas, halaman, baris)"]
        assert r["Kondisi"] and r["Kondisi"] != finding["message"] and r["Kriteria"] and r["Akibat"] and r["Rekomendasi"]
        assert r["Sebab"] is None  # for the auditor
        assert r["_hyperlink"].target == f"report.html#f-{r['ID temuan']}"
    confirmed = next(r for r in rows if verdicts.get(r["ID temuan"]) == "true_inconsistency")
    assert confirmed["Hasil tinjauan"] == "inkonsistensi nyata" and confirmed["Komentar tinjauan"] == "DAK tanpa dasar"
    pagu = next(r for r in rows if r["ID temuan"].startswith("pagu_changed"))
    assert "PP 12/2019 Pasal 161 ayat (2)" in pagu["Kriteria"]
    # The group line sums the group up.
    sheet = openpyxl.load_workbook(out / "kertas-kerja.xlsx")["Kertas Kerja"]
    line = sheet["A5"].value
    assert line.startswith("KOTA SERANG · DINAS PEMBERDAYAAN") and f"{len(rows)} temuan perlu tindak lanjut" in line
    assert f"{(findings['severity'] == 'info').sum() - 1} info" in line


def test_report_xlsx_holds_the_same_sheet_linked_to_its_report(tmp_path):
    from rekon.report.workpapers import write_workpapers

    run = sample_run()
    _, in_report = _sheet_rows(run / "report.xlsx", "Kertas Kerja")
    _, alone = _sheet_rows(write_workpapers(run, tmp_path / "kk.xlsx"), "Kertas Kerja")
    assert len(in_report) > 50 and [r["ID temuan"] for r in in_report] == [r["ID temuan"] for r in alone]
    page = (run / "report.html").read_text(encoding="utf-8")
    for r in in_report:
        assert r["_hyperlink"].target == f"report.html#f-{r['ID temuan']}" and f'<tr id="f-{r["ID temuan"]}"' in page


def test_english_working_papers(reviewed, tmp_path):
    out, _ = reviewed
    target = tmp_path / "wp.xlsx"
    result = CliRunner().invoke(app, ["workpapers", str(out), "--lang", "en", "-o", str(target)])
    assert result.exit_code == 0, result.output
    header, rows = _sheet_rows(target, "Working Papers")
    assert header[7:12] == ["Condition", "Criterion", "Cause", "Effect", "Recommendation"]
    assert rows and all(r["Condition"].startswith(("In Q", "The ", "Sub", "Activity", "Programme", "Objective", "A budget")) for r in rows)
    # The link leads from the workbook's folder to the run's report.
    assert rows[0]["_hyperlink"].target.endswith(f"report.html#f-{rows[0]['Finding ID']}") and ".." in rows[0]["_hyperlink"].target


def test_a_run_without_discrepancies_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["workpapers", str(tmp_path)])
    assert result.exit_code == 2 and "discrepancies.csv" in result.output


def test_a_run_of_several_groups_links_each_finding_to_its_groups_report(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, opd in (("001-a-2022.html", "DINAS A"), ("002-b-2022.html", "DINAS &amp; B")):
        (reports / name).write_text(f'<html><style>{"x" * 5000}</style><dd id="opd">{opd}</dd><dd id="year">2022</dd>', encoding="utf-8")
    assert report_pages(tmp_path) == {("DINAS A", "2022"): "reports/001-a-2022.html", ("DINAS & B", "2022"): "reports/002-b-2022.html"}
