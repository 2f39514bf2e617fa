"""A one-quarter report as an office types it in Word: a landscape table exported by LibreOffice Writer.

The sample's source rows (data/source/twN.csv, merged cells resolved: every row
prints its own values) in a Word table with the one-quarter form's columns:
narrow name and indicator columns of left-aligned wrapped text, the values
right-aligned, the header's lower row (Kinerja | Anggaran) under its groups.
Many rows of wrapped text starting at the same left edges make the page's ink
line up in columns as much as in rows: the orientation test of a scan of it
must not take it for a page on its side (extract/ocr/page.py). The truth is the
sample's (samples/truth.py), as for the Calc samples.

    python -m samples.writer_quarterly [--quarter 1] [--out data/writer_quarterly]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from samples.pdf import workbooks_to_pdf
from samples.source import read_source, resolve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "writer_quarterly"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# (header group, header below it, source field, numeric)
COLUMNS = (
    ("No", "", "no", False),
    ("Sasaran / Program / Kegiatan / Sub Kegiatan", "", "name", False),
    ("Indikator Kinerja", "", "indikator", False),
    ("Satuan", "", "satuan", False),
    ("Target", "Kinerja", "target_kinerja", True),
    ("Target", "Anggaran (Rp)", "target_pagu", True),
    ("Realisasi", "Kinerja", "realisasi_kinerja", True),
    ("Realisasi", "Anggaran (Rp)", "realisasi_pagu", True),
    ("Capaian (%)", "Kinerja", "capaian_kinerja", True),
    ("Capaian (%)", "Anggaran", "capaian_pagu", True),
    ("Keterangan", "", "keterangan", False),
)


def _name(row) -> str:
    return row["sasaran"] if row["level"] == "sasaran" else row["program"] or row["item"]


def write_docx(quarter: int, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    rows = resolve(read_source(ROOT / "data" / "source" / f"tw{quarter}.csv"))
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(8)
    normal.paragraph_format.space_after = Pt(0)
    for text in (f"PENGUKURAN KINERJA DAN ANGGARAN TRIWULAN {ROMAN[quarter]} TAHUN 2022",
                 "DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK DAN KELUARGA BERENCANA KABUPATEN SERANG"):
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(text).bold = True
    table = document.add_table(rows=2 + len(rows), cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    for index, (group, below, *_) in enumerate(COLUMNS):  # as Word inserts a table: columns of equal width
        table.cell(0, index).text = group
        table.cell(1, index).text = below
    for index in range(len(COLUMNS)):
        if not COLUMNS[index][1]:
            table.cell(0, index).merge(table.cell(1, index))
    for index in (4, 6, 8):  # the groups over their two columns
        merged = table.cell(0, index).merge(table.cell(0, index + 1))
        merged.text = COLUMNS[index][0]
    for header in (table.rows[0], table.rows[1]):
        for cell in header.cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for offset, (_, row) in enumerate(rows.iterrows()):
        cells = table.rows[2 + offset].cells
        for cell, (_, _, field, numeric) in zip(cells, COLUMNS):
            cell.text = _name(row) if field == "name" else str(row.get(field, ""))
            if numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)


def build(quarter: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rekon-writer-") as work:
        docx = Path(work) / f"dp3akb-serang-2022-tw{quarter}-writer.docx"
        write_docx(quarter, docx)
        (pdf,) = workbooks_to_pdf([docx], out)
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(build(args.quarter, args.out))


if __name__ == "__main__":
    main()
