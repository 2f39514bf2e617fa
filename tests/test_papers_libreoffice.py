"""The draft review report (Word) and the working papers (xlsx) as an auditor opens them: read with
python-docx and openpyxl, and converted to PDF by LibreOffice (one conversion for both, shared by
the module) with the text of every finding that needs action found in the PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from docx import Document
from typer.testing import CliRunner

from rekon.cli import app
from rekon.report.inputs import read_outputs
from rekon.report.workpapers import workpapers_groups
from tests.capabilities import requires
from tests.test_report_support import read_csv
from tests.test_workpapers import reviewed_copy

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Heavy (`make test-slow`, which CI runs after `make test`); skipped, saying so, without LibreOffice.
pytestmark = [pytest.mark.slow, requires("libreoffice")]
# A profile of our own, kept between runs (a first start costs seconds): another LibreOffice of the user is not disturbed.
PROFILE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rekon-tests" / "libreoffice-profile"
BAD_FILE = "rusak.pdf"


def _words(text: str) -> str:
    """Text as a line of words: line breaks are spaces, a word wrapped at its hyphen is whole again
    (PDFium marks such a hyphen U+FFFE or U+0002)."""
    text = text.replace("\ufffe", "-").replace("\x02", "-")
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """A reviewed run (two errors or warnings per rule kept, the rest judged acceptable) with a file that
    could not be read; its draft and working papers written by the commands, then converted to PDF."""
    out, verdicts = reviewed_copy(tmp_path_factory.mktemp("papers"), keep_per_rule=2)
    problems = read_csv(out / "problems.csv")
    problems.loc[len(problems)] = {**{c: "" for c in problems.columns}, "source_file": BAD_FILE, "problem": "corrupt", "message": "berkas PDF rusak: xref tidak terbaca"}
    problems.to_csv(out / "problems.csv", index=False)
    for command in (["draft", str(out), "-o", str(out / "laporan.docx")], ["workpapers", str(out)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, result.output
    pdf_dir = out / "pdf"
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={PROFILE.as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(pdf_dir),
         str(out / "laporan.docx"), str(out / "kertas-kerja.xlsx")],
        capture_output=True, text=True, timeout=240,
    )
    assert completed.returncode == 0, completed.stderr
    groups = workpapers_groups(read_outputs(out), None, "id")
    return out, verdicts, [p for g in groups for p in g.action], [p for g in groups for p in g.set_aside]


def test_the_draft_has_the_shape_of_a_review_report(papers):
    out, _, action, set_aside = papers
    document = Document(out / "laporan.docx")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    titles = [text for _, text in headings]
    order = ["BAB I PENDAHULUAN", "A. Dasar Reviu", "B. Tujuan Reviu", "C. Ruang Lingkup", "D. Metodologi", "BAB II HASIL REVIU",
             "A. Ringkasan Temuan per Aturan dan Tingkat", "B. Uraian Temuan yang Perlu Tindak Lanjut",
             "C. Temuan yang Dinilai Dapat Diterima dalam Tinjauan", "BAB III PENUTUP", "LAMPIRAN"]
    assert [t for t in titles if t in order] == order
    assert all(style == "Heading 1" for style, text in headings if text.startswith(("BAB", "LAMPIRAN")))
    temuan = [text for style, text in headings if style == "Heading 4"]
    assert temuan and all(re.match(r"Temuan \d+: \S", t) for t in temuan)
    assert len(temuan) == len({p.finding["rule"] for p in action})  # one per rule (the run is one agency's year)
    paragraphs = [_words(p.text) for p in document.paragraphs]
    for paper in action:  # each finding that needs action, as its own kondisi, with its place and id
        assert any(_words(paper.kondisi) in text and paper.finding_id in text for text in paragraphs), paper.finding_id
    for label in ("Kondisi", "Kriteria", "Sebab", "Akibat", "Rekomendasi"):
        assert paragraphs.count(label) == len(temuan)
    tables = ["\n".join(cell.text for row in table.rows for cell in row.cells) for table in document.tables]
    assert any(BAD_FILE in t and "xref tidak terbaca" in t for t in tables)  # the appendix of files that could not be read
    set_aside_table = next(t for t in tables if "dapat diterima" in t)
    assert all(_words(p.kondisi) in _words(set_aside_table) for p in set_aside) and len(set_aside) > 50
    assert any("dp3akb-serang-2022-tw1.pdf" in t and "TW I" in t for t in tables)  # the files read


def test_each_finding_that_needs_action_carries_its_evidence_picture(papers):
    out, _, action, _ = papers
    document = Document(out / "laporan.docx")
    pictures = document.inline_shapes
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(pictures) == len([c for c in captions if c.startswith("Bukti:")]) >= len(action)
    for paper in action:
        row = paper.finding["row_id"]
        assert any(c.startswith("Bukti:") and row in c for c in captions), row
    for shape in pictures:
        assert shape.width <= 16.01 * 360000  # within the text width (EMU per cm)


def test_libreoffice_converts_the_draft_and_every_finding_is_in_its_text(papers):
    out, _, action, _ = papers
    pdf = pypdfium2.PdfDocument(out / "pdf" / "laporan.pdf")
    try:
        text = _words(" ".join(page.get_textpage().get_text_range() for page in pdf))
        pages = len(pdf)
    finally:
        pdf.close()
    assert pages >= 5 and "LAPORAN HASIL REVIU" in text and "BAB III PENUTUP" in text
    missing = [p.finding_id for p in action if _words(p.kondisi) not in text or p.finding_id not in text]
    assert not missing


def _column_text(pdf_path: Path, header: str, next_header: str) -> str:
    """The text of one column of a sheet printed by LibreOffice: what lies between the x of its
    header and the next header's, below the header, page after page."""
    pdf = pypdfium2.PdfDocument(pdf_path)
    texts = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            boxes = []
            for word in (header, next_header):
                hit = textpage.search(word, match_case=True, match_whole_word=True).get_next()
                boxes.append(textpage.get_charbox(hit[0]) if hit else None)
            if None not in boxes:
                (left, bottom, _, _), (right, _, _, _) = boxes
                texts.append(textpage.get_text_bounded(left=left - 2, bottom=0, right=right - 2, top=bottom - 1))
    finally:
        pdf.close()
    return _words(" ".join(texts))


def test_libreoffice_converts_the_working_papers_and_every_finding_is_in_its_text(papers):
    out, _, action, _ = papers
    sheet = openpyxl.load_workbook(out / "kertas-kerja.xlsx")["Kertas Kerja"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$4:$4"
    pdf_path = out / "pdf" / "kertas-kerja.pdf"
    kondisi = _column_text(pdf_path, "Kondisi", "Kriteria")
    missing = [p.number for p in action if _words(p.kondisi) not in kondisi]
    assert action and not missing, missing
