"""The header of a ruled grid (families with ``header: grid``): which rows it takes, and what each column means.

Never by position: the quarters use different layouts, and TW IV orders its
value columns differently. A column's header is its path of header cells, top
to bottom, merged group cells included (`Target` > `Pagu (Rp)`, `Anggaran` >
`Realisasi (Rp)`); its meaning is read by the one column reader of every
family (``extract/columns``), from the words of that path and from the
column's body cells.

The header rows are the grid's first rows that read as header text: most of
their cells carry a concept (tolerantly: `Capaia n (%)`, `Ket.`, `Realsiasi`),
or a column number, or a quarter. A row that prints an amount is body. When no
row reads so (a wording rekon has no word for), the first rows up to the first
one that prints numbers or long text are taken, if the column reader can name
an indicator and a value column under them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rekon.extract.columns.assign import LOW_CONFIDENCE, Choice, HeaderColumn, assign
from rekon.extract.columns.wording import read_cell
from rekon.extract.families import BUILTIN, Family
from rekon.extract.grid import Grid
from rekon.extract.tolerances import DEFAULT, current_tolerances

# The one-quarter family's fields (rows.csv's printed columns), in printed order.
FIELDS = (
    "no", "tujuan", "sasaran", "program", "item", "indikator", "satuan", "formula", "target_kinerja", "target_pagu",
    "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu", "keterangan",
)
SEPARATE_ITEM_FIELDS = ("kegiatan", "sub_kegiatan")  # layouts with one column per level
ALL_FIELDS = FIELDS + SEPARATE_ITEM_FIELDS
MAX_HEADER_ROWS = DEFAULT.header.max_rows  # the default of current_tolerances().header.max_rows (extract/tolerances.py)
_AMOUNT = re.compile(r"^[\d.,\s]{5,}$")  # 1.234, 9,756,893,547: a value, never a header


def normalise(text: str) -> str:
    """Lower case, letters and digits only: `Capaia n (%)` -> `capaian`, `Ket.` -> `ket`."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def is_header_text(text: str) -> bool:
    """Words that carry a concept (most of the cell's words known), a column number, or a quarter (`Triwulan IV`)."""
    if len(text.split()) > 20:  # body text, not worth reading word by word
        return False
    cell = read_cell(text)
    if cell.column_number or cell.quarter is not None and cell.words <= 2:
        return True
    # A long cell must be mostly header words: body text names programs and activities too.
    return bool(cell.hits) and cell.known_share >= (0.5 if cell.words <= 4 else 0.75)


def is_column_number_row(texts: list[str]) -> bool:
    """The `(1) (2) ... (15)` row under the TW IV header; on a scan one of its cells may be misread
    (`7` as `T`): a long run of the columns' own numbers in order, one short odd cell among them."""
    present = [t.strip() for t in texts if t.strip()]
    numbered = [read_cell(t).column_number for t in present]
    if not present or all(numbered):
        return bool(present)
    odd = [t for t, number in zip(present, numbered) if not number]
    values = [int(found.group(1)) for t, number in zip(present, numbered) if number and (found := _FIRST_NUMBER.match(t))]
    return (len(present) >= 6 and len(odd) == 1 and len(odd[0]) <= 2 and len(values) == len(present) - 1
            and values == sorted(set(values)) and values[-1] - values[0] <= len(present))


_FIRST_NUMBER = re.compile(r"\(?(\d+)")


@dataclass(frozen=True)
class HeaderProblem:
    column: int
    text: str
    reason: str
    code: str = "unknown_header"  # or `uncertain_column` (information: a field given with low confidence)
    field: str = ""
    confidence: float = 0.0


def _row_cells(grid: Grid, texts: dict[int, str], row: int) -> list[str]:
    """Texts of the cells that start in this row (a merged cell once)."""
    ids = {grid.cell_at[row][col] for col in range(grid.cols)}
    return [texts.get(i, "") for i in sorted(ids) if grid.cells[i].row0 == row]


LONE_WORDS = DEFAULT.header.lone_words  # the default of current_tolerances().header.lone_words (extract/tolerances.py)


