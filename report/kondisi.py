"""Kondisi: a finding told as a sentence an auditor can file, from its values and its row.

The rule's `condition_*` template (default_rules.yaml) says what happened; this module fills it
with the finding's period, the item and indicator it is about, and each value with its unit:
money as `Rp 1.234.567`, achievements as `33,33%`, performance with the indicator's unit
(`3 Dokumen`), names and texts in quotes. A rule without a template (a user's new rule) gets a
sentence from its field, expected and printed values, never the raw message alone.
"""

from __future__ import annotations

import math
import string

from rekon.report.values import number_text
from rekon.rules.finding_messages import FIELD_LABELS

LEVEL_NAMES = {
    "id": {"tujuan": "tujuan", "sasaran": "sasaran", "program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan", "total": "baris total"},
    "en": {"tujuan": "goal", "sasaran": "objective", "program": "programme", "kegiatan": "activity", "sub_kegiatan": "sub-activity", "total": "total row"},
}
QUARTER_WORDS = {"id": "TW {roman}", "en": "Q{number}"}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
WORDS = {
    "id": {"indicator": "indikator", "empty": "kosong", "points": " poin persen", "of": "pada"},
    "en": {"indicator": "indicator", "empty": "empty", "points": " percentage points", "of": "in"},
}
GENERIC = {
    "id": "Pada {period}, {field} {subject} tercetak {actual}, seharusnya {expected}.",
    "en": "In {period}, the {field} of {subject} is printed as {actual}, expected {expected}.",
}
VALUE_FIELDS = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def quarter_words(quarter: object, lang: str) -> str:
    try:
        number = int(float(str(quarter)))
    except (TypeError, ValueError):
        return ""
    return QUARTER_WORDS[_lang(lang)].format(roman=_ROMAN.get(number, str(number)), number=number)


def unit_of(field: str) -> str:
    """money | percent | performance | text: how a field's value is written."""
    if field.startswith("capaian"):
        return "percent"
    if field.endswith("_pagu"):
        return "money"
    if field.endswith("_kinerja"):
        return "performance"
    return "text"


def _is_number(text: str) -> bool:
    try:
        return not math.isnan(float(text.lstrip("'")))
    except ValueError:
        return False


def value_text(text: str, field: str, lang: str, satuan: str = "") -> str:
    """One value with its unit; an empty value says so."""
    lang = _lang(lang)
    text = (text or "").strip()
    if not text:
        return f"({WORDS[lang]['empty']})"
    unit = unit_of(field)
    if not _is_number(text):
        return f"“{text}”" if unit == "text" else text  # a name, or a spreadsheet error such as #DIV/0!
    number = number_text(text, lang)
    if unit == "money":
        return f"Rp {number}"
    if unit == "percent":
        return f"{number}%"
    if unit == "performance" and satuan:
        return f"{number} {satuan}"
    return number


def difference_text(text: str, field: str, lang: str, satuan: str = "") -> str:
    """The size of a difference (the sentence says which way), with the field's unit."""
    if not _is_number(text or ""):
        return ""
    unit = unit_of(field)
    magnitude = round(abs(float(text)), 2 if unit == "percent" else 6)  # achievements are printed to 2 decimals
    plain = number_text(f"{magnitude:f}".rstrip("0").rstrip("."), lang)
    if unit == "money":
        return f"Rp {plain}"
    if unit == "percent":
        return plain + WORDS[_lang(lang)]["points"]
    if unit == "performance" and satuan:
        return f"{plain} {satuan}"
    return plain


def level_of(finding: dict, row: dict | None) -> str:
    level = (row or {}).get("level", "")
    if level:
        return level
    return next((name for name in ("sub_kegiatan", "kegiatan", "program") if finding.get(name)), "")


def item_text(finding: dict, row: dict | None, lang: str) -> str:
    """`sub kegiatan “Penyediaan Gaji”`: the item a finding is about, by its level."""
    lang = _lang(lang)
    level = level_of(finding, row)
    source = {**(row or {}), **{k: v for k, v in finding.items() if k in ("program", "kegiatan", "sub_kegiatan") and v}}
    name = source.get(level, "") if level in ("program", "kegiatan", "sub_kegiatan", "sasaran", "tujuan") else ""
    label = LEVEL_NAMES[lang].get(level, level)
    return f"{label} “{name}”" if name else label


def subject_text(finding: dict, row: dict | None, lang: str) -> str:
    """The item and its indicator: `sub kegiatan “X”, indikator “Y”`."""
    indikator = finding.get("indikator") or (row or {}).get("indikator", "")
    item = item_text(finding, row, lang)
    if indikator:
        return f"{item}, {WORDS[_lang(lang)]['indicator']} “{indikator}”" if item else f"{WORDS[_lang(lang)]['indicator']} “{indikator}”"
    return item


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:  # a user's template naming an unknown value keeps it as written
        return "{" + key + "}"


def placeholders(finding: dict, row: dict | None, lang: str) -> dict:
    lang = _lang(lang)
    row = row or {}
    field = finding.get("field", "")
    satuan = row.get("satuan", "")
    year = str(row.get("year", "") or "").strip()
    quarter = quarter_words(finding.get("quarter", ""), lang)
    label = FIELD_LABELS.get(field, {}).get(lang) or LEVEL_NAMES[lang].get(field) or field.replace("_", " ")
    values = _Placeholders(
        period=" ".join(filter(None, (quarter, year))),
        year=year,
        quarter=quarter,
        previous_quarter=quarter_words(finding.get("previous_quarter", ""), lang),
        subject=subject_text(finding, row, lang),
        item=item_text(finding, row, lang),
        level=LEVEL_NAMES[lang].get(field) or LEVEL_NAMES[lang].get(level_of(finding, row), ""),
        field=label,
        satuan=satuan,
        expected=value_text(finding.get("expected", ""), field, lang, satuan),
        actual=value_text(finding.get("actual", ""), field, lang, satuan),
        difference=difference_text(finding.get("difference", ""), field, lang, satuan),
    )
    for name in VALUE_FIELDS:
        values[name] = value_text(row.get(name, ""), name, lang, satuan)
    return values


def kondisi(finding: dict, row: dict | None, template: str, lang: str) -> str:
    """The finding as one readable sentence (the rule's condition template, or a generic one)."""
    values = placeholders(finding, row, lang)
    text = string.Formatter().vformat(template or GENERIC[_lang(lang)], (), values)
    text = " ".join(text.split())
    return text[0].upper() + text[1:] if text else text
