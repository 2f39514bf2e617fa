"""Inconsistencies injected on purpose into the sample sources, rendered, read back and checked.

    python -m bench.injection [--sets 6] [--seed 1] [--renderer libreoffice|producer2]

From data/source/tw1..4.csv the harness makes copies with inconsistencies of every rule and
every level (see `KINDS`), each recorded as an `Injection`: the quarter and indicator it
touches, the cells it changes, the finding it must cause (`expected`, the rule it targets)
and the findings the form makes follow from it (`follows`: a kegiatan total off by a digit
also breaks its program's sum). The copies are rendered to PDF by a renderer given as a
parameter, run through extract -> match -> check, and the findings compared with the
injections and with the findings of the clean sources rendered the same way:

- recall per rule: injections whose expected findings are all found, by the rule they
  target, on the right row;
- precision per rule: findings that are an injection's (expected or following) among all
  findings that are neither an injection's nor a finding of the clean run.

An injection changes the printed cells consistently (a changed realisation gets its capaian
recomputed) so that it breaks one relation only, and is made only where the form makes it
detectable: a capaian typed by hand at least 10 points from both formulas, a money change of
at least a digit's worth, a cut that keeps the pagu above what was spent.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from rekon.extract.numbers import Convention, parse_cell
from samples.source import CONTINUES_ABOVE, read_source
from samples.truth import truth_rows

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source"
QUARTERS = (1, 2, 3, 4)
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

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


# --- the injections ----------------------------------------------------------------------------

Candidate = tuple[int, int]  # (quarter, row)


def _rows(report: Report, quarters=QUARTERS, levels=("program", "kegiatan", "sub_kegiatan", "sasaran")) -> list[Candidate]:
    return [(q, int(i)) for q in quarters for i in report.truth[q].index[report.truth[q]["level"].isin(levels)]]


def _budget_firsts(report: Report, quarters=QUARTERS, levels=("program", "kegiatan", "sub_kegiatan")) -> list[Candidate]:
    return [(q, i) for q, i in _rows(report, quarters, levels) if report.sources[q].at[i, "target_pagu"] != CONTINUES_ABOVE]


@cache
def _lower_is_better_keywords() -> tuple[str, ...]:
    from rekon.rules import load_ruleset

    return tuple(load_ruleset()["capaian_kinerja_mismatch"].params["lower_is_better_keywords"])


def _lower_named(indikator: str) -> bool:
    """An indicator the rule file names as lower-is-better: its capaian has another formula."""
    keywords = _lower_is_better_keywords()
    return any(" ".join(word.lower().split()) in " ".join(indikator.lower().split()) for word in keywords)


def _capaian(report: Report, q: int, i: int) -> tuple[float, float] | None:
    """Realisation and target of a row whose printed capaian fits realisation / target × 100."""
    source = report.sources[q]
    target, realised, printed = (number(source.at[i, c]) for c in ("target_kinerja", "realisasi_kinerja", "capaian_kinerja"))
    if not target or realised is None or printed is None or _lower_named(source.at[i, "indikator"]):
        return None
    if abs(realised / target * 100 - printed) > 0.5 or decimals(source.at[i, "target_kinerja"]) > 0:
        return None
    return realised, target


def capaian_typed(report: Report, q: int, i: int) -> Injection | None:
    fit = _capaian(report, q, i)
    if fit is None:
        return None
    realised, target = fit
    higher = realised / target * 100
    typed = higher + 17.5 if higher + 17.5 < 200 - higher - 10 or higher + 17.5 > 200 - higher + 10 else higher + 41.25
    injection = Injection("capaian typed by hand", "capaian_kinerja_mismatch", q, report.sources[q].at[i, "indicator_id"])
    report.set(injection, q, i, "capaian_kinerja", f"{typed:.2f}")
    injection.expected.add(report.key("capaian_kinerja_mismatch", q, i))
    return injection


def capaian_left_blank(report: Report, q: int, i: int) -> Injection | None:
    fit = _capaian(report, q, i)
    if fit is None or fit[0] == 0:
        return None
    injection = Injection("capaian left blank", "missing_value", q, report.sources[q].at[i, "indicator_id"])
    report.set(injection, q, i, "capaian_kinerja", "")
    injection.expected.add(report.key("missing_value", q, i))
    return injection


def spreadsheet_error_printed(report: Report, q: int, i: int) -> Injection | None:
    if _capaian(report, q, i) is None:
        return None
    injection = Injection("#VALUE! printed", "spreadsheet_error", q, report.sources[q].at[i, "indicator_id"])
    report.set(injection, q, i, "capaian_kinerja", "#VALUE!")
    injection.expected.add(report.key("spreadsheet_error", q, i))
    return injection


def _budget(report: Report, q: int, i: int) -> tuple[float, float] | None:
    """Pagu > 0 and a realisation > 0, with its capaian printed as a number that fits them."""
    source = report.sources[q]
    ceiling, spent, printed = (number(source.at[i, c]) for c in ("target_pagu", "realisasi_pagu", "capaian_pagu"))
    if not ceiling or not spent or printed is None or abs(spent / ceiling * 100 - printed) > 0.5:
        return None
    return ceiling, spent


def capaian_pagu_typed(report: Report, q: int, i: int) -> Injection | None:
    fit = _budget(report, q, i)
    if fit is None:
        return None
    injection = Injection("capaian anggaran typed by hand", "capaian_pagu_mismatch", q, report.sources[q].at[i, "indicator_id"])
    printed = report.sources[q].at[i, "capaian_pagu"]
    report.set(injection, q, i, "capaian_pagu", percent(number(printed) + 12.5, printed))
    injection.expected.add(report.key("capaian_pagu_mismatch", q, i))
    return injection


def overspent(report: Report, q: int, i: int) -> Injection | None:
    fit = _budget(report, q, i)
    if fit is None or report.truth[q].at[i, "level"] != "sub_kegiatan":
        return None
    ceiling, _ = fit
    injection = Injection("realisation above pagu", "realisasi_exceeds_pagu", q, report.sources[q].at[i, "indicator_id"])
    report.change_money(injection, q, i, "realisasi_pagu", ceiling + 1_250_000)
    injection.expected.add(report.key("realisasi_exceeds_pagu", q, i))
    injection.follows.discard(report.key("realisasi_exceeds_pagu", q, i))
    return injection


def _all_realised(report: Report, q: int, i: int) -> bool:
    return all((number(report.sources[q].at[r, "realisasi_kinerja"]) or 0) > 0 and _capaian(report, q, r) is not None for r in report.budget_rows(q, i))


def spent_without_output(report: Report, q: int, i: int) -> Injection | None:
    """A budget cell's money spent while every indicator it pays for reports 0 (in TW I: nothing to go down from)."""
    if q != 1 or _budget(report, q, i) is None or not _all_realised(report, q, i):
        return None
    injection = Injection("money spent, output 0", "spending_without_output", q, report.sources[q].at[i, "indicator_id"])
    for r in report.budget_rows(q, i):
        report.set(injection, q, r, "realisasi_kinerja", "0")
        report.set(injection, q, r, "capaian_kinerja", "0.00")
    injection.expected.add(report.key("spending_without_output", q, i))
    return injection


