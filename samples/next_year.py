"""The samples' agency one year on: `python -m samples.next_year` (needs LibreOffice).

TW I of DP3AKB Kota Serang as it could read in 2023: the year in the title, every budget
amount doubled (doubling keeps each kegiatan's and program's sums and every capaian pagu
exact, so the sample adds no finding of its own), indicators that name the year ("Tahun 2022")
naming the new one, and one sub kegiatan printed with a typo, as agencies do from one year
to the next. A join across years by item name misses that
sub kegiatan; a join by nomenclature code (kode) does not.

Writes data/next_year/tw1.csv (the source) and the PDF beside it (committed, so the tests
need no LibreOffice).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from samples.build import CITY, DATA, OPD
from samples.layouts import layout_for, titles
from samples.pdf import workbooks_to_pdf
from samples.source import read_source
from samples.workbook import write_workbook

YEAR = 2023
QUARTER = 1
OUT = DATA / "next_year"
BUDGET_FACTOR = 2
RETYPED = {"Penyusunan Dokumen Perencanaan Perangkat Daerah": "Penyusunan Dokumen Perencanan Perangkat Daerah"}


def _scaled(text: str) -> str:
    if text.strip() in ("", "-", "^"):  # ^: the merged cell above continues
        return text
    return f"{int(Decimal(text.replace(',', '')) * BUDGET_FACTOR):,}"


def next_year(source: pd.DataFrame) -> pd.DataFrame:
    source = source.copy()
    for column in ("target_pagu", "realisasi_pagu"):
        source[column] = source[column].map(_scaled)
    items = source["item"].str.split().str.join(" ")
    for printed, retyped in RETYPED.items():
        assert (items == printed).any(), printed
        source.loc[items == printed, "item"] = retyped
    for column in ("indikator", "formula"):
        source[column] = source[column].str.replace("Tahun 2022", f"Tahun {YEAR}")
    source["note"] = ""
    return source


def source_path() -> Path:
    return OUT / f"tw{QUARTER}.csv"


def pdf_path() -> Path:
    return OUT / f"dp3akb-serang-{YEAR}-tw{QUARTER}.pdf"


def main() -> None:
    original = pd.read_csv(DATA / "source" / f"tw{QUARTER}.csv", dtype=str, keep_default_na=False)
    OUT.mkdir(parents=True, exist_ok=True)
    next_year(original).to_csv(source_path(), index=False)
    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / f"{pdf_path().stem}.xlsx"
        write_workbook(read_source(source_path()), layout_for(QUARTER, titles(QUARTER, YEAR, OPD, CITY)), book, indonesian_numbers=False)
        for pdf in workbooks_to_pdf([book], OUT):
            print(pdf.relative_to(DATA.parent))


if __name__ == "__main__":
    main()
