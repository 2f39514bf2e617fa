"""rekon from Python: the same stages the command line runs, as plain functions of data.

    import rekon
    rows = rekon.extract(["tw1.pdf", "tw2.pdf", "tw3.pdf", "tw4.pdf"])
    panel = rekon.match(rows)
    findings = rekon.check(rows, panel)
    findings.frame.query("severity == 'error'")

Every result holds pandas DataFrames whose columns are documented in `rekon.schemas`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd

from rekon import schemas

PathArg = str | PathLike


@dataclass(frozen=True)
class Rows:
    """What extraction read: `frame` (schema `rekon.schemas.ROWS`) and `problems`
    (`rekon.schemas.PROBLEMS`: every file, page or cell that could not be read)."""

    frame: pd.DataFrame
    problems: pd.DataFrame
    failed_files: tuple[str, ...] = ()  # files that could not be read at all (their reason is in problems)

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Panel:
    """One line per indicator across TW I-IV (`frame`, schema `rekon.schemas.PANEL`) and the
    doubtful links to review (`review`, schema `rekon.schemas.REVIEW`)."""

    frame: pd.DataFrame
    review: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class Findings:
    """The discrepancies (`frame`, schema `rekon.schemas.FINDINGS`)."""

    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)

    def summary(self) -> pd.DataFrame:
        """Counts per rule and severity."""
        from rekon.rules import summary

        return summary(self.frame)


@dataclass(frozen=True)
class RunResult:
    """A whole run written to `out_dir`, as `rekon run` writes it, with its tables read back."""

    exit_code: int  # as the command's: 0 ok, 1 findings at --fail-on, 3 some file unreadable
    out_dir: Path
    rows: pd.DataFrame
    panel: pd.DataFrame
    findings: pd.DataFrame  # discrepancies.csv: schema `rekon.schemas.DISCREPANCIES` (findings and their review marks)


def _frame(value: Rows | pd.DataFrame) -> pd.DataFrame:
    return value.frame if isinstance(value, (Rows, Panel, Findings)) else value


def extract(
    paths: Iterable[PathArg],
    *,
    quarter: int | None = None,
    lang: str = "id",
    jobs: int = 1,
    backend: str = "pdfium",
    ocr: str = "auto",
    layout: PathArg | None = None,
) -> Rows:
    """Read every table row of the PDFs (files or folders of PDFs).

    A file that cannot be read does not raise: it is named in `problems` and in `failed_files`,
    and the other files are still read. `jobs` > 1 reads files in parallel processes (0: all
    cores); the result is the same whatever it is. `ocr` auto reads pages without a text layer
    (scans) by OCR, always reads every page by OCR, never refuses scans. `layout` is a layout
    file (your reports' header wordings per field, title words per family; see the README); one
    with an error raises ValueError (`LayoutError`) naming its line.
    """
    from rekon.extract.batch import expand_inputs, extract_files, problems_frame, rows_frame

    files = expand_inputs(Path(p) for p in paths)
    if not files:
        raise ValueError("no PDF files given")
    results = extract_files(files, quarter, backend, lang, jobs, ocr=ocr, layout=_load_layout(layout) if layout is not None else None)
    return Rows(
        frame=schemas.ROWS.validate(rows_frame(results)),
        problems=schemas.PROBLEMS.validate(problems_frame(results)),
        failed_files=tuple(r.source_file for r in results if not r.ok),
    )


def _load_layout(layout: PathArg):
    from rekon.extract.layout_file import load_layout

    return load_layout(Path(layout))


def match(rows: Rows | pd.DataFrame, *, overrides: PathArg | pd.DataFrame | None = None) -> Panel:
    """Align each indicator across the quarters; `overrides` is an analyst's overrides.csv
    (row_id_a, row_id_b, decision `same` or `different`), as a path or a frame."""
    from rekon.reconcile import match_rows, read_overrides

    decisions = overrides if isinstance(overrides, pd.DataFrame) or overrides is None else read_overrides(overrides)
    result = match_rows(_frame(rows), decisions)
    return Panel(frame=schemas.PANEL.validate(result.panel), review=schemas.REVIEW.validate(result.review))


def check(rows: Rows | pd.DataFrame, panel: Panel | pd.DataFrame, rules: PathArg | None = None, *, lang: str = "id") -> Findings:
    """Run the rules; `rules` is a YAML file that switches rules off or changes severities and
    tolerances (see rules/default_rules.yaml), None for the defaults."""
    from rekon.rules import check as run_rules
    from rekon.rules import load_ruleset

    ruleset = load_ruleset(Path(rules) if rules is not None else None)
    return Findings(schemas.FINDINGS.validate(run_rules(_frame(rows), _frame(panel), ruleset=ruleset, lang=lang)))


def run(paths: Iterable[PathArg], out_dir: PathArg, *, lang: str = "id", report: bool = True, jobs: int = 0,
        layout: PathArg | None = None, extra_args: Iterable[str] = ()) -> RunResult:
    """Exactly `rekon run PATHS -o OUT_DIR` (extract, group, match, check, report), quietly, and
    its tables read back. `layout`: a layout file (header wordings, title words; see the README);
    one with an error raises ValueError naming its line. `extra_args` passes any other option of
    the command, e.g. `["--overrides", "overrides.csv"]`."""
    from rekon.cli import app
    from rekon.reconcile import read_rows

    out = Path(out_dir)
    args = ["run", *map(str, paths), "-o", str(out), "--lang", lang, "--jobs", str(jobs), "--quiet", *extra_args]
    if layout is not None:
        _load_layout(layout)  # an error is the caller's ValueError, not an exit code
        args += ["--layout", str(layout)]
    if not report:
        args.append("--no-report")
    code = app(args, prog_name="rekon", standalone_mode=False)
    tables = {name: read_rows(out / f"{name}.csv") if (out / f"{name}.csv").exists() else pd.DataFrame()
              for name in ("rows", "panel", "discrepancies")}
    return RunResult(int(code or 0), out, tables["rows"], tables["panel"], tables["discrepancies"])
