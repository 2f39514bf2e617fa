"""Many files: each extracted on its own, in its own process, with a time limit and a memory bound.

One hostile PDF (a parser loop, a decompression bomb) must not hang or exhaust
a batch: each job runs in a forked worker that is killed at its deadline, and
whose address space is capped. The pool runs any job (a file's extraction, a
group's matching and report): a finished job may queue more, so later stages
start in the same pool while it is still busy. Callers order results by their
own keys, so the outputs are the same whatever the number of parallel jobs.

Extraction jobs leave their full result in a `FileCache` on disk and send the
parent only a light summary: the parent never holds a batch's rows.
"""

from __future__ import annotations

import faulthandler
import hashlib
import multiprocessing
import os
import pickle
import resource
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path

import pandas as pd

from rekon.extract.across_quarters import settle_levels
from rekon.extract.families import Declarations
from rekon.extract.messages import message
from rekon.extract.nomenclature import nomenclature
from rekon.extract.output import csv_text, file_mode
from rekon.extract.pipeline import FileResult, extract_file, file_id_of, problem
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.extract.words import repair_run

PDF_SUFFIXES = (".pdf",)
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MEMORY_MB = 4096


@dataclass(frozen=True)
class Limits:
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB  # 0: no bound


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, and the PDFs inside any directory given, in a stable order."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in PDF_SUFFIXES)
        else:
            files.append(item)
    return files


# ---------------------------------------------------------------------------------------------
# The pool


@dataclass
class Job:
    """A picklable function of no arguments, and what stands for its result when its worker dies."""

    key: object  # the caller's name for the job (kept in the parent)
    work: Callable[[], object]
    failure: Callable[..., object]  # failure(code, **values) with code timeout | memory | crashed


class JobCrashed(Exception):
    """A job raised: `failure` decides whether that is the job's problem or a defect."""


def _child(connection: Connection, work: Callable[[], object], memory_mb: int) -> None:
    # A worker that PDFium aborts (out of memory inside C++) is reported by the parent as that
    # job's problem; the interpreter's fatal-error dump would only be noise on the terminal.
    faulthandler.disable()
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = ("ok", work())
    except MemoryError:
        outcome = ("memory", "")
    except BaseException as error:  # noqa: BLE001 - the worker reports, the parent decides
        outcome = ("crashed", f"{type(error).__name__}: {error}"[:300])
    connection.send(outcome)
    connection.close()


OnDone = Callable[[Job, object], Iterable[Job] | None]


def run_local(jobs: Iterable[Job], workers: int, limits: Limits, on_done: OnDone) -> None:
    """Run every job (and those that finished jobs queue) in at most `workers` forked processes."""
    context = multiprocessing.get_context("fork")
    pending = deque(jobs)
    running: dict[Connection, tuple[Job, multiprocessing.Process, float]] = {}
    workers = max(1, workers)

    trace = os.environ.get("REKON_TRACE_JOBS")  # a file to log each job's start and end (bench, profiling)
    started: dict[int, float] = {}

    def finish(job: Job, outcome: tuple[str, object]) -> None:
        if trace:
            with open(trace, "a", encoding="utf-8") as log:
                log.write(f"{job.key}\t{started.pop(id(job)):.3f}\t{time.monotonic():.3f}\n")
        status, value = outcome
        if status == "ok":
            result = value
        elif status == "memory":
            result = job.failure("memory", memory_mb=limits.memory_mb)
        else:
            result = job.failure("crashed", detail=value)
        pending.extend(on_done(job, result) or ())

    while pending or running:
        while pending and len(running) < workers:
            job = pending.popleft()
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, job.work, limits.memory_mb), daemon=True)
            started[id(job)] = time.monotonic()
            process.start()
            send.close()
            running[receive] = (job, process, time.monotonic() + limits.timeout_s)
        if not running:
            continue
        nearest = min(deadline for *_, deadline in running.values())
        ready = wait(list(running), timeout=min(0.2, max(0.0, nearest - time.monotonic())))
        for connection in ready:
            job, process, deadline = running[connection]
            if time.monotonic() > deadline:
                continue  # too late: handled as a time-out below
            del running[connection]
            try:
                outcome = connection.recv()
            except (EOFError, OSError):  # the worker died without a word: killed for memory, or crashed hard
                outcome = ("memory", "") if limits.memory_mb else ("crashed", "worker died")
            connection.close()
            process.join()
            finish(job, outcome)
        now = time.monotonic()
        for connection, (job, process, deadline) in list(running.items()):
            if now > deadline:
                process.kill()
                process.join()
                del running[connection]
                connection.close()
                pending.extend(on_done(job, job.failure("timeout", seconds=int(limits.timeout_s))) or ())


