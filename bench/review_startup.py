"""How long `rekon review OUT_DIR` takes to give a usable page, against the CLI's own start.

    python -m bench.review_startup [--runs 5] [--out OUT_DIR]

Without --out, OUT_DIR is a fresh `rekon run` of the four sample PDFs (no report). Each start
is timed from launching the command to (1) the address printed, (2) the page ready in
Chromium (the queue and findings loaded: body[data-ready]), (3) the first link's two PDF
crops shown. The browser is started once beforehand, as a reviewer's is already open. The
baseline, in the same command, is `rekon --help` (interpreter and CLI import): the ratio says
what the review app adds to what any rekon command costs on this machine at this moment.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
REKON = [sys.executable, "-m", "rekon"]


def sample_out() -> Path:
    out = Path(tempfile.mkdtemp(prefix="rekon-review-bench-")) / "out"
    subprocess.run([*REKON, "run", str(ROOT / "data" / "samples"), "-o", str(out), "--no-report", "--quiet"], check=True, capture_output=True)
    return out


def baseline() -> float:
    started = time.monotonic()
    subprocess.run([*REKON, "--help"], check=True, capture_output=True)
    return time.monotonic() - started


def one_start(out: Path, page) -> tuple[float, float, float]:
    started = time.monotonic()
    server = subprocess.Popen([*REKON, "review", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address = server.stdout.readline().strip()
        printed = time.monotonic() - started
        page.goto(address)
        page.wait_for_selector("body[data-ready=true]")
        ready = time.monotonic() - started
        page.wait_for_selector("#crop-a img")
        page.wait_for_selector("#crop-b img")
        crops = time.monotonic() - started
        return printed, ready, crops
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or sample_out()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        starts, bases = [], []
        for _ in range(args.runs):
            bases.append(baseline())
            starts.append(one_start(out, page))
        browser.close()
    median = statistics.median
    base = median(bases)
    print(f"rekon review {out} ({args.runs} starts, medians)")
    print(f"  rekon --help (baseline)     {base:6.2f} s")
    for name, index in (("address printed", 0), ("page ready", 1), ("first link's crops", 2)):
        value = median(s[index] for s in starts)
        print(f"  {name:<27} {value:6.2f} s  ({value / base:.1f}x baseline)")


if __name__ == "__main__":
    main()
