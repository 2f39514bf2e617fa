"""The hierarchy of the rows: level, program, kegiatan and sub kegiatan of each, and their codes.

Program names are upper case (or stand in their own column in TW IV). A
kegiatan and its sub kegiatan share one column and often look alike, so the
level of an item comes from independent evidence first, in this order:

1. the national nomenclature: the name is a kegiatan or a sub kegiatan there
   (a name listed at both levels is decided by the item printed above it);
2. the layout: the first item under a program is a kegiatan, and so is an
   unknown item printed right above listed sub kegiatan of a kegiatan that is
   not the one open (the agency renamed their kegiatan);
3. the same name's level in the other quarters of the run, where something of
   the above decided it (``across_quarters.settle_levels``, once all files are read);
4. only then the budget sums: an item whose amounts equal the sum of the items
   right below it is a kegiatan and those are its sub kegiatan. The rules
   compare exactly these sums, so a level decided by them is reported
   (`level_from_sums`), and a known level is never overridden by them;
5. where nothing else tells, the indicator's style: a kegiatan measures an
   outcome (Persentase ...), a sub kegiatan counts (Jumlah ...).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rekon.extract.nomenclature import TOLERANT_SCORE, Match, localised, nomenclature, parent_of, same_code

TOTAL_LABEL = re.compile(r"^(total|jumlah( total)?|rata-?\s?rata capaian kinerja)\b", re.IGNORECASE)
_PERCENT_STYLE = re.compile(r"^(persentase|persebtase|prosentase|indeks|rasio|capaian|tingkat)", re.IGNORECASE)
_CHILD_LEVELS = ("kegiatan", "sub_kegiatan")
REWORDED_MARGIN = 5.0  # points the best official name of one level must stand above the other level's

# Where an item's level came from (LevelDecision.source).
FROM_NOMENCLATURE = "nomenclature"
FROM_PARENT = "parent"  # a name listed at two levels, decided by the item above
FROM_CHILDREN = "children"  # an unknown item above listed sub kegiatan of another kegiatan
FROM_POSITION = "position"
FROM_SUMS = "sums"
FROM_STYLE = "style"
FROM_COLUMNS = "columns"  # one column per level (Program / Kegiatan / Sub Kegiatan)
FROM_PRINTED = "printed"  # a PROGRAM name, a sasaran or total row: the print says it
FROM_OTHER_QUARTERS = "other_quarters"
# A level these alone decided is a guess (the layout) or the very sums the rules check: a sum
# finding that depends on it is not an error (rules/sums.py).
WEAK_BASES = (FROM_POSITION, FROM_SUMS, FROM_STYLE)


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.match(text.strip()))


def _upper_case(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > 0.8


def is_program_name(text: str) -> bool:
    return text.strip().upper().startswith("PROGRAM") and _upper_case(text)


def is_program_item(name: str) -> bool:
    """A program: printed as one (upper case, "PROGRAM ..."), named as one by the nomenclature, or
    printed in upper case with a typo in a program's name (`PORGRAM PENUNJANG ...`)."""
    if is_program_name(name):
        return True
    if not name.strip():
        return False
    levels = nomenclature().levels(name)
    if levels:
        return levels == {"program"}
    return _upper_case(name) and nomenclature().find(name, "program") is not None


def kegiatan_style(indikator: str, formula: str) -> bool:
    return bool(_PERCENT_STYLE.match(indikator.strip())) or "x100" in formula.replace(" ", "").lower()


@dataclass
class ItemInfo:
    """One kegiatan or sub kegiatan of a program, as the rows show it."""

    name: str
    amounts: list[Decimal] = field(default_factory=list)  # the budget figures the sums compare (pagu, or Rp per quarter)
    kegiatan_style: bool = False


@dataclass(frozen=True)
class LevelDecision:
    level: str
    source: str


