"""`rekon export`: the store's tables as Parquet, partitioned by agency (opd) and year.

DIR/<table>/opd=<name>/year=<year>/data_0.parquet is the hive layout that DuckDB, pyarrow,
Dask and Spark read as one dataset with opd and year as columns (names are URL-encoded in the
folder names; a line with no agency or year goes to __HIVE_DEFAULT_PARTITION__). The run log
(runs, run_files) is small and has no agency: one file each.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rekon.store.connection import open_store

# Each partitioned table, as a query that gives every line its opd and year.
PARTITIONED = {
    "files": "SELECT * FROM files",
    "rows": "SELECT * FROM rows",
    "problems": "SELECT p.*, f.opd, f.year FROM problems p LEFT JOIN files f USING (file_hash)",
    "panel": "SELECT * FROM panel",
    "findings": "SELECT * FROM findings",
}
UNPARTITIONED = {"runs": "SELECT * FROM runs", "run_files": "SELECT * FROM run_files"}


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(store_path: Path | str, out_dir: Path | str) -> dict[str, int]:
    """Write every table under OUT_DIR (replacing an earlier export there); returns the lines written per table."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    with open_store(store_path, read_only=True) as con:
        for table, query in {**PARTITIONED, **UNPARTITIONED}.items():
            target = out_dir / table
            if target.is_dir():
                shutil.rmtree(target)  # an export is a snapshot: no partition of an older one may linger
            target.unlink(missing_ok=True)
            count = con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]
            if table in PARTITIONED:
                if count:
                    con.execute(f"COPY ({query}) TO {_quote(target)} (FORMAT PARQUET, PARTITION_BY (opd, year))")
                else:
                    target.mkdir()
            else:
                target = out_dir / f"{table}.parquet"
                target.unlink(missing_ok=True)
                con.execute(f"COPY ({query}) TO {_quote(target)} (FORMAT PARQUET)")
            written[table] = count
    return written
