"""Mutation fuzzing of the extractor: damaged copies of the samples must never raise.

`make fuzz` runs a long campaign (python -m tests.fuzz --cases 2000); the test suite a short
one with a fixed seed. A mutation flips bytes, cuts the file, repeats or zeroes a stretch.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from rekon.extract.pipeline import extract_file

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.pdf"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:
        for _ in range(rng.randint(1, 60)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:
        del data[rng.randrange(len(data)) :]
    elif kind == 2:
        start = rng.randrange(len(data))
        stretch = data[start : start + rng.randint(1, 4096)]
        data[start:start] = stretch * rng.randint(1, 8)
    else:
        start = rng.randrange(len(data))
        data[start : start + rng.randint(1, 2048)] = bytes(min(2048, len(data) - start))
    return bytes(data)


def campaign(cases: int, seed: int, out_dir: Path) -> Counter:
    """Outcome counts: `rows` (read, maybe partly), or the problem code of a file that failed."""
    rng = random.Random(seed)
    outcomes: Counter = Counter()
    originals = [path.read_bytes() for path in SAMPLES]
    for case in range(cases):
        path = out_dir / f"case-{case}.pdf"
        path.write_bytes(mutate(rng.choice(originals), rng))
        result = extract_file(path, ocr="never")  # must never raise (the parser is fuzzed, not OCR)
        outcomes["rows" if result.ok else result.problems[-1]["problem"]] += 1
        path.unlink()
    return outcomes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20221)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        try:
            outcomes = campaign(args.cases, args.seed, Path(work))
        except Exception:  # noqa: BLE001 - this is the bug the campaign looks for
            traceback.print_exc()
            return 1
    print(f"{args.cases} mutated files, seed {args.seed}, {time.perf_counter() - start:.0f} s, no unhandled exception")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<20} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
