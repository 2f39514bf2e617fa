"""The seed: the text layer of the four real reports, copied into data/ (it is the user's own document)."""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "data" / "seed" / "dp3akb-serang-2022.txt"

# Lines (1-based, inclusive) of each quarter's report in the seed.
SECTIONS = {1: (1, 1874), 2: (1875, 3982), 3: (3983, 5741), 4: (5742, 7606)}


def seed_text(quarter: int) -> str:
    first, last = SECTIONS[quarter]
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[first - 1 : last])
