"""Values as the report shows them: numbers in the reader's convention, severities in order."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

SEVERITIES = ["error", "warning", "info"]
NUMBER_LOCALES = {"id": "id_ID", "en": "en_US"}
NUMBER_PATTERN = "#,##0.######"  # as many decimals as printed, up to six: 115.810219 stays whole


def number_text(text: str, lang: str) -> str:
    """A CSV number in the reader's convention (1.095.856.511 in Indonesian); any other text as is."""
    stripped = text.lstrip("'")  # rules' CSV neutralises formula-like text with an apostrophe
    try:
        value = float(stripped)
    except ValueError:
        return stripped
    if math.isnan(value) or math.isinf(value):
        return stripped
    return format_decimal(value, locale=NUMBER_LOCALES.get(lang, "id_ID"), format=NUMBER_PATTERN)


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
