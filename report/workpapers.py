"""Kertas kerja: the findings that need action as working papers, one sheet (report.xlsx or alone).

One row per finding that needs action (report.papers decides which), grouped per region,
agency and year under a line that sums the group up: number, agency, year, quarter(s), where
(file, page, row), kondisi, kriteria, sebab (empty, for the auditor), akibat, rekomendasi,
severity, the review verdict and comment, and a link to the finding's evidence in report.html.

    rekon workpapers OUT_DIR            # OUT_DIR/kertas-kerja.xlsx (working-papers.xlsx with --lang en)
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from rekon.report.files import write_atomically
from rekon.report.inputs import RunOutputs, read_outputs
from rekon.report.papers import PaperFinding, PaperGroup, build_papers, evidence_target, report_pages
from rekon.report.papers_labels import papers_labels
from rekon.report.workbook import HEADER_FILL, HEADER_FONT, SEVERITY_FILLS, named_style
from rekon.rules.config import RuleSet
from rekon.rules.findings_files import neutralise

FILE_NAMES = {"id": "kertas-kerja.xlsx", "en": "working-papers.xlsx"}
# (label key, width): the columns of the sheet, in order
# (narrow enough that A3 landscape, one page wide, prints the 9 pt text at about 7 pt)
COLUMNS = [
    ("number", 4), ("region", 10), ("opd", 14), ("year", 6), ("quarters", 9), ("location", 15), ("title_col", 16),
    ("kondisi", 40), ("kriteria", 32), ("sebab", 14), ("akibat", 24), ("rekomendasi", 28),
    ("severity", 9), ("verdict", 11), ("comment", 14), ("evidence", 9), ("finding_id", 15),
]
HEADER_ROW = 4
FONT_SIZE = 9
LINE_HEIGHT = 12  # points per line of 9 pt text
CHARACTERS_PER_WIDTH = 1.2  # 9 pt characters per unit of column width (set in the 11 pt default font)
GROUP_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")
Link = Callable[[PaperGroup, str], str]


def _text(value: str) -> str:
    return neutralise(value) if value else value


def _values(paper: PaperFinding, group: PaperGroup, L: dict) -> list:
    finding = paper.finding
    verdict = finding.get("verdict", "") or ""
    status = finding.get("review_status", "") or ""
    verdict_text = L.get(f"verdict_{verdict}") if verdict else L.get(f"status_{status}", "")
    severity = finding.get("severity", "")
    return [
        paper.number, group.region, group.opd, int(group.year) if group.year.isdigit() else group.year, paper.quarters, paper.location,
        paper.title, paper.kondisi, paper.kriteria, "", paper.akibat, paper.rekomendasi,
        L.get("info_sev" if severity == "info" else severity, severity), verdict_text or "", finding.get("verdict_comment", "") or "",
        "", finding["finding_id"],
    ]


def row_height(values: list) -> float:
    """Points a row needs so that each cell's wrapped text shows whole: its words wrapped at the
    column's width, as a spreadsheet wraps them (an estimate: glyph widths vary)."""
    lines = 1
    for value, (_, width) in zip(values, COLUMNS):
        lines = max(lines, _wrapped_lines(str(value or ""), max(1, int(width * CHARACTERS_PER_WIDTH))))
    return lines * LINE_HEIGHT + 3


@functools.lru_cache(maxsize=4096)
def _wrapped_lines(text: str, per_line: int) -> int:
    """Lines `text` takes wrapped at `per_line` characters (cached: criteria, effects and
    recommendations repeat on every finding of their rule)."""
    return sum(len(textwrap.wrap(part, per_line, break_long_words=True)) or 1 for part in text.split("\n"))


def group_line(group: PaperGroup, L: dict) -> str:
    severities = [p.finding.get("severity") for p in group.action]
    line = L["group_line"].format(label=group.label(L["unknown"]), action=len(group.action), error=severities.count("error"), warning=severities.count("warning"))
    extra = []
    if group.set_aside:
        extra.append(f"{len(group.set_aside)} {L['set_aside'].lower()}")
    if group.info_count:
        extra.append(f"{group.info_count} {L['info'].lower()}")
    if group.quarters:
        extra.append(f"{L['quarters_read']}: {', '.join(group.quarters)}")
    return line + ("; " + "; ".join(extra) if extra else "")


