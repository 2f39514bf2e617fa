"""The `rekon` command: a thin typer layer over the stages' functions.

Exit codes: 0 every file read (and no finding at or above --fail-on);
1 findings at or above --fail-on; 2 wrong usage; 3 some input file could not
be read (the others were processed and written).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from rekon.extract.batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits, expand_inputs, extract_files, extract_files_dask, problems_frame, rows_frame
from rekon.extract.output import write_table
from rekon.progress import Progress

app = typer.Typer(
    help="rekon: read quarterly performance and budget reports (PDF), line the quarters up, and find where the numbers do not add up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT_FAILED = 0, 1, 3


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


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOpt = Annotated[Executor, typer.Option("--executor", help="local processes, or Dask distributed.")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (default: a local cluster).")]


def _say(text: str) -> None:
    typer.echo(text, err=True)


def run_extract(
    inputs: list[Path],
    out: Path,
    quarter: int | None,
    backend: str,
    lang: str,
    jobs: int,
    quiet: bool,
    fmt: str = "csv",
    limits: Limits = Limits(),
    executor: str = "local",
    scheduler: str | None = None,
    ocr: str = "auto",
):
    files = expand_inputs(inputs)
    if not files:
        _say("rekon: tidak ada berkas PDF / no PDF files given")
        raise typer.Exit(2)
    with Progress("Ekstraksi" if lang == "id" else "Extracting", len(files), quiet) as progress:
        advance = lambda r: progress.advance(r.source_file)  # noqa: E731
        if executor == "dask":
            results = extract_files_dask(files, quarter, backend, lang, jobs, scheduler, on_done=advance, ocr=ocr)
        else:
            results = extract_files(files, quarter, backend, lang, jobs, on_done=advance, limits=limits, ocr=ocr)
    rows, problems = rows_frame(results), problems_frame(results)
    written = [write_table(rows, out / "rows.csv", fmt), write_table(problems, out / "problems.csv", fmt)]
    failed = [r for r in results if not r.ok]
    for result in failed:
        _say(f"{result.source_file}: {result.error}")
    return results, rows, problems, written, failed


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
    quiet: QuietOpt = False,
) -> None:
    """Extract every table row of the PDFs into OUT/rows.csv and OUT/problems.csv."""
    results, rows, problems, written, failed = run_extract(
        inputs, out, quarter, backend.value, lang.value, jobs, quiet, fmt.value,
        Limits(timeout, max_memory_mb), executor.value, scheduler, ocr.value,
    )
    _say(
        f"{len(results) - len(failed)}/{len(results)} berkas terbaca, {len(rows)} baris, {len(problems)} masalah"
        if lang is Lang.id
        else f"{len(results) - len(failed)}/{len(results)} files read, {len(rows)} rows, {len(problems)} problems"
    )
    for path in written:
        _say(f"  {path}")
    raise typer.Exit(EXIT_INPUT_FAILED if failed else EXIT_OK)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


RulesOpt = Annotated[Path | None, typer.Option("--rules", help="YAML that switches rules off or changes severities and tolerances.")]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when findings of this severity (or worse) exist.")]
OverridesOpt = Annotated[Path | None, typer.Option("--overrides", help="overrides.csv: row_id_a,row_id_b,decision (same|different).")]


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
    return findings, [rules_engine.write_findings(findings, out)]


def _print_summary(findings, lang: str) -> None:
    import rekon.rules as rules_engine

    counts = rules_engine.summary(findings)
    title = "Temuan per aturan dan tingkat" if lang == "id" else "Findings per rule and severity"
    _say(f"{title}: {len(findings)}")
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
    result, written = run_match(_read(rows_csv), out, overrides, lang.value)
    _say(f"{len(result.panel)} indikator, {len(result.review)} perlu ditinjau" if lang is Lang.id else f"{len(result.panel)} indicators, {len(result.review)} to review")
    for path in written:
        _say(f"  {path}")


@app.command()
def check(
    out_dir: Annotated[Path, typer.Argument(help="Directory with rows.csv and panel.csv.")],
    rules_file: RulesOpt = None,
    lang: LangOpt = Lang.id,
    fail_on: FailOnOpt = FailOn.never,
) -> None:
    """Run the rules on OUT_DIR/rows.csv and OUT_DIR/panel.csv: OUT_DIR/discrepancies.csv."""
    rows, panel = _read(out_dir / "rows.csv"), _read(out_dir / "panel.csv")
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
    no_report: Annotated[bool, typer.Option("--no-report", help="Skip report.html and report.xlsx (large batches).")] = False,
    ocr: OcrOpt = Ocr.auto,
    quiet: QuietOpt = False,
) -> None:
    """Extract, match and check in one go: rows, panel, review and discrepancies in OUT, then the report."""
    from rekon.groups import group_files, matched_files, problems_of

    results, rows, problems, written, failed = run_extract(
        inputs, out, quarter, "pdfium", lang.value, jobs, quiet, "csv", Limits(timeout, max_memory_mb), executor.value, scheduler, ocr.value
    )
    groups = group_files(results)
    group_problems = problems_of(groups, lang.value)
    if group_problems:
        problems = pd.concat([problems, pd.DataFrame(group_problems, columns=problems.columns)], ignore_index=True)
        write_table(problems, out / "problems.csv")
    _summarise_extraction(results, rows, problems, groups, group_problems, lang.value)
    if rows.empty:
        raise typer.Exit(EXIT_INPUT_FAILED)
    rows = rows[rows["source_file"].isin(matched_files(groups))]
    _, matched = run_match(rows, out, overrides, lang.value)
    from rekon.reconcile import read_rows

    panel = read_rows(out / "panel.csv")
    findings, checked = run_check(rows, panel, out, rules_file, lang.value)
    _print_summary(findings, lang.value)
    for path in written + matched + checked:
        _say(f"  {path}")
    if not no_report:
        run_report(out, lang.value, quiet, keep_going=True)
    raise typer.Exit(_exit_code(findings, fail_on, bool(failed)))


def _summarise_extraction(results, rows, problems, groups, group_problems, lang: str) -> None:
    read = sum(r.ok for r in results)
    grid_rows = sum(r.table_rows for r in results)
    if lang == "id":
        _say(f"{read}/{len(results)} berkas terbaca; {grid_rows} baris tabel di grid, {len(rows)} baris ditulis; {len(problems)} masalah")
    else:
        _say(f"{read}/{len(results)} files read; {grid_rows} table rows in the grids, {len(rows)} rows written; {len(problems)} problems")
    for group in groups:
        _say(f"  {group.label}")
    for item in group_problems:
        _say(f"  {item['source_file'] + ': ' if item['source_file'] else ''}{item['message']}")


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


EXIT_CRASHED = 4


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
