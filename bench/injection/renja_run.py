"""The full Renja evaluation form through the harness: inject, print (or not), read, check, score.

    python -m bench.injection --form renja [--through rows|pdf] [--sets 8] [--seed 1]

Each set takes one of the committed full-form variants (samples/renja_full/variants.py, in
turn), injects one inconsistency of every kind where the form allows one (none touching
another's rows), and checks the result two ways:

- `rows`: the injected truth as rows.csv records (samples/renja_full/records.py: what a perfect
  reader returns), through rekon.match and rekon.check: the rules alone;
- `pdf`: the injected form rendered by the variant's own producer (python-docx -> Writer or
  openpyxl -> Calc), read by rekon.extract, matched and checked: the whole pipeline.

Recall and precision per rule as for the one-quarter form (bench/injection/run.py's `score`);
a finding of the clean run of the same variant is neither.
"""

from __future__ import annotations

import hashlib
import random
import re
import tempfile
from pathlib import Path

import pandas as pd

from bench.injection.model import Injection, Key
from bench.injection.renja_kinds import RENJA_KINDS, FormDoc
from bench.injection.run import SetResult, score
from samples.renja_full.build import write_source
from samples.renja_full.plan import build_agency
from samples.renja_full.records import truth_records
from samples.renja_full.variants import VARIANTS

# Every variant that prints the year's columns or this year's achievement (the trimmed form prints neither).
INJECTED_VARIANTS = tuple(v for v in VARIANTS if v.quarters_filled == 4)
THROUGH = ("rows", "pdf")


def inject_form(doc: FormDoc, kinds: list[str], rng: random.Random) -> tuple[FormDoc, list[Injection]]:
    """One injection of each kind where the form allows one, each breaking its relation anew and
    touching no row another touched (the rows changed, and every row whose relation it breaks)."""
    current = doc.violations()
    claimed: set[int] = set()
    done: list[Injection] = []
    for kind in kinds:
        rows = list(range(1, len(doc.places()) + 1))
        rng.shuffle(rows)
        for row in rows:
            trial = doc.copy()
            _, item, indicator = trial.places()[row - 1]
            injection = RENJA_KINDS[kind](trial, rng, row, item, indicator)
            if injection is None:
                continue
            after = trial.violations()
            broken = after - current
            touched = {int(key[2][1:]) for key in broken} | {row}
            if not injection.expected <= broken or not current <= after or touched & claimed:
                continue
            injection.follows = broken - injection.expected
            injection.kind = f"{kind}: {injection.kind}"
            doc, current, claimed = trial, after, claimed | touched
            done.append(injection)
            break
    return doc, done


def _row_number(row_id: str) -> str:
    found = re.search(r":r(\d+)(?::q\d)?$", row_id)
    return f"r{found.group(1)}" if found else f"unmapped:{row_id}"


class FormPipeline:
    """A document through the rules (`rows`) or through the whole pipeline (`pdf`); keys of its findings."""

    def __init__(self, through: str, work: Path, match: bool = True):
        # match=False: no panel, so the rules that follow an indicator across quarters stay silent (a quick run).
        self.through, self.work, self.match = through, work, match
        self._read: dict[bytes, pd.DataFrame] = {}

    def rows(self, doc: FormDoc, name: str) -> tuple[pd.DataFrame, list[str]]:
        sheet = doc.sheet()
        if self.through == "rows":
            return truth_records(sheet.truth, doc.variant, f"{name}.pdf"), []
        import rekon
        from samples.pdf import workbooks_to_pdf

        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        pdf = workbooks_to_pdf([write_source(doc.variant, sheet, folder)], folder)[0]
        digest = hashlib.sha256(pdf.read_bytes()).digest()
        if digest not in self._read:
            self._read[digest] = rekon.extract([pdf]).frame
        read = self._read[digest]
        # The reader's row ids name its own pages and rows: line them up with the printed rows in order.
        first = read[read["quarter"].astype(str) == str(read["quarter"].astype(int).min())] if not read.empty else read
        if len(first) != len(sheet.truth):
            return read, [f"{name}: {len(first)} rows read, {len(sheet.truth)} printed"]
        rename = {}
        for reader_id, truth in zip(first["row_id"], sheet.truth):
            rename[re.sub(r":q\d$", "", reader_id)] = f"{doc.variant.stem}:p1:r{truth['row']}"
        read = read.copy()
        read["row_id"] = [rename.get(re.sub(r":q\d$", "", r), r) + (m.group(0) if (m := re.search(r":q\d$", r)) else "") for r in read["row_id"]]
        return read, []

    def keys(self, doc: FormDoc, name: str) -> tuple[list[Key], list[str]]:
        import rekon

        rows, problems = self.rows(doc, name)
        if problems:
            return [], problems
        findings = rekon.check(rows, rekon.match(rows).frame if self.match else None).frame
        return [(f.rule, 0, _row_number(f.row_id)) for f in findings.itertuples()], []


def run_form_set(variant, kinds: list[str], seed: int, pipeline: FormPipeline, baselines: dict[str, tuple[set[Key], list[str]]]) -> SetResult:
    clean = FormDoc(variant, build_agency(variant.agency, variant.quarters_filled))
    if variant.stem not in baselines:
        keys, problems = pipeline.keys(clean, f"{variant.stem}-clean")
        # A clean form not read back row for row: its injections are counted, none found (said in the problems).
        baselines[variant.stem] = (set(keys), [f"clean form not read back: {p}" for p in problems])
    baseline, baseline_problems = baselines[variant.stem]
    doc, injections = inject_form(clean, kinds, random.Random(seed))
    found, problems = pipeline.keys(doc, f"{variant.stem}-set-{seed}")
    return SetResult(injections, found, baseline, baseline_problems + problems)


def run_form(sets: int, seed: int, through: str = "rows", kinds: list[str] | None = None) -> tuple[pd.DataFrame, list[str], int]:
    with tempfile.TemporaryDirectory(prefix="rekon-inject-renja-") as tmp:
        pipeline, baselines = FormPipeline(through, Path(tmp)), {}
        results = [run_form_set(INJECTED_VARIANTS[n % len(INJECTED_VARIANTS)], kinds or list(RENJA_KINDS), seed + n, pipeline, baselines)
                   for n in range(sets)]
    table, details = score(results)
    return table, details, sum(len(r.injections) for r in results)
