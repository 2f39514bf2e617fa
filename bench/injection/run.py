"""Rendering the injected sources, reading them through the pipeline, and scoring the findings against the injections."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bench.injection.choose import inject
from bench.injection.kinds import KINDS
from bench.injection.model import QUARTERS, SOURCE, Injection, Key, budget_first_row
from samples.source import read_source
from samples.truth import truth_rows


Renderer = Callable[[dict[int, pd.DataFrame], Path], dict[int, Path]]
STEM = "dp3akb-serang-2022-tw{quarter}"


def libreoffice(sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
    """The sample producer: an openpyxl workbook per quarter, converted by LibreOffice (samples/build.py)."""
    from samples.build import CITY, OPD, YEAR
    from samples.layouts import layout_for, titles
    from samples.pdf import workbooks_to_pdf
    from samples.workbook import write_workbook

    books = []
    for quarter, source in sources.items():
        book = out_dir / f"{STEM.format(quarter=quarter)}.xlsx"
        write_workbook(source, layout_for(quarter, titles(quarter, YEAR, OPD, CITY)), book)
        books.append(book)
    pdfs = workbooks_to_pdf(books, out_dir)
    return {quarter: pdf for quarter, pdf in zip(sources, pdfs)}


def producer2(style: str = "closed") -> Renderer:
    """The second producer (reportlab, no LibreOffice): samples.producer2.render in `style`."""

    def render_set(sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
        from samples.producer2 import render

        return {q: render(s, q, out_dir / f"{STEM.format(quarter=q)}.pdf", style=style) for q, s in sources.items()}

    return render_set


RENDERERS: dict[str, Callable[[], Renderer]] = {"libreoffice": lambda: libreoffice, "producer2": producer2}

MONEY_FIELDS = {"target_pagu", "realisasi_pagu", "capaian_pagu"}
BUDGET_RULES = {"spending_without_output", "output_without_spending"}


class Pipeline:
    """extract -> match -> check, with each PDF read once per content (unchanged quarters are reused)."""

    def __init__(self) -> None:
        self._rows: dict[bytes, pd.DataFrame] = {}

    def rows(self, pdf: Path) -> pd.DataFrame:
        import hashlib

        import rekon

        digest = hashlib.sha256(pdf.read_bytes()).digest()
        if digest not in self._rows:
            self._rows[digest] = rekon.extract([pdf]).frame
        return self._rows[digest]

    def findings(self, pdfs: dict[int, Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
        import rekon

        rows = pd.concat([self.rows(pdf) for pdf in pdfs.values()], ignore_index=True)
        panel = rekon.match(rows).frame
        return rows, rekon.check(rows, panel).frame


def finding_keys(rows: pd.DataFrame, findings: pd.DataFrame, sources: dict[int, pd.DataFrame]) -> tuple[list[Key], list[str]]:
    """Each finding as (rule, quarter of its row, indicator id of its row, or of its budget cell's
    first row for money), by lining each quarter's rows up with its source in printed order."""
    where: dict[str, tuple[int, str]] = {}
    problems = []
    for quarter, source in sources.items():
        printed = rows[rows["quarter"].astype(str) == str(quarter)]
        if len(printed) != len(source):
            problems.append(f"TW {quarter}: {len(printed)} rows read, {len(source)} printed")
            continue
        # Rows read at another level than printed: sums and matching then go wrong downstream.
        truth = truth_rows(source)
        for level, printed_level, ident in zip(printed["level"], truth["level"], source["indicator_id"]):
            if level != printed_level:
                problems.append(f"extraction: TW {quarter} {ident} read as {level}, printed as {printed_level}")
        for row_id, index in zip(printed["row_id"], range(len(source))):
            first = budget_first_row(source, index)
            where[row_id] = (quarter, source.at[index, "indicator_id"])
            where[row_id + "#budget"] = (quarter, source.at[first, "indicator_id"])
    keys = []
    for finding in findings.itertuples():
        money = finding.field in MONEY_FIELDS or finding.rule in BUDGET_RULES
        place = where.get(finding.row_id + ("#budget" if money else ""))
        keys.append((finding.rule, *place) if place else (finding.rule, 0, f"unmapped:{finding.row_id}"))
    return keys, problems


