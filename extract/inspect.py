"""`rekon inspect FILE.pdf -o DIR`: what rekon made of each page, drawn on the page.

For each page a PNG (the page rendered by pypdfium2, drawn on with PIL): the grid or the
column borders rekon read, each column tinted and labelled with the field it was given, its
confidence and the words and content that decided it (a column given no field in red, a
field given with low confidence in orange), the header's bottom, and each printed row outlined
and labelled with its level. DIR/index.html shows every page with a table of its columns.
This is the first thing to look at when a report is not read right (the role pdfplumber's
visual debugging and camelot's plots play for other tables).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from rekon.extract.backends import open_document
from rekon.extract.border_header import LayoutProblem, continued_layout, find_layout
from rekon.extract.columns.assign import LOW_CONFIDENCE
from rekon.extract.families import BUILTIN, Declarations, recognise_pages
from rekon.extract.pipeline import extract_file
from rekon.extract.table import read_page_table

WIDTH_PX = 2200  # the rendered page's width, about
MARGIN_PX = 150  # left of the page: the rows' levels
BAND_PX = 96  # above the page: the columns' fields and evidence
_TINTS = ((70, 130, 230, 45), (40, 170, 110, 45))
_UNMAPPED, _UNSURE = (230, 40, 40, 60), (245, 150, 30, 70)
_LEVEL_COLOURS = {"sasaran": (120, 60, 170), "total": (0, 0, 0), "program": (200, 40, 40), "kegiatan": (30, 110, 200),
                  "sub_kegiatan": (30, 150, 80)}


@dataclass
class ColumnMark:
    x0: float
    x1: float
    header: str
    field: str | None
    quarter: int | None = None
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.field is None:
            return "? (no field)"
        quarter = f" TW{self.quarter}" if self.quarter else ""
        return f"{self.field}{quarter} {self.confidence:.2f}"


@dataclass
class PageView:
    number: int
    family: str
    columns: list[ColumnMark] = field(default_factory=list)
    xs: list[float] = field(default_factory=list)  # vertical lines read (grid columns or borders)
    ys: list[float] = field(default_factory=list)  # horizontal lines read (grid rows)
    header_bottom: float | None = None
    rows: list[tuple[tuple[float, float, float, float], str, str]] = field(default_factory=list)  # bbox, level, row id
    note: str = ""  # why the page has no table
    top: float | None = None  # the table's top, where no grid rows say it


def parse_pages(spec: str | None, count: int) -> list[int]:
    """`3`: the first three pages; `2-4,7`: those pages; None: every page."""
    if not spec:
        return list(range(1, count + 1))
    if spec.isdigit():
        return list(range(1, min(int(spec), count) + 1))
    found: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return sorted(n for n in found if 1 <= n <= count)


def page_views(path: Path, pages: list[int], layout: Declarations = BUILTIN, ocr: str = "auto") -> list[PageView]:
    """What each wanted page's columns and rows were read as."""
    result = extract_file(path, ocr=ocr, layout=layout)
    rows_by_page: dict[int, list] = {}
    seen: set[str] = set()
    for row in result.rows:
        key = row["row_id"].rsplit(":q", 1)[0]  # a side-by-side row once, not once per quarter
        if key in seen:
            continue
        seen.add(key)
        bbox = tuple(float(v) for v in row["bbox"].split())
        rows_by_page.setdefault(int(row["page"]), []).append((bbox, row["level"], row["row_id"]))
    views = []
    with open_document(path, "pdfium", ocr) as document:
        all_pages = document.pages()
        first = list(islice(all_pages, 2))
        family = recognise_pages(first, layout)
        previous = None
        for page in [*first, *all_pages]:
            view = PageView(page.number, (family or layout.default).name, rows=rows_by_page.get(page.number, []))
            if family is None:
                previous = _grid_view(view, page, previous, layout)
            else:
                previous = _border_view(view, page, previous, family)
            if page.number in pages:
                views.append(view)
    return views


def _grid_view(view: PageView, page, previous, layout: Declarations):
    table = read_page_table(page, previous, layout.default)
    grid = table.grid
    view.xs, view.ys = list(grid.xs), list(grid.ys)
    if table.header_rows and grid.ys:
        view.header_bottom = grid.ys[table.header_rows]
    for choice, (first, last) in zip(table.choices, table.groups):
        view.columns.append(ColumnMark(grid.xs[first], grid.xs[last + 1], choice.header, choice.field, choice.quarter,
                                       choice.confidence, choice.evidence))
    if not table.columns:
        view.note = "no header read on this page, and its columns are not the previous page's"
    return table if table.columns else previous


def _border_view(view: PageView, page, previous, family):
    try:
        layout = find_layout(page, family, previous)
    except LayoutProblem as problem:
        view.note = f"{problem.code}: {problem.details.get('missing', '')}"
        return previous
    if layout is None and previous is not None:
        layout = continued_layout(page, previous)
    if layout is None:
        view.note = "no header read on this page, and its borders are not the previous page's"
        return previous
    view.xs = list(layout.borders)
    view.header_bottom = layout.header_bottom
    rulings = [s.start for s in page.segments if not s.horizontal and layout.borders[0] - 1 <= s.position <= layout.borders[-1] + 1]
    view.top = min(rulings, default=None)
    for choice, x0, x1 in zip(layout.choices, layout.borders, layout.borders[1:]):
        view.columns.append(ColumnMark(x0, x1, choice.header, choice.field, choice.quarter, choice.confidence, choice.evidence))
    return layout


def _font(size: int):
    return ImageFont.load_default(size=size)


