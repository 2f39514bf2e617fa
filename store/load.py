"""Load what a run wrote (OUT_DIR's CSVs) into the store, idempotently.

A file is its content hash: reading the same bytes again replaces that file's rows and
problems and adds nothing else. Panel lines and findings belong to a group (region, opd, year): a run
that reads a group replaces that group's panel and findings. A finding id is a hash of what
the finding is about (rules/engine.py), so the same finding keeps its id and the run that
first reported it (`first_run_id`). Each run adds one line to `runs` and its files to
`run_files`; nothing else grows when the same files are read again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from rekon.extract.identity import content_hash
from rekon.store.connection import open_store
from rekon.store.csv_tables import OWN_LINES, csv_header, raw_table, read_raw, stage_findings, stage_rows
from rekon.store.csv_tables import staging_table as _staging
from rekon.store.schema import DOUBLE_COLUMNS, GROUP_COLUMNS, INTEGER_COLUMNS, LIST_COLUMNS, add_missing_columns, columns_of

SIDE_BY_SIDE, ONE_QUARTER = "side_by_side", "one_quarter"
READ, DUPLICATE, FAILED = "read", "duplicate", "failed"
DUPLICATE_PROBLEMS = {"duplicate_quarter", "duplicate_file"}


@dataclass(frozen=True)
class LoadResult:
    run_id: int
    files: int
    rows: int
    panel: int
    findings: int
    new_findings: int
    seconds: float
    copies: int = 0  # files of the run whose bytes another file of the run already has


# Lines read and stored at a time: the store is loaded in pieces, so a batch of any size loads
# in the same memory (the whole of a 1,000-file run held as frames took gigabytes).
CHUNK_LINES = 5_000


def _chunks(path: Path, usecols: list[str] | None = None) -> Iterator[pd.DataFrame]:
    if not path.exists() or path.stat().st_size == 0:
        return
    with pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=CHUNK_LINES, usecols=usecols) as reader:
        for chunk in reader:
            if len(chunk):
                yield chunk.reset_index(drop=True)


def _problem_files(out_dir: Path) -> list[str]:
    """Every file problems.csv names, in the order it names them."""
    path = out_dir / "problems.csv"
    names: dict[str, None] = {}
    if "source_file" in (csv_header(path) or []):
        for chunk in _chunks(path, ["source_file"]):
            names.update(dict.fromkeys(chunk["source_file"]))
    return [name for name in names if name]


def _row_files(con: duckdb.DuckDBPyConnection, columns: list[str]) -> list[str]:
    """Every file the rows name, in the order they name them."""
    if "source_file" not in columns:
        return []
    found = con.execute(f'SELECT source_file FROM "{raw_table("rows")}" WHERE source_file IS NOT NULL GROUP BY source_file ORDER BY min(rowid)')
    return [name for (name,) in found.fetchall()]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Text from the CSVs as the store's types: numbers as numbers, empty as NULL."""
    frame = frame.copy()
    for column in frame.columns:
        if column in LIST_COLUMNS:
            continue
        if column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Int64")
        elif column in DOUBLE_COLUMNS:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Float64")
        else:
            frame[column] = frame[column].astype(object).where(frame[column] != "", None)
    return frame


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def pdf_date(text: str) -> datetime | None:
    """A PDF date (`D:20230801151314+07'00'`) as a naive local time; None when absent or malformed."""
    found = _PDF_DATE.match(text or "")
    if not found:
        return None
    parts = [int(p) if p else default for p, default in zip(found.groups(), (0, 1, 1, 0, 0, 0))]
    try:
        return datetime(*parts)
    except ValueError:
        return None


