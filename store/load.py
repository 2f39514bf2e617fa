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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from rekon.extract.identity import content_hash
from rekon.store.connection import open_store
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


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)


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


def file_records(rows: pd.DataFrame, problems: pd.DataFrame, hashes: dict[str, str], base: Path) -> pd.DataFrame:
    """One line per file of the run: what it is, what it holds, and whether it was read."""
    records = []
    # Each file's lines found once by grouping: a mask per file would be quadratic in a large batch.
    rows_of = rows.groupby("source_file", sort=False).indices if len(rows) else {}
    problems_of = problems.groupby("source_file", sort=False).indices if len(problems) else {}
    for name, file_hash in hashes.items():
        own_rows = rows.iloc[rows_of.get(name, [])] if len(rows) else rows
        own_problems = problems.iloc[problems_of.get(name, [])] if len(problems) else problems
        quarters = sorted({int(q) for q in own_rows.get("quarter", []) if q})
        codes = set(own_problems.get("problem", []))
        if len(own_rows) == 0:
            status = FAILED
        elif codes & DUPLICATE_PROBLEMS:
            status = DUPLICATE
        else:
            status = READ
        messages = [m for m in own_problems.get("message", []) if m] if status != READ else []
        opd = next((v for v in own_rows.get("opd", []) if v), None)
        region = next((v for v in own_rows.get("region", []) if v), None)
        year = next((int(v) for v in own_rows.get("year", []) if v), None)
        path = Path(name) if Path(name).is_absolute() else base / name
        records.append({
            "file_hash": file_hash, "path": str(path.resolve()), "region": region, "opd": opd, "year": year, "quarters": quarters,
            "family": (SIDE_BY_SIDE if len(quarters) > 1 else ONE_QUARTER) if quarters else None,
            **pdf_facts(path), "status": status, "message": messages[0] if messages else None,
            "rows": len(own_rows), "problems": len(own_problems),
        })
    frame = pd.DataFrame.from_records(
        records, columns=["file_hash", "path", "region", "opd", "year", "quarters", "family", "pages", "produced_at", "producer", "status", "message", "rows", "problems"]
    )
    frame["produced_at"] = pd.to_datetime(frame["produced_at"])
    return frame.astype({"year": "Int64", "pages": "Int64", "rows": "Int64", "problems": "Int64"})


def _group_of_panel(panel: pd.DataFrame, rows: pd.DataFrame, hashes: dict[str, str]) -> pd.DataFrame:
    """Each panel line's group (from its rows) and the files its quarters come from."""
    keys = _group_keys(rows)
    by_row = rows.set_index("row_id")[["source_file", *keys]].to_dict("index") if len(rows) else {}
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


def _group_keys(rows: pd.DataFrame) -> list[str]:
    return [c for c in GROUP_COLUMNS if c in rows.columns]


def _group_of_findings(findings: pd.DataFrame, rows: pd.DataFrame, files: pd.DataFrame, hashes: dict[str, str]) -> pd.DataFrame:
    keys = _group_keys(rows)
    by_row = rows.set_index("row_id")[keys].to_dict("index") if len(rows) else {}
    by_file = {
        name: {k: "" if fact[k] is None or fact[k] is pd.NA else str(fact[k]) for k in keys}
        for name, fact in zip(hashes, files.to_dict("records"))
    }
    findings = findings.copy()
    nobody = dict.fromkeys(keys, "")
    owners = [by_row.get(r) or by_file.get(f) or nobody for r, f in zip(findings["row_id"], findings["source_file"])]
    for key in keys:
        findings[key] = [o[key] for o in owners]
    findings["file_hash"] = [hashes.get(f, "") for f in findings["source_file"]]
    return findings


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


