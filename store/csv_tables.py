"""A run's CSV read by DuckDB itself, and its text columns as the store's types.

DuckDB's own CSV reader puts a table into the store without passing each line through Python:
loading a 1,000-file run line by line through pandas was most of the parent's serial work after
the files were read. Every field is read as text (as rekon wrote it) and typed by the rules
`_typed` in load.py applies to the small tables: empty is NULL; page, quarter and year are whole
numbers; value columns are numbers, text that is no number is NULL.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from rekon.store.schema import DOUBLE_COLUMNS, INTEGER_COLUMNS, LIST_COLUMNS


def csv_header(path: Path) -> list[str] | None:
    """The CSV's column names; None for an absent or empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), None)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_raw(con: duckdb.DuckDBPyConnection, table: str, path: Path, columns: list[str]) -> None:
    """`table` made from the CSV at `path`, every column text, lines in the file's order (its rowid)."""
    types = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in columns) + "}"
    con.execute(
        f'CREATE TABLE "{table}" AS SELECT * FROM read_csv({_literal(str(path))}, header = true, auto_detect = false, '
        f"columns = {types}, delim = ',', quote = '\"', escape = '\"', strict_mode = true, buffer_size = 8388608)"
    )


def typed(column: str, source: str) -> str:
    """SQL for a CSV column's text as the store's type (`source`: the qualified column)."""
    if column in LIST_COLUMNS:
        return source
    if column in INTEGER_COLUMNS:
        return f"CAST(TRY_CAST({source} AS DOUBLE) AS BIGINT)"
    if column in DOUBLE_COLUMNS:
        number = f"TRY_CAST({source} AS DOUBLE)"
        return f"CASE WHEN isnan({number}) THEN NULL ELSE {number} END"  # `nan` is no value
    return f"nullif({source}, '')"


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'
