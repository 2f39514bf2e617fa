"""Injections into the full Renja evaluation form: each breaks one of the form's relations.

An injection changes an agency's plan (samples/renja_full/plan.py) the way an agency's
spreadsheet would go wrong: a value typed over a formula (the year's total, the Renstra to
date, an achievement: the cells that follow from it are recomputed, as their formulas would
be, so that one relation breaks), a quarter's money above the target (everything recomputed:
the form adds up, the quarter is simply too high), a child's amount changed without its
parent following, a level that goes down. What each breaks is measured by the oracle
(renja_oracle.py): the row the injection targets must break the kind's rule (`expected`);
whatever else breaks with it is `follows` (a changed sub kegiatan also breaks its kegiatan's
year sum).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bench.injection.model import Injection
from bench.injection.renja_oracle import violations
from samples.renja_full.body import build_sheet
from samples.renja_full.form import Sheet, Variant
from samples.renja_full.plan import QUARTERS, Indicator, Item, close_k, percent


@dataclass
class FormDoc:
    """One variant's plan being injected, and its printed sheet."""

    variant: Variant
    root: Item

    def sheet(self) -> Sheet:
        return build_sheet(self.variant, self.root)

    def violations(self) -> set:
        sheet = self.sheet()
        kinds = [indicator.kind if indicator is not None else None for _, indicator in sheet.origin]
        return violations(sheet.truth, kinds, self.variant.printed_fields())

    def copy(self) -> "FormDoc":
        return FormDoc(self.variant, copy.deepcopy(self.root))

    def places(self) -> list[tuple[int, Item, Indicator | None]]:
        """(printed row, item, indicator) of every body row; an item's Rp is on its first row."""
        return [(index + 1, item, indicator) for index, (item, indicator) in enumerate(self.sheet().origin)]

    def parent_of(self, target: Item) -> Item | None:
        def search(node: Item) -> Item | None:
            for child in node.children:
                if child is target:
                    return node
                found = search(child)
                if found:
                    return found
            return None

        return search(self.root)


def _digit_off(amount: Decimal) -> Decimal:
    """One digit wrong: the millions (or the leading digit of a small amount) one higher."""
    return amount + (Decimal(1_000_000) if amount >= 10_000_000 else Decimal(10) ** (len(str(int(amount))) - 1))


def _filled(doc: FormDoc) -> int:
    return doc.variant.quarters_filled


def _prints(doc: FormDoc, *fields: str) -> bool:
    return all(f in doc.variant.printed_fields() for f in fields)


def _first_row(doc: FormDoc, item: Item) -> int:
    return next(row for row, it, _ in doc.places() if it is item)


Injector = Callable[[FormDoc, random.Random, int, Item, Indicator | None], Injection | None]


def _record(kind: str, rule: str, row: int, field: str, before: object, after: object) -> Injection:
    injection = Injection(kind, rule, 0, f"r{row}")
    injection.changes.append((0, f"r{row}", field, str(before), str(after)))
    injection.expected.add((rule, 0, f"r{row}"))
    return injection


