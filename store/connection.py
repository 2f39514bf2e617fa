"""Opening a store: one DuckDB file, brought to the current schema on every write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from rekon.store.schema import SCHEMA_VERSION, migrate, version_of


class StoreMissing(FileNotFoundError):
    """A store path that does not exist where one must be read."""


@contextmanager
def open_store(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the store; a writable one is migrated first. A read-only store must exist and be current."""
    path = Path(path)
    if read_only:
        if not path.is_file():
            raise StoreMissing(f"{path}: store tidak ada / no such store")
        con = duckdb.connect(str(path), read_only=True)
        version = version_of(con)
        if version != SCHEMA_VERSION:
            con.close()
            # An older store is migrated by opening it for writing once; a newer one is refused there too.
            with open_store(path):
                pass
            con = duckdb.connect(str(path), read_only=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
        migrate(con, where=str(path))
    try:
        yield con
    finally:
        con.close()
