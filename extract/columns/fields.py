"""Fields as concepts: how strongly a column's header path names each field.

A column's header is its path of cells, top to bottom (group cells over it
included). A field is either

- a kind of column (`indikator`, `satuan`, `keterangan` ...): the path must
  carry its concept; other kinds of column named beside it count against it,
  unless the field allows them (`Cara Pengukuran Indikator Kinerja` is a
  formula, which may name the indicator it measures; `Indikator Kinerja
  Program` is an indicator, which may name its level);
- a level of the hierarchy (`program`, `kegiatan`, `sub_kegiatan`, or `item`,
  one column for several levels: `Program/Kegiatan/Sub Kegiatan`);
- a value: a measure (target, realisasi, capaian) of a dimension (kinerja,
  anggaran) in a scope (this year, the Renstra, last year, a quarter). The
  measure is the one the lowest cell naming a measure names first (Indonesian
  puts the head first: `Tingkat Capaian ... Realisasi Anggaran` is a capaian),
  the dimension the one the lowest cell naming a dimension names (`Target` >
  `Kinerja`, `Kinerja` > `Target`, `Realisasi ... Triwulan` > `I` > `K`); a
  scope may be required (`renstra`) or rule a field out (`lalu`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rekon.extract.columns import content as kinds
from rekon.extract.columns.lexicon import (
    ANGGARAN, CAPAIAN, CUMULATIVE, DIMENSIONS, FORMULA, HEAD_NOUNS, INDIKATOR, ITEM, KEGIATAN, KETERANGAN, KINERJA, KODE, LALU, MEASURES, NO,
    PENANGGUNG_JAWAB, PERCENT, PLANNED, PROGRAM, QUARTER, REALISASI, RENJA, RENSTRA, SASARAN, SATUAN, SUB, TARGET, TUJUAN, URUSAN,
)
from rekon.extract.columns.matching import tokens
from rekon.extract.columns.wording import CellReading

GROUP_WEIGHT = 0.8  # a word in a group cell over the column counts this much of one in the column's own cell
UP_TO_WEIGHT = 0.7  # `s/d Triwulan IV` names a quarter's column this much: it is rather the total up to it
SUB_GUESS = 0.7  # `Sub` before an unread word in a list of levels names the sub kegiatan this much
UNNAMED_MEASURE = 0.4  # a value column whose header names no measure: each measure this much
UNNAMED_BUDGET = 0.55  # ... and a budget column without measure is the budget planned this much
RIVAL_PENALTY = 0.6  # per unit of strength of another kind of column named in the same path
KINDS_OF_COLUMN = frozenset({NO, TUJUAN, SASARAN, INDIKATOR, SATUAN, FORMULA, KETERANGAN, KODE, PENANGGUNG_JAWAB, ITEM})
LEVEL_CONCEPTS = frozenset({URUSAN, PROGRAM, KEGIATAN, SUB})


@dataclass(frozen=True)
class FieldRule:
    name: str
    content: str  # the kind of content the field holds (content.LONG_TEXT, MONEY ...)
    concept: str | None = None  # a kind of column: the concept its header must carry
    allows: frozenset[str] = frozenset()  # other kinds of column its header may name
    levels: frozenset[str] | None = None  # a hierarchy column: the levels it holds ({"many"}: several)
    measure: str | None = None
    dimension: str | None = None
    needs: frozenset[str] = frozenset()  # scope concepts the header must name
    needs_one: frozenset[str] = frozenset()  # scope concepts of which the header must name one
    without: frozenset[str] = frozenset()  # scope concepts that rule the field out
    per_quarter: bool = False  # a value printed once per quarter, under a quarter's label
    shape: str | None = None  # the shape of its texts (content.INDICATOR_TEXT ...)

    @property
    def is_value(self) -> bool:
        return self.measure is not None


_LEVELS_ALLOWED = frozenset({ITEM}) | LEVEL_CONCEPTS
RULES: dict[str, FieldRule] = {rule.name: rule for rule in (
    FieldRule("no", kinds.ORDINAL, NO),
    FieldRule("kode_printed", kinds.CODE, KODE, allows=_LEVELS_ALLOWED | {NO}),
    FieldRule("tujuan", kinds.LONG_TEXT, TUJUAN, shape=kinds.GOAL_TEXT),
    FieldRule("sasaran", kinds.LONG_TEXT, SASARAN, shape=kinds.GOAL_TEXT),
    FieldRule("program", kinds.LONG_TEXT, levels=frozenset({PROGRAM}), allows=frozenset({ITEM}), shape=kinds.ITEM_TEXT),
    FieldRule("kegiatan", kinds.LONG_TEXT, levels=frozenset({KEGIATAN}), allows=frozenset({ITEM}), shape=kinds.ITEM_TEXT),
    FieldRule("sub_kegiatan", kinds.LONG_TEXT, levels=frozenset({"sub_kegiatan"}), allows=frozenset({ITEM}), shape=kinds.ITEM_TEXT),
    FieldRule("item", kinds.LONG_TEXT, levels=frozenset({"many"}), allows=frozenset({ITEM}), shape=kinds.ITEM_TEXT),
    FieldRule("indikator", kinds.LONG_TEXT, INDIKATOR, allows=_LEVELS_ALLOWED | {SASARAN, TUJUAN}, shape=kinds.INDICATOR_TEXT),
    FieldRule("satuan", kinds.SHORT_TEXT, SATUAN, shape=kinds.UNIT_TEXT),
    FieldRule("formula", kinds.LONG_TEXT, FORMULA, allows=_LEVELS_ALLOWED | {INDIKATOR, SATUAN}, shape=kinds.FORMULA_TEXT),
    FieldRule("keterangan", kinds.REMARK, KETERANGAN),
    FieldRule("penanggung_jawab", kinds.SHORT_TEXT, PENANGGUNG_JAWAB),
)}


def value_rule(name: str, measure: str, dimension: str, needs=(), without=(), per_quarter: bool = False, needs_one=()) -> FieldRule:
    content = kinds.PERCENTAGE if measure == CAPAIAN else kinds.MONEY if dimension == ANGGARAN else kinds.NUMBER
    return FieldRule(name, content, measure=measure, dimension=dimension, needs=frozenset(needs), without=frozenset(without),
                     per_quarter=per_quarter, needs_one=frozenset(needs_one))


_PLAN_SCOPES = (RENSTRA, LALU)
for _measure in MEASURES:
    for _dimension, _suffix in ((KINERJA, "kinerja"), (ANGGARAN, "pagu")):
        # This year's values: the one-quarter form's, and the Renja form's target and capaian.
        RULES[f"{_measure}_{_suffix}"] = value_rule(f"{_measure}_{_suffix}", _measure, _dimension, without=_PLAN_SCOPES)
        RULES[f"{_measure}_renstra_{_suffix}"] = value_rule(f"{_measure}_renstra_{_suffix}", _measure, _dimension,
                                                            needs=[RENSTRA], without=[LALU])
for _dimension, _suffix in ((KINERJA, "kinerja"), (ANGGARAN, "pagu")):
    # The Renja form's quarters, the year's total and the Renstra up to last year.
    RULES[f"realisasi_{_suffix}:quarter"] = value_rule("realisasi_" + _suffix, REALISASI, _dimension, without=_PLAN_SCOPES, per_quarter=True)
    RULES[f"realisasi_tahun_{_suffix}"] = value_rule(f"realisasi_tahun_{_suffix}", REALISASI, _dimension, without=(*_PLAN_SCOPES, QUARTER))
    # Realised up to last year: the Renstra's, named so or as a running total (`s/d Tahun 2025` in a 2026 report).
    RULES[f"realisasi_renstra_lalu_{_suffix}"] = value_rule(f"realisasi_renstra_lalu_{_suffix}", REALISASI, _dimension, needs=[LALU],
                                                            needs_one=[RENSTRA, CUMULATIVE])


@dataclass
class PathReading:
    """What a column's header path says, read once for all fields."""

    cells: list[CellReading]
    quarter: int | None = None
    strengths: dict[str, float] = field(default_factory=dict)  # concept -> strength over the path (groups weighed less)
    levels: dict[str, float] = field(default_factory=dict)  # hierarchy levels named -> strength
    measure: dict[str, float] = field(default_factory=dict)
    dimension: dict[str, float] = field(default_factory=dict)
    user_fields: frozenset[str] = frozenset()
    measured_by: str | None = None  # a kind of column read as the measure (`Sasaran Kinerja`): no rival of it
    dated: int | None = None  # the year before the report's that its words date the values to (`s/d Tahun 2025`)
    up_to: bool = False  # its quarter ends a span (`Realisasi ... s/d Triwulan IV`): a total up to that quarter

    @property
    def text(self) -> str:
        return " > ".join(" ".join(c.text.split()) for c in self.cells)