def output_without_money(report: Report, q: int, i: int) -> Injection | None:
    if q != 1 or _budget(report, q, i) is None or not _all_realised(report, q, i):
        return None
    injection = Injection("output with nothing spent", "output_without_spending", q, report.sources[q].at[i, "indicator_id"])
    report.change_money(injection, q, i, "realisasi_pagu", None)
    report.set(injection, q, i, "capaian_pagu", "-")
    injection.expected.add(report.key("output_without_spending", q, i))
    return injection


def _digit_off(value: float) -> float:
    """One digit wrong: the millions digit (or the leading one of a small amount) one higher."""
    step = 1_000_000 if value >= 10_000_000 else 10 ** (len(str(int(value))) - 1)
    return value + step


def total_off_by_a_digit(level: str, rule: str, child_level: str | None = None, column: str = "target_pagu") -> Callable[[Report, int, int], Injection | None]:
    """A money cell off by a digit: on the item of `level` (found by its own sum), or, with
    `child_level`, on one of its children (found on the item, whose children no longer add up)."""

    def inject(report: Report, q: int, i: int) -> Injection | None:
        truth = report.truth[q]
        value = number(report.sources[q].at[i, column])
        # A digit of a few rupiah is within the sums' tolerance: amounts of at least 1,000 only.
        if truth.at[i, "level"] != (child_level or level) or value is None or value < 1000:
            return None
        if level == "sasaran" and truth.at[i, "sasaran"] != "":
            return None  # in these reports only a tujuan's own row (Sasaran cell empty) spans programs
        what = "pagu" if column == "target_pagu" else "realisasi anggaran"
        injection = Injection(f"{child_level or level} {what} off by a digit", rule, q, report.sources[q].at[i, "indicator_id"])
        report.change_money(injection, q, i, column, _digit_off(value))
        if child_level:
            parents = [p for r, p in report.parents(q, i) if r == rule]
            if not parents or number(report.sources[q].at[parents[0], column]) is None:
                return None
            injection.expected.add(report.key(rule, q, parents[0]))
            injection.follows.discard(report.key(rule, q, parents[0]))
        else:
            injection.expected.add(report.key(rule, q, i))
        return injection

    return inject


def pagu_cut_then_restored(report: Report, q: int, i: int) -> Injection | None:
    if q not in (2, 3) or report.truth[q].at[i, "level"] != "sub_kegiatan":
        return None
    ident = report.sources[q].at[i, "indicator_id"]
    values = [number(report.cell(p, ident, "target_pagu")) for p in (q - 1, q, q + 1)]
    if None in values or len(set(values)) != 1 or report.row(q - 1, ident) is None or report.row(q + 1, ident) is None:
        return None
    realised = number(report.sources[q].at[i, "realisasi_pagu"]) or 0
    cut = round(values[0] * 0.8, -3)
    if cut <= realised:
        return None
    injection = Injection("pagu cut then restored", "pagu_changed", q, ident)
    report.change_money(injection, q, i, "target_pagu", cut)
    injection.expected |= {("pagu_changed", q, ident), ("pagu_changed", q + 1, ident)}
    injection.follows -= injection.expected
    return injection


