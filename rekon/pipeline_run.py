"""A batch run, the whole pipeline: files -> rows -> groups -> panel and findings (and reports).

Every file is extracted in the pool (local processes or Dask); once all are read, each
group's cross-file repair (cut words, levels settled across its quarters), matching, rules
and, when the batch has several groups, its own report run as jobs of the same pool. Results go to disk as they are made (OUT/.rekon/: each file's rows
keyed by its content hash, each group's panel and findings), and the outputs are
assembled from there in input order: the parent never holds a batch's rows, memory stays
flat as the batch grows, and the outputs are the same whatever the number of workers.
`--resume` takes what the cache already holds for a file's bytes instead of reading the
PDF again.
"""

from __future__ import annotations

import io
import os
import pickle
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from rekon.extract.batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, FileCache, Job, Limits, across_files, extraction_job, rows_frame, problems_frame, run_dask, run_local
from rekon.extract.families import Declarations
from rekon.extract.layout_file import digest as layout_digest
from rekon.extract.nomenclature import nomenclature
from rekon.extract.identity import content_hash
from rekon.extract.output import TableAppender, csv_text, write_table
from rekon.extract.pipeline import FILE_ID_LENGTH, FileResult, problem
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.groups import Group, group_files, group_problems
from rekon.object_strings import object_strings

CACHE_DIR = ".rekon"
REPORTS_DIR = "reports"

GROUP_FAILED = {
    "id": "kelompok {group} tidak dapat dicocokkan: {reason}",
    "en": "group {group} could not be matched: {reason}",
}


@dataclass(frozen=True)
class RunOptions:
    quarter: int | None = None
    backend: str = "pdfium"
    lang: str = "id"
    jobs: int = 0
    limits: Limits = Limits(DEFAULT_TIMEOUT_S, DEFAULT_MEMORY_MB)
    executor: str = "local"
    scheduler: str | None = None
    group_by: str = "title"
    resume: bool = False
    fmt: str = "csv"
    overrides: Path | None = None
    rules_file: Path | None = None
    report: bool = True
    ocr: str = "auto"  # auto: pages without a text layer by OCR; always; never
    layout: Path | None = None  # a user's layout file (--layout): header wordings and title words
    families: Declarations | None = None  # the families read by: the built-in ones, with the layout file's additions

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    def cache_options(self) -> dict:
        """What changes a file's rows besides its bytes."""
        return {"quarter": self.quarter, "backend": self.backend, "lang": self.lang, "ocr": self.ocr, "layout": layout_digest(self.layout)}


@dataclass
class GroupSummary:
    index: int
    severity_counts: dict[str, int] = field(default_factory=dict)  # findings per severity (a count: a batch's findings are not held)
    unused_overrides: list[dict] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    error: str = ""  # the group's job was stopped (time, memory)
    crash: str = ""  # the group's job raised: a defect in rekon


@dataclass
class BatchOutcome:
    files: list[FileResult]  # light results, one per input (a duplicate repeats the file it copies)
    duplicates: dict[int, int]  # input index -> index of the identical file read instead
    groups: list[Group]
    summaries: list[GroupSummary]
    rows: int
    problems: int
    written: list[Path]
    resumed: int = 0

    @property
    def failed(self) -> list[FileResult]:
        return [r for i, r in enumerate(self.files) if i not in self.duplicates and not r.ok]


def file_ids(paths: list[Path]) -> list[str]:
    ids = []
    for path in paths:
        try:
            ids.append(content_hash(path)[:FILE_ID_LENGTH])
        except OSError:  # absent or unreadable: extraction names the reason
            ids.append("")
    return ids