def read_path(cells: list[CellReading]) -> PathReading:
    # `1` .. `4` right under a cell naming quarters (`Realisasi Triwulan I s/d IV` > `2`) labels a
    # quarter; any other lone number is the column's number.
    labelled = None
    for above, cell in zip(cells, cells[1:]):
        if cell.column_number and cell.text.strip() in ("1", "2", "3", "4") and (above.quarter_range or QUARTER in above.concepts):
            labelled = int(cell.text.strip())
            break
    cells = [c for c in cells if c.text.strip() and not c.column_number]
    reading = PathReading(cells, quarter=labelled)
    for depth, cell in enumerate(cells):
        weight = 1.0 if depth == len(cells) - 1 else GROUP_WEIGHT
        for hit in cell.hits:
            for concept in hit.concepts:
                reading.strengths[concept] = max(reading.strengths.get(concept, 0.0), hit.strength * weight)
        for level, strength in _levels(cell).items():
            reading.levels[level] = max(reading.levels.get(level, 0.0), strength * weight)
        if cell.quarter is not None:
            reading.quarter, reading.up_to = cell.quarter, cell.up_to
        reading.user_fields |= cell.fields
    reading.measure = _lowest(cells, MEASURES, first_only=True)
    if not reading.measure and reading.strengths.get(PLANNED):
        reading.measure = {TARGET: 0.8 * reading.strengths[PLANNED]}
    if not reading.measure and reading.strengths.get(SASARAN):
        reading.measure = {TARGET: 0.6 * reading.strengths[SASARAN]}  # `Sasaran Kinerja`: a target, where it holds numbers
        reading.measured_by = SASARAN
    if not reading.measure and reading.strengths.get(PERCENT):
        reading.measure = {CAPAIAN: 0.5 * reading.strengths[PERCENT]}
    reading.dimension = _lowest(cells, DIMENSIONS, first_only=False)
    named_dimension = bool(reading.dimension)
    if reading.dimension and reading.quarter is not None and not any(cells[-1].strength(d) for d in DIMENSIONS) and _unread(cells[-1]):
        # `Realisasi Kinerja ... > Q3 > ANGGARssN`: the words over a quarter's label span its K and its Rp
        # column alike; the column's own cell, unread, would have told which. The content tells it instead.
        reading.dimension = {}
    if REALISASI in reading.measure and _percent_beside(cells, REALISASI):
        # `Anggaran > Realisasi (%)`: the share realised, a capaian; the content tells it from a realisasi in %.
        reading.measure[CAPAIAN] = 0.8 * reading.measure[REALISASI]
    if not reading.measure and named_dimension and not _qualified_dimension(cells):
        reading.measure = _unnamed_measure(reading)
    if reading.measure.get(TARGET) and not reading.dimension and not reading.strengths.get(SASARAN):
        # `Strategic Target` over sentences: a goal (the English word is both); over numbers, a target.
        reading.strengths[SASARAN] = 0.6 * reading.measure[TARGET]
        reading.measured_by = SASARAN
    return reading