def budget_appears(report: Report, q: int, i: int) -> Injection | None:
    """TW I prints `-` where TW II prints the pagu: a budget that appears mid-year."""
    if q != 2 or report.truth[q].at[i, "level"] != "sub_kegiatan":
        return None
    ident = report.sources[q].at[i, "indicator_id"]
    first = report.row(1, ident)
    if first is None or number(report.sources[1].at[first, "target_pagu"]) is None or number(report.sources[q].at[i, "target_pagu"]) is None:
        return None
    if report.sources[1].at[first, "target_pagu"] == CONTINUES_ABOVE or len(report.budget_rows(1, first)) != len(report.budget_rows(q, i)):
        return None
    if number(report.sources[1].at[first, "realisasi_pagu"]):
        return None  # nothing spent yet where there was no budget
    injection = Injection("budget appears mid-year", "pagu_added", q, ident)
    report.change_money(injection, 1, first, "target_pagu", None)
    report.set(injection, 1, first, "realisasi_pagu", "-")
    report.set(injection, 1, first, "capaian_pagu", "-")
    injection.expected.add(("pagu_added", q, ident))
    injection.follows -= injection.expected
    return injection


def budget_disappears(report: Report, q: int, i: int) -> Injection | None:
    """TW IV prints `-` where TW III printed a pagu, the indicator still there."""
    if q != 4 or report.truth[q].at[i, "level"] != "sub_kegiatan" or _budget(report, q, i) is None:
        return None
    ident = report.sources[q].at[i, "indicator_id"]
    if report.row(3, ident) is None or number(report.cell(3, ident, "target_pagu")) is None:
        return None
    injection = Injection("budget disappears", "pagu_removed", q, ident)
    report.change_money(injection, q, i, "target_pagu", None)
    report.change_money(injection, q, i, "realisasi_pagu", None)
    report.set(injection, q, i, "capaian_pagu", "-")
    injection.expected.add(("pagu_removed", q, ident))
    injection.follows -= injection.expected
    return injection


def target_changed(report: Report, q: int, i: int) -> Injection | None:
    if q != 4:
        return None
    fit = _capaian(report, q, i)
    ident = report.sources[q].at[i, "indicator_id"]
    if fit is None or number(report.cell(3, ident, "target_kinerja")) != fit[1]:
        return None
    realised, target = fit
    new_target = target * 2 if target < 50 else target + 20
    injection = Injection("target changed", "target_changed", q, ident)
    report.set(injection, q, i, "target_kinerja", money(new_target))
    report.set(injection, q, i, "capaian_kinerja", percent(realised / new_target * 100, report.sources[q].at[i, "capaian_kinerja"]))
    injection.expected.add(("target_changed", q, ident))
    return injection


_OTHER_UNIT = {"persen": "Orang", "dok": "Unit", "dokumen": "Unit", "orang": "Dokumen", "unit": "Persen", "laporan": "Persen"}


def unit_changed(report: Report, q: int, i: int) -> Injection | None:
    ident = report.sources[q].at[i, "indicator_id"]
    unit = report.sources[q].at[i, "satuan"].strip().lower()
    if q != 4 or unit not in _OTHER_UNIT or report.cell(3, ident, "satuan").strip().lower() != unit:
        return None
    injection = Injection("unit changed", "satuan_changed", q, ident)
    report.set(injection, q, i, "satuan", _OTHER_UNIT[unit])
    injection.expected.add(("satuan_changed", q, ident))
    return injection


def indicator_reworded(report: Report, q: int, i: int) -> Injection | None:
    """Another indicator printed for the same item (its only indicator row, planned values kept)."""
    truth = report.truth[q]
    ident = report.sources[q].at[i, "indicator_id"]
    if q != 4 or truth.at[i, "level"] != "sub_kegiatan" or report.row(3, ident) is None:
        return None
    same_item = (truth["sub_kegiatan"] == truth.at[i, "sub_kegiatan"]) & (truth["program"] == truth.at[i, "program"])
    if same_item.sum() != 1:
        return None
    # The form names the row by its item and planned values: they must continue from TW III.
    if any(report.cell(3, ident, c) != report.sources[q].at[i, c] for c in ("target_kinerja", "target_pagu")):
        return None
    injection = Injection("indicator text replaced", "indikator_changed", q, ident)
    # A sub kegiatan's indicator counts something ("Jumlah ..."), as the form words them.
    report.set(injection, q, i, "indikator", "Jumlah laporan monitoring dan evaluasi pelaksanaan kegiatan di kecamatan")
    injection.expected.add(("indikator_changed", q, ident))
    return injection


def realisation_drops(report: Report, q: int, i: int) -> Injection | None:
    if q not in (3, 4):
        return None
    ident = report.sources[q].at[i, "indicator_id"]
    fit = _capaian(report, q, i)
    previous = number(report.cell(q - 1, ident, "realisasi_kinerja")) if report.row(q - 1, ident) is not None else None
    if fit is None or not previous or previous < 2 or decimals(report.sources[q].at[i, "realisasi_kinerja"]) > 0:
        return None
    if report.row(q - 1, ident) is None or _capaian(report, q - 1, report.row(q - 1, ident)) is None:
        return None
    realised, target = fit
    dropped = previous // 2
    injection = Injection("cumulative realisation drops", "realisasi_decreased", q, ident)
    report.set(injection, q, i, "realisasi_kinerja", money(dropped))
    report.set(injection, q, i, "capaian_kinerja", percent(dropped / target * 100, report.sources[q].at[i, "capaian_kinerja"]))
    injection.expected.add(("realisasi_decreased", q, ident))
    return injection


