"""The harness's model of a report being injected: the injection record, printed cells as numbers and text,
and `Report`, the four sources with their structure (levels, parents, budget cells) as printed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rekon.extract.numbers import Convention, parse_cell
from samples.source import CONTINUES_ABOVE
from samples.truth import truth_rows

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "data" / "source"
QUARTERS = (1, 2, 3, 4)


# A finding as the harness sees it: which rule, on which printed row (the quarter the row is in
# and its indicator id).
Key = tuple[str, int, str]


@dataclass
class Injection:
    kind: str
    rule: str
    quarter: int
    indicator_id: str
    changes: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # (quarter, indicator_id, field, before, after)
    expected: set[Key] = field(default_factory=set)
    follows: set[Key] = field(default_factory=set)


# --- reading and writing printed cells -------------------------------------------------------


def number(text: str) -> float | None:
    """A printed cell as a number (comma thousands, dot decimals, as the sources are written)."""
    if text in ("", CONTINUES_ABOVE):
        return None
    cell = parse_cell(text, Convention.COMMA_THOUSANDS)
    try:
        return float(cell.plain)
    except (TypeError, ValueError):
        return None


def money(value: float) -> str:
    return f"{round(value):,}"


def decimals(text: str) -> int:
    return len(text.partition(".")[2]) if "." in text else 0


def percent(value: float, like: str) -> str:
    return f"{value:.{max(2, decimals(like))}f}"


def budget_first_row(source: pd.DataFrame, index: int) -> int:
    """The first row of the shared budget cell row `index` belongs to (where its money is printed)."""
    cells = source["target_pagu"]
    while index > 0 and cells[index] == CONTINUES_ABOVE:
        index -= 1
    return index


class Report:
    """The four sources being injected, with their structure (levels, parents, budget cells) as printed."""

    def __init__(self, sources: dict[int, pd.DataFrame]):
        self.sources = {q: s.copy() for q, s in sources.items()}
        self.truth = {q: truth_rows(s) for q, s in self.sources.items()}

    def row(self, quarter: int, indicator_id: str) -> int | None:
        found = self.sources[quarter].index[self.sources[quarter]["indicator_id"] == indicator_id]
        return int(found[0]) if len(found) else None

    def cell(self, quarter: int, indicator_id: str, column: str) -> str:
        index = self.row(quarter, indicator_id)
        return "" if index is None else self.sources[quarter].at[index, column]

    def budget_row(self, quarter: int, index: int) -> int:
        return budget_first_row(self.sources[quarter], index)

    def budget_rows(self, quarter: int, first: int) -> list[int]:
        cells, rows = self.sources[quarter]["target_pagu"], [first]
        while rows[-1] + 1 < len(cells) and cells[rows[-1] + 1] == CONTINUES_ABOVE:
            rows.append(rows[-1] + 1)
        return rows

    def set(self, injection: Injection, quarter: int, index: int, column: str, text: str) -> None:
        source = self.sources[quarter]
        before = source.at[index, column]
        source.at[index, column] = text
        injection.changes.append((quarter, source.at[index, "indicator_id"], column, before, text))

    def parents(self, quarter: int, index: int) -> list[tuple[str, int]]:
        """(rule, row) of the sums a money cell of row `index` takes part in, as the form prints them."""
        truth, level = self.truth[quarter], self.truth[quarter].at[index, "level"]
        found = []
        if level in ("sub_kegiatan", "kegiatan"):
            parent_level = "kegiatan" if level == "sub_kegiatan" else "program"
            closing = {"sub_kegiatan": ("kegiatan", "program", "sasaran", "total"), "kegiatan": ("program", "sasaran", "total")}[level]
            for above in range(index - 1, -1, -1):
                if truth.at[above, "level"] == parent_level:
                    found.append(("sum_mismatch", self.budget_row(quarter, above)))
                    break
                if truth.at[above, "level"] in closing:
                    break
        if level == "program":
            tujuan = truth.at[index, "tujuan"]
            for other in truth.index[(truth["level"] == "sasaran") & (truth["tujuan"] == tujuan) & (truth["sasaran"] == "")]:
                found.append(("sum_mismatch", self.budget_row(quarter, int(other))))
            for other in truth.index[truth["level"] == "total"]:
                found.append(("total_mismatch", int(other)))
        return found

    def neighbours(self, quarter: int, indicator_id: str) -> tuple[int | None, int | None]:
        """The quarters before and after `quarter` in which the indicator is printed."""
        before = [q for q in QUARTERS if q < quarter and self.row(q, indicator_id) is not None]
        after = [q for q in QUARTERS if q > quarter and self.row(q, indicator_id) is not None]
        return (before[-1] if before else None), (after[0] if after else None)

    def key(self, rule: str, quarter: int, index: int) -> Key:
        return (rule, quarter, self.sources[quarter].at[index, "indicator_id"])

    def money_of(self, quarter: int, indicator_id: str, column: str) -> float | None:
        """The money of the budget cell an indicator's row sits in (printed once, on its first row)."""
        index = self.row(quarter, indicator_id)
        return None if index is None else number(self.sources[quarter].at[self.budget_row(quarter, index), column])

    def key_of(self, quarter: int, indicator_id: str) -> tuple[int, str]:
        """(quarter, the indicator id of the first row of its budget cell): where money findings sit."""
        first = self.budget_row(quarter, self.row(quarter, indicator_id))
        return quarter, self.sources[quarter].at[first, "indicator_id"]

    def change_money(self, injection: Injection, quarter: int, index: int, column: str, value: float | None) -> None:
        """Print `value` (None: `-`) in a money cell and say what follows from it: the sums it takes
        part in, the changes across quarters, and a capaian recomputed so that it stays consistent."""
        first = self.budget_row(quarter, index)
        self.set(injection, quarter, first, column, "-" if value is None else money(value))
        ident = self.sources[quarter].at[first, "indicator_id"]
        for rule, parent in self.parents(quarter, first):
            if number(self.sources[quarter].at[parent, column]) is not None and parent != first:
                injection.follows.add(self.key(rule, quarter, parent))
        ceiling = number(self.sources[quarter].at[first, "target_pagu"])
        spent = number(self.sources[quarter].at[first, "realisasi_pagu"])
        capaian = self.sources[quarter].at[first, "capaian_pagu"]
        if number(capaian) is not None and ceiling and spent is not None:
            self.set(injection, quarter, first, "capaian_pagu", percent(spent / ceiling * 100, capaian))
        if ceiling is not None and spent is not None and spent > ceiling:
            injection.follows.add(self.key("realisasi_exceeds_pagu", quarter, first))
        if column == "realisasi_pagu":
            # Spending that now stands without output, or output that now stands without spending.
            output = number(self.sources[quarter].at[first, "realisasi_kinerja"])
            if output and not spent:
                injection.follows.add(self.key("output_without_spending", quarter, first))
            if spent and output == 0:
                injection.follows.add(self.key("spending_without_output", quarter, first))
        for other in self.neighbours(quarter, ident):
            if other is None:
                continue
            other_value = self.money_of(other, ident, column)
            earlier, later, later_quarter = (other_value, value, quarter) if other < quarter else (value, other_value, other)
            on = self.key_of(later_quarter, ident)
            if column == "target_pagu":
                if earlier is not None and later is not None and earlier != later:
                    injection.follows.add(("pagu_changed", *on))
                if (earlier is None) != (later is None):
                    injection.follows.add(("pagu_added" if earlier is None else "pagu_removed", *on))
            elif earlier is not None and later is not None and later < earlier:
                injection.follows.add(("realisasi_decreased", *on))
