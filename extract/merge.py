"""Carry merged cells over page breaks and give every body row its full cell texts.

A merged cell cut by a page break is printed as two grid cells: the first
without a bottom border at the foot of its page, the second at the top of the
next page's body, usually empty (its text is printed once). They are joined
by structure (the open border), never by copying the row above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekon.extract.table import PageTable

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
)


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


class Assembler:
    """Takes the pages one at a time, so that a long report never holds more than one page's grid."""

    def __init__(self) -> None:
        self.rows: list[AssembledRow] = []
        self._open_cells: dict[str, MergedCell] = {}  # field -> cell left open at the foot of the previous page

    def add(self, table: PageTable) -> None:
        by_cell: dict[tuple[str, int], MergedCell] = {}
        first_body_row = table.header_rows
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
                    continued = self._open_cells.get(name) if piece.cell.row0 == first_body_row else None
                    if continued is not None:
                        # The rest of a cell cut by the page break; any text printed here is its continuation.
                        if piece.text:
                            continued.text = f"{continued.text}\n{piece.text}" if continued.text else piece.text
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
                )
            )
        self._open_cells = _open_at_foot(table, by_cell)

    def finish(self) -> list[AssembledRow]:
        for row in self.rows:  # texts of merged cells are final only once every page is read
            for name, merged in row.groups.items():
                row.texts[name] = merged.text
                if merged.confidence >= 0:
                    row.confidence[name] = merged.confidence
        return self.rows


def _lowest(a: float, b: float) -> float:
    """The lower of two OCR confidences, where -1 (no OCR glyph) is no confidence at all."""
    known = [c for c in (a, b) if c >= 0]
    return min(known) if known else -1.0


def assemble(tables: list[PageTable]) -> list[AssembledRow]:
    assembler = Assembler()
    for table in tables:
        assembler.add(table)
    return assembler.finish()


def _open_at_foot(table: PageTable, by_cell: dict[tuple[str, int], MergedCell]) -> dict[str, MergedCell]:
    if not table.rows:
        return {}
    last = table.rows[-1]
    open_cells = {}
    for name, piece in last.cells.items():
        if name in MERGEABLE and piece.cell.open_bottom and (name, piece.cell.id) in by_cell:
            open_cells[name] = by_cell[(name, piece.cell.id)]
    return open_cells
