"""The working-paper commands: `rekon workpapers` (the Kertas Kerja sheet as its own workbook) and
`rekon draft` (a draft review report in Word). Both read a finished run's OUT_DIR.

Kept apart from cli.py, like cli_store.py, so the run's orchestration can change without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

OutDirArg = Annotated[Path, typer.Argument(help="Directory written by `rekon run` (rows.csv, discrepancies.csv ...).")]
LangOpt = Annotated[str, typer.Option("--lang", help="id (Indonesian) or en.")]
RulesOpt = Annotated[Path | None, typer.Option("--rules", help="The rules file the run used, for its criteria, effects and recommendations.")]


def _say(text: str) -> None:
    typer.echo(text, err=True)


def _check(out_dir: Path, lang: str, rules_file: Path | None):
    """The run's folder and the rules, or a one-line usage error (exit 2)."""
    from rekon.rules.config import RuleConfigError, load_ruleset

    if lang not in ("id", "en"):
        _say(f"rekon: --lang {lang}: id atau/or en")
        raise typer.Exit(2)
    if not (out_dir / "discrepancies.csv").is_file():
        _say(f"rekon: {out_dir / 'discrepancies.csv'} tidak ada (jalankan `rekon run` dulu) / does not exist (run `rekon run` first)")
        raise typer.Exit(2)
    try:
        return load_ruleset(rules_file)
    except RuleConfigError as error:
        _say(f"rekon: {error}")
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    @app.command("workpapers")
    def workpapers_command(
        out_dir: OutDirArg,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="The workbook to write (default OUT_DIR/kertas-kerja.xlsx; working-papers.xlsx with --lang en).")] = None,
        lang: LangOpt = "id",
        rules_file: RulesOpt = None,
    ) -> None:
        """Write the working papers (kertas kerja): one row per finding that needs action, as kondisi,
        kriteria, akibat and rekomendasi, grouped per agency and year, each linked to its evidence."""
        from rekon.report.workpapers import write_workpapers

        ruleset = _check(out_dir, lang, rules_file)
        _say(f"  {write_workpapers(out_dir, out, lang, ruleset)}")

    @app.command("draft")
    def draft_command(
        out_dir: OutDirArg,
        out: Annotated[Path, typer.Option("--out", "-o", help="The Word document to write.")] = Path("laporan.docx"),
        lang: LangOpt = "id",
        rules_file: RulesOpt = None,
    ) -> None:
        """Write a draft review report (laporan hasil reviu) in Word for the auditor to edit: scope,
        method, findings per rule, each finding that needs action with its evidence, appendices."""
        from rekon.report.draft import write_draft

        ruleset = _check(out_dir, lang, rules_file)
        _say(f"  {write_draft(out_dir, out, lang, ruleset)}")
