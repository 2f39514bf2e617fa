"""The columns of what extraction writes: rows.csv and problems.csv."""

ROW_COLUMNS = [
    "row_id",
    "source_file",
    "page",
    "bbox",
    "opd",
    "region",
    "year",
    "quarter",
    "level",
    "tujuan",
    "sasaran",
    "program",
    "kegiatan",
    "sub_kegiatan",
    "indikator",
    "satuan",
    "formula",
    "target_kinerja",
    "target_pagu",
    "realisasi_kinerja",
    "realisasi_pagu",
    "capaian_kinerja",
    "capaian_pagu",
    "keterangan",
    "budget_group",
    "cell_errors",
    "ocr_confidence",  # lowest OCR confidence (0-100) of the row's cells; empty when read from a text layer
    "low_confidence",  # value cells read by OCR below the threshold, withheld: `field=text (confidence)`
    "kode",  # the nomenclature code of the row's own item (program, kegiatan, sub kegiatan); empty when not found
    # What the row's level rests on (extract/structure.py): printed (a PROGRAM name, a sasaran or
    # total row), columns (one column per level), nomenclature, parent, children, other_quarters;
    # weak: position, sums, style. Empty where the reader does not say (the side-by-side forms).
    "level_basis",
]

NUMERIC_FIELDS = [
    "target_kinerja",
    "target_pagu",
    "realisasi_kinerja",
    "realisasi_pagu",
    "capaian_kinerja",
    "capaian_pagu",
]

PROBLEM_COLUMNS = ["source_file", "page", "row_id", "field", "raw_text", "problem", "message"]

LEVELS = ("sasaran", "program", "kegiatan", "sub_kegiatan", "total")
