"""Injections that break a relation inside one quarter: a capaian, a budget, a sum."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bench.injection.model import QUARTERS, Injection, Report, decimals, number, percent
from samples.source import CONTINUES_ABOVE


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
