"""rekon from Python: the same stages the command line runs, as plain functions of data.

    import rekon
    rows = rekon.extract(["tw1.pdf", "tw2.pdf", "tw3.pdf", "tw4.pdf"])
    panel = rekon.match(rows)
    findings = rekon.check(rows, panel)
    findings.frame.query("severity == 'error'")

Every result holds pandas DataFrames whose columns are documented in `rekon.schemas`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd

from rekon import schemas
from rekon.engine.settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from rekon.extract.tolerances import Tolerances

PathArg = str | PathLike


@dataclass(frozen=True)
class Rows:
    """What extraction read: `frame` (schema `rekon.schemas.ROWS`) and `problems`
    (`rekon.schemas.PROBLEMS`: every file, page or cell that could not be read)."""

    frame: pd.DataFrame
    problems: pd.DataFrame
    failed_files: tuple[str, ...] = ()  # files that could not be read at all (their reason is in problems)

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Panel:
    """One line per indicator across TW I-IV (`frame`, schema `rekon.schemas.PANEL`) and the
    doubtful links to review (`review`, schema `rekon.schemas.REVIEW`)."""

    frame: pd.DataFrame
    review: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Findings:
    """The discrepancies (`frame`, schema `rekon.schemas.FINDINGS`)."""

    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)

    def summary(self) -> pd.DataFrame:
        """Counts per rule and severity."""
        from rekon.rules import summary

        return summary(self.frame)


@dataclass(frozen=True)
class RunResult:
    """A whole run written to `out_dir`, as `rekon run` writes it, with its tables read back."""

    exit_code: int  # as the command's: 0 ok, 1 findings at --fail-on, 3 some file unreadable
    out_dir: Path
    rows: pd.DataFrame
    panel: pd.DataFrame
    findings: pd.DataFrame  # discrepancies.csv: schema `rekon.schemas.DISCREPANCIES` (findings and their review marks)


def _frame(value: Rows | pd.DataFrame) -> pd.DataFrame:
    return value.frame if isinstance(value, (Rows, Panel, Findings)) else value


def extract(
    paths: Iterable[PathArg],
    *,
    quarter: int | None = None,
    lang: str = "id",
    jobs: int = 1,
    backend: str = "pdfium",
    ocr: str = "auto",
    executor: str = "local",
    scheduler: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_memory_mb: int = DEFAULT_MEMORY_MB,
    layout: PathArg | None = None,
    tolerances: Tolerances | None = None,
) -> Rows:
    """Read every table row of the PDFs (files or folders of PDFs), as `rekon extract` does.

    A file that cannot be read does not raise: it is named in `problems` and in `failed_files`,
    and the other files are still read. `jobs` > 1 reads files in parallel processes (0: all
    cores), `executor="dask"` on Dask (`scheduler`: its address; none: a local cluster); the
    result is the same whatever they are. `ocr` auto reads pages without a text layer (scans)
    by OCR, always reads every page by OCR, never refuses scans. Each file may take `timeout`
    seconds and `max_memory_mb` of memory (0: no bound). `layout` is a layout file (your reports'
    header wordings per field, title words per family; see the README); one with an error raises
    ValueError (`LayoutError`) naming its line. `tolerances` (rekon.extract.tolerances.Tolerances)
    says how lenient the reading of a page is: the grid's snap, a line's baseline ... (the defaults when None).
    """
    from rekon import engine
    from rekon.engine.outputs import batch_problems
    from rekon.extract.cross_file import problems_frame, rows_frame, said_problems

    read = engine.ReadOptions(quarter, backend, ocr, _load_layout(layout), tolerances or Tolerances())
    options = engine.RunOptions(read, jobs, engine.Limits(timeout, max_memory_mb), executor, scheduler, lang=lang)
    try:
        batch = engine.extract_results([Path(p) for p in paths], options)
    except engine.UsageError:
        raise ValueError("no PDF files given") from None
    problems = pd.concat([problems_frame(batch.results, lang), said_problems(batch_problems(batch.groups, batch.summaries), lang)],
                         ignore_index=True).astype(str)
    return Rows(
        frame=schemas.ROWS.validate(rows_frame(batch.results)),
        problems=schemas.PROBLEMS.validate(problems),
        failed_files=tuple(r.source_file for r in batch.failed),
    )


def _load_layout(layout: PathArg | None):
    """The families a layout file adds to (None without one); LayoutError, a ValueError, names its line."""
    from rekon.extract.layout_file import load_layout

    return load_layout(Path(layout)) if layout is not None else None


def match(rows: Rows | pd.DataFrame, *, overrides: PathArg | pd.DataFrame | None = None) -> Panel:
    """Align each indicator across the quarters; `overrides` is an analyst's overrides.csv
    (row_id_a, row_id_b, decision `same` or `different`), as a path or a frame."""
    from rekon.reconcile import match_rows, read_overrides

    decisions = overrides if isinstance(overrides, pd.DataFrame) or overrides is None else read_overrides(overrides)
    result = match_rows(_frame(rows), decisions)
    return Panel(frame=schemas.PANEL.validate(result.panel), review=schemas.REVIEW.validate(result.review))


def check(rows: Rows | pd.DataFrame, panel: Panel | pd.DataFrame, rules: PathArg | None = None, *, lang: str = "id") -> Findings:
    """Run the rules; `rules` is a YAML file that switches rules off or changes severities and
    tolerances (see rules/default_rules.yaml), None for the defaults."""
    from rekon.rules import check as run_rules
    from rekon.rules import load_ruleset

    ruleset = load_ruleset(Path(rules) if rules is not None else None)
    return Findings(schemas.FINDINGS.validate(run_rules(_frame(rows), _frame(panel), ruleset=ruleset, lang=lang)))


def run(
    paths: Iterable[PathArg],
    out_dir: PathArg,
    *,
    lang: str = "id",
    report: bool = True,
    jobs: int = 0,
    overrides: PathArg | None = None,
    rules: PathArg | None = None,
    fail_on: str = "never",
    group_by: str = "title",
    quarter: int | None = None,
    ocr: str = "auto",
    resume: bool = False,
    store: bool = True,
    store_path: PathArg | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_memory_mb: int = DEFAULT_MEMORY_MB,
    layout: PathArg | None = None,
    tolerances: Tolerances | None = None,
) -> RunResult:
    """What `rekon run PATHS -o OUT_DIR` does (extract, group, match, check, report, store), on the same
    engine, quietly, and its tables read back; each keyword is the command's option of the same name
    (`rules` is --rules, `store=False` is --no-store, `store_path` is --store, `layout` is --layout;
    `tolerances`, as rekon.extract's, has no option). Wrong
    usage (no PDF, an output folder that is a file, overrides that do not exist, a bad rules file, a layout
    file with an error) raises ValueError."""
    from rekon import engine
    from rekon.reconcile import read_rows
    from rekon.review.honour import overrides_in
    from rekon.rules.config import RuleConfigError

    out = Path(out_dir)
    given = Path(overrides) if overrides is not None else None
    options = engine.RunOptions(
        engine.ReadOptions(quarter, "pdfium", ocr, _load_layout(layout), tolerances or Tolerances()), jobs, engine.Limits(timeout, max_memory_mb), executor, scheduler,
        group_by, resume,
        "csv", given if given is not None else overrides_in(out, None), Path(rules) if rules is not None else None, report, store,
        Path(store_path) if store_path is not None else None, lang=lang,
    )
    inputs = [Path(p) for p in paths]
    try:
        outcome = engine.run(inputs, out, options, recorded=engine.recorded_options(inputs, out, options, fail_on))
    except (engine.UsageError, RuleConfigError) as error:
        raise ValueError(str(error)) from None
    tables = {name: read_rows(out / f"{name}.csv") if (out / f"{name}.csv").exists() else pd.DataFrame()
              for name in ("rows", "panel", "discrepancies")}
    return RunResult(outcome.exit_code(fail_on), out, tables["rows"], tables["panel"], tables["discrepancies"])
