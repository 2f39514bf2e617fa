"""The two files of judgements in OUT_DIR, read and updated one decision at a time, atomically.

Every write goes through `inside`: a name that would leave OUT_DIR (absolute, `..`, a
symlink pointing out) is refused, whoever asks.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from rekon.extract.output import write_table

OVERRIDES_NAME = "overrides.csv"
VERDICTS_NAME = "verdicts.csv"
OVERRIDE_COLUMNS = ["row_id_a", "row_id_b", "decision"]
VERDICT_COLUMNS = ["finding_id", "verdict", "comment", "reviewed_at"]

# One writer at a time per process: a read-modify-write of a CSV must not interleave.
_WRITE_LOCK = threading.Lock()


class OutsideOutDir(ValueError):
    """A path that would read or write outside OUT_DIR."""


def inside(out_dir: Path, name: str) -> Path:
    """OUT_DIR/name, resolved; refused when it is not within OUT_DIR."""
    root = Path(out_dir).resolve()
    path = (root / name).resolve()
    if path.parent != root and root not in path.parents:
        raise OutsideOutDir(f"{name}: not inside {root}")
    return path


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame(columns=columns, dtype=str)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in columns:
        if column not in frame:
            frame[column] = ""
    return frame


def _unquote(text: str) -> str:
    # write_table prefixes an apostrophe to text a spreadsheet would run; the app shows what was typed.
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text


def read_overrides(out_dir: Path) -> pd.DataFrame:
    return _read(inside(out_dir, OVERRIDES_NAME), OVERRIDE_COLUMNS)


def read_verdicts(out_dir: Path) -> pd.DataFrame:
    frame = _read(inside(out_dir, VERDICTS_NAME), VERDICT_COLUMNS)
    frame["comment"] = frame["comment"].map(_unquote)
    return frame


def pair_key(row_id_a: str, row_id_b: str) -> frozenset[str]:
    """A link is the same whichever row is named first."""
    return frozenset((row_id_a.strip(), row_id_b.strip()))


def decisions_by_pair(overrides: pd.DataFrame) -> dict[frozenset[str], str]:
    return {pair_key(a, b): d.strip().lower() for a, b, d in overrides[OVERRIDE_COLUMNS].itertuples(index=False)}


def save_decision(out_dir: Path, row_id_a: str, row_id_b: str, decision: str | None) -> pd.DataFrame:
    """Record `same` or `different` for the pair (replacing an earlier decision on it);
    None removes the decision. Other lines, and any extra columns, are kept as they were."""
    path = inside(out_dir, OVERRIDES_NAME)
    with _WRITE_LOCK:
        frame = _read(path, OVERRIDE_COLUMNS)
        key = pair_key(row_id_a, row_id_b)
        keep = [pair_key(a, b) != key for a, b in zip(frame["row_id_a"], frame["row_id_b"])]
        frame = frame[keep] if len(frame) else frame
        if decision is not None:
            line = {column: "" for column in frame.columns} | {"row_id_a": row_id_a, "row_id_b": row_id_b, "decision": decision}
            frame = pd.concat([frame, pd.DataFrame([line], columns=frame.columns)], ignore_index=True)
        write_table(frame.reset_index(drop=True), path)
        return frame


def save_verdict(out_dir: Path, finding_id: str, verdict: str | None, comment: str = "") -> dict[str, str] | None:
    """Record the verdict on one finding (replacing an earlier one); None removes it."""
    path = inside(out_dir, VERDICTS_NAME)
    with _WRITE_LOCK:
        frame = read_verdicts(out_dir)
        frame = frame[frame["finding_id"] != finding_id]
        line = None
        if verdict is not None:
            line = {column: "" for column in frame.columns} | {
                "finding_id": finding_id, "verdict": verdict, "comment": comment,
                "reviewed_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            frame = pd.concat([frame, pd.DataFrame([line], columns=frame.columns)], ignore_index=True)
        write_table(frame.reset_index(drop=True), path)
        return line
