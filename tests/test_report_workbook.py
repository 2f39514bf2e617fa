"""report.xlsx: the same findings as discrepancies.csv, real numbers, safe text, readable sheets."""

from __future__ import annotations

import openpyxl
import pytest

from rekon.report import write_report
from rekon.report.workbook import MAX_COLUMN_WIDTH, SEVERITY_FILLS, cell_value
from tests.test_report_support import copy_of_run, read_csv, sample_run


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(sample_run() / "report.xlsx")


def _records(sheet):
    header = [c.value for c in sheet[1]]
    return header, [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_sheets_are_findings_workpapers_panel_rows_review_in_indonesian(workbook):
    assert workbook.sheetnames == ["Temuan", "Kertas Kerja", "Panel", "Baris", "Tinjauan"]


def test_findings_sheet_puts_errors_and_warnings_first_and_folds_the_info_rows(workbook):
    sheet = workbook["Temuan"]
    header = [c.value for c in sheet[1]]
    severities = [sheet.cell(row, header.index("severity") + 1).value for row in range(2, sheet.max_row + 1)]
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[s] for s in severities] == sorted(order[s] for s in severities) and {"error", "info"} <= set(severities)
    for row, severity in enumerate(severities, start=2):
        dimension = sheet.row_dimensions[row]
        assert (dimension.hidden, dimension.outline_level) == ((True, 1) if severity == "info" else (False, 0)), (row, severity)


def test_findings_sheet_holds_exactly_the_findings_of_the_csv(workbook):
    expected = read_csv(sample_run() / "discrepancies.csv")
    _, records = _records(workbook["Temuan"])
    ids = [r["finding_id"] for r in records]
    assert len(ids) == len(expected) > 0
    assert set(ids) == set(expected["finding_id"])


def test_numeric_columns_hold_numbers_not_text(workbook):
    _, findings = _records(workbook["Temuan"])
    assert all(isinstance(r["quarter"], int) and isinstance(r["page"], int) for r in findings)
    decreased = [r for r in findings if r["rule"] == "realisasi_decreased"]
    assert decreased and all(isinstance(r["expected"], (int, float)) and isinstance(r["difference"], (int, float)) for r in decreased)
    # A spreadsheet error printed in the PDF stays text: it is what was printed.
    assert any(isinstance(r["actual"], str) and r["actual"].startswith("#") for r in findings if r["rule"] == "spreadsheet_error")
    _, rows = _records(workbook["Baris"])
    pagu = [r["target_pagu"] for r in rows if r["target_pagu"] is not None]
    assert pagu and all(isinstance(v, (int, float)) for v in pagu)
    assert all(isinstance(r["year"], int) for r in rows)
    _, review = _records(workbook["Tinjauan"])
    assert all(isinstance(r["score"], (int, float)) for r in review)


def test_ids_made_of_text_stay_text(workbook):
    _, panel = _records(workbook["Panel"])
    assert all(isinstance(r["indicator_key"], str) and isinstance(r["row_id_q1"] or "", str) for r in panel)


def test_every_table_sheet_has_a_frozen_header_an_autofilter_and_capped_widths(workbook):
    for sheet in (s for s in workbook.worksheets if s.title != "Kertas Kerja"):  # the working papers: tests/test_workpapers.py
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and max(widths) <= MAX_COLUMN_WIDTH
    # A long message column is wider than the short quarter column.
    sheet = workbook["Temuan"]
    header = [c.value for c in sheet[1]]
    letter = {name: sheet.cell(1, i + 1).column_letter for i, name in enumerate(header)}
    assert sheet.column_dimensions[letter["message"]].width > sheet.column_dimensions[letter["quarter"]].width


def test_findings_rows_are_coloured_by_severity(workbook):
    sheet = workbook["Temuan"]
    header = [c.value for c in sheet[1]]
    severity_column = header.index("severity") + 1
    seen = set()
    for row in range(2, sheet.max_row + 1):
        severity = sheet.cell(row, severity_column).value
        fill = sheet.cell(row, 1).fill.fgColor.rgb
        assert fill.endswith(SEVERITY_FILLS[severity].fgColor.rgb[-6:]), (row, severity, fill)
        seen.add(severity)
    assert {"error", "warning", "info"} <= seen


def test_coloured_cells_keep_the_workbooks_font_and_the_working_papers_their_own(workbook):
    # The looks are named styles: one without a font would leave the coloured cells with no face or size.
    findings = workbook["Temuan"]
    assert {(c.font.name, c.font.sz) for row in findings.iter_rows(min_row=2) for c in row} == {("Calibri", 11)}
    papers = workbook["Kertas Kerja"]
    group_lines = [row for row in papers.iter_rows(min_row=5) if row[0].fill.fgColor.rgb.endswith("DCE6F1")]
    assert group_lines and all(row[0].font.b and (row[1].font.name, row[1].font.sz) == ("Calibri", 11) for row in group_lines)
    paper_rows = [row for row in papers.iter_rows(min_row=5) if isinstance(row[0].value, int)]
    assert paper_rows and all(c.font.sz == 9 and c.alignment.wrap_text for row in paper_rows for c in row[:15])


@pytest.mark.parametrize(
    "text, numeric, expected",
    [
        ("=HYPERLINK(\"x\")", False, "'=HYPERLINK(\"x\")"),
        ("+62 812", False, "'+62 812"),
        ("-", False, "'-"),
        ("@SUM(A1)", False, "'@SUM(A1)"),
        ("-772015111.0", True, -772015111.0),
        ("1095856511", True, 1095856511),
        ("115.810219", True, 115.810219),
        ("#DIV/0!", True, "#DIV/0!"),
        ("", True, None),
        ("12", False, "12"),  # a digit-only id in a text column stays text
    ],
)
def test_cell_values_neutralise_formulas_and_keep_numbers(text, numeric, expected):
    assert cell_value(text, numeric) == expected


def test_formula_like_text_in_the_csv_is_written_as_text_not_as_a_formula(tmp_path):
    out = copy_of_run(tmp_path)
    rows = read_csv(out / "rows.csv")
    rows.loc[0, "keterangan"] = "=1+1"
    rows.loc[1, "keterangan"] = "@cmd"
    rows.to_csv(out / "rows.csv", index=False)
    write_report(out)
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Baris"]
    column = [c.value for c in sheet[1]].index("keterangan") + 1
    assert sheet.cell(2, column).value == "'=1+1" and sheet.cell(2, column).data_type == "s"
    assert sheet.cell(3, column).value == "'@cmd"


def test_english_sheet_names(tmp_path):
    out = copy_of_run(tmp_path)
    write_report(out, lang="en")
    assert openpyxl.load_workbook(out / "report.xlsx").sheetnames == ["Findings", "Working Papers", "Panel", "Rows", "Review"]