def pdf_facts(path: Path) -> dict:
    """Pages, when the PDF says it was made, and by what: evidence of a late report, read from the file itself."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - a file pdfium cannot open has no facts; its problem is already in problems.csv
        return {"pages": None, "produced_at": None, "producer": None}
    try:
        meta = document.get_metadata_dict()
        return {"pages": len(document), "produced_at": pdf_date(meta.get("CreationDate", "")), "producer": meta.get("Producer") or None}
    finally:
        document.close()


def _hashes(paths: list[str], base: Path) -> dict[str, str]:
    found = {}
    for name in paths:
        path = Path(name) if Path(name).is_absolute() else base / name
        if not path.is_file():
            raise FileNotFoundError(f"{name}: berkas tidak ada lagi, tidak bisa dicatat di store / the file is gone, it cannot be stored")
        found[name] = content_hash(path)
    return found


@dataclass
class _FileFacts:
    """What the run's rows and problems say of one file, gathered piece by piece."""

    quarters: set = field(default_factory=set)
    region: str | None = None
    opd: str | None = None
    year: int | None = None
    rows: int = 0
    problems: int = 0
    codes: set = field(default_factory=set)
    first_message: str | None = None

    def add_rows(self, rows: pd.DataFrame) -> None:
        self.rows += len(rows)
        self.quarters.update(int(q) for q in rows.get("quarter", []) if q)
        self.region = self.region or next((v for v in rows.get("region", []) if v), None)
        self.opd = self.opd or next((v for v in rows.get("opd", []) if v), None)
        if self.year is None:
            self.year = next((int(v) for v in rows.get("year", []) if v), None)

    def add_problems(self, problems: pd.DataFrame) -> None:
        self.problems += len(problems)
        self.codes.update(problems.get("problem", []))
        self.first_message = self.first_message or next((m for m in problems.get("message", []) if m), None)


def store_family(name: str | None) -> str | None:
    """The store's word for the family a file was read as (extract/families.yaml): its quarters side by side, or one."""
    if not name:
        return None
    from rekon.extract.families import BUILTIN

    return SIDE_BY_SIDE if BUILTIN.named(name).quarters_in_columns else ONE_QUARTER


