"""Where jobs run: a pool of long-lived local workers, or Dask distributed; one interface for both.

A job is a picklable function of no arguments (a file's extraction, a group's matching and
report) and what stands for its result when it cannot give one. A finished job may queue
more, so later stages start in the same pool while it is still busy. Callers order results
by their own keys, so the outputs are the same whatever the number of workers.

Locally, one hostile PDF (a parser loop, a decompression bomb) must not hang or exhaust a
batch, yet forking a process per job cost a batch a third of its time against Dask's
long-lived workers. So the workers live for many jobs (pebble's ProcessPool, forked from the
warm parent): each worker's address space is capped when it starts; a job past its processor
time is stopped inside its worker (RLIMIT_CPU, relative to what the worker used before it), and a
job past its wall time (a multiple of that) by replacing its worker; a worker that dies (killed for memory, a crash inside
PDFium) is replaced and only its job fails; and every worker is replaced after
`jobs_per_worker` jobs, so nothing a job leaves behind accumulates.
"""

from __future__ import annotations

import errno
import faulthandler
import multiprocessing
import math
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, TimeoutError, wait
from dataclasses import dataclass

from rekon.engine.settings import JOBS_PER_WORKER, Limits
from rekon.extract.disk import DiskFull, is_disk_full


@dataclass
class Job:
    """A picklable function of no arguments, and what stands for its result when it fails."""

    key: object  # the caller's name for the job (kept in the parent)
    work: Callable[[], object]
    # failure(code, **values): timeout | memory | crashed (the worker died without a word: a library
    # killed it) | defect (the job raised: rekon's own error; values detail and trace)
    failure: Callable[..., object]


OnDone = Callable[[Job, object], Iterable[Job] | None]


class CpuTimeExceeded(BaseException):
    """Raised in a worker when its job used its processor time; a BaseException so that no
    `except Exception` on the way (a file's problems are caught as results) mistakes it for the file's."""


def _on_cpu_limit(signum, frame) -> None:
    raise CpuTimeExceeded()


def _bound_cpu(seconds: float | None) -> None:
    """Let this process use `seconds` more of processor time (None: no bound) before SIGXCPU."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds is None:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(used.ru_utime + used.ru_stime + seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _start_worker(memory_mb: int) -> None:
    # A worker that PDFium aborts (out of memory inside C++) is reported by the parent as that
    # job's problem; the interpreter's fatal-error dump would only be noise on the terminal.
    faulthandler.disable()
    signal.signal(signal.SIGXCPU, _on_cpu_limit)
    if memory_mb:
        # The bound is on what the worker's jobs take, beyond the address space it starts with (forked
        # from a parent that holds pandas, scipy and the nomenclature): an absolute bound left a worker
        # forked from a large parent almost nothing, and an ordinary file failed inside a C extension.
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """This process's virtual address space now, in bytes (0 where /proc cannot tell)."""
    try:
        pages = int(open("/proc/self/statm").read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _run_job(work: Callable[[], object], cpu_seconds: float | None = None) -> tuple[str, object, float, float]:
    """In the worker: the job's outcome (the worker reports, the parent decides) and when it ran."""
    started = time.time()
    try:
        _bound_cpu(cpu_seconds)
        outcome = ("ok", work())
    except CpuTimeExceeded:
        outcome = ("timeout", "")
    except MemoryError:
        outcome = ("memory", "")
    except BaseException as error:  # noqa: BLE001 - the worker reports, the parent decides
        # A full disk is the environment's, not the job's: the run stops (extract.disk).
        # A file's own problems are results (extract_file); what else escapes a job is rekon's defect.
        if is_disk_full(error):
            outcome = ("disk_full", f"{type(error).__name__}: {error}"[:300])
        else:
            outcome = ("defect", (f"{type(error).__name__}: {error}"[:300], traceback.format_exc()))
    finally:
        _bound_cpu(None)
    return (*outcome, started, time.time())


class LocalPool:
    """`workers` long-lived processes forked from this one, each job with its time and memory bound."""

    def __init__(self, workers: int, limits: Limits = Limits(), jobs_per_worker: int = JOBS_PER_WORKER):
        self.workers, self.limits, self.jobs_per_worker = max(1, workers), limits, jobs_per_worker

    def run(self, jobs: Iterable[Job], on_done: OnDone) -> None:
        from pebble import ProcessExpired, ProcessPool

        trace = os.environ.get("REKON_TRACE_JOBS")  # a file to log each job's start and end (bench, profiling)
        limits = self.limits
        # fork: workers start warm with what the parent loaded (modules, the nomenclature).
        with ProcessPool(self.workers, self.jobs_per_worker, _start_worker, (limits.memory_mb,), multiprocessing.get_context("fork")) as pool:
            running = {}

            def submit(job: Job) -> None:
                running[pool.schedule(_run_job, (job.work, limits.timeout_s), timeout=limits.wall_timeout_s)] = job

            for job in jobs:
                submit(job)
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    job = running.pop(future)
                    try:
                        status, value, started, ended = future.result()
                        if trace:
                            with open(trace, "a", encoding="utf-8") as log:
                                log.write(f"{job.key}\t{started:.3f}\t{ended:.3f}\n")
                    except TimeoutError:
                        status, value = "wall_timeout", ""
                    except CpuTimeExceeded:  # the bound's signal came as the job was ending
                        status, value = "timeout", ""
                    except ProcessExpired:  # the worker died without a word: killed for memory, or crashed hard
                        status, value = ("memory", "") if limits.memory_mb else ("crashed", "worker died")
                    if status == "disk_full":
                        pool.stop()  # the run stops: no job is left running or queued
                        raise DiskFull(errno.ENOSPC, value)
                    for more in on_done(job, self._result(job, status, value)) or ():
                        submit(more)

    def _result(self, job: Job, status: str, value: object) -> object:
        if status == "ok":
            return value
        if status == "timeout":
            return job.failure("timeout", seconds=int(self.limits.timeout_s))
        if status == "wall_timeout":
            return job.failure("timeout", seconds=int(self.limits.wall_timeout_s))
        if status == "memory":
            return job.failure("memory", memory_mb=self.limits.memory_mb)
        if status == "defect":
            detail, trace = value
            return job.failure("defect", detail=detail, trace=trace)
        return job.failure("crashed", detail=value)


class DaskPool:
    """The same jobs on Dask distributed: a scheduler's address, or a local cluster of `workers`."""

    def __init__(self, workers: int, scheduler: str | None = None):
        self.workers, self.scheduler = max(1, workers), scheduler

    def run(self, jobs: Iterable[Job], on_done: OnDone) -> None:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(self.scheduler or cluster)
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
                except Exception as error:  # noqa: BLE001 - what a job raises is rekon's defect, told by its failure
                    if is_disk_full(error):
                        raise DiskFull(errno.ENOSPC, f"{type(error).__name__}: {error}"[:300]) from error
                    result = job.failure("defect", detail=f"{type(error).__name__}: {error}"[:300], trace=traceback.format_exc())
                future.release()
                for more in on_done(job, result) or ():
                    queue.add(submit(more))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def pool_for(executor: str, workers: int, limits: Limits = Limits(), scheduler: str | None = None,
             jobs_per_worker: int = JOBS_PER_WORKER) -> LocalPool | DaskPool:
    if executor == "dask":
        return DaskPool(workers, scheduler)
    return LocalPool(workers, limits, jobs_per_worker)
