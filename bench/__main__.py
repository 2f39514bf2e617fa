"""`make bench`: extraction speed and accuracy, matching quality, and a scale run.

    python -m bench [--runs 3] [--skip-scale]

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


SECTIONS = ("extraction", "single-core", "matching", "scale")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run these sections; the others of RESULTS.md are kept")
    args = parser.parse_args()
    chosen = set(args.only or SECTIONS) - ({"scale"} if args.skip_scale else set())
    pd.set_option("display.width", 220)
    from bench import extraction, scale

    sections = [("Machine", machine())]
    print(sections[0][1])
    started = time.strftime("%Y-%m-%d %H:%M")

    if "extraction" in chosen:
        print("\n== Extraction: the four sample PDFs (20 pages)")
        table = extraction.run(args.runs)
        print(table.to_string(index=False))
        sections.append(("Extraction: the four sample PDFs", table.to_markdown(index=False) + "\n\n" + extraction.__doc__.strip()))

    if "single-core" in chosen:
        print("\n== Single core, both producers: rekon, camelot lattice, the bare PDFium floor")
        table = extraction.single_core(args.runs)
        ratios = ", ".join(f"{name}: {value}" for name, value in table.attrs.items())
        print(table.to_string(index=False) + "\n" + ratios)
        sections.append(("Single core, both producers", table.to_markdown(index=False) + f"\n\nMedian ratios: {ratios}.\n\n" + extraction.SINGLE_CORE_NOTE))

    if "matching" in chosen:
        print("\n== Matching: precision and recall per quarter pair against the ground-truth ids")
        table = matching(args.runs)
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        sections.append(("Matching against the ground-truth ids", table.to_markdown(index=False, floatfmt=".3f")))

    if "scale" in chosen:
        print("\n== Scale: 1,000 files, --jobs 1, --jobs 2 and Dask; memory by batch size with the report on")
        speed, memory = scale.run()
        speed, memory = pd.DataFrame(speed), pd.DataFrame(memory)
        print(speed.to_string(index=False) + "\n\n" + memory.to_string(index=False))
        body = speed.to_markdown(index=False) + "\n\nPeak memory by batch size, report on:\n\n" + memory.to_markdown(index=False)
        sections.append(("Scale: `rekon run` on 1,000 files", body + "\n\n" + scale.__doc__.strip()))

    write_results(sections, started, partial=bool(args.only))
    print(f"\nwritten: {RESULTS}")


def write_results(sections: list[tuple[str, str]], started: str, partial: bool) -> None:
    """All sections; with --only, the sections run replace theirs and the others stay as they were."""
    kept: dict[str, str] = {}
    if partial and RESULTS.exists():
        for chunk in RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]:
            title, _, body = chunk.partition("\n\n")
            kept[title.strip()] = body.strip()
    for title, body in sections:
        kept[title] = body
    text = f"# Bench results\n\n`make bench`, last run {started}.\n\n" + "\n\n".join(f"## {title}\n\n{body}" for title, body in kept.items()) + "\n"
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