@dataclass
class SetResult:
    injections: list[Injection]
    found: list[Key]
    baseline: set[Key]
    problems: list[str]


def run_set(clean: dict[int, pd.DataFrame], kinds: list[str], seed: int, renderer: Renderer, pipeline: Pipeline,
            work: Path, baseline: set[Key], quarters: tuple[int, ...] = QUARTERS,
            clean_pdfs: dict[int, Path] | None = None) -> SetResult:
    """One injected copy of the four sources: inject, render the quarters changed, read, check, key the findings."""
    sources, injections = inject(clean, kinds, random.Random(seed), baseline, quarters)
    changed = {q for i in injections for q, *_ in i.changes}
    out = work / f"set-{seed}"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = dict(clean_pdfs or {})
    pdfs.update(renderer({q: sources[q] for q in sorted(changed | (set(QUARTERS) - set(pdfs)))}, out))
    rows, findings = pipeline.findings(dict(sorted(pdfs.items())))
    found, problems = finding_keys(rows, findings, sources)
    return SetResult(injections, found, baseline, problems)


def baseline_keys(clean: dict[int, pd.DataFrame], renderer: Renderer, pipeline: Pipeline, work: Path,
                  clean_pdfs: dict[int, Path] | None = None) -> set[Key]:
    out = work / "clean"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = clean_pdfs or renderer(clean, out)
    rows, findings = pipeline.findings(pdfs)
    keys, problems = finding_keys(rows, findings, clean)
    problems = [p for p in problems if not p.startswith("extraction:")]  # the clean run's own misreadings are its findings
    if problems:
        raise RuntimeError(f"the clean sources are not read back row for row: {problems}")
    return set(keys)


def score(results: list[SetResult]) -> tuple[pd.DataFrame, list[str]]:
    """Recall and precision per rule over all sets, and a line for every miss and false finding."""
    per_rule: dict[str, dict[str, int]] = {}
    details = []

    def count(rule: str, column: str) -> None:
        per_rule.setdefault(rule, dict.fromkeys(["injected", "found", "new findings", "true", "false"], 0))[column] += 1

    for result in results:
        found = set(result.found)
        explained: set[Key] = set()
        for injection in result.injections:
            details.append(f"injected: {injection.kind} TW {injection.quarter} {injection.indicator_id} {[c[:3] for c in injection.changes]}")
            count(injection.rule, "injected")
            explained |= injection.expected | injection.follows
            if injection.expected <= found:
                count(injection.rule, "found")
            else:
                details.append(f"missed: {injection.kind} TW {injection.quarter} {injection.indicator_id}: "
                               f"expected {sorted(injection.expected - found)}; changes {injection.changes}")
        for key in found - result.baseline:
            count(key[0], "new findings")
            if key in explained:
                count(key[0], "true")
            else:
                count(key[0], "false")
                details.append(f"false: {key}")
        details += [f"problem: {p}" for p in result.problems]
    table = pd.DataFrame([{"rule": rule, **counts} for rule, counts in sorted(per_rule.items())])
    if table.empty:
        return table, details
    table["recall"] = (table["found"] / table["injected"].where(table["injected"] > 0)).round(2)
    table["precision"] = (table["true"] / table["new findings"].where(table["new findings"] > 0)).round(2)
    return table, details


def read_sources() -> dict[int, pd.DataFrame]:
    return {q: read_source(SOURCE / f"tw{q}.csv") for q in QUARTERS}


def run(sets: int, seed: int, renderer: Renderer, kinds: list[str] | None = None) -> tuple[pd.DataFrame, list[str], int]:
    clean = read_sources()
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory(prefix="rekon-inject-") as tmp:
        work = Path(tmp)
        baseline = baseline_keys(clean, renderer, pipeline, work)
        results = [run_set(clean, kinds or list(KINDS), seed + n, renderer, pipeline, work, baseline) for n in range(sets)]
    table, details = score(results)
    return table, details, sum(len(r.injections) for r in results)
