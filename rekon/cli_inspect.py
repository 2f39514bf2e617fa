"""`rekon inspect FILE.pdf [--pages N] -o DIR`: each page drawn with what rekon read on it (extract/inspect.py).

Kept apart from cli.py, like the store's commands.
"""

# No `from __future__ import annotations`: typer reads these annotations, and the layout option is a parameter.
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, layout_option, families) -> None:
    @app.command("inspect")
    def inspect_command(
        pdf: Annotated[Path, typer.Argument(help="The PDF to look at.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the page images and index.html.")] = Path("inspect"),
        pages: Annotated[str | None, typer.Option("--pages", help="3: the first three pages; 2-4,7: those pages (default: all).")] = None,
        layout: layout_option = None,
        ocr: Annotated[str, typer.Option("--ocr", help="auto, always or never (as for extract).")] = "auto",
    ) -> None:
        """Draw each page with the grid read, each column's field, confidence and what decided it, and each row's level:
        OUT/page-NNN.png and OUT/index.html. The first thing to look at when a report is not read right."""
        from rekon.extract.families import BUILTIN
        from rekon.extract.inspect import inspect_file

        if not pdf.is_file():
            typer.echo(f"rekon: {pdf}: tidak ada / does not exist", err=True)
            raise typer.Exit(2)
        if pages is not None and not all(part.strip().replace("-", "").isdigit() for part in pages.split(",")):
            typer.echo(f"rekon: --pages {pages}: expected a number (the first N pages) or pages like 2-4,7", err=True)
            raise typer.Exit(2)
        try:
            index = inspect_file(pdf, out, pages, families(layout) or BUILTIN, ocr)
        except OSError as error:
            typer.echo(f"rekon: {pdf}: {error.strerror or error}", err=True)
            raise typer.Exit(3) from None
        typer.echo(str(index))
