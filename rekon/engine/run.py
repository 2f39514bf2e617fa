"""A run end to end, as `rekon run` and `rekon.run()` do it: read, group, match, check, report, store.

The steps tell a `RunListener` what they did as they finish (the command prints it; the API
listens to nothing) and the whole is returned as a `RunOutcome`: its exit code, its tables
on disk, its reports and its store. Nothing here prints.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rekon.extract.disk import is_disk_full
from rekon.engine.batch import BatchOutcome, run_batch
from rekon.engine.reading import expand_inputs
from rekon.engine.settings import RunOptions
from rekon.extract.pipeline import FileResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT_FAILED, EXIT_CRASHED = 0, 1, 2, 3, 4
STORE_NAME = "rekon.duckdb"
PORTFOLIO_NAME = "portfolio.html"


class UsageError(Exception):
    """Wrong usage, said before any work (exit 2)."""


@dataclass
class StoreOutcome:
    path: Path
    loaded: object | None = None  # rekon.store.LoadResult
    error: str = ""
    portfolio: Path | None = None


@dataclass
class RunOutcome:
    batch: BatchOutcome
    marks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["finding_id", "rule", "severity", "review_status"]))
    stale_verdicts: int = 0  # verdicts kept for findings no longer reported
    unused_overrides: list[tuple[str, str, str]] = field(default_factory=list)  # row_id_a, row_id_b, reason
    reports: list[Path] = field(default_factory=list)  # report.html and .xlsx, or the index and each group's
    report_error: str = ""
    store: StoreOutcome | None = None

    @property
    def read_failed(self) -> bool:
        return bool(self.batch.failed) or any(s.error for s in self.batch.summaries)

    def exit_code(self, fail_on: str = "never") -> int:
        if self.batch.rows == 0 or self.read_failed:
            return EXIT_INPUT_FAILED
        severities = set(self.marks["severity"]) if len(self.marks) else set()
        if (fail_on == "error" and "error" in severities) or (fail_on == "warning" and severities & {"error", "warning"}):
            return EXIT_FINDINGS
        return EXIT_CRASHED if self.store is not None and self.store.error else EXIT_OK


class RunListener:
    """What a run tells as it goes; every method does nothing here."""

    def started(self, files: list[Path]) -> None: ...
    def file_read(self, result: FileResult) -> None: ...
    def extracted(self, batch: BatchOutcome) -> None: ...
    def reconciled(self, outcome: RunOutcome) -> None: ...
    def report_progress(self, done: int, total: int) -> None: ...
    def reported(self, outcome: RunOutcome) -> None: ...
    def stored(self, outcome: RunOutcome) -> None: ...


def check_out_dir(out: Path) -> None:
    """An output folder that is a file, or cannot be made or written, is a usage error, said before any work."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out}: sudah ada sebagai berkas, bukan folder / is an existing file, not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".rekon-write-test."):
            pass
    except OSError as error:
        raise UsageError(f"-o {out}: tidak dapat ditulis / cannot be written ({error.strerror or error})") from None


def input_files(inputs: Iterable[Path]) -> list[Path]:
    files = expand_inputs(inputs)
    if not files:
        raise UsageError("tidak ada berkas PDF / no PDF files given")
    return files


def extract(inputs: Iterable[Path], out: Path, options: RunOptions, on_file: Callable[[FileResult], None] | None = None) -> BatchOutcome:
    """`rekon extract`: every file read into OUT/rows.csv and OUT/problems.csv, settled with its group's other files."""
    files = input_files(inputs)
    check_out_dir(out)
    return run_batch(files, out, options, on_file=on_file, reconcile=False)


def extract_results(inputs: Iterable[Path], options: RunOptions) -> BatchOutcome:
    """`rekon.extract()`: the same batch, every file's settled result returned whole (the cache in a temporary folder)."""
    files = input_files(inputs)
    with tempfile.TemporaryDirectory(prefix="rekon-") as work:
        return run_batch(files, Path(work), options, reconcile=False, keep_results=True, write=False)


