"""PDF -> rows: read every page's table, join them, and give each row its hierarchy and values.

``extract_file`` is a pure function of one file (no output written), so many
files can run in parallel processes or on a cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path

from rekon.extract.backends import open_document
from rekon.extract.errors import ExtractError, classify_open_error, is_file_problem, sniff
from rekon.extract.families import BUILTIN, Declarations, Family, recognise_pages
from rekon.extract.identity import content_hash
from rekon.extract.region import region_of
from rekon.extract.merge import AssembledRow, Assembler
from rekon.extract.messages import message
from rekon.extract.numbers import CONVENTION_NAMES, CellKind, Convention, parse_cell, vote
from rekon.extract.ocr.confidence import describe, is_doubtful
from rekon.extract.schema import NUMERIC_FIELDS, ROW_COLUMNS
from rekon.extract.side_by_side import read_document as read_side_by_side
from rekon.extract.structure import (
    FROM_SUMS, ItemInfo, classify_items, is_program_item, is_total_label, kegiatan_style, level_bases, program_code, row_codes,
)
from rekon.extract.table import PageTable, read_page_table
from rekon.extract.nomenclature import vocabulary as national_vocabulary
from rekon.extract.text import line_text, lines_of, unwrap
from rekon.extract.words import whole_words

# A table is read when a column can carry the indicator and one carries values (any of these).
REQUIRED_FIELDS = ("indikator",)
VALUE_FIELDS = ("target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu")
_QUARTER = re.compile(r"\bTRIWULAN\s+(IV|III|II|I|[1-4])\b", re.IGNORECASE)
_YEAR = re.compile(r"\bTAHUN\s+(\d{4})\b", re.IGNORECASE)
_OPD_LINE = re.compile(r"^\s*OPD\s*:\s*(.+?)\s*$", re.IGNORECASE)
_AGENCY_LINE = re.compile(
    r"^(DINAS|BADAN|SEKRETARIAT|INSPEKTORAT|KECAMATAN|KELURAHAN|SATUAN|KANTOR|RUMAH SAKIT|RSUD|UPTD?|BAGIAN|BIRO)\b"
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Metadata:
    opd: str = ""
    year: int | None = None
    quarter: int | None = None
    region: str = ""  # KOTA SERANG, KABUPATEN PANDEGLANG ... as the title prints it; "" when it does not


@dataclass
class FileResult:
    source_file: str
    rows: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    pages: int = 0
    error: str | None = None  # the one-line reason a file could not be read at all
    defect: str = ""  # the traceback when the reason is rekon's own error, not the file's (exit 4)
    table_rows: int = 0  # body rows the page grids hold
    words: frozenset[str] = frozenset()  # words the file prints whole, for repairing the run's cut words
    # Each kegiatan / sub kegiatan item: its row ids and what decided its level (structure.FROM_*),
    # for settling levels across the quarters of a run (extract/across_quarters.py).
    item_levels: list[tuple[list[str], str]] = field(default_factory=list)
    file_id: str = ""  # the start of the content hash: every row id begins with it
    row_count: int = 0  # kept when the rows themselves are dropped (see `light`)
    quarters_read: tuple[int, ...] = ()
    problem_count: int = 0
    unnamed_columns: tuple[str, ...] = ()  # header texts of the columns no field was found for (the summary names them)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters the file's rows hold (a side-by-side form holds several)."""
        if self.rows:
            return tuple(sorted({int(row["quarter"]) for row in self.rows if str(row.get("quarter", "")).isdigit()}))
        return self.quarters_read

    def light(self) -> "FileResult":
        """The same result without its rows and problems: what a batch's parent keeps of a file."""
        return FileResult(
            self.source_file, metadata=self.metadata, pages=self.pages, error=self.error, defect=self.defect, table_rows=self.table_rows,
            file_id=self.file_id, row_count=len(self.rows) if self.rows else self.row_count, quarters_read=self.quarters,
            problem_count=len(self.problems) if self.problems else self.problem_count, unnamed_columns=self.unnamed_columns,
        )