def file_records(facts: dict[str, _FileFacts], hashes: dict[str, str], base: Path, families: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One line per file of the run: what it is, what it holds, and whether it was read (`families`: the
    family each file was read as, by its name in the run; without it the family is left empty)."""
    records = []
    for name, file_hash in hashes.items():
        fact = facts.get(name) or _FileFacts()
        quarters = sorted(fact.quarters)
        if fact.rows == 0:
            status = FAILED
        elif fact.codes & DUPLICATE_PROBLEMS:
            status = DUPLICATE
        else:
            status = READ
        path = Path(name) if Path(name).is_absolute() else base / name
        records.append({
            "file_hash": file_hash, "path": str(path.resolve()), "region": fact.region, "opd": fact.opd, "year": fact.year, "quarters": quarters,
            "family": store_family((families or {}).get(name)),
            **pdf_facts(path), "status": status, "message": fact.first_message if status != READ else None,
            "rows": fact.rows, "problems": fact.problems,
        })
    frame = pd.DataFrame.from_records(
        records, columns=["file_hash", "path", "region", "opd", "year", "quarters", "family", "pages", "produced_at", "producer", "status", "message", "rows", "problems"]
    )
    frame["produced_at"] = pd.to_datetime(frame["produced_at"])
    return frame.astype({"year": "Int64", "pages": "Int64", "rows": "Int64", "problems": "Int64"})


def _rows_by_id(con: duckdb.DuckDBPyConnection, row_ids: list[str], keys: list[str]) -> dict[str, dict]:
    """The run's rows these ids name (source file and group), from the rows just stored."""
    if not row_ids:
        return {}
    selected = ", ".join(f'"{c}"' for c in ["row_id", "source_file", *keys])
    found = con.execute(f'SELECT {selected} FROM "{_staging("rows")}" WHERE row_id IN (SELECT unnest(?))', [row_ids]).fetchall()
    return {line[0]: {"source_file": line[1], **{k: "" if v is None else str(v) for k, v in zip(keys, line[2:])}} for line in found}


def _group_of_panel(panel: pd.DataFrame, by_row: dict[str, dict], keys: list[str], hashes: dict[str, str]) -> pd.DataFrame:
    """Each panel line's group (from its rows) and the files its quarters come from."""
    quarter_columns = [c for c in panel.columns if c.startswith("row_id_q")]
    groups, files = [], []
    for record in panel[quarter_columns].to_dict("records"):
        found = [by_row[r] for r in record.values() if r and r in by_row]
        groups.append({k: found[0][k] if found else "" for k in keys})
        files.append(sorted({hashes[f["source_file"]] for f in found if f["source_file"] in hashes}))
    panel = panel.copy()
    for key in keys:
        panel[key] = [g[key] for g in groups]
    panel["file_hashes"] = files
    return panel


def _group_keys(columns: list[str]) -> list[str]:
    return [c for c in GROUP_COLUMNS if c in columns]


def _printed_groups(con: duckdb.DuckDBPyConnection, keys: list[str]) -> set[tuple]:
    """The groups (region, opd, year as printed, '' when not) the run's rows name."""
    if not keys:
        return set()
    printed = ", ".join(f"coalesce(\"{k}\", '')" for k in keys)
    return set(con.execute(f'SELECT DISTINCT {printed} FROM "{raw_table("rows")}" WHERE {OWN_LINES}').fetchall())


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    add_missing_columns(con, table, list(frame.columns))
    con.register("incoming", frame)
    try:
        names = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM incoming')
    finally:
        con.unregister("incoming")


STAGED = ("rows", "problems", "panel", "findings")
# DuckDB's cache while loading: past it, the store's pages are read from the file again.
STORE_MEMORY_LIMIT = "64MB"


def _stage(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Lines put aside, committed at once: a transaction that holds a whole batch's appends holds them in memory."""
    if frame.empty:
        return
    add_missing_columns(con, table, list(frame.columns))
    _insert(con, _staging(table), frame)


def _drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    for table in STAGED:
        con.execute(f'DROP TABLE IF EXISTS "{_staging(table)}"')
        con.execute(f'DROP TABLE IF EXISTS "{raw_table(table)}"')


def load_run(out_dir: Path | str, store_path: Path | str, options: dict | None = None, version: str = "", base: Path | None = None,
             families: Mapping[str, str] | None = None) -> LoadResult:
    """Put OUT_DIR's rows, problems, panel and findings into the store at `store_path`.

    `base` is the folder the paths in rows.csv are relative to (the folder rekon ran in); `families`
    the family each file was read as (`FileResult.family`, by the file's name in rows.csv), which the
    run's tables do not say (without it a file keeps the family the store recorded for its bytes).
    rows.csv and discrepancies.csv are read by DuckDB and staged PIECE_LINES lines at a time, the
    smaller tables CHUNK_LINES lines at a time through pandas; then one transaction
    replaces what the store held of these files and groups with them, so a failed load changes
    nothing, and a batch of any size loads in the same memory.
    """
    started = datetime.now()
    out_dir, base = Path(out_dir), Path(base or Path.cwd())
    counts = dict.fromkeys(("rows", "panel", "findings"), 0)
    new = 0

    with open_store(store_path) as con:
        con.execute(f"SET memory_limit = '{STORE_MEMORY_LIMIT}'")
        # One thread: its buffers fit the limit (two ran out of it on a 1,000-file run), and its lines come in the
        # order they were read, with nothing held back to keep that order.
        con.execute("SET threads = 1")
        con.execute("SET preserve_insertion_order = false")
        try:
            _drop_staging(con)  # left by a load that was killed
            for table in STAGED:
                con.execute(f'CREATE TABLE "{_staging(table)}" AS SELECT * FROM "{table}" LIMIT 0')
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0][0]
            row_columns = csv_header(out_dir / "rows.csv") or []
            if row_columns:
                read_raw(con, raw_table("rows"), out_dir / "rows.csv", row_columns)
            names = list(dict.fromkeys([*_row_files(con, row_columns), *_problem_files(out_dir)]))
            hashes = _hashes(names, base)
            # The same bytes under a second name are the same file: its first name stands for it.
            first_name = {h: n for n, h in reversed(hashes.items())}
            copies = {n for n, h in hashes.items() if first_name[h] != n}
            hashes = {n: h for n, h in hashes.items() if n not in copies}
            hash_list = list(hashes.values())
            con.register("load_hashes", pd.DataFrame({"source_file": list(hashes), "file_hash": hash_list}, dtype=object))
            con.register("load_copies", pd.DataFrame({"source_file": sorted(copies)}, dtype=object))

            facts: dict[str, _FileFacts] = {}
            keys: list[str] = []
            groups: set[tuple] = set()
            if row_columns:
                for name, lines, quarters, region, opd, year in stage_rows(con, row_columns):
                    facts[name] = _FileFacts(set(quarters or []), region, opd, int(year) if year is not None else None, lines)
                counts["rows"] = sum(fact.rows for fact in facts.values())
                keys = _group_keys(row_columns) if counts["rows"] else []
                groups = _printed_groups(con, keys)
            for problems in _chunks(out_dir / "problems.csv"):
                problems = problems[~problems["source_file"].isin(copies)] if copies else problems
                for name, own in problems.groupby("source_file", sort=False):
                    facts.setdefault(name, _FileFacts()).add_problems(own)
                file_hash = problems["source_file"].map(hashes)
                problems = problems.assign(file_hash=file_hash.astype(object).where(file_hash.notna(), None))
                problems["run_id"] = [None if h else run_id for h in problems["file_hash"].fillna("")]
                _stage(con, "problems", problems.astype({"run_id": "Int64"}))
            files = _known_families(con, file_records(facts, hashes, base, families))

            for panel in _chunks(out_dir / "panel.csv"):
                row_ids = sorted({r for c in panel.columns if c.startswith("row_id_q") for r in panel[c] if r})
                panel = _group_of_panel(panel, _rows_by_id(con, row_ids, keys), keys, hashes)
                _stage(con, "panel", _typed(panel))
                counts["panel"] += len(panel)
            by_file = pd.DataFrame(
                [{"source_file": name, **{k: "" if fact[k] is None or fact[k] is pd.NA else str(fact[k]) for k in keys}}
                 for name, fact in zip(hashes, files.to_dict("records"))],
                columns=["source_file", *keys], dtype=object,
            )
            counts["findings"], new = stage_findings(con, out_dir / "discrepancies.csv", keys, by_file, run_id)

            con.execute("BEGIN TRANSACTION")
            try:
                _replace(con, run_id, started, version, out_dir, options, hash_list, keys, groups, files)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            _drop_staging(con)
    return LoadResult(run_id, len(files), counts["rows"], counts["panel"], counts["findings"], new, (datetime.now() - started).total_seconds(), len(copies))


def _known_families(con: duckdb.DuckDBPyConnection, files: pd.DataFrame) -> pd.DataFrame:
    """A file whose family the load was not told (an OUT folder loaded on its own) keeps the one the store
    recorded for the same bytes, when a run that read them said it."""
    untold = files["family"].isna()
    if untold.any():
        hashes = list(files.loc[untold, "file_hash"])
        known = dict(con.execute("SELECT file_hash, family FROM files WHERE family IS NOT NULL AND file_hash IN (SELECT unnest(?))", [hashes]).fetchall())
        files.loc[untold, "family"] = [known.get(h) for h in hashes]
    return files


def _replace(con, run_id: int, started: datetime, version: str, out_dir: Path, options: dict | None, hash_list: list[str], keys: list[str],
             groups: set[tuple], files: pd.DataFrame) -> None:
    """Within the load's transaction: what the store held of the run's files and groups, replaced by the staged lines."""
    con.execute(
        "INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?)",
        [run_id, started, version, str(out_dir.resolve()), json.dumps(options or {}, sort_keys=True, default=str)],
    )
    for table in ("files", "rows", "problems"):
        con.execute(f'DELETE FROM "{table}" WHERE file_hash IN (SELECT unnest(?))', [hash_list])
    # A problem of no file (a quarter missing from a group) belongs to the run that said it:
    # a later run over any of the same files says it again, or no longer.
    con.execute(
        "DELETE FROM problems WHERE file_hash IS NULL AND run_id IN "
        "(SELECT run_id FROM run_files WHERE file_hash IN (SELECT unnest(?)))", [hash_list]
    )
    if groups:
        con.register("run_groups", _typed(pd.DataFrame(sorted(groups), columns=keys)))
        same_group = " AND ".join(f"g.{k} IS NOT DISTINCT FROM t.{k}" for k in keys)
        for table in ("panel", "findings"):
            con.execute(f'DELETE FROM "{table}" t WHERE EXISTS (SELECT 1 FROM run_groups g WHERE {same_group})')
        con.unregister("run_groups")
    con.execute("DELETE FROM findings WHERE file_hash IN (SELECT unnest(?))", [hash_list])
    _insert(con, "files", files)
    _insert(con, "run_files", pd.DataFrame({"run_id": run_id, "file_hash": hash_list}))
    for table in STAGED:
        names = ", ".join(f'"{c}"' for c in columns_of(con, _staging(table)))
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM "{_staging(table)}"')
    con.execute("UPDATE runs SET finished_at = ? WHERE run_id = ?", [datetime.now(), run_id])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in ("files", "rows", "problems", "panel", "findings", "runs")}


__all__ = ["load_run", "LoadResult", "table_counts", "columns_of"]
