"""report.html in a real browser (headless Chromium): the findings table renders and the filters work."""

from __future__ import annotations

import re
import subprocess
import tempfile

import pytest
from PIL import Image

from tests.capabilities import CHROMIUM, requires
from tests.test_report_support import read_csv, sample_run

pytestmark = requires("chromium")


def _chromium(*arguments: str) -> str:
    with tempfile.TemporaryDirectory(prefix="rekon-chromium-") as profile:
        completed = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--virtual-time-budget=5000", *arguments,
            ],
            capture_output=True, text=True, timeout=60,
        )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def _dom(query: str = "") -> str:
    return _chromium("--dump-dom", (sample_run() / "report.html").as_uri() + query)


def _counts(dom: str) -> tuple[int, int, int]:
    visible = int(re.search(r'<span id="visible-count">(\d+)</span>', dom).group(1))
    rows = re.findall(r'<tr id="f-[^>]*>', dom)
    hidden = sum(' hidden=""' in row for row in rows)
    return visible, len(rows), hidden


@pytest.fixture(scope="module")
def findings():
    return read_csv(sample_run() / "discrepancies.csv")


def test_findings_table_shows_what_needs_action_first_and_folds_the_info_findings(findings):
    info = int((findings["severity"] == "info").sum())
    dom = _dom()
    visible, rows, hidden = _counts(dom)
    assert rows == len(findings) and 0 < info == hidden and visible == rows - info
    assert f'<span id="folded-count">{info}</span>' in dom


def test_filter_by_rule_from_the_url_shows_only_that_rule(findings):
    rule = findings["rule"].value_counts().index[0]
    visible, rows, hidden = _counts(_dom(f"?rule={rule}"))
    assert visible == (findings["rule"] == rule).sum() < rows
    assert hidden == rows - visible


def test_free_text_filter_typed_as_a_rule_id(findings):
    rule = "capaian_kinerja_mismatch" if "capaian_kinerja_mismatch" in set(findings["rule"]) else findings["rule"].iloc[0]
    visible, rows, _ = _counts(_dom(f"?q={rule}"))
    assert visible == (findings["rule"] == rule).sum()


def test_filters_combine_severity_and_text(findings):
    chosen = findings[findings["severity"] == "error"].iloc[0]
    visible, _, _ = _counts(_dom(f"?severity=error&q={chosen.finding_id}"))
    assert visible == 1


def test_screenshot_of_the_report_is_not_blank(tmp_path):
    shot = tmp_path / "report.png"
    _chromium(f"--screenshot={shot}", "--window-size=1400,1000", "--hide-scrollbars", (sample_run() / "report.html").as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 1000)
    assert len(image.getcolors(maxcolors=1_000_000)) > 50  # text, tables and a chart, not an empty page


def test_clicking_a_header_sorts_the_rows_by_number(tmp_path):
    # The page itself is not changed for the test: a copy gets a script that clicks like a user.
    page = (sample_run() / "report.html").read_text(encoding="utf-8")
    probe = """<script>
      var header = Array.prototype.find.call(document.querySelectorAll('#findings-table thead th'), function (h) { return h.dataset.type === 'number' && h.cellIndex > 0; });
      header.click(); header.click();
      var cells = Array.prototype.map.call(document.querySelectorAll('#findings-table tbody tr'), function (r) { return r.cells[header.cellIndex].dataset.sort; });
      var probe = document.createElement('output');
      probe.id = 'probe';
      probe.textContent = header.getAttribute('aria-sort') + '|' + cells.join(',');
      document.body.appendChild(probe);
    </script></body>"""
    copy = tmp_path / "report.html"
    copy.write_text(page.replace("</body>", probe), encoding="utf-8")
    dom = _chromium("--dump-dom", copy.as_uri())
    order, values = re.search(r'<output id="probe">([^|]*)\|([^<]*)</output>', dom).groups()
    numbers = [float(v) for v in values.split(",") if re.fullmatch(r"-?[\d.]+", v)]
    assert order == "descending" and len(numbers) > 10
    assert numbers == sorted(numbers, reverse=True)
    assert values.split(",")[: len(numbers)] == [v for v in values.split(",") if re.fullmatch(r"-?[\d.]+", v)]  # blanks last


def test_findings_table_fits_a_1400_px_window_with_no_cell_cut_and_the_info_unfolds(tmp_path, findings):
    """The message column (Pesan) used to be cut at 1,400 px: long names pushed the table past the window."""
    from playwright.sync_api import sync_playwright

    info = findings[findings["severity"] == "info"]
    report = (sample_run() / "report.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # A link to one info finding (as the working papers make) shows it though info is folded.
            page.goto(f"{report}#f-{info.iloc[0].finding_id}")
            assert page.is_visible(f"#f-{info.iloc[0].finding_id}".replace(":", "\\:"))
            page.goto(report)
            assert page.locator("#findings-table tbody tr:visible").count() == len(findings) - len(info)
            page.check("#filter-info")  # the box unfolds them: every finding, the long names included
            assert page.locator("#findings-table tbody tr:visible").count() == len(findings)
            sizes = page.evaluate("""() => {
              const wrap = document.querySelector('.table-wrap'), table = document.getElementById('findings-table');
              const header = Array.from(table.tHead.rows[0].cells).pop();
              const cut = Array.from(table.querySelectorAll('tbody td')).filter(td => td.scrollWidth > td.clientWidth + 1).length;
              return {page: document.documentElement.scrollWidth, wrap: wrap.clientWidth, table: wrap.scrollWidth,
                      messageRight: header.getBoundingClientRect().right, cut: cut, rows: table.tBodies[0].rows.length};
            }""")
            page.evaluate("document.getElementById('findings-table').scrollIntoView()")
            page.screenshot(path=tmp_path / "findings.png")
        finally:
            browser.close()
    assert sizes["rows"] > 100
    assert sizes["page"] <= 1400 and sizes["table"] <= sizes["wrap"], sizes
    assert sizes["messageRight"] <= 1400 and sizes["cut"] == 0, sizes
    image = Image.open(tmp_path / "findings.png").convert("L")
    message_column = image.crop((int(sizes["messageRight"]) - 250, 0, int(sizes["messageRight"]) - 10, image.height))
    assert message_column.getextrema()[0] < 100  # the messages are there, in dark text, not off the screen