def _qualified_dimension(cells: list[CellReading]) -> bool:
    """The lowest cell naming a dimension names it after a head noun of its own (`Sumber Dana`: where the
    money comes from, no amount)."""
    for cell in reversed(cells):
        hits = [h for h in cell.hits if h.concepts & set(DIMENSIONS)]
        if hits:
            words = tokens(cell.text)
            return any(0 < h.position <= len(words) and words[h.position - 1] in HEAD_NOUNS for h in hits)
    return False


def _unread(cell: CellReading) -> bool:
    """A cell of words of which none was read (no concept, no filler, no quarter)."""
    return cell.words > 0 and cell.known == 0 and cell.quarter is None


def dated(reading: PathReading, year: int | None) -> PathReading:
    """A header that dates its values before the report's year only (`s/d Tahun 2025` in a 2026 report) names last year."""
    if year is None:
        return reading
    years = [int(y) for c in reading.cells for y in _YEAR.findall(c.text)]
    if years and max(years) == year - 1:
        reading.strengths[LALU] = max(reading.strengths.get(LALU, 0.0), DATED_LALU)
        reading.dated = year - 1
    return reading


def evaluated_year(readings: list[PathReading]) -> int | None:
    """The year a header names as the one evaluated (`Renja ... yang dievaluasi (2026)`), for a report without a dated title."""
    years = [int(y) for r in readings for c in r.cells if c.strength(RENJA) > 0 for y in _YEAR.findall(c.text)]
    return max(years) if years else None


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
DATED_LALU = 0.8