def listed_level(name: str, program_kode: str = "", kegiatan_kode: str = "") -> tuple[str, Match | None]:
    """The level the nomenclature gives a printed name ('' when it gives none), with the code it took.

    A name listed as both a kegiatan and a sub kegiatan is decided by the codes
    of the items printed above it: a sub kegiatan of the open kegiatan, or a
    kegiatan of the program.
    """
    index = nomenclature()
    levels = index.levels(name) & set(_CHILD_LEVELS)
    if len(levels) == 2:
        sub = index.find(name, "sub_kegiatan", kegiatan_kode) if kegiatan_kode else None
        if sub and same_code(parent_of(sub.kode), kegiatan_kode):
            return "sub_kegiatan", sub
        keg = index.find(name, "kegiatan", program_kode) if program_kode else None
        if keg and same_code(parent_of(keg.kode), program_kode):
            return "kegiatan", keg
        return "", None
    if levels:
        level = levels.pop()
        return level, index.find(name, level)
    if index.levels(name):
        return "", None  # a program's name in an item cell tells nothing of kegiatan or sub kegiatan
    found = index.find(name)
    if found is None or found.level not in _CHILD_LEVELS:
        return reworded_level(name)
    # A misspelt name: its level counts only if no name of the other level is as close.
    other = index.find(name, "sub_kegiatan" if found.level == "kegiatan" else "kegiatan")
    if other is not None and other.score >= found.score - 2:
        return "", None
    return found.level, found


def reworded_level(name: str) -> tuple[str, Match | None]:
    """The level of the official name a reworded name says (a suffix, words swapped, a short
    form: extract/tolerant.py), when the best name of one level clearly beats the other's."""
    index = nomenclature()
    best = {level: index.tolerant(name, level, min_score=0.0) for level in _CHILD_LEVELS}
    scores = {level: match.score if match else 0.0 for level, match in best.items()}
    level = max(scores, key=scores.__getitem__)
    other = min(scores, key=scores.__getitem__)
    if scores[level] < TOLERANT_SCORE or scores[other] > scores[level] - REWORDED_MARGIN:
        return "", None
    return level, best[level]


def classify_items(items: list[ItemInfo], program_kode: str = "", tolerance: Decimal = Decimal("1")) -> list[LevelDecision]:
    """`kegiatan` or `sub_kegiatan` for each item of one program, in printed order, with what decided it."""
    fixed: list[LevelDecision | None] = []
    codes: list[str] = []
    kegiatan_kode = ""
    for item in items:
        level, match = listed_level(item.name, program_kode, kegiatan_kode)
        ambiguous = len(nomenclature().levels(item.name) & set(_CHILD_LEVELS)) == 2
        fixed.append(LevelDecision(level, FROM_PARENT if ambiguous else FROM_NOMENCLATURE) if level else None)
        codes.append(match.kode if level and match else "")
        if level == "kegiatan":
            kegiatan_kode = codes[-1]
    _kegiatan_of_listed_children(fixed, codes)
    return _complete_by_sums(items, fixed, tolerance)


def _kegiatan_of_listed_children(fixed: list[LevelDecision | None], codes: list[str]) -> None:
    """An unknown item right above listed sub kegiatan whose kegiatan is not the one open is their
    kegiatan (the form prints a kegiatan above its sub kegiatan): the agency renamed it."""
    open_kegiatan = ""
    for i, decision in enumerate(fixed):
        if decision is None and i + 1 < len(fixed):
            below = fixed[i + 1]
            if below is not None and below.level == "sub_kegiatan" and codes[i + 1]:
                parent = parent_of(codes[i + 1])
                if not same_code(parent, open_kegiatan):
                    fixed[i], codes[i] = LevelDecision("kegiatan", FROM_CHILDREN), parent
        decision = fixed[i]
        if decision is not None and decision.level == "kegiatan":
            open_kegiatan = codes[i]


