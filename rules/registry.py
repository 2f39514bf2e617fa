"""Rule id -> the function that checks it. A check takes the prepared report and the rule's params."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rekon.rules.rule_inputs import Report

CheckFunction = Callable[[Report, dict], pd.DataFrame]
CHECKS: dict[str, CheckFunction] = {}


def check(rule_id: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if rule_id in CHECKS:
            raise ValueError(f"two checks registered for rule '{rule_id}'")
        CHECKS[rule_id] = function
        return function

    return register
