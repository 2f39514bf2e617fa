"""The joint assignment: every column of a header gets the field that fits it best, each field once.

Each column and field (a field printed once per quarter is one field per
quarter) gets a score: how strongly the header names the field
(``fields.word_score``) plus how well the column's content fits it
(``content.kind_score``). A column whose header names a field too weakly is
not given it on content alone, except a capaian proven by its values: a column
whose values are another column's divided by a third, x 100. The assignment
that maximises the total score (``scipy.optimize.linear_sum_assignment``)
gives each field to one column at most; a column with no field scoring above
``NONE_SCORE`` keeps none and is reported. Each column's confidence is how far
its field's score stands above the best other choice it had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from rekon.extract.columns import content as kinds
from rekon.extract.columns.fields import RULES, FieldRule, PathReading, dated, evaluated_year, read_path, word_score
from rekon.extract.columns.lexicon import ANGGARAN, CAPAIAN
from rekon.extract.columns.wording import read_cell

CONTENT_WEIGHT = 0.35  # the content counts this much against the header words' 1.0
SHAPE_WEIGHT = 0.3  # the shape of a text column's first words, on top of its kind
MIN_WORDS = 0.3  # a header naming a field more weakly than this does not name it
NONE_SCORE = 0.35  # a column whose best field scores lower keeps none
RELATION_BONUS = 0.6  # a capaian proven by the values
RELATION_SHARE = 0.6  # share of rows on which the values must prove it
RELATION_ROUNDS = 3
LOW_CONFIDENCE = 0.5  # below this a column's field is reported (information)
CONTENT_ONLY = 0.1  # the score of a field a column's content alone shows (before the content's own weight)
PLAIN_SHAPE = 0.6  # share of a text column's cells that must be shaped like the field for its content alone to show it


@dataclass(frozen=True)
class HeaderColumn:
    """One column as the page shows it: its header path (top to bottom) and its body cells (one per body row)."""

    path: list[str]
    body: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " > ".join(" ".join(t.split()) for t in self.path if t.strip())


@dataclass(frozen=True)
class Slot:
    name: str  # the rows.csv field
    quarter: int | None
    rule: FieldRule

    @property
    def key(self) -> str:
        return f"{self.name}:q{self.quarter}" if self.quarter else self.name


@dataclass(frozen=True)
class Choice:
    """What one column was found to be."""

    column: int
    header: str
    field: str | None  # None: no field (the column is kept and reported)
    quarter: int | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()  # the words and content that decided it, for `rekon inspect` and problems
    wanted: str | None = None  # a field this column fitted best but another column took

    @property
    def key(self) -> str | None:
        if self.field is None:
            return None
        return f"{self.field}:q{self.quarter}" if self.quarter else self.field


def slots(fields: list[str], quarters_in_columns: bool) -> list[Slot]:
    found = []
    for name in fields:
        per_quarter = RULES.get(f"{name}:quarter")
        if quarters_in_columns and per_quarter is not None:
            found += [Slot(name, q, per_quarter) for q in (1, 2, 3, 4)]
        elif name in RULES:
            found.append(Slot(name, None, RULES[name]))
    return found


def assign(columns: list[HeaderColumn], fields: list[str], quarters_in_columns: bool = False,
           wordings: dict[str, frozenset[str]] | None = None, year: int | None = None) -> list[Choice]:
    """Each column's field, confidence and evidence (see the module's docstring); `year`: the report's, from its title."""
    candidates = slots(fields, quarters_in_columns)
    paths = [read_path([read_cell(t, wordings) for t in column.path]) for column in columns]
    year = year or evaluated_year(paths)
    paths = [dated(path, year) for path in paths]
    contents = [kinds.profile(column.body) for column in columns]
    words = np.array([[word_score(s.rule, p, s.quarter) for s in candidates] for p in paths]).reshape(len(columns), len(candidates))
    fit = np.array([[_content_score(s.rule, c) for s in candidates] for c in contents]).reshape(words.shape)
    # A column whose header names no field may still carry one its content shows plainly (an indicator's
    # `Persentase ...`, a goal's `Meningkatnya ...`), worded in words rekon does not know: given with low confidence.
    plain = np.array([[_plainly(s.rule, c) for s in candidates] for c in contents]).reshape(words.shape)
    scores = np.where(words >= MIN_WORDS, words + CONTENT_WEIGHT * fit, np.where(plain, CONTENT_ONLY + CONTENT_WEIGHT * fit, -np.inf))
    chosen = _solve(scores)
    relations: dict[tuple[int, int], float] = {}
    for _ in range(RELATION_ROUNDS):  # a relation proven may free or take the column another one needs
        found = {k: v for k, v in _relations(chosen, candidates, contents).items() if k not in relations}
        if not found:
            break
        for row, col in found:
            scores[row, col] = max(scores[row, col], words[row, col]) + RELATION_BONUS + CONTENT_WEIGHT * fit[row, col]
        relations.update(found)
        chosen = _solve(scores)
    return [_choice(i, columns[i], paths[i], contents[i], candidates, scores[i], words[i], chosen.get(i), relations)
            for i in range(len(columns))]


def _plainly(rule: FieldRule, content: kinds.ColumnContent) -> bool:
    """The content alone shows the field: a text field of its own shape, most cells shaped so."""
    return bool(rule.shape) and kinds.shape_score(rule.shape, content) >= PLAIN_SHAPE and kinds.kind_score(rule.content, content) >= 0.5


def _content_score(rule: FieldRule, content: kinds.ColumnContent) -> float:
    score = kinds.kind_score(rule.content, content)
    if rule.shape:
        score += SHAPE_WEIGHT * kinds.shape_score(rule.shape, content)
    return score


