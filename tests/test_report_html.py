"""report.html: self-contained, every finding present, evidence crops deduplicated, labels per language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekon.cli import app
from rekon.report import write_report
from rekon.report.evidence import plan_crops, resolve_pdf
from rekon.report.inputs import read_outputs
from rekon.report.labels import LABELS, labels_for
from tests.test_report_support import ROOT, copy_of_run, read_csv, sample_run


@pytest.fixture(scope="module")
def html() -> str:
    return (sample_run() / "report.html").read_text(encoding="utf-8")


def _crops(page: str) -> dict:
    data = re.search(r'<script type="application/json" id="crops-data">(.*?)</script>', page, re.S).group(1)
    return json.loads(data)


def _crop_images(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="crop-images">(.*?)</script>', page, re.S).group(1))


def test_run_writes_the_report_next_to_the_csvs():
    assert (sample_run() / "report.html").stat().st_size > 0
    assert (sample_run() / "report.xlsx").stat().st_size > 0


def test_every_finding_id_is_in_the_page(html):
    findings = read_csv(sample_run() / "discrepancies.csv")
    assert len(findings) > 0
    missing = [fid for fid in findings["finding_id"] if f'data-id="{fid}"' not in html]
    assert missing == []
    assert html.count('<tr id="f-') == len(findings)


def test_page_works_offline_nothing_is_fetched(html):
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link" not in html and "@import" not in html
    assert 'src="data:image/png;base64,' in html  # charts inline


def test_page_names_the_opd_year_and_files_with_their_problems(html):
    assert "DINAS PEMBERDAYAAN PEREMPUAN" in html and ">2022<" in html
    problems = read_csv(sample_run() / "problems.csv")
    for source_file in set(read_csv(sample_run() / "rows.csv")["source_file"]):
        assert source_file in html
    assert f'has-problems">{(problems["source_file"] == problems["source_file"].iloc[0]).sum()}<' in html


def test_labels_are_indonesian_by_default(html):
    assert '<html lang="id">' in html and LABELS["id"]["findings"] in html and LABELS["id"]["review"] in html


def test_every_language_has_every_label():
    assert set(LABELS["en"]) == set(LABELS["id"])


def test_indicator_cards_show_the_four_quarters_and_a_chart(html):
    findings = read_csv(sample_run() / "discrepancies.csv")
    cards = re.findall(r'<details class="indicator[^"]*" id="ind-([^"]+)"', html)
    assert set(cards) == set(findings["indicator_key"])
    first = html[html.index('<details class="indicator'):]
    first = first[: first.index("</details>")]
    assert all(q in first for q in ("TW I<", "TW II<", "TW III<", "TW IV<"))
    assert 'class="small-chart" src="data:image/png;base64,' in first


def test_crops_are_made_once_and_cross_quarter_findings_show_both_quarters(html):
    crops = _crops(html)
    plan = plan_crops(read_outputs(sample_run()))
    uses = sum(len(requests) for requests in plan.values())
    assert 0 < len(crops) < uses  # shared by several findings, embedded once
    images = _crop_images(html)
    # one picture per row, whatever the columns its findings outline: fewer pictures than crops
    assert set(images) == {c["img"] for c in crops.values()} and len(images) < len(crops)
    assert all(src.startswith("data:image/png;base64,") and html.count(src) == 1 for src in images.values())
    outlined = [c for c in crops.values() if c["cells"]]
    assert outlined and all(0 <= left < 100 and 0 < width <= 100 for c in outlined for left, _, width, _ in c["cells"])
    findings = read_csv(sample_run() / "discrepancies.csv")
    crossing = findings[(findings.previous_quarter != "") & findings.rule.isin(["pagu_changed", "realisasi_decreased"])].iloc[0]
    keys = plan[crossing.finding_id]
    assert len(keys) == 2
    assert [crops[k.key]["caption"].split(" · ")[0] for k in keys] == [f"TW {'I' * int(q)}".replace("IIII", "IV") for q in (crossing.previous_quarter, crossing.quarter)]


def test_a_missing_pdf_gives_a_clear_note_not_a_crash(tmp_path):
    out = copy_of_run(tmp_path)
    rows = read_csv(out / "rows.csv")
    rows["source_file"] = "gone/" + rows["source_file"].map(lambda s: Path(s).name)
    rows.to_csv(out / "rows.csv", index=False)
    write_report(out)
    crops = _crops((out / "report.html").read_text(encoding="utf-8"))
    assert crops and all(c["src"] == "" and "gone/" in c["note"] for c in crops.values())
    assert labels_for("id")["missing_pdf"].split(":")[0] in next(iter(crops.values()))["note"]


def test_relative_pdf_paths_resolve_from_the_folder_above_out_dir(tmp_path, monkeypatch):
    pdf = tmp_path / "pdfs" / "a.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(ROOT)
    assert resolve_pdf("pdfs/a.pdf", tmp_path / "out") == tmp_path / "pdfs" / "a.pdf"
    assert resolve_pdf("pdfs/none.pdf", tmp_path / "out") is None


def test_progress_reports_every_step_up_to_the_total(tmp_path):
    out = copy_of_run(tmp_path)
    calls = []
    write_report(out, progress=lambda done, total: calls.append((done, total)))
    totals = {total for _, total in calls}
    assert len(totals) == 1 and [done for done, _ in calls] == list(range(1, totals.pop() + 1))


def test_report_command_in_english(tmp_path):
    out = copy_of_run(tmp_path)
    result = CliRunner().invoke(app, ["report", str(out), "--lang", "en", "--quiet"])
    assert result.exit_code == 0, result.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and LABELS["en"]["review"] in page and "report.xlsx" in result.output


def test_report_command_on_a_folder_without_a_run_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2


def test_a_run_without_findings_still_gets_both_files(tmp_path):
    import openpyxl

    out = copy_of_run(tmp_path)
    findings = read_csv(out / "discrepancies.csv")
    findings.head(0).to_csv(out / "discrepancies.csv", index=False)
    (out / "review.csv").write_text("")
    html_path, xlsx_path = write_report(out)
    page = html_path.read_text(encoding="utf-8")
    assert LABELS["id"]["no_findings"] in page and LABELS["id"]["review_empty"] in page
    sheet = openpyxl.load_workbook(xlsx_path)["Temuan"]
    assert sheet.max_row == 1 and sheet.cell(1, 1).value == "finding_id"


def test_inline_pictures_keep_the_paper_white():
    import base64
    import io

    from PIL import Image

    from rekon.report.images import png_data_uri

    page = Image.new("RGB", (60, 20), "white")
    page.paste((200, 20, 20), (10, 5, 50, 15))
    uri = png_data_uri(page, 8)
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    assert image.getpixel((1, 1)) == (255, 255, 255)


def test_a_small_chart_prints_the_top_of_its_range_beside_each_axis():
    import base64
    import io
    import math

    from PIL import Image

    from rekon.report.charts import QuarterChart

    def picture(uri: str) -> Image.Image:
        return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")

    def dark(image: Image.Image) -> int:
        return sum(image.histogram()[:128])

    chart = QuarterChart(["TW I", "TW II", "TW III", "TW IV"], ("Kinerja", "Pagu"), ("Target", "Realisasi"))
    nothing = [math.nan] * 4
    drawn = picture(chart.draw(([100.0] * 4, [50.0] * 4), ([2e9] * 4, [1e9] * 4)))
    empty = picture(chart.draw((nothing, nothing), (nothing, nothing)))  # no values: no top label
    for axes in chart._axes:
        left = round(axes.get_window_extent().x0)
        y = drawn.height - round(axes.transData.transform((1, 1))[1])  # the range's top, in the picture's rows
        band = (max(0, left - 40), y - 5, left - 2, y + 5)  # left of the axis, where its labels stand
        # the same frame (tick marks) in both: only the printed range's top differs
        assert dark(drawn.crop(band)) - dark(empty.crop(band)) > 5
