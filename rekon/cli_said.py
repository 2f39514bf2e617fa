"""What the commands print: each step of a run as it finishes, the summaries, in the user's language."""

from __future__ import annotations

from pathlib import Path

import typer

from rekon import engine
from rekon.engine import BatchOutcome, RunOptions, RunOutcome
from rekon.extract.messages import both, message
from rekon.progress import Progress


def say(text: str) -> None:
    typer.echo(text, err=True)


def say_failed(batch: BatchOutcome, lang: str) -> None:
    for result in batch.failed:
        say(f"{result.source_file}: {result.reason(lang)}")


def say_stale_verdicts(out: Path, stale: int, lang: str | None) -> None:
    """Verdicts kept for findings no longer reported; `lang` None: both languages (as `run` says it)."""
    if not stale:
        return
    said = both("cli_stale_verdicts", count=stale) if lang is None else message("cli_stale_verdicts", lang, count=stale)
    say(f"{out / 'verdicts.csv'}: {said}")


def print_summary(findings, lang: str) -> None:
    import rekon.rules as rules_engine

    counts = rules_engine.summary(findings)
    say(f"{message('cli_findings_title', lang)}: {len(findings)}")
    if "review_status" in findings:
        status = findings["review_status"].value_counts()
        new, still_open, reviewed = (int(status.get(name, 0)) for name in ("new", "open", "reviewed"))
        say("  " + message("cli_review_status", lang, new=new, open=still_open, reviewed=reviewed))
    for row in counts.itertuples(index=False):
        say(f"  {row.severity:<8} {row.rule:<28} {row.count:>5}")


class RunSaid(engine.RunListener):
    """What `rekon run` prints as the run goes, and its progress bars."""

    def __init__(self, out: Path, options: RunOptions, quiet: bool):
        self.out, self.options, self.lang, self.quiet = out, options, options.lang, quiet
        self._bar: Progress | None = None

    def _open_bar(self, label: str, total: int) -> None:
        self.close()
        self._bar = Progress(label, total, self.quiet).__enter__()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def started(self, files: list[Path]) -> None:
        self._open_bar(message("cli_extracting", self.lang), len(files))

    def file_read(self, result) -> None:
        if self._bar is not None:
            self._bar.advance(result.source_file)

    def extracted(self, batch: BatchOutcome) -> None:
        self.close()
        say_failed(batch, self.lang)
        _summarise_extraction(batch, self.lang)

    def reconciled(self, outcome: RunOutcome) -> None:
        say_stale_verdicts(self.out, outcome.stale_verdicts, None)
        print_summary(outcome.marks, self.lang)
        for path in outcome.batch.written:
            say(f"  {path}")
        for row_id_a, row_id_b, reason in outcome.unused_overrides:
            say(f"{self.options.overrides}: {row_id_a},{row_id_b}: {reason}")

    def report_progress(self, done: int, total: int) -> None:
        if self._bar is None:
            self._open_bar(message("cli_reporting", self.lang), total)
        self._bar.advance()

    def reported(self, outcome: RunOutcome) -> None:
        self.close()
        if outcome.report_error:
            say(f"rekon: laporan gagal / report failed: {outcome.report_error}")
        for path in outcome.reports:
            say(f"  {path}")

    def stored(self, outcome: RunOutcome) -> None:
        say_stored(outcome.store, self.lang)


def say_stored(store: engine.StoreOutcome, lang: str) -> None:
    if store.error:
        say(f"rekon: store {store.path} gagal / failed: {store.error}")
        return
    loaded = store.loaded
    said = message("cli_stored", lang, run_id=loaded.run_id, files=loaded.files, rows=loaded.rows, findings=loaded.findings, new=loaded.new_findings)
    say(f"  {store.path} ({said})")
    if store.portfolio is not None:
        say(f"  {store.portfolio}")


def say_unnamed_columns(results, lang: str) -> None:
    """Columns kept but given no field: their header texts, per file read (their cells are in problems.csv).
    A file refused has said its one line, which names its header cells."""
    for result in results:
        if result.ok and result.unnamed_columns:
            named = ", ".join(f"'{text}'" for text in result.unnamed_columns[:6])
            say(f"  {result.source_file}: {message('cli_unnamed_columns', lang, named=named)}")


def say_resumed(outcome: BatchOutcome, lang: str) -> None:
    if outcome.resumed:
        say("  " + message("cli_resumed", lang, count=outcome.resumed))


def _summarise_extraction(outcome: BatchOutcome, lang: str) -> None:
    results = [r for i, r in enumerate(outcome.files) if i not in outcome.duplicates]
    read = sum(r.ok for r in results)
    grid_rows = sum(r.table_rows for r in results)
    say(message("cli_run_extracted", lang, read=read, total=len(outcome.files), grid_rows=grid_rows, rows=outcome.rows, problems=outcome.problems))
    if outcome.duplicates:
        say("  " + message("cli_identical_files", lang, count=len(outcome.duplicates)))
    say_resumed(outcome, lang)
    say_unnamed_columns(results, lang)
    for group in outcome.groups:
        say(f"  {group.label}  [{group.how_formed(lang)}]")
    for summary in outcome.summaries:
        if summary.error:
            say(f"  {outcome.groups[summary.index].label}: {summary.error}")