def run_dask(jobs: Iterable[Job], workers: int, scheduler: str | None, on_done: OnDone) -> None:
    """The same jobs on Dask distributed: a scheduler's address, or a local cluster of `workers`."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        by_key: dict[str, Job] = {}

        def submit(job: Job):
            future = client.submit(job.work, pure=False)
            by_key[future.key] = job
            return future

        queue = as_completed([submit(job) for job in jobs])
        for future in queue:
            job = by_key.pop(future.key)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - one job's failure is that job's
                result = job.failure("crashed", detail=f"{type(error).__name__}: {error}"[:300])
            future.release()
            for more in on_done(job, result) or ():
                queue.add(submit(more))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------------
# Extraction jobs and the cache they fill


class FileCache:
    """What extraction made of each file, on disk under OUT/.rekon/, keyed by content hash and options.

    `--resume` reads it back instead of reading a PDF again; each entry is written whole
    (renamed into place), so a run stopped at any moment leaves only whole entries.
    """

    def __init__(self, root: Path, options: dict):
        self.root = root
        self.files = root / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.options = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:8]

    def clear(self) -> None:
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir(parents=True, exist_ok=True)

    def _base(self, file_id: str) -> Path:
        return self.files / f"{file_id}-{self.options}"

    def has(self, file_id: str) -> bool:
        return bool(file_id) and self._base(file_id).with_suffix(".pkl").exists()

    def save(self, result: FileResult) -> None:
        """The full result (for the groups' matching) and its CSV lines (for rows.csv, problems.csv)."""
        base = self._base(result.file_id)
        _write_whole(base.with_suffix(".rows"), csv_text(rows_frame([result]), header=False).encode("utf-8"))
        _write_whole(base.with_suffix(".problems"), csv_text(problems_frame([result]), header=False).encode("utf-8"))
        _write_whole(base.with_suffix(".pkl"), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def load(self, file_id: str, source_file: str | None = None) -> FileResult:
        """The cached result; under another name (a renamed copy) its rows name the file as given now."""
        result = pickle.loads(self._base(file_id).with_suffix(".pkl").read_bytes())
        if source_file is not None and result.source_file != source_file:
            result.source_file = source_file
            for record in result.rows + result.problems:
                record["source_file"] = source_file
            self.save(result)
        return result

    def rows_text(self, file_id: str) -> str:
        return self._base(file_id).with_suffix(".rows").read_text(encoding="utf-8")

    def problems_text(self, file_id: str) -> str:
        return self._base(file_id).with_suffix(".problems").read_text(encoding="utf-8")


def _write_whole(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_bytes(data)
    os.chmod(temp, file_mode())
    os.replace(temp, path)


def _failure(path: Path, code: str, lang: str, file_id: str = "", **values) -> FileResult:
    result = FileResult(str(path), file_id=file_id)
    result.error = message(code, lang, page="", field="", text="", **values)
    result.problems.append(problem(str(path), code, lang, **values))
    return result


def extract_into_cache(path: Path, file_id: str, cache: FileCache | None, quarter: int | None, backend: str, lang: str, name: str | None = None,
                       ocr: str = "auto", layout: Declarations | None = None) -> FileResult:
    """A worker's job: extract one file, leave the full result in the cache, return it light."""
    result = extract_file(path, quarter=quarter, backend=backend, lang=lang, file_id=file_id or None, ocr=ocr, layout=layout)
    if name is not None:
        _named_as_given(result, Path(name))
    if cache is None:
        return result
    if not result.file_id:  # a file that could not even be hashed (absent, unreadable): keyed by its path
        result.file_id = _path_key(path)
    cache.save(result)
    return result.light()


def failed_extraction(path: Path, file_id: str, cache: FileCache | None, lang: str, code: str, name: str | None = None, **values) -> FileResult:
    """What stands for a file whose worker was stopped: kept in the cache like any result."""
    result = _failure(Path(name) if name else path, code, lang, file_id or _path_key(path), **values)
    if cache is not None:
        cache.save(result)
        return result.light()
    return result


def _path_key(path: Path) -> str:
    return "path-" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]


def extraction_job(index: int, path: Path, file_id: str, cache: FileCache | None, quarter, backend: str, lang: str, limits: Limits, name: str | None = None,
                   ocr: str = "auto", layout: Declarations | None = None) -> Job:
    # A crashed extraction is its file's problem; the message is the crash's detail.
    return Job(
        key=("file", index),
        work=partial(extract_into_cache, path, file_id, cache, quarter, backend, lang, name, ocr, layout),
        failure=partial(failed_extraction, path, file_id, cache, lang, name=name),
    )


def extract_files(
    paths: list[Path],
    quarter: int | None = None,
    backend: str = "pdfium",
    lang: str = "id",
    jobs: int = 1,
    on_done: Callable[[FileResult], None] | None = None,
    limits: Limits = Limits(),
    ocr: str = "auto",
    layout: Declarations | None = None,
) -> list[FileResult]:
    """Extract every file in memory, at most `jobs` at a time (0: all cores), each in an isolated worker."""
    results: dict[int, FileResult] = {}

    def done(job: Job, result: FileResult) -> None:
        results[job.key[1]] = result
        if on_done:
            on_done(result)

    # The same bytes given twice are read once: the second is named, with no rows of its own.
    ids, first = [], {}
    for index, path in enumerate(paths):
        ids.append(_file_id_or_empty(path))
        if ids[-1] and ids[-1] in first:
            duplicate = FileResult(str(path), file_id=ids[-1])
            duplicate.problems.append(problem(str(path), "duplicate_file", lang, kept=paths[first[ids[-1]]]))
            done(Job(("file", index), None, None), duplicate)
        elif ids[-1]:
            first[ids[-1]] = index
    todo = [extraction_job(i, p, ids[i], None, quarter, backend, lang, limits, ocr=ocr, layout=layout) for i, p in enumerate(paths) if i not in results]
    workers = min(jobs or os.cpu_count() or 1, len(todo) or 1)
    nomenclature()  # read once here: every forked worker inherits it
    run_local(todo, workers, limits, done)
    return across_files([results[i] for i in range(len(paths))])


def _file_id_or_empty(path: Path) -> str:
    try:
        return file_id_of(path)
    except OSError:  # absent or unreadable: extraction names the reason
        return ""


def extract_files_dask(
    paths: list[Path],
    quarter: int | None = None,
    backend: str = "pdfium",
    lang: str = "id",
    jobs: int = 0,
    scheduler: str | None = None,
    on_done: Callable[[FileResult], None] | None = None,
    ocr: str = "auto",
    layout: Declarations | None = None,
) -> list[FileResult]:
    """The same per-file work on Dask distributed; workers read the files by path (a cluster needs shared storage)."""
    results: dict[int, FileResult] = {}

    def done(job: Job, result: FileResult) -> None:
        index = job.key[1]
        results[index] = result
        if on_done:
            on_done(result)

    jobs_list = [extraction_job(i, Path(p).resolve(), "", None, quarter, backend, lang, Limits(), str(p), ocr, layout) for i, p in enumerate(paths)]
    run_dask(jobs_list, jobs or os.cpu_count() or 1, scheduler, done)
    return across_files([results[i] for i in range(len(paths))])


def repair_across_files(results: list[FileResult]) -> list[FileResult]:
    """Words a narrow column cut in one file, joined where another file of the same agency and
    year (or the national nomenclature) prints them whole. The same whatever order files finish in."""
    from rekon.extract.nomenclature import vocabulary

    readable = [r for r in results if r.rows]
    repair_run([((r.metadata.opd, str(r.metadata.year or "")), r.words, r.rows) for r in readable], vocabulary())
    return results


def across_files(ordered: list[FileResult]) -> list[FileResult]:
    """What one file alone cannot tell, in place: cut words first (the names), then levels by those
    names. Given the files of one agency and year (a batch's group), or any list of them."""
    repair_across_files(ordered)
    settle_levels(ordered)
    return ordered


def _named_as_given(result: FileResult, path: Path) -> None:
    result.source_file = str(path)
    for record in result.rows + result.problems:
        record["source_file"] = str(path)


def rows_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for result in results for row in result.rows]
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)


def problems_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [p for result in results for p in result.problems]
    return pd.DataFrame.from_records(records, columns=PROBLEM_COLUMNS).astype(str)
