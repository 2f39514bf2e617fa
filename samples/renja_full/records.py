"""A sample's truth as rows.csv records: what a perfect reader of the form returns.

One record per printed row and quarter printed (row id `<stem>:p1:r<row>:q<quarter>`, as the
side-by-side reader names them; the page is not part of the truth), every value parsed as the
form prints it (Indonesian numbers; `-` and blank are empty), a merged cell (`^`) empty below
its first row, its rows sharing `budget_group`. The rules can be run on these before any reader
reads the PDFs; `bench/renja.py` compares a reader's rows.csv with them.
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.numbers import Convention, parse_cell
from rekon.extract.schema import ALL_NUMERIC_FIELDS, ROW_COLUMNS
from samples.renja_full.form import MERGE, Variant

QUARTERLY = {"realisasi_kinerja": "realisasi_kinerja_q{q}", "realisasi_pagu": "realisasi_pagu_q{q}"}
TEXT_FIELDS = ("level", "kode", "kode_printed", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan",
               "penanggung_jawab", "keterangan")


def plain(text: str) -> str:
    """A printed value as rows.csv holds it."""
    if text in ("", MERGE):
        return ""
    return parse_cell(text, Convention.DOT_THOUSANDS).plain


def quarters_printed(truth: list[dict]) -> list[int]:
    return [q for q in (1, 2, 3, 4) if any(row[f"realisasi_kinerja_q{q}"] or row[f"realisasi_pagu_q{q}"] for row in truth)]


def truth_records(truth: list[dict], variant: Variant, source_file: str) -> pd.DataFrame:
    agency, stem = variant.agency, variant.stem
    records = []
    for quarter in quarters_printed(truth):
        for row in truth:
            record = dict.fromkeys(ROW_COLUMNS, "")
            record.update(
                row_id=f"{stem}:p1:r{row['row']}:q{quarter}", source_file=source_file, page="1", opd=agency.name,
                region=agency.region, year=str(agency.year), quarter=str(quarter),
                budget_group=f"{stem}:p1:r{row['budget_group']}:q{quarter}",
            )
            for field in TEXT_FIELDS:
                record[field] = "" if row[field] == MERGE else row[field]
            for field in ALL_NUMERIC_FIELDS:
                source = QUARTERLY[field].format(q=quarter) if field in QUARTERLY else field
                record[field] = plain(row.get(source, ""))
            records.append(record)
    return pd.DataFrame.from_records(records, columns=ROW_COLUMNS).astype(str)
