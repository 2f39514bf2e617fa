"""PDF -> rows: read every page's table, join them, and give each row its hierarchy and values.

``extract_file`` is a pure function of one file (no output written), so many
files can run in parallel processes or on a cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from rekon.extract.backends import open_document
from rekon.extract.collector import collector_paused
from rekon.extract.errors import ExtractError, classify_open_error, is_file_problem, sniff
from rekon.extract.families import BUILTIN, Declarations, Family, recognise_pages
from rekon.extract.identity import content_hash
from rekon.extract.region import region_of
from rekon.extract.merge import Assembler
from rekon.extract.messages import problem
from rekon.extract.problems import Problem
from rekon.extract.quarterly_rows import combine_item_columns, records_of
from rekon.extract.ocr.confidence import describe
from rekon.extract.schema import NUMERIC_FIELDS
from rekon.extract.side_by_side import read_document as read_side_by_side
from rekon.extract.table import PageTable, read_page_table
from rekon.extract.nomenclature import vocabulary as national_vocabulary
from rekon.extract.ocr.debris import without_debris
from rekon.extract.quarter_evidence import SOURCES, quarter_elsewhere
from rekon.extract.text import line_text, lines_of, unwrapper
from rekon.extract.tolerances import reads_with_tolerances
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
    problems: list[Problem] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    pages: int = 0
    error: Problem | None = None  # why the file could not be read at all (one of its problems)
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
    family: str = ""  # the family (extract/families.yaml) the file was read as; "" when it could not be read that far

    @property
    def ok(self) -> bool:
        return self.error is None

    def reason(self, lang: str = "id") -> str:
        """The one-line reason the file could not be read, in `lang`; "" when it was read."""
        return self.error.message(lang) if self.error is not None else ""

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
            family=self.family,
        )




FILE_ID_LENGTH = 12  # hex digits of the content hash: 48 bits, no collision in any batch of reports


def file_id_of(path: Path) -> str:
    return content_hash(path)[:FILE_ID_LENGTH]


@collector_paused()  # a file's objects die by reference count: the cyclic collector runs once, after
@reads_with_tolerances
def extract_file(path: Path, quarter: int | None = None, backend: str = "pdfium", lang: str = "id", file_id: str | None = None,
                 ocr: str = "auto", layout: Declarations | None = None) -> FileResult:
    """Rows of one PDF. Row ids start with `file_id` (the start of the file's content hash), so the
    same bytes give the same rows under any name or folder, and two files never share a row id.
    ``ocr`` auto reads pages without a text layer by OCR, always every page, never none.
    ``layout``: the report families to read by (a user's layout file added; the built-in ones by default).
    ``tolerances=``: how lenient the reading of a page is (extract/tolerances.py; the defaults when not given).
    ``lang`` is not used (problems are said at output, Problem.message); it stays for its callers."""
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

    result.family = (family or layout.default).name
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
            result.error = fatal
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
        found = quarter_elsewhere([line for t in page_tables for line in t.outside_text],
                                  [text for t in page_tables for text in t.header_texts], Path(source_file).stem)
        if found is None:
            return _failed(result, "no_quarter", lang)
        result.metadata.quarter, source, text = found
        result.problems.append(problem(source_file, "quarter_from_elsewhere", lang, raw=text, quarter=found[0], source=SOURCES[source][lang]))

    assembled = assembler.finish()
    result.words = whole_words(text for row in assembled for text in row.texts.values())
    vocabulary = result.words | national_vocabulary()
    unwrap = unwrapper(vocabulary)
    for row in assembled:
        row.texts = {name: unwrap(text) for name, text in row.texts.items()}
        if row.confidence:  # read by OCR: strokes read as characters, words glued to `dan`
            row.texts = {name: text if name in NUMERIC_FIELDS else without_debris(text, vocabulary) for name, text in row.texts.items()}
        combine_item_columns(row)
    result.table_rows = sum(t.rows for t in usable)
    result.rows = records_of(assembled, result.file_id, source_file, result, lang)
    if fatal:
        result.error = fatal
    return result


def _header_problem(source_file: str, lang: str, page: int | None, found) -> Problem:
    """A column no field was found for (`unknown_header`), or one given a field with low confidence (`uncertain_column`)."""
    if found.code == "uncertain_column":
        return problem(source_file, "uncertain_column", lang, page, field_name=found.field, raw=found.text,
                       column=found.column + 1, confidence=f"{found.confidence:.2f}", evidence=found.reason)
    return problem(source_file, "unknown_header", lang, page, raw=found.text, reason=found.reason)


def _unnamed(problems: list[Problem]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.raw_text for p in problems if p.code == "unknown_header"))


def _failed(result: FileResult, code: str, lang: str, **values) -> FileResult:
    result.error = problem(result.source_file, code, lang, **values)
    result.problems.append(result.error)
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
        failure = next((p for p in result.problems if p.code == "unknown_layout"), None)
        return _failed(result, "no_table", lang) if failure is None else _fail_with(result, failure)
    stem = Path(result.source_file).stem
    result.rows = [_with_file_id(record, stem, result.file_id, ("row_id", "budget_group")) for record in document.rows]
    for found in result.problems:
        found.row_id = _named_by_bytes(found.row_id, stem, result.file_id)
    _withhold_doubtful_by_row(result, pages, lang, document.value_spans)
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
            record[key] = _named_by_bytes(value, stem, file_id)
    return record


def _named_by_bytes(row_id: str, stem: str, file_id: str) -> str:
    return file_id + row_id[len(stem):] if row_id.startswith(stem + ":") else row_id


def _withhold_doubtful_by_row(result: FileResult, pages: list, lang: str, spans: dict) -> None:
    """Pages of this family read by OCR: a value whose digits are doubtful is withheld (extract/ocr/regions.py)."""
    from rekon.extract.ocr.regions import doubtful_rows

    for row, name, confidence in doubtful_rows(result.rows, pages, NUMERIC_FIELDS, spans):
        raw = str(row[name])
        row[name] = ""
        row["low_confidence"] = "; ".join(filter(None, [row.get("low_confidence", ""), describe(name, raw, confidence)]))
        result.problems.append(problem(result.source_file, "low_confidence", lang, row["page"], row["row_id"], name, raw, confidence=f"{confidence:.0f}"))


def _fail_with(result: FileResult, failure: Problem) -> FileResult:
    result.error = failure
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


def _layout_errors(tables: list[PageSummary], source_file: str, lang: str) -> list[Problem]:
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
