"""The full Renja evaluation form samples read end to end, against their truth.

    python -m bench.renja [STEM ...]          # all of data/renja_full/ by default

Each sample PDF of data/renja_full/ (samples/renja_full/, two agencies by two producers, a
trimmed and a partial form) goes through rekon.extract, and what it gives is compared with what
a perfect reader gives (samples/renja_full/records.py) on three counts:

- **read**: the file is read at all (not refused as "no table");
- **structure**: one printed row for each of the truth's, in order, with its level and its
  hierarchy (program, kegiatan, sub kegiatan) right;
- **cells**: every cell the form prints, on rows lined up by order: each value of each K/Rp
  pair (the quarters' on their quarter's record), the indicator, the agency in charge, the
  remark, the printed code; a cell merged with the one above (an item's Rp over its indicator
  rows) may be read empty or repeated;
- **columns named**: each column the form prints is given its field (some value in it is read).

The figures are the share right; `python -m bench.renja --write` (or `make bench --only renja`) writes them to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from samples.renja_full.form import MERGE, Variant
from samples.renja_full.records import plain
from samples.renja_full.variants import BY_STEM, VARIANTS

DATA = Path(__file__).resolve().parents[1] / "data" / "renja_full"
TITLE = "The full Renja evaluation form read end to end (data/renja_full)"
HIERARCHY = ("level", "program", "kegiatan", "sub_kegiatan")
TEXTS = ("indikator", "penanggung_jawab", "keterangan", "kode_printed", "satuan")


def _words(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class Score:
    stem: str
    read: bool = False
    error: str = ""
    printed_rows: int = 0
    rows_read: int = 0
    structure_right: int = 0
    cells: int = 0
    cells_right: int = 0
    columns: int = 0
    columns_named: int = 0
    wrong: list[str] = field(default_factory=list)

    def as_row(self) -> dict:
        share = lambda right, total: f"{100 * right / total:.1f} %" if total else "-"  # noqa: E731
        return {"sample": self.stem, "read": "yes" if self.read else f"no: {self.error[:60]}",
                "rows read / printed": f"{self.rows_read} / {self.printed_rows}", "structure": share(self.structure_right, self.printed_rows),
                "cells": f"{share(self.cells_right, self.cells)} of {self.cells}", "columns named": f"{self.columns_named} / {self.columns}"}


def _truth(variant: Variant) -> list[dict]:
    with (DATA / f"{variant.stem}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _cells_of(variant: Variant, truth: list[dict]) -> list[tuple[int, int | None, str, str, str]]:
    """(truth row index, quarter or None, rows.csv field, wanted text, the merged first row's text or '') of every printed cell."""
    printed = set(variant.printed_fields())
    cells = []
    for index, row in enumerate(truth):
        for name in TEXTS:
            if name in printed and row[name] != MERGE:
                cells.append((index, None, name, _words(row[name]), ""))
        for truth_field in printed - set(TEXTS) - {"name", "sasaran"}:
            quarter = int(truth_field[-1]) if truth_field[-3:-1] == "_q" else None
            name = truth_field[:-3] if quarter else truth_field
            text = row[truth_field]
            merged = plain(_first_of_merge(truth, index, truth_field)) if text == MERGE else ""
            cells.append((index, quarter, name, plain(text), merged))
    return cells


def _first_of_merge(truth: list[dict], index: int, name: str) -> str:
    while index > 0 and truth[index][name] == MERGE:
        index -= 1
    return truth[index][name]


def score(variant: Variant, rows: pd.DataFrame, error: str = "") -> Score:
    truth = _truth(variant)
    result = Score(variant.stem, read=not error and not rows.empty, error=error, printed_rows=len(truth))
    result.columns = len(variant.printed_fields())
    cells = _cells_of(variant, truth)
    result.cells = len(cells)
    if not result.read:
        return result
    rows = rows.astype(str)
    by_quarter = {int(q): part.to_dict("records") for q, part in rows.groupby("quarter")}
    first = by_quarter[min(by_quarter)]
    result.rows_read = len(first)
    for index, row in enumerate(truth[: len(first)]):
        got = first[index]
        if all(_words(got[h]) == _words(row[h]) for h in HIERARCHY):
            result.structure_right += 1
        else:
            result.wrong.append(f"row {index + 1}: {[got[h] for h in HIERARCHY]} read, {[row[h] for h in HIERARCHY]} printed")
    for index, quarter, name, want, merged in cells:
        part = by_quarter.get(quarter or min(by_quarter))
        # A quarter the file leaves wholly empty has no records: its cells are read as empty.
        have = "" if part is None else (_words(part[index][name]) if index < len(part) else None)
        if have == want or (merged and have in ("", merged)):
            result.cells_right += 1
        elif len(result.wrong) < 40:
            result.wrong.append(f"row {index + 1} {name}{f' TW {quarter}' if quarter else ''}: {have!r} read, {want!r} printed")
    named = {truth_field for truth_field in variant.printed_fields()
             if _is_named(rows, truth_field)}
    result.columns_named = len(named)
    return result


def _is_named(rows: pd.DataFrame, truth_field: str) -> bool:
    if truth_field in ("name", "sasaran"):
        return bool((rows[["program", "kegiatan", "sub_kegiatan", "sasaran"]] != "").any().any())
    name = truth_field[:-3] if truth_field[-3:-1] == "_q" else truth_field
    return name in rows and bool((rows[name] != "").any())


def run(stems: list[str] | None = None) -> tuple[pd.DataFrame, list[Score]]:
    import rekon

    scores = []
    for variant in [BY_STEM[s] for s in stems] if stems else VARIANTS:
        extracted = rekon.extract([DATA / f"{variant.stem}.pdf"])
        error = ""
        if extracted.failed_files or extracted.frame.empty:  # refused: the first problem of the file says why
            said = extracted.problems[extracted.problems["row_id"].fillna("") == ""]["message"]
            error = said.iloc[0] if len(said) else "no rows"
        scores.append(score(variant, extracted.frame, error))
    return pd.DataFrame([s.as_row() for s in scores]), scores


def section() -> str:
    table, scores = run()
    total = lambda attr: sum(getattr(s, attr) for s in scores)  # noqa: E731
    cells, right = total("cells"), total("cells_right")
    rows, structure = total("printed_rows"), total("structure_right")
    summary = (f"`python -m bench.renja`: {sum(s.read for s in scores)} of {len(scores)} files read; cells "
               f"{right} of {cells} ({100 * right / cells:.1f} %), row structure {structure} of {rows} "
               f"({100 * structure / rows:.1f} %), columns named {total('columns_named')} of {total('columns')}.")
    wrong = [f"- {s.stem}: {line}" for s in scores for line in s.wrong[:5]]
    return summary + "\n\n" + table.to_markdown(index=False) + ("\n\nFirst differences per sample:\n\n" + "\n".join(wrong) if wrong else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="*", help=f"samples to read (default: all): {', '.join(BY_STEM)}")
    parser.add_argument("--write", action="store_true", help=f"write the section '{TITLE}' of bench/RESULTS.md (all samples)")
    args = parser.parse_args()
    if args.write:
        from bench.injection.results import write_section

        body = section()
        print(body)
        write_section(TITLE, body)
        return
    unknown = [s for s in args.stems if s not in BY_STEM]
    if unknown:
        parser.error(f"unknown sample(s) {unknown}; known: {sorted(BY_STEM)}")
    table, scores = run(args.stems or None)
    pd.set_option("display.width", 220)
    print(table.to_string(index=False))
    for s in scores:
        for line in s.wrong[:8]:
            print(f"  {s.stem}: {line}")


if __name__ == "__main__":
    main()
