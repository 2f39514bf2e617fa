"""Mutation testing of the modules that carry the README's promises: `make mutate`.

mutmut (2.x) changes one thing at a time in a module (a comparison, a constant, a
condition, a returned value) and runs the fast tests that guard that module, not the
whole suite; a mutant the tests still pass on "survived": a change no test notices.
It works on a copy of the working tree per module (build/mutate/<module>/src, its `rekon/`
linked to the folders the package maps), so the checkout is never changed.

Each module's figures are kept in bench/mutation_results.json (a run of some modules keeps
the others' last figures) and bench/MUTATION.md is written from it. A survivor no test should
kill (an equivalent mutant, or one that changes only wording) is explained in EQUIVALENT, keyed
by the mutated line; the score "without equivalents" leaves those out.

    python -m bench.mutation [--only extract/numbers.py,...]   # writes bench/MUTATION.md
"""

from __future__ import annotations

import argparse
import json
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
FIGURES = ROOT / "bench" / "mutation_results.json"
EARLIER = "## Earlier runs"  # MUTATION.md keeps what is under this heading as it is
# The import package `rekon` over the repository's folders, as pyproject.toml's package-dir maps it.
PACKAGE_DIRS = {"extract": "extract", "reconcile": "reconcile", "rules": "rules", "report": "report", "store": "store",
                "review": "review", "nomenclature_data": "data/nomenclature"}


@dataclass(frozen=True)
class Target:
    promise: str
    module: str
    tests: str  # pytest arguments: the fast tests that guard the module (pure functions, small fixtures)


TARGETS = (
    Target("numbers", "extract/numbers.py", "tests/test_numbers.py"),
    Target("OCR withholding", "extract/ocr/confidence.py", "tests/test_ocr_withholding.py"),
    Target("OCR withholding", "extract/ocr/regions.py", "tests/test_ocr_withholding.py"),
    Target("review safety", "review/files.py", "tests/test_review_files.py"),
    Target("review safety", "review/serve.py", "tests/test_review_serve.py tests/test_review_safety.py::test_the_server_rekon_review_starts_refuses_other_hosts_over_http"),
    Target("file or defect", "extract/errors.py", "tests/test_file_or_defect.py"),
    Target("batch assembly", "rekon/engine/outputs.py", "tests/test_batch_assembly.py"),
    Target("cache identity", "rekon/engine/cache.py", "tests/test_cache.py tests/test_batch_assembly.py -k 'not every_process'"),
    Target("rules", "rules/sums.py", "tests/test_rules_sums.py " + " ".join(
        f"tests/test_structure_kinds.py::{name}" for name in (  # a sum over levels told by weak evidence: data in, findings out
            "test_a_sum_over_a_level_told_by_weak_evidence_is_left_for_review",
            "test_a_sub_kegiatan_read_as_a_kegiatan_by_weak_evidence_softens_the_sum_it_cut_short",
            "test_the_same_sum_over_a_sure_structure_stays_an_error"))),
)

