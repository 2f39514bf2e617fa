"""The store's commands: `rekon export`, `rekon query`, `rekon portfolio`, and what `rekon run --store` does.

Kept apart from cli.py so the run orchestration can change without touching them.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

STORE_NAME = "rekon.duckdb"
PORTFOLIO_NAME = "portfolio.html"

StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help=f"DuckDB store the run is added to (default: OUT/{STORE_NAME}); the same file read again replaces its own rows."),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Do not write the store.")]
StoreArg = Annotated[Path, typer.Argument(help=f"A store written by `rekon run` ({STORE_NAME}).")]


def _say(text: str) -> None:
    typer.echo(text, err=True)


def store_run(out: Path, store: Path | None, options: dict, lang: str, write_portfolio_page: bool) -> bool:
    """Add a finished run's outputs to the store (and OUT/portfolio.html when it holds several agencies or years); False when it failed."""
    import rekon
    from rekon.store import load_run

    path = store or out / STORE_NAME
    try:
        loaded = load_run(out, path, options, rekon.__version__)
    except Exception as error:  # noqa: BLE001 - the CSVs are written; a failed store must not hide them
        from rekon.extract.disk import is_disk_full

        if is_disk_full(error):  # the environment's: the run stops with exit 5 (rekon.cli.main)
            raise
        _say(f"rekon: store {path} gagal / failed: {type(error).__name__}: {error}")
        return False
    _say(
        f"  {path} (run {loaded.run_id}: {loaded.files} berkas, {loaded.rows} baris, {loaded.findings} temuan, {loaded.new_findings} baru)"
        if lang == "id"
        else f"  {path} (run {loaded.run_id}: {loaded.files} files, {loaded.rows} rows, {loaded.findings} findings, {loaded.new_findings} new)"
    )
    if write_portfolio_page:
        from rekon.store.portfolio import agency_years

        if len(agency_years(path)) > 1:  # several agencies, or one agency in several years
            _say(f"  {build_portfolio(path, out / PORTFOLIO_NAME, lang)}")
    return True


def own_report(out_dir: str | None, region: str | None, opd: str, year) -> str:
    """The agency's own report in the run that last read it: the report in OUT/reports/ that names this
    agency and year (a run of several groups), else OUT/report.html; "" when neither is there."""
    from rekon.pipeline_run import REPORTS_DIR

    if not out_dir:
        return ""
    year_text = "" if year is None or year != year else str(int(year))
    found = [path for path in sorted((Path(out_dir) / REPORTS_DIR).glob("*.html")) if _names_of(path) == (opd, year_text)]
    if len(found) > 1 and region:  # same-named agencies of several regions: the file name carries the region
        region_slug = re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-")
        found = [path for path in found if region_slug in path.name]
    if len(found) == 1:
        return str(found[0])
    single = Path(out_dir) / "report.html"
    return str(single) if single.is_file() else ""


_REPORT_HEAD = 65536  # the report's header (agency, year) comes after its inline CSS, well within this
_NAMED = re.compile(r'id="(opd|year)">([^<]*)<')


def _names_of(report: Path) -> tuple[str, str]:
    """(agency, year) as a report.html prints them in its header (each report read once while it is unchanged:
    a portfolio of N agencies asks about every report N times)."""
    stat = report.stat()
    return _names_in(str(report), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _names_in(report: str, mtime_ns: int, size: int) -> tuple[str, str]:
    with open(report, encoding="utf-8", errors="replace") as handle:
        head = handle.read(_REPORT_HEAD)
    found = dict(_NAMED.findall(head))
    return html.unescape(found.get("opd", "")), found.get("year", "")


def build_portfolio(store: Path, target: Path, lang: str) -> Path:
    from rekon.report.portfolio import write_portfolio
    from rekon.store.portfolio import agency_years, failed_files

    figures = agency_years(store)
    figures["report"] = [own_report(r["out_dir"], r["region"], r["opd"], r["year"]) for r in figures.to_dict("records")]
    return write_portfolio(figures, failed_files(store), target, str(store), lang)


def _open_or_exit(store: Path) -> None:
    if not store.is_file():
        _say(f"rekon: {store}: store tidak ada / no such store")
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        store: StoreArg,
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet dataset (one folder per table).")] = Path("parquet"),
    ) -> None:
        """Write the store's tables as Parquet under OUT, partitioned by agency (opd) and year."""
        from rekon.store import export_parquet

        _open_or_exit(store)
        written = export_parquet(store, out)
        for table, count in written.items():
            _say(f"  {out / table}  {count}")

    @app.command("query")
    def query_command(
        store: StoreArg,
        sql: Annotated[str, typer.Argument(help="One SQL statement (DuckDB dialect) over files, rows, problems, panel, findings, runs.")],
        csv: Annotated[bool, typer.Option("--csv", help="CSV on standard output instead of a table.")] = False,
    ) -> None:
        """Run SQL on the store (read only) and print the result."""
        import duckdb

        from rekon.store import run_query

        _open_or_exit(store)
        try:
            result = run_query(store, sql)
        except duckdb.Error as error:
            _say(f"rekon: {store}: {str(error).splitlines()[0]}")
            raise typer.Exit(2) from None
        # NULL prints as nothing, in every column type (pandas gives NaN for a NULL text or number,
        # which tabulate would print as "nan").
        result = result.astype(object).where(result.notna(), None)
        if csv:
            result.to_csv(sys.stdout, index=False, lineterminator="\n")
        else:
            from tabulate import tabulate

            typer.echo(tabulate(result, headers="keys", tablefmt="simple", showindex=False, floatfmt=".6g", missingval=""))
            _say(f"({len(result)} baris / rows)")

    @app.command("portfolio")
    def portfolio_command(
        store: StoreArg,
        out: Annotated[Path | None, typer.Option("--out", "-o", help=f"The page to write (default: {PORTFOLIO_NAME} beside the store).")] = None,
        lang: Annotated[str, typer.Option("--lang", help="id (Indonesian) or en.")] = "id",
    ) -> None:
        """Write portfolio.html: every agency of the store ranked by findings, absorption and achievement, year over year."""
        _open_or_exit(store)
        if lang not in ("id", "en"):
            _say(f"rekon: --lang {lang}: id atau/or en")
            raise typer.Exit(2)
        _say(f"  {build_portfolio(store, out or store.parent / PORTFOLIO_NAME, lang)}")
