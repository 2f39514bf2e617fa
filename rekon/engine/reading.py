"""Reading the files of a batch: which inputs, which are the same bytes, and each file's job.

The same bytes given twice (under any name) are read once: every input is named by its
content hash before any work, and a repeat is named as a duplicate of the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rekon.engine.cache import FileCache
from rekon.engine.pool import Job
from rekon.engine.settings import ReadOptions
from rekon.extract.identity import content_hash
from rekon.extract.pipeline import FILE_ID_LENGTH, FileResult, extract_file
from rekon.extract.problems import Problem

PDF_SUFFIXES = (".pdf",)


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, and the PDFs inside any directory given, in a stable order."""
    files: list[Path] = []
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            files += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in PDF_SUFFIXES)
        else:
            files.append(item)
    return files


@dataclass(frozen=True)
class Inputs:
    """The files of a batch in the order given, each with its id (the start of its content hash)."""

    paths: list[Path]
    ids: list[str]  # "" for a file that cannot be hashed (absent, unreadable): extraction names the reason
    duplicates: dict[int, int]  # input index -> index of the identical file read instead

    @classmethod
    def of(cls, paths: list[Path]) -> "Inputs":
        ids = [_file_id(path) for path in paths]
        first_of: dict[str, int] = {}
        duplicates: dict[int, int] = {}
        for index, file_id in enumerate(ids):
            if file_id and file_id in first_of:
                duplicates[index] = first_of[file_id]
            elif file_id:
                first_of[file_id] = index
        return cls(list(paths), ids, duplicates)

    @property
    def unique(self) -> list[int]:
        return [i for i in range(len(self.paths)) if i not in self.duplicates]

    def duplicate_problem(self, index: int) -> Problem:
        return Problem("duplicate_file", str(self.paths[index]), values={"kept": self.paths[self.duplicates[index]]})


def _file_id(path: Path) -> str:
    try:
        return content_hash(path)[:FILE_ID_LENGTH]
    except OSError:
        return ""


def extract_into_cache(path: Path, file_id: str, cache: FileCache, read: ReadOptions, name: str | None = None) -> FileResult:
    """A worker's job: extract one file, leave the full result in the cache, return it light."""
    result = extract_file(path, file_id=file_id or None, **read.extract_kwargs())
    if name is not None:
        _named_as_given(result, Path(name))
    if not result.file_id:  # a file that could not even be hashed (absent, unreadable): keyed by its path
        result.file_id = _path_key(path)
    cache.save(result)
    return result.light()


def failed_extraction(path: Path, file_id: str, cache: FileCache, code: str, name: str | None = None, **values) -> FileResult:
    """What stands for a file whose job was stopped (time, memory), killed, or raised: kept in the cache
    like any result. A job that raised met rekon's own defect: `rekon_error` in problems.csv, its
    traceback kept for --debug, and the run ends with exit 4 once the outputs are written (raise_defects)."""
    shown = Path(name) if name else path
    result = FileResult(str(shown), file_id=file_id or _path_key(path))
    if code == "defect":
        code, result.defect = "rekon_error", values.pop("trace", "") or values.get("detail", "")
    result.error = Problem(code, str(shown), values=values)
    result.problems.append(result.error)
    cache.save(result)
    return result.light()


def _path_key(path: Path) -> str:
    return "path-" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:12]


def _named_as_given(result: FileResult, path: Path) -> None:
    result.source_file = str(path)
    for record in result.rows:
        record["source_file"] = str(path)
    for found in result.problems:
        found.source_file = str(path)


def extraction_job(index: int, path: Path, file_id: str, cache: FileCache, read: ReadOptions, name: str | None = None) -> Job:
    # A worker stopped (time, memory, killed) is its file's problem; an exception it raised is rekon's.
    return Job(
        key=("file", index),
        work=partial(extract_into_cache, path, file_id, cache, read, name),
        failure=partial(failed_extraction, path, file_id, cache, name=name),
    )
