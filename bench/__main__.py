"""`make bench`: extraction speed and accuracy, matching quality, and a scale run.

    python -m bench [--runs 3] [--skip-scale] [--skip-ocr]

Prints each table and writes them, with the machine they ran on, to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model or platform.processor()}), {memory:.0f} GiB, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def matching(runs: int) -> pd.DataFrame:
    from bench.matching import MATCHERS, harder_copy, sample_truth, truth_to_rows
    from rekon.reconcile.baseline import compare_matchers

    truths = sample_truth()
    real = pd.concat([truth_to_rows(t, q) for q, t in truths.items()], ignore_index=True)
    tables = []
    for name, rows in {"samples": real, "samples, harder copy": harder_copy(real, seed=1)}.items():
        table = compare_matchers(MATCHERS, rows)
        for matcher, work in MATCHERS.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                work(rows)
                times.append(time.perf_counter() - start)
            table.loc[table["matcher"] == matcher, "seconds (median)"] = round(statistics.median(times), 3)
        table.insert(0, "rows", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true", help="skip the OCR table (the slowest: every sample page through Tesseract, five ways)")
    args = parser.parse_args()
    pd.set_option("display.width", 220)
    from bench import extraction, scale

    sections = [("Machine", machine())]
    print(sections[0][1])
    started = time.strftime("%Y-%m-%d %H:%M")

    print("\n== Extraction: the four sample PDFs (20 pages)")
    table = extraction.run(args.runs)
    print(table.to_string(index=False))
    sections.append(("Extraction: the four sample PDFs", table.to_markdown(index=False) + "\n\n" + extraction.__doc__.strip()))

    print("\n== Matching: precision and recall per quarter pair against the ground-truth ids")
    table = matching(args.runs)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    sections.append(("Matching against the ground-truth ids", table.to_markdown(index=False, floatfmt=".3f")))

    if not args.skip_scale:
        print("\n== Scale: `rekon run --no-report` on N report sets, --jobs 1 and --jobs 2")
        table = pd.DataFrame(scale.run())
        print(table.to_string(index=False))
        sections.append(("Scale: `rekon run --no-report`, N report sets of 4 PDFs", table.to_markdown(index=False) + "\n\n" + scale.__doc__.strip()))

    if not args.skip_ocr:
        from bench import ocr

        print("\n== OCR: the samples rasterised and read back (value cells right, flagged, wrong)")
        table, wrong = ocr.run([1, 2, 3, 4], list(ocr.SCANS))
        print(table.to_string(index=False))
        listed = "\n".join(f"- {line}" for line in wrong) or "None."
        sections.append(("OCR: scanned samples", table.to_markdown(index=False) + "\n\nWrong and not flagged:\n\n" + listed + "\n\n" + ocr.__doc__.strip()))

    text = f"# Bench results\n\n`make bench`, last run {started}.\n\n" + "\n\n".join(f"## {title}\n\n{body}" for title, body in sections) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(f"\nwritten: {RESULTS}")


if __name__ == "__main__":
    main()
