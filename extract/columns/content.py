"""What a column's body cells say about what the column is.

The content is evidence beside the header words: long text or short text or
numbers; among numbers, percentages (0-250, often with decimals), money
(integer amounts of five digits or more) or counts; a row number; a printed
code (`1.02.01.2.01`). Among long texts, the shape of the first word tells an
indicator (`Persentase ...`, `Jumlah ...`), a goal or target (`Meningkatnya
...`: me-/ter- ... -nya), an item (`Penyusunan ...`: pe-an, or `PROGRAM ...`)
and a formula (`x 100`, a fraction) apart.

Each kind of content gets a score from -1 (the content rules it out) to 1
(the content is just that); 0 when there is nothing to tell (an empty column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from rekon.extract.numbers import CellKind, Convention, parse_cell, vote

# Kinds of content a field may hold.
LONG_TEXT, SHORT_TEXT, REMARK, NUMBER, MONEY, PERCENTAGE, ORDINAL, CODE = (
    "long_text", "short_text", "remark", "number", "money", "percentage", "ordinal", "code")
# Shapes of long text.
INDICATOR_TEXT, GOAL_TEXT, ITEM_TEXT, FORMULA_TEXT = "indicator_text", "goal_text", "item_text", "formula_text"
UNIT_TEXT = "unit_text"  # a short text that names a unit of measure

MONEY_FLOOR = 10_000  # rupiah amounts in these reports are larger; counts and percentages rarely are
_INDICATOR_START = re.compile(
    r"^(persentase|persen|prosentase|jumlah|indeks|index|rasio|ratio|tingkat|cakupan|nilai|angka|prevalensi|rata|proporsi|"
    r"predikat|opini|skor|banyaknya|luas|panjang|kepuasan|number|percentage|rate|share|total|laju|usia|lama|waktu|"
    r"tersedia|terselenggara|terlaksana|terpenuhi)", re.IGNORECASE)
_GOAL_START = re.compile(r"^(me|ter|ber)\w+nya\b|^(terwujud|meningkat|menurun|tercapai|terkendali|optimal)", re.IGNORECASE)
_ITEM_START = re.compile(r"^(pe\w+an|ke\w+an|program|kegiatan|sub\s+kegiatan|urusan|fasilitasi|administrasi|koordinasi|"
                         r"monitoring|evaluasi|rehabilitasi|sosialisasi|operasi|dukungan|layanan|bimbingan|penyediaan)\b",
                         re.IGNORECASE)
_FORMULA_MARK = re.compile(r"x\s*100|[×÷/]|\bdibagi\b|\bbagi\b|\bdikali\b|-{4,}|\bjumlah\b.*\bjumlah\b", re.IGNORECASE)
# A unit of measure: `%`, or one word in lower or title case (`Dokumen`, `orang`, `Km`), not an agency's
# acronym (`DPPPA`); the few units of a table repeat down its column.
_UNIT = re.compile(r"^(%|[A-Z]?[a-z]+\.?( ?/ ?[A-Za-z]+)?)$")
UNIT_DISTINCT = 0.5
_CODE = re.compile(r"^[\dX]{1,2}(\.[\dX]{1,2}){2,}(\.\d+)*$")
# Possessive (*+): a long run of digits has exponentially many splits into \d{1,3}; backtracking into them never helps.
_ORDINAL = re.compile(r"^(\d{1,3}|[a-z]|[ivx]{1,4})[.)]?(\d{1,3}[.)]?)*+$", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnContent:
    """A summary of a column's body cells."""

    cells: int = 0  # body cells seen
    filled: int = 0  # of those, not empty and not a dash
    numeric: float = 0.0  # share of filled cells that are numbers
    money: float = 0.0  # share of numbers that are integer amounts >= MONEY_FLOOR
    percent_range: float = 0.0  # share of numbers between 0 and 250
    decimals: float = 0.0  # share of numbers with a fractional part
    small_integers: float = 0.0  # share of numbers that are integers below 1000
    words: float = 0.0  # median words per filled text cell
    long: float = 0.0  # share of filled cells of four words or more
    upper: float = 0.0  # share of letters in upper case
    distinct: float = 1.0  # distinct texts / filled cells
    codes: float = 0.0
    ordinals: float = 0.0
    indicator_text: float = 0.0
    goal_text: float = 0.0
    item_text: float = 0.0
    formula_text: float = 0.0
    unit_text: float = 0.0
    values: tuple[Decimal | None, ...] = ()  # each cell's number (None where none), for relations between columns


