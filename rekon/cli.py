"""The `rekon` command: a thin typer layer over the stages' functions.

Exit codes: 0 every file read (and no finding at or above --fail-on);
1 findings at or above --fail-on; 2 wrong usage; 3 some input file could not
be read (the others were processed and written).
"""

from __future__ import annotations

import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from rekon.extract.batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits, expand_inputs
from rekon.pipeline_run import BatchOutcome, RunOptions, run_batch
from rekon.cli_inspect import register as register_inspect_command
from rekon.cli_store import NoStoreOpt, StoreOpt, register as register_store_commands, store_run
from rekon.progress import Progress
from rekon.rules.config import RuleConfigError

app = typer.Typer(
    help="rekon: read quarterly performance and budget reports (PDF), line the quarters up, and find where the numbers do not add up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT_FAILED, EXIT_CRASHED = 0, 1, 3, 4


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
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Seconds one file may take before it is stopped and reported.")]
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
        _say(f"rekon: --layout {error}")
        raise typer.Exit(2) from None


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


def _say(text: str) -> None:
    typer.echo(text, err=True)


def check_out_dir(out: Path) -> None:
    """An output folder that is a file, or cannot be made or written, is a usage error (exit 2), said before any work."""
    if out.exists() and not out.is_dir():
        _say(f"rekon: -o {out}: sudah ada sebagai berkas, bukan folder / is an existing file, not a directory")
        raise typer.Exit(2)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".rekon-write-test."):
            pass
    except OSError as error:
        _say(f"rekon: -o {out}: tidak dapat ditulis / cannot be written ({error.strerror or error})")
        raise typer.Exit(2) from None


def run_extract(inputs: list[Path], out: Path, options: RunOptions, quiet: bool, reconcile: bool = False) -> BatchOutcome:
    files = expand_inputs(inputs)
    if not files:
        _say("rekon: tidak ada berkas PDF / no PDF files given")
        raise typer.Exit(2)
    check_out_dir(out)
    lang = options.lang
    try:
        with Progress("Ekstraksi" if lang == "id" else "Extracting", len(files), quiet) as progress:
            outcome = run_batch(files, out, options, on_file=lambda r: progress.advance(r.source_file), reconcile=reconcile)
    except RuleConfigError as error:
        _say(str(error) if str(options.rules_file) in str(error) else f"{options.rules_file}: {error}")
        raise typer.Exit(2) from None
    for result in outcome.failed:
        _say(f"{result.source_file}: {result.error}")
    return outcome


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
    options = RunOptions(quarter, backend.value, lang.value, jobs, Limits(timeout, max_memory_mb), executor.value, scheduler, resume=resume, fmt=fmt.value, ocr=ocr.value,
                         layout=layout, families=_families(layout))
    outcome = run_extract(inputs, out, options, quiet)
    total, failed = len(outcome.files), len(outcome.failed)
    _say(
        f"{total - failed}/{total} berkas terbaca, {outcome.rows} baris, {outcome.problems} masalah"
        if lang is Lang.id
        else f"{total - failed}/{total} files read, {outcome.rows} rows, {outcome.problems} problems"
    )
    _say_resumed(outcome, lang.value)
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


def run_match(rows, out: Path, overrides: Path | None, lang: str):
    from rekon.reconcile import match_rows, read_overrides, write_outputs

    result = match_rows(rows, read_overrides(overrides) if overrides else None)
    written = write_outputs(result, out)
    for unused in result.unused_overrides:
        _say(f"{overrides}: {unused.row_id_a},{unused.row_id_b}: {unused.reason}")
    return result, list(written.values())


def run_check(rows, panel, out: Path, rules_file: Path | None, lang: str):
    import rekon.rules as rules_engine

    try:
        ruleset = rules_engine.load_ruleset(rules_file)
    except rules_engine.RuleConfigError as error:
        _say(str(error) if str(rules_file) in str(error) else f"{rules_file}: {error}")
        raise typer.Exit(2) from None
    findings = rules_engine.check(rows, panel, ruleset=ruleset, lang=lang)
    findings = _honour_review(findings, out, lang)
    return findings, [rules_engine.write_findings(findings, out)]


