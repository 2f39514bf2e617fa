"""Scale: 1,000 files as a province's inspectorate receives them, run with --jobs 1, --jobs 2 and Dask.

250 report sets of four quarters are made from the samples: 50 agency names, each in five
regions (the same agency name in every region, told apart only by the region in the title), one
folder per agency with the files named alike (TW1.pdf ... TW4.pdf), the values perturbed; they are
rendered once with LibreOffice into build/bench/sets/ and reused by later runs. Without
LibreOffice the committed samples are copied instead (same agency: the runs then mostly exercise
duplicate handling). Peak memory is that of the largest process of the run (the parent or one
worker), from getrusage. Every figure is one run on a machine shared with other users: the
speed-up compares runs made minutes apart.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from samples.build import CITY, YEAR, Sample
from samples.layouts import layout_for, titles
from samples.source import VALUE_COLUMNS, read_source
from samples.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "build" / "bench" / "sets"


def _perturbed(source, rng: random.Random):
    """Whole numbers nudged by up to 3%, printed as the reports print them; other cells kept."""
    frame = source.copy()
    for column in VALUE_COLUMNS:
        for index, text in frame[column].items():
            plain = text.replace(",", "")
            if plain.isdigit() and len(plain) >= 4:
                frame.at[index, column] = f"{int(int(plain) * (1 + rng.uniform(-0.03, 0.03))):,}"
    return frame


# A province's batch: the same agency names in several regions, one folder per agency, files named alike.
CITIES = ("KOTA SERANG", "KABUPATEN PANDEGLANG", "KOTA CILEGON", "KABUPATEN LEBAK", "KABUPATEN SERANG")
RENDER_CHUNK = 40  # workbooks per LibreOffice call: its start-up dominates small conversions


def set_identity(index: int) -> tuple[str, str]:
    """(agency, region) of report set `index`: every agency name recurs in each region."""
    return f"DINAS CONTOH NOMOR {index // len(CITIES) + 1:03d}", CITIES[index % len(CITIES)]


def _write_book(job: tuple[int, int, Path]) -> None:
    index, quarter, book = job
    rng = random.Random(index * 10 + quarter)
    opd, city = set_identity(index)
    layout = layout_for(quarter, titles(quarter, YEAR, opd, city))
    write_workbook(_perturbed(read_source(Sample(quarter, False).source), rng), layout, book)


def _render(chunk: list[tuple[Path, Path]]) -> None:
    from samples.pdf import workbooks_to_pdf

    staging = ROOT / "build" / "bench" / "rendered" / chunk[0][0].stem
    for pdf, (_, final) in zip(workbooks_to_pdf([book for book, _ in chunk], staging), chunk):
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(pdf, final)


def make_sets(count: int, processes: int = 2) -> list[Path]:
    """`count` report sets of four quarters (TW1.pdf ... TW4.pdf), each a directory; rendered once, then reused."""
    from multiprocessing import Pool

    have = sorted(p for p in SETS.glob("set-*") if len(list(p.glob("TW*.pdf"))) == 4)
    missing = range(len(have), count)
    if missing and (shutil.which("soffice") or shutil.which("libreoffice")):
        books: list[tuple[Path, Path]] = []  # (workbook, final pdf)
        to_write = []
        for index in missing:
            for quarter in (1, 2, 3, 4):
                book = ROOT / "build" / "bench" / "xlsx" / f"contoh-{index + 1:03d}-tw{quarter}.xlsx"
                if not book.exists():  # a workbook written by an earlier, interrupted run is kept
                    to_write.append((index, quarter, book))
                books.append((book, SETS / f"set-{index + 1:03d}" / f"TW{quarter}.pdf"))
        chunks = [books[start : start + RENDER_CHUNK] for start in range(0, len(books), RENDER_CHUNK)]
        with Pool(processes) as pool:
            pool.map(_write_book, to_write, chunksize=8)
            for done, _ in enumerate(pool.imap_unordered(_render, chunks), 1):
                print(f"rendered {done}/{len(chunks)} chunks of {RENDER_CHUNK} workbooks", file=sys.stderr, flush=True)
    elif missing:
        for index in missing:
            out = SETS / f"set-{index + 1:03d}"
            out.mkdir(parents=True, exist_ok=True)
            for quarter in (1, 2, 3, 4):
                shutil.copy(Sample(quarter, False).pdf, out / f"TW{quarter}.pdf")
    return sorted(p for p in SETS.glob("set-*"))[:count]


_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "code": done.returncode}))
"""


def measure(inputs: list[Path], out: Path, *options: str) -> dict:
    """One `rekon run` in a fresh process; peak memory is that of its largest process (parent or worker)."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "rekon", "run", *map(str, inputs), "-o", str(out), "--quiet", *options]
    shutil.rmtree(out, ignore_errors=True)
    result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    if result["code"] not in (0, 1):
        raise RuntimeError(f"rekon run {' '.join(options)} exited {result['code']}")
    return result


RUNS = {  # name -> options of `rekon run`
    "--jobs 1": ("--jobs", "1"),
    "--jobs 2": ("--jobs", "2"),
    "Dask local cluster, 2 workers": ("--executor", "dask", "--jobs", "2"),
}


def _speed(sets: list[Path], name: str, options: tuple[str, ...]) -> dict:
    files = 4 * len(sets)
    result = measure(sets, ROOT / "build" / "bench" / "out", *options, "--no-report")
    line = {"run": name, "files": files, "seconds": round(result["seconds"], 1), "files/s": round(files / result["seconds"], 2), "peak MB": round(result["peak_mb"])}
    print(line, flush=True)
    return line


def run(sets_count: int = 250, compare_count: int | None = None, report_sizes: tuple[int, ...] = (2, 16, 64)) -> tuple[list[dict], list[dict]]:
    """(1) files/s, speed-up and peak memory of --jobs 1, --jobs 2 and Dask on the whole batch
    (report off); with `compare_count`, the three are compared on that many sets and the whole
    batch is run once with --jobs 2 (a loaded machine cannot give the three an hour);
    (2) peak memory by batch size with the report on (--jobs 2): flat if nothing grows with the batch."""
    sets = make_sets(sets_count)
    speed = []
    if compare_count is not None:
        speed.append({**_speed(sets, "--jobs 2, the whole batch", RUNS["--jobs 2"]), "speed-up vs --jobs 1": ""})
    compared = sets[:compare_count] if compare_count is not None else sets
    lines = [_speed(compared, name, options) for name, options in RUNS.items()]
    for line in lines:
        line["speed-up vs --jobs 1"] = round(lines[0]["seconds"] / line["seconds"], 2)
    speed += lines
    memory = []
    for count in report_sizes:
        result = measure(sets[:count], ROOT / "build" / "bench" / "out", "--jobs", "2")
        memory.append({"report sets": count, "files": 4 * count, "files/s": round(4 * count / result["seconds"], 2), "peak MB (report on, --jobs 2)": round(result["peak_mb"])})
        print(memory[-1], flush=True)
    return speed, memory


if __name__ == "__main__":
    started = time.perf_counter()
    run()
    print(f"{time.perf_counter() - started:.0f} s")