def header_row_count(grid: Grid, texts: dict[int, str]) -> int:
    """How many of the grid's first rows are header rows (0: the page prints no header)."""
    count = 0
    lone_words = current_tolerances().header.lone_words
    for row in range(grid.rows):
        row_texts = _row_cells(grid, texts, row)
        present = [t for t in row_texts if t.strip()]
        if not present:
            if count == 0:
                continue
            break
        if any(_AMOUNT.match(t) for t in present):
            break
        if count and len(present) <= lone_words and not is_column_number_row(row_texts) and not _under_a_group(grid, texts, row):
            # A lower header row names the parts of a group above it; `Target` alone under a column is a body
            # line. A full row of header words is a header row even where the group is printed over each part.
            break
        numbers_row = is_column_number_row(row_texts)
        # A lone small number is a column number or a quarter only in a row of them or under a group
        # label (`1 2 3 4` under `Triwulan`); elsewhere it is a value (`Kegiatan | 1 | 1 | 100`).
        numbers_name = numbers_row or count == 0 or _under_a_group(grid, texts, row)
        known = sum(is_header_text(t) and (numbers_name or not read_cell(t).column_number) for t in present)
        # A header row is mostly header words; the odd unknown one is reported by the column reader.
        if numbers_row or known >= 2 and known * 2 >= len(present) or known == len(present):
            count = row + 1
        else:
            break
        if numbers_row and len(present) >= COLUMN_NUMBERS_SHARE * grid.cols:
            break  # the row numbering the columns is the header's last: below it (`Berencana`, `Target`) is body text
    return count


# A row numbering at least this share of the columns numbers the table's columns (the header's last
# row), not the quarters under a group (`1 2 3 4` under `Triwulan`, a few of many columns).
COLUMN_NUMBERS_SHARE = 0.6


def _under_a_group(grid: Grid, texts: dict[int, str], row: int) -> bool:
    """A cell of this row that prints words sits under a wider header cell (`Target` over `Kinerja` and `Pagu`)."""
    if row == 0:
        return False
    for i in {grid.cell_at[row][col] for col in range(grid.cols)}:
        cell = grid.cells[i]
        if cell.row0 != row or not texts.get(i, "").strip():
            continue
        above = grid.cells[grid.cell_at[row - 1][cell.col0]]
        if above.col1 - above.col0 > cell.col1 - cell.col0:
            return True
    return False


def plain_header_rows(grid: Grid, texts: dict[int, str]) -> int:
    """The first rows before any that prints a number or long text: a header in words rekon does not know."""
    count = 0
    for row in range(min(grid.rows, current_tolerances().header.max_rows)):
        present = [t for t in _row_cells(grid, texts, row) if t.strip()]
        if not present:
            if count == 0:
                continue
            break
        numbers = [t for t in present if any(ch.isdigit() for ch in t) and not read_cell(t).column_number]
        if numbers or any(len(t.split()) > 12 for t in present):
            break
        count = row + 1
    return count if count < grid.rows else 0


def column_spans(grid: Grid, texts: dict[int, str], header_rows: int) -> list[tuple[int, int, list[str]]]:
    """Group fine columns under the same header cells; each group with its header path."""
    groups: list[tuple[int, int, list[str]]] = []
    previous_ids = None
    for col in range(grid.cols):
        ids = []
        for row in range(header_rows):
            cell_id = grid.cell_at[row][col]
            if not ids or ids[-1] != cell_id:
                ids.append(cell_id)
        if ids == previous_ids:
            first, _, path = groups[-1]
            groups[-1] = (first, col, path)
        else:
            groups.append((col, col, [texts.get(i, "") for i in ids]))
        previous_ids = ids
    return groups


def column_bodies(grid: Grid, texts: dict[int, str], header_rows: int, groups: list[tuple[int, int, list[str]]]) -> list[list[str]]:
    """Each column group's body cells, one per fine row (a merged cell on its first row), aligned across columns."""
    bodies = []
    for first, last, _ in groups:
        body = []
        for row in range(header_rows, grid.rows):
            cell = grid.cells[grid.cell_at[row][first]]
            body.append(texts.get(cell.id, "") if cell.row0 == row and first <= cell.col0 <= last else "")
        bodies.append(body)
    return bodies


def map_columns(columns: list[HeaderColumn], family: Family | None = None, known: list[Choice] | None = None
                ) -> tuple[dict[int, str], list[HeaderProblem], list[Choice]]:
    """Column index -> field for every column a field was found for; the columns reported; what was found for each.

    `known`: what was found under the very same header on an earlier page of the document (its columns are those).
    """
    family = family or BUILTIN.default
    choices = known if known is not None else assign(columns, list(family.fields), family.quarters_in_columns, family.wording_map)
    mapping: dict[int, str] = {}
    problems: list[HeaderProblem] = []
    for choice in choices:
        if not choice.header:
            continue
        if choice.field is None:
            reason = f"a second column for {choice.wanted}" if choice.wanted else "unknown header"
            problems.append(HeaderProblem(choice.column, choice.header, reason))
            continue
        mapping[choice.column] = choice.field
        if choice.confidence < LOW_CONFIDENCE:
            problems.append(HeaderProblem(choice.column, choice.header, "; ".join(choice.evidence), "uncertain_column", choice.field,
                                          choice.confidence))
    return mapping, problems, choices


def field_for(path: list[str], body: list[str] | None = None, family: Family | None = None) -> str | None:
    """The field one header path names on its own (None when none): for tests and `rekon inspect`."""
    mapping, _, _ = map_columns([HeaderColumn(path, body or [])], family)
    return mapping.get(0)