def _honour_review(findings, out: Path, lang: str):
    """An earlier review in OUT: each finding marked new / open / reviewed, verdicts kept by finding id."""
    from rekon.review.honour import honour_review

    findings, counts = honour_review(findings, out)
    if counts.stale_verdicts:
        _say(
            f"{out / 'verdicts.csv'}: {counts.stale_verdicts} vonis untuk temuan yang tidak muncul lagi (tetap disimpan)"
            if lang == "id"
            else f"{out / 'verdicts.csv'}: {counts.stale_verdicts} verdicts on findings no longer reported (kept)"
        )
    return findings


def _read_marks(out: Path) -> pd.DataFrame:
    """What the summary needs of the run's discrepancies.csv (written group by group): rule, severity
    and review status; verdicts kept for findings no longer reported are said."""
    from rekon.review.files import read_verdicts
    from rekon.review.marks import count_marks

    path = out / "discrepancies.csv"
    if not path.exists():
        return pd.DataFrame(columns=["finding_id", "rule", "severity", "review_status"])
    marked = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["finding_id", "rule", "severity", "review_status"])
    stale = count_marks(marked, read_verdicts(out)).stale_verdicts
    if stale:
        _say(f"{out / 'verdicts.csv'}: {stale} vonis untuk temuan yang tidak muncul lagi (tetap disimpan) / "
             f"{stale} verdicts on findings no longer reported (kept)")
    return marked


def _print_summary(findings, lang: str) -> None:
    import rekon.rules as rules_engine

    counts = rules_engine.summary(findings)
    title = "Temuan per aturan dan tingkat" if lang == "id" else "Findings per rule and severity"
    _say(f"{title}: {len(findings)}")
    if "review_status" in findings:
        status = findings["review_status"].value_counts()
        new, still_open, reviewed = (int(status.get(name, 0)) for name in ("new", "open", "reviewed"))
        _say(
            f"  {new} baru, {still_open} belum ditinjau dari run sebelumnya, {reviewed} sudah ditinjau"
            if lang == "id"
            else f"  {new} new, {still_open} not yet reviewed from the previous run, {reviewed} reviewed"
        )
    for row in counts.itertuples(index=False):
        _say(f"  {row.severity:<8} {row.rule:<28} {row.count:>5}")


def _exit_code(findings, fail_on: FailOn, failed_inputs: bool) -> int:
    if failed_inputs:
        return EXIT_INPUT_FAILED
    severities = set(findings["severity"]) if len(findings) else set()
    if fail_on is FailOn.error and "error" in severities:
        return EXIT_FINDINGS
    if fail_on is FailOn.warning and severities & {"error", "warning"}:
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

    result, written = run_match(_read(rows_csv), out, overrides_in(out, overrides), lang.value)
    _say(f"{len(result.panel)} indikator, {len(result.review)} perlu ditinjau" if lang is Lang.id else f"{len(result.panel)} indicators, {len(result.review)} to review")
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
        run_match(rows_to_match(rows, out_dir), out_dir, overrides, lang.value)
    panel = _read(out_dir / "panel.csv")
    findings, written = run_check(rows, panel, out_dir, rules_file, lang.value)
    _print_summary(findings, lang.value)
    for path in written:
        _say(f"  {path}")
    raise typer.Exit(_exit_code(findings, fail_on, False))


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
    if overrides is not None and not overrides.is_file():
        _say(f"rekon: --overrides {overrides}: tidak ada / does not exist")
        raise typer.Exit(2)
    from rekon.review.honour import overrides_in

    overrides = overrides_in(out, overrides)  # OUT/overrides.csv, as `rekon review` writes it, when none is given
    options = RunOptions(
        quarter, "pdfium", lang.value, jobs, Limits(timeout, max_memory_mb), executor.value, scheduler, group_by.value,
        resume, "csv", overrides, rules_file, report=not no_report, ocr=ocr.value, layout=layout, families=_families(layout),
    )
    outcome = run_extract(inputs, out, options, quiet, reconcile=True)
    _summarise_extraction(outcome, lang.value)
    if outcome.rows == 0:
        raise typer.Exit(EXIT_INPUT_FAILED)
    findings = _read_marks(out)
    _print_summary(findings, lang.value)
    for path in outcome.written:
        _say(f"  {path}")
    unused = out / "unused_overrides.csv"
    if overrides is not None and unused.exists():
        for line in pd.read_csv(unused, dtype=str, keep_default_na=False).itertuples(index=False):
            _say(f"{overrides}: {line.row_id_a},{line.row_id_b}: {line.reason}")
    if not no_report:
        if len(outcome.groups) > 1:
            _write_index(out, outcome, lang.value)
        else:
            run_report(out, lang.value, quiet, keep_going=True)
    stored = no_store or store_run(out, store, _store_options(locals()), lang.value, not no_report)
    failed = bool(outcome.failed) or any(s.error for s in outcome.summaries)
    raise typer.Exit(_exit_code(findings, fail_on, failed) or (0 if stored else EXIT_CRASHED))


