"""Which separator a number read by OCR prints, where its readings agree on the digits but not on comma or period.

A comma and a period differ by a few pixels (a comma's tail); blurred, grained or
binarised, readings of one number see one or the other (`15,375,000` on the page,
`15.375.000` enlarged). Which one a column prints is told by its other cells:
those whose readings all see the same marks vote (`numbers.vote`), the page's
cells where the column's cells prove nothing. Of the readings, those that read
as a number in that convention, strictly (not in the other convention, not
thousands groups ending in three decimals: `numbers.group_as_decimals`), settle
the value when they all give one value; when they give two (`1,234` and
`1.234`), the separator decides the value and the readings do not agree on it:
no value is sure. Only on a fine scan (`confirm.outvoting`): on a coarse one the
readings that differ in their marks have also agreed on a wrong digit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rekon.extract.numbers import CellKind, Convention, group_as_decimals, parse_cell, vote

UNSETTLED = -1  # the readings give two values in the column's convention


def _separators(text: str) -> str:
    return "".join(c for c in text if c in ",.")


def unanimous_text(readings: Sequence[str]) -> str | None:
    """The text of readings that are numbers agreeing on their marks too (separators included); None otherwise."""
    numbers = [text for text in readings if text and any(c.isdigit() for c in text)]
    if len(numbers) < 2 or len({_separators(text) for text in numbers}) > 1:
        return None
    return numbers[0]


def column_conventions(unanimous: dict[object, list[str]]) -> dict[object, Convention | None]:
    """The convention of each column (key -> texts whose readings all agree), the page's where a column proves none."""
    page = vote(text for texts in unanimous.values() for text in texts)
    return {key: vote(texts) or page for key, texts in unanimous.items()}


def _strict_value(text: str, convention: Convention):
    parsed = parse_cell(text, convention)
    if parsed.kind is not CellKind.NUMBER or parsed.other_convention is not None or group_as_decimals(text, convention):
        return None
    return parsed.value


def _value_said(text: str, convention: Convention):
    """The value a reading's marks say in the convention, though a group be malformed (`267346,288`: a mark lost).

    None where the marks say none: two decimal marks, a group mark after the
    decimal one or before other than three digits (those marks were misread, and
    say nothing of which value), or thousands groups ending in three decimals
    (`group_as_decimals`: taken for a thousands mark misread, as the rows do).
    """
    group, decimal = (",", ".") if convention is Convention.COMMA_THOUSANDS else (".", ",")
    core = text.replace(" ", "")
    if group_as_decimals(core, convention) or core.count(decimal) > 1:
        return None
    parts = re.split(r"([.,])", core)
    for position in range(1, len(parts) - 1, 2):
        if parts[position] == group and (decimal in parts[:position] or len(parts[position + 1].rstrip(")%")) != 3):
            return None
    plain = core.replace(group, "").replace(decimal, ".")
    parsed = parse_cell(plain, Convention.COMMA_THOUSANDS)  # no group mark left: read in either, the same
    return parsed.value if parsed.kind is CellKind.NUMBER else None


def settle(agreeing: list[tuple[int, str]], convention: Convention | None) -> int | None:
    """Of readings agreeing on the digits ((index, text), best first), the one the column's convention reads.

    None when the readings see the same marks, or the convention is unknown, or
    their marks say no value (left as it was: such a text is withheld
    downstream), or no reading says it well formed; UNSETTLED when the readings'
    marks say two values (`267346,288` beside `267346.288`: a thousands mark or a
    decimal one).
    """
    if convention is None or len({_separators(text) for _, text in agreeing}) < 2:
        return None
    said = {value for _, text in agreeing if (value := _value_said(text, convention)) is not None}
    if len(said) > 1:
        return UNSETTLED
    return next((index for index, text in agreeing if said and _strict_value(text, convention) in said), None)
