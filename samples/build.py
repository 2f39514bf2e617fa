"""`make samples`: render every sample source to XLSX and PDF, the main set and the variant set."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from samples.layouts import layout_for, titles, variant_of
from samples.pdf import workbooks_to_pdf
from samples.source import read_source
from samples.workbook import write_workbook

DATA = Path(__file__).resolve().parent.parent / "data"
OPD = "DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK DAN KELUARGA BERENCANA"
CITY = "KOTA SERANG"
YEAR = 2022


@dataclass(frozen=True)
class Sample:
    quarter: int
    variant: bool

    @property
    def source(self) -> Path:
        return DATA / "source" / f"tw{self.quarter}.csv"

    @property
    def stem(self) -> str:
        return f"dp3akb-serang-{YEAR}-tw{self.quarter}" + ("-id" if self.variant else "")

    @property
    def pdf(self) -> Path:
        return DATA / ("variant" if self.variant else "samples") / f"{self.stem}.pdf"


def all_samples() -> list[Sample]:
    return [Sample(q, variant) for variant in (False, True) for q in (1, 2, 3, 4)]


def build(samples: list[Sample], work_dir: Path, out_dir: Path | None = None) -> list[Path]:
    """Render the samples; the PDFs go to data/ (or to out_dir, for a check that must not touch data/)."""
    books_by_dir: dict[Path, list[Path]] = {}
    for sample in samples:
        layout = layout_for(sample.quarter, titles(sample.quarter, YEAR, OPD, CITY))
        if sample.variant:
            layout = variant_of(layout)
        book = work_dir / f"{sample.stem}.xlsx"
        write_workbook(read_source(sample.source), layout, book, indonesian_numbers=sample.variant)
        books_by_dir.setdefault(out_dir or sample.pdf.parent, []).append(book)
    written = []
    for out_dir, books in books_by_dir.items():
        written += workbooks_to_pdf(books, out_dir)
    return written


def main(argv: list[str]) -> None:
    quarters = {int(q) for q in argv} or {1, 2, 3, 4}
    work_dir = DATA.parent / "build" / "xlsx"
    work_dir.mkdir(parents=True, exist_ok=True)
    for pdf in build([s for s in all_samples() if s.quarter in quarters], work_dir):
        print(pdf.relative_to(DATA.parent))


if __name__ == "__main__":
    main(sys.argv[1:])
