"""The store's commands: `rekon export`, `rekon query`, `rekon portfolio`, and what `rekon run --store` does.

Kept apart from cli.py so the run orchestration can change without touching them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from rekon.engine.portfolio_page import build_portfolio
from rekon.engine.run import PORTFOLIO_NAME, STORE_NAME

StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help=f"DuckDB store the run is added to (default: OUT/{STORE_NAME}); the same file read again replaces its own rows."),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Do not write the store.")]
StoreArg = Annotated[Path, typer.Argument(help=f"A store written by `rekon run` ({STORE_NAME}).")]


def _say(text: str) -> None:
    typer.echo(text, err=True)


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
