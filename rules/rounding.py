"""When a printed number agrees with a computed one: rounding is never a finding.

A value printed with d decimals is right when the exact value lies within half
a unit of its last digit. rows.csv gives `25.0` for a printed `25.00`, so the
decimals are read from the string we have; fewer decimals only makes the
check more lenient.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def decimals_of(text: str) -> int:
    """Digits after the decimal point of a plain decimal string (`25.0` -> 1, `60` -> 0)."""
    text = text.strip()
    if "e" in text.lower():  # repr(float) of tiny values; treat as exact to many places
        return 10
    _, dot, fraction = text.partition(".")
    return len(fraction) if dot else 0


def half_unit(texts: pd.Series) -> pd.Series:
    """Half a unit of the last printed digit, per cell (0.5 for `60`, 0.005 for `33.33`)."""
    decimals = texts.fillna("").astype(str).map(decimals_of)
    return 0.5 * np.power(10.0, -decimals.astype(float))


def agrees(printed: pd.Series, printed_text: pd.Series, computed: pd.Series, slack: pd.Series | float, tolerance: float) -> pd.Series:
    """printed == computed rounded to the printed decimals, allowing `slack` (rounding of the inputs) and `tolerance`."""
    allowed = half_unit(printed_text) + slack + tolerance
    return (printed - computed).abs() <= allowed + 1e-9


def _input_half_unit(texts: pd.Series) -> pd.Series:
    """Like half_unit, but whole numbers (`100`, `33`, money) are taken as exact: targets and counts are."""
    decimals = texts.fillna("").astype(str).map(decimals_of).astype(float)
    return (0.5 * np.power(10.0, -decimals)).where(decimals > 0, 0.0)


def ratio_slack(numerator: pd.Series, numerator_text: pd.Series, denominator: pd.Series, denominator_text: pd.Series) -> pd.Series:
    """How far numerator/denominator*100 can move when both inputs were rounded when printed."""
    dn, dd = _input_half_unit(numerator_text), _input_half_unit(denominator_text)
    with np.errstate(divide="ignore", invalid="ignore"):
        slack = (dn / denominator.abs() + numerator.abs() * dd / denominator.pow(2)) * 100
    return slack.fillna(0.0)


def format_like(value: float, printed_text: str) -> str:
    """A computed value written with the decimals of the printed one it is compared with (at least 2)."""
    if value is None or pd.isna(value):
        return ""
    decimals = max(2, decimals_of(printed_text)) if printed_text else 2
    return f"{value:.{decimals}f}"


def format_amount(value: float) -> str:
    """A sum of money or a count: an integer when it is one."""
    if value is None or pd.isna(value):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")
