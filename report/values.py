"""Values as the report shows them: numbers in the reader's convention, severities in order."""

from __future__ import annotations

import functools
import math

from babel import Locale
from babel.numbers import parse_pattern

SEVERITIES = ["error", "warning", "info"]
NUMBER_LOCALES = {"id": "id_ID", "en": "en_US"}
NUMBER_PATTERN = "#,##0.######"  # as many decimals as printed, up to six: 115.810219 stays whole
_PATTERN = parse_pattern(NUMBER_PATTERN)  # parsed once: babel's format_decimal parses it at every call


@functools.lru_cache(maxsize=None)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def number_text(text: str, lang: str) -> str:
    """A CSV number in the reader's convention (1.095.856.511 in Indonesian); any other text as is."""
    stripped = text.lstrip("'")  # rules' CSV neutralises formula-like text with an apostrophe
    try:
        value = float(stripped)
    except ValueError:
        return stripped
    if math.isnan(value) or math.isinf(value):
        return stripped
    return _PATTERN.apply(value, _locale(NUMBER_LOCALES.get(lang, "id_ID")))


def to_float(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def severity_rank(severity: str) -> int:
    """error < warning < info < anything unknown."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def findings_in_reading_order(findings) -> list[dict]:
    """The findings (a DataFrame) as records, worst first, then by rule, quarter and row: the order
    report.html and the review page show them in."""
    records = findings.to_dict("records")
    records.sort(key=lambda f: (severity_rank(f["severity"]), f["rule"], f["quarter"], f["row_id"]))
    return records
