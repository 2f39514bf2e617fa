"""Read a report whose quarters stand side by side (a ``Family`` of ``extract/families.py``).

Word exports of this form draw borders as filled rectangles, leave many out
(often no border between rows) and print values lower in a cell than the
text beside them, so the ruled grid alone does not give the rows. The chain,
each step a function of plain data:

``find_layout`` (columns from the vertical rulings, named by the header words
above them; quarters from the label row over the K/Rp pairs)
-> ``column_lines`` (each column's text lines in the body)
-> ``row_tops`` (a printed row starts where a text block starts in an anchor
column -- name, indicator, agency in charge -- after a gap wider than the
line spacing, or after a border drawn across that column)
-> ``page_rows`` (every line of every column goes to the row band it starts
in, so a value printed low in its cell stays with its row)
-> ``join_pages`` (a row cut by a page break is joined back)
-> ``hierarchy`` and ``records`` (one rows.csv row per printed row and quarter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rekon.extract.families import Family, field_of_header
from rekon.extract.geometry import Char, PageGeometry, Segment
from rekon.extract.grid import snap_positions
from rekon.extract.header import normalise
from rekon.extract.numbers import CONVENTION_NAMES, CellKind, Convention, parse_cell, vote
from rekon.extract.schema import ROW_COLUMNS
from rekon.extract.structure import FROM_SUMS, ItemInfo, classify_items, is_program_item, program_code, row_codes
from rekon.extract.text import SPACE_GAP, line_text, lines_of, unwrap, whole_words

BLOCK_GAP = 0.4  # share of the font size: a wider gap between two lines of a column starts a new block
START_TOLERANCE = 0.8  # share of the font size within which starts in different columns are one row
LINE_SLACK = 0.6  # share of the font size by which a line may begin above its row's top
MIN_RULE_SHARE = 0.25  # a vertical ruling must run this share of the longest one to be a column border
ROW_BORDER_COVER = 0.6  # share of a column's width a horizontal ruling must cover to separate its rows
COLUMN_TOLERANCE = 2.0  # points: columns of a page without header match the previous header's within this


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def x_center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Column:
    field: str  # a family column (`name`, `indikator`, ...) or a pair field (`realisasi_pagu`)
    quarter: int | None
    x0: float
    x1: float

    @property
    def key(self) -> str:
        return f"{self.field}:q{self.quarter}" if self.quarter else self.field


@dataclass
class Layout:
    columns: list[Column]
    header_bottom: float  # the body starts below this
    header_texts: list[str] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    text: str
    top: float
    bottom: float
    size: float


@dataclass
class PrintedRow:
    page: int
    index: int  # 0-based on its page
    top: float
    bottom: float
    x0: float
    x1: float
    texts: dict[str, list[str]]  # column key -> lines

    def text(self, key: str) -> str:
        return "\n".join(self.texts.get(key, []))


class LayoutProblem(Exception):
    """A page whose header or grid cannot be read: code and details for a problems.csv line."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


# ---- words and lines -------------------------------------------------------------------------


def words_of(line: list[Char]) -> list[Word]:
    words: list[list[Char]] = []
    for char in line:
        if words and char.x0 - words[-1][-1].x1 <= SPACE_GAP * max(char.size, words[-1][-1].size):
            words[-1].append(char)
        else:
            words.append([char])
    return [Word("".join(c.text for c in w), w[0].x0, max(c.x1 for c in w), min(c.top for c in w), max(c.bottom for c in w)) for w in words]


