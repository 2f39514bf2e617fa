"""What extraction made of each file, kept on disk under OUT/.rekon/ by content hash and options.

A file is the same for the cache when its bytes are the same and it was read with the same
options (``RunOptions.cache_options``: quarter, backend, lang, ocr): `--resume` reuses it then, and
only then.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pandas as pd

from rekon.extract.output import csv_text, file_mode
from rekon.extract.pipeline import FileResult
from rekon.extract.schema import PROBLEM_COLUMNS, ROW_COLUMNS


class FileCache:
    """What extraction made of each file, on disk under OUT/.rekon/, keyed by content hash and options.

    `--resume` reads it back instead of reading a PDF again; each entry is written whole
    (renamed into place), so a run stopped at any moment leaves only whole entries.
    """

    def __init__(self, root: Path, options: dict):
        self.root = root
        self.files = root / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        self.options = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:8]

    def clear(self) -> None:
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir(parents=True, exist_ok=True)

    def _base(self, file_id: str) -> Path:
        return self.files / f"{file_id}-{self.options}"

    def has(self, file_id: str) -> bool:
        return bool(file_id) and self._base(file_id).with_suffix(".pkl").exists()

    def save(self, result: FileResult) -> None:
        """The full result (for the groups' matching) and its CSV lines (for rows.csv, problems.csv)."""
        base = self._base(result.file_id)
        _write_whole(base.with_suffix(".rows"), csv_text(rows_frame([result]), header=False).encode("utf-8"))
        _write_whole(base.with_suffix(".problems"), csv_text(problems_frame([result]), header=False).encode("utf-8"))
        _write_whole(base.with_suffix(".pkl"), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def load(self, file_id: str, source_file: str | None = None) -> FileResult:
        """The cached result; under another name (a renamed copy) its rows name the file as given now."""
        result = pickle.loads(self._base(file_id).with_suffix(".pkl").read_bytes())
        if source_file is not None and result.source_file != source_file:
            result.source_file = source_file
            for record in result.rows + result.problems:
                record["source_file"] = source_file
            self.save(result)
        return result

    def rows_text(self, file_id: str) -> str:
        return self._base(file_id).with_suffix(".rows").read_text(encoding="utf-8")

    def problems_text(self, file_id: str) -> str:
        return self._base(file_id).with_suffix(".problems").read_text(encoding="utf-8")


def _write_whole(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_bytes(data)
    os.chmod(temp, file_mode())
    os.replace(temp, path)


def rows_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [row for result in results for row in result.rows]
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)


def problems_frame(results: list[FileResult]) -> pd.DataFrame:
    records = [p for result in results for p in result.problems]
    return pd.DataFrame.from_records(records, columns=PROBLEM_COLUMNS).astype(str)
