"""Mutation testing of the modules that carry the README's promises: `make mutate`.

mutmut (2.x) changes one thing at a time in a module (a comparison, a constant, a
condition, a returned value) and runs the fast tests that guard that module, not the
whole suite; a mutant the tests still pass on "survived": a change no test notices.
It works on a copy of the working tree (build/mutate/src, its `rekon/` linked to the
folders the package maps), so the checkout is never changed.

    python -m bench.mutation [--only extract/numbers.py,...]   # writes bench/MUTATION.md
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutate"
RESULTS = ROOT / "bench" / "MUTATION.md"
# The import package `rekon` over the repository's folders, as pyproject.toml's package-dir maps it.
PACKAGE_DIRS = {"extract": "extract", "reconcile": "reconcile", "rules": "rules", "report": "report", "store": "store",
                "review": "review", "nomenclature_data": "data/nomenclature"}


@dataclass(frozen=True)
class Target:
    promise: str
    module: str
    tests: str  # pytest arguments: the fast tests that guard the module


TARGETS = (
    Target("numbers", "extract/numbers.py", "tests/test_numbers.py"),
    Target("OCR withholding", "extract/ocr/confidence.py",
           "tests/test_ocr.py -k 'doubtful or judged or side_by_side'"),
    Target("OCR withholding", "extract/ocr/regions.py", "tests/test_ocr.py -k 'doubtful or judged or side_by_side'"),
    Target("cache identity", "rekon/engine/cache.py", "tests/test_cache.py"),
    Target("review safety", "review/files.py", "tests/test_review_safety.py -k 'not over_http'"),
    Target("review safety", "review/serve.py", "tests/test_review_safety.py -k 'over_http or loopback'"),
    Target("file or defect", "extract/errors.py", "tests/test_rekon_errors.py tests/test_bad_input.py -k 'libraries or each_bad_file'"),
)


def prepare() -> tuple[Path, dict]:
    """A copy of the working tree whose `rekon/` holds links to the folders the package maps
    (so that `rekon.extract` is the copy's extract/, not the checkout's editable install)."""
    source = WORK / "src"
    shutil.rmtree(WORK, ignore_errors=True)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    for name, folder in PACKAGE_DIRS.items():
        (source / "rekon" / name).symlink_to(Path("..") / folder)
    environment = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="1")
    return source, environment


STATUSES = {"ok_killed": "killed", "bad_timeout": "timed out", "ok_suspicious": "suspicious", "bad_survived": "survived",
            "skipped": "skipped", "untested": "untested"}


def mutate(target: Target, source: Path, environment: dict) -> dict:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    # Through this module's --tests: mutmut 2 counts only exit code 1 as failed tests, and pytest's
    # 2 (a mutant that breaks the import stops collection) would pass for a survivor.
    runner = f"{sys.executable} -m bench.mutation --tests -x -q -p no:cacheprovider -p no:xdist {target.tests}"
    started = time.monotonic()
    subprocess.run([mutmut, "run", "--paths-to-mutate", target.module, "--runner", runner, "--tests-dir", "tests",
                    "--no-progress", "--simple-output"], cwd=source, env=environment, capture_output=True, text=True)
    return collect(target, source, environment, time.monotonic() - started)


def collect(target: Target, source: Path, environment: dict, seconds: float = 0.0) -> dict:
    """The module's mutants by status, from mutmut's cache, and the diff of each survivor."""
    import sqlite3

    mutmut = str(Path(sys.executable).with_name("mutmut"))
    with sqlite3.connect(source / ".mutmut-cache") as db:
        found = db.execute(
            "SELECT m.id, m.status FROM Mutant m JOIN Line l ON m.line = l.id JOIN SourceFile f ON l.sourcefile = f.id WHERE f.filename = ?",
            (target.module,)).fetchall()
    counts = {label: 0 for label in STATUSES.values()}
    for _, status in found:
        counts[STATUSES.get(status, status)] += 1
    killed = counts["killed"] + counts["timed out"]  # a mutant that makes the tests hang is caught by the time limit
    total = killed + counts["survived"] + counts["suspicious"]
    survivors = []
    for mutant, status in found:
        if status == "bad_survived":
            diff = subprocess.run([mutmut, "show", str(mutant)], cwd=source, env=environment, capture_output=True, text=True).stdout
            survivors.append((mutant, "\n".join(line for line in diff.splitlines() if line.startswith(("-", "+")) and not line.startswith(("---", "+++")))))
    return {"target": target, "counts": counts, "killed": killed, "total": total, "seconds": seconds, "survivors": survivors}


def write(results: list[dict], command: str) -> None:
    lines = ["# Mutation testing of the promises", "", f"`{command}` (bench/mutation.py, mutmut 2.x; each module against the",
             "fast tests named, not the whole suite). Killed includes timed out.", "",
             "| promise | module | tests | mutants tested | killed | survived | score | not tested | minutes |",
             "|:--|:--|:--|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        t = r["target"]
        score = f"{100 * r['killed'] / r['total']:.1f}%" if r["total"] else "-"
        lines.append(f"| {t.promise} | `{t.module}` | `{t.tests}` | {r['total']} | {r['killed']} | {r['counts']['survived'] + r['counts']['suspicious']} | {score} | {r['counts']['untested']} | {r['seconds'] / 60:.1f} |")
    lines += ["", "## Surviving mutants", ""]
    for r in results:
        for mutant, diff in r["survivors"]:
            lines += [f"`{r['target'].module}` #{mutant}:", "```diff", diff, "```", ""]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_tests(arguments: list[str]) -> int:
    """pytest over the arguments (as mutmut split them): 0 when every test passed, 1 for anything else."""
    import pytest

    return 0 if pytest.main(arguments) == 0 else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tests"]:
        return run_tests(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated module paths")
    parser.add_argument("--report-only", action="store_true", help="write bench/MUTATION.md from the last run's cache (one stopped early too)")
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.only.split(",")))
    if args.report_only:
        source, environment = WORK / "src", dict(os.environ, PYTHONPATH=str(WORK / "src"))
        write([collect(t, source, environment) for t in TARGETS if not wanted or t.module in wanted], "python -m bench.mutation" + (f" --only {args.only}" if args.only else ""))
        return 0
    source, environment = prepare()
    results = []
    for target in TARGETS:
        if wanted and target.module not in wanted:
            continue
        result = mutate(target, source, environment)
        results.append(result)
        print(f"{target.module}: {result['killed']}/{result['total']} killed, {result['seconds'] / 60:.1f} min", flush=True)
    write(results, "python -m bench.mutation" + (f" --only {args.only}" if args.only else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
