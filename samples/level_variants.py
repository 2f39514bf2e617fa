"""Samples that test how levels are told: `python -m samples.level_variants` (needs LibreOffice).

Both are TW II of the samples with changes an auditor meets in reports rekon has not seen:

* ``sums``: the kegiatan "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
  prints the pagu and realisasi of its first three sub kegiatan only (the fourth,
  "Penyediaan Jasa Pelayanan Umum Kantor", is left out of its total), with the
  capaian that follows. Those three close exactly, so a reader that tells levels
  by sums takes the fourth sub kegiatan for a kegiatan and never sees the mismatch.
* ``names``: the same error, and item names as agencies really print them:
  typos, a hyphen and a slash spaced, an older wording, indicator text in the
  name column, and names of the agency's own that are in no list.

Each writes data/levels/<name>/tw2.csv (the source: ground truth of the tests)
and the PDF beside it (committed, so the tests need no LibreOffice).
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

OUT = DATA / "levels"
MISMATCHED_KEGIATAN = "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
CHILDREN_COUNTED = 3

# Printed item name -> the name the `names` sample prints instead, and why.
RENAMED = {
    # typos and spacing: the nomenclature still knows them
    "Penyusunan Dokumen Perencanaan Perangkat Daerah": "Penyusunan Dokumen Perencanan Perangkat Daerah",
    "Koordinasi dan Penyusunan Dokumen RKA-SKPD": "Koordinasi dan Penyusunan Dokumen RKA - SKPD",
    "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik": "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrk",
    "Penatausahaan Barang Milik Daerah pada SKPD": "Penatusahaan Barang Milik Daerah pada SKPD",
    "Penyediaan Jasa Surat Menyurat": "Penyediaan Jasa Surat / Menyurat",
    # the kegiatan renamed by the agency, above listed sub kegiatan of its own
    "Administrasi Umum Perangkat Daerah": "Urusan Rumah Tangga dan Umum Dinas",
    # indicator text in the name column
    "Penyediaan Peralatan dan Perlengkapan Kantor": "Jumlah bulan penyediaan alat tulis kantor",
    # a kegiatan and its only sub kegiatan of the agency's own: only their sums tell them apart
    "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah": "Belanja Modal Kantor Dinas",
    "Pengadaan Sarana dan Prasarana Gedung Kantor atau Bangunan Lainnya": "Pengadaan Perlengkapan Gedung UPT",
    # the sub kegiatan left out of the mismatched total, renamed beyond recognition
    "Penyediaan Jasa Pelayanan Umum Kantor": "Honorarium Tenaga Pendukung Kantor",
}


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text.strip() not in ("", "-") else Decimal(0)


def _printed(value: Decimal) -> str:
    return f"{int(value):,}"


def with_sum_mismatch(source: pd.DataFrame) -> pd.DataFrame:
    source = source.copy()
    index = source.index[(source["level"] == "kegiatan") & (source["item"] == MISMATCHED_KEGIATAN)][0]
    children = source.loc[index + 1 : index + CHILDREN_COUNTED]
    assert (children["level"] == "sub_kegiatan").all()
    pagu = sum(map(_amount, children["target_pagu"]), Decimal(0))
    spent = sum(map(_amount, children["realisasi_pagu"]), Decimal(0))
    source.loc[index, "target_pagu"] = _printed(pagu)
    source.loc[index, "realisasi_pagu"] = _printed(spent)
    source.loc[index, "capaian_pagu"] = f"{spent / pagu * 100:.2f}"
    source.loc[index, "note"] = f"level sample: pagu and realisasi of the first {CHILDREN_COUNTED} sub kegiatan only"
    return source


def with_names(source: pd.DataFrame) -> pd.DataFrame:
    source = source.copy()
    items = source["item"].str.split().str.join(" ")
    missing = [name for name in RENAMED if not (items == name).any()]
    assert not missing, missing
    for printed, renamed in RENAMED.items():
        source.loc[items == printed, "item"] = renamed
    return source


VARIANTS = {
    "sums": with_sum_mismatch,
    "names": lambda source: with_names(with_sum_mismatch(source)),
}


def source_path(variant: str) -> Path:
    return OUT / variant / "tw2.csv"


def pdf_path(variant: str) -> Path:
    return OUT / variant / f"dp3akb-serang-{YEAR}-tw2-{variant}.pdf"


def main() -> None:
    original = pd.read_csv(DATA / "source" / "tw2.csv", dtype=str, keep_default_na=False)
    for variant, change in VARIANTS.items():
        path = source_path(variant)
        path.parent.mkdir(parents=True, exist_ok=True)
        change(original).to_csv(path, index=False)
        with tempfile.TemporaryDirectory() as work:
            book = Path(work) / f"{pdf_path(variant).stem}.xlsx"
            write_workbook(read_source(path), layout_for(2, titles(2, YEAR, OPD, CITY)), book, indonesian_numbers=False)
            for pdf in workbooks_to_pdf([book], path.parent):
                print(pdf.relative_to(DATA.parent))


if __name__ == "__main__":
    main()
