"""Messages for auditors: the rule's template filled with the finding, in Indonesian or English."""

from __future__ import annotations

import math
import re
import string

FIELD_LABELS = {
    "target_kinerja": {"id": "target kinerja", "en": "performance target"},
    "target_pagu": {"id": "pagu", "en": "budget ceiling (pagu)"},
    "realisasi_kinerja": {"id": "realisasi kinerja", "en": "performance realisation"},
    "realisasi_pagu": {"id": "realisasi anggaran", "en": "money spent"},
    "capaian_kinerja": {"id": "capaian kinerja", "en": "performance achievement"},
    "capaian_pagu": {"id": "capaian anggaran", "en": "budget achievement"},
    "satuan": {"id": "satuan", "en": "unit"},
    "target_renstra_kinerja": {"id": "target kinerja Renstra", "en": "Renstra performance target"},
    "target_renstra_pagu": {"id": "target anggaran Renstra", "en": "Renstra budget target"},
    "realisasi_renstra_lalu_kinerja": {"id": "realisasi kinerja Renstra s/d tahun lalu", "en": "Renstra performance realisation to last year"},
    "realisasi_renstra_lalu_pagu": {"id": "realisasi anggaran Renstra s/d tahun lalu", "en": "Renstra money spent to last year"},
    "realisasi_tahun_kinerja": {"id": "realisasi kinerja tahun ini", "en": "this year's performance realisation"},
    "realisasi_tahun_pagu": {"id": "realisasi anggaran tahun ini", "en": "this year's money spent"},
    "realisasi_renstra_kinerja": {"id": "realisasi kinerja Renstra s/d tahun ini", "en": "Renstra performance realisation to date"},
    "realisasi_renstra_pagu": {"id": "realisasi anggaran Renstra s/d tahun ini", "en": "Renstra money spent to date"},
    "capaian_renstra_kinerja": {"id": "tingkat capaian kinerja Renstra", "en": "performance achievement against the Renstra"},
    "capaian_renstra_pagu": {"id": "tingkat capaian anggaran Renstra", "en": "budget achievement against the Renstra"},
}
EMPTY = {"id": "(kosong)", "en": "(empty)"}
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def pretty_number(text: str, lang: str) -> str:
    """`9756893547` -> `9.756.893.547` (id) or `9,756,893,547` (en); decimals kept as given; other text untouched."""
    if not _PLAIN_NUMBER.match(text):
        return text
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = body.partition(".")
    grouped = f"{int(whole):,}"
    thousands, decimal = (".", ",") if lang == "id" else (",", ".")
    grouped = grouped.replace(",", thousands)
    return sign + grouped + (decimal + fraction if fraction else "")


def format_difference(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}"


class _Placeholders(dict):
    """Unknown placeholders in a user's template are left as written instead of failing the run."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def localise(value: object, lang: str) -> object:
    if isinstance(value, dict) and set(value) >= {"id", "en"}:
        return value["en" if lang == "en" else "id"]
    return value


def render(template: str, lang: str, *, field: str, expected: str, actual: str, difference: object, quarter: object, previous_quarter: object, details: dict | None) -> str:
    values = _Placeholders(
        field=localise(FIELD_LABELS.get(field, field), lang),
        expected=pretty_number(expected, lang) if expected else EMPTY[lang if lang == "en" else "id"],
        actual=pretty_number(actual, lang) if actual else EMPTY[lang if lang == "en" else "id"],
        difference=pretty_number(format_difference(difference), lang),
        quarter=_quarter(quarter, lang),
        previous_quarter=_quarter(previous_quarter, lang),
    )
    for key, value in (details or {}).items():
        value = localise(value, lang)
        values[key] = pretty_number(value, lang) if isinstance(value, str) else value
    return string.Formatter().vformat(template, (), values)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _quarter(value: object, lang: str) -> str:
    """`II` after "TW" in Indonesian, `2` after "Q" in English."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return str(number) if lang == "en" else _ROMAN.get(number, str(number))
