"""Rows of a form whose quarters stand side by side (families with ``quarters: columns``).

After the header (``border_header``) and the rows (``block_rows``): each
printed row's level (``hierarchy``), the agency, and one rows.csv record per
printed row and quarter (``records``). A value printed once for the row (a
target, the year's realisation, a Renstra figure) is written to every quarter's
record; a column no field was found for gives its cells as ``unmapped_value``
problems; a field rows.csv does not hold yet is kept the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rekon.extract.columns.assign import LOW_CONFIDENCE
from rekon.extract.block_rows import PrintedRow, join_pages, page_rows
from rekon.extract.border_header import NAME, Layout, LayoutProblem, continued_layout, find_layout, is_value_field
from rekon.extract.families import Family, year_of
from rekon.extract.geometry import PageGeometry
from rekon.extract.numbers import CONVENTION_NAMES, CellKind, Convention, parse_cell, vote
from rekon.extract.schema import ROW_COLUMNS
from rekon.extract.structure import FROM_SUMS, ItemInfo, classify_items, is_program_item, program_code, row_codes
from rekon.extract.nomenclature import vocabulary as national_vocabulary
from rekon.extract.text import unwrapper, whole_words
from rekon.extract.tolerances import current_tolerances



# Headings of the urusan an agency serves, printed above it: `URUSAN PEMERINTAHAN BIDANG ...`,
# `UNSUR PENGAWASAN URUSAN PEMERINTAHAN`, `BIDANG URUSAN ...`. They group programs (sasaran),
# even where they carry the agency's sums: the agency is the row that is no such heading.
_URUSAN_HEADING = re.compile(r"^(URUSAN|UNSUR|BIDANG\s+URUSAN|SUB\s+URUSAN)\b|\bURUSAN\s+PEMERINTAHAN\b")


def is_urusan_heading(name: str) -> bool:
    return _upper(name) and bool(_URUSAN_HEADING.search(" ".join(name.split()).upper()))


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > current_tolerances().text.upper_share


def _money(row_texts: dict[str, str], layout: Layout, convention: Convention) -> Decimal | None:
    values = [parse_cell(row_texts.get(c.key, ""), convention).value for c in layout.columns if c.field == "realisasi_pagu"]
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) if values else None


def _amounts(row_texts: dict[str, str], layout: Layout, convention: Convention) -> list[Decimal]:
    """The item's Rp in each quarter, nil as 0."""
    return [parse_cell(row_texts.get(c.key, ""), convention).value or Decimal(0) for c in layout.columns if c.field == "realisasi_pagu"]


_OUTPUT_COUNT = re.compile(r"^(jumlah|banyaknya)\b", re.IGNORECASE)


def _kegiatan_style(row_texts: dict[str, str], layout: Layout) -> bool:
    """A kegiatan measures an outcome (Persentase, Cakupan, Terselenggaranya ...); a sub kegiatan counts (Jumlah ...)."""
    indikator = row_texts.get("indikator", "").strip()
    kinerja = " ".join(row_texts.get(c.key, "") for c in layout.columns if c.field == "realisasi_kinerja")
    return bool(indikator) and not _OUTPUT_COUNT.match(indikator) or "%" in kinerja


@dataclass
class Item:
    """A named row and the rows without a name below it (further indicators of the same item)."""

    rows: list[int]
    level: str = ""
    from_sums: bool = False  # only the budget sums told its level