def problem(source_file: str, code: str, lang: str, page: int | None = None, row_id: str = "", field_name: str = "", raw: str = "", **values) -> dict:
    return {
        "source_file": source_file,
        "page": page if page is not None else "",
        "row_id": row_id,
        "field": field_name,
        "raw_text": raw,
        "problem": code,
        "message": message(code, lang, page=page, field=field_name, text=raw, **values),
    }


FILE_ID_LENGTH = 12  # hex digits of the content hash: 48 bits, no collision in any batch of reports


def file_id_of(path: Path) -> str:
    return content_hash(path)[:FILE_ID_LENGTH]


def extract_file(path: Path, quarter: int | None = None, backend: str = "pdfium", lang: str = "id", file_id: str | None = None,
                 ocr: str = "auto", layout: Declarations | None = None) -> FileResult:
    """Rows of one PDF. Row ids start with `file_id` (the start of the file's content hash), so the
    same bytes give the same rows under any name or folder, and two files never share a row id.
    ``ocr`` auto reads pages without a text layer by OCR, always every page, never none.
    ``layout``: the report families to read by (a user's layout file added; the built-in ones by default)."""
    layout = layout or BUILTIN
    if backend == "both":
        return _cross_checked(path, quarter, lang, file_id, ocr, layout)
    source_file = str(path)
    result = FileResult(source_file)
    try:
        sniff(path)
        result.file_id = file_id or file_id_of(path)
        with open_document(path, backend, ocr) as document:
            result.pages = document.page_count
            pages = document.pages()
            first = list(islice(pages, 2))
            family = recognise_pages(first, layout)
            if family is not None:
                pages = first + list(pages)  # side-by-side forms are short: read whole
            else:
                assembler = Assembler()
                tables = _read_tables(chain(first, pages), assembler, layout.default)
    except ExtractError as error:
        return _failed(result, error.code, lang, detail=error.detail)
    except Exception as error:
        if not is_file_problem(error):
            raise  # rekon's own defect, not the file's: said as such (exit 4), never called damage
        code, detail = classify_open_error(error)
        if code == "corrupt" and backend == "pdfium":
            # pdfminer rebuilds a damaged cross-reference table where PDFium gives up.
            recovered = extract_file(path, quarter, "plumber", lang, result.file_id or None, ocr, layout)
            if recovered.ok:
                recovered.problems.insert(0, problem(source_file, "recovered", lang, detail=detail))
                return recovered
        return _failed(result, code, lang, detail=detail)

    if family is not None:
        return _read_family(result, pages, family, lang)
    return _read_quarterly(result, tables, assembler, quarter, lang)


def _read_quarterly(result: FileResult, tables: list, assembler: Assembler, quarter: int | None, lang: str) -> FileResult:
    """A one-quarter report (the Excel exports): page checks, metadata, then the rows."""
    source_file = result.source_file
    if not any(page_chars for _, page_chars in tables):
        return _failed(result, "no_text", lang)
    page_tables = [table for table, _ in tables]
    usable = [t for t in page_tables if t.rows]
    for table in page_tables:
        for header_problem in table.header_problems:
            result.problems.append(_header_problem(source_file, lang, table.page, header_problem))
    result.unnamed_columns = _unnamed(result.problems)
    # A page whose header lacks a needed column is named. When no page has them all, the file
    # fails (the exit code says so), but the rows it did read are still written, with the problem.
    layout_errors = _layout_errors(page_tables, source_file, lang)
    result.problems += layout_errors
    fatal = layout_errors[0] if layout_errors and not any(t.complete for t in usable) else None
    if not usable:
        if fatal:
            result.error = fatal["message"]
            return result
        return _failed(result, "no_table", lang)
    for table, char_count in tables:
        # A page without table rows is reported, so that a missing row is never silent: with text, or
        # with none at all (blank, or its content stream damaged: PDFium then draws nothing, silently).
        if not table.rows:
            result.problems.append(problem(source_file, "page_without_table" if char_count else "empty_page", lang, table.page))

    result.metadata = _metadata(page_tables)
    result.metadata.region = region_of(line for t in page_tables for line in t.outside_text)
    if quarter is not None:
        result.metadata.quarter = quarter
    if result.metadata.quarter is None and not fatal:
        return _failed(result, "no_quarter", lang)

    assembled = assembler.finish()
    result.words = whole_words(text for row in assembled for text in row.texts.values())
    vocabulary = result.words | national_vocabulary()
    for row in assembled:
        row.texts = {name: unwrap(text, vocabulary) for name, text in row.texts.items()}
        _combine_item_columns(row)
    result.table_rows = sum(t.rows for t in usable)
    result.rows = _rows(assembled, result.file_id, source_file, result, lang)
    if fatal:
        result.error = fatal["message"]
    return result


