"""Writing tables the way analysts open them: CSV (or Parquet), atomically, safe for spreadsheets."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pandas as pd

# A text cell starting with one of these is run as a formula by Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix an apostrophe to text that a spreadsheet would execute; numbers stay numbers."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    try:
        float(value)
        return value  # `-12.5` is a number, not a formula
    except ValueError:
        return "'" + value


_LONG_COLUMN = 1000  # past this many cells one vectorised test beats a Python loop


def _formula_positions(column: pd.Series) -> list[int]:
    """Positions of the cells that start like a formula (few or none, in practice)."""
    if len(column) > _LONG_COLUMN:
        try:
            return list(column.str.startswith(_FORMULA_STARTS, na=False).to_numpy(dtype=bool).nonzero()[0])
        except AttributeError:  # an object column holding no text at all (numbers, None)
            pass
    return [i for i, v in enumerate(column.tolist()) if v.__class__ is str and v.startswith(_FORMULA_STARTS)]


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells a spreadsheet would execute are neutralised; text columns as objects.

    Built column by column into one new frame: setting columns one at a time on a copy cost
    more than the test itself on the small frames each file and group writes.
    """
    if frame.columns.has_duplicates or frame.empty:
        return _safe_column_by_column(frame)
    columns = {}
    for name, cells in frame.items():
        if pd.api.types.is_numeric_dtype(cells) or pd.api.types.is_bool_dtype(cells):
            columns[name] = cells
            continue
        values = cells.to_numpy(dtype=object, copy=True)
        for position in _formula_positions(cells):
            values[position] = neutralise(values[position])
        columns[name] = pd.Series(values, index=frame.index, dtype=object, copy=False)
    return pd.concat(columns, axis=1)


def _safe_column_by_column(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for position in range(safe.shape[1]):
        cells = safe.iloc[:, position]
        if not (pd.api.types.is_numeric_dtype(cells) or pd.api.types.is_bool_dtype(cells)):
            safe.isetitem(position, cells.map(neutralise).astype(object))
    return safe


def file_mode() -> int:
    """The mode a new file gets under the user's umask (0644 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, write) -> None:
    """Call write(temp_path), then move the file into place: no half-written output, ever.

    The temporary file is private while it is written (mkstemp: 0600); the output takes the
    mode of any file the user writes (their umask), so colleagues can read it where they may.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.chmod(temp, file_mode())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_table(frame: pd.DataFrame, path: Path, fmt: str = "csv") -> Path:
    if fmt == "parquet":
        path = path.with_suffix(".parquet")
        write_atomic(path, lambda temp: frame.to_parquet(temp, index=False))
    else:
        text = csv_text(frame, header=True)
        write_atomic(path, lambda temp: Path(temp).write_text(text, encoding="utf-8", newline=""))
    return path


def csv_text(frame: pd.DataFrame, header: bool) -> str:
    """A frame as write_table writes it (spreadsheet-safe), without the header when appending."""
    safe = safe_for_spreadsheets(frame)
    text = safe.to_csv(index=False, header=header, lineterminator="\n")
    if "\r" in text:
        # The csv module quotes a field holding the line terminator ("\n") but not a lone carriage
        # return, which every reader takes for a line end: such a table is written fully quoted.
        text = safe.to_csv(index=False, header=header, lineterminator="\n", quoting=csv.QUOTE_ALL)
    return text


class TableAppender:
    """One output table written piece by piece (a batch never holds all its rows), put in place whole at the end."""

    def __init__(self, path: Path, columns: list[str], fmt: str = "csv"):
        self.fmt = fmt
        self.path = path.with_suffix(".parquet") if fmt == "parquet" else path
        self.columns = list(columns)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        os.close(handle)
        self._temp = Path(temp)
        self._parquet = None
        if fmt == "parquet":
            import pyarrow as pa

            self._schema = pa.schema([(c, pa.string()) for c in self.columns])
        else:
            self._handle = open(self._temp, "w", encoding="utf-8", newline="")
            self._handle.write(csv_text(pd.DataFrame(columns=self.columns), header=True))

    def add(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        frame = frame[self.columns]
        if self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self._temp, self._schema)
            self._parquet.write_table(pa.Table.from_pandas(frame.astype(str), schema=self._schema, preserve_index=False))
        else:
            self._handle.write(csv_text(frame, header=False))

    def add_text(self, text: str) -> None:
        """CSV lines already made (csv_text without header) with the same columns."""
        self._handle.write(text)

    def close(self) -> Path:
        if self.fmt == "parquet":
            if self._parquet is None:
                pd.DataFrame(columns=self.columns).astype(str).to_parquet(self._temp, index=False)
            else:
                self._parquet.close()
        else:
            self._handle.close()
        os.chmod(self._temp, file_mode())
        os.replace(self._temp, self.path)
        return self.path

    def discard(self) -> None:
        if self.fmt != "parquet":
            self._handle.close()
        elif self._parquet is not None:
            self._parquet.close()
        self._temp.unlink(missing_ok=True)

    def __enter__(self) -> "TableAppender":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()
