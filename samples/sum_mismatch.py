"""A sample whose kegiatan pagu is not the sum of its sub kegiatan: `python -m samples.sum_mismatch`.

TW II of the samples with one error an auditor looks for: the kegiatan
"Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah" prints the pagu and
realisasi of its first three sub kegiatan only (the fourth, "Penyediaan Jasa
Pelayanan Umum Kantor", is left out of its total), with the capaian that
follows from them. Those three close exactly, so a reader that tells levels by
sums takes the fourth sub kegiatan for a kegiatan and never sees the mismatch.
Writes data/sums/tw2.csv (the source, ground truth of the test) and
data/sums/dp3akb-serang-2022-tw2-sums.pdf (needs LibreOffice; the PDF is committed).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from samples.build import CITY, DATA, OPD, YEAR
from samples.layouts import layout_for, titles
from samples.pdf import workbooks_to_pdf
from samples.source import read_source
from samples.workbook import write_workbook

KEGIATAN = "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
CHILDREN_COUNTED = 3
OUT = DATA / "sums"
STEM = f"dp3akb-serang-{YEAR}-tw2-sums"


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text.strip() not in ("", "-") else Decimal(0)


def _printed(value: Decimal) -> str:
    return f"{int(value):,}"


def make_source() -> pd.DataFrame:
    source = pd.read_csv(DATA / "source" / "tw2.csv", dtype=str, keep_default_na=False)
    index = source.index[(source["level"] == "kegiatan") & (source["item"] == KEGIATAN)][0]
    children = source.loc[index + 1 : index + CHILDREN_COUNTED]
    assert (children["level"] == "sub_kegiatan").all()
    pagu = sum(map(_amount, children["target_pagu"]), Decimal(0))
    spent = sum(map(_amount, children["realisasi_pagu"]), Decimal(0))
    source.loc[index, "target_pagu"] = _printed(pagu)
    source.loc[index, "realisasi_pagu"] = _printed(spent)
    source.loc[index, "capaian_pagu"] = f"{spent / pagu * 100:.2f}"
    source.loc[index, "note"] = f"sum_mismatch sample: pagu and realisasi of the first {CHILDREN_COUNTED} sub kegiatan only"
    return source


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    source_path = OUT / "tw2.csv"
    make_source().to_csv(source_path, index=False)
    with tempfile.TemporaryDirectory() as work:
        book = Path(work) / f"{STEM}.xlsx"
        write_workbook(read_source(source_path), layout_for(2, titles(2, YEAR, OPD, CITY)), book, indonesian_numbers=False)
        for pdf in workbooks_to_pdf([book], OUT):
            print(pdf.relative_to(DATA.parent))


if __name__ == "__main__":
    main()
