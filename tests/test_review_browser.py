"""`rekon review` in a real browser (Playwright driving Debian's Chromium): two doubtful links
and one finding decided on the page, then `rekon check` honours them (panel, review queue,
discrepancies.csv, report.html, report.xlsx)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekon import schemas
from rekon.cli import app
from rekon.report.evidence import Evidence
from rekon.report.html import render_html
from rekon.report.inputs import read_outputs
from rekon.report.labels import labels_for
from rekon.report.workbook import build_workbook
from rekon.store import load_run, open_store
from tests.capabilities import CHROMIUM, requires
from tests.test_report_support import read_csv

ROOT = Path(__file__).resolve().parent.parent
# TW II and TW III are enough: their two doubtful links are the ones the sample year has between them.
PDFS = [ROOT / "data" / "samples" / f"dp3akb-serang-2022-tw{q}.pdf" for q in (2, 3)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = requires("chromium")


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def _pair_linked(panel, a: str, b: str) -> bool:
    columns = [f"row_id_q{q}" for q in (1, 2, 3, 4)]
    return any({a, b} <= set(row) for row in panel[columns].itertuples(index=False))


@pytest.fixture
def review_server(tmp_path):
    """OUT_DIR of a run on TW II and TW III, and `rekon review OUT_DIR` serving it (its printed address)."""
    out = tmp_path / "out"
    _run("run", *map(str, PDFS), "-o", str(out), "--no-report", "--quiet", "--jobs", "1")
    command = [sys.executable, "-c", "from rekon.cli import main; main()", "review", str(out)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        address = server.stdout.readline().strip()
        assert address.startswith("http://127.0.0.1:"), (address, server.stderr.read() if server.poll() is not None else "")
        yield out, address
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.timeout(180)
def test_decisions_on_the_page_are_saved_and_honoured_by_the_next_run(review_server):
    from playwright.sync_api import sync_playwright

    out, address = review_server
    queue = read_csv(out / "review.csv")
    assert len(queue) >= 2, "the sample's TW II -> TW III doubtful links are the subject of this test"
    first, second = queue.iloc[0], queue.iloc[1]
    findings_before = read_csv(out / "discrepancies.csv")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(address)
            page.wait_for_selector("body[data-ready=true]")
            assert page.inner_text("#progress-links").startswith(f"0 dari {len(queue)}")
            # Both rows of the first link, side by side, with their PDF crops.
            assert first["row_id_a"] in page.inner_text("#row-a") and first["row_id_b"] in page.inner_text("#row-b")
            page.wait_for_selector("#crop-a img[src^='data:image/png']")
            page.wait_for_selector("#crop-b img[src^='data:image/png']")
            assert first["row_id_a"] in page.inner_text("#crop-a figcaption") and first["row_id_b"] in page.inner_text("#crop-b figcaption")
            assert page.locator("#runner-ups .runner").count() >= 1
            # First link: Different, by keyboard. The page moves on to the next undecided link.
            page.keyboard.press("d")
            page.wait_for_selector("#progress-links[data-done='1']")
            assert second["row_id_a"] in page.inner_text("#row-a")
            page.wait_for_selector("#crop-b img")
            assert second["row_id_b"] in page.inner_text("#crop-b figcaption")  # never the previous link's late crop
            # Second link: Same, by the button.
            page.click("#decide-same")
            page.wait_for_selector("#progress-links[data-done='2']")
            assert page.inner_text("#progress-links").startswith(f"2 dari {len(queue)}")

            # One finding: filter as in report.html, look at its evidence, give a verdict with a comment.
            page.click("#tab-findings")
            rule = findings_before["rule"].value_counts().index[0]
            page.select_option("#filter-rule", rule)
            assert int(page.inner_text("#visible-count")) == (findings_before["rule"] == rule).sum()
            chosen = page.inner_text("#finding-id")
            assert findings_before.set_index("finding_id").loc[chosen, "rule"] == rule
            page.wait_for_selector("#finding-crops img[src^='data:image/png']")
            page.fill("#verdict-comment", "Revisi DPA resmi; =SUM(A1) bukan rumus")
            page.click("#verdict-acceptable")
            page.wait_for_selector("#progress-findings[data-done='1']")
            assert not errors, errors
        finally:
            browser.close()

    overrides = read_csv(out / "overrides.csv")
    assert {frozenset(p): d for p, d in zip(zip(overrides["row_id_a"], overrides["row_id_b"]), overrides["decision"])} == {
        frozenset((first["row_id_a"], first["row_id_b"])): "different",
        frozenset((second["row_id_a"], second["row_id_b"])): "same",
    }
    verdicts = read_csv(out / "verdicts.csv")
    assert verdicts[["finding_id", "verdict"]].values.tolist() == [[chosen, "acceptable"]]

    # The next run honours them.
    result = _run("check", str(out))
    panel, review = read_csv(out / "panel.csv"), read_csv(out / "review.csv")
    assert not _pair_linked(panel, first["row_id_a"], first["row_id_b"])
    assert _pair_linked(panel, second["row_id_a"], second["row_id_b"])
    still_queued = {frozenset(p) for p in zip(review["row_id_a"], review["row_id_b"])}
    assert frozenset((second["row_id_a"], second["row_id_b"])) not in still_queued
    assert frozenset((first["row_id_a"], first["row_id_b"])) not in still_queued

    assert schemas.DISCREPANCIES.failures(read_csv(out / "discrepancies.csv")) == []
    after = read_csv(out / "discrepancies.csv").set_index("finding_id")
    assert after.loc[chosen, ["review_status", "verdict", "verdict_comment"]].tolist() == ["reviewed", "acceptable", "Revisi DPA resmi; =SUM(A1) bukan rumus"]
    expected_new = set(after.index) - set(findings_before["finding_id"])
    assert set(after.index[after["review_status"] == "new"]) == expected_new
    assert (after.drop(index=chosen)["review_status"] != "reviewed").all()
    assert f"{len(expected_new)} baru," in result.output and "1 sudah ditinjau" in result.output

    # The store keeps the marks with the findings (as `rekon run` loads it).
    store = out / "rekon.duckdb"
    load_run(out, store, base=ROOT)
    with open_store(store, read_only=True) as con:
        marks = dict(con.execute("SELECT review_status, count(*) FROM findings GROUP BY ALL").fetchall())
        kept = con.execute("SELECT verdict, verdict_comment FROM findings WHERE finding_id = ?", [chosen]).fetchall()
    assert marks.get("reviewed") == 1 and marks.get("new", 0) == len(expected_new)
    assert kept == [("acceptable", "Revisi DPA resmi; =SUM(A1) bukan rumus")]

    outputs = read_outputs(out)
    html = render_html(outputs, Evidence(), labels_for("id"), "id")
    assert f'data-id="{chosen}"' in html and 'data-status="reviewed"' in html
    assert '<span class="status status-reviewed" title="Revisi DPA resmi; =SUM(A1) bukan rumus">dapat diterima</span>' in html
    sheet = build_workbook(outputs, labels_for("id"))["Temuan"]
    header = [cell.value for cell in sheet[1]]
    assert header[-3:] == ["review_status", "verdict", "verdict_comment"]
    statuses = [row[header.index("review_status")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert statuses.count("reviewed") == 1 and statuses.count("new") == len(expected_new)