def load_run(out_dir: Path | str, store_path: Path | str, options: dict | None = None, version: str = "", base: Path | None = None) -> LoadResult:
    """Put OUT_DIR's rows, problems, panel and findings into the store at `store_path`.

    `base` is the folder the paths in rows.csv are relative to (the folder rekon ran in).
    """
    started = datetime.now()
    out_dir, base = Path(out_dir), Path(base or Path.cwd())
    rows, problems = _read_csv(out_dir / "rows.csv"), _read_csv(out_dir / "problems.csv")
    panel, findings = _read_csv(out_dir / "panel.csv"), _read_csv(out_dir / "discrepancies.csv")
    names = list(dict.fromkeys([*rows.get("source_file", []), *problems.get("source_file", [])]))
    hashes = _hashes([n for n in names if n], base)
    # The same bytes under a second name are the same file: its first name stands for it.
    first_name = {h: n for n, h in reversed(hashes.items())}
    copies = {n for n, h in hashes.items() if first_name[h] != n}
    if copies:
        rows = rows[~rows["source_file"].isin(copies)] if len(rows) else rows
        problems = problems[~problems["source_file"].isin(copies)] if len(problems) else problems
        hashes = {n: h for n, h in hashes.items() if n not in copies}
    files = file_records(rows, problems, hashes, base)
    if len(rows):
        rows = rows.assign(file_hash=rows["source_file"].map(hashes))
    if len(problems):
        file_hash = problems["source_file"].map(hashes)
        problems = problems.assign(file_hash=file_hash.astype(object).where(file_hash.notna(), None), run_id=None)
    if len(panel):
        panel = _group_of_panel(panel, rows, hashes)
    if len(findings):
        findings = _group_of_findings(findings, rows, files, hashes)
    keys = _group_keys(rows) if len(rows) else []
    groups = rows[keys].drop_duplicates() if keys else pd.DataFrame()

    with open_store(store_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0][0]
            con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?)",
                [run_id, started, version, str(out_dir.resolve()), json.dumps(options or {}, sort_keys=True, default=str)],
            )
            known = dict(con.execute("SELECT finding_id, first_run_id FROM findings").fetchall())
            hash_list = list(hashes.values())
            con.execute("DELETE FROM files WHERE file_hash IN (SELECT unnest(?))", [hash_list])
            con.execute("DELETE FROM rows WHERE file_hash IN (SELECT unnest(?))", [hash_list])
            con.execute("DELETE FROM problems WHERE file_hash IN (SELECT unnest(?))", [hash_list])
            # A problem of no file (a quarter missing from a group) belongs to the run that said it:
            # a later run over any of the same files says it again, or no longer.
            con.execute(
                "DELETE FROM problems WHERE file_hash IS NULL AND run_id IN "
                "(SELECT run_id FROM run_files WHERE file_hash IN (SELECT unnest(?)))", [hash_list]
            )
            if len(groups):
                con.register("run_groups", _typed(groups))
                same_group = " AND ".join(f"g.{k} IS NOT DISTINCT FROM t.{k}" for k in keys)
                for table in ("panel", "findings"):
                    con.execute(f'DELETE FROM "{table}" t WHERE EXISTS (SELECT 1 FROM run_groups g WHERE {same_group})')
                con.unregister("run_groups")
            con.execute("DELETE FROM findings WHERE file_hash IN (SELECT unnest(?))", [hash_list])
            _insert(con, "files", files)
            _insert(con, "run_files", pd.DataFrame({"run_id": run_id, "file_hash": hash_list}))
            _insert(con, "rows", _typed(rows))
            if len(problems):
                problems["run_id"] = [None if h else run_id for h in problems["file_hash"].fillna("")]
            _insert(con, "problems", problems.astype({"run_id": "Int64"}) if len(problems) else problems)
            _insert(con, "panel", _typed(panel))
            if len(findings):
                findings["first_run_id"] = [known.get(f, run_id) for f in findings["finding_id"]]
            _insert(con, "findings", _typed(findings))
            con.execute("UPDATE runs SET finished_at = ? WHERE run_id = ?", [datetime.now(), run_id])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    new = sum(f not in known for f in findings.get("finding_id", []))
    return LoadResult(run_id, len(files), len(rows), len(panel), len(findings), new, (datetime.now() - started).total_seconds(), len(copies))


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in ("files", "rows", "problems", "panel", "findings", "runs")}


__all__ = ["load_run", "LoadResult", "table_counts", "columns_of"]