def _percent_beside(cells: list[CellReading], measure: str) -> bool:
    """The lowest cell naming the measure also carries `%` or a word for percent."""
    for cell in reversed(cells):
        if cell.strength(measure) > 0:
            return cell.strength(PERCENT) > 0
    return False


def _unnamed_measure(reading: PathReading) -> dict[str, float]:
    """A value column whose header names its dimension but no measure (`Jumlah Anggaran`, `Kinerja >
    Hasli`): any measure, weakly, for the content and the other columns of the block to settle. A
    quarter's column is its realisation; a budget alone is the budget planned (the year's pagu)."""
    if reading.quarter is not None:
        return {REALISASI: UNNAMED_MEASURE}
    guessed = {m: UNNAMED_MEASURE for m in MEASURES}
    if set(reading.dimension) == {ANGGARAN}:
        guessed[TARGET] = UNNAMED_BUDGET
    return guessed


def _levels(cell: CellReading) -> dict[str, float]:
    """The hierarchy levels a cell names: `Sub Kegiatan` is one level, `Kegiatan/Sub Kegiatan` two."""
    found: dict[str, float] = {}
    hits = sorted(cell.hits, key=lambda h: h.position)
    skip = False
    for i, hit in enumerate(hits):
        if skip:
            skip = False
            continue
        if SUB in hit.concepts and KEGIATAN in hit.concepts:  # `SubKegiatan`, `Su b Kegiatan` joined
            found["sub_kegiatan"] = max(found.get("sub_kegiatan", 0.0), hit.strength)
            continue
        if SUB in hit.concepts:
            following = hits[i + 1] if i + 1 < len(hits) else None
            if following is not None and KEGIATAN in following.concepts:
                found["sub_kegiatan"] = max(found.get("sub_kegiatan", 0.0), min(hit.strength, following.strength))
                skip = True
            elif following is None or following.position > hit.position + 1:
                # `Kegiatan/ Sub Kxgiatn`: `Sub` before a word that was not read, in a list of levels: the
                # one level a `sub` heads in these forms, guessed.
                unread_next = len(tokens(cell.text)) > hit.position + 1
                if unread_next and any(LEVEL_CONCEPTS & h.concepts - {SUB} for h in hits):
                    found["sub_kegiatan"] = max(found.get("sub_kegiatan", 0.0), SUB_GUESS * hit.strength)
            continue
        for level in (URUSAN, PROGRAM, KEGIATAN):
            if level in hit.concepts:
                found[level] = max(found.get(level, 0.0), hit.strength)
    return found