def add_workpapers_sheet(workbook: Workbook, groups: list[PaperGroup], lang: str, link: Link) -> None:
    """The Kertas Kerja sheet, added to `workbook`."""
    L = papers_labels(lang)
    sheet = workbook.create_sheet(L["sheet"])
    width = len(COLUMNS)
    last = get_column_letter(width)
    action = sum(len(g.action) for g in groups)
    sheet["A1"] = L["title"]
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        f"{L['action']}: {action} · {L['set_aside']}: {sum(len(g.set_aside) for g in groups)} · "
        f"{L['info']}: {sum(g.info_count for g in groups)} · {len(groups)} {L['opd']}/{L['year'].lower()}"
    )
    sheet["A3"] = L["needs_action_note"]
    for row in (1, 2, 3):
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 30
    styles = _paper_styles(workbook)
    for index, (key, column_width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, L[key])
        cell.style = styles["header"]
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    sheet.row_dimensions[HEADER_ROW].height = row_height([L[key] for key, _ in COLUMNS]) * 11 / FONT_SIZE  # labels are in 11 pt
    row = HEADER_ROW
    evidence_column = [key for key, _ in COLUMNS].index("evidence") + 1
    severity_column = [key for key, _ in COLUMNS].index("severity") + 1
    for group in groups:
        if not group.action:
            continue
        row += 1
        sheet.cell(row, 1, group_line(group, L))
        for column in range(1, width + 1):
            sheet.cell(row, column).style = styles["group_first" if column == 1 else "group"]
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        for paper in group.action:
            row += 1
            values = _values(paper, group, L)
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, _text(value) if isinstance(value, str) else value)
                cell.style = styles["text"]
            # Spreadsheets do not grow a row to its wrapped text on opening: the height is set here.
            sheet.row_dimensions[row].height = row_height(values)
            severity = paper.finding.get("severity", "")
            if severity in SEVERITY_FILLS:
                sheet.cell(row, severity_column).style = styles[severity]
            target = link(group, paper.finding_id)
            if target:
                cell = sheet.cell(row, evidence_column, L["evidence_link"])
                cell.hyperlink = target
                cell.style = styles["link"]
    if action == 0:
        sheet.cell(HEADER_ROW + 1, 1, L["none"])
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(row, HEADER_ROW + 1)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _paper_styles(workbook: Workbook) -> dict[str, str]:
    """The sheet's cell looks as named styles, registered once (see report.workbook.named_style)."""
    text = {"font": Font(size=FONT_SIZE), "alignment": WRAP}
    styles = {
        "header": named_style(workbook, "rekon paper header", font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP),
        "group": named_style(workbook, "rekon paper group", font=DEFAULT_FONT, fill=GROUP_FILL),
        "group_first": named_style(workbook, "rekon paper group title", font=Font(bold=True), fill=GROUP_FILL),
        "text": named_style(workbook, "rekon paper text", **text),
        "link": named_style(workbook, "rekon paper link", font=LINK_FONT, alignment=WRAP),
    }
    for severity, fill in SEVERITY_FILLS.items():
        styles[severity] = named_style(workbook, f"rekon paper {severity}", **text, fill=fill)
    return styles


def workpapers_groups(outputs: RunOutputs, ruleset: RuleSet | None, lang: str) -> list[PaperGroup]:
    L = papers_labels(lang)
    return build_papers(outputs, ruleset, lang, {"page": L["page"], "row": L["row"], "reference": L["reference"]})


def write_workpapers(out_dir: Path | str, path: Path | str | None = None, lang: str = "id", ruleset: RuleSet | None = None) -> Path:
    """The Kertas Kerja sheet alone, as its own workbook (default OUT_DIR/kertas-kerja.xlsx)."""
    out_dir = Path(out_dir)
    target = Path(path) if path else out_dir / FILE_NAMES["en" if lang == "en" else "id"]
    outputs = read_outputs(out_dir)
    pages = report_pages(out_dir)
    base = _relative(out_dir, target.parent)

    def link(group: PaperGroup, finding_id: str) -> str:
        found = evidence_target(pages, group, finding_id)
        return f"{base}{found}" if found else ""

    workbook = Workbook()
    workbook.remove(workbook.active)
    add_workpapers_sheet(workbook, workpapers_groups(outputs, ruleset, lang), lang, link)
    return write_atomically(target, lambda temp: workbook.save(temp))


def _relative(out_dir: Path, folder: Path) -> str:
    """OUT_DIR as seen from the folder the workbook is written to ("" when it is OUT_DIR itself)."""
    import os

    relative = os.path.relpath(out_dir.resolve(), folder.resolve())
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"