def _store_options(arguments: dict) -> dict:
    """The run's options as the store's runs table records them."""
    names = ("inputs", "out", "quarter", "overrides", "rules_file", "lang", "fail_on", "jobs", "timeout", "max_memory_mb",
             "executor", "group_by", "resume", "no_report", "ocr", "layout")
    return {n: [str(v) for v in arguments[n]] if isinstance(arguments[n], list) else getattr(arguments[n], "value", arguments[n]) for n in names if n in arguments}


def _write_index(out: Path, outcome: BatchOutcome, lang: str) -> None:
    """Several groups: each has its own report in OUT/reports/; OUT/report.html lists them."""
    from rekon.report.index import write_index

    (out / "report.xlsx").unlink(missing_ok=True)  # a single-group run's workbook would no longer match the CSVs
    entries = [(group, summary) for group, summary in zip(outcome.groups, outcome.summaries)]
    path = write_index(out, entries, outcome.failed, lang)
    _say(f"  {path}")
    for _, summary in entries:
        for report in summary.reports:
            _say(f"  {report}")


def _say_resumed(outcome: BatchOutcome, lang: str) -> None:
    if outcome.resumed:
        _say(f"  {outcome.resumed} berkas diambil dari proses sebelumnya (--resume)" if lang == "id" else f"  {outcome.resumed} files taken from the earlier run (--resume)")


def _summarise_extraction(outcome: BatchOutcome, lang: str) -> None:
    results = [r for i, r in enumerate(outcome.files) if i not in outcome.duplicates]
    read = sum(r.ok for r in results)
    grid_rows = sum(r.table_rows for r in results)
    if lang == "id":
        _say(f"{read}/{len(outcome.files)} berkas terbaca; {grid_rows} baris tabel di grid, {outcome.rows} baris ditulis; {outcome.problems} masalah")
    else:
        _say(f"{read}/{len(outcome.files)} files read; {grid_rows} table rows in the grids, {outcome.rows} rows written; {outcome.problems} problems")
    if outcome.duplicates:
        count = len(outcome.duplicates)
        _say(f"  {count} berkas kembar dibaca sekali (problems.csv)" if lang == "id" else f"  {count} identical files read once (problems.csv)")
    _say_resumed(outcome, lang)
    for group in outcome.groups:
        _say(f"  {group.label}  [{group.how_formed(lang)}]")
    for summary in outcome.summaries:
        if summary.error:
            _say(f"  {outcome.groups[summary.index].label}: {summary.error}")


def run_report(out: Path, lang: str, quiet: bool, keep_going: bool = False) -> list[Path]:
    """OUT/report.html and OUT/report.xlsx, with a progress bar; in `run` a failed report never hides the CSVs."""
    from rekon.report import write_report

    bar: Progress | None = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress("Laporan" if lang == "id" else "Report", total, quiet).__enter__()
        bar.advance()

    try:
        written = write_report(out, lang, progress=advance)
    except Exception as error:
        if not keep_going:
            raise
        _say(f"rekon: laporan gagal / report failed: {type(error).__name__}: {error}")
        return []
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
    quiet: QuietOpt = False,
) -> None:
    """Write OUT_DIR/report.html (one self-contained page) and OUT_DIR/report.xlsx from the CSVs of a run."""
    if not (out_dir / "discrepancies.csv").exists():
        _say(f"rekon: {out_dir / 'discrepancies.csv'} tidak ada / does not exist")
        raise typer.Exit(2)
    run_report(out_dir, lang.value, quiet)


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
        if debug:
            raise
        _say(f"rekon: galat tak terduga / unexpected error: {type(error).__name__}: {error} (ulangi dengan --debug / rerun with --debug)")
        sys.exit(EXIT_CRASHED)


if __name__ == "__main__":  # pragma: no cover
    main()