def money_drops(report: Report, q: int, i: int) -> Injection | None:
    if q != 4 or report.truth[q].at[i, "level"] != "sub_kegiatan" or _budget(report, q, i) is None:
        return None
    ident = report.sources[q].at[i, "indicator_id"]
    previous = number(report.cell(3, ident, "realisasi_pagu")) if report.row(3, ident) is not None else None
    if not previous or previous < 2_000_000:
        return None
    injection = Injection("money spent goes down", "realisasi_decreased", q, ident)
    report.change_money(injection, q, i, "realisasi_pagu", round(previous / 2, -3))
    injection.expected.add(("realisasi_decreased", q, ident))
    injection.follows -= injection.expected
    return injection


def indicator_dropped(report: Report, q: int, i: int) -> Injection | None:
    """TW IV leaves out one indicator row of an item with several, under a shared budget cell."""
    source = report.sources[q]
    ident = source.at[i, "indicator_id"]
    if q != 4 or source.at[i, "target_pagu"] != CONTINUES_ABOVE or i + 1 >= len(source) or source.at[i + 1, "target_pagu"] == CONTINUES_ABOVE:
        return None
    if source.at[i, "item"] != CONTINUES_ABOVE or source.at[i, "keterangan"] == CONTINUES_ABOVE or report.row(3, ident) is None:
        return None
    injection = Injection("indicator left out", "indicator_dropped", q, ident)
    injection.changes.append((q, ident, "row", "printed", "removed"))
    report.sources[q] = source.drop(index=i).reset_index(drop=True)
    report.truth[q] = truth_rows(report.sources[q])
    injection.expected.add(("indicator_dropped", 3, ident))
    return injection


def indicator_added(report: Report, q: int, i: int) -> Injection | None:
    """TW IV prints one more indicator row under an item's shared budget cell."""
    source = report.sources[q]
    if q != 4 or report.truth[q].at[i, "level"] != "sub_kegiatan" or source.at[i, "target_pagu"] == CONTINUES_ABOVE:
        return None
    rows = report.budget_rows(q, i)
    last = rows[-1]
    if any(source.at[r, "item"] != (CONTINUES_ABOVE if r != i else source.at[i, "item"]) for r in rows):
        return None
    new = source.loc[last].copy()
    new_id = f"INJ{i:03d}"
    new[["indicator_id", "item", "target_pagu", "realisasi_pagu", "capaian_pagu"]] = [new_id, CONTINUES_ABOVE, CONTINUES_ABOVE, CONTINUES_ABOVE, CONTINUES_ABOVE]
    new[["no", "tujuan", "sasaran", "program"]] = [c if c == "" else CONTINUES_ABOVE for c in new[["no", "tujuan", "sasaran", "program"]]]
    new[["indikator", "satuan", "formula", "target_kinerja", "realisasi_kinerja", "capaian_kinerja", "keterangan"]] = [
        "Jumlah peserta sosialisasi pencegahan perkawinan anak", "Orang", "Jumlah peserta sosialisasi", "40", "30", "75.00", ""]
    if source.at[last, "keterangan"] != "" and last + 1 < len(source) and source.at[last + 1, "keterangan"] == CONTINUES_ABOVE:
        return None
    new["source_lines"], new["note"] = "", "injected"
    report.sources[q] = pd.concat([source.iloc[: last + 1], new.to_frame().T, source.iloc[last + 1 :]], ignore_index=True)
    report.truth[q] = truth_rows(report.sources[q])
    injection = Injection("indicator added", "indicator_added", q, new_id)
    injection.changes.append((q, new_id, "row", "", "inserted"))
    injection.expected.add(("indicator_added", q, new_id))
    return injection


def total_off(report: Report, q: int, i: int) -> Injection | None:
    column = "target_pagu" if q % 2 else "realisasi_pagu"  # both columns, in turn
    value = number(report.sources[q].at[i, column])
    if report.truth[q].at[i, "level"] != "total" or value is None:
        return None
    injection = Injection(f"total {column} off by a digit", "total_mismatch", q, report.sources[q].at[i, "indicator_id"])
    report.change_money(injection, q, i, column, _digit_off(value))
    injection.expected.add(report.key("total_mismatch", q, i))
    injection.follows.discard(report.key("total_mismatch", q, i))
    return injection


