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


def _split_into(token: str, pieces: Counter[str], depth: int = 3) -> list[str] | None:
    """`token` as a concatenation of 2..depth tokens available in `pieces`, or None."""
    if depth == 0:
        return None
    for end in range(1, len(token)):
        head, tail = token[:end], token[end:]
        if pieces[head] <= 0:
            continue
        if pieces[tail] > 0 and (head != tail or pieces[head] > 1):
            return [head, tail]
        pieces[head] -= 1
        rest = _split_into(tail, pieces, depth - 1)
        pieces[head] += 1
        if rest:
            return [head, *rest]
    return None


@dataclass(frozen=True)
class Explained:
    glued: list[tuple[str, list[str]]]  # a token of one side made of several tokens of the other
    page_furniture: Counter[str]  # header and title words, whose count depends on pagination
    unexplained_reference: Counter[str]
    unexplained_candidate: Counter[str]

    @property
    def complete(self) -> bool:
        return not self.unexplained_reference and not self.unexplained_candidate


def explain(diff: TokenDiff, furniture_words: set[str]) -> Explained:
    """Account for every difference: glued or cut tokens first, then page furniture; the rest is unexplained."""
    reference, candidate = Counter(diff.only_in_reference), Counter(diff.only_in_candidate)
    glued: list[tuple[str, list[str]]] = []
    for whole_side, piece_side in ((reference, candidate), (candidate, reference)):
        for token in sorted(whole_side):
            for _ in range(whole_side[token]):
                pieces = _split_into(token, piece_side)
                if not pieces:
                    break
                glued.append((token, pieces))
                whole_side[token] -= 1
                piece_side.subtract(pieces)
    reference, candidate = +reference, +candidate
    words = Counter({word: len(furniture_words) + 99 for word in furniture_words})
    furniture = Counter({t: n for t, n in reference.items() if t in furniture_words or _split_into(t, words)})
    return Explained(glued, furniture, reference - furniture, candidate)
