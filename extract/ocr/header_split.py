"""Header cells split where a copier lost their ruling but the print still shows the parts.

A faint ruling under a group's title (`Target` over `Kinerja | Pagu Anggaran
(Rp)`) can vanish in a copy, and with it the sub-header's row: the group cell
then reads `Target Kinerja Pagu Anggaran (Rp)` and its columns are lost. The
columns themselves are still there: the body's rulings run up to the header
and its values lie between them. So a header cell that spans several of the
body's columns is split where its words say it was:

- its lower lines have words on both sides of every body ruling inside it and
  no word across one: they are the sub-columns' headers; the lines above them
  (the group's title, which is not so split) are a row of their own. A ruling is drawn between the
  two rows, and the body's rulings are drawn on up to it;
- when no line crosses the body's rulings at all, the cell is several
  columns' headers side by side (a lost vertical ruling): the body's rulings
  are drawn on up through it.

Only the scan path uses this: a text layer's rulings are drawn, not seen.
"""

from __future__ import annotations

from rekon.extract.geometry import Segment
from rekon.extract.grid import Grid, build_grid
from rekon.extract.ocr.tesseract import Word

BODY_SHARE = 0.6  # a body ruling is drawn along this share of the body's rows at least


def _header_rows(grid: Grid, words: list[tuple[Word, tuple[float, float, float, float]]]) -> int:
    """How many fine rows come before the first holding a value (two digits or more, no column number)."""
    from rekon.extract.header import is_header_text

    texts: dict[int, list[str]] = {}
    for word, (x0, top, x1, bottom) in words:
        cell = grid.locate((x0 + x1) / 2, (top + bottom) / 2)
        if cell is not None:
            texts.setdefault(cell.id, []).append(word.text)
    for row in range(grid.rows):
        for cell_id in {grid.cell_at[row][col] for col in range(grid.cols)}:
            cell = grid.cells[cell_id]
            text = " ".join(texts.get(cell_id, []))
            if cell.row0 == row and sum(c.isdigit() for c in text) >= 2 and not is_header_text(text):
                return row
    return 0


def _body_rulings(grid: Grid, segments: list[Segment], first_body_row: int) -> list[float]:
    """x of the vertical rulings drawn along most of the body's rows."""
    if first_body_row >= grid.rows:
        return []
    rows = range(first_body_row, grid.rows)
    found = []
    for x in grid.xs[1:-1]:
        drawn = 0
        for row in rows:
            top, bottom = grid.ys[row], grid.ys[row + 1]
            covered = sum(max(0.0, min(s.end, bottom) - max(s.start, top)) for s in segments
                          if not s.horizontal and abs(s.position - x) <= 1.5)
            drawn += covered >= 0.6 * (bottom - top)
        if drawn >= BODY_SHARE * len(rows):
            found.append(x)
    return found


def _lines(boxes: list[tuple[float, float, float, float]]) -> list[list[tuple[float, float, float, float]]]:
    """Word boxes (x0, top, x1, bottom) grouped into printed lines, top to bottom."""
    lines: list[list[tuple[float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        centre = (box[1] + box[3]) / 2
        if lines and centre - (lines[-1][0][1] + lines[-1][0][3]) / 2 <= 0.5 * (box[3] - box[1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    return lines


def _crosses(line, x: float) -> bool:
    return any(x0 < x < x1 for x0, _, x1, _ in line)


def _parts_name_columns(lines, xs: list[float], words_of_box: dict) -> bool:
    """Whether the words between each two rulings read as a header (`Kinerja`, `Pagu Anggaran (Rp)`), not as pieces of one (`Ki` `nerja`)."""
    from rekon.extract.header import is_header_text

    bounds = [-float("inf"), *xs, float("inf")]
    for left, right in zip(bounds, bounds[1:]):
        part = sorted((b for line in lines for b in line if left <= (b[0] + b[2]) / 2 < right), key=lambda b: (b[1], b[0]))
        if part and not is_header_text(" ".join(words_of_box[b] for b in part)):
            return False
    return True


def _both_sides(lines, x: float) -> bool:
    return any(x1 <= x for line in lines for _, _, x1, _ in line) and any(x0 >= x for line in lines for x0, _, _, _ in line)


def split_header_cells(segments: list[Segment], words: list[Word], to_points: float) -> list[Segment]:
    """The segments, with those a lost header ruling would have drawn added (see the module's doc)."""
    grid = build_grid(segments)
    if not grid.cells:
        return segments
    placed = [(w, (w.left * to_points, w.top * to_points, w.right * to_points, w.bottom * to_points)) for w in words]
    header_rows = _header_rows(grid, placed)
    body = _body_rulings(grid, segments, header_rows)
    added: list[Segment] = []
    for cell in grid.cells:
        if cell.row1 >= header_rows or cell.col1 == cell.col0:
            continue
        inner = [x for x in body if cell.x0 + 1 < x < cell.x1 - 1]
        boxes = [box for _, box in placed if cell.x0 <= (box[0] + box[2]) / 2 < cell.x1 and cell.top <= (box[1] + box[3]) / 2 < cell.bottom]
        if not inner or not boxes:
            continue
        text_of = {box: word.text for word, box in placed}
        lines = _lines(boxes)
        # A title row over sub-headers first (the upper lines alone are no sub-headers); else side by side.
        for split in [*range(1, len(lines)), 0]:
            lower, upper = lines[split:], lines[:split]
            if any(_crosses(line, x) for line in lower for x in inner) or not all(_both_sides(lower, x) for x in inner):
                continue
            if not _parts_name_columns(lower, inner, text_of):
                continue
            if upper and all(_both_sides(upper, x) for x in inner):
                continue
            top = cell.top
            if split:
                top = (max(b[3] for line in upper for b in line) + min(b[1] for b in lower[0])) / 2
                added.append(Segment(True, top, cell.x0, cell.x1))
            added += [Segment(False, x, top, cell.bottom) for x in inner]
            break
    return segments + added
