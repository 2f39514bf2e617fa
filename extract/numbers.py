"""Printed numbers: which convention a document uses, and what a cell's value is.

Reports write either `9,756,893,547` / `25.00` (comma thousands, dot decimals)
or `9.756.893.547` / `25,00`. A lone cell such as `2,070` or `115.810` cannot
tell which, so the convention is decided per column from the unambiguous
cells, falling back to the whole document; babel then parses strictly.

A cell that the column's convention cannot read but that carries two or more
group separators of the other kind (`865,864,750` among `1.234.567`) or both
kinds in the other order is unambiguous: it is read in the other convention and
marked, so that the mixed convention is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cached_property, lru_cache

from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal


class Convention(str, Enum):
    COMMA_THOUSANDS = "en_US"  # 9,756,893,547 and 25.00
    DOT_THOUSANDS = "id_ID"  # 9.756.893.547 and 25,00


CONVENTION_NAMES = {Convention.COMMA_THOUSANDS: "1,234,567.89", Convention.DOT_THOUSANDS: "1.234.567,89"}


EMPTY_MARKS = {"", "-", "–", "—"}
SPREADSHEET_ERRORS = ("#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#####")

_NUMBER_SHAPE = re.compile(r"^\d[\d.,]*$")
_MANY_COMMAS = re.compile(r"^\d{1,3}(,\d{3}){2,}$")
_MANY_DOTS = re.compile(r"^\d{1,3}(\.\d{3}){2,}$")
_DOT_DECIMAL = re.compile(r"^\d+\.(\d{1,2}|\d{4,})$")  # `25.00`, `115.810219`: not a thousands group
_COMMA_DECIMAL = re.compile(r"^\d+,(\d{1,2}|\d{4,})$")
_BOTH_EN = re.compile(r"^\d{1,3}(,\d{3})+\.\d+$")
_BOTH_ID = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")


def _core(text: str) -> str:
    """The digits and separators of a cell, without sign, parentheses, percent or spaces."""
    core = text.strip().replace(" ", "")
    core = core.removesuffix("%").strip("()").lstrip("+-")
    return core


@lru_cache(maxsize=1 << 16)  # a document's column votes read the same texts again
def evidence(text: str) -> Convention | None:
    """The convention a single cell proves, or None when it fits both (or is no number)."""
    core = _core(text)
    if not _NUMBER_SHAPE.match(core):
        return None
    if _MANY_COMMAS.match(core) or _DOT_DECIMAL.match(core) or _BOTH_EN.match(core):
        return Convention.COMMA_THOUSANDS
    if _MANY_DOTS.match(core) or _COMMA_DECIMAL.match(core) or _BOTH_ID.match(core):
        return Convention.DOT_THOUSANDS
    return None


def vote(cells: Iterable[str]) -> Convention | None:
    """The convention most unambiguous cells prove; None when none proves any."""
    counts = Counter(filter(None, map(evidence, cells)))
    if not counts:
        return None
    (best, n), *rest = counts.most_common()
    if rest and rest[0][1] == n:
        return None
    return best


class CellKind(str, Enum):
    NUMBER = "number"
    EMPTY = "empty"
    SPREADSHEET_ERROR = "spreadsheet_error"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ParsedCell:
    kind: CellKind
    value: Decimal | None
    raw: str
    other_convention: Convention | None = None  # set when read in the convention the column does not use

    @cached_property  # a parsed cell is shared by every cell printing the same text (parse_cell's cache)
    def plain(self) -> str:
        """The value as written to rows.csv: `9756893547`, `25.0`; empty when no number."""
        if self.value is None:
            return ""
        if self.value == self.value.to_integral_value() and self.value.as_tuple().exponent >= 0:
            return str(int(self.value))
        return repr(float(self.value))


# Babel parses the locale name on every call; the two locales are parsed once.
_LOCALES = {convention: Locale.parse(convention.value) for convention in Convention}


# A document prints the same numbers again and again (`100`, `0`, a program's budget on each of its rows);
# a run reads them in every file: each distinct text is parsed once (babel's strict parse is the cost).
@lru_cache(maxsize=1 << 16)
def parse_cell(text: str, convention: Convention) -> ParsedCell:
    raw = text.strip()
    if raw in EMPTY_MARKS:
        return ParsedCell(CellKind.EMPTY, None, raw)
    if raw.upper() in SPREADSHEET_ERRORS:
        return ParsedCell(CellKind.SPREADSHEET_ERROR, None, raw)
    compact = raw.replace(" ", "")
    negative = compact.startswith("(") and compact.endswith(")") or compact.startswith("-")
    core = _core(compact)
    if not _NUMBER_SHAPE.match(core):
        return ParsedCell(CellKind.UNREADABLE, None, raw)
    used = None
    # InvalidOperation: more digits than a Decimal holds (`1,000000000000000000000000000000`), no amount.
    try:
        value = parse_decimal(core, locale=_LOCALES[convention], strict=True)
    except (NumberFormatError, InvalidOperation):
        used = unambiguous(core)
        if used is None or used is convention:
            return ParsedCell(CellKind.UNREADABLE, None, raw)
        try:
            value = parse_decimal(core, locale=_LOCALES[used], strict=True)
        except (NumberFormatError, InvalidOperation):
            return ParsedCell(CellKind.UNREADABLE, None, raw)
    return ParsedCell(CellKind.NUMBER, -value if negative else value, raw, used)


def group_as_decimals(text: str, convention: Convention) -> bool:
    """`30,120.000` in a comma-thousands column: thousands groups, then three decimals after the decimal mark.

    Printed so, it is a number to the thousandth; read by OCR, it is as often a
    thousands separator misread as the decimal mark (`30,120,000`): doubtful.
    """
    core = _core(text.replace(" ", ""))
    marks = (",", ".") if convention is Convention.COMMA_THOUSANDS else (".", ",")
    group, decimal = (re.escape(mark) for mark in marks)  # not `\{group}` in the pattern: parso (mutmut) cannot parse it
    return bool(re.fullmatch(rf"\d{{1,3}}({group}\d{{3}})+{decimal}\d{{3}}", core))


def unambiguous(core: str) -> Convention | None:
    """The convention a number's separators alone prove: two or more groups of one kind, or
    both kinds (`1,234.5`); a single group (`2,070`, `115.810`) proves nothing."""
    if _MANY_COMMAS.match(core) or _BOTH_EN.match(core):
        return Convention.COMMA_THOUSANDS
    if _MANY_DOTS.match(core) or _BOTH_ID.match(core):
        return Convention.DOT_THOUSANDS
    return None