def _complete_by_sums(items: list[ItemInfo], fixed: list[LevelDecision | None], tolerance: Decimal) -> list[LevelDecision]:
    """Levels the nomenclature left open: position, then sums, then style; known levels stay."""
    decisions: list[LevelDecision | None] = list(fixed)
    i = 0
    while i < len(items):
        own = items[i].amounts
        known = fixed[i]
        if known is None and not any(d is not None and d.level == "kegiatan" for d in decisions[:i]):
            known = decisions[i] = LevelDecision("kegiatan", FROM_POSITION)  # a sub kegiatan needs a kegiatan above it
        matched = None
        if (known is None or known.level == "kegiatan") and any(own):
            running = [Decimal(0)] * len(own)
            for k in range(i + 1, len(items)):
                if fixed[k] is not None and fixed[k].level == "kegiatan":
                    break  # a known kegiatan is never a child
                amounts = items[k].amounts or [Decimal(0)] * len(own)
                running = [r + a for r, a in zip(running, amounts)]
                if all(abs(r - o) <= tolerance for r, o in zip(running, own)):
                    matched = k
                    break
                if any(r > o + tolerance for r, o in zip(running, own)):
                    break
        if matched is not None:
            decisions[i] = known or LevelDecision("kegiatan", FROM_SUMS)
            for k in range(i + 1, matched + 1):
                decisions[k] = fixed[k] or LevelDecision("sub_kegiatan", FROM_SUMS)
            i = matched + 1
            continue
        if known is None:
            decisions[i] = LevelDecision("kegiatan" if items[i].kegiatan_style else "sub_kegiatan", FROM_STYLE)
        i += 1
    return [d for d in decisions if d is not None]


def level_bases(assembled: list, items: list[tuple[list[int], str]], by_columns) -> list[str]:
    """What each row's level rests on (rows.csv `level_basis`): what decided each kegiatan or sub
    kegiatan item; `columns` where the layout gives each level a column; else `printed`."""
    bases = [FROM_COLUMNS if by_columns(row.texts) else FROM_PRINTED for row in assembled]
    for members, source in items:
        for index in members:
            bases[index] = source
    return bases


def row_codes(records: list[dict]) -> list[str]:
    """The nomenclature code of each rows.csv record's own item ('' when not found).

    A kegiatan is looked up among the children of its program first, a sub
    kegiatan among those of its kegiatan. The support programme's generic
    `X.XX` takes the bidang of the document's first other program.
    """
    index = nomenclature()
    codes: list[str] = []
    for record in records:
        level = record.get("level", "")
        if level not in ("program", "kegiatan", "sub_kegiatan"):
            codes.append("")
            continue
        program = _code_of(index, record.get("program", ""), "program", "")
        found = program
        if level != "program":
            kegiatan = _code_of(index, record.get("kegiatan", ""), "kegiatan", program.kode if program else "")
            found = kegiatan
            if level == "sub_kegiatan":
                found = _code_of(index, record.get("sub_kegiatan", ""), "sub_kegiatan", kegiatan.kode if kegiatan else "")
        codes.append(found.kode if found else "")
    # A name found only in another kind of region's list (provincial, otsus) is not this
    # document's item: its code would be another item's.
    region = Counter(_region(c) for c in codes if _region(c)).most_common(1)
    codes = [c if not region or _region(c) in ("", region[0][0]) else "" for c in codes]
    bidang = next((".".join(c.split(".")[:2]) for c in codes if c and not c.startswith("X.")), "")
    return [localised(c, bidang) for c in codes]


def _code_of(index, name: str, level: str, parent: str) -> Match | None:
    """The code of a printed name: the list's closest spelling; else the official name a reworded
    name says (words swapped, a suffix, a short form: extract/tolerant.py), for a program, or for an
    item listed under the parent printed above it (a name said by items of several parents is
    decided by the parent, never by the rewording alone)."""
    if not name:
        return None
    found = index.find(name, level, parent)
    if found is not None:
        return found
    said = index.tolerant(name, level)
    if said is not None and (level == "program" or parent and same_code(parent_of(said.kode), parent)):
        return said
    return None


def _region(kode: str) -> str:
    """The kegiatan digit: 1 provincial, 2 kab/kota, 3-8 otsus ('' for a program)."""
    parts = kode.split(".")
    return parts[3] if len(parts) > 3 else ""


def program_code(name: str) -> str:
    found = nomenclature().find(name, "program") if name else None
    return found.kode if found else ""
