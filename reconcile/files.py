"""Reading rows and overrides, writing the panel and the review queue (UTF-8, atomically)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rekon.extract.output import write_table
from rekon.reconcile.overrides import OVERRIDE_COLUMNS, empty_overrides


def read_csv_text(path: Path | str) -> pd.DataFrame:
    """Every cell as the text written: no NaN, no guessed numbers."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def read_rows(path: Path | str) -> pd.DataFrame:
    return read_csv_text(path)


def read_overrides(path: Path | str | None) -> pd.DataFrame:
    """overrides.csv (row_id_a, row_id_b, decision); an absent file means no decisions."""
    if path is None or not Path(path).exists():
        return empty_overrides()
    frame = read_csv_text(path)
    missing = [c for c in OVERRIDE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: lacks the columns {missing}; expected {OVERRIDE_COLUMNS}")
    return frame[OVERRIDE_COLUMNS]


def write_csv_atomically(frame: pd.DataFrame, path: Path) -> None:
    """Written next to the target, then renamed (a reader never sees half a file), safe for Excel."""
    write_table(frame, path)


def write_outputs(result, out_dir: Path | str) -> dict[str, Path]:
    """panel.csv and review.csv (and unused_overrides.csv when some decision was not applied)."""
    out = Path(out_dir)
    written = {"panel": out / "panel.csv", "review": out / "review.csv"}
    write_csv_atomically(result.panel, written["panel"])
    write_csv_atomically(result.review, written["review"])
    if result.unused_overrides:
        written["unused_overrides"] = out / "unused_overrides.csv"
        unused = pd.DataFrame([vars(u) for u in result.unused_overrides], columns=[*OVERRIDE_COLUMNS, "reason"])
        write_csv_atomically(unused, written["unused_overrides"])
    return written
