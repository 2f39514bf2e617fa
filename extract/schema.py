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
    # The full Renja evaluation form (Permendagri 86/2017, tables E.79-E.81): the columns the
    # one-quarter form does not print. Each is printed once per row and repeated in each of
    # the row's quarter records.
    "target_renstra_kinerja",  # Target Renstra PD at the end of the period (K)
    "target_renstra_pagu",  # ... (Rp)
    "realisasi_renstra_lalu_kinerja",  # Renstra realisation up to last year's Renja (K)
    "realisasi_renstra_lalu_pagu",  # ... (Rp)
    "realisasi_tahun_kinerja",  # the year's realisation of the Renja evaluated (K)
    "realisasi_tahun_pagu",  # ... (Rp)
    "realisasi_renstra_kinerja",  # Renstra realisation up to this year (K)
    "realisasi_renstra_pagu",  # ... (Rp)
    "capaian_renstra_kinerja",  # level of achievement against the Renstra (%, K)
    "capaian_renstra_pagu",  # ... (%, Rp)
    "keterangan",
    "penanggung_jawab",  # the unit / agency in charge (Perangkat Daerah Penanggung Jawab)
    "budget_group",
    "cell_errors",
    "ocr_confidence",  # lowest OCR confidence (0-100) of the row's cells; empty when read from a text layer
    "low_confidence",  # value cells read by OCR below the threshold, withheld: `field=text (confidence)`
    "kode",  # the nomenclature code of the row's own item (program, kegiatan, sub kegiatan); empty when not found
    "kode_printed",  # the code as the form prints it (a Kode column); `kode` stays the one rekon looks up
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

# The numbers only the full Renja evaluation form prints. Kept apart from NUMERIC_FIELDS, which
# the one-quarter reader parses and votes on and its samples' truth lists: these are numbers too
# (rekon.schemas, the store), read by the side-by-side family.
FULL_FORM_NUMERIC_FIELDS = [
    "target_renstra_kinerja",
    "target_renstra_pagu",
    "realisasi_renstra_lalu_kinerja",
    "realisasi_renstra_lalu_pagu",
    "realisasi_tahun_kinerja",
    "realisasi_tahun_pagu",
    "realisasi_renstra_kinerja",
    "realisasi_renstra_pagu",
    "capaian_renstra_kinerja",
    "capaian_renstra_pagu",
]
ALL_NUMERIC_FIELDS = [*NUMERIC_FIELDS, *FULL_FORM_NUMERIC_FIELDS]

PROBLEM_COLUMNS = ["source_file", "page", "row_id", "field", "raw_text", "problem", "message"]

LEVELS = ("sasaran", "program", "kegiatan", "sub_kegiatan", "total")