def hierarchy(texts: list[dict[str, str]], layout: Layout, convention: Convention) -> tuple[list[str], list[int]]:
    """Each printed row's level; and the first row of each item whose level only the budget sums told.

    Levels reuse rows.csv's vocabulary: an upper-case row that carries money and
    is not a PROGRAM is the agency (OPD) row, whose amounts are the sum of its
    programs: `total`. Upper-case rows without money above the programs, and
    urusan headings with or without it (`UNSUR PENGAWASAN URUSAN PEMERINTAHAN`
    above `INSPEKTORAT DAERAH`), group the programs as a sasaran does: `sasaran`.
    `PROGRAM ...` rows are `program`; the other named rows are kegiatan or sub
    kegiatan, told apart by their sums as in the Excel family (a kegiatan's Rp,
    over all quarters, is the sum of its sub kegiatan's). A row without a name
    is one more indicator of the item above.
    """
    items: list[Item] = []
    for index, row in enumerate(texts):
        if row.get(NAME) or not items:
            items.append(Item([index]))
        else:
            items[-1].rows.append(index)
    pending: list[Item] = []
    program = ""

    def classify_pending() -> None:
        infos = [ItemInfo(texts[i.rows[0]].get(NAME, ""), _amounts(texts[i.rows[0]], layout, convention), _kegiatan_style(texts[i.rows[0]], layout)) for i in pending]
        for item, decision in zip(pending, classify_items(infos, program_code(program))):
            item.level, item.from_sums = decision.level, decision.source == FROM_SUMS
        pending.clear()

    for item in items:
        name = texts[item.rows[0]].get(NAME, "")
        if is_program_item(name):
            classify_pending()
            item.level = "program"
            program = name
        elif _upper(name) or not name:
            classify_pending()
            has_money = _money(texts[item.rows[0]], layout, convention) is not None
            item.level = "total" if has_money and not is_urusan_heading(name) else "sasaran"
        else:
            pending.append(item)
    classify_pending()
    levels = [""] * len(texts)
    for item in items:
        for index in item.rows:
            levels[index] = item.level
    return levels, [item.rows[0] for item in items if item.from_sums]


def agency_name(texts: list[dict[str, str]], levels: list[str]) -> str:
    """The agency (OPD): the named row that carries its programs' sums, not an urusan heading
    above it; else the first agency named as responsible."""
    opd = next((t[NAME] for t, level in zip(texts, levels) if level == "total" and t.get(NAME)), "")
    return opd or next((t.get("penanggung_jawab", "") for t in texts if t.get("penanggung_jawab")), "")


def records(rows: list[PrintedRow], layout: Layout, family: Family, stem: str, source_file: str, year: int | None, quarters: list[int]) -> tuple[list[dict], str, list[tuple[dict, str, str]], list[dict]]:
    """rows.csv records, quarter by quarter; the agency's name; the cells that hold no readable number;
    and the first record of each item whose level only the budget sums told."""
    raw = [{key: row.text(key) for key in row.texts} for row in rows]
    # Words a narrow cell broke are joined where the document or the national list prints them whole,
    # or where a line starts with the rest of a word (`n`, `an`: no word of its own; see extract/words.py).
    unwrap = unwrapper(whole_words(text for row in raw for text in row.values()) | national_vocabulary())
    texts = [{key: unwrap(text) for key, text in row.items()} for row in raw]
    value_texts = [t.get(c.key, "") for t in texts for c in layout.columns if c.quarter or is_value_field(c.field)]
    convention = vote(value_texts) or Convention.DOT_THOUSANDS
    levels, from_sums = hierarchy(texts, layout, convention)
    opd = agency_name(texts, levels)

    # Hierarchy and budget group of each printed row (the same in every quarter).
    context = []
    sasaran = program = kegiatan = sub_kegiatan = ""
    group = ""
    for index, (row, t, level) in enumerate(zip(rows, texts, levels)):
        name = t.get(NAME, "")
        row_key = f"{stem}:p{row.page}:r{row.index + 1}"
        if name or not group:
            group = row_key
            if level == "sasaran":
                sasaran, program, kegiatan, sub_kegiatan = name, "", "", ""
            elif level == "total":
                program = kegiatan = sub_kegiatan = ""
            elif level == "program":
                program, kegiatan, sub_kegiatan = name, "", ""
            elif level == "kegiatan":
                kegiatan, sub_kegiatan = name, ""
            else:
                sub_kegiatan = name
        if t.get("sasaran"):  # a Sasaran column of its own: its merged cell prints the text once
            sasaran = t["sasaran"]
        context.append((row_key, group, sasaran, program, kegiatan, sub_kegiatan))
    once = [c for c in layout.columns if not c.quarter and c.field not in _WRITTEN_APART]

    found: list[dict] = []
    bad_cells: list[tuple[dict, str, str, dict]] = []  # record, field, problem code, message values
    for quarter in quarters:
        fields = {c.field: c.key for c in layout.columns if c.quarter == quarter}
        for row, t, level, (row_key, group, sasaran, program, kegiatan, sub_kegiatan) in zip(rows, texts, levels, context):
            record = {column: "" for column in ROW_COLUMNS}
            record.update(
                row_id=f"{row_key}:q{quarter}",
                source_file=source_file,
                page=row.page,
                bbox=f"{row.x0:.1f} {row.top:.1f} {row.x1:.1f} {row.bottom:.1f}",
                opd=opd,
                year=year or "",
                quarter=quarter,
                level=level,
                sasaran=sasaran,
                program=program,
                kegiatan=kegiatan,
                sub_kegiatan=sub_kegiatan,
                indikator=t.get("indikator", ""),
                budget_group=f"{group}:q{quarter}",
            )
            _remarks(record, t)
            first = quarter == quarters[0]  # a cell printed once for the row is reported once
            errors = []
            for column in once:
                if column.field not in record:
                    if first and t.get(column.key, "").strip():
                        bad_cells.append((record, column.field, "unmapped_value", {"text": " ".join(t[column.key].split())}))
                elif not is_value_field(column.field):
                    record[column.field] = t.get(column.key, "")
            for column in layout.unmapped:
                if first and t.get(column.key, "").strip():
                    bad_cells.append((record, column.field, "unmapped_value", {"text": " ".join(t[column.key].split())}))
            values = [(name, key, True) for name, key in fields.items()]
            values += [(c.field, c.key, first) for c in once if c.field in record and is_value_field(c.field)]
            for name, key, reported in values:
                parsed = parse_cell(t.get(key, ""), convention)
                record[name] = parsed.plain
                if parsed.kind in (CellKind.UNREADABLE, CellKind.SPREADSHEET_ERROR):
                    errors.append(f"{name}={parsed.raw}")
                    code = "unreadable_number" if parsed.kind is CellKind.UNREADABLE else "spreadsheet_error"
                    if reported:
                        bad_cells.append((record, name, code, {"text": parsed.raw}))
                elif parsed.other_convention is not None and reported:
                    bad_cells.append((record, name, "other_convention", {"text": parsed.raw, "convention": CONVENTION_NAMES[parsed.other_convention], "value": parsed.plain}))
            record["cell_errors"] = "; ".join(errors)
            found.append(record)

    for record, kode in zip(found, row_codes(found)):
        record["kode"] = kode
    first_quarter = found[: len(rows)]
    told_by_sums = [dict(first_quarter[i], name=texts[i].get(NAME, "")) for i in from_sums] if quarters else []
    return found, opd, bad_cells, told_by_sums


