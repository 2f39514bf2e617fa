"""The store's tables and their versions: every change to them is a numbered migration.

A store records the version it was made to in `meta`; opening it applies the migrations it
lacks, in order, each in its own transaction, so a store written by an older rekon is brought
forward and one written by a newer rekon is refused rather than misread.

rows, panel and findings carry the columns of rows.csv, panel.csv and discrepancies.csv (see
rekon.schemas) plus the keys the store adds: the file's content hash and the group (opd, year)
each line belongs to. A column the CSVs gain later is added when a run first brings it
(`add_missing_columns`), so a new column never needs a store rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from rekon.extract.schema import ALL_NUMERIC_FIELDS, FULL_FORM_NUMERIC_FIELDS, ROW_COLUMNS
from rekon.reconcile.panel import PANEL_COLUMNS
from rekon.review.marks import REVIEW_COLUMNS
from rekon.rules.findings import FINDING_COLUMNS


class StoreVersionError(RuntimeError):
    """A store made by a newer rekon than this one."""


LIST_COLUMNS = {"file_hashes", "quarters"}
INTEGER_COLUMNS = {"page", "quarter", "previous_quarter", "year"}
DOUBLE_COLUMNS = {*ALL_NUMERIC_FIELDS, "score", "difference"}  # expected and actual may be text (an indicator renamed)

# Columns the store adds to each table: which file a line came from, and its group.
STORE_KEYS = {
    "rows": ["file_hash"],
    "panel": ["region", "opd", "year", "file_hashes"],
    "findings": ["region", "opd", "year", "file_hash", "first_run_id"],
}
# What a group is: agencies of different regions share names (every region has a DINAS KESEHATAN).
GROUP_COLUMNS = ("region", "opd", "year")
# discrepancies.csv: the rules' columns, then rekon review's marks (review_status new/open/reviewed, verdict, comment).
CSV_COLUMNS = {"rows": list(ROW_COLUMNS), "panel": list(PANEL_COLUMNS), "findings": [*FINDING_COLUMNS, *REVIEW_COLUMNS]}
# The full Renja evaluation form's columns (version 5).
_V5_COLUMNS = {"rows": [*FULL_FORM_NUMERIC_FIELDS, "penanggung_jawab", "kode_printed"], "panel": ["penanggung_jawab"]}
# Columns the tables were created with at version 1: the CSVs' columns of that time.
_V1_DROPPED = {
    "rows": {"kode", "region", *_V5_COLUMNS["rows"]},
    "panel": {"kode", "region", *_V5_COLUMNS["panel"]},
    "findings": {*REVIEW_COLUMNS, "region"},
}


def sql_type(column: str) -> str:
    if column == "file_hashes":
        return "VARCHAR[]"
    if column in INTEGER_COLUMNS or column == "first_run_id":
        return "INTEGER"
    if column in DOUBLE_COLUMNS:
        return "DOUBLE"
    return "VARCHAR"


def table_columns(table: str) -> list[str]:
    """The store's columns of rows, panel or findings: the CSV's, then the store's keys."""
    columns = CSV_COLUMNS[table] + [c for c in STORE_KEYS[table] if c not in CSV_COLUMNS[table]]
    return columns


