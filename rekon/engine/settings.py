"""Every setting of a batch in one place: how each file is read, the bounds of each job, the pool, what the run makes.

`ReadOptions` travels with each file's job to its worker (local or Dask) and keys the cache:
a setting that changes what a file gives (a layout file, a tolerance) is a field here, and
`extract_file` receives it through `extract_kwargs`. Its value must pickle; the cache keys it by
the `repr` of its content with sets sorted (a file named by a setting is keyed by its content, not its path).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from rekon.extract.families import Declarations
from rekon.extract.tolerances import Tolerances

DEFAULT_TIMEOUT_S = 300.0
# A job is bounded by the processor time it uses, so a busy machine (other batches, OCR beside it)
# does not stop a file that is merely waiting its turn; a job that waits without working (a read
# hung in the kernel, a library spinning in C out of Python's reach) is stopped after this many
# times its bound in wall time.
WALL_FACTOR = 4.0
DEFAULT_MEMORY_MB = 4096
# A long-lived worker is replaced after this many jobs, so what jobs leave behind in it (heap
# fragments, library caches) stays bounded; a fork of the warm parent costs milliseconds.
JOBS_PER_WORKER = 50


@dataclass(frozen=True)
class Limits:
    """The bounds of one job: seconds of processor time, seconds of wall time, and the worker's address space."""

    timeout_s: float = DEFAULT_TIMEOUT_S  # processor time the job's worker may use
    memory_mb: int = DEFAULT_MEMORY_MB  # 0: no bound
    wall_s: float | None = None  # None: WALL_FACTOR x timeout_s

    @property
    def wall_timeout_s(self) -> float:
        return self.wall_s if self.wall_s is not None else self.timeout_s * WALL_FACTOR


@dataclass(frozen=True)
class ReadOptions:
    """How each file is read: the arguments of `extract_file` besides the file. The language is
    none of them: problems are data until they are written (RunOptions.lang)."""

    quarter: int | None = None  # when the titles do not name it
    backend: str = "pdfium"  # pdfium | plumber | camelot | both
    ocr: str = "auto"  # auto: pages without a text layer by OCR; always; never
    # The report families read by: the built-in ones with a layout file's wordings and title words
    # (--layout; extract/layout_file.py). Keyed by its content, not the file's path.
    layout: Declarations | None = None
    tolerances: Tolerances = field(default_factory=Tolerances)  # how lenient the reading of a page is (extract/tolerances.py)

    def extract_kwargs(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def cache_key(self) -> dict:
        """What changes a file's rows besides its bytes, in a form whose `repr` is the same in every process."""
        return {name: _stable(value) for name, value in self.extract_kwargs().items()}


def _stable(value):
    """`value` with its sets sorted: a frozenset's repr follows string hashing, which differs per process."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, _stable(getattr(value, f.name))) for f in fields(value)))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted((_stable(item) for item in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(_stable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted(((key, _stable(item)) for key, item in value.items()), key=repr))
    return value


@dataclass(frozen=True)
class RunOptions:
    """A batch: how files are read, where jobs run, and what the run writes."""

    read: ReadOptions = field(default_factory=ReadOptions)
    jobs: int = 0  # parallel workers; 0: all cores
    limits: Limits = field(default_factory=Limits)
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler's address; None: a local cluster
    group_by: str = "title"  # title | folder
    resume: bool = False
    fmt: str = "csv"  # csv | parquet (rows.csv and problems.csv of `extract`)
    overrides: Path | None = None
    rules_file: Path | None = None
    report: bool = True
    store: bool = True
    store_path: Path | None = None  # None: OUT/rekon.duckdb
    jobs_per_worker: int = JOBS_PER_WORKER
    lang: str = "id"  # of every message written or printed (problems, findings, reports)

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1