# Columns records() writes apart: the hierarchy, the indicator and the remarks.
_WRITTEN_APART = frozenset({NAME, "indikator", "sasaran", "penanggung_jawab", "keterangan", "no"})  # `no`: read, not kept (as in every family)


def _remarks(record: dict, texts: dict[str, str]) -> None:
    """The agency in charge in its own column where rows.csv has one; else in keterangan, beside any remark."""
    in_charge, remark = texts.get("penanggung_jawab", ""), texts.get("keterangan", "")
    if "penanggung_jawab" in record:
        record["penanggung_jawab"], record["keterangan"] = in_charge, remark
    else:
        record["keterangan"] = "; ".join(t for t in (in_charge, remark) if t)


def quarters_printed(rows: list[PrintedRow], layout: Layout) -> tuple[list[int], list[int]]:
    """The quarters with at least one value in the document, and those left wholly empty."""
    all_quarters = sorted({c.quarter for c in layout.columns if c.quarter})
    printed = [q for q in all_quarters if any(row.texts.get(c.key) for row in rows for c in layout.columns if c.quarter == q)]
    return printed, [q for q in all_quarters if q not in printed]


def _column_problems(layout: Layout, page: int) -> list[tuple[str, int, dict]]:
    """A header column no field was found for, and one given a field with low confidence (as the grid family says them)."""
    found = []
    for number, choice in enumerate(layout.choices, start=1):
        if choice.field is None and choice.header:
            reason = f"a second column for {choice.wanted}" if choice.wanted else "unknown header"
            found.append(("unknown_header", page, {"text": choice.header, "reason": reason}))
        elif choice.field is not None and choice.confidence < LOW_CONFIDENCE:
            found.append(("uncertain_column", page, {"text": choice.header, "field": choice.field, "column": number,
                                                     "confidence": f"{choice.confidence:.2f}", "evidence": "; ".join(choice.evidence)}))
    for note in layout.pair_notes:
        columns = f"{note.columns[0]}-{note.columns[1]}"
        if note.quarter is not None:
            found.append(("quarter_from_order", page, {"text": note.header, "columns": columns, "quarter": note.quarter, "order": note.order}))
        else:
            found.append(("unnamed_quarter_pair", page, {"text": note.header, "columns": columns, "order": note.order}))
    return found


