"""What a scanner makes of a sample: its pages as images in a PDF without a text layer.

A scan is the printed page rasterised at a resolution, optionally with what
paper, people and copiers add (samples/copier.py): grey or yellowed paper, a
stamp and a signature over some cells, toner streaks, a slight skew on the glass, a page fed
sideways (turned by 90 degrees), the copier's darkened edges, blur, grain and
speckle noise, and JPEG compression at a quality. The images go into the PDF
as they are (img2pdf, no re-encoding), grey or colour, PNG or JPEG, at their
own resolution. Every random choice comes from the scan's seed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from samples import copier


@dataclass(frozen=True)
class Scan:
    dpi: int = 300
    skew_degrees: float = 0.0  # counter-clockwise, as a sheet laid askew on the glass
    noise: float = 0.0  # share of pixels flipped to black or white (salt and pepper)
    turned: int = 0  # degrees clockwise: 90 is a landscape page fed sideways
    jpeg: bool = False
    seed: int = 0
    quality: int = 85  # JPEG quality
    colour: bool = False  # a colour scan (RGB) rather than greyscale
    paper: str = "white"  # white, grey or yellowed (copier.PAPERS)
    stamp: str = ""  # a stamp's ink over some cells: blue, violet or black ('' for none)
    signature: str = ""  # a signature's pen over some cells: blue or black
    edges: bool = False  # a photocopy's darkened edges
    blur: float = 0.0  # the copier's optics, sigma in pixels at 300 dpi
    grain: float = 0.0  # sensor grain, std in 0..1 of the grey scale
    streaks: int = 0  # bands of thin toner along the page
    top_share: float = 1.0  # the share of the page's height scanned, from the top (a small page for tests)

    @property
    def name(self) -> str:
        parts = [f"{self.dpi}dpi"]
        if self.skew_degrees:
            parts.append(f"skew{self.skew_degrees:g}")
        if self.noise:
            parts.append(f"noise{self.noise:g}")
        if self.turned:
            parts.append(f"turned{self.turned}")
        for option in ("paper", "stamp", "signature"):
            if getattr(self, option) not in ("", "white"):
                parts.append(f"{option}-{getattr(self, option)}")
        parts += [name for name in ("colour", "edges") if getattr(self, name)]
        parts += [f"{name}{getattr(self, name):g}" for name in ("blur", "grain", "streaks") if getattr(self, name)]
        if self.jpeg:
            parts.append(f"jpeg{self.quality}")
        return "-".join(parts)

    @property
    def office(self) -> bool:
        """Whether anything of an office copier's is asked for (else the plain scan of before)."""
        plain = Scan(self.dpi, self.skew_degrees, self.noise, self.turned, self.jpeg, self.seed, self.quality)
        return any(getattr(self, f.name) != getattr(plain, f.name) for f in fields(self))


SENSOR_DPI = 600  # below 300 dpi, the page is drawn this fine and each scan pixel averages what it covers


def _sensor(page: pdfium.PdfPage, dpi: int, mode: str) -> Image.Image:
    """The page as a scanner's sensor sees it at ``dpi``.

    A sensor's pixel gathers the light of all it covers: a printed hairline comes
    out as a grey line however coarse the scan. A renderer drawing straight at
    200 dpi drops some hairlines altogether (pdfium does: the real forms lose row
    rulings), which no scan of paper does. So coarse scans are drawn fine and
    averaged down; 300 dpi and finer are drawn as they are.
    """
    factor = 1 if dpi >= 300 else -(-SENSOR_DPI // dpi)
    image = page.render(scale=dpi * factor / 72, grayscale=mode == "L", rev_byteorder=mode == "RGB").to_pil().convert(mode)
    return image.reduce(factor) if factor > 1 else image


def page_image(page: pdfium.PdfPage, scan: Scan, rng: np.random.Generator) -> Image.Image:
    if scan.office:
        return _office_image(page, scan, rng)
    image = _sensor(page, scan.dpi, "L")
    if scan.skew_degrees:
        image = image.rotate(scan.skew_degrees, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if scan.noise:
        image = Image.fromarray(_salt_and_pepper(np.asarray(image), scan.noise, rng))
    if scan.turned:
        image = image.rotate(-scan.turned, expand=True)
    return image


def _salt_and_pepper(pixels: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    pixels = pixels.copy()
    flips = rng.random(pixels.shape[:2])
    pixels[flips < share / 2] = 0
    pixels[flips > 1 - share / 2] = 255
    return pixels


def _office_image(page: pdfium.PdfPage, scan: Scan, rng: np.random.Generator) -> Image.Image:
    """The page as an office copies it: marked on paper, laid askew, shadowed, blurred, grainy."""
    rgb = np.asarray(_sensor(page, scan.dpi, "RGB"), dtype=np.float32) / 255
    rgb = rgb[: round(rgb.shape[0] * scan.top_share)]
    rgb = copier.on_paper(rgb, scan.paper, rng)
    if scan.stamp:
        centre = copier.over_the_values(rgb, rng)
        copier.stamp(rgb, scan.dpi, centre, scan.stamp, rng)
        if scan.signature:  # signed over the stamp, as officials do
            copier.signature(rgb, scan.dpi, (centre[0] + round(0.3 * scan.dpi), centre[1]), scan.signature, rng)
    elif scan.signature:
        copier.signature(rgb, scan.dpi, copier.over_the_values(rgb, rng), scan.signature, rng)
    if scan.streaks:  # the copy prints with the streaks; the copy is what is scanned
        rgb = copier.streaks(rgb, scan.dpi, scan.streaks, rng)
    image = Image.fromarray((rgb * 255).round().astype(np.uint8))
    if scan.skew_degrees:  # the lid shows white around the turned sheet
        image = image.rotate(scan.skew_degrees, resample=Image.BICUBIC, expand=True, fillcolor=(250, 250, 250))
    if scan.turned:
        image = image.rotate(-scan.turned, expand=True)
    rgb = np.asarray(image, dtype=np.float32) / 255
    if scan.edges:
        rgb = copier.darkened_edges(rgb, scan.dpi, rng)
    rgb = copier.optics(rgb, scan.dpi, scan.blur, scan.grain, rng)
    pixels = (rgb * 255).round().astype(np.uint8)
    if scan.noise:
        pixels = _salt_and_pepper(pixels, scan.noise, rng)
    image = Image.fromarray(pixels)
    return image if scan.colour else image.convert("L")


def scan_pdf(source: Path, target: Path, scan: Scan = Scan(), pages: list[int] | None = None) -> Path:
    """The source PDF's pages (1-based numbers; all when None) as a scanned PDF."""
    rng = np.random.default_rng(scan.seed)
    document = pdfium.PdfDocument(str(source))
    try:
        numbers = pages or list(range(1, len(document) + 1))
        images = []
        for number in numbers:
            page = document[number - 1]
            image = page_image(page, scan, rng)
            page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG" if scan.jpeg else "PNG", **({"quality": scan.quality} if scan.jpeg else {"optimize": True}))
            images.append(buffer.getvalue())
    finally:
        document.close()
    layout = img2pdf.get_fixed_dpi_layout_fun((scan.dpi, scan.dpi))
    target.write_bytes(img2pdf.convert(images, layout_fun=layout))
    return target
