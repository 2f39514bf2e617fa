"""Scans as offices make them: each kind of degradation alone and combined, over both families.

Each report of a page set (samples/scan_pages.py: the one-quarter form in five
layouts, the side-by-side form from three real reports) is scanned
(samples/scan.py, samples/copier.py) as each kind below says, seeded by the
kind and the report, read with `--ocr auto`, and scored against its truth:
*right* (rows.csv holds exactly the printed value), *flagged* (withheld to
problems.csv), *wrong* without a flag. Pages per second are per core (one
file per process, Tesseract on one thread).

    python -m bench.ocr --kinds all [--pages full|dev|holdout] [--jobs 1] [--keep readings.jsonl] [--write]
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zlib
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

# name -> (what it is, Scan options). 300 dpi, white paper, greyscale PNG unless said.
COPIER = dict(paper="grey", grain=0.03, blur=0.6, edges=True, jpeg=True, quality=60)
KINDS: dict[str, tuple[str, dict]] = {
    "clean": ("300 dpi, clean", dict(dpi=300)),
    "200dpi": ("200 dpi, clean", dict(dpi=200)),
    "400dpi": ("400 dpi, clean", dict(dpi=400)),
    "jpeg40": ("JPEG quality 40", dict(jpeg=True, quality=40)),
    "jpeg90": ("JPEG quality 90", dict(jpeg=True, quality=90)),
    "turned1.5": ("turned 1.5°", dict(skew_degrees=1.5)),
    "turned-0.4": ("turned -0.4°", dict(skew_degrees=-0.4)),
    "grey": ("grey paper", dict(paper="grey", grain=0.02)),
    "yellowed": ("yellowed paper, colour scan", dict(paper="yellowed", colour=True, jpeg=True, quality=85)),
    "noise": ("noise (grain + specks)", dict(grain=0.05, noise=0.002)),
    "edges": ("darkened edges", dict(edges=True)),
    "streaks": ("toner streaks", dict(streaks=3)),
    "stamp": ("stamp, colour scan", dict(stamp="violet", colour=True, jpeg=True, quality=85)),
    "stamp-grey": ("stamp, grey scan", dict(stamp="blue")),
    "signature": ("signature, grey scan", dict(signature="blue")),
    "sideways": ("fed sideways", dict(turned=90)),
    # Rasterised by a desktop tool, turned a little, blurred, JPEG'd hard and wrapped in a PDF (no copier paper).
    "pdf-jpeg55": ("JPEG 55 in a PDF, turned 0.45°", dict(skew_degrees=0.45, blur=0.5, grain=0.027, jpeg=True, quality=55)),
    "copier": ("copier: all of it, 300 dpi", dict(COPIER, skew_degrees=0.4, stamp="blue", signature="blue")),
    "copier-colour": ("copier, colour: all of it, 300 dpi", dict(COPIER, paper="yellowed", colour=True, skew_degrees=-1.2,
                                                                 stamp="violet", signature="blue", quality=50)),
    "copier-200": ("copier: all of it, 200 dpi", dict(COPIER, dpi=200, skew_degrees=0.8, stamp="blue", signature="blue", quality=70)),
    "copier-400-sideways": ("copier, 400 dpi, fed sideways", dict(COPIER, dpi=400, turned=90, skew_degrees=1.0, stamp="black",
                                                                  signature="blue", quality=40)),
}


def _seed(kind: str, report) -> int:
    return zlib.crc32(f"{kind}:{report.pdf.name}".encode())


def _read(task: tuple[str, int, str]) -> dict:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from rekon.extract.pipeline import extract_file
    from samples.scan import Scan, scan_pdf
    from samples.scan_pages import PAGE_SETS, score_reading, truth_of

    kind, index, page_set = task
    report = PAGE_SETS[page_set][index]
    scan = Scan(**KINDS[kind][1], seed=_seed(kind, report))
    with tempfile.TemporaryDirectory() as work:
        pdf = scan_pdf(report.pdf, Path(work) / f"{report.pdf.stem}-{kind}.pdf", scan, pages=report.numbers)
        started = time.perf_counter()
        result = extract_file(pdf)
        seconds = time.perf_counter() - started
    found = score_reading(report, result.rows, result.problems, truth_of(report))
    return {
        "kind": kind, "index": index, "page_set": page_set, "layout": report.layout, "family": report.family, "pages": report.pages, "seconds": seconds,
        "error": result.reason(), "cells": found.cells, "right": found.right, "flagged": found.flagged, "wrong": found.wrong,
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2%}" if whole else "-"


def _summary(results: list[dict], key: str, names: list[str], label) -> pd.DataFrame:
    table = []
    for name in names:
        mine = [r for r in results if r[key] == name]
        cells = sum(r["cells"] for r in mine)
        table.append({
            key: label(name), "pages": sum(r["pages"] for r in mine), "value cells": cells,
            "exactly right": _share(sum(r["right"] for r in mine), cells),
            "flagged (problems.csv)": _share(sum(r["flagged"] for r in mine), cells),
            "wrong, not flagged": sum(len(r["wrong"]) for r in mine),
            "pages/s per core": round(sum(r["pages"] for r in mine) / max(1e-9, sum(r["seconds"] for r in mine)), 3),
        })
    return pd.DataFrame(table)


def run(kinds: list[str], page_set: str = "full", jobs: int = 1, keep: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The table per kind, the table per layout (all kinds together), and each wrong cell.

    With ``keep`` (a JSON-lines file), each reading is appended to it as it ends, and
    readings already there are not made again: a long run stopped part-way resumes.
    """
    from samples.scan_pages import PAGE_SETS

    reports = [(i, r) for i, r in enumerate(PAGE_SETS[page_set]) if r.available]
    tasks = [(kind, i, page_set) for kind in kinds for i, _ in reports]
    done = {}
    if keep is not None and keep.exists():
        for line in keep.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            done[(record["kind"], record["index"], record["page_set"])] = record
    results = [done[task] for task in tasks if task in done]
    with get_context("fork").Pool(jobs) as pool:
        for result in pool.imap(_read, [task for task in tasks if task not in done], chunksize=1):
            results.append(result)
            if keep is not None:
                with keep.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(result) + "\n")
    by_kind = _summary(results, "kind", kinds, lambda k: KINDS[k][0])
    layouts = list(dict.fromkeys(r.layout for _, r in reports))
    by_layout = _summary(results, "layout", layouts, str)
    wrong = [f"{KINDS[r['kind']][0]}, {r['layout']}: {w}" for r in results for w in r["wrong"]]
    wrong += [f"{KINDS[r['kind']][0]}, {r['layout']}: failed: {r['error']}" for r in results if r["error"]]
    return by_kind, by_layout, wrong
