"""Scanned reports: the samples rasterised and read back through OCR (`--ocr auto`).

Each sample PDF is rasterised (samples/scan.py) at 150, 200 and 300 dpi, at
300 dpi with a slight skew (0.7 degrees) and speckle noise, and at 300 dpi
turned by 90 degrees (a landscape page fed sideways), put in a PDF without a
text layer, and extracted. Every value cell of the ground truth (and every
cell OCR filled that the truth leaves empty) counts once: *right* when
rows.csv holds exactly the printed value, *flagged* when it was withheld as
doubtful (problems.csv `low_confidence`, or an `unmapped_value` in its
row: a value under a header that names no column), *wrong* otherwise: a wrong value
not flagged is the failure that matters. Pages per second are per core (each
file is read in one process, Tesseract limited to one thread).

    python -m bench.ocr [--samples 1,2,3,4] [--scans 150,200,300,skew,turned] [--jobs 2] [--write]

Scans as offices make them (bench/office_scans.py: JPEG, 200-400 dpi, a turn,
grey or yellowed paper, noise, darkened edges, toner streaks, a stamp and a
signature, a page fed sideways, alone and combined; both families, several layouts):

    python -m bench.ocr --kinds all|clean,stamp,... [--pages full|dev] [--jobs 1] [--keep FILE] [--write]

`--write` appends the table, with the command and the date, to bench/OCR_RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).resolve().parent / "OCR_RESULTS.md"

SCANS = {
    "150": dict(dpi=150),
    "200": dict(dpi=200),
    "300": dict(dpi=300),
    "skew": dict(dpi=300, skew_degrees=0.7, noise=0.002, jpeg=True),
    "turned": dict(dpi=300, turned=90),
}


def _read(task: tuple[int, str]) -> dict:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from rekon.extract.pipeline import extract_file
    from samples.build import Sample
    from samples.ocr_score import score
    from samples.scan import Scan, scan_pdf
    from samples.source import read_source
    from samples.truth import truth_rows

    quarter, scan_name = task
    sample = Sample(quarter, False)
    scan = Scan(**SCANS[scan_name])
    with tempfile.TemporaryDirectory() as work:
        pdf = scan_pdf(sample.pdf, Path(work) / f"{sample.stem}-{scan.name}.pdf", scan)
        started = time.perf_counter()
        result = extract_file(pdf)
        seconds = time.perf_counter() - started
    rows = pd.DataFrame(result.rows).astype(str) if result.rows else pd.DataFrame()
    found = score(truth_rows(read_source(sample.source)), rows, result.problems) if len(rows) else None
    return {
        "scan": scan_name,
        "quarter": quarter,
        "pages": result.pages,
        "seconds": seconds,
        "error": result.reason(),
        "rows": len(rows),
        "cells": found.cells if found else 0,
        "right": found.right if found else 0,
        "flagged": found.flagged if found else 0,
        "wrong": found.wrong if found else [],
    }


def run(samples: list[int], scans: list[str], jobs: int = 2) -> tuple[pd.DataFrame, list[str]]:
    tasks = [(q, s) for s in scans for q in samples]
    with get_context("fork").Pool(jobs) as pool:
        results = pool.map(_read, tasks, chunksize=1)
    table = []
    wrong_cells = []
    for scan in scans:
        mine = [r for r in results if r["scan"] == scan]
        cells = sum(r["cells"] for r in mine)
        wrong = [w for r in mine for w in r["wrong"]]
        wrong_cells += [f"{scan}: {w}" for w in wrong]
        wrong_cells += [f"{scan}: TW{r['quarter']} failed: {r['error']}" for r in mine if r["error"]]
        table.append(
            {
                "scan": f"{SCANS[scan]['dpi']} dpi" + {"skew": ", skew 0.7° + noise", "turned": ", turned 90°"}.get(scan, ""),
                "files": len(mine),
                "pages": sum(r["pages"] for r in mine),
                "value cells": cells,
                "exactly right": f"{sum(r['right'] for r in mine) / cells:.2%}" if cells else "-",
                "flagged (problems.csv)": f"{sum(r['flagged'] for r in mine) / cells:.2%}" if cells else "-",
                "wrong, not flagged": len(wrong),
                "pages/s per core": round(sum(r["pages"] for r in mine) / sum(r["seconds"] for r in mine), 3),
            }
        )
    return pd.DataFrame(table), wrong_cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", default="1,2,3,4")
    parser.add_argument("--scans", default=",".join(SCANS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kinds", default="", help="office scan kinds (bench/office_scans.py), or 'all'")
    parser.add_argument("--pages", default="full", help="the page set for --kinds: full or dev")
    parser.add_argument("--keep", type=Path, help="for --kinds: append each reading to this JSON-lines file, and resume from it")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.kinds:
        office(args)
        return
    table, wrong = run([int(q) for q in args.samples.split(",")], args.scans.split(","), args.jobs)
    print(table.to_markdown(index=False))
    for line in wrong:
        print("  ", line)
    if args.write:
        command = f"python -m bench.ocr --samples {args.samples} --scans {args.scans} --jobs {args.jobs}"
        listed = "\n\n" + "\n".join(f"- {line}" for line in wrong) if wrong else " none."
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {time.strftime('%Y-%m-%d %H:%M')}: `{command}`\n\n{table.to_markdown(index=False)}\n\nWrong and not flagged:{listed}\n")


def office(args: argparse.Namespace) -> None:
    from bench.office_scans import KINDS, run as run_office

    kinds = list(KINDS) if args.kinds == "all" else args.kinds.split(",")
    started = time.strftime("%Y-%m-%d %H:%M")
    load = os.getloadavg()
    by_kind, by_layout, wrong = run_office(kinds, args.pages, args.jobs, args.keep)
    load_after = os.getloadavg()
    print(by_kind.to_markdown(index=False))
    print()
    print(by_layout.to_markdown(index=False))
    for line in wrong:
        print("  ", line)
    if args.write:
        command = f"python -m bench.ocr --kinds {args.kinds} --pages {args.pages} --jobs {args.jobs}"
        loads = f"load average {load[0]:.1f} at the start, {load_after[0]:.1f} at the end, on {os.cpu_count()} cores"
        listed = "\n\n" + "\n".join(f"- {line}" for line in wrong) if wrong else " none."
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {started}: `{command}` ({loads})\n\n{by_kind.to_markdown(index=False)}\n\n"
                         f"By layout, all kinds together:\n\n{by_layout.to_markdown(index=False)}\n\nWrong and not flagged:{listed}\n")


if __name__ == "__main__":
    main()
