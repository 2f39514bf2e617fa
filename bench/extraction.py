"""Extraction speed and accuracy: rekon against camelot lattice and pdfplumber's stock extract_tables.

Speed: pages per second, median of several runs on the same sample PDFs, next
to the floor of bare parsing (pdfplumber's characters, lines and rectangles;
PDFium's characters with boxes and page objects).

Accuracy: the share of ground-truth value cells (target, realisasi, capaian,
pagu) that a tool gets right *in the right row*. rekon's rows are compared by
position and column. The stock tools know neither rows nor columns, so they
are scored generously: each ground-truth row is paired with the stock row
whose cells best match its indicator text (rapidfuzz, score >= 90), and a
value counts as right when any cell of that row holds exactly the printed
text. A merged budget cell that a stock tool leaves empty in a row is wrong.
"""

from __future__ import annotations

import os
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from rekon.extract.pipeline import extract_file
from samples.build import Sample
from samples.compare import VALUE_FIELDS, value_cells_right
from samples.source import read_source
from samples.truth import one_line, truth_rows

SAMPLES = [Sample(q, False) for q in (1, 2, 3, 4)]


def _pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def bare_pdfplumber(pdf: Path) -> None:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            page.chars, page.lines, page.rects  # noqa: B018 - parsing is the point
            page.close()


def bare_pdfium(pdf: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        textpage = page.get_textpage()
        rect = raw.FS_RECTF()
        for index in range(raw.FPDFText_CountChars(textpage)):
            raw.FPDFText_GetUnicode(textpage, index)
            raw.FPDFText_GetLooseCharBox(textpage, index, rect)
        for obj in page.get_objects():
            obj.get_bounds()
        textpage.close()
        page.close()
    document.close()


def camelot_lattice(pdf: Path) -> list[list[list[str]]]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(pdf), pages="all", flavor="lattice")
    return [table.df.values.tolist() for table in tables]


def plumber_tables(pdf: Path) -> list[list[list[str]]]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [table for page in document.pages for table in page.extract_tables()]


def timed(work: Callable[[Path], object], pdfs: list[Path], runs: int) -> tuple[float, object]:
    durations, last = [], None
    for _ in range(runs):
        start = time.perf_counter()
        last = [work(pdf) for pdf in pdfs]
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), last


def stock_accuracy(truth: pd.DataFrame, tables: list[list[list[str]]]) -> tuple[int, int]:
    from rapidfuzz import fuzz, process

    stock_rows = [[one_line(cell or "") for cell in row] for table in tables for row in table]
    joined = [" | ".join(row) for row in stock_rows]
    right = total = 0
    for _, expected in truth.iterrows():
        wanted = [(name, one_line(expected[name])) for name in VALUE_FIELDS if one_line(expected[name]) not in ("", "-")]
        if not wanted:
            continue
        total += len(wanted)
        best = process.extractOne(one_line(expected["indikator"]), joined, scorer=fuzz.partial_ratio, score_cutoff=90)
        if best is None:
            continue
        cells = set(stock_rows[best[2]])
        right += sum(text in cells for _, text in wanted)
    return right, total


def run(runs: int = 3) -> pd.DataFrame:
    pdfs = [sample.pdf for sample in SAMPLES]
    truths = [truth_rows(read_source(sample.source)) for sample in SAMPLES]
    pages = sum(_pages(pdf) for pdf in pdfs)
    lines = []

    def add(tool: str, seconds: float, right: int | None = None, total: int | None = None) -> None:
        lines.append(
            {
                "tool": tool,
                "pages": pages,
                "seconds (median)": round(seconds, 3),
                "pages/s": round(pages / seconds, 1),
                "value cells right": "" if right is None else f"{right}/{total} ({100 * right / total:.1f}%)",
            }
        )

    for backend in ("pdfium", "plumber"):
        seconds, results = timed(lambda pdf: extract_file(pdf, backend=backend), pdfs, runs)
        right = total = 0
        for truth, result in zip(truths, results):
            r, t = value_cells_right(truth, pd.DataFrame(result.rows).astype(str))
            right, total = right + r, total + t
        add(f"rekon ({backend})", seconds, right, total)
    seconds, tables = timed(camelot_lattice, pdfs, max(1, runs - 1))
    scores = [stock_accuracy(truth, t) for truth, t in zip(truths, tables)]
    add("camelot lattice (stock)", seconds, sum(s[0] for s in scores), sum(s[1] for s in scores))
    seconds, tables = timed(plumber_tables, pdfs, runs)
    scores = [stock_accuracy(truth, t) for truth, t in zip(truths, tables)]
    add("pdfplumber extract_tables (stock)", seconds, sum(s[0] for s in scores), sum(s[1] for s in scores))
    add("bare parse: pdfplumber chars+lines+rects", timed(bare_pdfplumber, pdfs, runs)[0])
    add("bare parse: pypdfium2 chars+objects", timed(bare_pdfium, pdfs, runs)[0])
    return pd.DataFrame(lines)


