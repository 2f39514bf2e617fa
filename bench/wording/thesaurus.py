"""The generator's vocabulary (thesaurus.yaml), its held-out split (heldout.yaml), and the ways a
printed header alters a wording: case, abbreviation, typo, a word broken by a narrow cell, filler.

A *list* is one place a wording can take in a header, addressed by a dotted key:
`fields.keterangan`, `measures.target.group`, `dimensions.pagu.leaf`, `single.target_pagu`,
`renja.target_renstra`, `pair.kinerja`, `quarters`, `english.keterangan`. `python -m
bench.wording.thesaurus` rewrites heldout.yaml: in every list a third of the wordings (never the
list's first one, the form's own wording, so that each field keeps a word a reader plausibly
knows, and never one the project's own reports print: seed, DOMAIN.md, Tangerang Selatan,
the samples' producers), drawn with a fixed seed.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
THESAURUS = HERE / "thesaurus.yaml"
HELDOUT = HERE / "heldout.yaml"
SPLIT_SEED = 23
HELDOUT_SHARE = 1 / 3
# Sources the project already holds (the real reports, DOMAIN.md, the samples' producers): a
# wording seen there is fair knowledge for rekon, so it is never held out.
PROJECT_SOURCES = frozenset({"seed", "domain", "tangsel", "producer2"})


@dataclass(frozen=True)
class Entry:
    text: str | tuple[str, ...]
    list_key: str
    sources: tuple[str, ...]
    dim: str | None = None  # a measure leaf that names its dimension too

    @property
    def label(self) -> str:
        text = " | ".join(self.text) if isinstance(self.text, tuple) else self.text
        return f"{self.list_key}: {text}"


@lru_cache(maxsize=1)
def raw() -> dict:
    return yaml.safe_load(THESAURUS.read_text(encoding="utf-8"))


def _entries(key: str, items: list) -> list[Entry]:
    found = []
    for item in items:
        if isinstance(item, dict):
            text = item["w"]
            found.append(Entry(tuple(text) if isinstance(text, list) else text, key, tuple(item.get("s", ())), item.get("dim")))
        else:  # english: plain strings
            found.append(Entry(item, key, ("en-gloss",)))
    return found


@lru_cache(maxsize=1)
def lists() -> dict[str, list[Entry]]:
    """Every list of the thesaurus by its dotted key."""
    data = raw()
    found: dict[str, list[Entry]] = {}
    for field, items in data["fields"].items():
        found[f"fields.{field}"] = _entries(f"fields.{field}", items)
    for section in ("measures", "dimensions"):
        for concept, roles in data[section].items():
            for role, items in roles.items():
                found[f"{section}.{concept}.{role}"] = _entries(f"{section}.{concept}.{role}", items)
    for section in ("single", "renja", "pair"):
        for name, items in data[section].items():
            found[f"{section}.{name}"] = _entries(f"{section}.{name}", items)
    found["quarters"] = _entries("quarters", data["quarters"])
    for name, items in data["english"].items():
        found[f"english.{name}"] = _entries(f"english.{name}", items)
    return found


def split(seed: int = SPLIT_SEED, share: float = HELDOUT_SHARE) -> dict[str, list[str]]:
    """List key -> held-out wordings: a `share` of each list, never its first wording nor one the
    project's own reports print."""
    held: dict[str, list[str]] = {}
    for key, entries in sorted(lists().items()):
        rng = random.Random(f"{seed}:{key}")  # one list's split does not move when another list grows
        candidates = [e for e in entries[1:] if not PROJECT_SOURCES & set(e.sources)]
        count = round(len(entries) * share)
        chosen = rng.sample(candidates, min(count, len(candidates)))
        if chosen:
            held[key] = [_text_key(e.text) for e in entries if e in chosen]
    return held


def _text_key(text: str | tuple[str, ...]) -> str:
    return " | ".join(text) if isinstance(text, tuple) else text


@lru_cache(maxsize=1)
def held_out() -> frozenset[str]:
    """Labels (`list_key: text`) of the held-out wordings, as heldout.yaml lists them."""
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return frozenset(f"{key}: {text}" for key, texts in data["held_out"].items() for text in texts)


def is_held_out(entry: Entry) -> bool:
    return entry.label in held_out()


