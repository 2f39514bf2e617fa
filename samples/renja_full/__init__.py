"""Samples of the full Renja evaluation form of Permendagri 86/2017 (tables E.79-E.81), with every cell's truth.

Two agencies (Dinas Lingkungan Hidup Kota Balikpapan 2024, kabupaten/kota wording; Dinas
Perhubungan Provinsi Jawa Tengah 2023, province wording), each rendered by two producers
(python-docx through LibreOffice Writer, openpyxl through LibreOffice Calc), plus a trimmed
subset (the columns of ../shared/real/tangsel-2023, TW I-II filled) and a form that prints only
some of the full columns. Names and codes come from the national nomenclature; every number
is consistent by construction (``plan.py``), so the form's rules find nothing on them.

Re-render (needs LibreOffice; writes data/renja_full/<stem>.pdf and <stem>.csv, the truth):

    make samples-renja            # or: python -m samples.renja_full [STEM...]

``plan.py`` builds an agency's items and numbers, ``form.py`` declares the variants' columns and
header, ``body.py`` lays out the rows and their truth, ``docx_form.py`` and ``xlsx_form.py`` are
the two producers, ``variants.py`` lists the committed samples and ``build.py`` renders them.
"""
