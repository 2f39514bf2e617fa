"""Decisions of a person, applied before any scoring: ``same`` forces a link, ``different``
forbids it. Decisions that cannot be applied are reported, never dropped silently."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

OVERRIDE_COLUMNS = ["row_id_a", "row_id_b", "decision"]
DECISIONS = ("same", "different")


@dataclass(frozen=True)
class UnusedOverride:
    row_id_a: str
    row_id_b: str
    decision: str
    reason: str


@dataclass
class Overrides:
    forced: list[tuple[str, str]] = field(default_factory=list)  # (earlier quarter's row, later quarter's row)
    forbidden: set[frozenset[str]] = field(default_factory=set)
    unused: list[UnusedOverride] = field(default_factory=list)


def empty_overrides() -> pd.DataFrame:
    return pd.DataFrame(columns=OVERRIDE_COLUMNS, dtype=str)


def resolve_overrides(overrides: pd.DataFrame | None, rows: pd.DataFrame) -> Overrides:
    """Check every decision against the rows and sort it into forced links, forbidden links,
    or unused (with the reason)."""
    result = Overrides()
    if overrides is None or overrides.empty:
        return result
    missing = [c for c in OVERRIDE_COLUMNS if c not in overrides.columns]
    if missing:
        raise ValueError(f"overrides lack the columns {missing}; expected {OVERRIDE_COLUMNS}")
    by_id = rows.set_index("row_id")[["opd", "year", "quarter"]]
    has_successor: set[str] = set()
    has_predecessor: set[str] = set()
    for a, b, decision in overrides[OVERRIDE_COLUMNS].astype(str).itertuples(index=False):
        a, b, decision = a.strip(), b.strip(), decision.strip().lower()

        def unused(reason: str) -> None:
            result.unused.append(UnusedOverride(a, b, decision, reason))

        absent = [r for r in (a, b) if r not in by_id.index]
        if decision not in DECISIONS:
            unused(f"decision must be one of {DECISIONS}")
            continue
        if absent:
            unused(f"row_id not in the rows: {', '.join(absent)}")
            continue
        row_a, row_b = by_id.loc[a], by_id.loc[b]
        if (row_a["opd"], row_a["year"]) != (row_b["opd"], row_b["year"]):
            unused("rows of different opd or year are never linked")
            continue
        if row_a["quarter"] == row_b["quarter"]:
            unused("rows of the same quarter are never linked")
            continue
        if decision == "different":
            result.forbidden.add(frozenset((a, b)))
            continue
        if int(row_a["quarter"]) > int(row_b["quarter"]):
            a, b = b, a
        if a in has_successor or b in has_predecessor:
            unused("conflicts with an earlier 'same' decision on one of these rows")
            continue
        has_successor.add(a)
        has_predecessor.add(b)
        result.forced.append((a, b))
    conflicting = [pair for pair in result.forced if frozenset(pair) in result.forbidden]
    for a, b in conflicting:
        result.forced.remove((a, b))
        result.unused.append(UnusedOverride(a, b, "same", "the same pair is also marked 'different'"))
    return result
