"""`make bench`: extraction speed and accuracy, matching quality, the store, and a scale run.

    python -m bench [--runs 3] [--skip-scale] [--scale-sets 250] [--scale-runs off-2,on-2] [--scale-memory 2,16,250] [--only extraction|producers|single-core|matching|scale|injection|structure|store|ocr|renja|wording ...]
                    [--injection-sets 6] [--renderer libreoffice|producer2] [--structure-sets 75] [--wording-per-family 24] [--wording-known 4]

Prints each table and writes them, with the machine they ran on, to bench/RESULTS.md.
A section not run (--skip-scale, --only) keeps its table from the last run, marked with
that run's date.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import time
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
_KEPT = "(Not run this time: the table of the run of "
SCALE_TITLE = "Scale: `rekon run` on 1,000 files"


def previous_section(title: str) -> str | None:
    """A section's body in the last RESULTS.md, with the date of that run, or None."""
    if not RESULTS.exists():
        return None
    text = RESULTS.read_text(encoding="utf-8")
    run = re.search(r"last run ([\d-]+ [\d:]+)", text)
    for chunk in text.split("\n## ")[1:]:
        heading, _, body = chunk.partition("\n\n")
        if heading.strip() == title:
            body = body.strip()
            if body.startswith(_KEPT):  # kept from an earlier run already: keep that run's date
                return body
            return f"{_KEPT}{run.group(1) if run else 'an earlier date'}.)\n\n{body}"
    return None


def machine() -> str:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model or platform.processor()}), {memory:.0f} GiB, {platform.system()} {platform.machine()}, Python {platform.python_version()}"


