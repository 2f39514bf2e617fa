"""Compare the words and numbers of a text with those of another, as multisets.

Used two ways: to check a hand-made sample source against the seed text
layer, and to check a rendered PDF's text layer against the seed. Line wraps
may fall anywhere (after a space, a hyphen or a slash), so tokens are split at
whitespace, hyphens and slashes; a lone ``-`` (an empty value as printed) is a
token of its own, and runs of dashes (the fraction bars of formulas) are
compared by their total count of dashes rather than as tokens.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A lone dash between spaces is a printed "no value"; anything else that is
# not whitespace, a hyphen or a slash is part of a word or a number.
_TOKEN = re.compile(r"(?<!\S)-(?!\S)|[^\s\-/]+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text))


def dash_count(text: str) -> int:
    return text.count("-")


@dataclass(frozen=True)
class TokenDiff:
    only_in_reference: Counter[str]
    only_in_candidate: Counter[str]
    dash_difference: int

    @property
    def equal(self) -> bool:
        return not self.only_in_reference and not self.only_in_candidate

    def describe(self) -> str:
        def fmt(counter: Counter[str]) -> str:
            return ", ".join(f"{tok!r}x{n}" for tok, n in sorted(counter.items())) or "(none)"

        return (
            f"only in reference: {fmt(self.only_in_reference)}\n"
            f"only in candidate: {fmt(self.only_in_candidate)}\n"
            f"dash count difference (reference - candidate): {self.dash_difference}"
        )


def compare(reference: str, candidate: str) -> TokenDiff:
    ref, cand = tokens(reference), tokens(candidate)
    return TokenDiff(ref - cand, cand - ref, dash_count(reference) - dash_count(candidate))


def seed_section(seed_text: str, first_line: int, last_line: int) -> str:
    """Lines first_line..last_line (1-based, inclusive) of the seed."""
    lines = seed_text.splitlines()
    return "\n".join(lines[first_line - 1 : last_line])


def _main() -> None:
    import argparse
    import csv
    from pathlib import Path

    parser = argparse.ArgumentParser(description="Compare a sample source CSV with a seed section.")
    parser.add_argument("source_csv", type=Path)
    parser.add_argument("seed", type=Path)
    parser.add_argument("first_line", type=int)
    parser.add_argument("last_line", type=int)
    args = parser.parse_args()

    skip = {"indicator_id", "level", "note", "source_lines"}
    with args.source_csv.open(newline="", encoding="utf-8") as handle:
        cells = [
            value
            for row in csv.DictReader(handle)
            for key, value in row.items()
            if key not in skip and value not in ("", "^")
        ]
    section = seed_section(args.seed.read_text(encoding="utf-8"), args.first_line, args.last_line)
    print(compare(section, "\n".join(cells)).describe())


if __name__ == "__main__":
    _main()