def run_batch(paths: list[Path], out: Path, options: RunOptions, on_file: Callable[[FileResult], None] | None = None,
              on_group: Callable[[int], None] | None = None, reconcile: bool = True) -> BatchOutcome:
    cache = FileCache(out / CACHE_DIR, options.cache_options())
    if not options.resume:
        cache.clear()
    ids = file_ids(paths)
    first_of: dict[str, int] = {}
    duplicates: dict[int, int] = {}
    for index, file_id in enumerate(ids):
        if file_id and file_id in first_of:
            duplicates[index] = first_of[file_id]
        elif file_id:
            first_of[file_id] = index
    unique = [i for i in range(len(paths)) if i not in duplicates]

    results: dict[int, FileResult] = {}
    jobs: list[Job] = []
    resumed = 0
    for index in unique:
        if options.resume and cache.has(ids[index]):
            results[index] = cache.load(ids[index], str(paths[index])).light()
            resumed += 1
            if on_file:
                on_file(results[index])
        else:
            # Dask workers read the file by its full path; the rows name it as the user gave it.
            path = Path(paths[index]).resolve() if options.executor == "dask" else paths[index]
            jobs.append(extraction_job(index, path, ids[index], cache, options.quarter, options.backend, options.lang, options.limits, str(paths[index]),
                                       options.ocr, options.families))

    groups: list[Group] = []
    summaries: dict[int, GroupSummary] = {}
    position: dict[int, int] = {}  # id(light result) -> input index
    overrides = _read_overrides(options.overrides) if reconcile else None
    nomenclature()  # read once before the pool forks: every worker inherits it
    if reconcile:
        _load_rules(options.rules_file)  # a bad rules file is a usage error before any work
        _import_later_stages(options.report)

    def group_jobs() -> list[Job]:
        ordered = [results[i] for i in unique]
        position.update({id(r): i for i, r in zip(unique, ordered)})
        groups.extend(group_files(ordered, options.group_by))
        own_reports = reconcile and options.report and len(groups) > 1
        return [_group_job(n, group, position, cache, options, overrides, out if own_reports else None, reconcile)
                for n, group in enumerate(groups)]

    def done(job: Job, result) -> list[Job]:
        kind, index = job.key
        if kind == "file":
            results[index] = result
            if on_file:
                on_file(result)
            if len(results) == len(unique):
                return group_jobs()
            return []
        summaries[index] = result
        if on_group:
            on_group(index)
        return []

    first_jobs = jobs or group_jobs()
    if options.executor == "dask":
        run_dask(first_jobs, options.workers, options.scheduler, done)
    else:
        run_local(first_jobs, options.workers, options.limits, done)

    ordered_summaries = [summaries[n] for n in range(len(groups))]
    files = [results[duplicates.get(i, i)] for i in range(len(paths))]
    written, row_count, problem_count = _write_extraction(paths, ids, unique, duplicates, results, groups, ordered_summaries, cache, out, options)
    crashed = [s for s in ordered_summaries if s.crash]
    if crashed:  # a defect in rekon (exit 4); the rows read are written already
        raise RuntimeError(crashed[0].crash)
    if reconcile:
        written += _write_groups(groups, ordered_summaries, overrides, cache, out)
    return BatchOutcome(files, duplicates, groups, ordered_summaries, row_count, problem_count, written, resumed)


# ---------------------------------------------------------------------------------------------
# A group's job: matching, rules and (in a batch of several groups) its own report


@dataclass(frozen=True)
class GroupSpec:
    index: int
    label: str
    slug: str
    file_ids: tuple[str, ...]  # the files matched, in input order
    member_ids: tuple[str, ...]  # every file of the group (for its report's files and problems)
    problems: tuple[dict, ...]  # duplicate quarters, missing quarters


def _group_job(n: int, group: Group, position: dict, cache: FileCache, options: RunOptions, overrides: pd.DataFrame | None,
               report_root: Path | None, reconcile: bool = True) -> Job:
    used = sorted(group.used(), key=lambda r: position[id(r)])
    members = sorted(group.members(), key=lambda r: position[id(r)])
    spec = GroupSpec(n, group.label, f"{n + 1:03d}-{group.slug}", tuple(r.file_id for r in used), tuple(r.file_id for r in members),
                     tuple(group_problems(group, options.lang)))
    own = _overrides_of(overrides, spec.file_ids)
    work = partial(reconcile_group, spec, cache, own, options.rules_file, options.lang, report_root, reconcile)
    return Job(("group", n), work, partial(_group_failed, n))


def _group_failed(index: int, code: str, **values) -> GroupSummary:
    if code == "crashed":
        return GroupSummary(index, crash=str(values.get("detail", "")))
    return GroupSummary(index, error=code)


