"""A small Renja evaluation form with the quarters side by side, as a Word export draws it (reportlab's
Table): the header of the real forms (``Realisasi Kinerja Pada Triwulan I - IV Tahun N`` over the
quarter labels and their K / Rp pairs), an agency row, a program and two kegiatan with their values.
Small on purpose: a page to scan and read by OCR in a test."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

NAME = "Urusan/Bidang Urusan/Program/Kegiatan"
INDICATOR = "Indikator Kinerja Program (Outcome)/Indikator Kinerja Kegiatan (Output)"
AGENCY = "Perangkat Daerah Penanggung Jawab"
# name, indicator, then K and Rp of TW I-IV (Indonesian number format, as the real forms print it)
ROWS = (
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", "", "", "", "", "", "", "", "", ""),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "Nilai LKE PMPRB Perangkat Daerah",
     "", "4.371.719.536", "", "7.534.831.424", "", "", "", ""),
    ("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Tersedianya dokumen perencanaan",
     "2", "73.481.400", "3", "96.250.000", "", "", "", ""),
    ("Administrasi Keuangan Perangkat Daerah", "Tersedianya laporan keuangan Dinas",
     "3", "1.980.260.339", "4", "3.110.186.193", "", "", "", ""),
)
WIDTHS = (120, 120, 26, 62, 26, 62, 26, 62, 26, 62, 70)  # points: name, indicator, K/Rp x 4, agency
FONT, BOLD = "Helvetica", "Helvetica-Bold"
SIZE = 7


def _wrap(text: str, width: float, font: str = FONT) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and stringWidth(candidate, font, SIZE) > width - 8:
            lines.append(line)
            line = word
        else:
            line = candidate
    return "\n".join(lines + [line] if line else lines)


def render(target: Path, year: int = 2023) -> Path:
    header = [
        [_wrap(NAME, WIDTHS[0], BOLD), _wrap(INDICATOR, WIDTHS[1], BOLD), f"Realisasi Kinerja Pada Triwulan I - IV Tahun {year}",
         "", "", "", "", "", "", "", _wrap(AGENCY, WIDTHS[10], BOLD)],
        ["", "", "I", "", "II", "", "III", "", "IV", "", ""],
        ["", "", "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp", ""],
    ]
    body = [[_wrap(row[0], WIDTHS[0]), _wrap(row[1], WIDTHS[1]), *row[2:], "DISDUKCAPIL"] for row in ROWS]
    table = Table(header + body, colWidths=WIDTHS)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, SIZE),
        ("FONT", (0, 0), (-1, 2), BOLD, SIZE),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("SPAN", (0, 0), (0, 2)), ("SPAN", (1, 0), (1, 2)), ("SPAN", (2, 0), (9, 0)), ("SPAN", (10, 0), (10, 2)),
        ("SPAN", (2, 1), (3, 1)), ("SPAN", (4, 1), (5, 1)), ("SPAN", (6, 1), (7, 1)), ("SPAN", (8, 1), (9, 1)),
        ("ALIGN", (2, 0), (9, 2), "CENTER"),
        ("ALIGN", (2, 3), (9, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    margin = 18
    width, height = table.wrap(sum(WIDTHS), 2000)
    canvas = Canvas(str(target), pagesize=(width + 2 * margin, height + 2 * margin))
    table.drawOn(canvas, margin, margin)
    canvas.save()
    return target