def name_typo(report: Report, q: int, i: int) -> Injection | None:
    """TW IV prints a sub kegiatan's name with a letter left out (a single indicator row, so the
    name cell is its own)."""
    source, truth = report.sources[q], report.truth[q]
    if q != 4 or truth.at[i, "level"] != "sub_kegiatan" or source.at[i, "item"] in ("", CONTINUES_ABOVE):
        return None
    if i + 1 < len(source) and source.at[i + 1, "item"] == CONTINUES_ABOVE:
        return None
    words = source.at[i, "item"].split(" ")
    longest = max(range(len(words)), key=lambda w: len(words[w]))
    if len(words[longest]) < 8 or not words[longest].isalpha():
        return None
    word = words[longest]
    words[longest] = word[: len(word) // 2] + word[len(word) // 2 + 1 :]
    injection = Injection("sub kegiatan name misspelt", "nonstandard_name", q, source.at[i, "indicator_id"])
    report.set(injection, q, i, "item", " ".join(words))
    injection.expected.add(("nonstandard_name", q, source.at[i, "indicator_id"]))
    return injection


def _item_block(report: Report, q: int, first: int) -> list[int]:
    """The rows of the item printed from row `first`: its own and the indicator rows continuing it."""
    source, truth = report.sources[q], report.truth[q]
    rows = [first]
    while rows[-1] + 1 < len(source) and source.at[rows[-1] + 1, "item"] == CONTINUES_ABOVE and truth.at[rows[-1] + 1, "level"] == truth.at[first, "level"]:
        rows.append(rows[-1] + 1)
    return rows


def _kegiatan_rows(report: Report, q: int, program: str) -> list[int]:
    truth, items = report.truth[q], report.sources[q]["item"]
    return [int(r) for r in truth.index[(truth["level"] == "kegiatan") & (truth["program"] == program) & ~items.isin(["", CONTINUES_ABOVE])]]


def _kegiatan_end(report: Report, q: int, kegiatan: int) -> int:
    """The row after the kegiatan's last sub kegiatan row."""
    truth, end = report.truth[q], _item_block(report, q, kegiatan)[-1] + 1
    while end < len(truth) and truth.at[end, "level"] == "sub_kegiatan":
        end += 1
    return end


def _keeps_remarks(source: pd.DataFrame, rows: list[int], below: int) -> bool:
    """No remark cell is merged into or out of the rows (moving them would split it)."""
    merged_in = any(source.at[r, "keterangan"] == CONTINUES_ABOVE for r in rows[:1])
    merged_out = below < len(source) and source.at[below, "keterangan"] == CONTINUES_ABOVE
    return not merged_in and not merged_out


def misplaced_sub_kegiatan(report: Report, q: int, i: int) -> Injection | None:
    """A sub kegiatan printed, with its indicator rows and its money, under another kegiatan of
    its program that is not its parent by nomenclature code; both kegiatan add up again (their
    pagu and realisation follow, as a spreadsheet's sums would)."""
    from rekon.extract.nomenclature import generic, nomenclature, parent_of

    source, truth = report.sources[q], report.truth[q]
    if truth.at[i, "level"] != "sub_kegiatan" or source.at[i, "item"] in ("", CONTINUES_ABOVE):
        return None
    index = nomenclature()
    name = source.at[i, "item"]
    codes = index.codes(name)
    # A name the list gives one level only, so that the reader's level does not hang on the parent.
    if not codes or index.levels(name) != {"sub_kegiatan"}:
        return None
    block = _item_block(report, q, i)
    if report.budget_rows(q, i) != block:
        return None  # the item's budget cell spans exactly its rows
    pagu, spent = number(source.at[i, "target_pagu"]), number(source.at[i, "realisasi_pagu"]) or 0.0
    if not pagu:
        return None
    kegiatan = [k for k in _kegiatan_rows(report, q, truth.at[i, "program"]) if k < i]
    if not kegiatan or _kegiatan_end(report, q, kegiatan[-1]) <= block[-1]:
        return None
    home = kegiatan[-1]
    left = number(source.at[home, "target_pagu"])
    if left is None or left - pagu < 1000:
        return None  # the kegiatan keeps money of other sub kegiatan (0 over children printing none is a sum finding of its own)
    for other in _kegiatan_rows(report, q, truth.at[i, "program"]):
        if other == home or number(source.at[other, "target_pagu"]) is None:
            continue
        found = index.find(source.at[other, "item"], "kegiatan")
        if found is None or found.level != "kegiatan":
            continue
        # Not its parent, and no child of that kegiatan the reader could take the name for.
        if any(generic(parent_of(c)) == generic(found.kode) for c in codes):
            continue
        under = index.find(name, "sub_kegiatan", found.kode)
        if under is None or generic(parent_of(under.kode)) == generic(found.kode):
            continue
        end = _kegiatan_end(report, q, other)
        if end in block or not _keeps_remarks(source, block, block[-1] + 1) or not _keeps_remarks(source, block, end):
            continue
        return _move_block(report, q, block, home, other, end, pagu, spent)
    return None


def _move_block(report: Report, q: int, block: list[int], home: int, other: int, end: int, pagu: float, spent: float) -> Injection:
    source = report.sources[q]
    ident = source.at[block[0], "indicator_id"]
    home_id, other_id = source.at[home, "indicator_id"], source.at[other, "indicator_id"]
    injection = Injection("sub kegiatan printed under another kegiatan", "misplaced_item", q, ident)
    moved = source.loc[block].copy()
    # The merged Tujuan/Sasaran/Program cells continue over the rows moved, as over their new neighbours.
    above = source.loc[end - 1]
    for column in ("no", "tujuan", "sasaran", "program"):
        moved[column] = "" if above[column] == "" else CONTINUES_ABOVE
    rest = source.drop(index=block)
    at = end - (len(block) if end > block[-1] else 0)
    report.sources[q] = pd.concat([rest.iloc[:at], moved, rest.iloc[at:]], ignore_index=True)
    report.truth[q] = truth_rows(report.sources[q])
    for r in moved["indicator_id"]:
        injection.changes.append((q, r, "row", f"under {home_id}", f"under {other_id}"))
    home, other = report.row(q, home_id), report.row(q, other_id)
    for row, sign in ((home, -1), (other, 1)):
        for column, amount in (("target_pagu", pagu), ("realisasi_pagu", spent)):
            current = number(report.sources[q].at[row, column])
            if amount and current is not None:
                report.change_money(injection, q, row, column, current + sign * amount)
    # The money only moved between two kegiatan of one program: the program and what is above it still add up.
    injection.follows = {k for k in injection.follows if k[0] not in ("sum_mismatch", "total_mismatch")}
    injection.expected.add(("misplaced_item", q, ident))
    return injection


# kind -> (injector, the levels whose rows it may touch)
KINDS: dict[str, tuple[Callable[[Report, int, int], Injection | None], tuple[str, ...]]] = {
    "capaian_typed": (capaian_typed, ("program", "kegiatan", "sub_kegiatan", "sasaran")),
    "capaian_left_blank": (capaian_left_blank, ("program", "kegiatan", "sub_kegiatan", "sasaran")),
    "spreadsheet_error": (spreadsheet_error_printed, ("kegiatan", "sub_kegiatan")),
    "capaian_pagu_typed": (capaian_pagu_typed, ("program", "kegiatan", "sub_kegiatan")),
    "overspent": (overspent, ("sub_kegiatan",)),
    "spent_without_output": (spent_without_output, ("kegiatan", "sub_kegiatan")),
    "output_without_money": (output_without_money, ("sub_kegiatan",)),
    "total_off": (total_off, ("total",)),
    "sub_kegiatan_off": (total_off_by_a_digit("kegiatan", "sum_mismatch", "sub_kegiatan"), ("sub_kegiatan",)),
    "kegiatan_off": (total_off_by_a_digit("kegiatan", "sum_mismatch"), ("kegiatan",)),
    "kegiatan_spent_off": (total_off_by_a_digit("kegiatan", "sum_mismatch", column="realisasi_pagu"), ("kegiatan",)),
    "program_off": (total_off_by_a_digit("program", "sum_mismatch"), ("program",)),
    "program_spent_off": (total_off_by_a_digit("program", "sum_mismatch", column="realisasi_pagu"), ("program",)),
    "sasaran_off": (total_off_by_a_digit("sasaran", "sum_mismatch"), ("sasaran",)),
    "sasaran_spent_off": (total_off_by_a_digit("sasaran", "sum_mismatch", column="realisasi_pagu"), ("sasaran",)),
    "pagu_cut_then_restored": (pagu_cut_then_restored, ("sub_kegiatan",)),
    "budget_appears": (budget_appears, ("sub_kegiatan",)),
    "budget_disappears": (budget_disappears, ("sub_kegiatan",)),
    "target_changed": (target_changed, ("program", "kegiatan", "sub_kegiatan")),
    "unit_changed": (unit_changed, ("program", "kegiatan", "sub_kegiatan")),
    "indicator_reworded": (indicator_reworded, ("sub_kegiatan",)),
    "realisation_drops": (realisation_drops, ("program", "kegiatan", "sub_kegiatan")),
    "money_drops": (money_drops, ("sub_kegiatan",)),
    "indicator_dropped": (indicator_dropped, ("sub_kegiatan",)),
    "indicator_added": (indicator_added, ("sub_kegiatan",)),
    "name_typo": (name_typo, ("sub_kegiatan",)),
    "misplaced_sub_kegiatan": (misplaced_sub_kegiatan, ("sub_kegiatan",)),
}


# --- choosing injections that do not touch each other ----------------------------------------------


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


# --- rendering, the pipeline, and the comparison ------------------------------------------------------

Renderer = Callable[[dict[int, pd.DataFrame], Path], dict[int, Path]]
STEM = "dp3akb-serang-2022-tw{quarter}"


def libreoffice(sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
    """The sample producer: an openpyxl workbook per quarter, converted by LibreOffice (samples/build.py)."""
    from samples.build import CITY, OPD, YEAR
    from samples.layouts import layout_for, titles
    from samples.pdf import workbooks_to_pdf
    from samples.workbook import write_workbook

    books = []
    for quarter, source in sources.items():
        book = out_dir / f"{STEM.format(quarter=quarter)}.xlsx"
        write_workbook(source, layout_for(quarter, titles(quarter, YEAR, OPD, CITY)), book)
        books.append(book)
    pdfs = workbooks_to_pdf(books, out_dir)
    return {quarter: pdf for quarter, pdf in zip(sources, pdfs)}


def producer2(style: str = "closed") -> Renderer:
    """The second producer (reportlab, no LibreOffice): samples.producer2.render in `style`."""

    def render_set(sources: dict[int, pd.DataFrame], out_dir: Path) -> dict[int, Path]:
        from samples.producer2 import render

        return {q: render(s, q, out_dir / f"{STEM.format(quarter=q)}.pdf", style=style) for q, s in sources.items()}

    return render_set


RENDERERS: dict[str, Callable[[], Renderer]] = {"libreoffice": lambda: libreoffice, "producer2": producer2}

MONEY_FIELDS = {"target_pagu", "realisasi_pagu", "capaian_pagu"}
BUDGET_RULES = {"spending_without_output", "output_without_spending"}


class Pipeline:
    """extract -> match -> check, with each PDF read once per content (unchanged quarters are reused)."""

    def __init__(self) -> None:
        self._rows: dict[bytes, pd.DataFrame] = {}

    def rows(self, pdf: Path) -> pd.DataFrame:
        import hashlib

        import rekon

        digest = hashlib.sha256(pdf.read_bytes()).digest()
        if digest not in self._rows:
            self._rows[digest] = rekon.extract([pdf]).frame
        return self._rows[digest]

    def findings(self, pdfs: dict[int, Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
        import rekon

        rows = pd.concat([self.rows(pdf) for pdf in pdfs.values()], ignore_index=True)
        panel = rekon.match(rows).frame
        return rows, rekon.check(rows, panel).frame


def finding_keys(rows: pd.DataFrame, findings: pd.DataFrame, sources: dict[int, pd.DataFrame]) -> tuple[list[Key], list[str]]:
    """Each finding as (rule, quarter of its row, indicator id of its row, or of its budget cell's
    first row for money), by lining each quarter's rows up with its source in printed order."""
    where: dict[str, tuple[int, str]] = {}
    problems = []
    for quarter, source in sources.items():
        printed = rows[rows["quarter"].astype(str) == str(quarter)]
        if len(printed) != len(source):
            problems.append(f"TW {quarter}: {len(printed)} rows read, {len(source)} printed")
            continue
        # Rows read at another level than printed: sums and matching then go wrong downstream.
        truth = truth_rows(source)
        for level, printed_level, ident in zip(printed["level"], truth["level"], source["indicator_id"]):
            if level != printed_level:
                problems.append(f"extraction: TW {quarter} {ident} read as {level}, printed as {printed_level}")
        for row_id, index in zip(printed["row_id"], range(len(source))):
            first = budget_first_row(source, index)
            where[row_id] = (quarter, source.at[index, "indicator_id"])
            where[row_id + "#budget"] = (quarter, source.at[first, "indicator_id"])
    keys = []
    for finding in findings.itertuples():
        money = finding.field in MONEY_FIELDS or finding.rule in BUDGET_RULES
        place = where.get(finding.row_id + ("#budget" if money else ""))
        keys.append((finding.rule, *place) if place else (finding.rule, 0, f"unmapped:{finding.row_id}"))
    return keys, problems


@dataclass
class SetResult:
    injections: list[Injection]
    found: list[Key]
    baseline: set[Key]
    problems: list[str]


def run_set(clean: dict[int, pd.DataFrame], kinds: list[str], seed: int, renderer: Renderer, pipeline: Pipeline,
            work: Path, baseline: set[Key], quarters: tuple[int, ...] = QUARTERS,
            clean_pdfs: dict[int, Path] | None = None) -> SetResult:
    """One injected copy of the four sources: inject, render the quarters changed, read, check, key the findings."""
    sources, injections = inject(clean, kinds, random.Random(seed), baseline, quarters)
    changed = {q for i in injections for q, *_ in i.changes}
    out = work / f"set-{seed}"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = dict(clean_pdfs or {})
    pdfs.update(renderer({q: sources[q] for q in sorted(changed | (set(QUARTERS) - set(pdfs)))}, out))
    rows, findings = pipeline.findings(dict(sorted(pdfs.items())))
    found, problems = finding_keys(rows, findings, sources)
    return SetResult(injections, found, baseline, problems)


def baseline_keys(clean: dict[int, pd.DataFrame], renderer: Renderer, pipeline: Pipeline, work: Path,
                  clean_pdfs: dict[int, Path] | None = None) -> set[Key]:
    out = work / "clean"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = clean_pdfs or renderer(clean, out)
    rows, findings = pipeline.findings(pdfs)
    keys, problems = finding_keys(rows, findings, clean)
    problems = [p for p in problems if not p.startswith("extraction:")]  # the clean run's own misreadings are its findings
    if problems:
        raise RuntimeError(f"the clean sources are not read back row for row: {problems}")
    return set(keys)


def score(results: list[SetResult]) -> tuple[pd.DataFrame, list[str]]:
    """Recall and precision per rule over all sets, and a line for every miss and false finding."""
    per_rule: dict[str, dict[str, int]] = {}
    details = []

    def count(rule: str, column: str) -> None:
        per_rule.setdefault(rule, dict.fromkeys(["injected", "found", "new findings", "true", "false"], 0))[column] += 1

    for result in results:
        found = set(result.found)
        explained: set[Key] = set()
        for injection in result.injections:
            details.append(f"injected: {injection.kind} TW {injection.quarter} {injection.indicator_id} {[c[:3] for c in injection.changes]}")
            count(injection.rule, "injected")
            explained |= injection.expected | injection.follows
            if injection.expected <= found:
                count(injection.rule, "found")
            else:
                details.append(f"missed: {injection.kind} TW {injection.quarter} {injection.indicator_id}: "
                               f"expected {sorted(injection.expected - found)}; changes {injection.changes}")
        for key in found - result.baseline:
            count(key[0], "new findings")
            if key in explained:
                count(key[0], "true")
            else:
                count(key[0], "false")
                details.append(f"false: {key}")
        details += [f"problem: {p}" for p in result.problems]
    table = pd.DataFrame([{"rule": rule, **counts} for rule, counts in sorted(per_rule.items())])
    if table.empty:
        return table, details
    table["recall"] = (table["found"] / table["injected"].where(table["injected"] > 0)).round(2)
    table["precision"] = (table["true"] / table["new findings"].where(table["new findings"] > 0)).round(2)
    return table, details


def read_sources() -> dict[int, pd.DataFrame]:
    return {q: read_source(SOURCE / f"tw{q}.csv") for q in QUARTERS}


def run(sets: int, seed: int, renderer: Renderer, kinds: list[str] | None = None) -> tuple[pd.DataFrame, list[str], int]:
    clean = read_sources()
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory(prefix="rekon-inject-") as tmp:
        work = Path(tmp)
        baseline = baseline_keys(clean, renderer, pipeline, work)
        results = [run_set(clean, kinds or list(KINDS), seed + n, renderer, pipeline, work, baseline) for n in range(sets)]
    table, details = score(results)
    return table, details, sum(len(r.injections) for r in results)


DESCRIPTIONS = {
    "capaian_typed": "capaian kinerja typed by hand, at least 10 points from both formulas (capaian_kinerja_mismatch)",
    "capaian_left_blank": "capaian kinerja left blank where target and realisation are printed (missing_value)",
    "spreadsheet_error": "`#VALUE!` printed in a capaian cell (spreadsheet_error)",
    "capaian_pagu_typed": "capaian anggaran 12.5 points off (capaian_pagu_mismatch)",
    "overspent": "a sub kegiatan spends 1,250,000 more than its pagu; its kegiatan's realisasi sum follows (realisasi_exceeds_pagu)",
    "spent_without_output": "TW I: every indicator of a budget cell reports 0 while its money is spent (spending_without_output)",
    "output_without_money": "TW I: output reported, money spent printed `-` (output_without_spending)",
    "total_off": "the TOTAL pagu or realisasi a digit off (total_mismatch)",
    "sub_kegiatan_off": "a sub kegiatan's pagu a digit off: its kegiatan no longer adds up (sum_mismatch on the kegiatan)",
    "kegiatan_off": "a kegiatan total a digit off (sum_mismatch on the kegiatan; its program follows)",
    "kegiatan_spent_off": "a kegiatan's realisasi anggaran a digit off (sum_mismatch on the kegiatan; its program follows)",
    "program_off": "a program's pagu a digit off (sum_mismatch on the program; the tujuan row and the total follow)",
    "program_spent_off": "a program's realisasi anggaran a digit off (sum_mismatch on the program; the tujuan row and the total follow)",
    "sasaran_off": "a tujuan's own row (sasaran level) a digit off its programs (sum_mismatch on the row)",
    "sasaran_spent_off": "the realisasi anggaran of a tujuan's own row a digit off its programs' (sum_mismatch on the row)",
    "pagu_cut_then_restored": "a sub kegiatan's pagu cut by 20 % in TW II or III and back the next quarter (pagu_changed twice)",
    "budget_appears": "a sub kegiatan's pagu printed `-` in TW I, a value from TW II (pagu_added)",
    "budget_disappears": "a sub kegiatan's pagu and realisation printed `-` in TW IV (pagu_removed)",
    "target_changed": "TW IV target changed, capaian recomputed (target_changed)",
    "unit_changed": "TW IV unit changed (satuan_changed)",
    "indicator_reworded": "TW IV prints another indicator for a sub kegiatan with one indicator, planned values kept (indikator_changed)",
    "realisation_drops": "cumulative realisasi kinerja halved against the quarter before, capaian recomputed (realisasi_decreased)",
    "money_drops": "TW IV money spent halved against TW III (realisasi_decreased)",
    "indicator_dropped": "TW IV leaves out one indicator row under a shared budget cell (indicator_dropped)",
    "indicator_added": "TW IV adds an indicator row under a shared budget cell (indicator_added)",
    "name_typo": "TW IV prints a sub kegiatan's name with a letter of its longest word left out (nonstandard_name)",
    "misplaced_sub_kegiatan": "a sub kegiatan (its indicator rows and its money) printed under another kegiatan of its program "
                              "that is not its parent by code; both kegiatan re-added, their pagu changes across quarters follow (misplaced_item)",
}
TITLE = "Injected inconsistencies: recall and precision per rule"


def section(sets: int, seed: int, renderer_name: str) -> str:
    """The RESULTS.md section: the command, the table, and every miss and unexplained finding."""
    started = time.perf_counter()
    table, details, n = run(sets, seed, RENDERERS[renderer_name]())
    seconds = time.perf_counter() - started
    command = f"python -m bench.injection --sets {sets} --seed {seed} --renderer {renderer_name}"
    problems = [d for d in details if not d.startswith("injected")]
    kinds = "\n".join(f"- `{kind}` ({', '.join(KINDS[kind][1])}): {text}" for kind, text in DESCRIPTIONS.items())
    return (
        f"`{command}` ({n} injections in {sets} sets of four PDFs, {seconds:.0f} s). Recall: injections whose "
        "expected findings were all found by the rule they target, on their row. Precision: of the findings "
        "the clean run does not have, those an injection explains (its own, or what follows from it in the "
        "form: a kegiatan off by a digit also breaks its program's sum).\n\n"
        + table.to_markdown(index=False)
        + "\n\nMisses and unexplained findings:\n\n"
        + ("\n".join(f"- {line}" for line in problems) or "- none")
        + "\n\nKinds injected:\n\n" + kinds
    )


def write_section(title: str, body: str) -> None:
    """Replace (or add) one section of bench/RESULTS.md, leaving the others as they are."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Bench results\n"
    head, *chunks = text.split("\n## ")
    chunks = [c for c in chunks if c.partition("\n")[0].strip() != title]
    RESULTS.write_text("\n## ".join([head.rstrip("\n") + "\n", *chunks, f"{title}\n\n{body}\n"]), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--renderer", choices=sorted(RENDERERS), default="libreoffice")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    body = section(args.sets, args.seed, args.renderer)
    print(body)
    if args.write:
        write_section(TITLE, body)


if __name__ == "__main__":
    main()