def run(inputs: Iterable[Path], out: Path, options: RunOptions, listener: RunListener | None = None, recorded: dict | None = None) -> RunOutcome:
    """`rekon run`: the tables in OUT, then the report(s) and the store. `recorded`: the options as
    the store's runs table keeps them (default: those of `options`)."""
    listener = listener or RunListener()
    inputs = list(inputs)
    if options.overrides is not None and not Path(options.overrides).is_file():
        raise UsageError(f"--overrides {options.overrides}: tidak ada / does not exist")
    files = input_files(inputs)
    check_out_dir(out)
    listener.started(files)
    batch = run_batch(files, out, options, on_file=listener.file_read, reconcile=True)
    listener.extracted(batch)
    outcome = RunOutcome(batch)
    if batch.rows == 0:
        return outcome
    outcome.marks, outcome.stale_verdicts = read_marks(out)
    outcome.unused_overrides = _unused_overrides(out) if options.overrides is not None else []
    listener.reconciled(outcome)
    if options.report:
        if len(batch.groups) > 1:
            outcome.reports = [_write_index(out, batch, options.lang)]
            outcome.reports += [Path(p) for s in batch.summaries for p in s.reports]
        else:
            try:
                outcome.reports = write_report(out, options.lang, listener.report_progress, options.rules_file)
            except Exception as error:  # noqa: BLE001 - in a run a failed report never hides the tables
                if is_disk_full(error):  # the environment's: the run stops (exit 5, rekon.cli.main)
                    raise
                outcome.report_error = f"{type(error).__name__}: {error}"
        listener.reported(outcome)
    if options.store:
        outcome.store = store_run(out, options.store_path, recorded if recorded is not None else recorded_options(inputs, out, options),
                                  options.lang, options.report, {r.source_file: r.family for r in batch.files if r.family})
        listener.stored(outcome)
    return outcome


def read_marks(out: Path) -> tuple[pd.DataFrame, int]:
    """What the summary needs of discrepancies.csv (written group by group): rule, severity and
    review status; and how many verdicts are kept for findings no longer reported."""
    from rekon.review.files import read_verdicts
    from rekon.review.marks import count_marks

    path = out / "discrepancies.csv"
    if not path.exists():
        return pd.DataFrame(columns=["finding_id", "rule", "severity", "review_status"]), 0
    marked = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["finding_id", "rule", "severity", "review_status"])
    return marked, count_marks(marked, read_verdicts(out)).stale_verdicts


def _unused_overrides(out: Path) -> list[tuple[str, str, str]]:
    unused = out / "unused_overrides.csv"
    if not unused.exists():
        return []
    return [(r.row_id_a, r.row_id_b, r.reason) for r in pd.read_csv(unused, dtype=str, keep_default_na=False).itertuples(index=False)]


def write_report(out: Path, lang: str, progress: Callable[[int, int], None] | None = None, rules_file: Path | None = None) -> list[Path]:
    """OUT/report.html and OUT/report.xlsx from the run's tables (`rules_file`: the working papers' criteria)."""
    from rekon.report import write_report as write

    return write(out, lang, progress=progress, rules=rules_file)


def _write_index(out: Path, batch: BatchOutcome, lang: str) -> Path:
    """Several groups: each has its own report in OUT/reports/; OUT/report.html lists them."""
    from rekon.report.index import write_index

    (out / "report.xlsx").unlink(missing_ok=True)  # a single-group run's workbook would no longer match the CSVs
    return write_index(out, list(zip(batch.groups, batch.summaries)), batch.failed, lang)


def recorded_options(inputs: list[Path], out: Path, options: RunOptions, fail_on: str = "never") -> dict:
    """The run's options as the store's runs table records them (the command's names)."""
    read, limits = options.read, options.limits
    return {
        "inputs": [str(p) for p in inputs], "out": str(out), "quarter": read.quarter, "overrides": options.overrides,
        "rules_file": options.rules_file, "lang": options.lang, "fail_on": fail_on, "jobs": options.jobs, "timeout": limits.timeout_s,
        "max_memory_mb": limits.memory_mb, "executor": options.executor, "group_by": options.group_by, "resume": options.resume,
        "no_report": not options.report, "ocr": read.ocr,
    }


def store_run(out: Path, store: Path | None, recorded: dict, lang: str, write_portfolio_page: bool, families: dict[str, str] | None = None) -> StoreOutcome:
    """Add a finished run's outputs to the store (and OUT/portfolio.html when it holds several agencies or years);
    `families`: the family each file was read as, by its name."""
    import rekon
    from rekon.store import load_run

    outcome = StoreOutcome(store or out / STORE_NAME)
    try:
        outcome.loaded = load_run(out, outcome.path, recorded, rekon.__version__, families=families)
    except Exception as error:  # noqa: BLE001 - the tables are written; a failed store must not hide them
        if is_disk_full(error):  # the environment's: the run stops (exit 5, rekon.cli.main)
            raise
        outcome.error = f"{type(error).__name__}: {error}"
        return outcome
    if write_portfolio_page:
        from rekon.store.portfolio import agency_years

        if len(agency_years(outcome.path)) > 1:  # several agencies, or one agency in several years
            from rekon.engine.portfolio_page import build_portfolio

            outcome.portfolio = build_portfolio(outcome.path, out / PORTFOLIO_NAME, lang)
    return outcome