def _line(chars: list[Char]) -> Line:
    sizes = sorted(c.size for c in chars)
    return Line(line_text(chars), min(c.top for c in chars), max(c.bottom for c in chars), sizes[len(sizes) // 2])


# ---- layout from the header --------------------------------------------------------------------


def column_borders(segments: list[Segment]) -> list[float]:
    """x of the vertical rulings that run along the table, not the sides of shaded header boxes."""
    vertical = [s for s in segments if not s.horizontal and s.end - s.start > 1.0]
    if not vertical:
        return []
    xs = snap_positions([s.position for s in vertical])
    lengths = [0.0] * len(xs)
    for s in vertical:
        index = min(range(len(xs)), key=lambda i: abs(xs[i] - s.position))
        lengths[index] += s.end - s.start
    longest = max(lengths)
    return [x for x, length in zip(xs, lengths) if length >= MIN_RULE_SHARE * longest]


def find_layout(page: PageGeometry, family: Family) -> Layout | None:
    """The page's columns when it prints the family's header; None when it prints no header.

    Raises LayoutProblem when a header is there but its columns cannot be told.
    """
    lines = lines_of(page.chars)
    title_index = next((i for i, line in enumerate(lines) if family.recognises(line_text(line))), None)
    if title_index is None:
        return None
    pair_index = label_index = None
    for i in range(title_index, len(lines)):
        words = [normalise(w.text) for w in words_of(lines[i])]
        words = [w for w in words if w]
        if pair_index is None and len(words) >= 2 and all(w in family.pair for w in words):
            pair_index = i
            break
        if words and all(w in family.quarter_labels for w in words):
            label_index = i
    xs = column_borders(list(page.segments))
    header_texts = [line_text(line) for line in lines[: (pair_index or title_index) + 1]]
    if pair_index is None or label_index is None or len(xs) < 3:
        raise LayoutProblem("unknown_layout", missing="K/Rp", text=" | ".join(header_texts))
    pair_words = [w for w in words_of(lines[pair_index]) if normalise(w.text) in family.pair]
    label_words = sorted((w for w in words_of(lines[label_index]) if normalise(w.text) in family.quarter_labels), key=lambda w: w.x0)
    header_bottom = max(w.bottom for w in pair_words)
    table_top = min(min(c.top for c in lines[title_index]), min(s.start for s in page.segments if not s.horizontal and xs[0] - 1 <= s.position <= xs[-1] + 1))

    columns: list[Column] = []
    for x0, x1 in zip(xs, xs[1:]):
        inside = [w for w in pair_words if x0 <= w.x_center < x1]
        if inside:
            word = inside[0]
            # The label over a pair stands between its first and last sub-column.
            label = next((lw for lw in label_words if _label_over(lw, word, pair_words)), None)
            quarter = family.quarter_labels[normalise(label.text)] if label else None
            if quarter is None:
                raise LayoutProblem("unknown_layout", missing=f"TW {word.text}", text=" | ".join(header_texts))
            columns.append(Column(family.pair[normalise(word.text)], quarter, x0, x1))
            continue
        header_chars = [c for c in page.chars if x0 <= c.x_center < x1 and table_top - 1 <= c.top and c.bottom <= header_bottom + 12]
        text = " ".join(line_text(line) for line in lines_of(header_chars))
        name = field_of_header(family, text)
        if name:
            columns.append(Column(name, None, x0, x1))
    missing = [f for f in family.required if f not in {c.field for c in columns}]
    if missing or not any(c.quarter for c in columns):
        raise LayoutProblem("unknown_layout", missing=", ".join(missing) or "K/Rp", text=" | ".join(header_texts))
    return Layout(columns, _body_top(page, xs, header_bottom), header_texts, [line_text(line) for line in lines[title_index : title_index + 1]])


def _label_over(label: Word, word: Word, pair_words: list[Word]) -> bool:
    """Whether a quarter label stands over the pair that `word` belongs to (the label is centred over the pair)."""
    ordered = sorted(pair_words, key=lambda w: w.x0)
    size = len({normalise(w.text) for w in ordered})
    index = ordered.index(word)
    start = index - index % size
    group = ordered[start : start + size]
    return group[0].x0 - 5 <= label.x_center <= group[-1].x1 + 5


def _body_top(page: PageGeometry, xs: list[float], header_bottom: float) -> float:
    """The first ruling across the table below the header's last line."""
    width = xs[-1] - xs[0]
    below = [s.position for s in page.segments if s.horizontal and s.position >= header_bottom - 0.5 and s.end - s.start >= 0.1 * width]
    return min(below) if below else header_bottom


def continued_layout(page: PageGeometry, previous: Layout) -> Layout | None:
    """A page without header continues the previous header's columns, if its rulings agree."""
    xs = column_borders(list(page.segments))
    if not xs:
        return None
    edges = sorted({round(c.x0, 1) for c in previous.columns} | {round(c.x1, 1) for c in previous.columns})
    matched = all(any(abs(x - e) <= COLUMN_TOLERANCE for x in xs) for e in edges)
    if not matched:
        return None
    top = min(s.start for s in page.segments if not s.horizontal and xs[0] - 1 <= s.position <= xs[-1] + 1)
    return Layout(previous.columns, top, previous.header_texts, [])


# ---- rows from text blocks -----------------------------------------------------------------------


def table_bottom(page: PageGeometry, layout: Layout) -> float:
    x0, x1 = layout.columns[0].x0, max(c.x1 for c in layout.columns)
    ends = [s.end for s in page.segments if not s.horizontal and x0 - 1 <= s.position <= x1 + 1 and s.end > layout.header_bottom]
    return max(ends) if ends else page.height


def column_lines(page: PageGeometry, layout: Layout, bottom: float) -> tuple[dict[str, list[Line]], list[str]]:
    """Each column's body lines, top to bottom; and the lines of text outside the table's body."""
    by_column: dict[str, list[Char]] = {c.key: [] for c in layout.columns}
    outside: list[Char] = []
    for char in page.chars:
        y = char.y_center
        column = next((c for c in layout.columns if c.x0 <= char.x_center < c.x1), None)
        if column is None or not layout.header_bottom <= y <= bottom:
            if y > layout.header_bottom:  # the header itself is read by find_layout
                outside.append(char)
            continue
        by_column[column.key].append(char)
    lines = {key: [_line(line) for line in lines_of(chars)] for key, chars in by_column.items()}
    return lines, [line_text(line) for line in lines_of(outside)]


def row_borders(page: PageGeometry, column: Column) -> list[float]:
    """y of the horizontal rulings drawn across (most of) a column."""
    width = column.x1 - column.x0
    found = []
    for s in page.segments:
        if s.horizontal and min(s.end, column.x1) - max(s.start, column.x0) >= ROW_BORDER_COVER * width:
            found.append(s.position)
    return snap_positions(found)


def block_starts(lines: list[Line], borders: list[float]) -> list[Line]:
    """The lines that begin a text block: after a wide gap, or after a border between them and the line above."""
    starts = []
    previous: Line | None = None
    for line in lines:
        if previous is None:
            starts.append(line)
        else:
            gap = line.top - previous.bottom
            ruled = any(previous.bottom - 1 <= y <= line.top + 1 for y in borders)
            if gap > BLOCK_GAP * line.size or ruled:
                starts.append(line)
        previous = line
    return starts


def row_tops(starts: list[Line]) -> list[float]:
    """Starts in different anchor columns within a line's height of each other are one row."""
    tops: list[float] = []
    first: float | None = None
    for line in sorted(starts, key=lambda l: l.top):
        if first is not None and line.top - first <= START_TOLERANCE * line.size:
            continue
        tops.append(line.top)
        first = line.top
    return tops


def page_rows(page: PageGeometry, layout: Layout, family: Family) -> tuple[list[PrintedRow], list[str]]:
    bottom = table_bottom(page, layout)
    lines, outside = column_lines(page, layout, bottom)
    starts: list[Line] = []
    for column in layout.columns:
        if column.field in family.anchors:
            starts += block_starts(lines[column.key], row_borders(page, column))
    tops = row_tops(starts)
    if not tops:
        return [], outside
    x0, x1 = layout.columns[0].x0, max(c.x1 for c in layout.columns)
    rows = [PrintedRow(page.number, i, top, bottom, x0, x1, {}) for i, top in enumerate(tops)]
    for i in range(len(rows) - 1):
        rows[i].bottom = rows[i + 1].top
    for key, column_lines_ in lines.items():
        for line in column_lines_:
            # The row whose band the line begins in: values printed low in their cell stay with their row.
            index = max((i for i, top in enumerate(tops) if top <= line.top + LINE_SLACK * line.size), default=0)
            rows[index].texts.setdefault(key, []).append(line.text)
    return rows, outside


# ---- across pages and into records -----------------------------------------------------------


def _has_values(row: PrintedRow, layout: Layout) -> bool:
    return any(row.texts.get(c.key) for c in layout.columns if c.quarter)


def _continues(text: str) -> bool:
    return bool(text) and text[0].islower()


def join_pages(rows: list[PrintedRow], layout: Layout) -> list[PrintedRow]:
    """A page's first row that only continues the text of the last row above (a row cut by the page break) is joined to it."""
    joined: list[PrintedRow] = []
    for row in rows:
        if joined and row.index == 0 and row.page != joined[-1].page and not _has_values(row, layout):
            name, indikator = row.text("name"), row.text("indikator")
            if (name or indikator) and all(_continues(t) for t in (name, indikator) if t):
                for key, lines in row.texts.items():
                    if key != "penanggung_jawab":
                        joined[-1].texts.setdefault(key, []).extend(lines)
                continue
        joined.append(row)
    return joined


_UPPER_SHARE = 0.8
# Headings of the urusan an agency serves, printed above it: `URUSAN PEMERINTAHAN BIDANG ...`,
# `UNSUR PENGAWASAN URUSAN PEMERINTAHAN`, `BIDANG URUSAN ...`. They group programs (sasaran),
# even where they carry the agency's sums: the agency is the row that is no such heading.
_URUSAN_HEADING = re.compile(r"^(URUSAN|UNSUR|BIDANG\s+URUSAN|SUB\s+URUSAN)\b|\bURUSAN\s+PEMERINTAHAN\b")


def is_urusan_heading(name: str) -> bool:
    return _upper(name) and bool(_URUSAN_HEADING.search(" ".join(name.split()).upper()))


def _upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) > _UPPER_SHARE


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
        if row.get("name") or not items:
            items.append(Item([index]))
        else:
            items[-1].rows.append(index)
    pending: list[Item] = []
    program = ""

    def classify_pending() -> None:
        infos = [ItemInfo(texts[i.rows[0]].get("name", ""), _amounts(texts[i.rows[0]], layout, convention), _kegiatan_style(texts[i.rows[0]], layout)) for i in pending]
        for item, decision in zip(pending, classify_items(infos, program_code(program))):
            item.level, item.from_sums = decision.level, decision.source == FROM_SUMS
        pending.clear()

    for item in items:
        name = texts[item.rows[0]].get("name", "")
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
    opd = next((t["name"] for t, level in zip(texts, levels) if level == "total" and t.get("name")), "")
    return opd or next((t.get("penanggung_jawab", "") for t in texts if t.get("penanggung_jawab")), "")


def records(rows: list[PrintedRow], layout: Layout, family: Family, stem: str, source_file: str, year: int | None, quarters: list[int]) -> tuple[list[dict], str, list[tuple[dict, str, str]], list[dict]]:
    """rows.csv records, quarter by quarter; the agency's name; the cells that hold no readable number;
    and the first record of each item whose level only the budget sums told."""
    raw = [{key: row.text(key) for key in row.texts} for row in rows]
    vocabulary = whole_words(text for row in raw for text in row.values())
    texts = [{key: unwrap(text, vocabulary) for key, text in row.items()} for row in raw]
    value_texts = [t.get(c.key, "") for t in texts for c in layout.columns if c.quarter]
    convention = vote(value_texts) or Convention.DOT_THOUSANDS
    levels, from_sums = hierarchy(texts, layout, convention)
    opd = agency_name(texts, levels)

    # Hierarchy and budget group of each printed row (the same in every quarter).
    context = []
    sasaran = program = kegiatan = sub_kegiatan = ""
    group = ""
    for index, (row, t, level) in enumerate(zip(rows, texts, levels)):
        name = t.get("name", "")
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
        context.append((row_key, group, sasaran, program, kegiatan, sub_kegiatan))

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
                penanggung_jawab=t.get("penanggung_jawab", ""),
                budget_group=f"{group}:q{quarter}",
            )
            errors = []
            for name, key in fields.items():
                parsed = parse_cell(t.get(key, ""), convention)
                record[name] = parsed.plain
                if parsed.kind in (CellKind.UNREADABLE, CellKind.SPREADSHEET_ERROR):
                    errors.append(f"{name}={parsed.raw}")
                    code = "unreadable_number" if parsed.kind is CellKind.UNREADABLE else "spreadsheet_error"
                    bad_cells.append((record, name, code, {"text": parsed.raw}))
                elif parsed.other_convention is not None:
                    bad_cells.append((record, name, "other_convention", {"text": parsed.raw, "convention": CONVENTION_NAMES[parsed.other_convention], "value": parsed.plain}))
            record["cell_errors"] = "; ".join(errors)
            found.append(record)
    for record, kode in zip(found, row_codes(found)):
        record["kode"] = kode
    first_quarter = found[: len(rows)]
    told_by_sums = [dict(first_quarter[i], name=texts[i].get("name", "")) for i in from_sums] if quarters else []
    return found, opd, bad_cells, told_by_sums