def _header_problem(source_file: str, lang: str, page: int | None, found) -> dict:
    """A column no field was found for (`unknown_header`), or one given a field with low confidence (`uncertain_column`)."""
    if found.code == "uncertain_column":
        return problem(source_file, "uncertain_column", lang, page, field_name=found.field, raw=found.text,
                       column=found.column + 1, confidence=f"{found.confidence:.2f}", evidence=found.reason)
    return problem(source_file, "unknown_header", lang, page, raw=found.text, reason=found.reason)


def _unnamed(problems: list[dict]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p["raw_text"] for p in problems if p["problem"] == "unknown_header"))


def _failed(result: FileResult, code: str, lang: str, **values) -> FileResult:
    result.error = message(code, lang, page="", field="", text="", **values)
    result.problems.append(problem(result.source_file, code, lang, **values))
    return result


def _read_family(result: FileResult, pages: list, family: Family, lang: str) -> FileResult:
    """A report of a family declared in extract/families.py (quarters side by side)."""
    if not any(page.chars for page in pages):
        return _failed(result, "no_text", lang)
    document = read_side_by_side(pages, family, Path(result.source_file))  # what it raises is rekon's own (exit 4)
    for code, page, details in document.problems:
        details = dict(details)
        row_id, field_name, raw = details.pop("row_id", ""), details.pop("field", ""), details.pop("text", "")
        result.problems.append(problem(result.source_file, code, lang, page, row_id, field_name, raw, **details))
    result.unnamed_columns = _unnamed(result.problems)
    if not document.rows:
        failure = next((p for p in result.problems if p["problem"] == "unknown_layout"), None)
        return _failed(result, "no_table", lang) if failure is None else _fail_with(result, failure)
    stem = Path(result.source_file).stem
    result.rows = [_with_file_id(record, stem, result.file_id, ("row_id", "budget_group")) for record in document.rows]
    result.problems = [_with_file_id(record, stem, result.file_id, ("row_id",)) for record in result.problems]
    _withhold_doubtful_by_row(result, pages, lang)
    region = region_of(line_text(line) for page in pages[:1] for line in lines_of(page.chars))
    for record in result.rows:
        record["region"] = region
    result.metadata = Metadata(opd=document.opd, region=region, year=document.year, quarter=None)
    result.table_rows = document.printed_rows
    return result


def _with_file_id(record: dict, stem: str, file_id: str, keys: tuple[str, ...]) -> dict:
    """The side-by-side reader names rows after the file's stem; rows are named after its bytes."""
    for key in keys:
        value = str(record.get(key, ""))
        if value.startswith(stem + ":"):
            record[key] = file_id + value[len(stem):]
    return record


def _withhold_doubtful_by_row(result: FileResult, pages: list, lang: str) -> None:
    """Pages of this family read by OCR: a row whose digits are doubtful has its values withheld."""
    from rekon.extract.ocr.regions import doubtful_rows

    for row, name, confidence in doubtful_rows(result.rows, pages, NUMERIC_FIELDS):
        raw = str(row[name])
        row[name] = ""
        row["low_confidence"] = "; ".join(filter(None, [row.get("low_confidence", ""), describe(name, raw, confidence)]))
        result.problems.append(problem(result.source_file, "low_confidence", lang, row["page"], row["row_id"], name, raw, confidence=f"{confidence:.0f}"))


def _fail_with(result: FileResult, failure: dict) -> FileResult:
    result.error = failure["message"]
    return result