def matching(runs: int) -> pd.DataFrame:
    from bench.matching import MATCHERS, harder_copy, sample_truth, truth_to_rows
    from rekon.reconcile.baseline import compare_matchers

    truths = sample_truth()
    real = pd.concat([truth_to_rows(t, q) for q, t in truths.items()], ignore_index=True)
    tables = []
    for name, rows in {"samples": real, "samples, harder copy": harder_copy(real, seed=1)}.items():
        table = compare_matchers(MATCHERS, rows)
        for matcher, work in MATCHERS.items():
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                work(rows)
                times.append(time.perf_counter() - start)
            table.loc[table["matcher"] == matcher, "seconds (median)"] = round(statistics.median(times), 3)
        table.insert(0, "rows", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def extraction_section(runs: int) -> str:
    from bench import extraction

    print("\n== Extraction: the four sample PDFs (20 pages)")
    table = extraction.run(runs)
    print(table.to_string(index=False))
    return table.to_markdown(index=False) + "\n\n" + extraction.__doc__.strip()


def producers_section(runs: int) -> str:
    from bench import producers

    print("\n== Structure per producer: the same four sources printed by each producer")
    table, rejected = producers.run()
    print(table.to_string(index=False))
    print(*rejected, sep="\n")
    rejected_text = "\n".join(f"- {line}" for line in rejected) or "- none"
    return table.to_markdown(index=False) + "\n\nFiles rejected:\n\n" + rejected_text + "\n\n" + producers.__doc__.strip()


def matching_section(runs: int) -> str:
    print("\n== Matching: precision and recall per quarter pair against the ground-truth ids")
    table = matching(runs)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return table.to_markdown(index=False, floatfmt=".3f")


def single_core_section(runs: int, camelot_runs: int | None = None) -> str:
    from bench import extraction

    print("\n== Single core, both producers: rekon, camelot lattice, the bare PDFium floor")
    table = extraction.single_core(runs, camelot_runs=camelot_runs)
    ratios = ", ".join(f"{name}: {value}" for name, value in table.attrs.items())
    print(table.to_string(index=False) + "\n" + ratios)
    return table.to_markdown(index=False) + f"\n\nMedian ratios: {ratios}.\n\n" + extraction.SINGLE_CORE_NOTE


def scale_section(runs: int, sets: int = 250, chosen: str | None = None, memory_sets: str = "2,16,250") -> str:
    from bench import scale

    keys = tuple(key.strip() for key in chosen.split(",")) if chosen else tuple(scale.RUN_KEYS)
    sizes = tuple(n for n in (int(v) for v in memory_sets.split(",")) if n <= sets)
    print(f"\n== Scale: {4 * sets} files ({', '.join(keys)}); memory by batch size ({sizes} report sets); the mixed batch")
    speed, memory, mixed = (pd.DataFrame(table) for table in scale.run(sets, memory_sizes=sizes, mixed_sets=min(12, sets), runs=keys))
    print("\n\n".join(table.to_string(index=False) for table in (speed, memory, mixed)))
    size = "" if sets == 250 else f"**{4 * sets} files, not 1,000** (`--scale-sets {sets}`: a small run while developing).\n\n"
    skipped = [scale.RUN_KEYS[key] for key in scale.RUN_KEYS if key not in keys]
    made = (f"Runs made (`--scale-runs {','.join(keys)}`): {'; '.join(scale.RUN_KEYS[k] for k in keys)}. Not run this time: "
            f"{'; '.join(skipped)}.\n\n") if skipped else ""
    body = size + made + speed.to_markdown(index=False) + "\n\nPeak memory by batch size, report on, --jobs 2:\n\n" + memory.to_markdown(index=False)
    if len(mixed):
        body += "\n\nThe mixed batch (real side-by-side forms beside one-quarter reports), report off:\n\n" + mixed.to_markdown(index=False)
    return body + "\n\n" + scale.__doc__.strip()


def injection_section(runs: int, sets: int = 6, renderer: str = "libreoffice") -> str:
    from bench import injection

    print(f"\n== {injection.TITLE}")
    body = injection.section(sets, 1, renderer)
    print(body)
    return body


INJECTION_TITLE = "Injected inconsistencies: recall and precision per rule"
STRUCTURE_TITLE = "Structure perturbed: rows in place, findings, alignment"


def structure_section(runs: int, sets: int = 75) -> str:
    from bench import structure_injection

    print(f"\n== {STRUCTURE_TITLE}")
    body = structure_injection.with_notes(structure_injection.section(sets, 1))
    print(body)
    return body


def store_section(runs: int) -> str:
    from bench import store

    print("\n== Store: size, load, the README's five questions, Parquet export")
    table = store.run(runs)
    print(table.T.to_string(header=False))
    return table.T.reset_index().to_markdown(index=False, headers=["", *table["set"]]) + "\n\n" + store.__doc__.strip()


def ocr_section(runs: int) -> str:
    from bench import ocr

    print("\n== OCR: the samples rasterised and read back (value cells right, flagged, wrong)")
    table, wrong = ocr.run([1, 2, 3, 4], list(ocr.SCANS))
    print(table.to_string(index=False))
    listed = "\n".join(f"- {line}" for line in wrong) or "None."
    return table.to_markdown(index=False) + "\n\nWrong and not flagged:\n\n" + listed + "\n\n" + ocr.__doc__.strip()


def renja_section() -> str:
    from bench import renja

    print(f"\n== {renja.TITLE}")
    body = renja.section()
    print(body)
    return body


def wording_section(runs: int, per_family: int = 24, known: int = 4) -> str:
    from bench.wording.__main__ import section

    print("\n== Header wordings: generated wordings of both families through two producers each")
    return section(per_family, 1, ["calc", "writer", "reportlab"], known, min(2, os.cpu_count() or 1))


WORDING_TITLE = "Header wordings"

# name on the command line -> (title in RESULTS.md, what makes its body)
SECTIONS = {
    "extraction": ("Extraction: the four sample PDFs", extraction_section),
    "producers": ("Structure per producer", producers_section),
    "single-core": ("Single core, both producers", single_core_section),
    "matching": ("Matching against the ground-truth ids", matching_section),
    "scale": (SCALE_TITLE, scale_section),
    "injection": (INJECTION_TITLE, injection_section),
    "structure": (STRUCTURE_TITLE, structure_section),
    "store": ("Store: size and the time to load, query and export it", store_section),
    "ocr": ("OCR: scanned samples", ocr_section),
    "renja": ("The full Renja evaluation form read end to end (data/renja_full)", lambda runs: renja_section()),
    "wording": (WORDING_TITLE, wording_section),
}


def compose(sections: list[tuple[str, str]], started: str, previous: str) -> str:
    """RESULTS.md from this run's sections, followed by every section of the previous file this
    writer does not make (other benches write their own, e.g. bench.injection's Renja tables), as they were."""
    ours = {title for title, _ in sections} | {title for title, _ in SECTIONS.values()}
    for chunk in previous.split("\n## ")[1:]:
        heading, _, body = chunk.partition("\n\n")
        if heading.strip() not in ours:
            sections = [*sections, (heading.strip(), body.strip())]
    return f"# Bench results\n\n`make bench`, last run {started}.\n\n" + "\n\n".join(f"## {title}\n\n{body}" for title, body in sections) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--camelot-runs", type=int, help="single-core: camelot in the first N rounds only (default: every round)")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append", help="run only these sections (repeatable)")
    parser.add_argument("--skip-injection", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true", help="skip the OCR table (the slowest: every sample page through Tesseract, five ways)")
    parser.add_argument("--injection-sets", type=int, default=6)
    parser.add_argument("--structure-sets", type=int, default=75, help="perturbed sets of four PDFs for the structure section")
    parser.add_argument("--scale-sets", type=int, default=250, help="report sets of four files in the scale runs (250: 1,000 files)")
    parser.add_argument("--scale-runs", help="which whole-batch runs to make, comma-separated: off-1, off-2, on-1, on-2, dask (default: all; "
                        "RESULTS.md says which were made)")
    parser.add_argument("--scale-memory", default="2,16,250", help="batch sizes in report sets for the peak-memory runs (default 2,16,250: 8, 64, 1,000 files)")
    parser.add_argument("--renderer", choices=["libreoffice", "producer2"], default="libreoffice",
                        help="what renders the injected copies to PDF")
    parser.add_argument("--wording-per-family", type=int, default=24, help="generated reports per family in the header-wording section")
    parser.add_argument("--wording-known", type=int, default=4, help="known-vocabulary control reports per family in that section")
    args = parser.parse_args()
    SECTIONS["injection"] = (INJECTION_TITLE, lambda runs: injection_section(runs, args.injection_sets, args.renderer))
    SECTIONS["structure"] = (STRUCTURE_TITLE, lambda runs: structure_section(runs, args.structure_sets))
    SECTIONS["wording"] = (WORDING_TITLE, lambda runs: wording_section(runs, args.wording_per_family, args.wording_known))
    SECTIONS["scale"] = (SCALE_TITLE, lambda runs: scale_section(runs, args.scale_sets, args.scale_runs, args.scale_memory))
    SECTIONS["single-core"] = (SECTIONS["single-core"][0], lambda runs: single_core_section(runs, args.camelot_runs))
    pd.set_option("display.width", 220)
    chosen = set(args.only or SECTIONS) - ({"scale"} if args.skip_scale else set()) - ({"injection"} if args.skip_injection else set()) - ({"ocr"} if args.skip_ocr else set())

    sections = [("Machine", machine())]
    print(sections[0][1])
    started = time.strftime("%Y-%m-%d %H:%M")
    for name, (title, make) in SECTIONS.items():
        if name in chosen:
            sections.append((title, make(args.runs)))
        elif (kept := previous_section(title)) is not None:
            sections.append((title, kept))

    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(compose(sections, started, previous), encoding="utf-8")
    print(f"\nwritten: {RESULTS}")


if __name__ == "__main__":
    main()
