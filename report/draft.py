"""A draft review report (laporan hasil reviu) in Word, for the auditor to edit: `rekon draft OUT_DIR`.

The usual shape of an inspectorate's review report: BAB I Pendahuluan (dasar, tujuan, ruang
lingkup: the files and quarters read, metodologi: how rekon read and tested them, with every
rule's criterion), BAB II Hasil Reviu (findings per rule and severity; each finding that needs
action under its title as kondisi, with its evidence crop, then kriteria, sebab for the auditor,
akibat and rekomendasi; the findings set aside in review listed apart), BAB III Penutup, and
appendices of the files read and of those that could not be read, with why. Plain Word: real
headings, tables and styles, so the auditor edits it like any report.
"""

from __future__ import annotations

import base64
import io
import math
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from rekon.report.evidence import build_evidence, plan_crops
from rekon.report.files import write_atomically
from rekon.report.html import files_read
from rekon.report.inputs import RunOutputs, read_outputs
from rekon.report.labels import labels_for
from rekon.report.papers import PaperFinding, PaperGroup
from rekon.report.papers_labels import papers_labels
from rekon.report.values import SEVERITIES
from rekon.report.workpapers import workpapers_groups
from rekon.rules.config import RuleSet, load_ruleset

TEXT_WIDTH_CM = 16.0  # A4 portrait with 2.5 cm margins
PIXELS_PER_POINT = 2.0  # report.evidence renders pages at scale 2
STRIP_SCALE = 1.25  # a strip may be printed at 1/1.25 of its natural size before it is cut again
MAX_STRIPS = 3
STRIP_GAP = 14  # pixels between two strips of one row


def build_draft(outputs: RunOutputs, ruleset: RuleSet, lang: str) -> Document:
    L = papers_labels(lang)
    groups = workpapers_groups(outputs, ruleset, lang)
    document = Document()
    _page_setup(document)
    _title_block(document, groups, L)
    _chapter_one(document, outputs, groups, ruleset, lang, L)
    _chapter_two(document, outputs, groups, ruleset, lang, L)
    document.add_heading(L["bab3"], level=1)
    document.add_paragraph(L["penutup_text"])
    _appendices(document, outputs, L)
    return document


def write_draft(out_dir: Path | str, path: Path | str, lang: str = "id", ruleset: RuleSet | Path | str | None = None) -> Path:
    outputs = read_outputs(out_dir)
    rules = ruleset if isinstance(ruleset, RuleSet) else load_ruleset(ruleset)
    document = build_draft(outputs, rules, lang)
    return write_atomically(Path(path), lambda temp: document.save(str(temp)))


# ---------------------------------------------------------------------------------------------


