"""Scale: 1,000 files as a province's inspectorate receives them: report off and on, --jobs 1 and 2, Dask; a mixed batch.

250 report sets of four quarters are made from the samples: 50 agency names, each in five
regions (the same agency name in every region, told apart only by the region in the title), one
folder per agency with the files named alike (TW1.pdf ... TW4.pdf), the values perturbed; they are
rendered once with LibreOffice into build/bench/sets/ and reused by later runs. Without
LibreOffice the committed samples are copied instead (same agency: the runs then mostly exercise
duplicate handling). Each run is a fresh process that runs `rekon run` in itself: its wall and CPU
seconds (its own and its workers'), its own peak memory (the parent) and the largest of its
descendants' (a worker), from getrusage, and the machine's load average (1 minute) at its start and
end. Every figure is one run on a machine that may be shared: the load says how much.
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


# The measured process runs `rekon` in itself, so that it is the run's parent: at the end it has its
# own peak (the parent's) and that of its largest descendant (a worker), from getrusage.
_MEASURE = """
import json, os, resource, sys, time
load = os.getloadavg()[0]
start = time.perf_counter()
from rekon.cli import main
try:
    main(sys.argv[1:])
    code = 0
except SystemExit as done:
    code = done.code or 0
seconds = time.perf_counter() - start
me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "cpu": me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime, "parent_cpu": me.ru_utime + me.ru_stime,
                  "parent_mb": me.ru_maxrss / 1024, "worker_mb": children.ru_maxrss / 1024, "code": code,
                  "load": [load, os.getloadavg()[0]]}))
"""


def measure(inputs: list[Path], out: Path, *options: str) -> dict:
    """One `rekon run` in a fresh process: wall and CPU seconds, peak memory of the parent and of the largest
    worker, and the machine's load average (1 min) at its start and end."""
    command = [sys.executable, "-c", _MEASURE, "run", *map(str, inputs), "-o", str(out), "--quiet", *options]
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in (0, 1):
        raise RuntimeError(f"rekon run {' '.join(options)} exited {result['code']}: {done.stderr[-1000:]}")
    return result


def _line(name: str, files: int, result: dict) -> dict:
    return {
        "run": name, "files": files, "seconds": round(result["seconds"], 1), "CPU s": round(result["cpu"], 1),
        # The parent's own CPU is the serial part (start-up, hashing, writing the tables and the store):
        # a second worker can only halve the rest.
        "parent CPU s": round(result.get("parent_cpu", 0), 1),
        "files/s": round(files / result["seconds"], 2), "parent MB": round(result["parent_mb"]), "worker MB": round(result["worker_mb"]),
        "load (start, end)": f"{result['load'][0]:.1f}, {result['load'][1]:.1f}",
    }


RUNS = {  # name -> options of `rekon run`
    "report off, --jobs 1": ("--jobs", "1", "--no-report"),
    "report off, --jobs 2": ("--jobs", "2", "--no-report"),
    "report on, --jobs 1": ("--jobs", "1"),
    "report on, --jobs 2": ("--jobs", "2"),
    "report off, Dask local cluster, 2 workers": ("--executor", "dask", "--jobs", "2", "--no-report"),
}
# Short names of the runs, to choose some (`python -m bench --only scale --scale-runs off-2,on-2`): the whole
# table at 1,000 files takes hours on this machine (report on at --jobs 1 alone over one).
RUN_KEYS = {"off-1": "report off, --jobs 1", "off-2": "report off, --jobs 2", "on-1": "report on, --jobs 1",
            "on-2": "report on, --jobs 2", "dask": "report off, Dask local cluster, 2 workers"}
MEMORY_RUN = "report on, --jobs 2"  # the memory-by-size runs' options: a size equal to the batch's is that run
REAL = ROOT.parent / "shared" / "real"


def _run(inputs: list[Path], files: int, name: str, options: tuple[str, ...]) -> dict:
    line = _line(name, files, measure(inputs, ROOT / "build" / "bench" / "out", *options))
    print(line, flush=True)
    return line


def _memory_line(sets: list[Path], count: int) -> dict:
    result = measure(sets, ROOT / "build" / "bench" / "out", *RUNS[MEMORY_RUN])
    line = {"report sets": count, **{k: v for k, v in _line("", 4 * count, result).items() if k != "run"}}
    print(line, flush=True)
    return line


def run(sets_count: int = 250, memory_sizes: tuple[int, ...] = (2, 16, 64), mixed_sets: int = 12,
        runs: tuple[str, ...] = tuple(RUN_KEYS)) -> tuple[list[dict], list[dict], list[dict]]:
    """(1) the whole batch with the report off and on, at --jobs 1 and --jobs 2, and Dask (report off),
    those of ``runs`` (keys of RUN_KEYS) only: seconds, CPU, files/s, peak memory of the parent and of
    the largest worker, the machine's load;
    (2) peak memory by batch size, report on, --jobs 2: flat if nothing grows with the batch (a size
    equal to the whole batch's is taken from its run in (1) when that was made);
    (3) the mixed batch: the real side-by-side forms of ../shared/real beside `mixed_sets` sets of
    one-quarter reports, --jobs 1 and --jobs 2, report off: the speed-up of a second worker."""
    unknown = set(runs) - set(RUN_KEYS)
    if unknown:
        raise ValueError(f"unknown scale runs {sorted(unknown)}; known: {', '.join(RUN_KEYS)}")
    # The small batches first (the mixed batch, memory at the smaller sizes), then the whole batch: on a shared
    # machine the quick figures are in hand before the long runs.
    sets = make_sets(max(mixed_sets, *(n for n in memory_sizes if n < sets_count), 1))
    mixed = []
    real = sorted(REAL.rglob("*.pdf")) if REAL.exists() else []
    if real:
        inputs = [*real, *sets[:mixed_sets]]
        files = len(real) + 4 * mixed_sets
        mixed = [_run(inputs, files, f"{len(real)} real forms + {4 * mixed_sets} one-quarter reports, --jobs {jobs}", ("--jobs", str(jobs), "--no-report"))
                 for jobs in (1, 2)]
        mixed[1]["speed-up vs --jobs 1"] = round(mixed[0]["seconds"] / mixed[1]["seconds"], 2)
        mixed[0]["speed-up vs --jobs 1"] = 1.0
    memory = {count: _memory_line(sets[:count], count) for count in memory_sizes if count < sets_count}
    sets = make_sets(max(sets_count, *memory_sizes))
    chosen = [RUN_KEYS[key] for key in RUN_KEYS if key in runs]
    speed = [_run(sets[:sets_count], 4 * sets_count, name, RUNS[name]) for name in chosen]
    for line in speed:  # against --jobs 1 with the report the same, when that was run
        base = next((x for x in speed if x["run"] == line["run"].split(",")[0] + ", --jobs 1"), None)
        line["speed-up vs --jobs 1"] = round(base["seconds"] / line["seconds"], 2) if base else None
    whole = next((line for line in speed if line["run"] == MEMORY_RUN), None)
    for count in (n for n in memory_sizes if n >= sets_count):
        if count == sets_count and whole is not None:
            memory[count] = {"report sets": count, **{k: v for k, v in whole.items() if k not in ("run", "speed-up vs --jobs 1")}}
            print(memory[count], flush=True)
        else:
            memory[count] = _memory_line(sets[:count], count)
    memory = [memory[count] for count in memory_sizes]
    return speed, memory, mixed


if __name__ == "__main__":
    started = time.perf_counter()
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
    print(f"{time.perf_counter() - started:.0f} s")
