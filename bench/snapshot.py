"""Every committed PDF set and the real forms through `rekon run`, outputs kept for a before/after diff.

    python -m bench.snapshot OUT_DIR [--sets samples,variant,...] [--backends pdfium,plumber] [--api] [--lang en]

Each set is one `rekon run` (report and store off, one process; `rekon extract` for a backend
other than pdfium) into OUT_DIR/<backend>/<set>/; with `--api`, also `rekon.extract()` and
`rekon.run()` from Python into OUT_DIR/api-extract/<set>/ and OUT_DIR/api-run/<set>/;
only the tables are kept (rows, problems, panel, review, discrepancies). `--lang en` runs all of it
with English messages (the default is the command's, Indonesian). Run it on main and on a
branch, then `diff -r before after`: a change that promises "reads exactly as before" shows no
line. Paths in the tables are relative to the project root, so two checkouts compare.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real" / "tangsel-2023"
SETS = {
    "samples": ROOT / "data" / "samples",
    "variant": ROOT / "data" / "variant",
    "closed": ROOT / "data" / "producer2" / "closed",
    "separate_columns": ROOT / "data" / "producer2" / "separate_columns",
    "levels_sums": ROOT / "data" / "levels" / "sums",
    "levels_names": ROOT / "data" / "levels" / "names",
    "next_year": ROOT / "data" / "next_year",
    "real": REAL,
}
TABLES = ("rows.csv", "problems.csv", "panel.csv", "review.csv", "discrepancies.csv")


def snapshot(out: Path, sets: list[str], backends: list[str], lang: str = "id") -> int:
    failures = 0
    for backend in backends:
        for name in sets:
            folder = SETS[name]
            if not folder.exists():
                print(f"{name}: {folder} is absent, skipped")
                continue
            target = out / backend / name
            work = target / "run"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            relative = folder.relative_to(ROOT.parent) if not folder.is_relative_to(ROOT) else folder.relative_to(ROOT)
            source = f"../{relative}" if not folder.is_relative_to(ROOT) else str(relative)
            # `run` reads with PDFium; another backend is compared on what it reads (`extract`).
            command = [sys.executable, "-m", "rekon.cli", "run", source, "-o", str(work), "--no-report", "--no-store", "--jobs", "1"]
            if backend != "pdfium":
                command = [sys.executable, "-m", "rekon.cli", "extract", source, "-o", str(work), "--jobs", "1", "--backend", backend]
            command += ["--lang", lang]
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            for table in TABLES:
                if (work / table).exists():
                    shutil.copy(work / table, target / table)
            (target / "exit_code.txt").write_text(f"{done.returncode}\n")
            shutil.rmtree(work, ignore_errors=True)
            print(f"{backend}/{name}: exit {done.returncode}, {seconds:.1f} s")
            if done.returncode not in (0, 1, 3):
                failures += 1
                print(done.stderr[-2000:])
    return failures


_API = """
import sys
from pathlib import Path
import rekon

source, target, lang = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
rows = rekon.extract([source], jobs=1, lang=lang)
(target / "api-extract").mkdir(parents=True)
rows.frame.to_csv(target / "api-extract" / "rows.csv", index=False)
rows.problems.to_csv(target / "api-extract" / "problems.csv", index=False)
(target / "api-extract" / "failed_files.txt").write_text("".join(f"{name}\\n" for name in rows.failed_files))
try:
    result = rekon.run([source], target / "run", report=False, jobs=1, store=False, lang=lang)
except TypeError:  # a rekon whose run() passed the command's options as they are
    result = rekon.run([source], target / "run", report=False, jobs=1, lang=lang, extra_args=["--no-store"])
(target / "api-run").mkdir()
for name in ("rows", "panel", "findings"):
    getattr(result, name).to_csv(target / "api-run" / f"{name}.csv", index=False)
(target / "api-run" / "exit_code.txt").write_text(f"{result.exit_code}\\n")
"""


def snapshot_api(out: Path, sets: list[str], lang: str = "id") -> int:
    """`rekon.extract()` and `rekon.run()` on each set, their frames as CSV (pandas' own writer)."""
    failures = 0
    for name in sets:
        folder = SETS[name]
        if not folder.exists():
            continue
        work = out / "api" / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        source = f"../{folder.relative_to(ROOT.parent)}" if not folder.is_relative_to(ROOT) else str(folder.relative_to(ROOT))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _API, source, str(work.resolve()), lang], cwd=ROOT, capture_output=True, text=True)
        for kind in ("api-extract", "api-run"):
            if (work / kind).exists():
                shutil.rmtree(out / kind / name, ignore_errors=True)
                (out / kind).mkdir(parents=True, exist_ok=True)
                shutil.move(work / kind, out / kind / name)
        shutil.rmtree(work, ignore_errors=True)
        print(f"api/{name}: exit {done.returncode}, {time.perf_counter() - started:.1f} s")
        if done.returncode != 0:
            failures += 1
            print(done.stderr[-2000:])
    shutil.rmtree(out / "api", ignore_errors=True)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--backends", default="pdfium")
    parser.add_argument("--api", action="store_true", help="also rekon.extract() and rekon.run() from Python")
    parser.add_argument("--lang", default="id", choices=("id", "en"), help="the language of the messages")
    args = parser.parse_args()
    failures = snapshot(args.out, args.sets.split(","), [b for b in args.backends.split(",") if b], args.lang)  # --backends "": the API alone
    if args.api:
        failures += snapshot_api(args.out, args.sets.split(","), args.lang)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
