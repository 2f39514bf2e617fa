"""Measure rekon's matcher against the naive baseline on the sample ground truth.

    .venv/bin/python -m reconcile.bench

Rows are made from the hand-made sources (data/source/twN.csv, through samples.truth) as a
perfect extractor would return them; a harder copy adds seeded drift (shuffled order within
items, typos, truncations, added words, rewrapping). While the sources carry no indicator_id
yet, a synthetic year is measured instead: one quarter's truth copied to four quarters with
drift, indicators dropped and added, so that every row's identity is known."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pandas as pd

from rekon.reconcile.baseline import compare_matchers, naive_match_rows
from rekon.reconcile.match import match_rows

ROW_COLUMNS = [
    "row_id", "source_file", "page", "bbox", "opd", "year", "quarter", "level", "tujuan", "sasaran",
    "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "target_kinerja",
    "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu",
    "keterangan", "budget_group", "cell_errors",
]
TEXT_COLUMNS = ["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator"]
ITEM_PATH = ["level", "sasaran", "program", "kegiatan", "sub_kegiatan"]
ADDED_WORDS = ["yang", "KB", "Daerah", "Perangkat", "Tahun", "SKPD", "dan"]


def truth_to_rows(truth: pd.DataFrame, quarter: int, opd: str = "DP3AKB", year: str = "2022") -> pd.DataFrame:
    """Truth rows (samples.truth.truth_rows) as rows.csv would hold them, plus indicator_id."""
    rows = pd.DataFrame({c: [""] * len(truth) for c in ROW_COLUMNS})
    for column in ROW_COLUMNS:
        if column in truth.columns:
            rows[column] = truth[column].astype(str).to_numpy()
    rows["row_id"] = [f"tw{quarter}:p1:r{i + 1}" for i in range(len(truth))]
    rows["source_file"] = f"tw{quarter}.pdf"
    rows["page"] = "1"
    rows["opd"], rows["year"], rows["quarter"] = opd, year, str(quarter)
    rows["budget_group"] = [f"tw{quarter}:{g}" for g in truth["budget_group"]]
    rows["indicator_id"] = truth["indicator_id"].astype(str).to_numpy()
    return rows


# --- drift -------------------------------------------------------------------------------------

def typo(text: str, rng: random.Random) -> str:
    """Drop, double or swap one letter inside a word (Informasi -> Informai)."""
    spots = [m.start() + 1 for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if not spots:
        return text
    i = rng.choice(spots) + rng.randrange(2)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:] if i + 2 <= len(text) else text


def truncate(text: str, rng: random.Random) -> str:
    """Lose the last letters of a long last word, as a clipped cell does (Kinerja -> Kinerj).
    Clipping "BKL" to "BK" would make twins indistinguishable to anyone, so short words stay."""
    last = text.split(" ")[-1]
    if len(last) < 5:
        return text
    return text[: len(text) - rng.randint(1, min(3, len(last) - 3))]


def add_word(text: str, rng: random.Random) -> str:
    """Kegiatan aktif -> Kegiatan KB yang aktif."""
    words = text.split()
    words.insert(rng.randint(1, max(1, len(words))), rng.choice(ADDED_WORDS))
    return " ".join(words)


def rewrap(text: str, rng: random.Random) -> str:
    """Glue two words (danIkhtisar) or split one (Kegia tan), as wrapping does."""
    spaces = [m.start() for m in re.finditer(" ", text)]
    if spaces and rng.random() < 0.5:
        i = rng.choice(spaces)
        return text[:i] + text[i + 1:]
    longs = [m.start() + 3 for m in re.finditer(r"[A-Za-z]{7,}", text)]
    if not longs:
        return text
    i = rng.choice(longs)
    return text[:i] + " " + text[i:]


DRIFTS = (typo, truncate, add_word, rewrap)


def drift(text: str, rng: random.Random, chance: float) -> str:
    if not text or rng.random() >= chance:
        return text
    return rng.choice(DRIFTS)(text, rng)


def harder_copy(rows: pd.DataFrame, seed: int = 0, chance: float = 0.3) -> pd.DataFrame:
    """The same rows with drift: each quarter's text changed at random (an item's name once per
    quarter, consistently for all its rows), and the order shuffled within each item."""
    rng = random.Random(seed)
    parts = []
    for quarter, block in rows.groupby("quarter", sort=True):
        block = block.copy()
        for column in TEXT_COLUMNS:
            if column == "indikator":
                block[column] = [drift(t, rng, chance) for t in block[column]]
            else:
                renamed = {name: drift(name, rng, chance / 2) for name in sorted(set(block[column]))}
                block[column] = block[column].map(renamed)
        items = [group for _, group in block.groupby(ITEM_PATH, sort=False)]
        shuffled = []
        for group in items:
            order = list(group.index)
            rng.shuffle(order)
            shuffled.append(block.loc[order])
        block = pd.concat(shuffled)
        block["row_id"] = [f"tw{quarter}:p1:r{i + 1}" for i in range(len(block))]
        parts.append(block)
    return pd.concat(parts, ignore_index=True)


def synthetic_year(truth: pd.DataFrame, seed: int = 0, dropped: float = 0.05, added: int = 4) -> pd.DataFrame:
    """Four quarters made from one quarter's truth, identities known: row i is indicator i.
    Some indicators are missing from a quarter, some are new from a later quarter on (printed
    after a row of the same item), and each quarter drifts on its own (harder_copy)."""
    rng = random.Random(seed)
    truth = truth.reset_index(drop=True).copy()
    truth["indicator_id"] = [f"i{i}" for i in range(len(truth))]
    anchors = truth.index[truth["level"] == "sub_kegiatan"].tolist()
    additions: dict[int, list[tuple[int, pd.Series]]] = {}
    for n in range(added):
        anchor = rng.choice(anchors)
        new = truth.loc[anchor].copy()
        new["indikator"] = f"Jumlah {rng.choice(['laporan', 'kegiatan', 'peserta', 'kelompok'])} {rng.choice(ADDED_WORDS)} baru {n}"
        new["indicator_id"] = f"new{n}"
        additions.setdefault(anchor, []).append((rng.choice([2, 3, 4]), new))
    quarters = []
    for quarter in (1, 2, 3, 4):
        records = []
        for i, row in truth.iterrows():
            if row["level"] == "total" or rng.random() >= dropped:
                records.append(row)
            records += [new for since, new in additions.get(i, []) if since <= quarter]
        quarters.append(truth_to_rows(pd.DataFrame(records).reset_index(drop=True), quarter))
    return harder_copy(pd.concat(quarters, ignore_index=True), seed=seed)


def sample_truth(source_dir: Path = Path("data/source")) -> dict[int, pd.DataFrame]:
    from samples.source import read_source  # the sample tooling, only for measuring
    from samples.truth import truth_rows

    return {int(p.stem[2:]): truth_rows(read_source(p)) for p in sorted(source_dir.glob("tw[1-4].csv"))}


MATCHERS = {"rekon": lambda rows: match_rows(rows), "baseline": naive_match_rows}


def main(argv: list[str] | None = None) -> int:
    pd.set_option("display.width", 200)
    truths = sample_truth()
    sets: dict[str, pd.DataFrame] = {}
    if truths and all((t["indicator_id"] != "").all() for t in truths.values()):
        real = pd.concat([truth_to_rows(t, q) for q, t in truths.items()], ignore_index=True)
        sets["sample truth"] = real
        sets["sample truth, harder copy"] = harder_copy(real, seed=1)
    else:
        print("data/source has no indicator_id yet: measuring synthetic years made from one quarter", file=sys.stderr)
    base = truths.get(min(truths)) if truths else None
    if base is not None:
        for seed in (1, 2, 3):
            sets[f"synthetic year, seed {seed}"] = synthetic_year(base, seed=seed)
    for name, rows in sets.items():
        table = compare_matchers(MATCHERS, rows)
        print(f"\n## {name}\n")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
