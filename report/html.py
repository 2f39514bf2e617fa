"""report.html: one self-contained page (inline CSS, JS and images) built from a Jinja2 template.

This module turns the run's CSVs into plain dicts for the template; the page's
look lives in templates/report.css and its behaviour (filter, sort, evidence
dialog) in templates/report.js, both inlined at render time so the file works
offline and can be mailed as is.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from rekon.report.charts import findings_per_rule_chart
from rekon.report.evidence import Evidence
from rekon.report.files import write_atomically
from rekon.report.indicators import QUARTERS, indicator_cards
from rekon.report.inputs import RunOutputs
from rekon.report.labels import QUARTER_NAMES, quarter_name, quarters_label
from rekon.report.values import SEVERITIES, findings_in_reading_order, number_text, severity_rank

Tick = Callable[[], None]
REVIEW_STATUSES = ("new", "open", "reviewed")  # as rekon.review.marks writes them into discrepancies.csv


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    """Built once per process: a batch's worker writes many groups' reports with the same compiled template."""
    return Environment(loader=PackageLoader("rekon.report", "templates"), autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def files_read(outputs: RunOutputs) -> list[dict]:
    """Every file rekon was given: its quarter, rows and reading problems (a file with no rows is listed too)."""
    rows, problems = outputs.rows, outputs.problems
    problem_counts = Counter(problems["source_file"]) if len(problems) else Counter()
    files = {}
    for source_file, group in rows.groupby("source_file", sort=False) if len(rows) else []:
        quarters = sorted(set(group["quarter"]) - {""})
        files[source_file] = {"name": source_file, "quarter": ", ".join(quarter_name(q) for q in quarters), "rows": len(group)}
    for source_file in problem_counts:
        files.setdefault(source_file, {"name": source_file, "quarter": "", "rows": 0})
    for entry in files.values():
        entry["problems"] = problem_counts.get(entry["name"], 0)
    return sorted(files.values(), key=lambda f: (f["quarter"] == "", f["quarter"], f["name"]))


def _first(frame: pd.DataFrame, column: str) -> str:
    if column not in frame or not len(frame):
        return ""
    values = [v for v in frame[column].unique() if v]
    return ", ".join(values[:3])


def summaries(findings: pd.DataFrame, labels: dict[str, str]) -> dict:
    per_rule: dict[str, dict[str, int]] = defaultdict(dict)
    for (rule, severity), count in Counter(zip(findings["rule"], findings["severity"])).items():
        per_rule[rule][severity] = count
    rule_rows = sorted(
        ({"rule": rule, "counts": [counts.get(s, 0) for s in SEVERITIES], "total": sum(counts.values())} for rule, counts in per_rule.items()),
        key=lambda r: ([-c for c in r["counts"]], r["rule"]),
    )
    severity_counts = Counter(findings["severity"])
    program_counts: dict[str, Counter] = defaultdict(Counter)
    for program, severity in zip(findings["program"], findings["severity"]):
        program_counts[program or labels["no_program"]][severity] += 1
    program_rows = sorted(
        ({"program": p, "counts": [c.get(s, 0) for s in SEVERITIES], "total": sum(c.values())} for p, c in program_counts.items()),
        key=lambda r: (-r["total"], r["program"]),
    )
    chart = findings_per_rule_chart(per_rule, SEVERITIES, {s: labels[s] for s in SEVERITIES}, labels["chart_rule_title"])
    return {
        "rules": rule_rows,
        "severities": [{"severity": s, "label": labels[s], "count": severity_counts.get(s, 0)} for s in SEVERITIES],
        "programs": program_rows,
        "severity_totals": [severity_counts.get(s, 0) for s in SEVERITIES],
        "chart": chart,
    }


def finding_rows(outputs: RunOutputs, evidence: Evidence, lang: str) -> list[dict]:
    rows = []
    for finding in findings_in_reading_order(outputs.findings):
        quarter = quarters_label(finding)
        rows.append({
            **finding,
            "quarter_label": quarter,
            "severity_rank": severity_rank(finding["severity"]),
            "expected_text": number_text(finding["expected"], lang),
            "actual_text": number_text(finding["actual"], lang),
            "difference_text": number_text(finding["difference"], lang),
            # A name or an indicator text (nonstandard_name, indikator_changed) wraps, left aligned.
            "expected_is_text": any(ch.isalpha() for ch in finding["expected"]),
            "actual_is_text": any(ch.isalpha() for ch in finding["actual"]),
            "file_name": Path(finding["source_file"]).name,
            "crops": evidence.by_finding.get(finding["finding_id"], []),
        })
    return rows


def review_rows(outputs: RunOutputs) -> list[dict]:
    rows = []
    for record in outputs.review.to_dict("records"):
        runners = []
        for n in (1, 2, 3):
            if record.get(f"runner_up_{n}_row_id"):
                runners.append({"row_id": record[f"runner_up_{n}_row_id"], "indikator": record.get(f"runner_up_{n}_indikator", ""), "score": record.get(f"runner_up_{n}_score", "")})
        rows.append({**{k: record.get(k, "") for k in ("quarter_a", "row_id_a", "indikator_a", "quarter_b", "row_id_b", "indikator_b", "score")}, "runners": runners})
    return rows


def _crop_entry(crop) -> dict:
    entry = {"caption": crop.caption, "src": crop.data_uri, "note": crop.note}
    if crop.image:
        entry.update(img=crop.image, cells=[list(box) for box in crop.cells])
    return entry


def render_html(outputs: RunOutputs, evidence: Evidence, labels: dict[str, str], lang: str, tick: Tick | None = None) -> str:
    tick = tick or (lambda: None)
    environment = _environment()
    findings = finding_rows(outputs, evidence, lang)
    context = {
        "lang": lang,
        "L": labels,
        "severities": SEVERITIES,
        "quarter_names": [QUARTER_NAMES[q] for q in QUARTERS],
        "opd": _first(outputs.rows, "opd"),
        "year": _first(outputs.rows, "year"),
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "out_dir": str(outputs.out_dir),
        "files": files_read(outputs),
        "summary": summaries(outputs.findings, labels),
        "findings": findings,
        "info_count": sum(f["severity"] == "info" for f in findings),
        "rule_options": sorted(set(outputs.findings["rule"])),
        "program_options": sorted({f["program"] for f in findings} - {""}),
        # rekon review's marks (new / open / reviewed) when the run had them
        "status_options": [s for s in REVIEW_STATUSES if any(f.get("review_status") == s for f in findings)],
        # A row's picture is embedded once (crop_images) however many findings show it; each crop
        # names its picture and the column outlines the page draws over it.
        "crops": {key: _crop_entry(c) for key, c in evidence.crops.items()},
        "crop_images": evidence.images,
        "indicators": indicator_cards(outputs, labels, lang, tick),
        "review": review_rows(outputs),
        "css": environment.loader.get_source(environment, "report.css")[0],
        "js": environment.loader.get_source(environment, "report.js")[0],
    }
    return environment.get_template("report.html.j2").render(**context)


def write_html(outputs: RunOutputs, evidence: Evidence, labels: dict[str, str], lang: str, path: Path, tick: Tick | None = None) -> Path:
    html = render_html(outputs, evidence, labels, lang, tick)
    return write_atomically(path, lambda temp: temp.write_text(html, encoding="utf-8"))
