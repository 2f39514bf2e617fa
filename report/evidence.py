"""Evidence: for each finding, a crop of the PDF page around its row, the row outlined in red.

Each page a crop needs is rendered once with PDFium, in grey, and put on a small palette
(report.images); every crop is cut from that render as a 4-bit PNG, and a crop used by
several findings (the same row and column) is made once. A finding that
compares two quarters gets the previous quarter's row too, found through the
panel. The involved column is outlined as well when the page's grid can be
read again (extract's own reader); otherwise the row box alone is drawn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from rekon.report.images import OUTLINE_INDEX, crop_data_uri, paletted_page
from rekon.report.inputs import RunOutputs
from rekon.report.labels import quarter_name

RENDER_SCALE = 2.0  # pixels per PDF point: these tables print numbers in 4-5 pt type; 1.5 blurs the digits
CONTEXT_ABOVE = 14.0  # points of the rows around the finding's row, for orientation
CONTEXT_BELOW = 14.0
MAX_CROP_HEIGHT = 150.0  # points; a very tall merged row is cut, the top (its start) is kept
SIDE_MARGIN = 4.0
# Crops start at the item's name: No, Tujuan, Sasaran and Program are merged cells
# mostly blank in the row's slice, and the findings table names the program anyway.
CROP_FROM_COLUMNS = ("item", "indikator")
ROW_OUTLINE = (220, 20, 20)
CELL_OUTLINE = (0, 90, 220)
ROW_LINE_WIDTH = 3
CELL_LINE_WIDTH = 2

Tick = Callable[[], None]


@dataclass(frozen=True)
class CropRequest:
    """One picture: a row of one quarter, with the columns to outline."""

    row_id: str
    fields: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.row_id}|{','.join(self.fields)}"


@dataclass(frozen=True)
class Crop:
    key: str
    caption: str
    data_uri: str = ""  # empty when there is no picture (`note` then says why) or when it is shared (`image`)
    note: str = ""
    image: str = ""  # shared pictures: the key of the row's picture in Evidence.images
    cells: tuple[tuple[float, float, float, float], ...] = ()  # shared pictures: column outlines, % of the picture (left, top, width, height)


@dataclass
class Evidence:
    crops: dict[str, Crop] = field(default_factory=dict)
    by_finding: dict[str, list[str]] = field(default_factory=dict)  # finding_id -> crop keys, previous quarter first
    images: dict[str, str] = field(default_factory=dict)  # shared pictures: one `data:` URI per row, its outline drawn


def plan_crops(outputs: RunOutputs) -> dict[str, list[CropRequest]]:
    """Which row pictures each finding needs; cheap, so the caller knows the total before rendering."""
    panel_rows = {r["indicator_key"]: r for r in outputs.records("panel")} if len(outputs.panel) else {}
    plan: dict[str, list[CropRequest]] = {}
    for finding in outputs.records("findings"):
        fields = (finding["field"],) if finding.get("field") else ()
        requests = []
        previous = finding.get("previous_quarter", "")
        if previous:
            previous_row = panel_rows.get(finding.get("indicator_key", ""), {}).get(f"row_id_q{previous}", "")
            if previous_row:
                requests.append(CropRequest(previous_row, fields))
        # A dropped indicator's row_id is already the previous quarter's row: one picture, not two.
        if finding.get("row_id") and all(r.row_id != finding["row_id"] for r in requests):
            requests.append(CropRequest(finding["row_id"], fields))
        plan[finding["finding_id"]] = requests
    return plan


def resolve_pdf(source_file: str, out_dir: Path) -> Path | None:
    """The PDF as rekon was given it: relative to where rekon ran, which is usually here or above OUT_DIR."""
    path = Path(source_file)
    candidates = [path] if path.is_absolute() else [path, out_dir.parent / path, out_dir / path, out_dir.parent.parent / path]
    return next((c for c in candidates if c.is_file()), None)


def build_evidence(outputs: RunOutputs, labels: dict[str, str], plan: dict[str, list[CropRequest]] | None = None, tick: Tick | None = None,
                   shared: bool = False) -> Evidence:
    """The crops of `plan`. `shared`: one picture per row, with the row outlined, for every finding on
    that row; each crop names it and gives its column outlines for the page to draw over it (the
    report's page). Otherwise each crop is a picture of its own with the column outlines drawn in."""
    plan = plan if plan is not None else plan_crops(outputs)
    tick = tick or (lambda: None)
    unique = {request.key: request for requests in plan.values() for request in requests}
    evidence = Evidence(by_finding={fid: [r.key for r in requests] for fid, requests in plan.items()})

    by_page: dict[tuple[str, int], list[CropRequest]] = defaultdict(list)
    for request in unique.values():
        row = outputs.row(request.row_id)
        if row is None:
            evidence.crops[request.key] = Crop(request.key, request.row_id, note=labels["missing_row"].format(row_id=request.row_id))
            tick()
            continue
        by_page[(row["source_file"], _int(row.get("page")))].append(request)

    pages_by_file: dict[str, list[int]] = defaultdict(list)
    for source_file, page in sorted(by_page):
        pages_by_file[source_file].append(page)
    for source_file, pages in pages_by_file.items():
        pdf_path = resolve_pdf(source_file, outputs.out_dir)
        if pdf_path is None:
            for page in pages:
                for request in by_page[(source_file, page)]:
                    evidence.crops[request.key] = Crop(request.key, _caption(outputs.row(request.row_id), labels), note=labels["missing_pdf"].format(path=source_file))
                    tick()
            continue
        _crop_file(pdf_path, source_file, pages, by_page, outputs, labels, evidence, tick, shared)
    return evidence


def _crop_file(pdf_path, source_file, pages, by_page, outputs, labels, evidence, tick, shared) -> None:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception:  # a damaged file: the report still shows the findings, with a note
        pdf = None
    columns = _ColumnFinder(pdf)
    try:
        for page_number in pages:
            requests = by_page[(source_file, page_number)]
            image = _render(pdf, page_number)
            for request in requests:
                row = outputs.row(request.row_id)
                if image is None:
                    crop = Crop(request.key, _caption(row, labels), note=labels["unreadable_pdf"].format(path=source_file, page=page_number))
                else:
                    boxes = [b for b in (columns.cell_box(page_number, name, row) for name in request.fields) if b]
                    left = columns.left_edge(page_number, CROP_FROM_COLUMNS)
                    if not shared:
                        crop = Crop(request.key, _caption(row, labels), data_uri=_crop_png(image, _bbox(row), boxes, left))
                    else:
                        crop = _shared_crop(request, image, row, boxes, left, labels, evidence.images)
                evidence.crops[request.key] = crop
                tick()
    finally:
        if pdf is not None:
            pdf.close()


def _render(pdf, page_number: int) -> Image.Image | None:
    if pdf is None or not 1 <= page_number <= len(pdf):
        return None
    page = pdf[page_number - 1]
    try:
        return paletted_page(page.render(scale=RENDER_SCALE, grayscale=True).to_pil(), ROW_OUTLINE, CELL_OUTLINE)
    finally:
        page.close()


class _ColumnFinder:
    """Where each column lies on a page, read again with extract's grid and header reader.

    Reading a page's characters is the slow part, and the header repeats on every
    page: a page whose rulings give the same grid as a page already read takes
    that page's columns (as extract does for a page without a header row); only
    a page with another grid is read in full. Pages are read only when a crop needs them.
    """

    def __init__(self, pdf):
        self._pdf = pdf
        self._tables: dict[int, object] = {}

    def cell_box(self, page_number: int, field_name: str, row: dict) -> tuple[float, float, float, float] | None:
        bounds = self._columns(page_number).get(field_name)
        row_box = _bbox(row)
        if bounds is None or row_box is None:
            return None
        return (bounds[0], row_box[1], bounds[1], row_box[3])

    def left_edge(self, page_number: int, names: tuple[str, ...]) -> float | None:
        """The left border of the first of `names` found on the page."""
        columns = self._columns(page_number)
        return next((columns[name][0] for name in names if name in columns), None)

    def _columns(self, page_number: int) -> dict[str, tuple[float, float]]:
        table = self._table(page_number)
        if table is None:
            return {}
        xs = table.grid.xs
        return {c.field: (xs[c.col0], xs[c.col1 + 1]) for c in table.columns if c.col1 + 1 < len(xs)}

    def _table(self, page_number: int):
        if page_number not in self._tables:
            self._tables[page_number] = self._read(page_number)
        return self._tables[page_number]

    def _read(self, page_number: int):
        if self._pdf is None or not 1 <= page_number <= len(self._pdf):
            return None
        page = self._pdf[page_number - 1]
        try:
            from rekon.extract.backends.pdfium import _segments, page_geometry
            from rekon.extract.geometry import PageGeometry
            from rekon.extract.table import read_page_table

            known = next((t for t in self._tables.values() if t is not None and t.columns), None)
            if known is not None:
                width, height = page.get_width(), page.get_height()
                rulings = PageGeometry(page_number, width, height, chars=(), segments=tuple(_segments(page, height)[0]))
                table = read_page_table(rulings, known)
                if table.columns:
                    return table
            return read_page_table(page_geometry(page, page_number), known)
        except Exception:  # the outline of the cell is a help, never a reason to lose the crop
            return None
        finally:
            page.close()


def _shared_crop(request: CropRequest, page_image: Image.Image, row: dict, cell_boxes, left, labels, images: dict[str, str]) -> Crop:
    """The row's picture, cut and encoded the first time a finding needs it, and the columns to outline on it."""
    row_box = _bbox(row)
    if row_box is None:
        return Crop(request.key, _caption(row, labels))
    region, origin = _region(page_image, row_box, left)
    if request.row_id not in images:
        images[request.row_id] = crop_data_uri(_outlined(page_image, row_box, (), region, origin))
    width, height = region[2] - region[0], region[3] - region[1]
    cells = []
    for box in cell_boxes:
        x0, y0, x1, y1 = _grow(_to_crop(box, origin), CELL_LINE_WIDTH - 1)
        # PIL's outline covers x0..x1 inclusive: one pixel more than the box's span
        cells.append(tuple(round(100 * v, 3) for v in (x0 / width, y0 / height, (x1 - x0 + 1) / width, (y1 - y0 + 1) / height)))
    return Crop(request.key, _caption(row, labels), image=request.row_id, cells=tuple(cells))


def _crop_png(page_image: Image.Image, row_box, cell_boxes, left: float | None = None) -> str:
    if row_box is None:
        return ""
    return crop_data_uri(_outlined(page_image, row_box, cell_boxes, *_region(page_image, row_box, left)))


def _region(page_image: Image.Image, row_box, left: float | None) -> tuple[tuple[int, int, int, int], tuple[float, float]]:
    """The pixels of the row's picture on the page (the row from `left`, with some rows around it), and its top left in points."""
    width_pt, height_pt = page_image.width / RENDER_SCALE, page_image.height / RENDER_SCALE
    x0, top, x1, bottom = row_box
    if left is not None and x0 < left < x1:
        x0 = left
    crop_top = max(0.0, top - CONTEXT_ABOVE)
    crop_bottom = min(height_pt, bottom + CONTEXT_BELOW, crop_top + MAX_CROP_HEIGHT)
    crop_left, crop_right = max(0.0, x0 - SIDE_MARGIN), min(width_pt, x1 + SIDE_MARGIN)
    return tuple(round(v * RENDER_SCALE) for v in (crop_left, crop_top, crop_right, crop_bottom)), (crop_left, crop_top)


def _to_crop(box, origin) -> list[float]:
    """A box in points as pixels of the picture whose top left is `origin` (points)."""
    left, top = origin
    return [(box[0] - left) * RENDER_SCALE, (box[1] - top) * RENDER_SCALE, (box[2] - left) * RENDER_SCALE, (box[3] - top) * RENDER_SCALE]


def _outlined(page_image: Image.Image, row_box, cell_boxes, region, origin) -> Image.Image:
    crop = page_image.crop(region)
    draw = ImageDraw.Draw(crop)
    # Outlines are drawn on and outside the cell's rulings, never over the printed value.
    draw.rectangle(_grow(_to_crop(row_box, origin), ROW_LINE_WIDTH - 1), outline=OUTLINE_INDEX["row"], width=ROW_LINE_WIDTH)
    for box in cell_boxes:
        draw.rectangle(_grow(_to_crop(box, origin), CELL_LINE_WIDTH - 1), outline=OUTLINE_INDEX["cell"], width=CELL_LINE_WIDTH)
    return crop


def _grow(box, by: float):
    return [box[0] - by, box[1] - by, box[2] + by, box[3] + by]


def _bbox(row: dict | None) -> tuple[float, float, float, float] | None:
    try:
        x0, top, x1, bottom = (float(v) for v in (row or {}).get("bbox", "").split())
    except ValueError:
        return None
    return (x0, top, x1, bottom)


def _caption(row: dict | None, labels: dict[str, str]) -> str:
    if not row:
        return ""
    return f"{quarter_name(row.get('quarter', ''))} · {Path(row.get('source_file', '')).name} · {labels['page']} {row.get('page', '')} · {row.get('row_id', '')}"


def _int(text) -> int:
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return 0
