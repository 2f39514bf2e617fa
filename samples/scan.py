"""What a scanner makes of a sample: its pages as images in a PDF without a text layer.

A scan is the printed page rasterised at a resolution, optionally with what
paper and scanners add: a slight skew, speckle noise, a page fed sideways
(turned by 90 degrees). The images go into the PDF as they are (img2pdf, no
re-encoding), grey PNG or JPEG, at their own resolution.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import numpy as np
import pypdfium2 as pdfium
from PIL import Image


@dataclass(frozen=True)
class Scan:
    dpi: int = 300
    skew_degrees: float = 0.0  # counter-clockwise, as a sheet laid askew on the glass
    noise: float = 0.0  # share of pixels flipped to black or white (salt and pepper)
    turned: int = 0  # degrees clockwise: 90 is a landscape page fed sideways
    jpeg: bool = False
    seed: int = 0

    @property
    def name(self) -> str:
        parts = [f"{self.dpi}dpi"]
        if self.skew_degrees:
            parts.append(f"skew{self.skew_degrees:g}")
        if self.noise:
            parts.append(f"noise{self.noise:g}")
        if self.turned:
            parts.append(f"turned{self.turned}")
        return "-".join(parts)


def page_image(page: pdfium.PdfPage, scan: Scan, rng: np.random.Generator) -> Image.Image:
    image = page.render(scale=scan.dpi / 72, grayscale=True).to_pil().convert("L")
    if scan.skew_degrees:
        image = image.rotate(scan.skew_degrees, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if scan.noise:
        pixels = np.asarray(image).copy()
        flips = rng.random(pixels.shape)
        pixels[flips < scan.noise / 2] = 0
        pixels[flips > 1 - scan.noise / 2] = 255
        image = Image.fromarray(pixels)
    if scan.turned:
        image = image.rotate(-scan.turned, expand=True)
    return image


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
            image.save(buffer, format="JPEG" if scan.jpeg else "PNG", **({"quality": 85} if scan.jpeg else {"optimize": True}))
            images.append(buffer.getvalue())
    finally:
        document.close()
    layout = img2pdf.get_fixed_dpi_layout_fun((scan.dpi, scan.dpi))
    target.write_bytes(img2pdf.convert(images, layout_fun=layout))
    return target