def _read_tables(pages, assembler: Assembler, family: Family | None = None) -> list[tuple[PageSummary, int]]:
    """Each page's grid goes to the assembler and is dropped; what later checks need is kept."""
    tables: list[tuple[PageSummary, int]] = []
    previous = None
    for page in pages:
        table = read_page_table(page, previous, family)
        if table.rows:
            assembler.add(table)
        tables.append((PageSummary.of(table), len(page.chars)))
        if table.columns:
            previous = table
    return tables


@dataclass(frozen=True)
class PageSummary:
    """What is kept of a page once its rows are assembled: enough for the checks that follow."""

    page: int
    rows: int
    fields: list[str]
    header_found: bool
    header_texts: list[str]
    header_problems: list
    outside_text: list[str]

    @property
    def complete(self) -> bool:
        """The page's columns include the indicator and a value."""
        return all(f in self.fields for f in REQUIRED_FIELDS) and any(f in self.fields for f in VALUE_FIELDS)

    @classmethod
    def of(cls, table: PageTable) -> "PageSummary":
        return cls(table.page, len(table.rows), table.fields, table.header_found and bool(table.columns), table.header_texts, table.header_problems, table.outside_text)


def _layout_errors(tables: list[PageSummary], source_file: str, lang: str) -> list[dict]:
    """One problem for every page whose header was found but lacks a needed column."""
    errors = []
    for table in tables:
        if table.header_found and not table.complete:
            missing = [f for f in REQUIRED_FIELDS if f not in table.fields] + ([] if any(f in table.fields for f in VALUE_FIELDS) else ["target/realisasi/capaian"])
            errors.append(
                problem(source_file, "unknown_layout", lang, table.page, raw=" | ".join(table.header_texts), missing=", ".join(missing))
            )
    return errors


def _metadata(tables: list[PageSummary]) -> Metadata:
    found = Metadata()
    for table in tables:
        for line in table.outside_text:
            if found.quarter is None and (m := _QUARTER.search(line)):
                found.quarter = _ROMAN.get(m.group(1).upper()) or int(m.group(1))
            if found.year is None and (m := _YEAR.search(line)):
                found.year = int(m.group(1))
            if not found.opd and (m := _OPD_LINE.match(line)):
                found.opd = m.group(1)
    if not found.opd:
        # No `OPD :` line: the title line that names an agency (an urusan heading above it is no agency).
        lines = (line for table in tables for line in table.outside_text)
        found.opd = next((" ".join(line.split()) for line in lines if _AGENCY_LINE.match(line.strip())), "")
    return found


def _conventions(assembled: list[AssembledRow]) -> dict[str, Convention]:
    document_vote = vote(row.texts.get(f, "") for row in assembled for f in NUMERIC_FIELDS)
    fallback = document_vote or Convention.COMMA_THOUSANDS
    return {f: vote(row.texts.get(f, "") for row in assembled) or fallback for f in NUMERIC_FIELDS}


