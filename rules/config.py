"""The rule set: defaults from default_rules.yaml, a user's YAML merged over them, validated.

A user file may switch rules off, change a severity, a tolerance, a message or
the working-paper texts (title, condition, criterion, reference, effect,
recommendation).
It may not invent a rule or a parameter: a typo must fail loudly rather than
silently check nothing.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class RuleConfigError(ValueError):
    """A rule file that cannot be used; the message says which file, rule and key."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    severity: Severity
    enabled: bool = True
    params: dict[str, Any] = {}
    message_id: str
    message_en: str
    # Working papers (kertas kerja): each finding as kondisi, kriteria, akibat and rekomendasi.
    # `condition_*` is a template of the finding's values (report.kondisi); `reference` names the
    # regulation and article the criterion rests on, only where it was read (empty otherwise).
    title_id: str = ""
    title_en: str = ""
    condition_id: str = ""
    condition_en: str = ""
    criterion_id: str = ""
    criterion_en: str = ""
    reference: str = ""
    effect_id: str = ""
    effect_en: str = ""
    recommendation_id: str = ""
    recommendation_en: str = ""

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_id

    def text(self, name: str, lang: str) -> str:
        """One of the working-paper texts (title, condition, criterion, effect, recommendation) in `lang`."""
        return getattr(self, f"{name}_{'en' if lang == 'en' else 'id'}")


class RuleOverride(BaseModel):
    """What a user file may say about one rule: every field optional."""

    model_config = ConfigDict(extra="forbid")

    severity: Severity | None = None
    enabled: bool | None = None
    params: dict[str, Any] | None = None
    message_id: str | None = None
    message_en: str | None = None
    title_id: str | None = None
    title_en: str | None = None
    condition_id: str | None = None
    condition_en: str | None = None
    criterion_id: str | None = None
    criterion_en: str | None = None
    reference: str | None = None
    effect_id: str | None = None
    effect_en: str | None = None
    recommendation_id: str | None = None
    recommendation_en: str | None = None


class RuleSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    rules: dict[str, Rule]

    def enabled(self) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.enabled]

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]


def _read_yaml(text: str, origin: str) -> dict:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise RuleConfigError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules", {}), (dict, list)):
        raise RuleConfigError(f"{origin}: expected a mapping with a 'rules' key (a mapping of rule id -> settings, or a list of rules with 'id')")
    return data


def _entries(data: dict, origin: str) -> dict[str, dict]:
    """`rules:` as {id: settings}, whether written as a mapping or as a list with `id` keys."""
    rules = data.get("rules") or {}
    if isinstance(rules, dict):
        return {str(rule_id): dict(settings or {}) for rule_id, settings in rules.items()}
    entries: dict[str, dict] = {}
    for position, entry in enumerate(rules, 1):
        if not isinstance(entry, dict) or "id" not in entry:
            raise RuleConfigError(f"{origin}: rule #{position} has no 'id'")
        settings = dict(entry)
        entries[str(settings.pop("id"))] = settings
    return entries


def _pydantic_problem(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


@lru_cache(maxsize=1)
def _default_entries() -> dict[str, dict]:
    """default_rules.yaml as read: parsed once per process (each group's job asks for the rules)."""
    text = resources.files("rekon.rules").joinpath("default_rules.yaml").read_text(encoding="utf-8")
    return _entries(_read_yaml(text, "default_rules.yaml"), "default_rules.yaml")


def default_ruleset() -> RuleSet:
    entries = copy.deepcopy(_default_entries())  # the rules made from them are the caller's to change
    try:
        return RuleSet(rules={rule_id: Rule(id=rule_id, **settings) for rule_id, settings in entries.items()})
    except ValidationError as exc:  # a broken package, not a user error
        raise RuleConfigError(f"default_rules.yaml: {_pydantic_problem(exc)}") from exc


def _check_param(origin: str, rule_id: str, name: str, default: Any, value: Any) -> Any:
    """A user value must have the type of the default (a tolerance stays a non-negative number)."""
    where = f"{origin}: rule '{rule_id}', param '{name}'"
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RuleConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleConfigError(f"{where}: expected a number, got {value!r}")
        if value < 0:
            raise RuleConfigError(f"{where}: must not be negative, got {value!r}")
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise RuleConfigError(f"{where}: expected a list, got {value!r}")
        inner = default[0] if default else None
        if isinstance(inner, list) and not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value):
            raise RuleConfigError(f"{where}: expected a list of lists of text, got {value!r}")
        if isinstance(inner, str) and not all(isinstance(v, str) for v in value):
            raise RuleConfigError(f"{where}: expected a list of text, got {value!r}")
        return value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise RuleConfigError(f"{where}: expected text, got {value!r}")
        if name.endswith("severity") and value not in SEVERITY_ORDER:
            raise RuleConfigError(f"{where}: expected one of {sorted(SEVERITY_ORDER)}, got {value!r}")
        return value
    return value


def merge(defaults: RuleSet, data: dict, origin: str) -> RuleSet:
    rules = dict(defaults.rules)
    for rule_id, settings in _entries(data, origin).items():
        if rule_id not in rules:
            known = ", ".join(sorted(rules))
            raise RuleConfigError(f"{origin}: unknown rule id '{rule_id}' (known rules: {known})")
        try:
            override = RuleOverride(**settings)
        except ValidationError as exc:
            raise RuleConfigError(f"{origin}: rule '{rule_id}': {_pydantic_problem(exc)}") from exc
        base = rules[rule_id]
        params = dict(base.params)
        for name, value in (override.params or {}).items():
            if name not in base.params:
                known = ", ".join(sorted(base.params)) or "none"
                raise RuleConfigError(f"{origin}: rule '{rule_id}': unknown param '{name}' (known params: {known})")
            params[name] = _check_param(origin, rule_id, name, base.params[name], value)
        changes = {k: v for k, v in override.model_dump(exclude_none=True).items() if k != "params"}
        rules[rule_id] = base.model_copy(update={**changes, "params": params})
    return RuleSet(rules=rules)


def load_ruleset(user_yaml: Path | str | None = None) -> RuleSet:
    """The default rules, with the user's file (if any) merged over them."""
    defaults = default_ruleset()
    if user_yaml is None:
        return defaults
    path = Path(user_yaml)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleConfigError(f"{path}: cannot read the rule file: {exc.strerror or exc}") from exc
    return merge(defaults, _read_yaml(text, str(path)), str(path))
