"""`rekon query`: SQL over the store, read only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rekon.store.connection import open_store


def run_query(store_path: Path | str, sql: str) -> pd.DataFrame:
    """The result of one SQL statement on the store, as a frame. The store is opened read only."""
    with open_store(store_path, read_only=True) as con:
        return con.execute(sql).df()