def year_total_off(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """The year's total typed a digit off its quarters' sum (K of a count, or Rp); Renstra to date and the
    achievements follow it, as their formulas would."""
    if _filled(doc) < 4 or not _prints(doc, "realisasi_tahun_pagu") or item.level not in ("program", "kegiatan", "sub_kegiatan"):
        return None
    if indicator is not None and indicator.kind == "count" and rng.random() < 0.4:
        k = indicator.k
        before = k["tahun"]
        k["tahun"] = before + 1
        k["renstra"] = k["renstra_lalu"] + k["tahun"]
        k["capaian"], k["capaian_renstra"] = percent(k["tahun"], k["target"]), percent(k["renstra"], k["target_renstra"])
        return _record("year's K total off", "year_sum_mismatch", row, "realisasi_tahun_kinerja", before, k["tahun"])
    if row != _first_row(doc, item) or not item.rp["tahun"]:
        return None
    rp = item.rp
    before = rp["tahun"]
    rp["tahun"] = _digit_off(before)
    rp["renstra"] = rp["renstra_lalu"] + rp["tahun"]
    rp["capaian"], rp["capaian_renstra"] = percent(rp["tahun"], rp["target"]), percent(rp["renstra"], rp["target_renstra"])
    return _record("year's Rp total off by a digit", "year_sum_mismatch", row, "realisasi_tahun_pagu", before, rp["tahun"])


def renstra_sum_off(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """Renstra realisation to date typed off last year's + this year's; its achievement follows."""
    if _filled(doc) < 4 or not _prints(doc, "realisasi_renstra_pagu") or item.level not in ("program", "kegiatan", "sub_kegiatan"):
        return None
    if indicator is not None and indicator.kind == "count" and rng.random() < 0.4:
        k = indicator.k
        before = k["renstra"]
        k["renstra"] = before + 2
        k["capaian_renstra"] = percent(k["renstra"], k["target_renstra"])
        return _record("Renstra K to date off", "renstra_sum_mismatch", row, "realisasi_renstra_kinerja", before, k["renstra"])
    if row != _first_row(doc, item):
        return None
    rp = item.rp
    before = rp["renstra"]
    rp["renstra"] = _digit_off(before)
    rp["capaian_renstra"] = percent(rp["renstra"], rp["target_renstra"])
    return _record("Renstra Rp to date off by a digit", "renstra_sum_mismatch", row, "realisasi_renstra_pagu", before, rp["renstra"])


def capaian_wrong(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """An achievement typed by hand, at least 10 points from realisation / target x 100 (and from 200 minus it)."""
    choices = [p for p in ("capaian_renstra", "capaian") if _prints(doc, f"{p}_kinerja")]
    if not choices or item.level not in ("program", "kegiatan", "sub_kegiatan"):
        return None
    pair = rng.choice(choices)
    use_rp = row == _first_row(doc, item) and (indicator is None or rng.random() < 0.5)
    values, suffix = (item.rp, "pagu") if use_rp else ((indicator.k, "kinerja") if indicator is not None else (None, ""))
    if values is None or values[pair] is None:
        return None
    before = values[pair]
    typed = before + Decimal("12.50") if before + Decimal("12.50") < 200 - before - 10 or before + Decimal("12.50") > 200 - before + 10 else before + Decimal("41.25")
    values[pair] = typed
    return _record("achievement typed by hand", "renja_capaian_mismatch", row, f"{pair}_{suffix}", before, typed)


def quarter_above_target(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """A sub kegiatan spends more in one quarter than its whole target; the form adds up around it."""
    if item.level != "sub_kegiatan" or row != _first_row(doc, item) or not item.rp["target"]:
        return None
    quarter = rng.choice(QUARTERS[: _filled(doc)])
    before = item.rp[quarter] or Decimal(0)
    after = item.rp["target"] + Decimal(1_250_000)
    # The row and every parent above it add up around it, as their formulas would; nothing else moves.
    node: Item | None = item
    while node is not None:
        for pair in (quarter, *(("tahun", "renstra") if _filled(doc) == 4 else ())):
            node.rp[pair] = (node.rp[pair] or Decimal(0)) + after - before
        node.rp["capaian"], node.rp["capaian_renstra"] = percent(node.rp["tahun"], node.rp["target"]), percent(node.rp["renstra"], node.rp["target_renstra"])
        node = doc.parent_of(node)
    return _record("a quarter's money above the target", "quarter_exceeds_target", row, f"realisasi_pagu_{quarter}", before, after)


def parent_sum_off(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """A child's quarter amount a digit off (its own year and Renstra follow it); its parent, as printed, does not."""
    parent = doc.parent_of(item)
    if item.level not in ("sub_kegiatan", "kegiatan", "program") or parent is None or row != _first_row(doc, item):
        return None
    quarter = rng.choice(QUARTERS[: _filled(doc)])
    before = item.rp[quarter]
    if not before:
        return None
    item.rp[quarter] = _digit_off(before)
    if item.rp[quarter] > item.rp["target"]:
        return None
    _reclose_row(item, _filled(doc))
    rule = "total_mismatch" if parent.level == "total" else "sum_mismatch"
    injection = _record(f"{item.level} quarter Rp off: its {parent.level} no longer adds up", rule, row, f"realisasi_pagu_{quarter}", before, item.rp[quarter])
    injection.expected = {(rule, 0, f"r{_first_row(doc, parent)}")}
    return injection


def parent_renstra_off(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """A child's Renstra realisation to last year a digit off (its Renstra to date follows); its parent's year columns do not."""
    parent = doc.parent_of(item)
    if not _prints(doc, "realisasi_renstra_lalu_pagu") or item.level not in ("sub_kegiatan", "kegiatan", "program") or parent is None:
        return None
    if row != _first_row(doc, item) or not item.rp["renstra_lalu"]:
        return None
    before = item.rp["renstra_lalu"]
    item.rp["renstra_lalu"] = _digit_off(before)
    _reclose_row(item, _filled(doc))
    injection = _record(f"{item.level} Renstra to last year off: its {parent.level}'s year columns no longer add up", "renja_sum_mismatch", row,
                        "realisasi_renstra_lalu_pagu", before, item.rp["renstra_lalu"])
    injection.expected = {("renja_sum_mismatch", 0, f"r{_first_row(doc, parent)}")}
    return injection


def cumulative_drop(doc: FormDoc, rng: random.Random, row: int, item: Item, indicator: Indicator | None) -> Injection | None:
    """A level reported to date (its year value is TW IV's) printed lower in TW II or III than the quarter before."""
    if indicator is None or indicator.kind != "level" or _filled(doc) < 4 or not _prints(doc, "realisasi_tahun_kinerja"):
        return None
    quarter = rng.choice(("q2", "q3"))
    previous = indicator.k[QUARTERS[QUARTERS.index(quarter) - 1]]
    if not previous or previous < 10:
        return None
    before = indicator.k[quarter]
    indicator.k[quarter] = (previous * Decimal("0.6")).quantize(Decimal("0.01"))
    return _record("a cumulative level goes down", "cumulative_kinerja_decreased", row, f"realisasi_kinerja_{quarter}", before, indicator.k[quarter])


def _reclose_row(item: Item, quarters_filled: int) -> None:
    """The item's own derived cells again (its year, Renstra to date, achievements), not its parents'."""
    rp = item.rp
    if quarters_filled == 4:
        rp["tahun"] = sum(rp[q] or Decimal(0) for q in QUARTERS)
        rp["renstra"] = rp["renstra_lalu"] + rp["tahun"]
    rp["capaian"], rp["capaian_renstra"] = percent(rp["tahun"], rp["target"]), percent(rp["renstra"], rp["target_renstra"])
    for indicator in item.indicators:
        close_k(indicator.k, indicator.kind, quarters_filled)


# kind -> injector; the rule is the injection's own.
RENJA_KINDS: dict[str, Injector] = {
    "year_total_off": year_total_off,
    "renstra_sum_off": renstra_sum_off,
    "capaian_wrong": capaian_wrong,
    "quarter_above_target": quarter_above_target,
    "parent_sum_off": parent_sum_off,
    "parent_renstra_off": parent_renstra_off,
    "cumulative_drop": cumulative_drop,
}
RENJA_DESCRIPTIONS = {
    "year_total_off": "the year's realisation a digit (Rp) or one (K of a count) off the sum of TW I-IV; Renstra to date and the "
                      "achievements recomputed from it (year_sum_mismatch; the parent's year sum follows)",
    "renstra_sum_off": "Renstra realisation to date a digit (Rp) or two (K of a count) off last year's + this year's; its achievement "
                       "recomputed (renstra_sum_mismatch; the parent's follows)",
    "capaian_wrong": "an achievement (against the Renstra or this year's target, K or Rp) typed 12.5 points off (renja_capaian_mismatch)",
    "quarter_above_target": "a sub kegiatan spends 1,250,000 more in one quarter than its year's target; everything recomputed around it "
                            "(quarter_exceeds_target)",
    "parent_sum_off": "a sub kegiatan's, kegiatan's or program's quarter Rp a digit off, its own year and Renstra recomputed: its parent no "
                      "longer adds up (sum_mismatch, or total_mismatch on the agency row; the parent's year columns follow)",
    "parent_renstra_off": "a child's Renstra realisation to last year a digit off, its Renstra to date recomputed: the parent's year columns "
                          "no longer add up (renja_sum_mismatch)",
    "cumulative_drop": "a percentage reported to date printed in TW II or III at 60 % of the quarter before, TW IV and the year kept "
                       "(cumulative_kinerja_decreased)",
}
