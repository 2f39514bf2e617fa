"""Many files at the extraction stage: what one file alone cannot tell, and the rows of several files as tables.

Given the files of one agency and year (a batch's group, or any list of them), `across_files`
joins words a narrow column cut where another file prints them whole, then settles each
item's level across the quarters. Where the files are read (the pool, the cache) is the
engine's business (rekon.engine).
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.across_quarters import settle_levels
from rekon.extract.pipeline import FileResult
from rekon.extract.problems import Problem
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS
from rekon.extract.words import repair_run


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


def rows_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for result in results for row in result.rows]
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)


def problems_frame(results: list[FileResult], lang: str) -> pd.DataFrame:
    """The files' problems as problems.csv's lines, said in `lang`."""
    return said_problems([p for result in results for p in result.problems], lang)


def said_problems(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame.from_records([p.record(lang) for p in problems], columns=PROBLEM_COLUMNS).astype(str)