def draw_page(path: Path, view: PageView, out: Path) -> Path:
    """The page rendered, with what was read drawn on it (see the module's docstring)."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[view.number - 1]
        scale = WIDTH_PX / page.get_width()
        rendered = page.render(scale=scale).to_pil().convert("RGBA")
    finally:
        document.close()
    canvas = Image.new("RGBA", (rendered.width + MARGIN_PX, rendered.height + BAND_PX), "white")
    canvas.paste(rendered, (MARGIN_PX, BAND_PX))
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)

    def x(value: float) -> float:
        return MARGIN_PX + value * scale

    def y(value: float) -> float:
        return BAND_PX + value * scale

    top = y(min(view.ys)) if view.ys else y(view.top) if view.top is not None else BAND_PX
    bottom = y(max(view.ys)) if view.ys else canvas.height
    if view.rows:
        bottom = max(bottom, y(max(b[3] for b, _, _ in view.rows)))
    small, label_font = _font(13), _font(17)
    for index, column in enumerate(view.columns):
        tint = _UNMAPPED if column.field is None else _UNSURE if column.confidence < LOW_CONFIDENCE else _TINTS[index % 2]
        draw.rectangle([x(column.x0), top, x(column.x1), bottom], fill=tint)
        draw.rectangle([x(column.x0), 2, x(column.x1) - 1, BAND_PX - 4], fill=tint[:3] + (110,))
        _text_in(draw, column.label, x(column.x0) + 3, 4, x(column.x1) - x(column.x0) - 6, label_font, 1)
        _text_in(draw, "; ".join(column.evidence), x(column.x0) + 3, 26, x(column.x1) - x(column.x0) - 6, small, 4)
    for value in view.xs:
        draw.line([x(value), top, x(value), bottom], fill=(20, 60, 200, 200), width=2)
    for value in view.ys:
        draw.line([x(min(view.xs, default=0)), y(value), x(max(view.xs, default=0)), y(value)], fill=(20, 60, 200, 120), width=1)
    if view.header_bottom is not None and view.xs:
        draw.line([x(view.xs[0]), y(view.header_bottom), x(view.xs[-1]), y(view.header_bottom)], fill=(200, 0, 120, 255), width=4)
    for number, ((x0, row_top, x1, row_bottom), level, _) in enumerate(view.rows, start=1):
        colour = _LEVEL_COLOURS.get(level, (90, 90, 90))
        draw.rectangle([x(x0), y(row_top), x(x1), y(row_bottom)], outline=colour + (230,), width=2)
        draw.text((6, y(row_top) + 2), f"{number}. {level.replace('_', ' ')}", fill=colour + (255,), font=label_font)
    if view.note:
        draw.text((MARGIN_PX + 10, BAND_PX + 10), view.note, fill=(200, 0, 0, 255), font=label_font)
    image = Image.alpha_composite(canvas, overlay).convert("RGB")
    target = out / f"page-{view.number:03d}.png"
    image.save(target, optimize=True)
    return target


def _text_in(draw: ImageDraw.ImageDraw, text: str, left: float, top: float, width: float, font, lines: int) -> None:
    """Text wrapped to a column's width, at most `lines` lines (the rest cut with an ellipsis)."""
    words, line, out = text.split(), "", []
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, len(out[-1]) - 1)] + "…"
    for n, part in enumerate(out):
        draw.text((left, top + n * (font.size + 2)), part, fill=(0, 0, 0, 255), font=font)


def inspect_file(path: Path, out: Path, pages: str | None = None, layout: Declarations = BUILTIN, ocr: str = "auto") -> Path:
    """The PNGs of the wanted pages and DIR/index.html showing them all; the index's path."""
    out.mkdir(parents=True, exist_ok=True)
    with open_document(path, "pdfium", "never") as document:
        wanted = parse_pages(pages, document.page_count)
    views = page_views(path, wanted, layout, ocr)
    images = [draw_page(path, view, out) for view in views]
    index = out / "index.html"
    index.write_text(_index_html(path, views, images), encoding="utf-8")
    return index


def _index_html(path: Path, views: list[PageView], images: list[Path]) -> str:
    parts = [
        "<!doctype html><meta charset='utf-8'>",
        f"<title>rekon inspect: {html.escape(path.name)}</title>",
        "<style>body{font:14px sans-serif;margin:1em}img{max-width:100%;border:1px solid #ccc}"
        "table{border-collapse:collapse;margin:.5em 0 2em}td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top}"
        ".none{background:#fdd}.unsure{background:#fec}</style>",
        f"<h1>{html.escape(path.name)}</h1>",
        "<p>Each column is tinted and labelled with the field rekon gave it and its confidence, then the words and content "
        "that decided it (red: no field; orange: low confidence). The thick line is the header's bottom; each printed row "
        "is outlined and labelled with its level on the left.</p>",
    ]
    for view, image in zip(views, images):
        parts.append(f"<h2>Page {view.number} ({html.escape(view.family)})</h2>")
        if view.note:
            parts.append(f"<p class='none'>{html.escape(view.note)}</p>")
        parts.append(f"<img src='{image.name}' alt='page {view.number}'>")
        parts.append("<table><tr><th>#</th><th>header</th><th>field</th><th>confidence</th><th>decided by</th></tr>")
        for number, column in enumerate(view.columns, start=1):
            css = "none" if column.field is None else "unsure" if column.confidence < LOW_CONFIDENCE else ""
            quarter = f" (TW {column.quarter})" if column.quarter else ""
            parts.append(f"<tr class='{css}'><td>{number}</td><td>{html.escape(column.header)}</td>"
                         f"<td>{html.escape((column.field or '-') + quarter)}</td><td>{column.confidence:.2f}</td>"
                         f"<td>{html.escape('; '.join(column.evidence))}</td></tr>")
        parts.append("</table>")
    return "\n".join(parts)