def quarters_printed(rows: list[PrintedRow], layout: Layout) -> tuple[list[int], list[int]]:
    """The quarters with at least one value in the document, and those left wholly empty."""
    all_quarters = sorted({c.quarter for c in layout.columns if c.quarter})
    printed = [q for q in all_quarters if any(row.texts.get(c.key) for row in rows for c in layout.columns if c.quarter == q)]
    return printed, [q for q in all_quarters if q not in printed]


def year_of(lines: list[str], family: Family) -> int | None:
    for line in lines:
        if m := family.year.search(line):
            return int(m.group(1))
    return None


@dataclass
class Document:
    """What the family reader found in one file (problems as (code, page, details) for the pipeline to word)."""

    rows: list[dict] = field(default_factory=list)
    problems: list[tuple[str, int | None, dict]] = field(default_factory=list)
    opd: str = ""
    year: int | None = None
    printed_rows: int = 0


def read_document(pages: list[PageGeometry], family: Family, path: Path) -> Document:
    document = Document()
    layout: Layout | None = None
    printed: list[PrintedRow] = []
    titles: list[str] = []
    for page in pages:
        try:
            found = find_layout(page, family)
        except LayoutProblem as problem:
            document.problems.append((problem.code, page.number, problem.details))
            continue
        if found is not None:
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
    document.year = year_of(titles, family)
    document.rows, document.opd, bad, told_by_sums = records(printed, layout, family, path.stem, str(path), document.year, quarters)
    document.printed_rows = len(printed)
    for record, name, code, values in bad:
        document.problems.append((code, record["page"], {"row_id": record["row_id"], "field": name, **values}))
    for record in told_by_sums:
        document.problems.append(("level_from_sums", record["page"], {"row_id": record["row_id"], "field": "level", "text": record["name"], "level": record["level"].replace("_", " ")}))
    return document
