"""The `rekon` command: it parses the arguments, calls the engine (rekon.engine), and prints.

Exit codes: 0 every file read (and no finding at or above --fail-on);
1 findings at or above --fail-on; 2 wrong usage; 3 some input file could not
be read (the others were processed and written); 4 an unexpected error in rekon;
5 the disk is full (free space, then the same command with --resume finishes the run).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from rekon import engine
from rekon.cli_papers import register as register_papers_commands
from rekon.cli_inspect import register as register_inspect_command
from rekon.cli_store import NoStoreOpt, StoreOpt, register as register_store_commands
from rekon.extract.disk import disk_full_message, is_disk_full
from rekon.extract.messages import message
from rekon.engine import Limits, ReadOptions, RunOptions, UsageError
from rekon.engine.settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from rekon.cli_said import RunSaid, print_summary, say, say_failed, say_resumed, say_stale_verdicts, say_unnamed_columns
from rekon.progress import Progress
from rekon.rules.config import RuleConfigError

app = typer.Typer(
    help="rekon: read quarterly performance and budget reports (PDF), line the quarters up, and find where the numbers do not add up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT_FAILED, EXIT_CRASHED = engine.EXIT_OK, engine.EXIT_FINDINGS, 2, engine.EXIT_INPUT_FAILED, engine.EXIT_CRASHED
EXIT_DISK_FULL = 5  # the environment's: outputs could not be written for want of room (extract.disk)


class Lang(str, Enum):
    id = "id"
    en = "en"


class Backend(str, Enum):
    pdfium = "pdfium"
    plumber = "plumber"
    camelot = "camelot"
    both = "both"


class Ocr(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Format(str, Enum):
    csv = "csv"
    parquet = "parquet"


Inputs = Annotated[list[Path], typer.Argument(help="PDF files or directories of PDFs.", show_default=False)]
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output directory.")]
QuarterOpt = Annotated[int | None, typer.Option("--quarter", min=1, max=4, help="Quarter (1-4) when the titles do not name it.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages: id (Indonesian) or en.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Parallel processes for extraction (0 = all cores).")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Seconds of processor time one file may use before it is stopped and reported (a busy machine does not count against it; a file is also stopped after 4x this in wall time).")]
OcrOpt = Annotated[
    Ocr, typer.Option("--ocr", help="auto: read pages without a text layer (scans) by OCR (Tesseract ind+eng); always: every page; never: refuse scans.")
]
MemoryOpt = Annotated[int, typer.Option("--max-memory-mb", min=0, help="Memory one file's worker may use (0 = no bound).")]
LayoutOpt = Annotated[
    Path | None,
    typer.Option("--layout", help="A YAML file of your reports' header wordings per field and title words per family (see README)."),
]


def _families(layout: Path | None):
    """The families to read by, with the layout file's additions; a layout file with an error is a usage error naming its line."""
    from rekon.extract.layout_file import LayoutError, load_layout

    if layout is None:
        return None
    try:
        return load_layout(layout)
    except LayoutError as error:
        say(f"rekon: --layout {error}")
        raise typer.Exit(EXIT_USAGE) from None


class Executor(str, Enum):
    local = "local"
    dask = "dask"


class GroupBy(str, Enum):
    title = "title"
    folder = "folder"


GroupByOpt = Annotated[
    GroupBy,
    typer.Option("--group-by", help="title: region, agency (OPD) and year from the titles (region from the folder where the title does not print it); folder: each folder is one agency, year from the titles."),
]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Take the files already read into OUT by an interrupted run (same bytes, same options) instead of reading them again.")]
ExecutorOpt = Annotated[Executor, typer.Option("--executor", help="local processes, or Dask distributed.")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster).")]


_say = say


def _usage_error(error: UsageError):
    _say(f"rekon: {error}")
    return typer.Exit(EXIT_USAGE)


def _rules_error(error: RuleConfigError, rules_file: Path | None):
    _say(str(error) if str(rules_file) in str(error) else f"{rules_file}: {error}")
    return typer.Exit(EXIT_USAGE)