EDGE = "a glyph's centre lies half a glyph inside its row's box (the extent of the row's glyphs or cells), never on its edge"
# Survivors no test should kill, by module and the mutated line as mutmut writes it: why.
EQUIVALENT: dict[str, dict[str, str]] = {
    "extract/numbers.py": {
        'core = core.removesuffix("%").strip("XX()XX").lstrip("+-")': "strips X too: a core with an X is no number either way",
        'core = core.removesuffix("%").strip("()").lstrip("XX+-XX")': "strips X too: a core with an X is no number either way",
        'NUMBER = "XXnumberXX"': "CellKind's values are never written or compared, only its members (`is`)",
        "NUMBER = None": "CellKind's values are never written or compared, only its members (`is`)",
        'EMPTY = "XXemptyXX"': "CellKind's values are never written or compared, only its members (`is`)",
        "EMPTY = None": "CellKind's values are never written or compared, only its members (`is`)",
        'SPREADSHEET_ERROR = "XXspreadsheet_errorXX"': "CellKind's values are never written or compared, only its members (`is`)",
        "SPREADSHEET_ERROR = None": "CellKind's values are never written or compared, only its members (`is`)",
        'UNREADABLE = "XXunreadableXX"': "CellKind's values are never written or compared, only its members (`is`)",
        "UNREADABLE = None": "CellKind's values are never written or compared, only its members (`is`)",
        "@dataclass(frozen=False)": "no caller changes or hashes a ParsedCell; frozen only guards against a future one",
        "other_convention: Convention & None = None  # set when read in the convention the column does not use":
            "an annotation (a string under `from __future__ import annotations`): no behaviour",
        'compact = raw.replace("XX XX", "")': "compact only decides the sign by its first and last character, which raw.strip() "
                                             "already makes no space; _core removes the inner spaces itself",
        'core = _core(text.replace("XX XX", ""))': "_core removes a cell's inner spaces itself",
        "value = parse_decimal(core, locale=_LOCALES[used], strict=False)":
            "this parse only runs on a core unambiguous() matched, whose groups are all three digits: strict never refuses one",
    },
    "extract/ocr/regions.py": {
        "if c.confidence >= 0 and c.text.isdigit() and x0 < c.x_center <= x1 and top <= c.y_center <= bottom": EDGE,
        "if c.confidence >= 0 and c.text.isdigit() and x0 <= c.x_center < x1 and top <= c.y_center <= bottom": EDGE,
        "if c.confidence >= 0 and c.text.isdigit() and x0 <= c.x_center <= x1 and top < c.y_center <= bottom": EDGE,
        "if c.confidence >= 0 and c.text.isdigit() and x0 <= c.x_center <= x1 and top <= c.y_center < bottom": EDGE,
        "return min(confidences, default=-2.0)": "-1 and -2 both say no digit was OCR: the caller only asks `< 0`",
        'confidence = lowest_digit_confidence(page, str(row.get("bbox", "XXXX")))': "both defaults are no box: -1, not judged",
    },
    "review/files.py": {
        'raise OutsideOutDir(f"XX{name}: not inside {root}XX")': "the app answers 403 `outside OUT_DIR` without this text; no one reads it",
        "frame = pd.concat([frame, pd.DataFrame([line], columns=frame.columns)], ignore_index=False)":
            "the frame is written with reset_index(drop=True): its index never reaches the file",
    },
    "extract/errors.py": {
        'def __init__(self, summary: str, trace: str = "XXXX"):': "every RekonDefect is made by defect_of, which always passes the trace",
        "head = handle.read(1025)": "a boundary no report meets: a header 1,024 bytes in is as rare as one 1,025 bytes in; the test keeps junk before it",
        'FILE_READERS = ("pypdfium2", "XXpypdfium2_rawXX", "pdfminer", "pdfplumber", "pikepdf", "camelot", "pytesseract")':
            "pypdfium2_raw is ctypes bindings: no Python frame of it is ever in a traceback",
        "": "`@cache` removed: the same types, looked up again each time (speed only)",
        "break": "only reached when a reader is not installed; every reader is a dependency, installed wherever rekon is",
        'package = str(frame.f_globals.get("__name__", "XXXX")).split(".")[0]':
            "a frame without a module name belongs to neither rekon nor a reader, whatever the default",
    },
    "rekon/engine/cache.py": {
        'temp = path.with_name(f"XX.{path.name}.{os.getpid()}XX")': "the temporary is renamed into place at once: its name is never seen",
        'self.groups = root / "XXgroupsXX"': "a folder's name under OUT/.rekon, used only through FileCache",
        "FORMAT = 3  # 2: problems kept as data, said at output":
            "the format's number need only differ from other versions' (whose entries a run then reads again); any value keys one version alike",
        "FORMAT = None  # 2: problems kept as data, said at output":
            "the format's number need only differ from other versions' (whose entries a run then reads again); any value keys one version alike",
        "self.options = hashlib.sha256(repr((FORMAT, sorted(options.items()))).encode()).hexdigest()[:9]":
            "one more hex digit of the options' hash: entries are still found under the same options only",
        "shutil.rmtree(self.files, ignore_errors=False)": "clear() runs after __init__ made the folder: there is always one to remove",
        "self.files.mkdir(parents=False, exist_ok=True)": "in clear(): the root exists (made by __init__)",
        "self.files.mkdir(parents=True, exist_ok=False)": "in clear(): the folder was just removed",
        "self.groups.mkdir(parents=False, exist_ok=True)": "in save_group(): the root exists (made by __init__)",
        'return self.files / f"XX{file_id}-{self.options}XX"': "an entry's file name, made and read by this one method",
    },
    "review/serve.py": {
        "sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 2)": "any value but 0 turns SO_REUSEADDR on",
        "sock.listen(129)": "the backlog's length: one request or a hundred wait alike",
        'warn(f"XXrekon review: listening on {host}, not only this machine: anyone with the address can change {out_dir}XX")':
            "letters around the warning: it still names the address and OUT_DIR (tested)",
        'config = uvicorn.Config(app, log_level="warning", access_log=True, lifespan="off", server_header=False)':
            "uvicorn logs each request at INFO: under log_level warning no access line is printed either way",
    },
    "rekon/engine/outputs.py": {
        "if text.strip():": "pandas reads an empty text with names given as an empty frame of those columns too",
        "if False:": "pandas reads an empty text with names given as an empty frame of those columns too",
        '"id": "XXkelompok {group} tidak dapat dicocokkan: {reason}XX",': "letters around the message: it still names the group and the reason",
        '"en": "XXgroup {group} could not be matched: {reason}XX",': "letters around the message: it still names the group and the reason",
    },
    "rules/sums.py": {
        r'key = rows["source_file"] + "\x1f" + rows["quarter"] + "XX\x1fXX" + rows["tujuan"].fillna("") + "\x1f"':
            "a grouping key's separator: keys are only compared with keys this function made the same way",
        'children = first_row_of_each_budget_group(rows) & (rows["level"] == child_level) & (parent != "XXXX")':
            "rows under no parent are then summed under the key '', which no parent has (each parent's begins with its file's name)",
        'basis = rows["level_basis"].fillna("XXXX").astype(str)': "a missing basis is no weak basis, whether '' or 'XXXX'",
        'closed = anchor.shift(1).where(same_block & (anchor.shift(1) != anchor), "").fillna("XXXX")':
            "the first row's (it closes nothing): its mark is passed over as '' or kept as a key no parent has",
        "return pd.concat(parts, ignore_index=False) if parts else no_findings()":
            "the engine lines raw findings up by position, never by index (a parent off on both amounts: tested, the same)",
        "def _basis(kind: str, n: int = 1) -> dict:": "only the ratio's basis takes the default count, and its text has no {n}",
        'parent_key = with_sasaran.where((rows["level"] == "sasaran") & named, "XXXX")':
            "the mark of rows that are no named sasaran: no program's key is it either way (each begins with its file's name)",
        '("program", "kegiatan", ("XXprogramXX", "sasaran", "total")),':
            "a program row opens its own span right after the closing rows are marked: listing it as closing changes nothing",
        '("kegiatan", "sub_kegiatan", ("program", "XXkegiatanXX", "sasaran", "total")),':
            "a kegiatan row opens its own span right after the closing rows are marked: listing it as closing changes nothing",
        'anchor[rows["level"].isin(closing_levels)] = "XXXX"':
            "a closed span's mark is a key no parent has, whatever its text: the rows under it are summed into no parent either way",
    },
}