def _withhold_mixed_separators(rows: list[dict], bad: list, pages: list[PageGeometry], per_quarter: set[str]) -> list:
    """A number read by OCR in the other convention than its column's (`30.120,000` among `1,234,567`) is one dot or
    comma misread as often as a mixed convention: withheld as doubtful (in every quarter's record it is written to)."""
    from rekon.extract.ocr.confidence import describe
    from rekon.extract.ocr.regions import lowest_digit_confidence

    scanned = {page.number: page for page in pages if "ocr" in page.extra}
    kept = []
    for record, name, code, values in bad:
        page = scanned.get(int(record["page"])) if code == "other_convention" else None
        if page is None:
            kept.append((record, name, code, values))
            continue
        confidence = max(0.0, lowest_digit_confidence(page, record["bbox"]))
        printed_row = record["row_id"].rsplit(":q", 1)[0]
        for row in rows:
            if row["row_id"] == record["row_id"] or name not in per_quarter and row["row_id"].rsplit(":q", 1)[0] == printed_row:
                row[name] = ""
                row["low_confidence"] = "; ".join(filter(None, [row.get("low_confidence", ""), describe(name, values["text"], confidence)]))
        kept.append((record, name, "low_confidence", {"text": values["text"], "confidence": f"{confidence:.0f}"}))
    return kept


@dataclass
class FamilyReading:
    """What the family reader found in one file (problems as (code, page, details) for the pipeline to word)."""

    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[str, int | None, dict]] = field(default_factory=list)
    opd: str = ""
    year: int | None = None
    printed_rows: int = 0
    # (page, quarter or None, field) -> the value column's (x0, x1): where a row's value lies on the page
    value_spans: dict[tuple[int, int | None, str], tuple[float, float]] = field(default_factory=dict)


def read_document(pages: list[PageGeometry], family: Family, path: Path) -> FamilyReading:
    document = FamilyReading()
    layout: Layout | None = None
    printed: list[PrintedRow] = []
    titles: list[str] = []
    for page in pages:
        try:
            found = find_layout(page, family, layout)
        except LayoutProblem as problem:
            document.problems.append((problem.code, page.number, problem.details))
            continue
        if found is not None:
            if layout is None or found.choices is not layout.choices:
                document.problems += _column_problems(found, page.number)
            layout = found
            titles += found.title_lines
        elif layout is not None:
            found = continued_layout(page, layout)
            if found is None:
                if page.chars:
                    document.problems.append(("page_without_table", page.number, {}))
                continue
        else:
            if page.chars:
                document.problems.append(("page_without_table", page.number, {}))
            continue
        rows, outside = page_rows(page, found, family)
        for column in found.columns:
            if column.field and (column.quarter or is_value_field(column.field)):
                document.value_spans[(page.number, column.quarter or None, column.field)] = (column.x0, column.x1)
        if not rows and page.chars:
            document.problems.append(("page_without_table", page.number, {}))
        for text in outside:
            if text.strip():
                document.problems.append(("text_outside_grid", page.number, {"text": text}))
        printed += rows
    if layout is None:
        return document
    printed = join_pages(printed, layout)
    printed = [row for row in printed if any(row.texts.get(k) for k in row.texts if k != "penanggung_jawab")]
    quarters, empty = quarters_printed(printed, layout)
    for quarter in empty:
        document.problems.append(("empty_quarter", None, {"quarter": quarter}))
    document.year = year_of(titles)
    document.rows, document.opd, bad, told_by_sums = records(printed, layout, family, path.stem, str(path), document.year, quarters)
    document.printed_rows = len(printed)
    bad = _withhold_mixed_separators(document.rows, bad, pages, {c.field for c in layout.columns if c.quarter})
    for record, name, code, values in bad:
        document.problems.append((code, record["page"], {"row_id": record["row_id"], "field": name, **values}))
    for record in told_by_sums:
        document.problems.append(("level_from_sums", record["page"], {"row_id": record["row_id"], "field": "level", "text": record["name"], "level": record["level"].replace("_", " ")}))
    return document
