"""The hierarchy of the rows: level, program, kegiatan and sub kegiatan of each.

Program names are upper case (or stand in their own column in TW IV). A
kegiatan and its sub kegiatan share one column, so they are told apart by
structure: a kegiatan is followed by the sub kegiatan whose pagu add up to
its own; once they do, the next item is a kegiatan again. Where the sums do
not close (real reports have such errors) the indicator's style decides: a
kegiatan measures a percentage with a fraction, a sub kegiatan counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

TOTAL_LABEL = re.compile(r"^(total|jumlah( total)?|rata-?\s?rata capaian kinerja)\b", re.IGNORECASE)
_PERCENT_STYLE = re.compile(r"^(persentase|persebtase|prosentase|indeks|rasio|capaian|tingkat)", re.IGNORECASE)


def is_total_label(text: str) -> bool:
    return bool(TOTAL_LABEL.match(text.strip()))


def is_program_name(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    upper_share = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    return text.strip().upper().startswith("PROGRAM") and upper_share > 0.8


def kegiatan_style(indikator: str, formula: str) -> bool:
    return bool(_PERCENT_STYLE.match(indikator.strip())) or "x100" in formula.replace(" ", "").lower()


@dataclass
class ItemInfo:
    """One item (program, kegiatan or sub kegiatan) as the rows show it."""

    name: str
    pagu: Decimal | None
    kegiatan_style: bool


def classify_items(items: list[ItemInfo], tolerance: Decimal = Decimal("1")) -> list[str]:
    """`kegiatan` or `sub_kegiatan` for each item of one program, in printed order."""
    levels: list[str] = []
    remaining: Decimal | None = None  # budget of the current kegiatan not yet covered by its children
    for item in items:
        if not levels:
            is_kegiatan = True
        elif remaining is None or item.pagu is None:
            # No sums to go by: the indicator's style decides.
            is_kegiatan = item.kegiatan_style
        elif abs(remaining) <= tolerance or item.pagu > remaining + tolerance:
            is_kegiatan = True  # the children are complete, or this item cannot be one of them
        else:
            # It fits in the open budget; a kegiatan-style item after a counting sub kegiatan
            # still starts a new kegiatan (the report's own sums may not close).
            is_kegiatan = item.kegiatan_style and levels[-1] == "sub_kegiatan" and not items[len(levels) - 1].kegiatan_style
        levels.append("kegiatan" if is_kegiatan else "sub_kegiatan")
        if is_kegiatan:
            remaining = item.pagu
        elif remaining is not None and item.pagu is not None:
            remaining -= item.pagu
    return levels
