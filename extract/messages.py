"""Everything rekon says to its user, in one catalogue: Indonesian by default, English on request.

One template per code, in both languages: each problem of problems.csv (a file's, a page's, a
cell's, and the batch's own: a duplicate or missing quarter, a group not matched), how a group
was formed, and what the commands print. Nothing is said before output: problems travel as data
(`rekon.extract.problems.Problem`) and `message(code, lang, **values)` says one when a table is
written or a line printed.
"""

from __future__ import annotations

# The readers make their problems with `problem` from here (where it was when it also said them).
from rekon.extract.problems import Problem, problem  # noqa: F401

MESSAGES: dict[str, dict[str, str]] = {
    "not_pdf": {
        "id": "bukan berkas PDF",
        "en": "not a PDF file",
    },
    "encrypted": {
        "id": "PDF terenkripsi/berkata sandi, tidak dapat dibaca",
        "en": "the PDF is encrypted (password protected) and cannot be read",
    },
    "corrupt": {
        "id": "PDF rusak atau terpotong: {detail}",
        "en": "the PDF is corrupt or truncated: {detail}",
    },
    "recovered": {
        "id": "PDF rusak ({detail}); dibaca ulang dengan pdfplumber, periksa kelengkapannya",
        "en": "damaged PDF ({detail}); read again with pdfplumber, check that it is complete",
    },
    "not_found": {
        "id": "berkas tidak ditemukan (periksa nama dan foldernya)",
        "en": "file not found (check its name and folder)",
    },
    "unreadable_file": {
        "id": "berkas tidak dapat dibuka: {detail}",
        "en": "the file cannot be opened: {detail}",
    },
    "empty_file": {
        "id": "berkas kosong (0 byte)",
        "en": "the file is empty (0 bytes)",
    },
    "no_text": {
        "id": "PDF tidak memiliki lapisan teks (hasil pindai?); perlu OCR lebih dulu (--ocr auto)",
        "en": "the PDF has no text layer (scanned?); it needs OCR first (--ocr auto)",
    },
    "ocr_missing": {
        "id": "PDF hasil pindai perlu OCR, tetapi {detail} tidak terpasang",
        "en": "the scanned PDF needs OCR, but {detail} is not installed",
    },
    "low_confidence": {
        "id": "angka hasil OCR kurang meyakinkan di kolom {field}: '{text}' (keyakinan {confidence}); periksa pada pindaian, tidak dimasukkan ke rows.csv",
        "en": "number read by OCR with low confidence in column {field}: '{text}' (confidence {confidence}); check it on the scan, not written to rows.csv",
    },
    "duplicate_file": {
        "id": "berkas ini sama persis (byte demi byte) dengan {kept}: dibaca sekali saja",
        "en": "this file is byte for byte the same as {kept}: read once",
    },
    "no_table": {
        "id": "tidak ditemukan tabel Pengukuran Kinerja dan Anggaran",
        "en": "no performance and budget table found",
    },
    "unknown_header": {
        "id": "judul kolom tidak dikenal di halaman {page}: '{text}' ({reason})",
        "en": "unknown column header on page {page}: '{text}' ({reason})",
    },
    "unmapped_value": {
        "id": "angka di bawah judul kolom yang tidak dikenal '{field}' di halaman {page}: '{text}'; tidak dimasukkan ke rows.csv, periksa pada dokumen",
        "en": "number under a column header that names no column, '{field}', on page {page}: '{text}'; not written to rows.csv, check it in the document",
    },
    "uncertain_column": {
        "id": "informasi: kolom {column} di halaman {page} ('{text}') dibaca sebagai {field} dengan keyakinan rendah ({confidence}); periksa: {evidence}",
        "en": "information: column {column} on page {page} ('{text}') read as {field} with low confidence ({confidence}); check it: {evidence}",
    },
    "unknown_layout": {
        "id": "tata letak tidak dikenal di halaman {page}: kolom {missing} tidak ditemukan (judul kolom: {text})",
        "en": "unknown layout on page {page}: no {missing} column (headers: {text})",
    },
    "no_quarter": {
        "id": "triwulan tidak ditemukan pada judul; gunakan --quarter",
        "en": "the quarter is not named in the titles; use --quarter",
    },
    "unreadable_number": {
        "id": "angka tidak terbaca di kolom {field}: '{text}'",
        "en": "unreadable number in column {field}: '{text}'",
    },
    "other_convention": {
        "id": "informasi: angka '{text}' di kolom {field} ditulis dalam format {convention}, berbeda dari kolomnya; dibaca sebagai {value}",
        "en": "information: the number '{text}' in column {field} is written as {convention}, unlike the rest of its column; read as {value}",
    },
    "spreadsheet_error": {
        "id": "kolom {field} berisi galat spreadsheet '{text}'",
        "en": "column {field} holds the spreadsheet error '{text}'",
    },
    "split_cell": {
        "id": "beberapa sel grid jatuh dalam satu baris di kolom {field}; teks digabung: '{text}'",
        "en": "several grid cells fall in one row of column {field}; texts joined: '{text}'",
    },
    "irregular_cell": {
        "id": "sel gabungan tidak persegi di kolom {field}: '{text}'",
        "en": "a merged cell that is not rectangular in column {field}: '{text}'",
    },
    "text_outside_grid": {
        "id": "teks di luar tabel pada halaman {page} tidak dibaca sebagai baris: '{text}'",
        "en": "text outside the table on page {page} is not read as a row: '{text}'",
    },
    "empty_page": {
        "id": "halaman {page} tidak memuat teks apa pun (halaman kosong, atau isinya rusak)",
        "en": "page {page} holds no text at all (a blank page, or its content is damaged)",
    },
    "page_without_table": {
        "id": "halaman {page} memuat teks tetapi tidak ada baris tabel yang terbaca",
        "en": "page {page} has text but no table row could be read",
    },
    "backend_disagreement": {
        "id": "pembaca grid berbeda di kolom {field}: pdfium '{text}', camelot '{other}'",
        "en": "the grid readers disagree in column {field}: pdfium '{text}', camelot '{other}'",
    },
    "empty_quarter": {
        "id": "kolom TW {quarter} kosong di seluruh dokumen; tidak ada baris TW {quarter}",
        "en": "the Q{quarter} columns are empty throughout the document; no Q{quarter} rows",
    },
    "level_from_sums": {
        "id": "tingkat '{text}' ({level}) hanya dapat ditentukan dari jumlah anggaran: nama tidak ada di nomenklatur dan tata letak tidak membedakannya",
        "en": "the level of '{text}' ({level}) could only be told from budget sums: the name is not in the nomenclature and the layout does not tell",
    },
    "timeout": {
        "id": "waktu habis setelah {seconds} detik; berkas dilewati",
        "en": "timed out after {seconds} seconds; file skipped",
    },
    "memory": {
        "id": "kehabisan memori (batas per berkas: --max-memory-mb); berkas dilewati",
        "en": "ran out of memory (the bound per file is --max-memory-mb); file skipped",
    },
    "crashed": {
        "id": "gagal diproses: {detail}",
        "en": "processing failed: {detail}",
    },
    "rekon_error": {
        "id": "galat rekon sendiri, bukan kerusakan berkas: {detail}",
        "en": "an error of rekon itself, not damage to the file: {detail}",
    },
    # -- the batch's own problems (rekon.groups, rekon.engine.outputs)
    "duplicate_quarter": {
        "id": "TW {quarter} {opd} {year} sudah dibaca dari {kept}; berkas ini tidak dicocokkan (barisnya tetap di rows.csv)",
        "en": "TW {quarter} of {opd} {year} was already read from {kept}; this file is not matched (its rows stay in rows.csv)",
    },
    "quarter_missing": {
        "id": "tidak ada berkas TW {quarter} untuk {opd} {year}",
        "en": "no TW {quarter} file for {opd} {year}",
    },
    "group_failed": {
        "id": "kelompok {group} tidak dapat dicocokkan: {reason}",
        "en": "group {group} could not be matched: {reason}",
    },
    # -- how a group was formed (the run's summary, the report's index)
    "how_title": {
        "id": "wilayah, OPD dan tahun dari judul",
        "en": "region, agency and year from the title",
    },
    "how_title_folder": {
        "id": "wilayah '{region}' dari folder {folder} (judul tidak mencantumkannya), OPD dan tahun dari judul",
        "en": "region '{region}' from the folder {folder} (the title does not print it), agency and year from the title",
    },
    "how_folder": {
        "id": "satu folder ({folder}) per OPD (--group-by folder), tahun dari judul",
        "en": "one folder ({folder}) per agency (--group-by folder), year from the title",
    },
    # -- what the commands print (rekon.cli, rekon.cli_said)
    "cli_extracting": {"id": "Ekstraksi", "en": "Extracting"},
    "cli_reporting": {"id": "Laporan", "en": "Report"},
    "cli_extracted": {
        "id": "{read}/{total} berkas terbaca, {rows} baris, {problems} masalah",
        "en": "{read}/{total} files read, {rows} rows, {problems} problems",
    },
    "cli_run_extracted": {
        "id": "{read}/{total} berkas terbaca; {grid_rows} baris tabel di grid, {rows} baris ditulis; {problems} masalah",
        "en": "{read}/{total} files read; {grid_rows} table rows in the grids, {rows} rows written; {problems} problems",
    },
    "cli_matched": {
        "id": "{indicators} indikator, {review} perlu ditinjau",
        "en": "{indicators} indicators, {review} to review",
    },
    "cli_identical_files": {
        "id": "{count} berkas kembar dibaca sekali (problems.csv)",
        "en": "{count} identical files read once (problems.csv)",
    },
    "cli_resumed": {
        "id": "{count} berkas diambil dari proses sebelumnya (--resume)",
        "en": "{count} files taken from the earlier run (--resume)",
    },
    "cli_unnamed_columns": {
        "id": "kolom yang tidak dikenali: {named} (isinya di problems.csv)",
        "en": "columns given no field: {named} (their cells in problems.csv)",
    },
    "cli_stale_verdicts": {
        "id": "{count} vonis untuk temuan yang tidak muncul lagi (tetap disimpan)",
        "en": "{count} verdicts on findings no longer reported (kept)",
    },
    "cli_findings_title": {"id": "Temuan per aturan dan tingkat", "en": "Findings per rule and severity"},
    "cli_review_status": {
        "id": "{new} baru, {open} belum ditinjau dari run sebelumnya, {reviewed} sudah ditinjau",
        "en": "{new} new, {open} not yet reviewed from the previous run, {reviewed} reviewed",
    },
    "cli_stored": {
        "id": "run {run_id}: {files} berkas, {rows} baris, {findings} temuan, {new} baru",
        "en": "run {run_id}: {files} files, {rows} rows, {findings} findings, {new} new",
    },
}


def message(code: str, lang: str = "id", **values: object) -> str:
    """The message of `code` in `lang` (Indonesian where a language has none), with `values` filled in."""
    templates = MESSAGES[code]
    return templates.get(lang, templates["id"]).format(**values)


def both(code: str, **values: object) -> str:
    """The message in both languages, Indonesian first: what is said before the language is known."""
    return f"{message(code, 'id', **values)} / {message(code, 'en', **values)}"
