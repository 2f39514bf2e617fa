"""Many files: each extracted on its own, in its own process, with a time limit and a memory bound.

One hostile PDF (a parser loop, a decompression bomb) must not hang or exhaust
a batch: each file runs in a forked worker that is killed at its deadline, and
whose address space is capped. Results come back in input order, so the
outputs are the same whatever the number of parallel jobs.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path

import pandas as pd

from rekon.extract.messages import message
from rekon.extract.pipeline import FileResult, extract_file, problem
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS

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


def _child(connection: Connection, work: Callable[[Path], FileResult], path: Path, memory_mb: int) -> None:
    # A worker that PDFium aborts (out of memory inside C++) is reported by the parent as that
    # file's problem; the interpreter's fatal-error dump would only be noise on the terminal.
    faulthandler.disable()
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = work(path)
    except MemoryError:
        result = _failure(path, "memory", "id", memory_mb=memory_mb)
    except BaseException as error:  # noqa: BLE001 - the worker reports, the parent decides
        result = _failure(path, "crashed", "id", detail=f"{type(error).__name__}: {error}"[:200])
    connection.send(result)
    connection.close()


def _failure(path: Path, code: str, lang: str, **values) -> FileResult:
    result = FileResult(str(path))
    result.error = message(code, lang, page="", field="", text="", **values)
    result.problems.append(problem(str(path), code, lang, **values))
    return result


def extract_files(
    paths: list[Path],
    quarter: int | None = None,
    backend: str = "pdfium",
    lang: str = "id",
    jobs: int = 1,
    on_done: Callable[[FileResult], None] | None = None,
    limits: Limits = Limits(),
    ocr: str = "auto",
) -> list[FileResult]:
    """Extract every file, at most `jobs` at a time (0: all cores), each in an isolated worker."""
    work = partial(extract_file, quarter=quarter, backend=backend, lang=lang, ocr=ocr)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    context = multiprocessing.get_context("fork")
    results: dict[int, FileResult] = {}
    pending = list(enumerate(paths))
    running: dict[Connection, tuple[int, Path, multiprocessing.Process, float]] = {}

    def finish(index: int, result: FileResult) -> None:
        results[index] = result
        if on_done:
            on_done(result)

    while pending or running:
        while pending and len(running) < jobs:
            index, path = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, work, path, limits.memory_mb), daemon=True)
            process.start()
            send.close()
            running[receive] = (index, path, process, time.monotonic() + limits.timeout_s)
        nearest = min(deadline for *_, deadline in running.values())
        ready = wait(list(running), timeout=min(0.2, max(0.0, nearest - time.monotonic())))
        for connection in ready:
            index, path, process, deadline = running[connection]
            if time.monotonic() > deadline:
                continue  # too late: handled as a time-out below
            del running[connection]
            try:
                result = connection.recv()
            except (EOFError, OSError):  # the worker died without a word: killed for memory, or crashed hard
                result = _failure(path, "memory" if limits.memory_mb else "crashed", lang, memory_mb=limits.memory_mb, detail="worker died")
            connection.close()
            process.join()
            finish(index, result)
        now = time.monotonic()
        for connection, (index, path, process, deadline) in list(running.items()):
            if now > deadline:
                process.kill()
                process.join()
                del running[connection]
                connection.close()
                finish(index, _failure(path, "timeout", lang, seconds=int(limits.timeout_s)))
    return [results[i] for i in range(len(paths))]


def rows_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for result in results for row in result.rows]
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)


def problems_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [p for result in results for p in result.problems]
    return pd.DataFrame.from_records(records, columns=PROBLEM_COLUMNS).astype(str)


def extract_files_dask(
    paths: list[Path],
    quarter: int | None = None,
    backend: str = "pdfium",
    lang: str = "id",
    jobs: int = 0,
    scheduler: str | None = None,
    on_done: Callable[[FileResult], None] | None = None,
    ocr: str = "auto",
) -> list[FileResult]:
    """The same per-file work on Dask distributed: a scheduler's address, or a local cluster of `jobs` workers."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        workers = jobs or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        work = partial(extract_file, quarter=quarter, backend=backend, lang=lang, ocr=ocr)
        # Workers read the files themselves: paths are sent, not bytes, so a cluster needs shared storage.
        futures = client.map(work, [Path(p).resolve() for p in paths], pure=False)
        position = {future.key: index for index, future in enumerate(futures)}
        results: dict[int, FileResult] = {}
        for future in as_completed(futures):
            index = position[future.key]
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - one file's failure is that file's
                result = _failure(paths[index], "crashed", lang, detail=f"{type(error).__name__}: {error}"[:200])
            result.source_file = str(paths[index])  # as given, like the local run
            for record in result.rows + result.problems:
                record["source_file"] = str(paths[index])
            results[index] = result
            if on_done:
                on_done(result)
        return [results[i] for i in range(len(paths))]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
