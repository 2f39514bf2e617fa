"""The report of a run: OUT_DIR/report.html (self-contained, offline) and OUT_DIR/report.xlsx.

    from rekon.report import write_report
    write_report("out", lang="id", progress=lambda done, total: ...)

It reads only the CSVs a run wrote (rows, problems, panel, review,
discrepancies) and the PDFs they name, for the evidence crops. Nothing in
extract/, reconcile/ or rules/ imports this package.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rekon.report.charts import close_all
from rekon.report.evidence import build_evidence, plan_crops
from rekon.report.html import write_html
from rekon.report.indicators import count_indicator_cards
from rekon.report.inputs import RunOutputs, read_outputs
from rekon.report.labels import labels_for
from rekon.report.workbook import write_workbook
from rekon.rules.config import RuleSet, load_ruleset

__all__ = ["write_report", "read_outputs", "RunOutputs", "ProgressCallback"]

# progress(done, total): called after each step; total is known from the first call.
ProgressCallback = Callable[[int, int], None]

HTML_NAME = "report.html"
XLSX_NAME = "report.xlsx"


class _Steps:
    """Counts steps for the caller's progress bar; silent when there is no callback."""

    def __init__(self, total: int, progress: ProgressCallback | None):
        self.total, self.done, self._progress = total, 0, progress

    def tick(self) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)


def write_report(out_dir: Path | str, lang: str = "id", progress: ProgressCallback | None = None, rules: RuleSet | Path | str | None = None,
                 html_name: str = HTML_NAME) -> list[Path]:
    """Write OUT_DIR/report.html and OUT_DIR/report.xlsx from the CSVs of a run; returns their paths.

    `rules` (a RuleSet, a user's rules file, or None for the defaults) gives the working papers'
    criteria; `html_name` is the name report.html will have beside report.xlsx (the working
    papers link each finding's evidence to it). Steps reported through `progress`: one per
    evidence crop, one per indicator chart, one per file.
    """
    out_dir = Path(out_dir)
    labels = labels_for(lang)
    outputs = read_outputs(out_dir)
    plan = plan_crops(outputs)
    crop_count = len({request.key for requests in plan.values() for request in requests})
    steps = _Steps(crop_count + count_indicator_cards(outputs) + 2, progress)
    try:
        evidence = build_evidence(outputs, labels, plan, steps.tick, shared=True)
        html_path = write_html(outputs, evidence, labels, lang, out_dir / HTML_NAME, steps.tick)
        steps.tick()
        ruleset = rules if isinstance(rules, RuleSet) else load_ruleset(rules)
        xlsx_path = write_workbook(outputs, labels, out_dir / XLSX_NAME, lang, ruleset, html_name)
        steps.tick()
    finally:
        close_all()
    return [html_path, xlsx_path]
