"""Carry merged cells over page breaks and give every body row its full cell texts.

A merged cell cut by a page break is printed as two grid cells, one at the
foot of a page and one at the top of the next page's body, the second usually
empty (its text is printed once). Producers draw the break two ways:

- open (LibreOffice): the first piece has no bottom border; the open border
  joins the two pieces whatever the second holds;
- closed (Word, reportlab): every page is a table of its own, with a bottom
  border at its foot and a fresh top border under the repeated header. The
  first body row of the next page continues the previous page's items in the
  hierarchy columns it leaves empty, from the top level down to the first
  column that prints a new name; where it starts nothing new, its empty budget
  cells continue the previous page's too (a name the national list holds whole
  is something new: a sub kegiatan that printed only its target keeps its empty budget). A column that the document leaves
  empty beside a new item elsewhere (sasaran cells that cover only their own
  indicator rows) is not carried onto a row that starts a new item.

A closed grid may also break a row itself across the page (Word does by default): the
lines that fit stay at the foot, the rest opens the next page as a row of its own, often
the last line of a long name alone. Such a first row prints no number, only the rest of
texts the last row printed, and no new indicator (an indicator with its unit; the rest of a
unit word the narrow Satuan column cut, `Dokume` / `n`, is no unit of its own): its
texts are joined to the last row's and it is no row of its own.

Either way a continuation only takes a text printed on an earlier page: no
name is made up, and a row is never filled from the row above by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekon.extract.nomenclature import nomenclature
from rekon.extract.nomenclature import vocabulary as national_vocabulary
from rekon.extract.schema import NUMERIC_FIELDS
from rekon.extract.table import BodyRow, PageTable
from rekon.extract.words import goes_on, put_back_descenders, whole_words

# Columns whose cells may span several rows and pages.
MERGEABLE = (
    "no",
    "tujuan",
    "sasaran",
    "program",
    "item",
    "target_pagu",
    "realisasi_pagu",
    "capaian_pagu",
    "keterangan",
    "kegiatan",
    "sub_kegiatan",
)
# Hierarchy columns from the top level down: an empty cell at the top of a closed page
# continues the item above only while no higher column starts a new one.
HIERARCHY_ORDER = ("tujuan", "sasaran", "program", "item", "kegiatan", "sub_kegiatan")
# Cells that an item shares over its indicator rows (one budget, one number).
SHARED_BY_ITEM = ("no", "target_pagu", "realisasi_pagu", "capaian_pagu")
BUDGET_FIELDS = ("target_pagu", "realisasi_pagu", "capaian_pagu")
ITEM_FIELDS = ("item", "kegiatan", "sub_kegiatan")  # the columns that name an item with a budget of its own


@dataclass
class MergedCell:
    """One logical cell of the table, possibly spanning rows and pages."""

    key: str  # stable id: `p<page>c<cell>` of its first piece
    text: str
    pieces: list[tuple[int, int]] = field(default_factory=list)  # (page, grid cell id)
    confidence: float = -1.0  # lowest OCR confidence of its pieces; -1 from a text layer


@dataclass
class AssembledRow:
    page: int
    index_on_page: int
    bbox: tuple[float, float, float, float]
    texts: dict[str, str]  # field -> full text (merged cells resolved)
    groups: dict[str, MergedCell]  # field -> the merged cell it belongs to (mergeable fields)
    starts: dict[str, bool]  # field -> whether this row is the first row of that merged cell
    split_cells: list[str]  # fields where several grid cells fell in one row
    confidence: dict[str, float] = field(default_factory=dict)  # field -> lowest OCR confidence (OCR pages only)
    unmapped: dict[str, str] = field(default_factory=dict)  # header text -> value printed under a header that names no field


class Assembler:
    """Takes the pages one at a time, so that a long report never holds more than one page's grid."""

    def __init__(self) -> None:
        self.rows: list[AssembledRow] = []
        self._open_cells: dict[str, MergedCell] = {}  # field -> cell left open at the foot of the previous page
        self._last_cells: dict[str, MergedCell] = {}  # field -> cell of the previous page's last row
        self._last_fields: list[str] = []
        self._evidence = SpanEvidence()
        self._last_spans: dict[str, int] = {}  # field -> body rows its last cell covers on the previous page

    def add(self, table: PageTable) -> None:
        by_cell: dict[tuple[str, int], MergedCell] = {}
        self._evidence.add(table)
        split = self._split_row(table)
        # Fine row where a piece must start to continue a cell of the previous page -> those cells.
        # A row broken by the break continues its row; the row after it continues the items above.
        carried_at = {table.header_rows: self._carried_into(table, 0)} if split is None else {table.rows[0].row0: split}
        if split is not None and len(table.rows) > 1:
            carried_at[table.rows[1].row0] = self._carried_into(table, 1)
        for body in table.rows:
            texts: dict[str, str] = {}
            groups: dict[str, MergedCell] = {}
            starts: dict[str, bool] = {}
            for name in table.fields:
                piece = body.cells.get(name)
                if piece is None:
                    texts[name] = ""
                    continue
                if name not in MERGEABLE:
                    texts[name] = piece.text
                    continue
                key = (name, piece.cell.id)
                merged = by_cell.get(key)
                if merged is None:
                    continued = carried_at.get(piece.cell.row0, {}).get(name)
                    if continued is not None:
                        # The rest of a cell cut by the page break; any text printed here is its continuation.
                        if piece.text:
                            continued.text = self._joined_across_pages(continued.text, piece.text)
                        continued.pieces.append((table.page, piece.cell.id))
                        continued.confidence = _lowest(continued.confidence, piece.confidence)
                        merged = continued
                    else:
                        merged = MergedCell(f"p{table.page}c{piece.cell.id}", piece.text, [(table.page, piece.cell.id)], piece.confidence)
                    by_cell[key] = merged
                    starts[name] = merged.pieces[0] == (table.page, piece.cell.id) and piece.starts_here
                else:
                    starts[name] = False
                groups[name] = merged
            if split is not None and body is table.rows[0]:
                self._join_to_last_row(texts)
                continue
            self.rows.append(
                AssembledRow(
                    page=table.page,
                    index_on_page=body.index,
                    bbox=body.bbox,
                    texts=texts,
                    groups=groups,
                    starts=starts,
                    split_cells=[n for n, c in body.cells.items() if c.pieces > 1],
                    confidence={n: c.confidence for n, c in body.cells.items() if c.confidence >= 0},
                    # A cell spanning rows is named once, on its first row.
                    unmapped={n: c.text for n, c in body.unmapped.items() if c.starts_here and c.text.strip()},
                )
            )
        self._open_cells = _open_at_foot(table, by_cell)
        if table.rows:
            last = table.rows[-1]
            self._last_cells = {n: by_cell[(n, p.cell.id)] for n, p in last.cells.items() if (n, p.cell.id) in by_cell}
            self._last_spans = {n: sum(r.cells.get(n) is not None and r.cells[n].cell.id == p.cell.id for r in table.rows)
                                for n, p in last.cells.items()}
            self._last_fields = table.fields

    def _carried_into(self, table: PageTable, index: int) -> dict[str, MergedCell]:
        """Field -> the previous page's cell that body row `index` of this page (its first row, or
        the one after a row broken across the page) continues, in the cells that start in it."""
        carried = dict(self._open_cells) if index == 0 else {}
        if len(table.rows) <= index or not self._last_cells or table.fields != self._last_fields:
            return carried
        first = table.rows[index]
        top = table.header_rows if index == 0 else first.row0

        def empty_top(name: str) -> bool:
            piece = first.cells.get(name)
            return piece is not None and piece.cell.row0 == top and not piece.text.strip()

        def printed_before(name: str) -> MergedCell | None:
            previous = self._last_cells.get(name)
            return previous if previous is not None and previous.text.strip() else None

        present = [n for n in HIERARCHY_ORDER if n in first.cells and n not in carried and first.cells[n].cell.row0 >= top]
        new_items = [n for n in present if not empty_top(n)]
        for name in present:
            if name in new_items:
                break  # a new item at this level: the levels below it are new too
            if any((name, lower) in self._evidence.empty_beside for lower in new_items):
                continue
            if previous := printed_before(name):
                carried[name] = previous
        for name in SHARED_BY_ITEM + ("keterangan",):
            previous = printed_before(name)
            if name in carried or not empty_top(name) or previous is None:
                continue
            # Shared across a new item only where the document shows such cells spanning new items,
            # or a budget cell where the document never leaves a planned row without its own budget.
            spanning = all((name, lower) in self._evidence.spans for lower in new_items)
            budgeted = name in BUDGET_FIELDS and not self._evidence.unbudgeted and bool(first.text("target_kinerja").strip())
            # An item the national list names whole is an item of its own, not the rest of the name above:
            # its empty budget cells are its own (a sub kegiatan that printed only its target).
            budgeted = budgeted and not any(_official_name(first.text(n)) for n in new_items)
            if not spanning and not budgeted:
                continue
            # A remark is carried only from a cell merged over several rows (one row's remark is its own).
            if name == "keterangan" and self._last_spans.get(name, 1) < 2:
                continue
            carried[name] = previous
            if name == "target_pagu" and not spanning:
                # The row is the item's above (its budget goes on): the one item name it prints is the rest
                # of that item's name, which the break cut (`... Sumber` / `Daya Air dan Listrik`).
                (new_item,) = new_items if len(new_items) == 1 and new_items[0] in ITEM_FIELDS else (None,)
                if new_item is not None and (above := printed_before(new_item)) is not None:
                    carried[new_item] = above
        return carried

    def _split_row(self, table: PageTable) -> dict[str, MergedCell] | None:
        """Field -> the last row's cell, when the page's first row is the rest of the previous
        page's last row (None when it is a row of its own)."""
        if not table.rows or not self.rows or table.fields != self._last_fields:
            return None
        first: BodyRow = table.rows[0]
        last = self.rows[-1]
        at_top = {n: p for n, p in first.cells.items() if p.cell.row0 == table.header_rows}
        printed = [n for n, p in at_top.items() if p.text.strip()]
        if not printed or any(n in NUMERIC_FIELDS for n in printed):
            return None
        if "indikator" in printed and "satuan" in printed and not self._cut_word_goes_on(last, at_top["satuan"].text):
            return None  # a new indicator with its unit, whatever values it leaves blank
        for name in printed:
            piece = at_top[name]
            if not piece.ends_here:
                return None  # a cell running on below starts something new (an item over several rows)
            before = self._last_cells.get(name)
            before_text = before.text if before is not None else last.texts.get(name, "")
            if not before_text.strip():
                return None  # only what the last row printed can go on
        carried = dict(self._open_cells)
        for name, piece in first.cells.items():
            if name in MERGEABLE and name in self._last_cells:
                carried.setdefault(name, self._last_cells[name])
        return carried

    def _cut_word_goes_on(self, last: AssembledRow, unit: str) -> bool:
        """Whether the unit printed at the top of the page is the rest of the last row's unit, a word
        the narrow Satuan column cut at the break (`Dokume` / `n`): no unit of its own, so the row
        is the rest of the last one, not a new indicator. Told as a cut word anywhere is (words.joins):
        the joined word known to the document so far or to the national list, the head not."""
        if not last.texts.get("satuan", "").strip() or len(unit.split()) != 1:
            return False
        return goes_on(last.texts["satuan"], unit, self._vocabulary())

    def _join_to_last_row(self, texts: dict[str, str]) -> None:
        """The rest of a row broken by the page: its own (unmerged) cells' lines go to the last row's."""
        last = self.rows[-1]
        for name, text in texts.items():
            if name in last.groups or not text.strip():
                continue  # merged cells took their continuation already
            last.texts[name] = self._joined_across_pages(last.texts[name], text) if last.texts.get(name) else text

    def _joined_across_pages(self, before: str, after: str) -> str:
        """A cell's text on the previous page and its rest on this one, as one text of lines; a letter
        the break pushed onto this page is put back where it was cut from (words.put_back_descenders)."""
        if not before:
            return after
        if len(after.split("\n", 1)[0].strip()) <= 3:  # only a lone letter or two is worth a vocabulary
            before, after = put_back_descenders(before, after, self._vocabulary())
        return f"{before}\n{after}" if after else before

    def _vocabulary(self) -> frozenset[str]:
        """Words printed whole in the rows read so far, and the national list's (see rekon.extract.words)."""
        return whole_words(t for row in self.rows for t in row.texts.values()) | national_vocabulary()

    def finish(self) -> list[AssembledRow]:
        for row in self.rows:  # texts of merged cells are final only once every page is read
            for name, merged in row.groups.items():
                row.texts[name] = merged.text
                if merged.confidence >= 0:
                    row.confidence[name] = merged.confidence
        return self.rows


