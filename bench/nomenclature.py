"""The nomenclature: how fast names are looked up, and how many printed items it names.

    python -m bench.nomenclature [--runs 5] [PDF_OR_DIR ...]

Speed: every official name, printed otherwise (case, spacing, a hyphen break: the
exact-key path) and with one letter dropped (the fuzzy path), looked up once each
with the cache cleared; against a baseline that scores every name with rapidfuzz
(no exact key first). Medians of --runs runs, in names per second.
Coverage: per file, the share of program / kegiatan / sub kegiatan rows that carry
a kode, and the nonstandard_name and misplaced_item findings.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from rekon.extract import nomenclature as nomenclature_module
from rekon.extract.nomenclature import name_key, names, nomenclature
from rekon.extract.pipeline import extract_file
from rekon.rules.engine import check

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [ROOT / "data" / "samples", ROOT.parent / "shared" / "real" / "tangsel-2023"]
ITEM_LEVELS = ("program", "kegiatan", "sub_kegiatan")


def _printed_otherwise(name: str) -> str:
    return name.upper().replace(" ", "  ").replace("-", "- ")


def _typo(name: str) -> str:
    middle = len(name) // 2
    return name[:middle] + name[middle + 1 :]


def _rate(queries: list[str], lookup, runs: int) -> float:
    times = []
    for _ in range(runs):
        nomenclature_module._find.cache_clear()
        start = time.perf_counter()
        for query in queries:
            lookup(query)
        times.append(time.perf_counter() - start)
    return len(queries) / statistics.median(times)


def speed(runs: int, sample: int = 2000) -> pd.DataFrame:
    start = time.perf_counter()
    nomenclature_module.nomenclature.cache_clear()
    index = nomenclature()
    load = time.perf_counter() - start
    official = names()[::max(1, len(names()) // sample)]
    keys = list(index._codes)

    def baseline(query: str):
        return process.extractOne(name_key(query), keys, scorer=fuzz.ratio, score_cutoff=90)

    rows = []
    for label, queries in (("exact (case, spacing, hyphen)", [_printed_otherwise(n) for n in official]),
                           ("misspelt (one letter dropped)", [_typo(n) for n in official])):
        rows.append({
            "lookup": label, "names": len(queries),
            "rekon names/s": round(_rate(queries, index.find, runs)),
            "fuzzy-only baseline names/s": round(_rate(queries, baseline, runs)),
        })
    table = pd.DataFrame(rows)
    table["ratio"] = (table["rekon names/s"] / table["fuzzy-only baseline names/s"]).round(1)
    print(f"list loaded in {load:.2f} s ({len(index)} codes)")
    return table


def coverage(inputs: list[Path]) -> pd.DataFrame:
    rows = []
    for source in inputs:
        pdfs = sorted(source.glob("*.pdf")) if source.is_dir() else [source]
        for pdf in pdfs:
            result = extract_file(pdf)
            if not result.ok:
                rows.append({"file": pdf.name, "error": result.reason()})
                continue
            frame = pd.DataFrame(result.rows).astype(str)
            items = frame[frame["level"].isin(ITEM_LEVELS)]
            findings = check(frame)
            rows.append({
                "file": f"{source.name}/{pdf.name}" if source.is_dir() else pdf.name,
                "item rows": len(items),
                "with kode": f"{(items['kode'] != '').mean():.1%}",
                "nonstandard_name": int((findings["rule"] == "nonstandard_name").sum()),
                "misplaced_item": int((findings["rule"] == "misplaced_item").sum()),
                "level_from_sums": sum(p["problem"] == "level_from_sums" for p in result.problems),
            })
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("inputs", nargs="*", type=Path)
    args = parser.parse_args()
    pd.set_option("display.width", 200)
    print(speed(args.runs).to_string(index=False))
    print()
    print(coverage(args.inputs or [p for p in DEFAULT_INPUTS if p.exists()]).to_string(index=False))


if __name__ == "__main__":
    main()