def _lowest(cells: list[CellReading], choices: tuple[str, ...], first_only: bool) -> dict[str, float]:
    """The choices named by the lowest cell naming any: its first one only, or all it names."""
    for cell in reversed(cells):
        named = [c for c in choices if cell.strength(c) > 0]
        if not named:
            continue
        if first_only:
            head = cell.first(choices)
            return {head: cell.strength(head)} if head else {}
        return {c: cell.strength(c) for c in named}
    return {}


def word_score(rule: FieldRule, path: PathReading, quarter: int | None = None) -> float:
    """How strongly the header path names the field (0: not at all); 1.0 is a plain, exact naming."""
    if rule.name in path.user_fields:
        return 1.5
    if rule.is_value:
        return _value_score(rule, path, quarter)
    if rule.levels is not None:
        return _level_score(rule, path)
    own = path.strengths.get(rule.concept, 0.0)
    if not own:
        return 0.0
    rivals = [s for c, s in path.strengths.items() if c in KINDS_OF_COLUMN and c != rule.concept and c not in rule.allows]
    rivals += [s for level, s in path.levels.items() if _level_concept(level) not in rule.allows]
    return max(0.0, own - RIVAL_PENALTY * max(rivals, default=0.0))


def _level_concept(level: str) -> str:
    return SUB if level == "sub_kegiatan" else level


def _level_score(rule: FieldRule, path: PathReading) -> float:
    named = path.levels
    rivals = [s for c, s in path.strengths.items() if c in KINDS_OF_COLUMN and c not in rule.allows]
    penalty = RIVAL_PENALTY * max(rivals, default=0.0)
    if "many" in rule.levels:
        strengths = sorted(named.values(), reverse=True)
        if len(strengths) >= 2:
            return max(0.0, strengths[1] - penalty)
        item = path.strengths.get(ITEM, 0.0)  # `Uraian`: the item's name; `Nama Kegiatan` names one level
        return max(0.0, item * (0.9 if not strengths else 0.5) - penalty) if item else 0.0
    if len(named) != 1:
        return 0.0
    level, strength = next(iter(named.items()))
    return max(0.0, strength - penalty) if level in rule.levels else 0.0


def _value_score(rule: FieldRule, path: PathReading, quarter: int | None) -> float:
    measure = path.measure.get(rule.measure, 0.0)
    if not measure:
        return 0.0
    if path.dimension:
        dimension = path.dimension.get(rule.dimension, 0.0)
        if not dimension:
            return 0.0
        if len(path.dimension) > 1:
            dimension *= 0.6  # `Target Kinerja dan Anggaran`: the content tells which
    else:
        dimension = 0.6
    strengths = path.strengths
    if any(strengths.get(c, 0.0) >= 0.7 for c in rule.without if c != QUARTER):
        return 0.0
    if QUARTER in rule.without and path.quarter is not None and not path.up_to:
        return 0.0
    if any(strengths.get(c, 0.0) < 0.5 for c in rule.needs):
        return 0.0
    if rule.needs_one and max(strengths.get(c, 0.0) for c in rule.needs_one) < 0.5:
        return 0.0
    if rule.per_quarter and (path.quarter is None or path.quarter != quarter):
        return 0.0
    if rule.per_quarter and path.up_to:
        measure *= UP_TO_WEIGHT  # a total up to the quarter, beside the quarters' own columns
    rivals = [s for c, s in strengths.items() if c in KINDS_OF_COLUMN - {ITEM, path.measured_by}]
    return max(0.0, measure * dimension - RIVAL_PENALTY * max(rivals, default=0.0))