def _create(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    body = ", ".join(f'"{c}" {sql_type(c)}' for c in columns)
    con.execute(f'CREATE TABLE "{table}" ({body})')


def _v1_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            rekon_version VARCHAR,
            out_dir VARCHAR,
            options VARCHAR  -- JSON: the options the run was given
        )"""
    )
    con.execute(
        """
        CREATE TABLE files (
            file_hash VARCHAR PRIMARY KEY,  -- SHA-256 of the bytes: what the file is
            path VARCHAR,                   -- where it was last read from
            opd VARCHAR,
            year INTEGER,
            quarters INTEGER[],             -- one quarter, or all a side-by-side form prints
            family VARCHAR,                 -- one_quarter | side_by_side
            pages INTEGER,
            produced_at TIMESTAMP,          -- the PDF's CreationDate (local time as printed), when it has one
            producer VARCHAR,               -- the PDF's Producer: which program exported it
            status VARCHAR,                 -- read | duplicate | failed
            message VARCHAR,                -- why, when not read
            rows INTEGER,
            problems INTEGER
        )"""
    )
    con.execute("CREATE TABLE run_files (run_id INTEGER, file_hash VARCHAR)")
    # run_id: only for a problem of no file (file_hash NULL), the run that reported it.
    con.execute(
        "CREATE TABLE problems (file_hash VARCHAR, source_file VARCHAR, page VARCHAR, row_id VARCHAR, field VARCHAR, "
        "raw_text VARCHAR, problem VARCHAR, message VARCHAR, run_id INTEGER)"
    )
    for table in ("rows", "panel", "findings"):
        _create(con, table, [c for c in table_columns(table) if c not in _V1_DROPPED.get(table, set())])


def _v2_kode(con: duckdb.DuckDBPyConnection) -> None:
    # The nomenclature code of each row's item, and of each panel line (rekon 0.1 with nomenclature).
    for table in ("rows", "panel"):
        if "kode" not in columns_of(con, table):
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN kode VARCHAR')


def _v3_review_marks(con: duckdb.DuckDBPyConnection) -> None:
    # rekon review: each finding's review status and the analyst's verdict, as discrepancies.csv carries them.
    for column in REVIEW_COLUMNS:
        if column not in columns_of(con, "findings"):
            con.execute(f'ALTER TABLE findings ADD COLUMN "{column}" VARCHAR')


def _v4_region(con: duckdb.DuckDBPyConnection) -> None:
    # Groups are keyed by region too; the region of what is already stored comes from its rows.
    for table in ("rows", "files", "panel", "findings"):
        if "region" not in columns_of(con, table):
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN region VARCHAR')
    con.execute("UPDATE files f SET region = (SELECT any_value(r.region) FROM rows r WHERE r.file_hash = f.file_hash)")
    con.execute("UPDATE findings t SET region = (SELECT f.region FROM files f WHERE f.file_hash = t.file_hash)")
    con.execute("UPDATE panel t SET region = (SELECT f.region FROM files f WHERE f.file_hash = t.file_hashes[1])")


def _v5_full_renja_form(con: duckdb.DuckDBPyConnection) -> None:
    # The full Renja evaluation form: its K/Rp pairs, the agency in charge and the printed code.
    for table, columns in _V5_COLUMNS.items():
        present = columns_of(con, table)
        for column in columns:
            if column not in present:
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {sql_type(column)}')
    # Older rekon put the agency in charge of a side-by-side form's row in keterangan: move it.
    con.execute(
        "UPDATE rows SET penanggung_jawab = keterangan, keterangan = NULL "
        "WHERE file_hash IN (SELECT file_hash FROM files WHERE family = 'side_by_side') AND penanggung_jawab IS NULL"
    )


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


MIGRATIONS = [
    Migration(1, "tables runs, files, run_files, problems, rows, panel, findings", _v1_initial),
    Migration(2, "rows.kode and panel.kode: nomenclature codes", _v2_kode),
    Migration(3, "findings.review_status, verdict, verdict_comment: rekon review's marks", _v3_review_marks),
    Migration(4, "region in files, panel and findings: groups keyed by region, agency and year", _v4_region),
    Migration(5, "the full Renja evaluation form: Renstra and year K/Rp, penanggung_jawab (moved from keterangan), kode_printed", _v5_full_renja_form),
]
SCHEMA_VERSION = MIGRATIONS[-1].version


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]


def version_of(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()[0][0]
    if not exists:
        return 0
    found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(found[0][0]) if found else 0


def migrate(con: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION, where: str = "store") -> list[Migration]:
    """Bring the store to `target`; returns the migrations applied. A newer store is refused."""
    current = version_of(con)
    if current > SCHEMA_VERSION:
        raise StoreVersionError(
            f"{where}: skema versi {current}, rekon ini mengenal sampai {SCHEMA_VERSION} / "
            f"schema version {current} is newer than this rekon knows ({SCHEMA_VERSION}); upgrade rekon"
        )
    applied = []
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
                migration.apply(con)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(migration.version)])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            applied.append(migration)
    return applied


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, wanted: list[str]) -> list[str]:
    """Columns a run's CSV has that the table lacks are added (text, or the type their name says)."""
    present = set(columns_of(con, table))
    added = [c for c in wanted if c not in present]
    for column in added:
        con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {sql_type(column)}')
    return added
