"""rekon's store: everything rekon has read, in one DuckDB file, for SQL across agencies and years.

    from rekon.store import load_run, open_store, export_parquet
    load_run("out", "out/rekon.duckdb")          # what `rekon run ... --store` does
    with open_store("out/rekon.duckdb", read_only=True) as con:
        con.sql("SELECT opd, severity, count(*) FROM findings GROUP BY ALL").show()

Tables: runs, files, run_files, rows, problems, panel, findings (store/schema.py). The store
reads only what a run wrote; nothing in extract/, reconcile/, rules/ or report/ imports it.
"""

from rekon.store.connection import StoreMissing, open_store
from rekon.store.export import export_parquet
from rekon.store.load import LoadResult, load_run, table_counts
from rekon.store.query import run_query
from rekon.store.schema import SCHEMA_VERSION, StoreVersionError, migrate

__all__ = [
    "open_store", "load_run", "LoadResult", "table_counts", "export_parquet", "run_query",
    "migrate", "SCHEMA_VERSION", "StoreVersionError", "StoreMissing",
]