def _official_name(text: str) -> bool:
    """A name the national list holds as printed (case, spacing and punctuation aside)."""
    return bool(text.strip()) and bool(nomenclature().codes(text))


def _lowest(a: float, b: float) -> float:
    """The lower of two OCR confidences, where -1 (no OCR glyph) is no confidence at all."""
    known = [c for c in (a, b) if c >= 0]
    return min(known) if known else -1.0


def assemble(tables: list[PageTable]) -> list[AssembledRow]:
    assembler = Assembler()
    for table in tables:
        assembler.add(table)
    return assembler.finish()


@dataclass
class SpanEvidence:
    """What the document shows inside its pages, where no break hides how far a cell reaches.

    ``spans``: (column, level) where a cell of the column runs on through a row that starts
    a new item of that hierarchy level (a shared budget over several sasaran rows).
    ``empty_beside``: (upper, lower) hierarchy columns where a row starts a new lower item
    with its upper cell empty (sasaran cells that cover only their own indicator rows).
    ``unbudgeted``: a row prints a target beside a budget cell of its own left empty; where no
    row does, an empty budget cell under a page break is the rest of the cell above it.
    """

    spans: set[tuple[str, str]] = field(default_factory=set)
    empty_beside: set[tuple[str, str]] = field(default_factory=set)
    unbudgeted: bool = False  # a row prints a target beside an empty budget cell of its own

    def add(self, table: PageTable) -> None:
        for body in table.rows[1:]:
            pagu = body.cells.get("target_pagu")
            if pagu is not None and pagu.starts_here and not pagu.text.strip() and body.text("target_kinerja").strip():
                self.unbudgeted = True
            new_items = [n for n in HIERARCHY_ORDER if (p := body.cells.get(n)) and p.starts_here and p.text.strip()]
            if not new_items:
                continue
            for name, piece in body.cells.items():
                if name not in MERGEABLE:
                    continue
                if not piece.starts_here:
                    self.spans.update((name, lower) for lower in new_items)
                elif name in HIERARCHY_ORDER and not piece.text.strip():
                    below = HIERARCHY_ORDER[HIERARCHY_ORDER.index(name) + 1:]
                    self.empty_beside.update((name, lower) for lower in new_items if lower in below)


def _open_at_foot(table: PageTable, by_cell: dict[tuple[str, int], MergedCell]) -> dict[str, MergedCell]:
    if not table.rows:
        return {}
    last = table.rows[-1]
    open_cells = {}
    for name, piece in last.cells.items():
        if name in MERGEABLE and piece.cell.open_bottom and (name, piece.cell.id) in by_cell:
            open_cells[name] = by_cell[(name, piece.cell.id)]
    return open_cells
