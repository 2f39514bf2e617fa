"""Small report variants made with reportlab for the structure tests: each page is a table of
its own (the grid closed at every page break), laid out exactly as a test declares it.

A variant is declared as data: header cells (text, row, column, spans), column widths, and
per page its body rows. In a body row, `^` is the same merged cell as the one above it on
that page; a merged cell cut by a page break is declared as its text on one page and an
empty cell on the next, as Word and reportlab print it. Cell text wraps with reportlab's
own Paragraph (Helvetica), whose `splitLongWords` cuts a word wider than its cell by
filling the rest of the line with its first letters: another way of cutting than the
second producer's Word-like one (samples/producer2/wrap.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

MERGED = "^"


@dataclass(frozen=True)
class Head:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Variant:
    header: list[Head]
    header_rows: int
    widths: list[float]
    pages: list[list[list[str]]]
    titles: list[str] = field(default_factory=list)
    font_size: float = 6.5
    repeat_header: bool = True  # False: the header on the first page only

    def render(self, out: Path) -> Path:
        style = ParagraphStyle("cell", fontName="Helvetica", fontSize=self.font_size, leading=self.font_size * 1.2)
        width, height = landscape(A4)
        canvas = Canvas(str(out), pagesize=(width, height), invariant=1)
        for number, body in enumerate(self.pages):
            top = height - 30
            if number == 0:
                for line in self.titles:
                    canvas.setFont("Helvetica-Bold", 9)
                    canvas.drawCentredString(width / 2, top, line)
                    top -= 12
            table = self._table(body, style, with_header=number == 0 or self.repeat_header)
            _, table_height = table.wrapOn(canvas, width - 60, top - 30)
            table.drawOn(canvas, 30, top - 6 - table_height)
            canvas.showPage()
        canvas.save()
        return out

    def _table(self, body: list[list[str]], style: ParagraphStyle, with_header: bool = True) -> Table:
        columns = len(self.widths)
        header_rows = self.header_rows if with_header else 0
        grid: list[list[object]] = [["" for _ in range(columns)] for _ in range(header_rows)]
        commands: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for head in self.header if with_header else ():
            grid[head.row][head.col] = Paragraph(head.text, style)
            if head.rowspan > 1 or head.colspan > 1:
                commands.append(("SPAN", (head.col, head.row), (head.col + head.colspan - 1, head.row + head.rowspan - 1)))
        for offset, row in enumerate(body):
            assert len(row) == columns, row
            grid.append([Paragraph(text, style) if text and text != MERGED else "" for text in row])
        # Vertical merges: a run of `^` below a cell spans it.
        for col in range(columns):
            start = None
            for index, row in enumerate(body + [[""] * columns]):
                if row[col] == MERGED:
                    start = index - 1 if start is None else start
                    continue
                if start is not None:
                    commands.append(("SPAN", (col, header_rows + start), (col, header_rows + index - 1)))
                    start = None
        table = Table(grid, colWidths=self.widths, repeatRows=0)
        table.setStyle(TableStyle(commands))
        return table


def quarterly_header(groups: tuple[tuple[str, str, str], ...], keterangan: str = "Keterangan", item: str = "Program/ Kegiatan/ Sub Kegiatan") -> list[Head]:
    """No | Tujuan | Sasaran | item | Indikator | Satuan | Formula | three groups of two | Keterangan."""
    leading = ["No", "Tujuan Strategis", "Sasaran Strategis", item, "Indikator Kinerja", "Satuan", "Cara/ Formula Pengukuran"]
    heads = [Head(text, 0, col, rowspan=2) for col, text in enumerate(leading)]
    col = len(leading)
    for group, kinerja, anggaran in groups:
        heads += [Head(group, 0, col, colspan=2), Head(kinerja, 1, col), Head(anggaran, 1, col + 1)]
        col += 2
    heads.append(Head(keterangan, 0, col, rowspan=2))
    return heads


def separate_header() -> list[Head]:
    """No | Tujuan | Sasaran | Program | Kegiatan | Sub Kegiatan | Indikator | Satuan | Formula | three K/Rp groups | Keterangan."""
    leading = ["No", "Tujuan", "Sasaran", "Program", "Kegiatan", "Sub Kegiatan", "Indikator", "Satuan", "Formula"]
    heads = [Head(text, 0, col, rowspan=2) for col, text in enumerate(leading)]
    col = len(leading)
    for group, kinerja, anggaran in (("Target", "K", "Rp"), ("Realisasi", "K", "Rp"), ("Capaian (%)", "K", "Rp")):
        heads += [Head(group, 0, col, colspan=2), Head(kinerja, 1, col), Head(anggaran, 1, col + 1)]
        col += 2
    return heads + [Head("Keterangan", 0, col, rowspan=2)]


QUARTERLY_WIDTHS = [14, 64, 64, 110, 100, 34, 90, 34, 52, 34, 52, 34, 34, 60]


def titles(quarter: str, agency: str = "DINAS CONTOH PERENCANAAN DAERAH") -> list[str]:
    return ["PENGUKURAN KINERJA DAN ANGGARAN TAHUN 2024", agency, "KABUPATEN CONTOH", f"TRIWULAN {quarter}"]