# Survivors that are real gaps, left open for a reason said here (shown as gaps, never counted as equivalent).
GAPS: dict[str, dict[str, str]] = {
    "review/serve.py": {
        'LOOPBACK = {"127.0.0.1", "localhost", "XX::1XX"}': "IPv6 is not tested (binding ::1 needs a capability tests/capabilities.py does not have yet)",
    },
    "rules/sums.py": {
        "below, seen_program = [], True": "two total rows heading one section (consecutive totals) are in no test yet",
        'if other_level == "XXtotalXX":': "a closing TOTAL after an earlier total (the backward search's stop) is in no test yet",
    },
    "review/files.py": {
        r'''return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "XX\rXX") else text''':
            "a comment beginning with a carriage return cannot be tested: write_table writes a CR unquoted, so any comment "
            "holding one breaks verdicts.csv into two lines (a bug of extract/output.py, reported, not fixed here)",
    },
}


# Survivors that a test written after the module's last run kills, each applied by hand and seen to fail that test.
# regions and files: from the 2026-12-07 evening runs, not re-run since. The others: the second of two identical lines,
# which mutmut 2's --again never re-runs (its cache looks both up as the first), so they stay "survived" in its cache.
_AGAIN_BLIND = "applied by hand: mutmut 2's --again does not re-run the second of two identical lines"
KILLED_SINCE: dict[str, dict[str, str]] = {
    "extract/ocr/regions.py": {
        'page = by_number.get(int(row.get("page") or 1))': "`test_a_row_is_judged_by_its_own_page_and_box_only` (not yet re-run)",
        "continue": "`test_a_row_is_judged_by_its_own_page_and_box_only` (not yet re-run)",
        "break": "`test_a_row_is_judged_by_its_own_page_and_box_only` (not yet re-run)",
    },
    "review/files.py": {
        'def save_verdict(out_dir: Path, finding_id: str, verdict: str | None, comment: str = "XXXX") -> dict[str, str] | None:':
            "`test_a_verdict_replaces_the_earlier_one_keeps_what_was_typed_and_says_when` (not yet re-run)",
        'line = {column: "XXXX" for column in frame.columns} | {':
            "`test_an_apostrophe_the_auditor_typed_stays_and_a_file_missing_a_column_is_read` (not yet re-run)",
    },
    "extract/errors.py": {
        'raise ExtractError("XXnot_foundXX") from None': f"`test_a_folder_or_a_path_through_a_file_is_refused_with_the_systems_reason` ({_AGAIN_BLIND})",
    },
    "rules/sums.py": {
        **{line: f"`{test}` (applied by hand; the --again run was stopped before it)" for line, test in (
            ('"sum": {"XXidXX": "jumlah pagu/realisasi {n} program", "en": "sum over {n} programmes"},',
             "test_a_total_finding_says_what_it_was_compared_with_in_the_auditors_language"),
            ('"ratio": {"id": "XXrealisasi / pagu × 100 dari baris totalXX", "en": "total spent / total ceiling × 100"},',
             "test_a_total_finding_says_what_it_was_compared_with_in_the_auditors_language"),
            ("for other, other_level in zip(indexes[position - 1 :], levels[position + 1 :]):",
             "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ("for other, other_level in zip(indexes[position + 2 :], levels[position + 1 :]):",
             "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ("for other, other_level in zip(indexes[position + 1 :], levels[position - 1 :]):",
             "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ('if other_level in ("XXtotalXX", "sasaran") and seen_program:',
             "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ('if other_level != "program":', "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ("seen_program = False", "test_a_total_heading_its_section_adds_up_the_programs_below_it_up_to_the_next_total"),
            ('severity=[SOFTENED_SEVERITY if b else "XXXX" for b in bases],', "test_the_same_sum_over_a_sure_structure_stays_an_error"))},
        "sums = grouped.sum(min_count=2)":
            f"`test_a_parent_with_one_child_printing_its_amount_is_quiet_and_fires_when_they_differ` ({_AGAIN_BLIND})",
    },
}


def prepare(target: Target, again: bool = False) -> tuple[Path, dict]:
    """A copy of the working tree whose `rekon/` holds links to the folders the package maps
    (so that `rekon.extract` is the copy's extract/, not the checkout's editable install).
    again: the last run's copy and mutmut cache kept, the files copied over it (tests added since)."""
    work = WORK / target.module.replace("/", "_").removesuffix(".py")
    source = work / "src"
    if not again:
        shutil.rmtree(work, ignore_errors=True)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        copy = source / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, copy)
    for name, folder in PACKAGE_DIRS.items():
        if not (source / "rekon" / name).is_symlink():
            (source / "rekon" / name).symlink_to(Path("..") / folder)
    # Bytecode checked against each source's hash: every mutant's pytest loads the unchanged modules
    # compiled once, and a mutated module never from a stale file (PYTHONDONTWRITEBYTECODE: none written).
    subprocess.run([sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", str(source)], capture_output=True)
    environment = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="1")
    return source, environment


STATUSES = {"ok_killed": "killed", "bad_timeout": "timed out", "ok_suspicious": "suspicious", "bad_survived": "survived",
            "skipped": "skipped", "untested": "untested"}


SAMPLER = """# Written by bench/mutation.py: mutmut tests only a seeded sample of the mutants.
import hashlib

def pre_mutation(context):
    key = f"{SEED}:{{context.filename}}:{{context.mutation_id.line.strip()}}:{{context.mutation_id.index}}".encode()
    context.skip = int(hashlib.sha256(key).hexdigest()[:8], 16) >= {FRACTION} * 16 ** 8
"""


def mutate(target: Target, again: bool = False, sample: float | None = None, seed: int = 0) -> dict:
    source, environment = prepare(target, again)
    sampler = source / "mutmut_config.py"
    sampler.unlink(missing_ok=True)
    if sample is not None:
        # The same mutants for the same seed and fraction, whichever run: keyed by the mutated line and mutmut's index.
        sampler.write_text(SAMPLER.format(SEED=seed, FRACTION=sample), encoding="utf-8")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    # Through this module's --tests: mutmut 2 counts only exit code 1 as failed tests, and pytest's
    # 2 (a mutant that breaks the import stops collection) would pass for a survivor.
    runner = f"{sys.executable} -m bench.mutation --tests -x -q -p no:cacheprovider {target.tests}"
    # The tests forked from a server that has imported the libraries once (bench/mutation_server.py).
    server_path = source.parent / "server.sock"
    server_path.unlink(missing_ok=True)  # a stopped run's
    server_log = open(source.parent / "server.log", "w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "bench.mutation_server", str(server_path)], cwd=source,
                              env=dict(environment, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"), stdout=server_log, stderr=subprocess.STDOUT)
    while not server_path.exists() and server.poll() is None:
        time.sleep(0.2)
    environment = dict(environment, MUTATION_SERVER=str(server_path))
    started = time.monotonic()
    # -b: a generous time base, so that a mutant is "timed out" (killed) only when it hangs, not when the machine is busy.
    # mutmut's progress goes to a log beside the copy (`tail` it; do not read .mutmut-cache during a run: a
    # reader's lock on it once left mutmut waiting for good).
    with open(source.parent / "mutmut.log", "w", encoding="utf-8") as log:
        finished = subprocess.run([mutmut, "run", "--paths-to-mutate", target.module, "--runner", runner, "--tests-dir", "tests",
                        "-b", "60", "--simple-output"], cwd=source, env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
    server.kill()
    server.wait()
    server_log.close()
    if finished.returncode & 1:  # mutmut's exit code 1: it failed (its baseline run, its cache); 2, 4, 8 are mutants' statuses
        raise SystemExit(f"{target.module}: mutmut failed, see {source.parent / 'mutmut.log'}")
    result = collect(target, source, environment, time.monotonic() - started)
    result["sample"] = {"fraction": sample, "seed": seed} if sample is not None else None
    return result


def collect(target: Target, source: Path, environment: dict, seconds: float) -> dict:
    """The module's mutants by status, from mutmut's cache, and the diff of each survivor."""
    import sqlite3
    from contextlib import closing

    mutmut = str(Path(sys.executable).with_name("mutmut"))
    with closing(sqlite3.connect(source / ".mutmut-cache")) as db:
        found = db.execute(
            "SELECT m.id, m.status FROM Mutant m JOIN Line l ON m.line = l.id JOIN SourceFile f ON l.sourcefile = f.id WHERE f.filename = ?",
            (target.module,)).fetchall()
    counts = {label: 0 for label in STATUSES.values()}
    for _, status in found:
        counts[STATUSES.get(status, status)] += 1
    survivors = []
    for mutant, status in found:
        if status == "bad_survived":
            diff = subprocess.run([mutmut, "show", str(mutant)], cwd=source, env=environment, capture_output=True, text=True).stdout
            survivors.append("\n".join(line for line in diff.splitlines() if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))))
    return {"promise": target.promise, "module": target.module, "tests": target.tests, "counts": counts,
            "minutes": round(seconds / 60, 1), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load": round(os.getloadavg()[0], 1), "survivors": survivors}


def _mutated(diff: str) -> str:
    return next((line[1:].strip() for line in diff.splitlines() if line.startswith("+")), "")


def explanation(module: str, diff: str) -> str | None:
    return EQUIVALENT.get(module, {}).get(_mutated(diff))


def score_row(r: dict) -> str:
    c = r["counts"]
    # A mutant that makes the tests hang is caught by the time limit; mutmut's "suspicious" is one the tests
    # killed, only slowly (on a busy machine).
    killed = c["killed"] + c["timed out"] + c["suspicious"]
    survived = c["survived"]
    explained = sum(explanation(r["module"], d) is not None for d in r["survivors"])
    since = sum(KILLED_SINCE.get(r["module"], {}).get(_mutated(d)) is not None for d in r["survivors"])
    total = killed + survived
    score = f"{100 * killed / total:.1f}%" if total else "-"
    real = f"{100 * killed / (total - explained):.1f}%" if total > explained else "-"
    command = f"python -m bench.mutation --only {r['module']}"
    run = f"{r['when']}, load {r['load']}"
    if r.get("sample"):
        command += f" --sample {r['sample']['fraction']} --seed {r['sample']['seed']}"
        run += f"; **a seeded sample**: {total} of the module's {total + c['skipped'] + c['untested']} mutants"
    if r.get("stopped"):
        run += f"; **stopped**, {c['untested']} mutants not tested"
    if r.get("again"):
        command += " (then again with --again)"
        run += "; survivors re-run against the tests added since"
    after = f"{100 * (killed + since) / (total - explained):.1f}%" if total > explained else "-"
    return (f"| {r['promise']} | `{r['module']}` | {total} | {killed} | {survived} | {explained} | {since} | {score} | {real} | {after} | "
            f"{c['untested']} | {r['minutes']} | {run} | `{command}` |")


def write(figures: dict) -> None:
    lines = ["# Mutation testing of the promises", "",
             "`make mutate` (bench/mutation.py, mutmut 2.x): mutmut changes one thing at a time in a module and runs",
             "only the fast tests that guard it (the tests column of bench/mutation.py's TARGETS, never the whole suite),",
             "on a copy of the tree in build/mutate/. A mutant that breaks the import (pytest exit 2) counts as killed,",
             "one that hangs the tests too (timed out). \"Equivalent\" survivors are explained one line each below:",
             "changes no test should catch (the same behaviour, or only an auditor message's wording).",
             "Each mutant's pytest is forked from a server that imported pytest and the libraries once (bench/mutation_server.py;",
             "rekon itself is imported fresh, mutated, in each child). `--again` keeps a module's mutmut cache and runs only its",
             "survivors (and mutants of lines changed since) against today's tests: how a new test is proven to kill them.",
             "`--sample F --seed S` tests a reproducible fraction of a module's mutants (chosen by a hash of the seed, the",
             "mutated line and mutmut's index; a larger F with the same seed holds every mutant of a smaller one); the",
             "table then says so, and its score is the sample's, not the module's.", "",
             "| promise | module | mutants | killed | survived | equivalent (explained) | killed since by a new test | score | score without equivalents | with those killed since | not tested | minutes | run | command |",
             "|:--|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:--|:--|"]
    ordered = [figures[t.module] for t in TARGETS if t.module in figures]
    lines += [score_row(r) for r in ordered]
    lines += ["", "Tests each module ran against:", ""] + [f"- `{r['module']}`: `{r['tests']}`" for r in ordered]
    lines += ["", "## Surviving mutants", ""]
    for r in ordered:
        for diff in r["survivors"]:
            why = explanation(r["module"], diff)
            mutated = next((line[1:].strip() for line in diff.splitlines() if line.startswith("+")), "")
            gap = GAPS.get(r["module"], {}).get(mutated)
            since = KILLED_SINCE.get(r["module"], {}).get(mutated)
            said = (f"equivalent: {why}" if why else f"killed since by {since}" if since else f"**gap**: {gap}" if gap
                    else "**not explained: a gap**")
            lines += [f"`{r['module']}`: {said}", "```diff", diff, "```", ""]
    earlier = RESULTS.read_text(encoding="utf-8").partition(EARLIER)[2] if RESULTS.exists() else ""
    if earlier:
        lines += [EARLIER + earlier.rstrip("\n")]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def collected(target: Target, args) -> dict:
    """The figures of a run that was stopped: what its mutmut cache holds, the untested counted as such."""
    source = WORK / target.module.replace("/", "_").removesuffix(".py") / "src"
    started = (source.parent / "server.log").stat().st_mtime  # made at the start, never written
    seconds = (source / ".mutmut-cache").stat().st_mtime - started
    result = collect(target, source, dict(os.environ, PYTHONPATH=str(source)), seconds)
    result["sample"] = {"fraction": args.sample, "seed": args.seed} if args.sample is not None else None
    result["stopped"] = True
    return result


def run_tests(arguments: list[str]) -> int:
    """pytest over the arguments (as mutmut split them): 0 when every test passed, 1 for anything else.
    Only the plugins the tests use are loaded: each mutant starts pytest, and the others cost seconds."""
    arguments = ["-p", "_hypothesis_pytestplugin", *arguments]
    if os.environ.get("MUTATION_SERVER"):
        from bench.mutation_server import ask

        return ask(os.environ["MUTATION_SERVER"], arguments)
    import pytest

    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return 0 if pytest.main(arguments) == 0 else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tests"]:
        return run_tests(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated module paths")
    parser.add_argument("--report-only", action="store_true", help="write bench/MUTATION.md from bench/mutation_results.json")
    parser.add_argument("--again", action="store_true",
                        help="keep the last run's mutmut cache: only its survivors (and untested mutants) run again, against today's tests")
    parser.add_argument("--sample", type=float, help="test only this seeded fraction of each module's mutants (e.g. 0.5)")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed")
    parser.add_argument("--collect", action="store_true",
                        help="read the figures of a run stopped part-way from its mutmut cache (with --again/--sample as it was run)")
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.only.split(",")))
    figures = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    if not args.report_only:
        for target in TARGETS:
            if wanted and target.module not in wanted:
                continue
            result = collected(target, args) if args.collect else mutate(target, args.again, args.sample, args.seed)
            # Read again before writing: another run (of other modules) may have written meanwhile.
            figures = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
            if args.again and target.module in figures:
                result["minutes"] = round(result["minutes"] + figures[target.module]["minutes"], 1)
                result["again"] = True
            figures[target.module] = result
            FIGURES.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            c = result["counts"]
            print(f"{target.module}: {c['killed'] + c['timed out'] + c['suspicious']} killed, {c['survived']} survived, "
                  f"{result['minutes']} min", flush=True)
    write(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