def write_split() -> dict[str, list[str]]:
    held = split()
    total = sum(len(v) for v in lists().values())
    count = sum(len(v) for v in held.values())
    header = (
        "# The held-out part of thesaurus.yaml: wordings rekon's own lexicon is NOT to be given.\n"
        f"# Written by `python -m bench.wording.thesaurus` (seed {SPLIT_SEED}): in every list a third\n"
        "# of the wordings, never the list's first (the form's own wording) nor one the project's own\n"
        "# reports print (seed, DOMAIN.md, Tangerang Selatan, the samples' producers). Do not edit by hand.\n"
        f"# {count} of {total} wordings held out.\n"
    )
    body = yaml.safe_dump({"seed": SPLIT_SEED, "share": round(HELDOUT_SHARE, 3), "held_out": held}, allow_unicode=True, sort_keys=True, width=200)
    HELDOUT.write_text(header + body, encoding="utf-8")
    held_out.cache_clear()
    return held


# ---- how a printed header alters a wording -------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]{5,}")


def change_case(text: str, rng: random.Random) -> tuple[str, str]:
    style = rng.choice(["upper", "lower", "title"])
    return {"upper": text.upper(), "lower": text.lower(), "title": text.title()}[style], f"case:{style}"


def abbreviate(text: str, rng: random.Random) -> tuple[str, str] | None:
    """One word (or phrase) of `text` in a short form the thesaurus lists (`Keterangan` -> `Ket.`)."""
    options = [(long, short) for long, spec in raw()["abbreviations"].items() for short in spec["short"] if re.search(rf"\b{re.escape(long)}\b", text, re.IGNORECASE)]
    if not options:
        return None
    long, short = rng.choice(options)
    changed = re.sub(rf"\b{re.escape(long)}\b", short, text, count=1, flags=re.IGNORECASE)
    return (changed, f"abbrev:{short}") if changed != text else None


def typo(text: str, rng: random.Random, edits: int | None = None) -> tuple[str, str] | None:
    """An edit distance of 1-2 inside one word of five letters or more (what a hurried typist does)."""
    words = list(_WORD.finditer(text))
    if not words:
        return None
    match = rng.choice(words)
    word = match.group()
    for _ in range(edits or rng.choice([1, 1, 2])):
        i = rng.randrange(1, len(word) - 1)  # keep the first letter: typists rarely miss it
        kind = rng.choice(["delete", "swap", "double", "replace"])
        if kind == "delete":
            word = word[:i] + word[i + 1 :]
        elif kind == "swap" and i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "double":
            word = word[:i] + word[i] + word[i:]
        else:
            letter = rng.choice("aeiounrstk")
            word = word[:i] + (letter if letter != word[i].lower() else "e") + word[i + 1 :]
    changed = text[: match.start()] + word + text[match.end() :]
    return (changed, f"typo:{match.group()}->{word}") if changed != text else None


def break_word(text: str, rng: random.Random) -> tuple[str, str] | None:
    """A long word cut as a narrow cell prints it: a space inside it (`Capaia n`) or a hyphen (`Keteran- gan`)."""
    words = [m for m in _WORD.finditer(text) if len(m.group()) >= 7]
    if not words:
        return None
    match = rng.choice(words)
    word = match.group()
    cut = rng.randrange(3, len(word) - 1)
    joint = rng.choice([" ", "- ", "-\n"])
    changed = text[: match.start()] + word[:cut] + joint + word[cut:] + text[match.end() :]
    return changed, f"break:{word[:cut]}{joint.strip() or '_'}{word[cut:]}"


def filler(text: str, rng: random.Random, kind: str, year: int, quarter: int) -> tuple[str, str]:
    """Explanatory words added to a cell: a unit, a period, an agency word."""
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
    fillers = raw()["fillers"]
    choices = fillers["period"] + fillers["period_renja"] if kind == "period_renja" else fillers[kind]
    word = rng.choice(choices).format(year=year, quarter=roman)
    if kind == "agency":
        changed = f"{text} {word}"
    else:
        changed = f"{text} {word}" if rng.random() < 0.8 else f"{text}\n{word}"
    return changed, f"filler:{word}"


def fill_placeholders(text: str, year: int) -> str:
    """Renja block wordings name years: `{year}`, `{last}`, `{start}`, `{end}`."""
    return text.format(year=year, last=year - 1, start=year - 5, end=year + (year % 3))


def main(argv: list[str]) -> None:
    held = write_split()
    total = sum(len(v) for v in lists().values())
    count = sum(len(v) for v in held.values())
    print(f"{HELDOUT.relative_to(HERE.parent.parent)}: {count} of {total} wordings held out ({100 * count / total:.0f}%) in {len(held)} lists")


if __name__ == "__main__":
    main(sys.argv[1:])