def profile(texts: list[str]) -> ColumnContent:
    """The summary of one column's body cells (one text per body row, empty where none)."""
    cleaned = [" ".join(t.split()) for t in texts]
    filled = [t for t in cleaned if t and t not in ("-", "–", "—")]
    if not filled:
        return ColumnContent(cells=len(texts), values=tuple(None for _ in texts))
    convention = vote(filled) or Convention.DOT_THOUSANDS
    parsed = [parse_cell(t, convention) if t else None for t in cleaned]
    values = tuple(p.value if p is not None and p.kind is CellKind.NUMBER else None for p in parsed)
    numbers = [v for v in values if v is not None]
    texts_only = [t for t, v in zip(cleaned, values) if t and v is None and t not in ("-", "–", "—")]
    words = [len(t.split()) for t in texts_only]
    letters = [ch for t in texts_only for ch in t if ch.isalpha()]

    def share(items: list, test) -> float:
        return sum(1 for i in items if test(i)) / len(items) if items else 0.0

    return ColumnContent(
        cells=len(texts),
        filled=len(filled),
        numeric=len(numbers) / len(filled),
        money=share(numbers, lambda v: abs(v) >= MONEY_FLOOR and v == v.to_integral_value()),
        percent_range=share(numbers, lambda v: 0 <= v <= 250),
        decimals=share(numbers, lambda v: v != v.to_integral_value()),
        small_integers=share(numbers, lambda v: v == v.to_integral_value() and abs(v) < 1000),
        words=median(words) if words else 0.0,
        long=share(texts_only, lambda t: len(t.split()) >= 4),
        upper=sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0,
        distinct=len(set(filled)) / len(filled),
        codes=share(filled, lambda t: bool(_CODE.match(t.replace(" ", "")))),
        ordinals=share(filled, lambda t: bool(_ORDINAL.match(t.replace(" ", "")))),
        indicator_text=share(texts_only, lambda t: bool(_INDICATOR_START.match(t))),
        goal_text=share(texts_only, lambda t: bool(_GOAL_START.match(t))),
        item_text=share(texts_only, lambda t: bool(_ITEM_START.match(t))),
        formula_text=share(texts_only, lambda t: bool(_FORMULA_MARK.search(t))),
        unit_text=share(texts_only, lambda t: bool(_UNIT.match(t))) if len(set(texts_only)) <= UNIT_DISTINCT * len(texts_only) else 0.0,
        values=values,
    )


def kind_score(kind: str, content: ColumnContent) -> float:
    """How well the column's content fits a kind of field, from -1 to 1 (0: nothing to tell)."""
    if content.filled == 0:
        return 0.0
    text = 1.0 - content.numeric
    if kind == LONG_TEXT:
        return _clip(text * 2 - 1) * 0.5 + _clip(content.long * 2 - 0.6) * 0.5 - content.codes
    if kind == SHORT_TEXT:
        short = 1.0 if content.words <= 3 else 0.0
        return _clip(text * 2 - 1) * 0.5 + (short - content.long) * 0.5
    if kind == REMARK:
        return _clip(text * 2 - 1) * 0.4 + (0.2 if content.filled < content.cells * 0.6 else 0.0)
    if kind == CODE:
        return _clip(content.codes * 2 - 1)
    if kind == ORDINAL:
        return _clip(content.ordinals * 2 - 1) - content.money - content.long
    numeric = _clip(content.numeric * 2 - 1)
    if kind == MONEY:
        return numeric * 0.4 + _clip(content.money * 2 - 1) * 0.6 if content.numeric > 0.5 else numeric
    if kind == PERCENTAGE:
        fit = _clip(content.percent_range * 2 - 1) * 0.6 + content.decimals * 0.4 - content.money
        return numeric * 0.4 + fit * 0.6 if content.numeric > 0.5 else numeric
    if kind == NUMBER:
        return numeric * 0.5 + _clip(1 - content.money * 2) * 0.5 if content.numeric > 0.5 else numeric
    return 0.0


def shape_score(shape: str, content: ColumnContent) -> float:
    """How much the first words of a text column look like an indicator, a goal, an item or a formula (0 to 1)."""
    return {INDICATOR_TEXT: content.indicator_text, GOAL_TEXT: content.goal_text, ITEM_TEXT: content.item_text,
            FORMULA_TEXT: content.formula_text, UNIT_TEXT: content.unit_text}.get(shape, 0.0)


def ratio_share(result: ColumnContent, numerator: ColumnContent, denominator: ColumnContent) -> float:
    """Share of rows where `result` = numerator / denominator x 100 (as printed, to 1%); 0 when under 3 such rows."""
    checked = agreed = 0
    for r, n, d in zip(result.values, numerator.values, denominator.values):
        if r is None or n is None or d is None or d == 0:
            continue
        checked += 1
        expected = n / d * 100
        if abs(expected - r) <= max(Decimal("0.01") * abs(expected), Decimal("0.6")):
            agreed += 1
    return agreed / checked if checked >= 3 else 0.0


def _clip(value: float) -> float:
    return max(-1.0, min(1.0, value))