@app.command()
def extract(
    inputs: Inputs,
    out: OutDir = Path("out"),
    quarter: QuarterOpt = None,
    backend: Annotated[
        Backend, typer.Option(help="Who reads the page: pdfium (fast), plumber (pdfplumber), camelot (lattice grid), both (pdfium, cross-checked by camelot).")
    ] = Backend.pdfium,
    fmt: Annotated[Format, typer.Option("--format", help="csv or parquet.")] = Format.csv,
    ocr: OcrOpt = Ocr.auto,
    lang: LangOpt = Lang.id,
    jobs: JobsOpt = 0,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT_S,
    max_memory_mb: MemoryOpt = DEFAULT_MEMORY_MB,
    executor: ExecutorOpt = Executor.local,
    scheduler: SchedulerOpt = None,
    resume: ResumeOpt = False,
    layout: LayoutOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract every table row of the PDFs into OUT/rows.csv and OUT/problems.csv."""
    options = RunOptions(ReadOptions(quarter, backend.value, ocr.value, _families(layout)), jobs, Limits(timeout, max_memory_mb),
                         executor.value, scheduler, resume=resume, fmt=fmt.value, lang=lang.value)
    try:
        files = engine.input_files(inputs)
        with Progress(message("cli_extracting", lang.value), len(files), quiet) as progress:
            outcome = engine.extract(files, out, options, on_file=lambda r: progress.advance(r.source_file))
    except UsageError as error:
        raise _usage_error(error) from None
    say_failed(outcome, lang.value)
    total, failed = len(outcome.files), len(outcome.failed)
    _say(message("cli_extracted", lang.value, read=total - failed, total=total, rows=outcome.rows, problems=outcome.problems))
    say_resumed(outcome, lang.value)
    say_unnamed_columns([r for i, r in enumerate(outcome.files) if i not in outcome.duplicates], lang.value)
    for path in outcome.written:
        _say(f"  {path}")
    raise typer.Exit(EXIT_INPUT_FAILED if failed else EXIT_OK)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


RulesOpt = Annotated[Path | None, typer.Option("--rules", help="YAML that switches rules off or changes severities and tolerances.")]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when findings of this severity (or worse) exist.")]
OverridesOpt = Annotated[Path | None, typer.Option("--overrides", help="overrides.csv: row_id_a,row_id_b,decision (same|different); default OUT/overrides.csv when it exists.")]


def run_match(rows, out: Path, overrides: Path | None):
    result, written = engine.match_into(rows, out, overrides)
    for unused in result.unused_overrides:
        _say(f"{overrides}: {unused.row_id_a},{unused.row_id_b}: {unused.reason}")
    return result, written


def run_check(rows, panel, out: Path, rules_file: Path | None, lang: str):
    try:
        findings, written, stale = engine.check_into(rows, panel, out, rules_file, lang)
    except RuleConfigError as error:
        raise _rules_error(error, rules_file) from None
    say_stale_verdicts(out, stale, lang)
    return findings, written


def _exit_code(findings, fail_on: FailOn) -> int:
    severities = set(findings["severity"]) if len(findings) else set()
    if (fail_on is FailOn.error and "error" in severities) or (fail_on is FailOn.warning and severities & {"error", "warning"}):
        return EXIT_FINDINGS
    return EXIT_OK


def _read(path: Path):
    from rekon.reconcile import read_rows

    if not path.exists():
        _say(f"rekon: {path} tidak ada / does not exist")
        raise typer.Exit(2)
    return read_rows(path)


@app.command()
def match(
    rows_csv: Annotated[Path, typer.Argument(help="rows.csv written by `rekon extract`.")],
    out: OutDir = Path("out"),
    overrides: OverridesOpt = None,
    lang: LangOpt = Lang.id,
) -> None:
    """Align every indicator across TW I-IV: OUT/panel.csv and OUT/review.csv."""
    from rekon.review.honour import overrides_in

    result, written = run_match(_read(rows_csv), out, overrides_in(out, overrides))
    _say(message("cli_matched", lang.value, indicators=len(result.panel), review=len(result.review)))
    for path in written:
        _say(f"  {path}")


@app.command()
def check(
    out_dir: Annotated[Path, typer.Argument(help="Directory with rows.csv and panel.csv.")],
    rules_file: RulesOpt = None,
    overrides: OverridesOpt = None,
    lang: LangOpt = Lang.id,
    fail_on: FailOnOpt = FailOn.never,
) -> None:
    """Run the rules on OUT_DIR/rows.csv and OUT_DIR/panel.csv: OUT_DIR/discrepancies.csv.

    With overrides (OUT_DIR/overrides.csv by default, as `rekon review` writes it) the rows are
    matched again first, so panel.csv and review.csv follow the decisions."""
    from rekon.review.honour import overrides_in, rows_to_match

    rows = _read(out_dir / "rows.csv")
    overrides = overrides_in(out_dir, overrides)
    if overrides is not None:
        run_match(rows_to_match(rows, out_dir), out_dir, overrides)
    panel = _read(out_dir / "panel.csv")
    findings, written = run_check(rows, panel, out_dir, rules_file, lang.value)
    print_summary(findings, lang.value)
    for path in written:
        _say(f"  {path}")
    raise typer.Exit(_exit_code(findings, fail_on))


@app.command()
def run(
    inputs: Inputs,
    out: OutDir = Path("out"),
    quarter: QuarterOpt = None,
    overrides: OverridesOpt = None,
    rules_file: RulesOpt = None,
    lang: LangOpt = Lang.id,
    fail_on: FailOnOpt = FailOn.never,
    jobs: JobsOpt = 0,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT_S,
    max_memory_mb: MemoryOpt = DEFAULT_MEMORY_MB,
    executor: ExecutorOpt = Executor.local,
    scheduler: SchedulerOpt = None,
    group_by: GroupByOpt = GroupBy.title,
    resume: ResumeOpt = False,
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip report.html and report.xlsx (large batches).")] = False,
    ocr: OcrOpt = Ocr.auto,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    layout: LayoutOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract, match and check in one go: rows, panel, review and discrepancies in OUT, then the report."""
    from rekon.review.honour import overrides_in

    options = RunOptions(
        ReadOptions(quarter, "pdfium", ocr.value, _families(layout)), jobs, Limits(timeout, max_memory_mb), executor.value, scheduler, group_by.value,
        resume, "csv", overrides if overrides is not None else overrides_in(out, None), rules_file, report=not no_report,
        store=not no_store, store_path=store, lang=lang.value,
    )  # OUT/overrides.csv, as `rekon review` writes it, when none is given
    recorded = engine.recorded_options(inputs, out, options, fail_on.value) | {"layout": str(layout) if layout else None}
    listener = RunSaid(out, options, quiet)
    try:
        outcome = engine.run(inputs, out, options, listener, recorded)
    except UsageError as error:
        raise _usage_error(error) from None
    except RuleConfigError as error:
        raise _rules_error(error, rules_file) from None
    finally:
        listener.close()
    raise typer.Exit(outcome.exit_code(fail_on.value))


def run_report(out: Path, lang: str, quiet: bool, rules_file: Path | None = None) -> list[Path]:
    """OUT/report.html and OUT/report.xlsx, with a progress bar."""
    bar: Progress | None = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(message("cli_reporting", lang), total, quiet).__enter__()
        bar.advance()

    try:
        written = engine.write_report(out, lang, advance, rules_file)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for path in written:
        _say(f"  {path}")
    return written


@app.command("report")
def report_command(
    out_dir: Annotated[Path, typer.Argument(help="Directory written by `rekon run` (rows.csv, panel.csv, discrepancies.csv ...).")],
    lang: LangOpt = Lang.id,
    rules_file: RulesOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write OUT_DIR/report.html (one self-contained page) and OUT_DIR/report.xlsx from the CSVs of a run."""
    if not (out_dir / "discrepancies.csv").exists():
        _say(f"rekon: {out_dir / 'discrepancies.csv'} tidak ada / does not exist")
        raise typer.Exit(2)
    run_report(out_dir, lang.value, quiet, rules_file)


@app.command("review")
def review_command(
    out_dir: Annotated[Path, typer.Argument(help="Directory written by `rekon run`.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1 lets other machines in.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0 = any free port).")] = 0,
    lang: LangOpt = Lang.id,
) -> None:
    """Review doubtful links and findings in the browser: decisions go to OUT_DIR/overrides.csv and
    OUT_DIR/verdicts.csv, honoured by the next `rekon run` / `rekon check`. Prints the address (with a
    token new at each start) and serves until Ctrl+C."""
    from rekon.review.serve import NotARun, serve

    try:
        serve(out_dir, host, port, lang.value, announce=typer.echo, warn=_say)
    except NotARun as error:
        _say(f"rekon: {error}")
        raise typer.Exit(2) from None
    except OSError as error:
        _say(f"rekon: {host}:{port}: {error.strerror or error}")
        raise typer.Exit(2) from None


register_store_commands(app)
register_papers_commands(app)
register_inspect_command(app, LayoutOpt, _families)


def main(argv: list[str] | None = None) -> None:
    """The console entry point: an unexpected error is one line (and exit 4), its traceback only with --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        app(args, prog_name="rekon")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _say("rekon: dihentikan / interrupted (berkas keluaran yang sudah ditulis utuh / outputs already written are whole)")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the user sees one line, the developer asks for --debug
        from rekon.extract.errors import RekonDefect

        if is_disk_full(error) and not debug:
            _say(disk_full_message(error))
            sys.exit(EXIT_DISK_FULL)
        if debug:
            if isinstance(error, RekonDefect) and error.trace:  # raised in a worker: its own traceback
                _say(error.trace.rstrip())
            raise
        said = str(error) if isinstance(error, RekonDefect) else f"{type(error).__name__}: {error}"
        _say(f"rekon: galat tak terduga / unexpected error: {said} (ulangi dengan --debug / rerun with --debug)")
        sys.exit(EXIT_CRASHED)


if __name__ == "__main__":  # pragma: no cover
    main()
