"""Choosing where to inject: one injection of each kind, none touching another."""

from __future__ import annotations

import random

import pandas as pd

from bench.injection.kinds import KINDS
from bench.injection.model import QUARTERS, Injection, Key, Report
from bench.injection.within import _rows


def _touched(report: Report, injection: Injection) -> set[tuple[int, str]]:
    """(quarter, indicator id) an injection changes or expects findings on. A changed row claims its
    budget cell's rows and the same indicator in the quarters beside it (the rules compare
    consecutive quarters)."""
    claimed = {(q, ident) for _, q, ident in injection.expected | injection.follows}
    for q, ident, *_ in injection.changes:
        index = report.row(q, ident)
        siblings = {ident}
        if index is not None:
            siblings |= {report.sources[q].at[r, "indicator_id"] for r in report.budget_rows(q, report.budget_row(q, index))}
        claimed |= {(near, sibling) for near in (q - 1, q, q + 1) for sibling in siblings}
    return claimed


def _copy(report: Report) -> Report:
    copy = Report.__new__(Report)
    copy.sources = {q: s.copy() for q, s in report.sources.items()}
    copy.truth = {q: t.copy() for q, t in report.truth.items()}
    return copy


def inject(sources: dict[int, pd.DataFrame], kinds: list[str], rng: random.Random, avoid: set[Key],
           quarters: tuple[int, ...] = QUARTERS) -> tuple[dict[int, pd.DataFrame], list[Injection]]:
    """Apply one injection of each kind (where the form allows one), none touching another, none
    where the clean run already finds what it expects (`avoid`)."""
    report = Report(sources)
    claimed: set[tuple[int, str]] = set()
    done: list[Injection] = []
    for kind in kinds:
        injector, levels = KINDS[kind]
        candidates = _rows(report, quarters, (*levels, "total"))
        rng.shuffle(candidates)
        for q, i in candidates:
            if report.truth[q].at[i, "level"] not in levels:
                continue
            trial = _copy(report)
            injection = injector(trial, q, i)
            if injection is None or not injection.expected or injection.expected & avoid:
                continue
            if any(change[0] not in quarters for change in injection.changes):
                continue
            touched = _touched(trial, injection)
            if touched & claimed:
                continue
            injection.kind = f"{kind}: {injection.kind}"
            report, claimed = trial, claimed | touched
            done.append(injection)
            break
    return report.sources, done
