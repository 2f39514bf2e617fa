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

import typer

from extract.batch import expand_inputs, extract_files, problems_frame, rows_frame
from extract.output import write_table
from rekon.progress import Progress

app = typer.Typer(
    help="rekon: read quarterly performance and budget reports (PDF), line the quarters up, and find where the numbers do not add up.",
    no_args_is_help=True,
    add_completion=False,
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


class Format(str, Enum):
    csv = "csv"
    parquet = "parquet"


Inputs = Annotated[list[Path], typer.Argument(help="PDF files or directories of PDFs.", show_default=False)]
OutDir = Annotated[Path, typer.Option("--out", "-o", help="Output directory.")]
QuarterOpt = Annotated[int | None, typer.Option("--quarter", min=1, max=4, help="Quarter (1-4) when the titles do not name it.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of messages: id (Indonesian) or en.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, help="Parallel processes for extraction (0 = all cores).")]


def _say(text: str) -> None:
    typer.echo(text, err=True)


def run_extract(
    inputs: list[Path], out: Path, quarter: int | None, backend: str, lang: str, jobs: int, quiet: bool, fmt: str = "csv"
):
    files = expand_inputs(inputs)
    if not files:
        _say("rekon: tidak ada berkas PDF / no PDF files given")
        raise typer.Exit(2)
    with Progress("Ekstraksi" if lang == "id" else "Extracting", len(files), quiet) as progress:
        results = extract_files(files, quarter, backend, lang, jobs, on_done=lambda r: progress.advance(r.source_file))
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
    lang: LangOpt = Lang.id,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
) -> None:
    """Extract every table row of the PDFs into OUT/rows.csv and OUT/problems.csv."""
    results, rows, problems, written, failed = run_extract(
        inputs, out, quarter, backend.value, lang.value, jobs, quiet, fmt.value
    )
    _say(
        f"{len(results) - len(failed)}/{len(results)} berkas terbaca, {len(rows)} baris, {len(problems)} masalah"
        if lang is Lang.id
        else f"{len(results) - len(failed)}/{len(results)} files read, {len(rows)} rows, {len(problems)} problems"
    )
    for path in written:
        _say(f"  {path}")
    raise typer.Exit(EXIT_INPUT_FAILED if failed else EXIT_OK)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
