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
    remaining: Decimal | None = None
    for item in items:
        closed = remaining is None or abs(remaining) <= tolerance
        too_big = item.pagu is not None and remaining is not None and item.pagu > remaining + tolerance
        if closed or too_big:
            is_kegiatan = True
        elif item.pagu is None:
            is_kegiatan = item.kegiatan_style
        else:
            # Sums still open: a child unless it looks like a kegiatan and its siblings so far do not.
            is_kegiatan = item.kegiatan_style and not (levels and levels[-1] == "kegiatan")
            if is_kegiatan and levels:
                previous_children = [i for i, lvl in zip(items, levels) if lvl == "sub_kegiatan"]
                is_kegiatan = not any(child.kegiatan_style for child in previous_children[-3:])
        if is_kegiatan:
            levels.append("kegiatan")
            remaining = item.pagu
        else:
            levels.append("sub_kegiatan")
            if remaining is not None and item.pagu is not None:
                remaining -= item.pagu
    return levels
