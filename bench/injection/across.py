"""Injections that break a relation across quarters (a pagu, a target, a unit, an indicator that changes or
goes down, rows left out or added) and the nomenclature's (a name misspelt, an item under another parent)."""

from __future__ import annotations

import pandas as pd

from bench.injection.model import Injection, Report, decimals, money, number, percent
from bench.injection.within import _budget, _capaian
from samples.source import CONTINUES_ABOVE
from samples.truth import truth_rows


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
            # A kegiatan that spent nothing yet (`-`) adds the realisation it is given, as a spreadsheet's sum would.
            if amount and (current is not None or column == "realisasi_pagu" and sign > 0 and number(report.sources[q].at[row, "target_pagu"]) is not None):
                report.change_money(injection, q, row, column, (current or 0.0) + sign * amount)
    # The money only moved between two kegiatan of one program: the program and what is above it still add up.
    injection.follows = {k for k in injection.follows if k[0] not in ("sum_mismatch", "total_mismatch")}
    injection.expected.add(("misplaced_item", q, ident))
    return injection
