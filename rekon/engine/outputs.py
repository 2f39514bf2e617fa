"""A batch's tables, assembled from the cache in input order: rows, problems, panel, review, findings.

The parent never holds a batch's rows: each file's lines are copied from the cache one input
at a time (as its group settled them), then each group's results one group at a time.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from rekon.engine.cache import FileCache
from rekon.engine.group_job import GroupSummary
from rekon.engine.group_tables import table_columns
from rekon.engine.reading import Inputs
from rekon.extract.cross_file import rows_frame, said_problems
from rekon.extract.output import TableAppender, write_table
from rekon.extract.pipeline import FILE_ID_LENGTH, FileResult
from rekon.extract.problems import Problem
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.groups import Group, group_problems

FAILURE_REASONS = {"timeout": "batas waktu / time limit", "memory": "batas memori / memory bound"}


def settled_files(groups: list[Group], summaries: list[GroupSummary]) -> set[str]:
    """The files whose group finished: their settled rows are this run's (a failed group's may be an earlier run's)."""
    return {member.file_id for summary in summaries if not summary.error for member in groups[summary.index].members()}


def batch_problems(groups: list[Group], summaries: list[GroupSummary]) -> list[Problem]:
    """What the batch says beyond each file: duplicate and missing quarters, groups that could not be matched."""
    extra = [p for group in groups for p in group_problems(group)]
    for summary in summaries:
        if summary.error:
            reason = FAILURE_REASONS.get(summary.error, summary.error)
            extra.append(Problem("group_failed", values={"group": groups[summary.index].label, "reason": reason}))
    return extra


def write_extraction(inputs: Inputs, results: dict[int, FileResult], groups: list[Group], summaries: list[GroupSummary],
                     cache: FileCache, out: Path, lang: str, fmt: str) -> tuple[list[Path], int, int]:
    """rows.csv and problems.csv (or .parquet); returns them with their line counts."""
    row_count = problem_count = 0
    settled = settled_files(groups, summaries)
    rows_out = TableAppender(out / "rows.csv", ROW_COLUMNS, fmt)
    problems_out = TableAppender(out / "problems.csv", PROBLEM_COLUMNS, fmt)
    parquet = fmt == "parquet"
    try:
        for index in range(len(inputs.paths)):
            if index in inputs.duplicates:
                problems_out.add(said_problems([inputs.duplicate_problem(index)], lang))
                problem_count += 1
                continue
            result = results[index]
            lines = cache.load_settled(result.file_id) if result.file_id in settled else None
            said = None
            if lines is not None:
                rows_text, problems, said, rows_n = lines
                if parquet:
                    rows_out.add(_from_text(rows_text, ROW_COLUMNS))
                else:
                    rows_out.add_text(rows_text)
                row_count += rows_n
            else:  # as the file was read (its group did not finish)
                row_count += result.row_count
                if parquet:
                    rows_out.add(rows_frame([cache.load(result.file_id)]))
                else:
                    rows_out.add_text(cache.rows_text(result.file_id))
                problems = cache.problems(result.file_id)
            if said is not None and said[0] == lang and not parquet:
                problems_out.add_text(said[1])  # as the group's job said them
            else:
                problems_out.add(said_problems(problems, lang))
            problem_count += len(problems)
        extra = batch_problems(groups, summaries)
        problems_out.add(said_problems(extra, lang))
        problem_count += len(extra)
    except BaseException:
        rows_out.discard()
        problems_out.discard()
        raise
    return [rows_out.close(), problems_out.close()], row_count, problem_count


def settled_results(inputs: Inputs, results: dict[int, FileResult], groups: list[Group], summaries: list[GroupSummary],
                    cache: FileCache) -> list[FileResult]:
    """Every input's whole result in input order, as its group settled it (`rekon.extract()`); a
    duplicate stands as a result with no rows and its `duplicate_file` problem."""
    settled = settled_files(groups, summaries)
    whole = []
    for index, path in enumerate(inputs.paths):
        if index in inputs.duplicates:
            duplicate = FileResult(str(path), file_id=inputs.ids[index])
            duplicate.problems.append(inputs.duplicate_problem(index))
            whole.append(duplicate)
            continue
        file_id = results[index].file_id
        found = cache.load_settled_result(file_id) if file_id in settled else None
        whole.append(found if found is not None else cache.load(file_id))
    return whole


def _from_text(text: str, columns: list[str]) -> pd.DataFrame:
    if not text.strip():
        return pd.DataFrame(columns=columns, dtype=str)
    return pd.read_csv(io.StringIO(text), header=None, names=columns, dtype=str, keep_default_na=False)


def write_groups(groups: list[Group], summaries: list[GroupSummary], overrides, cache: FileCache, out: Path) -> list[Path]:
    """panel.csv, review.csv and discrepancies.csv (findings marked new / open / reviewed), and unused_overrides.csv."""
    from rekon.review.files import read_verdicts
    from rekon.review.honour import previous_finding_ids
    from rekon.review.marks import mark_findings

    # An earlier review in OUT: each finding marked new / open / reviewed, verdicts kept by finding id
    # (read before this run replaces discrepancies.csv).
    previous, verdicts = previous_finding_ids(out), read_verdicts(out)
    first_run = not previous and not len(verdicts)
    seen_keys: set[str] = set()
    columns = table_columns()
    panel_out, review_out, findings_out = appenders = [TableAppender(out / f"{name}.csv", columns[table])
                                                       for name, table in (("panel", "panel"), ("review", "review"), ("discrepancies", "findings"))]
    try:
        for summary in summaries:
            if summary.error:
                continue
            texts = cache.load_group_texts(summary.index) if first_run else None
            frames = cache.load_group(summary.index) if texts is None else None
            renamed = _distinct_keys(texts["keys"] if texts is not None else list(frames["panel"]["indicator_key"]), seen_keys)
            if texts is not None and not renamed:  # the lines the group's job wrote are these
                for appender, name in zip(appenders, ("panel", "review", "findings")):
                    appender.add_text(texts[name])
                continue
            frames = frames or cache.load_group(summary.index)
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


def _distinct_keys(keys: list[str], seen: set[str]) -> dict[str, str]:
    """Same-named agencies of two groups (two folders, no region printed) may give the same key: the later is numbered."""
    renamed = {}
    for key in keys:
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
    group_of = {r.file_id: n for n, g in enumerate(groups) for r in g.used()}
    reasons: dict[tuple[str, str, str], str] = {}
    for a, b, decision in overrides[OVERRIDE_COLUMNS].itertuples(index=False):
        ga, gb = group_of.get(a[:FILE_ID_LENGTH]), group_of.get(b[:FILE_ID_LENGTH])
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
