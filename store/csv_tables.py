"""A run's big CSVs (rows, findings) read by DuckDB itself, typed and staged for the store in pieces.

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

import pandas as pd

from rekon.store.schema import DOUBLE_COLUMNS, INTEGER_COLUMNS, LIST_COLUMNS, add_missing_columns

# Lines DuckDB types and stages in one statement (a statement's appends stay in memory until it ends).
PIECE_LINES = 50_000
# A file whose bytes another file of the run already has (registered as load_copies) adds no line.
OWN_LINES = "source_file NOT IN (SELECT source_file FROM load_copies)"


def staging_table(table: str) -> str:
    """Where a table's lines wait for the load's transaction."""
    return f"load_{table}"


def raw_table(table: str) -> str:
    """A CSV as read, every field text."""
    return f"load_raw_{table}"


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


def stage_rows(con: duckdb.DuckDBPyConnection, columns: list[str]) -> list[tuple]:
    """rows.csv, read into raw_table("rows"), staged with each line's file hash (load_hashes). Returns per
    file: its name, lines, the quarters it prints and its first region, opd and year."""
    raw, present = raw_table("rows"), set(columns)
    first = {k: f"arg_min({quoted(k)}, rowid) FILTER (WHERE {quoted(k)} IS NOT NULL)" if k in present else "NULL" for k in ("region", "opd", "year")}
    quarters = "list(DISTINCT CAST(quarter AS INTEGER)) FILTER (WHERE quarter IS NOT NULL)" if "quarter" in present else "NULL"
    files = con.execute(
        f'SELECT source_file, count(*), {quarters}, {first["region"]}, {first["opd"]}, {first["year"]} FROM "{raw}" WHERE {OWN_LINES} GROUP BY source_file'
    ).fetchall()
    wanted = [*columns, "file_hash"]
    add_missing_columns(con, "rows", wanted)
    add_missing_columns(con, staging_table("rows"), wanted)
    values = ", ".join([*(typed(c, f"r.{quoted(c)}") for c in columns), "h.file_hash"])
    _insert_in_pieces(
        con, raw, f'INSERT INTO "{staging_table("rows")}" ({", ".join(quoted(c) for c in wanted)}) SELECT {values} FROM "{raw}" r '
        f"LEFT JOIN load_hashes h ON r.source_file = h.source_file WHERE r.{OWN_LINES} AND r.rowid >= $first AND r.rowid < $end"
    )
    return files


def _insert_in_pieces(con: duckdb.DuckDBPyConnection, raw: str, statement: str) -> None:
    """`statement` run over PIECE_LINES lines of `raw` at a time ($first, $end: the rowids), in order."""
    lines = con.execute(f'SELECT count(*) FROM "{raw}"').fetchall()[0][0]
    for first in range(0, lines, PIECE_LINES):
        con.execute(statement, {"first": first, "end": first + PIECE_LINES})


def stage_findings(con: duckdb.DuckDBPyConnection, path: Path, keys: list[str], by_file: pd.DataFrame, run_id: int) -> tuple[int, int]:
    """discrepancies.csv staged with each finding's group (its row's, or its file's in `by_file` when it names
    no row of the run), its file's hash and the run that first reported it. Returns the lines and how many are new."""
    columns = csv_header(path)
    if not columns:
        return 0, 0
    for needed in ("finding_id", "row_id", "source_file"):
        if needed not in columns:
            raise KeyError(needed)
    raw = raw_table("findings")
    read_raw(con, raw, path, columns)
    con.register("load_file_groups", by_file)
    row_keys = "".join(f", arg_max({quoted(k)}, rowid) AS {quoted(k)}" for k in keys)
    group_of = {k: f"CASE WHEN o.row_id IS NOT NULL THEN coalesce(CAST(o.{quoted(k)} AS VARCHAR), '') ELSE coalesce(g.{quoted(k)}, '') END" for k in keys}
    wanted = [*columns, *(k for k in keys if k not in columns), "file_hash", "first_run_id"]
    values = [typed(c, group_of[c]) if c in group_of else typed(c, f"f.{quoted(c)}") for c in wanted[:-2]]
    values += ["h.file_hash", f"coalesce(k.first_run_id, {int(run_id)})"]
    add_missing_columns(con, "findings", wanted)
    add_missing_columns(con, staging_table("findings"), wanted)
    # Each piece looks up only its own rows and earlier findings: what a join holds stays the size of a piece.
    _insert_in_pieces(
        con, raw, f'INSERT INTO "{staging_table("findings")}" ({", ".join(quoted(c) for c in wanted)}) '
        f'WITH f AS (SELECT * FROM "{raw}" WHERE rowid >= $first AND rowid < $end), '
        f'o AS (SELECT row_id{row_keys} FROM "{staging_table("rows")}" WHERE row_id IN (SELECT row_id FROM f) GROUP BY row_id), '
        "k AS (SELECT finding_id, min(first_run_id) AS first_run_id FROM findings WHERE finding_id IN (SELECT finding_id FROM f) GROUP BY finding_id) "
        f"SELECT {', '.join(values)} FROM f LEFT JOIN o ON o.row_id = f.row_id LEFT JOIN load_file_groups g ON g.source_file = f.source_file "
        "LEFT JOIN load_hashes h ON h.source_file = f.source_file LEFT JOIN k ON k.finding_id = f.finding_id"
    )
    # A new finding is one the store did not hold: the run that first reported it is this one (a new run id).
    return con.execute(f'SELECT count(*), count(*) FILTER (WHERE first_run_id = {int(run_id)}) FROM "{staging_table("findings")}"').fetchall()[0]
