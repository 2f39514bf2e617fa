"""A batch, the whole pipeline: files -> rows -> groups -> panel and findings (and reports).

Every file is read in the pool (local workers or Dask); once all are read, each group's
job (cross-file repair, matching, rules and, when the batch has several groups, its own
report) runs in the same pool. Results go to the cache on disk as they are made and the
outputs are assembled from there in input order: the parent never holds a batch's rows,
memory stays flat as the batch grows, and the outputs are the same whatever the number of
workers. `--resume` takes what the cache already holds for a file's bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekon.engine.cache import FileCache
from rekon.engine.group_job import GroupSummary, GroupWork, group_job
from rekon.engine.outputs import settled_results, write_extraction, write_groups
from rekon.engine.pool import Job, pool_for
from rekon.engine.reading import Inputs, extraction_job
from rekon.engine.settings import RunOptions
from rekon.extract.errors import RekonDefect
from rekon.extract.nomenclature import nomenclature
from rekon.extract.pipeline import FileResult
from rekon.groups import Group, group_files

CACHE_DIR = ".rekon"


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
    results: list[FileResult] | None = None  # whole and settled, when asked (`keep_results`): rekon.extract()

    @property
    def failed(self) -> list[FileResult]:
        return [r for i, r in enumerate(self.files) if i not in self.duplicates and not r.ok]


def run_batch(paths: list[Path], out: Path, options: RunOptions, on_file: Callable[[FileResult], None] | None = None,
              on_group: Callable[[int], None] | None = None, reconcile: bool = True, keep_results: bool = False,
              write: bool = True) -> BatchOutcome:
    """Read `paths` into OUT (rows.csv, problems.csv; with `reconcile`, panel, review and findings too).
    `keep_results` also returns every file's whole settled result; `write` False writes no table."""
    read = options.read
    cache = FileCache(out / CACHE_DIR, read.cache_key())
    if not options.resume:
        cache.clear()
    inputs = Inputs.of(paths)
    unique = inputs.unique

    results: dict[int, FileResult] = {}
    jobs: list[Job] = []
    resumed = 0
    for index in unique:
        file_id = inputs.ids[index]
        cached = cache.load(file_id, str(paths[index])) if options.resume and cache.has(file_id) else None
        if cached is not None and not cached.defect:  # a file that met a defect of rekon's is read again
            results[index] = cached.light()
            resumed += 1
            if on_file:
                on_file(results[index])
        else:
            # Dask workers read the file by its full path; the rows name it as the user gave it.
            path = Path(paths[index]).resolve() if options.executor == "dask" else paths[index]
            jobs.append(extraction_job(index, path, file_id, cache, read, str(paths[index])))

    groups: list[Group] = []
    summaries: dict[int, GroupSummary] = {}
    overrides = _read_overrides(options.overrides) if reconcile else None
    _load_before_workers_start(reconcile, options)

    def group_jobs() -> list[Job]:
        ordered = [results[i] for i in unique]
        position = {id(r): i for i, r in zip(unique, ordered)}
        groups.extend(group_files(ordered, options.group_by))
        own_reports = reconcile and options.report and len(groups) > 1
        work = GroupWork(reconcile, options.rules_file, options.lang, out if own_reports else None, keep_results)
        made = [group_job(n, group, position, cache, work, overrides) for n, group in enumerate(groups)]
        return largest_first(made, lambda job: sum(result.row_count for result in groups[job.key[1]].used()))

    def done(job: Job, result) -> list[Job]:
        kind, index = job.key
        if kind == "file":
            results[index] = result
            if on_file:
                on_file(result)
            return group_jobs() if len(results) == len(unique) else []
        summaries[index] = result
        if on_group:
            on_group(index)
        return []

    first_jobs = largest_first(jobs, lambda job: _size(paths[job.key[1]])) or group_jobs()
    if first_jobs:
        pool_for(options.executor, options.workers, options.limits, options.scheduler, options.jobs_per_worker).run(first_jobs, done)

    ordered_summaries = [summaries[n] for n in range(len(groups))]
    files = [results[inputs.duplicates.get(i, i)] for i in range(len(paths))]
    written, row_count, problem_count = [], 0, 0
    if write:
        written, row_count, problem_count = write_extraction(inputs, results, groups, ordered_summaries, cache, out, options.lang, options.fmt)
    raise_defects(files, options.lang)  # a defect in rekon (exit 4); the rows read are written already
    crashed = [s for s in ordered_summaries if s.crash]
    if crashed:
        raise RekonDefect(f"{groups[crashed[0].index].label}: {crashed[0].crash}", crashed[0].trace)
    if reconcile and write:
        written += write_groups(groups, ordered_summaries, overrides, cache, out)
    whole = settled_results(inputs, results, groups, ordered_summaries, cache) if keep_results else None
    return BatchOutcome(files, inputs.duplicates, groups, ordered_summaries, row_count, problem_count, written, resumed, whole)


def largest_first(jobs: list[Job], weight: Callable[[Job], float]) -> list[Job]:
    """Jobs heaviest first, ties in the order given. Workers take jobs in the order they are queued:
    a long form queued last would keep one worker busy while the others wait at the end of a stage.
    Results are keyed by their input or group index, so the outputs keep the input order."""
    return sorted(jobs, key=lambda job: -weight(job))


def _size(path: Path) -> int:
    """A file's bytes: how long it takes to read, roughly, known without opening it."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # absent or unreadable: its job only says so


def raise_defects(results: Iterable[FileResult], lang: str) -> None:
    """Once every file is done: a file whose reading raised in rekon's own code ends the run as rekon's defect."""
    for result in results:
        if result.defect:
            raise RekonDefect(f"{result.source_file}: {result.reason(lang)}", result.defect)


def _read_overrides(path: Path | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from rekon.reconcile import read_overrides

    return read_overrides(path)


def _load_before_workers_start(reconcile: bool, options: RunOptions) -> None:
    """What every job needs, loaded once here: the workers are forked from this process and start
    warm (each group's job would otherwise import scipy and matplotlib again, seconds each)."""
    nomenclature()
    if not reconcile:
        return
    from rekon.rules import load_ruleset

    load_ruleset(options.rules_file)  # a bad rules file is a usage error before any work
    import rekon.reconcile  # noqa: F401

    if options.report:
        import rekon.report  # noqa: F401