def _rows(assembled: list[AssembledRow], stem: str, source_file: str, result: FileResult, lang: str) -> list[dict]:
    conventions = _conventions(assembled)
    meta = result.metadata
    levels, items = _levels(assembled, conventions)
    records = []
    program = kegiatan = sub_kegiatan = ""
    for row, level in zip(assembled, levels):
        row_id = f"{stem}:p{row.page}:r{row.index_on_page + 1}"
        texts = row.texts
        item = texts.get("item", "")
        row_program = texts.get("program", "") if "program" in texts and texts.get("program") else None
        if level in ("sasaran", "total"):
            program = kegiatan = sub_kegiatan = ""
        elif level == "program":
            program, kegiatan, sub_kegiatan = row_program or item, "", ""
        elif level == "kegiatan":
            program, kegiatan, sub_kegiatan = row_program or program, item, ""
        else:
            program, sub_kegiatan = row_program or program, item
            kegiatan = texts.get("kegiatan") or kegiatan  # printed beside it in a layout with a Kegiatan column

        record = {column: "" for column in ROW_COLUMNS}
        record.update(
            row_id=row_id,
            source_file=source_file,
            page=row.page,
            bbox=" ".join(f"{v:.1f}" for v in row.bbox),
            opd=meta.opd,
            region=meta.region,
            year=meta.year or "",
            quarter=meta.quarter,
            level=level,
            tujuan=texts.get("tujuan", ""),
            sasaran=texts.get("sasaran", ""),
            program=program,
            kegiatan=kegiatan,
            sub_kegiatan=sub_kegiatan,
            indikator=texts.get("indikator", "") or (_total_label(row) if level == "total" else ""),
            satuan=texts.get("satuan", ""),
            formula=texts.get("formula", ""),
            keterangan=texts.get("keterangan", ""),
        )
        pagu_group = row.groups.get("target_pagu")
        record["budget_group"] = f"{stem}:{pagu_group.key}" if pagu_group else f"{stem}:{row_id}"
        errors, doubtful = [], []
        for name in NUMERIC_FIELDS:
            parsed = parse_cell(texts.get(name, ""), conventions[name])
            record[name] = parsed.plain
            confidence = row.confidence.get(name, -1.0)
            if parsed.raw and (is_doubtful(confidence) or confidence >= 0 and parsed.kind is CellKind.UNREADABLE):
                # Read by OCR and doubtful (or no number at all): withheld, for a person to read off the scan.
                record[name] = ""
                doubtful.append(describe(name, parsed.raw, confidence))
                result.problems.append(problem(source_file, "low_confidence", lang, row.page, row_id, name, parsed.raw, confidence=f"{confidence:.0f}"))
                continue
            if parsed.other_convention is not None:
                result.problems.append(problem(source_file, "other_convention", lang, row.page, row_id, name, parsed.raw,
                                               convention=CONVENTION_NAMES[parsed.other_convention], value=parsed.plain))
            if parsed.kind in (CellKind.UNREADABLE, CellKind.SPREADSHEET_ERROR):
                code = "unreadable_number" if parsed.kind is CellKind.UNREADABLE else "spreadsheet_error"
                errors.append(f"{name}={parsed.raw}")
                result.problems.append(problem(source_file, code, lang, row.page, row_id, name, parsed.raw))
        for name in row.split_cells:
            result.problems.append(problem(source_file, "split_cell", lang, row.page, row_id, name, texts.get(name, "")))
        for header, text in row.unmapped.items():
            # A value under a header that names no column (one OCR misread): never silently left out.
            result.problems.append(problem(source_file, "unmapped_value", lang, row.page, row_id, header, " ".join(text.split())))
        record["cell_errors"] = "; ".join(errors)
        record["low_confidence"] = "; ".join(doubtful)
        if row.confidence:
            record["ocr_confidence"] = f"{min(row.confidence.values()):.0f}"
        records.append(record)
    for record, kode in zip(records, row_codes(records)):
        record["kode"] = kode
    for record, basis in zip(records, level_bases(assembled, items, _level_by_columns)):
        record["level_basis"] = basis
    result.item_levels = [([records[i]["row_id"] for i in members], source) for members, source in items]
    for index in (members[0] for members, source in items if source == FROM_SUMS):
        record = records[index]
        result.problems.append(problem(source_file, "level_from_sums", lang, record["page"], record["row_id"], "level",
                                       assembled[index].texts.get("item", ""), level=record["level"].replace("_", " ")))
    return records


def _total_label(row: AssembledRow) -> str:
    return next((t for t in row.texts.values() if is_total_label(t)), "")


def _total_row(texts: dict[str, str]) -> bool:
    """The table's TOTAL / JUMLAH / RATA-RATA CAPAIAN KINERJA row: a short label of its own, in a row
    without a unit. An indicator or a formula that starts with `Jumlah ...` is no such label
    (a layout without a Satuan column prints no unit anywhere)."""
    if texts.get("satuan"):
        return False
    return any(is_total_label(t) and (name not in ("indikator", "formula") or len(t.split()) <= 4 and t.upper() == t)
               for name, t in texts.items() if t.strip())