def reconcile_group(spec: GroupSpec, cache: FileCache, overrides: pd.DataFrame | None, rules_file: Path | None, lang: str,
                    report_root: Path | None, reconcile: bool = True) -> GroupSummary:
    """Repair the group's files with each other (cut words, levels across quarters); then match
    its quarters, run the rules, keep the results on disk, and write its report when asked."""
    with object_strings():
        return _reconcile_group(spec, cache, overrides, rules_file, lang, report_root, reconcile)


def _reconcile_group(spec: GroupSpec, cache: FileCache, overrides: pd.DataFrame | None, rules_file: Path | None, lang: str,
                     report_root: Path | None, reconcile: bool) -> GroupSummary:
    from rekon.reconcile import match_rows
    from rekon.rules import check, load_ruleset

    members = across_files([cache.load(file_id) for file_id in spec.member_ids])
    _save_settled(cache, spec.index, members)
    if not reconcile:
        return GroupSummary(spec.index)
    by_id = {member.file_id: member for member in members}
    results = [by_id[file_id] for file_id in spec.file_ids]
    rows = rows_frame(results)
    matched = match_rows(rows, overrides, by=())
    panel = _as_written(matched.panel)
    findings = check(rows, panel, ruleset=load_ruleset(rules_file), lang=lang)
    unused = [vars(u) for u in matched.unused_overrides]
    _save_group(cache, spec.index, {"panel": matched.panel, "review": matched.review, "findings": findings})
    summary = GroupSummary(spec.index, {str(k): int(v) for k, v in findings["severity"].value_counts().items()}, unused)
    if report_root is not None:
        summary.reports = _group_report(spec, members, cache, rows, matched, findings, lang, report_root)
    return summary


def _as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as it reads back from its CSV: every cell the text written (what the rules saw in files)."""
    return pd.read_csv(io.StringIO(csv_text(frame, header=True)), dtype=str, keep_default_na=False)


def _group_report(spec: GroupSpec, members: list[FileResult], cache: FileCache, rows, matched, findings, lang: str, report_root: Path) -> list[str]:
    """The group's own report.html and report.xlsx, in OUT/reports/; its crops live only while it is written."""
    from rekon.report import write_report

    work = cache.root / "groups" / spec.slug
    write_table(rows_frame(members), work / "rows.csv")
    problems = pd.concat([problems_frame(members), pd.DataFrame(list(spec.problems), columns=PROBLEM_COLUMNS)], ignore_index=True)
    write_table(problems, work / "problems.csv")
    write_table(matched.panel, work / "panel.csv")
    write_table(matched.review, work / "review.csv")
    write_table(findings, work / "discrepancies.csv")
    written = []
    target = report_root / REPORTS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in write_report(work, lang):
        final = target / f"{spec.slug}{path.suffix}"
        os.replace(path, final)
        written.append(str(final))
    shutil.rmtree(work, ignore_errors=True)
    return written


def _save_settled(cache: FileCache, index: int, members: list[FileResult]) -> None:
    """Each member's rows and problems as the group settled them, one file each: rows.csv is
    written from these, one input at a time, so the parent never holds a batch's rows."""
    folder = cache.root / "groups" / "settled"
    folder.mkdir(parents=True, exist_ok=True)
    for m in members:
        settled = (csv_text(rows_frame([m]), header=False), csv_text(problems_frame([m]), header=False), len(m.rows), len(m.problems))
        (folder / f"{m.file_id}.pkl").write_bytes(pickle.dumps(settled, protocol=pickle.HIGHEST_PROTOCOL))


def _settled_files(groups: list[Group], summaries: list[GroupSummary]) -> set[str]:
    """The files whose group finished: their settled rows are this run's (a failed group's may be an earlier run's)."""
    return {member.file_id for summary in summaries if not summary.error for member in groups[summary.index].members()}


def _load_settled(cache: FileCache, file_id: str) -> tuple[str, str, int, int] | None:
    path = cache.root / "groups" / "settled" / f"{file_id}.pkl"
    return pickle.loads(path.read_bytes()) if path.exists() else None