def _page_setup(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.styles["Normal"].font.size = Pt(11)


def _title_block(document: Document, groups: list[PaperGroup], L: dict) -> None:
    title = document.add_paragraph(L["draft_title"], style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject = document.add_paragraph(L["draft_subject"], style="Subtitle")
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for group in groups:
        line = document.add_paragraph(group.label(L["unknown"]))
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.runs[0].bold = True
    note = document.add_paragraph(L["draft_draft"])
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.runs[0].italic = True


def _chapter_one(document: Document, outputs: RunOutputs, groups: list[PaperGroup], ruleset: RuleSet, lang: str, L: dict) -> None:
    document.add_heading(L["bab1"], level=1)
    document.add_heading(f"A. {L['dasar']}", level=2)
    document.add_paragraph(L["dasar_text"])
    document.add_heading(f"B. {L['tujuan']}", level=2)
    document.add_paragraph(L["tujuan_text"])
    document.add_heading(f"C. {L['ruang_lingkup']}", level=2)
    files = files_read(outputs)
    document.add_paragraph(L["ruang_lingkup_text"].format(files=len(files), groups=len(groups)))
    _table(document, [L["region"], L["opd"], L["year"], L["quarters_read"]],
           [[g.region, g.opd or L["unknown"], g.year, ", ".join(g.quarters)] for g in groups], widths=(3.3, 7.2, 2.0, 3.5))
    document.add_heading(f"D. {L['metodologi']}", level=2)
    enabled = ruleset.enabled()
    document.add_paragraph(L["metodologi_text"].format(rules=len(enabled)))
    rows = []
    for rule in enabled:
        criterion = rule.text("criterion", lang)
        if rule.reference:
            criterion = f"{criterion} ({L['reference']}: {rule.reference})"
        rows.append([rule.text("title", lang) or rule.id, criterion])
    _table(document, [L["rules_table_rule"], L["rules_table_title"]], rows, widths=(5.0, 11.0))


def _chapter_two(document: Document, outputs: RunOutputs, groups: list[PaperGroup], ruleset: RuleSet, lang: str, L: dict) -> None:
    document.add_page_break()
    document.add_heading(L["bab2"], level=1)
    document.add_heading(f"A. {L['ringkasan']}", level=2)
    _summary_table(document, groups, ruleset, lang, L)
    document.add_heading(f"B. {L['uraian']}", level=2)
    action = [paper for group in groups for paper in group.action]
    if not action:
        document.add_paragraph(L["none"])
    crops = _crops(outputs, {paper.finding_id for paper in action}, lang)
    number = 0
    for index, group in enumerate(g for g in groups if g.action):
        document.add_heading(f"{index + 1}. {group.label(L['unknown'])}", level=3)
        by_rule: dict[str, list[PaperFinding]] = defaultdict(list)
        for paper in group.action:
            by_rule[paper.finding["rule"]].append(paper)
        for papers in by_rule.values():
            number += 1
            _finding_block(document, number, papers, crops, L)
    info = sum(g.info_count for g in groups)
    if info:
        document.add_paragraph(L["info_note"].format(count=info))
    document.add_heading(f"C. {L['diterima']}", level=2)
    if not any(group.set_aside for group in groups):
        document.add_paragraph(L["diterima_none"])
    for index, group in enumerate(g for g in groups if g.set_aside):
        document.add_heading(f"{index + 1}. {group.label(L['unknown'])}", level=3)
        _table(document, [L["number"], L["title_col"], L["kondisi"], L["verdict"], L["comment"]],
               [[str(n), p.title, p.kondisi, L.get(f"verdict_{p.finding.get('verdict', '')}", ""), p.finding.get("verdict_comment", "")]
                for n, p in enumerate(group.set_aside, start=1)], widths=(1.0, 3.5, 7.5, 2.0, 2.0))


def _finding_block(document: Document, number: int, papers: list[PaperFinding], crops: dict, L: dict) -> None:
    """One temuan: its kondisi (each finding, with where it is, its review and its evidence), then
    the criterion, cause, effect and recommendation the findings of one rule share."""
    first = papers[0]
    document.add_heading(L["finding_heading"].format(number=number, title=first.title), level=4)
    _label(document, L["kondisi"])
    for n, paper in enumerate(papers, start=1):
        item = document.add_paragraph()  # numbered by hand: Word's list numbering would run on across findings
        item.paragraph_format.left_indent, item.paragraph_format.first_line_indent = Cm(0.75), Cm(-0.75)
        item.add_run(f"{n}.\t{paper.kondisi}")
        details = [f"{L['location']}: {paper.location}", f"{L['severity']}: {_severity(paper.finding.get('severity', ''), L)}"]
        verdict = paper.finding.get("verdict", "")
        if verdict:
            comment = paper.finding.get("verdict_comment", "")
            details.append(f"{L['verdict']}: {L.get(f'verdict_{verdict}', verdict)}" + (f" — {comment}" if comment else ""))
        details.append(f"{L['finding_id']}: {paper.finding_id}")
        meta = item.add_run("\n" + "; ".join(details))
        meta.italic, meta.font.size = True, Pt(9)
        for crop in crops.get(paper.finding_id, []):
            _evidence(document, crop, L)
    for key, text in (("kriteria", first.kriteria), ("sebab", L["sebab_placeholder"]), ("akibat", first.akibat), ("rekomendasi", first.rekomendasi)):
        _label(document, L[key])
        document.add_paragraph(text)


def _severity(severity: str, L: dict) -> str:
    return L["info_sev"] if severity == "info" else L.get(severity, severity)


def _label(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(6), Pt(2)
    paragraph.add_run(text).bold = True


def _evidence(document: Document, crop, L: dict) -> None:
    if not crop.data_uri:
        document.add_paragraph(L["evidence_missing"].format(note=crop.note), style="Caption")
        return
    picture, width_cm = _printable(base64.b64decode(crop.data_uri.split(",", 1)[1]))
    document.add_picture(picture, width=Cm(width_cm))
    document.add_paragraph(L["evidence_caption"].format(caption=crop.caption), style="Caption")


def _printable(png: bytes) -> tuple[io.BytesIO, float]:
    """The crop as a picture that prints legibly on a portrait page, and its width in cm.

    A row of a landscape table is two or three text widths wide: at one text width its 5 pt
    figures would print at 2 pt. Such a row is cut into strips stacked one under the other
    (left part first), each printed at close to its natural size."""
    from PIL import Image, ImageDraw

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
    natural_cm = image.width / PIXELS_PER_POINT / 72 * 2.54
    strips = min(MAX_STRIPS, max(1, math.ceil(natural_cm / (TEXT_WIDTH_CM * STRIP_SCALE))))
    if strips == 1:
        return io.BytesIO(png), min(TEXT_WIDTH_CM, natural_cm)
    width = math.ceil(image.width / strips)
    stacked = Image.new("RGB", (width, strips * image.height + (strips - 1) * STRIP_GAP), "white")
    draw = ImageDraw.Draw(stacked)
    for n in range(strips):
        top = n * (image.height + STRIP_GAP)
        stacked.paste(image.crop((n * width, 0, min(image.width, (n + 1) * width), image.height)), (0, top))
        if n:
            draw.line([(0, top - STRIP_GAP // 2), (width, top - STRIP_GAP // 2)], fill=(150, 150, 150), width=2)
    buffer = io.BytesIO()
    stacked.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer, min(TEXT_WIDTH_CM, natural_cm / strips)


def _crops(outputs: RunOutputs, finding_ids: set[str], lang: str) -> dict[str, list]:
    """finding_id -> its evidence crops (report.evidence, the pictures report.html shows)."""
    if not finding_ids:
        return {}
    plan = {fid: requests for fid, requests in plan_crops(outputs).items() if fid in finding_ids}
    evidence = build_evidence(outputs, labels_for(lang), plan)
    return {fid: [evidence.crops[key] for key in keys if key in evidence.crops] for fid, keys in evidence.by_finding.items()}


def _summary_table(document: Document, groups: list[PaperGroup], ruleset: RuleSet, lang: str, L: dict) -> None:
    counts: Counter = Counter()
    for group in groups:
        counts.update(group.counts)
    rules = sorted({rule for rule, _ in counts}, key=lambda r: ([-counts[(r, s)] for s in SEVERITIES], r))
    rows = []
    for rule_id in rules:
        rule = ruleset.rules.get(rule_id)
        row = [(rule.text("title", lang) if rule else "") or rule_id, rule_id]
        row += [str(counts[(rule_id, s)] or "") for s in SEVERITIES]
        rows.append(row + [str(sum(counts[(rule_id, s)] for s in SEVERITIES))])
    totals = [str(sum(counts[(r, s)] for r in rules)) for s in SEVERITIES]
    rows.append([L["total"], ""] + totals + [str(sum(counts.values()))])
    severity_words = [L["info_sev"] if s == "info" else L[s] for s in SEVERITIES]
    table = _table(document, [L["title_col"], L["rule"], *severity_words, L["total"]], rows, widths=(5.0, 3.6, 1.7, 2.1, 1.6, 2.0))
    for cell in table.rows[-1].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _appendices(document: Document, outputs: RunOutputs, L: dict) -> None:
    document.add_page_break()
    document.add_heading(L["lampiran"], level=1)
    files = files_read(outputs)
    document.add_heading(L["lampiran_files"], level=2)
    _table(document, [L["file"], L["quarters"], L["rows"], L["problems"]],
           [[Path(f["name"]).name, f["quarter"], str(f["rows"]), str(f["problems"])] for f in files], widths=(8.0, 3.0, 2.5, 2.5))
    document.add_heading(L["lampiran_failed"], level=2)
    failed = _failed_files(outputs, files)
    if failed:
        _table(document, [L["file"], L["reason"]], failed, widths=(6.0, 10.0))
    else:
        document.add_paragraph(L["lampiran_failed_none"])
    document.add_paragraph(L["generated"].format(date=date.today().isoformat(), out_dir=str(outputs.out_dir))).runs[0].italic = True


def _failed_files(outputs: RunOutputs, files: list[dict]) -> list[list[str]]:
    """Each file that gave no rows, with the reasons problems.csv gives for it."""
    problems = outputs.problems
    rows = []
    for entry in files:
        if entry["rows"] or not entry["name"]:
            continue
        mine = problems[problems["source_file"] == entry["name"]] if len(problems) else problems
        reasons = list(dict.fromkeys(m for m in mine.get("message", []) if m))
        rows.append([entry["name"], "; ".join(reasons[:3])])
    return rows


def _table(document: Document, header: list[str], rows: list[list[str]], widths: tuple[float, ...] | None = None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = str(text)
    if widths:  # Word reads the cells' widths, LibreOffice the table grid's: both are set
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    return table