def _combine_item_columns(row: AssembledRow) -> None:
    """A layout with separate Kegiatan and Sub Kegiatan columns: the row's item is its deepest
    printed one, as the combined column would show it (the columns themselves stay for the level)."""
    if "item" in row.texts or not ("kegiatan" in row.texts or "sub_kegiatan" in row.texts):
        return
    for name in ("sub_kegiatan", "kegiatan"):
        if row.texts.get(name):
            row.texts["item"] = row.texts[name]
            if name in row.groups:
                row.groups["item"] = row.groups[name]
            return
    row.texts["item"] = ""


def _level_by_columns(texts: dict[str, str]) -> str | None:
    """The level a layout with one column per level prints; None for the combined column."""
    if "sub_kegiatan" not in texts and "kegiatan" not in texts:
        return None
    if texts.get("sub_kegiatan"):
        return "sub_kegiatan"
    if texts.get("kegiatan"):
        return "kegiatan"
    return "program" if texts.get("program") else "sasaran"


def _levels(assembled: list[AssembledRow], conventions: dict[str, Convention]) -> tuple[list[str], list[tuple[list[int], str]]]:
    """Each row's level; and each kegiatan or sub kegiatan item (its rows) with what decided its level."""
    levels: list[str | None] = []
    for row in assembled:
        texts = row.texts
        item, program = texts.get("item", ""), texts.get("program", "")
        if _total_row(texts):
            levels.append("total")
        elif _level_by_columns(texts):
            levels.append(_level_by_columns(texts))
        elif not item and not program:
            levels.append("sasaran")
        elif not item or is_program_item(item):
            levels.append("program")
        else:
            levels.append(None)  # kegiatan or sub kegiatan: decided per program below

    # Items are the merged item cells; classify them program by program.
    groups: list[tuple[str, list[int]]] = []
    program_name = ""
    for index, level in enumerate(levels):
        texts = assembled[index].texts
        if level == "program":
            program_name = texts.get("program") or texts.get("item", "")
        if level is not None:
            groups.append((program_name, []))
            continue
        if not groups:
            groups.append((program_name, []))
        groups[-1][1].append(index)
    decided: list[tuple[list[int], str]] = []
    for program_name, indexes in groups:
        items: list[tuple[str, list[int]]] = []
        for index in indexes:
            group = assembled[index].groups.get("item")
            key = group.key if group else str(index)
            if items and items[-1][0] == key:
                items[-1][1].append(index)
            else:
                items.append((key, [index]))
        infos = []
        for _, members in items:
            first = assembled[members[0]]
            pagu = parse_cell(first.texts.get("target_pagu", ""), conventions["target_pagu"]).value
            style = kegiatan_style(first.texts.get("indikator", ""), first.texts.get("formula", ""))
            infos.append(ItemInfo(first.texts.get("item", ""), [pagu] if pagu is not None else [], style))
        # TW IV prints the program in a column of its own, beside its kegiatan.
        name = program_name or (assembled[indexes[0]].texts.get("program", "") if indexes else "")
        for (_, members), decision in zip(items, classify_items(infos, program_code(name))):
            for index in members:
                levels[index] = decision.level
            decided.append((members, decision.source))
    return [level or "sub_kegiatan" for level in levels], decided


COMPARED_FIELDS = ("level", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula",
                   "target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu",
                   "keterangan")


def _cross_checked(path: Path, quarter: int | None, lang: str, file_id: str | None, ocr: str = "auto",
                   layout: Declarations | None = None) -> FileResult:
    """Rows from PDFium's grid; every cell where camelot's lattice grid reads otherwise is reported."""
    result = extract_file(path, quarter, "pdfium", lang, file_id, ocr, layout)
    if not result.ok:
        return result
    other = extract_file(path, quarter, "camelot", lang, result.file_id, ocr, layout)
    theirs = {row["row_id"]: row for row in other.rows}
    for row in result.rows:
        their_row = theirs.get(row["row_id"], {})
        for name in COMPARED_FIELDS:
            mine, their = str(row[name]), str(their_row.get(name, ""))
            if mine != their:
                result.problems.append(
                    problem(result.source_file, "backend_disagreement", lang, row["page"], row["row_id"], name, mine, other=their)
                )
    return result
