"""Many files: extract each on its own (in parallel processes when asked), then one table of rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pandas as pd

from extract.pipeline import FileResult, extract_file
from extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS

PDF_SUFFIXES = (".pdf",)


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, and the PDFs inside any directory given, in a stable order."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in PDF_SUFFIXES)
        else:
            files.append(item)
    return files


def extract_files(
    paths: list[Path],
    quarter: int | None = None,
    backend: str = "pdfium",
    lang: str = "id",
    jobs: int = 1,
    on_done: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    work = partial(extract_file, quarter=quarter, backend=backend, lang=lang)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    results: list[FileResult] = []
    if jobs == 1:
        for path in paths:
            results.append(work(path))
            if on_done:
                on_done(results[-1])
        return results
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(work, paths):
            results.append(result)
            if on_done:
                on_done(result)
    return results


def rows_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for result in results for row in result.rows]
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)


def problems_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [p for result in results for p in result.problems]
    return pd.DataFrame.from_records(records, columns=PROBLEM_COLUMNS).astype(str)