def _save_group(cache: FileCache, index: int, frames: dict) -> None:
    folder = cache.root / "groups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{index}.pkl").write_bytes(pickle.dumps(frames, protocol=pickle.HIGHEST_PROTOCOL))


def _load_group(cache: FileCache, index: int) -> dict:
    return pickle.loads((cache.root / "groups" / f"{index}.pkl").read_bytes())


def _read_overrides(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from rekon.reconcile import read_overrides

    return read_overrides(path)


def _import_later_stages(report: bool) -> None:
    """Imported once here, before the pool forks: each group's job would otherwise import them
    again (seconds each: scipy, matplotlib), which was most of a small group's time."""
    import rekon.reconcile  # noqa: F401

    if report:
        import rekon.report  # noqa: F401


def _load_rules(rules_file: Path | None):
    from rekon.rules import load_ruleset

    return load_ruleset(rules_file)


def _overrides_of(overrides: pd.DataFrame | None, ids: tuple[str, ...]) -> pd.DataFrame | None:
    """The decisions that name a row of the group's files (row ids start with the file's id)."""
    if overrides is None:
        return None
    prefixes = tuple(f"{file_id}:" for file_id in ids)
    touches = overrides["row_id_a"].str.startswith(prefixes) | overrides["row_id_b"].str.startswith(prefixes)
    return overrides[touches]


# ---------------------------------------------------------------------------------------------
# Outputs, assembled from the cache in input order


def _write_extraction(paths, ids, unique, duplicates, results, groups, summaries, cache, out, options) -> tuple[list[Path], int, int]:
    row_count = problem_count = 0
    settled_files = _settled_files(groups, summaries)
    rows_out = TableAppender(out / "rows.csv", ROW_COLUMNS, options.fmt)
    problems_out = TableAppender(out / "problems.csv", PROBLEM_COLUMNS, options.fmt)
    try:
        for index in range(len(paths)):
            if index in duplicates:
                problems_out.add(pd.DataFrame([problem(str(paths[index]), "duplicate_file", options.lang, kept=paths[duplicates[index]])]).astype(str))
                problem_count += 1
                continue
            result = results[index]
            settled = _load_settled(cache, result.file_id) if result.file_id in settled_files else None
            if settled is not None:
                rows_text, problems_text, rows_n, problems_n = settled
                if options.fmt == "parquet":
                    rows_out.add(_from_text(rows_text, ROW_COLUMNS))
                    problems_out.add(_from_text(problems_text, PROBLEM_COLUMNS))
                else:
                    rows_out.add_text(rows_text)
                    problems_out.add_text(problems_text)
                row_count += rows_n
                problem_count += problems_n
                continue
            row_count += result.row_count
            problem_count += _cache_problems(result, cache, problems_out, options.fmt)
            if options.fmt == "parquet":
                rows_out.add(rows_frame([cache.load(result.file_id)]))
            else:
                rows_out.add_text(cache.rows_text(result.file_id))
        extra = [p for group in groups for p in group_problems(group, options.lang)]
        for summary in summaries:
            if summary.error:
                reason = {"timeout": "batas waktu / time limit", "memory": "batas memori / memory bound"}.get(summary.error, summary.error)
                text = GROUP_FAILED[options.lang].format(group=groups[summary.index].label, reason=reason)
                extra.append({**_blank_problem(""), "problem": "group_failed", "message": text})
        problems_out.add(pd.DataFrame(extra, columns=PROBLEM_COLUMNS))
        problem_count += len(extra)
    except BaseException:
        rows_out.discard()
        problems_out.discard()
        raise
    return [rows_out.close(), problems_out.close()], row_count, problem_count


def _from_text(text: str, columns: list[str]) -> pd.DataFrame:
    if not text.strip():
        return pd.DataFrame(columns=columns, dtype=str)
    return pd.read_csv(io.StringIO(text), header=None, names=columns, dtype=str, keep_default_na=False)


def _cache_problems(result: FileResult, cache: FileCache, appender: TableAppender, fmt: str) -> int:
    if fmt == "parquet":
        frame = problems_frame([cache.load(result.file_id)])
        appender.add(frame)
        return len(frame)
    appender.add_text(cache.problems_text(result.file_id))
    return result.problem_count


def _blank_problem(source_file: str) -> dict:
    return {"source_file": source_file, "page": "", "row_id": "", "field": "", "raw_text": "", "problem": "", "message": ""}


def _write_groups(groups: list[Group], summaries: list[GroupSummary], overrides, cache: FileCache, out: Path) -> list[Path]:
    from rekon.reconcile.panel import PANEL_COLUMNS, review_columns
    from rekon.reconcile.settings import MatchSettings
    from rekon.review.files import read_verdicts
    from rekon.review.honour import previous_finding_ids
    from rekon.review.marks import REVIEW_COLUMNS, mark_findings
    from rekon.rules.findings import FINDING_COLUMNS

    # An earlier review in OUT: each finding marked new / open / reviewed, verdicts kept by finding id
    # (read before this run replaces discrepancies.csv).
    previous, verdicts = previous_finding_ids(out), read_verdicts(out)
    seen_keys: set[str] = set()
    panel_out = TableAppender(out / "panel.csv", PANEL_COLUMNS)
    review_out = TableAppender(out / "review.csv", review_columns(MatchSettings().runner_ups))
    findings_out = TableAppender(out / "discrepancies.csv", [*FINDING_COLUMNS, *REVIEW_COLUMNS])
    appenders = [panel_out, review_out, findings_out]
    try:
        for summary in summaries:
            if summary.error:
                continue
            frames = _load_group(cache, summary.index)
            renamed = _distinct_keys(frames["panel"], seen_keys)
            panel_out.add(frames["panel"].assign(indicator_key=frames["panel"]["indicator_key"].map(lambda k: renamed.get(k, k))))
            review_out.add(frames["review"])
            findings = frames["findings"]
            if renamed and len(findings):
                findings = findings.assign(indicator_key=findings["indicator_key"].map(lambda k: renamed.get(k, k)))
            findings_out.add(mark_findings(findings, previous, verdicts))
    except BaseException:
        for appender in appenders:
            appender.discard()
        raise
    written = [appender.close() for appender in appenders]
    unused = _unused_overrides(summaries, overrides, groups)
    target = out / "unused_overrides.csv"
    if unused is not None and len(unused):
        written.append(write_table(unused, target))
    else:
        target.unlink(missing_ok=True)
    return written


def _distinct_keys(panel: pd.DataFrame, seen: set[str]) -> dict[str, str]:
    """Same-named agencies of two groups (two folders, no region printed) may give the same key: the later is numbered."""
    renamed = {}
    for key in panel["indicator_key"]:
        new, n = key, 1
        while new in seen:
            n += 1
            new = f"{key}~{n}"
        seen.add(new)
        if new != key:
            renamed[key] = new
    return renamed


def _unused_overrides(summaries, overrides, groups) -> pd.DataFrame | None:
    from rekon.reconcile.overrides import OVERRIDE_COLUMNS

    if overrides is None:
        return None
    id_length = FILE_ID_LENGTH
    group_of = {r.file_id: n for n, g in enumerate(groups) for r in g.used()}
    reasons: dict[tuple[str, str, str], str] = {}
    for a, b, decision in overrides[OVERRIDE_COLUMNS].itertuples(index=False):
        ga, gb = group_of.get(a[:id_length]), group_of.get(b[:id_length])
        if ga is None or gb is None:
            absent = ", ".join(x for x, g in ((a, ga), (b, gb)) if g is None)
            reasons[(a, b, decision)] = f"row_id not in the rows: {absent}"
        elif ga != gb:
            reasons[(a, b, decision)] = "rows of different groups (region, opd, year) are never linked"
    for summary in summaries:
        for unused in summary.unused_overrides:
            key = (unused["row_id_a"], unused["row_id_b"], unused["decision"])
            if key not in reasons:
                reasons[key] = unused["reason"]
    records = [{"row_id_a": a, "row_id_b": b, "decision": d, "reason": reason} for (a, b, d), reason in reasons.items()]
    return pd.DataFrame(records, columns=[*OVERRIDE_COLUMNS, "reason"])
