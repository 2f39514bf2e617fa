"""Render the full-form samples: each variant's sheet through its producer to PDF, its truth beside it."""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

from samples.pdf import workbooks_to_pdf
from samples.renja_full.body import TRUTH_COLUMNS, build_sheet
from samples.renja_full.docx_form import write_docx
from samples.renja_full.form import Sheet, Variant
from samples.renja_full.variants import BY_STEM, VARIANTS
from samples.renja_full.xlsx_form import write_xlsx

OUT = Path(__file__).resolve().parents[2] / "data" / "renja_full"


def write_truth(sheet: Sheet, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(sheet.truth)


def write_source(variant: Variant, sheet: Sheet, work: Path) -> Path:
    """The variant's document (.docx or .xlsx) in `work`."""
    if variant.producer == "writer":
        path = work / f"{variant.stem}.docx"
        write_docx(sheet, path, variant.paper, variant.font_size)
    else:
        path = work / f"{variant.stem}.xlsx"
        write_xlsx(sheet, path, variant.paper, variant.font_size)
    return path


def render(variants: list[Variant], out: Path, truth: bool = True) -> list[Path]:
    """PDFs (and truth CSVs) of the variants in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rekon-renja-") as work:
        sources = []
        for variant in variants:
            sheet = build_sheet(variant)
            sources.append(write_source(variant, sheet, Path(work)))
            if truth:
                write_truth(sheet, out / f"{variant.stem}.csv")
        return workbooks_to_pdf(sources, out)


def main(argv: list[str]) -> None:
    unknown = [stem for stem in argv if stem not in BY_STEM]
    if unknown:
        sys.exit(f"unknown sample(s) {unknown}; known: {sorted(BY_STEM)}")
    chosen = [BY_STEM[stem] for stem in argv] or list(VARIANTS)
    for pdf in render(chosen, OUT):
        print(pdf.relative_to(OUT.parents[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
