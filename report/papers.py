"""The findings of a run as working papers see them: which need action, with their context and texts.

A finding **needs action** when an auditor must follow it up: its severity is error or warning
and review has not set it aside, or review confirmed it (verdict true_inconsistency) whatever its
severity. Set aside are the findings judged `acceptable` or a `rekon_error` in `rekon review`;
they are listed apart. Info findings without a verdict are counted, not listed.

Each finding is placed in its group (region, agency, year: the row's, as rows.csv holds them)
and told as kondisi (report.kondisi), kriteria (the rule's criterion and reference), akibat,
rekomendasi and an empty sebab for the auditor.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rekon.report.inputs import RunOutputs
from rekon.report.kondisi import kondisi, quarter_words
from rekon.report.values import severity_rank
from rekon.rules.config import RuleSet, load_ruleset

ACTION_SEVERITIES = ("error", "warning")
SET_ASIDE_VERDICTS = ("acceptable", "rekon_error")
CONFIRMED_VERDICT = "true_inconsistency"
_ROW_NUMBER = re.compile(r":p(\d+):r(\d+)")


def needs_action(finding: dict) -> bool:
    verdict = finding.get("verdict", "") or ""
    if verdict == CONFIRMED_VERDICT:
        return True
    if verdict in SET_ASIDE_VERDICTS:
        return False
    return finding.get("severity", "") in ACTION_SEVERITIES


def set_aside(finding: dict) -> bool:
    return (finding.get("verdict", "") or "") in SET_ASIDE_VERDICTS


@dataclass
class PaperFinding:
    finding: dict
    row: dict | None
    title: str
    quarters: str
    location: str
    kondisi: str
    kriteria: str
    akibat: str
    rekomendasi: str
    number: int = 0

    @property
    def finding_id(self) -> str:
        return self.finding["finding_id"]


@dataclass
class PaperGroup:
    region: str
    opd: str
    year: str
    action: list[PaperFinding] = field(default_factory=list)
    set_aside: list[PaperFinding] = field(default_factory=list)
    info_count: int = 0  # info findings without a verdict: counted, not listed
    quarters: list[str] = field(default_factory=list)  # the quarters read
    counts: Counter = field(default_factory=Counter)  # (rule, severity) -> findings of the group

    def label(self, unknown: str) -> str:
        return " · ".join(filter(None, (self.region, self.opd or unknown, self.year)))


def location_text(finding: dict, page_word: str, row_word: str) -> str:
    """`tw3.pdf, hal. 4, baris 12`: the file, the page and the row on that page."""
    found = _ROW_NUMBER.search(finding.get("row_id", "") or "")
    parts = [Path(finding.get("source_file", "") or "").name]
    page = finding.get("page", "") or (found.group(1) if found else "")
    if page:
        parts.append(f"{page_word} {page}")
    if found:
        parts.append(f"{row_word} {found.group(2)}")
    return ", ".join(p for p in parts if p)


def quarters_text(finding: dict, lang: str) -> str:
    quarter = quarter_words(finding.get("quarter", ""), lang)
    previous = quarter_words(finding.get("previous_quarter", ""), lang)
    return f"{previous} → {quarter}" if previous and quarter else quarter


def criterion_text(rule, lang: str, reference_word: str) -> str:
    text = rule.text("criterion", lang)
    return f"{text} ({reference_word}: {rule.reference})" if text and rule.reference else text


def _paper(finding: dict, row: dict | None, ruleset: RuleSet, lang: str, words: dict) -> PaperFinding:
    rule = ruleset.rules.get(finding["rule"])
    template = rule.text("condition", lang) if rule else ""
    return PaperFinding(
        finding=finding,
        row=row,
        title=(rule.text("title", lang) if rule else "") or finding["rule"],
        quarters=quarters_text(finding, lang),
        location=location_text(finding, words["page"], words["row"]),
        kondisi=kondisi(finding, row, template, lang),
        kriteria=criterion_text(rule, lang, words["reference"]) if rule else "",
        akibat=rule.text("effect", lang) if rule else "",
        rekomendasi=rule.text("recommendation", lang) if rule else "",
    )


def _order(paper: PaperFinding) -> tuple:
    f = paper.finding
    return (severity_rank(f["severity"]), f["rule"], str(f.get("quarter", "")), f.get("source_file", ""), _row_order(f.get("row_id", "")))


def _row_order(row_id: str) -> tuple[int, int]:
    found = _ROW_NUMBER.search(row_id or "")
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def build_papers(outputs: RunOutputs, ruleset: RuleSet | None, lang: str, words: dict) -> list[PaperGroup]:
    """The run's findings as working papers, one group per region, agency and year (in that order)."""
    ruleset = ruleset if ruleset is not None else load_ruleset()
    groups: dict[tuple[str, str, str], PaperGroup] = {}
    quarters_by_group: dict[tuple[str, str, str], set] = {}
    for row in outputs.records("rows") if len(outputs.rows) else []:
        key = _key(row)
        groups.setdefault(key, PaperGroup(*key))
        quarters_by_group.setdefault(key, set()).add(row.get("quarter", ""))
    for finding in outputs.records("findings") if len(outputs.findings) else []:
        row = outputs.row(finding.get("row_id", ""))
        key = _key(row or {})
        group = groups.setdefault(key, PaperGroup(*key))
        group.counts[(finding["rule"], finding["severity"])] += 1
        if needs_action(finding):
            group.action.append(_paper(finding, row, ruleset, lang, words))
        elif set_aside(finding):
            group.set_aside.append(_paper(finding, row, ruleset, lang, words))
        else:
            group.info_count += 1
    number = 0
    for key in sorted(groups):
        group = groups[key]
        group.quarters = [quarter_words(q, lang) for q in sorted(q for q in quarters_by_group.get(key, set()) if q)]
        group.action.sort(key=_order)
        group.set_aside.sort(key=_order)
        for paper in group.action:
            number += 1
            paper.number = number
    return [groups[key] for key in sorted(groups)]


def _key(row: dict) -> tuple[str, str, str]:
    return (str(row.get("region", "") or ""), str(row.get("opd", "") or ""), str(row.get("year", "") or ""))


# ---------------------------------------------------------------------------------------------
# Where each finding's evidence is: the report.html that shows it


_REPORT_HEAD = 65536  # a report's header (agency, year) comes after its inline CSS, within this
_NAMED = re.compile(r'id="(opd|year)">([^<]*)<')


def report_pages(out_dir: Path) -> dict[tuple[str, str], str]:
    """(agency, year) -> the report.html (relative to OUT_DIR) that holds its findings' evidence.

    A run of one group has OUT_DIR/report.html; a run of several has one report per group in
    OUT_DIR/reports/, each naming its agency and year in its header. Key ("", "") is the single report."""
    import html

    pages: dict[tuple[str, str], str] = {}
    for path in sorted((out_dir / "reports").glob("*.html")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            found = dict(_NAMED.findall(handle.read(_REPORT_HEAD)))
        pages.setdefault((html.unescape(found.get("opd", "")), found.get("year", "")), f"reports/{path.name}")
    if (out_dir / "report.html").is_file() and not pages:
        pages[("", "")] = "report.html"
    return pages


def evidence_target(pages: dict[tuple[str, str], str], group: PaperGroup, finding_id: str) -> str:
    page = pages.get((group.opd, group.year)) or pages.get(("", ""), "")
    return f"{page}#f-{finding_id}" if page else ""