SINGLE_CORE_NOTE = """Single core, both producers: the sample PDFs (LibreOffice exports of the real reports) and
the second producer's (reportlab, grid closed at page breaks, data/producer2/ when present), read
one after the other in one process. Each round times rekon (`extract_file`, PDFium), camelot
lattice and the bare pypdfium2 floor (every glyph's character and box, every page object's
bounds) on the same files, interleaved, so that load from other users of the machine falls on all
three; the ratios are medians of the per-round ratios (against camelot, of the rounds it ran in:
`--camelot-runs N` keeps it to the first N rounds on a loaded machine, where it takes ~20x rekon's
time). Aims (issue 26): rekon >= 15x camelot, <= 2x the floor."""


def both_producers() -> list[Path]:
    root = Path(__file__).resolve().parent.parent / "data"
    return [sample.pdf for sample in SAMPLES] + sorted((root / "producer2").rglob("*.pdf"))


def single_core(runs: int = 3, pdfs: list[Path] | None = None, camelot_runs: int | None = None) -> pd.DataFrame:
    """rekon, camelot lattice and the bare PDFium floor on one core, interleaved; medians of per-round ratios.
    ``camelot_runs``: camelot in the first rounds only (it takes ~20x rekon's time; on a loaded machine)."""
    pdfs = pdfs or both_producers()
    pages = sum(_pages(pdf) for pdf in pdfs)
    rounds: list[dict[str, float]] = []
    load_start = os.getloadavg()[0]
    camelot_runs = runs if camelot_runs is None else min(camelot_runs, runs)
    for index in range(runs):
        times = {}
        tools = (("rekon", lambda pdf: extract_file(pdf)), ("floor", bare_pdfium), ("camelot", camelot_lattice))
        for name, work in tools[: 3 if index < camelot_runs else 2]:
            start = time.perf_counter()
            for pdf in pdfs:
                work(pdf)
            times[name] = time.perf_counter() - start
        rounds.append(times)
    with_camelot = [r for r in rounds if "camelot" in r]
    median = {name: statistics.median(r[name] for r in rounds if name in r) for name in ("rekon", "floor", "camelot")}
    lines = [
        {"tool": "rekon (pdfium), one process", "files": len(pdfs), "pages": pages, "seconds (median)": round(median["rekon"], 2), "pages/s": round(pages / median["rekon"], 1)},
        {"tool": "camelot lattice (stock)", "files": len(pdfs), "pages": pages, "seconds (median)": round(median["camelot"], 2), "pages/s": round(pages / median["camelot"], 1)},
        {"tool": "bare parse: pypdfium2 chars+objects", "files": len(pdfs), "pages": pages, "seconds (median)": round(median["floor"], 2), "pages/s": round(pages / median["floor"], 1)},
    ]
    table = pd.DataFrame(lines)
    table.attrs["rekon / camelot speed"] = round(statistics.median(r["camelot"] / r["rekon"] for r in with_camelot), 2)
    table.attrs["rekon time / floor time"] = round(statistics.median(r["rekon"] / r["floor"] for r in rounds), 2)
    table.attrs["rounds (camelot in)"] = f"{runs} ({len(with_camelot)})"
    table.attrs["machine load (1 min) at start, end"] = f"{load_start:.1f}, {os.getloadavg()[0]:.1f}"
    return table