def _solve(scores: np.ndarray) -> dict[int, int]:
    """Column -> slot index maximising the total, each slot once; columns left without one are absent."""
    if scores.size == 0:
        return {}
    n_columns = scores.shape[0]
    # One `none` choice per column, worth NONE_SCORE: a field must beat it to be given.
    padded = np.hstack([scores, np.full((n_columns, n_columns), -np.inf)])
    np.fill_diagonal(padded[:, scores.shape[1]:], NONE_SCORE)
    cost = np.where(np.isfinite(padded), -padded, 1e6)
    rows, cols = linear_sum_assignment(cost)
    return {int(r): int(c) for r, c in zip(rows, cols) if c < scores.shape[1] and np.isfinite(scores[r, c])}


def _relations(chosen: dict[int, int], candidates: list[Slot], contents: list[kinds.ColumnContent]) -> dict[tuple[int, int], float]:
    """(column, slot) -> share of rows where the values prove the column's field: a capaian column's values are
    realisasi / target x 100 of that dimension; or, where a header names the capaian and the target but no column
    the realisasi (`Hasil`, a word rekon does not know), a column whose values make the capaian so is that realisasi."""
    by_key = {candidates[s].key: c for c, s in chosen.items()}
    slot_of = {s.key: i for i, s in enumerate(candidates)}
    found = {}
    for index, slot in enumerate(candidates):
        rule = slot.rule
        if rule.measure != CAPAIAN:
            continue
        suffix = "pagu" if rule.dimension == ANGGARAN else "kinerja"
        scope = slot.name[len("capaian_"):-len(suffix)]  # "" or "renstra_"
        numerator_keys = [f"realisasi_{scope}{suffix}"] + ([f"realisasi_tahun_{suffix}"] if scope == "" else [])
        numerator_key = next((k for k in reversed(numerator_keys) if k in by_key), None)
        numerator = by_key.get(numerator_key) if numerator_key else None
        denominator = by_key.get(f"target_{scope}{suffix}")
        if denominator is None:
            continue
        for column, content in enumerate(contents):
            if column == denominator or content.numeric < 0.5:
                continue
            if numerator is not None and column != numerator:
                share = kinds.ratio_share(content, contents[numerator], contents[denominator])
                if share >= RELATION_SHARE:
                    found[(column, index)] = share
            capaian = by_key.get(slot.key)
            missing = next((k for k in numerator_keys if k in slot_of), None) if numerator is None else None
            if missing is not None and capaian is not None and column != capaian:
                share = kinds.ratio_share(contents[capaian], content, contents[denominator])
                if share >= RELATION_SHARE:
                    found[(column, slot_of[missing])] = share
    return found


def _choice(index: int, column: HeaderColumn, path: PathReading, content: kinds.ColumnContent, candidates: list[Slot],
            scores: np.ndarray, words: np.ndarray, slot_index: int | None, relations: dict) -> Choice:
    finite = [(s, i) for i, s in enumerate(scores) if np.isfinite(s)]
    best_index = max(finite)[1] if finite else None
    if slot_index is None:
        wanted = candidates[best_index].key if best_index is not None and scores[best_index] >= NONE_SCORE else None
        return Choice(index, column.text, None, evidence=_evidence(path, content, None, None), wanted=wanted)
    slot = candidates[slot_index]
    mine = scores[slot_index]
    others = [s for s, i in finite if i != slot_index] + [NONE_SCORE]
    confidence = float(np.clip((mine - max(others)) / 0.6 + 0.2, 0.0, 1.0))
    confidence = round(min(confidence, mine / 0.9, 1.0), 2)
    relation = relations.get((index, slot_index))
    if words[slot_index] < MIN_WORDS:
        confidence = min(confidence, LOW_CONFIDENCE - 0.05)  # told by content alone: always said
    return Choice(index, column.text, slot.name, slot.quarter, confidence, _evidence(path, content, slot, relation))


def _evidence(path: PathReading, content: kinds.ColumnContent, slot: Slot | None, relation: float | None) -> tuple[str, ...]:
    said = []
    for cell in path.cells:
        for hit in cell.hits:
            how = "" if hit.how in ("exact", "phrase") else f" ({hit.how})"
            said.append(f"'{hit.printed}'={'+'.join(sorted(hit.concepts))}{how}")
        if cell.quarter:
            said.append(f"quarter {cell.quarter}")
        if cell.fields:
            said.append(f"layout: {', '.join(sorted(cell.fields))}")
    if path.dated:
        said.append(f"'{path.dated}'=lalu (the report's year is {path.dated + 1})")
    if content.filled:
        said.append(_content_words(content))
    if relation is not None and slot is not None:
        said.append(f"values = realisasi / target x 100 on {relation:.0%} of rows")
    return tuple(said)


def _content_words(content: kinds.ColumnContent) -> str:
    if content.numeric >= 0.5:
        if content.money >= 0.5:
            return "content: money amounts"
        if content.percent_range >= 0.8 and content.decimals >= 0.3:
            return "content: percentages"
        return "content: numbers"
    if content.codes >= 0.5:
        return "content: codes"
    if content.long >= 0.5:
        shapes = [("indicator-like", content.indicator_text), ("goal-like", content.goal_text), ("item-like", content.item_text),
                  ("formula-like", content.formula_text)]
        shape, share = max(shapes, key=lambda s: s[1])
        return f"content: long text, {shape}" if share >= 0.3 else "content: long text"
    return "content: short text"
