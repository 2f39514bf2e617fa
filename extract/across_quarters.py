"""Levels settled across the quarters of a run: the same name's level where another quarter knows it.

An item whose level only its budget sums or its indicator's wording could tell
(the name is in no list) takes the level the same name has in the other
quarterly files of its agency and year, where something independent decided it
(the nomenclature, the layout). That evidence ranks above the sums, so the
`level_from_sums` problem goes; a level it changes re-reads the file's hierarchy.
Files whose quarters stand side by side decide all quarters at once: nothing to settle.
"""

from __future__ import annotations

from collections import defaultdict

from rekon.extract.nomenclature import TOLERANT_SCORE, name_key
from rekon.extract.pipeline import FileResult
from rekon.extract.structure import (
    FROM_CHILDREN, FROM_NOMENCLATURE, FROM_OTHER_QUARTERS, FROM_PARENT, FROM_POSITION, FROM_SUMS, FROM_STYLE, row_codes,
)
from rekon.extract.tolerant import score as tolerant_score

INDEPENDENT = (FROM_NOMENCLATURE, FROM_PARENT, FROM_CHILDREN, FROM_POSITION)
WEAK = (FROM_SUMS, FROM_STYLE)
ITEM_LEVELS = ("kegiatan", "sub_kegiatan")


def _own_name(record: dict) -> str:
    return record.get(record.get("level", ""), "")


def settle_levels(results: list[FileResult]) -> None:
    """Re-level, in place, the weakly decided items of one-quarter files from their sibling quarters."""
    groups: dict[tuple[str, object], list[FileResult]] = defaultdict(list)
    for result in results:
        if result.ok and result.metadata.quarter is not None and result.item_levels:
            groups[(result.metadata.opd, result.metadata.year)].append(result)
    for files in groups.values():
        if len({f.metadata.quarter for f in files}) < 2:
            continue
        known = [_independent_levels(f) for f in files]
        for index, result in enumerate(files):
            others: dict[str, tuple[str, set[str]]] = {}
            for other_index, levels in enumerate(known):
                if other_index != index:
                    for key, (name, level) in levels.items():
                        others.setdefault(key, (name, set()))[1].update(level)
            _settle_file(result, others)


def _independent_levels(result: FileResult) -> dict[str, tuple[str, set[str]]]:
    """name key -> (the name as printed, the levels independent evidence gave it) in one file."""
    by_id = {r["row_id"]: r for r in result.rows}
    found: dict[str, tuple[str, set[str]]] = {}
    for row_ids, source in result.item_levels:
        record = by_id.get(row_ids[0])
        if record is not None and source in INDEPENDENT and record["level"] in ITEM_LEVELS:
            name = _own_name(record)
            found.setdefault(name_key(name), (name, set()))[1].add(record["level"])
    return found


def _levels_elsewhere(name: str, others: dict[str, tuple[str, set[str]]]) -> set[str]:
    """The levels the other quarters give the same item: printed alike (case, spacing and
    punctuation aside), else reworded (a suffix, words swapped, a short form: the best name that
    says the other's words, extract/tolerant.py, both ways)."""
    same = others.get(name_key(name))
    if same is not None:
        return same[1]
    scored = [(max(tolerant_score(name, other), tolerant_score(other, name)), levels) for other, levels in others.values()]
    close = [levels for score, levels in scored if score >= TOLERANT_SCORE]
    return set().union(*close) if close else set()


def _settle_file(result: FileResult, others: dict[str, tuple[str, set[str]]]) -> None:
    by_id = {r["row_id"]: r for r in result.rows}
    own_names = {r["row_id"]: _own_name(r) for r in result.rows}
    settled: set[str] = set()
    changed = False
    for position, (row_ids, source) in enumerate(result.item_levels):
        first = by_id.get(row_ids[0])
        if source not in WEAK or first is None:
            continue
        levels = _levels_elsewhere(own_names[first["row_id"]], others)
        if len(levels) != 1:
            continue  # unknown elsewhere too, or told both ways
        level = next(iter(levels))
        if level != first["level"]:
            for row_id in row_ids:
                by_id[row_id]["level"] = level
            changed = True
        for row_id in row_ids:
            by_id[row_id]["level_basis"] = FROM_OTHER_QUARTERS
        result.item_levels[position] = (row_ids, FROM_OTHER_QUARTERS)
        settled.add(first["row_id"])
    if settled:
        result.problems[:] = [p for p in result.problems if not (p["problem"] == "level_from_sums" and p["row_id"] in settled)]
    if changed:
        _rebuild_hierarchy(result.rows, own_names)


def _rebuild_hierarchy(records: list[dict], own_names: dict[str, str]) -> None:
    """The kegiatan and sub kegiatan columns (and codes) again, after some items changed level."""
    kegiatan = ""
    for record in records:
        level, name = record["level"], own_names[record["row_id"]]
        if level == "kegiatan":
            kegiatan = name
            record["kegiatan"], record["sub_kegiatan"] = name, ""
        elif level == "sub_kegiatan":
            record["kegiatan"], record["sub_kegiatan"] = kegiatan, name
        else:
            kegiatan = ""
    for record, kode in zip(records, row_codes(records)):
        record["kode"] = kode
