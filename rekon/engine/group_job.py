"""A group's job (an agency's year in one region), run in the pool once its files are read.

It repairs the group's files with each other (words a narrow column cut, levels settled
across quarters), then matches its quarters, runs the rules, keeps the results in the
cache and, in a batch of several groups, writes the group's own report.
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from rekon.engine.cache import FileCache
from rekon.engine.group_tables import first_run_texts
from rekon.engine.pool import Job
from rekon.extract.cross_file import across_files, problems_frame, rows_frame, said_problems
from rekon.extract.output import csv_text, write_table
from rekon.extract.pipeline import FileResult
from rekon.extract.problems import Problem
from rekon.groups import Group, group_problems
from rekon.object_strings import object_strings

REPORTS_DIR = "reports"


@dataclass
class GroupSummary:
    index: int
    severity_counts: dict[str, int] = field(default_factory=dict)  # findings per severity (a count: a batch's findings are not held)
    unused_overrides: list[dict] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    error: str = ""  # the group's job was stopped (time, memory)
    crash: str = ""  # the group's job raised: a defect in rekon
    trace: str = ""  # its traceback (for --debug)


@dataclass(frozen=True)
class GroupSpec:
    index: int
    label: str
    slug: str
    file_ids: tuple[str, ...]  # the files matched, in input order
    member_ids: tuple[str, ...]  # every file of the group (for its report's files and problems)
    problems: tuple[Problem, ...]  # duplicate quarters, missing quarters
    region: str = ""  # the region the group's rows carry where their title prints none (groups.Group.row_region)


@dataclass(frozen=True)
class GroupWork:
    """What a group's job does besides settling its files: match and check (`reconcile`), its own report."""

    reconcile: bool = True
    rules_file: Path | None = None
    lang: str = "id"
    report_root: Path | None = None  # OUT, when the group writes its own report into OUT/reports/
    keep_results: bool = False  # the settled results too (rekon.extract() returns them whole)


def group_job(n: int, group: Group, position: dict[int, int], cache: FileCache, work: GroupWork, overrides: pd.DataFrame | None) -> Job:
    """`position`: id(light result) -> input index, so a group's files keep the order they were given."""
    used = sorted(group.used(), key=lambda r: position[id(r)])
    members = sorted(group.members(), key=lambda r: position[id(r)])
    spec = GroupSpec(n, group.label, f"{n + 1:03d}-{group.slug}", tuple(r.file_id for r in used), tuple(r.file_id for r in members),
                     tuple(group_problems(group)), group.row_region)
    return Job(("group", n), partial(reconcile_group, spec, cache, overrides_of(overrides, spec.file_ids), work), partial(_group_failed, n))


def _group_failed(index: int, code: str, **values) -> GroupSummary:
    if code in ("defect", "crashed"):
        return GroupSummary(index, crash=str(values.get("detail", "")), trace=str(values.get("trace", "")))
    return GroupSummary(index, error=code)


def overrides_of(overrides: pd.DataFrame | None, ids: tuple[str, ...]) -> pd.DataFrame | None:
    """The decisions that name a row of the group's files (row ids start with the file's id)."""
    if overrides is None:
        return None
    prefixes = tuple(f"{file_id}:" for file_id in ids)
    touches = overrides["row_id_a"].str.startswith(prefixes) | overrides["row_id_b"].str.startswith(prefixes)
    return overrides[touches]


def reconcile_group(spec: GroupSpec, cache: FileCache, overrides: pd.DataFrame | None, work: GroupWork) -> GroupSummary:
    with object_strings():
        return _reconcile_group(spec, cache, overrides, work)


def _reconcile_group(spec: GroupSpec, cache: FileCache, overrides: pd.DataFrame | None, work: GroupWork) -> GroupSummary:
    from rekon.reconcile import match_rows
    from rekon.rules import check, load_ruleset

    members = across_files([cache.load(file_id) for file_id in spec.member_ids])
    _carry_region(members, spec.region)
    cache.save_settled(members, whole=work.keep_results, lang=work.lang)
    if not work.reconcile:
        return GroupSummary(spec.index)
    by_id = {member.file_id: member for member in members}
    results = [by_id[file_id] for file_id in spec.file_ids]
    rows = rows_frame(results)
    matched = match_rows(rows, overrides, by=())
    panel = _as_written(matched.panel)
    findings = check(rows, panel, ruleset=load_ruleset(work.rules_file), lang=work.lang)
    unused = [vars(u) for u in matched.unused_overrides]
    cache.save_group(spec.index, {"panel": matched.panel, "review": matched.review, "findings": findings})
    cache.save_group_texts(spec.index, first_run_texts(matched.panel, matched.review, findings))
    summary = GroupSummary(spec.index, {str(k): int(v) for k, v in findings["severity"].value_counts().items()}, unused)
    if work.report_root is not None:
        summary.reports = _group_report(spec, members, cache, rows, matched, findings, work.lang, work.report_root, work.rules_file)
    return summary


def _carry_region(members: list[FileResult], region: str) -> None:
    """Rows whose title prints no region take the one the group was formed by (its folder's)."""
    if not region:
        return
    for member in members:
        for record in member.rows:
            if not record.get("region"):
                record["region"] = region


def _as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as it reads back from its CSV: every cell the text written (what the rules saw in files)."""
    return pd.read_csv(io.StringIO(csv_text(frame, header=True)), dtype=str, keep_default_na=False)


def _group_report(spec: GroupSpec, members: list[FileResult], cache: FileCache, rows, matched, findings, lang: str, report_root: Path,
                  rules_file: Path | None = None) -> list[str]:
    """The group's own report.html and report.xlsx, in OUT/reports/; its crops live only while it is written."""
    from rekon.report import write_report

    work = cache.work_dir(spec.slug)
    write_table(rows_frame(members), work / "rows.csv")
    problems = pd.concat([problems_frame(members, lang), said_problems(list(spec.problems), lang)], ignore_index=True)
    write_table(problems, work / "problems.csv")
    write_table(matched.panel, work / "panel.csv")
    write_table(matched.review, work / "review.csv")
    write_table(findings, work / "discrepancies.csv")
    written = []
    target = report_root / REPORTS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in write_report(work, lang, rules=rules_file, html_name=f"{spec.slug}.html"):
        final = target / f"{spec.slug}{path.suffix}"
        os.replace(path, final)
        written.append(str(final))
    shutil.rmtree(work, ignore_errors=True)
    return written
