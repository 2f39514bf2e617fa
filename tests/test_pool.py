"""The local pool: long-lived workers, each job still bounded; a worker replaced after a crash, a time-out or N jobs."""

from __future__ import annotations

import os
import time
from functools import partial

from rekon.engine.pool import Job, LocalPool
from rekon.engine.settings import Limits


def _pid(_: int) -> int:
    return os.getpid()


def _sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _spin(seconds: float) -> int:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return os.getpid()


def _die() -> None:
    os._exit(9)  # as a worker killed by the kernel or aborted inside C++


def _slip() -> None:
    return [][1]  # IndexError: a slip in rekon's own code


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _failure(code: str, **values) -> tuple:
    return ("failed", code, values)


def _run(jobs: list[Job], pool: LocalPool) -> dict:
    results = {}

    def done(job: Job, result) -> None:
        results[job.key] = result

    pool.run(jobs, done)
    return results


def test_workers_live_for_several_jobs_and_are_replaced_after_n():
    jobs = [Job(n, partial(_pid, n), _failure) for n in range(12)]
    pids = _run(jobs, LocalPool(1, Limits(timeout_s=60, memory_mb=0), jobs_per_worker=4))
    assert len(pids) == 12 and os.getpid() not in pids.values()
    assert len(set(pids.values())) == 3  # one worker at a time, four jobs each


def test_a_job_past_its_wall_time_is_stopped_and_the_others_go_on():
    # A job that hangs without working (its processor bound never comes) is stopped by its wall bound.
    jobs = [Job("slow", partial(_sleep, 30), _failure), *(Job(n, partial(_sleep, 0.01), _failure) for n in range(4))]
    started = time.monotonic()
    results = _run(jobs, LocalPool(2, Limits(timeout_s=1, memory_mb=0, wall_s=2)))
    assert results["slow"] == ("failed", "timeout", {"seconds": 2})
    assert all(isinstance(results[n], int) for n in range(4))
    assert time.monotonic() - started < 20


def test_the_bound_is_processor_time_not_the_machine_s_business():
    # A job that waits (a busy machine) outlives its processor bound; one that works past it is
    # stopped inside its worker although its wall bound is far away; the worker goes on.
    limits = Limits(timeout_s=1, memory_mb=0, wall_s=120)
    jobs = [Job("waits", partial(_sleep, 2.5), _failure), Job("works", partial(_spin, 60), _failure)]
    started = time.monotonic()
    results = _run(jobs, LocalPool(2, limits))
    assert isinstance(results["waits"], int)
    assert results["works"] == ("failed", "timeout", {"seconds": 1})
    assert time.monotonic() - started < 60


def test_a_worker_that_dies_fails_its_job_only_and_is_replaced():
    jobs = [Job("dies", _die, _failure), *(Job(n, partial(_pid, n), _failure) for n in range(4))]
    results = _run(jobs, LocalPool(1, Limits(timeout_s=60, memory_mb=0)))
    assert results["dies"] == ("failed", "crashed", {"detail": "worker died"})
    assert all(isinstance(results[n], int) for n in range(4))


def test_each_job_is_held_to_the_memory_bound_and_the_worker_goes_on():
    jobs = [Job("big", partial(_allocate, 1500), _failure), Job("small", partial(_allocate, 10), _failure)]
    results = _run(jobs, LocalPool(1, Limits(timeout_s=60, memory_mb=1024)))
    assert results["big"] == ("failed", "memory", {"memory_mb": 1024})
    assert results["small"] == 10 * 1024 * 1024


def test_a_job_that_raises_is_a_defect_with_its_traceback_and_the_worker_goes_on():
    jobs = [Job("slips", _slip, _failure), *(Job(n, partial(_pid, n), _failure) for n in range(2))]
    results = _run(jobs, LocalPool(1, Limits(timeout_s=60, memory_mb=0)))
    said, code, values = results["slips"]
    assert code == "defect" and values["detail"] == "IndexError: list index out of range"
    assert "Traceback" in values["trace"] and "_slip" in values["trace"]  # the worker's own, for --debug
    assert all(isinstance(results[n], int) for n in range(2))
