"""Run the enabled rules over rows and panel and return the discrepancy table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

# Importing the check modules registers their rules.
from rekon.rules import quarter_to_quarter, sums, within_quarter  # noqa: F401
from rekon.rules import nomenclature_checks, renja  # noqa: F401
from rekon.rules.weak_evidence import LEVEL_BASIS, soften, structure_note
from rekon.rules.config import SEVERITY_ORDER, Rule, RuleConfigError, RuleSet, load_ruleset
from rekon.rules.findings import FINDING_COLUMNS, empty_findings
from rekon.rules.finding_messages import render
from rekon.rules.registry import CHECKS
from rekon.rules.rule_inputs import Report, panel_keys_by_row, prepare


def finding_id(rule: str, row_id: str, field: str, quarter: object, previous_quarter: object, indicator_key: str) -> str:
    """Stable for the same input: a short hash of what the finding is about."""
    text = "|".join(map(str, (rule, row_id, field, quarter, previous_quarter, indicator_key)))
    return f"{rule}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


# What a finding says of its row, besides what the rule found.
_CONTEXT_COLUMNS = ["quarter_no", "program", "kegiatan", "sub_kegiatan", "indikator", "source_file", "page", "order"]


def _context_by_row(report: Report) -> pd.DataFrame:
    """Each row's context, by row id: looked up once per check, not once per rule."""
    return report.rows.drop_duplicates("row_id").set_index("row_id")[_CONTEXT_COLUMNS]


def _complete(raws: list[tuple[Rule, pd.DataFrame]], context_by_row: pd.DataFrame, keys_by_row: pd.Series, lang: str) -> pd.DataFrame:
    """Raw findings of the rules, in rule order -> full findings: severity, context, message and id.
    All rules' findings at once: completing them rule by rule cost more than the rules themselves."""
    raw = pd.concat([found for _, found in raws], ignore_index=True)
    rules = [rule for rule, found in raws for _ in range(len(found))]
    context = context_by_row.reindex(raw["row_id"].map(_text))
    found = pd.DataFrame(index=raw.index)
    found["rule"] = [rule.id for rule in rules]
    own_severity = raw["severity"].notna() & (raw["severity"] != "")
    found["severity"] = raw["severity"].where(own_severity, pd.Series([rule.severity for rule in rules], index=raw.index, dtype=object))
    found["quarter"] = pd.to_numeric(raw["quarter"].where(raw["quarter"].notna(), context["quarter_no"].to_numpy()), errors="coerce").astype("Int64")
    found["previous_quarter"] = pd.to_numeric(raw["previous_quarter"], errors="coerce").astype("Int64")
    found["row_id"] = raw["row_id"].map(_text)
    from_panel = keys_by_row.reindex(found["row_id"]).to_numpy()
    found["indicator_key"] = [_text(k) or _text(p) for k, p in zip(raw["indicator_key"], from_panel)]
    for column in ("program", "kegiatan", "sub_kegiatan", "indikator"):
        found[column] = context[column].map(_text).to_numpy()
    found["field"] = raw["field"].map(_text)
    found["expected"] = raw["expected"].map(_text)
    found["actual"] = raw["actual"].map(_text)
    found["difference"] = pd.to_numeric(raw["difference"], errors="coerce").astype(float)
    found["source_file"] = context["source_file"].map(_text).to_numpy()
    found["page"] = context["page"].map(_text).to_numpy()
    found["message"] = [
        render(rule.message(lang), lang, field=f, expected=e, actual=a, difference=d, quarter=q, previous_quarter=p, details=details)
        for rule, f, e, a, d, q, p, details in zip(
            rules, found["field"], found["expected"], found["actual"], found["difference"], found["quarter"], found["previous_quarter"], raw["details"]
        )
    ]
    found["finding_id"] = [
        finding_id(rule.id, r, f, q, p, k)
        for rule, r, f, q, p, k in zip(rules, found["row_id"], found["field"], found["quarter"], found["previous_quarter"], found["indicator_key"])
    ]
    found["level_basis"] = [_text(d.get(LEVEL_BASIS, "")) if isinstance(d, dict) else "" for d in raw["details"]]
    found["message"] = [m + structure_note(b, lang) if b else m for m, b in zip(found["message"], found["level_basis"])]
    found["_order"] = context["order"].to_numpy()
    return found


def _ruleset(ruleset: RuleSet | Path | str | None) -> RuleSet:
    if ruleset is None or isinstance(ruleset, (str, Path)):
        return load_ruleset(ruleset)
    return ruleset


def check(rows: pd.DataFrame, panel: pd.DataFrame | None = None, ruleset: RuleSet | Path | str | None = None, lang: str = "id") -> pd.DataFrame:
    """Every finding of the enabled rules, sorted by severity, program, quarter and row order."""
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', not {lang!r}")
    ruleset = _ruleset(ruleset)
    report = prepare(rows, panel)
    keys_by_row = panel_keys_by_row(report.panel)
    context_by_row = _context_by_row(report)
    raws = []
    for rule in ruleset.enabled():
        if rule.id not in CHECKS:
            raise RuleConfigError(f"rule '{rule.id}' has no check registered")
        raw = CHECKS[rule.id](report, dict(rule.params))
        if not raw.empty:
            raws.append((rule, raw))
    if not raws:
        return empty_findings()
    findings = _complete(raws, context_by_row, keys_by_row, lang)
    findings = findings.drop_duplicates("finding_id")
    findings = soften(findings, rows, lang)
    findings["_severity"] = findings["severity"].map(SEVERITY_ORDER)
    findings = findings.sort_values(
        ["_severity", "program", "quarter", "_order", "rule", "field"], na_position="first", kind="stable"
    )
    return findings[FINDING_COLUMNS].reset_index(drop=True)
