"""What an office copier and its users add to a printed page: paper, ink marks, dark edges, grain.

Each mark is drawn from a seeded generator, so a bench run is repeatable, and
with the physics it imitates rather than a fixed picture:

- paper: grey recycled stock or paper yellowed with age, a tone that is not
  quite even over the sheet (multiplied into the page, as ink on it would be);
- a stamp: a round rubber stamp (two rings, the agency's name around them, a
  star in the middle), inked unevenly in blue, violet or black-grey, pressed
  over some of the table's cells; its ink is translucent (multiplied);
- a signature: a pen's cursive loops and a flourish over the stamp and cells;
- darkened edges: the shadow a copier's lid leaves along the sheet's borders
  (a dark band fading inwards, darker on one side);
- toner: streaks where a worn drum prints light (bands along the feed, so a
  ruling across them comes out faint or broken);
- optics and sensor: a slight blur, Gaussian grain.

Images are float RGB arrays in 0..1 (height, width, 3); marks are placed in
pixels of the rendered page, sizes given in inches and scaled by the dpi.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAPERS = {
    "white": (1.0, 1.0, 1.0),
    "grey": (0.80, 0.80, 0.79),  # recycled stock, as a copier sees it
    "yellowed": (0.97, 0.91, 0.70),
}
# Stamp and pen inks as printed on white (RGB 0..1): stamp pads are blue or violet; some are black.
STAMP_INKS = {"blue": (0.30, 0.38, 0.80), "violet": (0.47, 0.32, 0.68), "black": (0.30, 0.30, 0.32)}
PEN_INKS = {"blue": (0.12, 0.18, 0.62), "black": (0.10, 0.10, 0.12)}
STAMP_WORDS = "PEMERINTAH KOTA SERANG * DINAS PEMBERDAYAAN PEREMPUAN DAN ANAK *"


def _smooth_field(shape: tuple[int, int], rng: np.random.Generator, cells: int = 6) -> np.ndarray:
    """A smooth random field in -1..1 over the page (a paper's uneven tone)."""
    coarse = rng.uniform(-1, 1, (cells, cells)).astype(np.float32)
    return cv2.resize(coarse, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC).clip(-1, 1)


def on_paper(image: np.ndarray, paper: str, rng: np.random.Generator) -> np.ndarray:
    """The page printed on a paper of that tone, uneven by a few percent over the sheet."""
    if paper == "white":
        return image
    tone = np.array(PAPERS[paper], dtype=np.float32)
    unevenness = 1 + 0.04 * _smooth_field(image.shape[:2], rng)[..., None]
    return (image * tone * unevenness).clip(0, 1)


def _multiply(image: np.ndarray, mask: np.ndarray, top: int, left: int, ink: tuple[float, float, float]) -> None:
    """Translucent ink (mask 0..1 of its density) laid on the image in place, clipped to the page."""
    height, width = mask.shape
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(image.shape[0], top + height), min(image.shape[1], left + width)
    if y1 <= y0 or x1 <= x0:
        return
    piece = mask[y0 - top : y1 - top, x0 - left : x1 - left, None]
    colour = np.array(ink, dtype=np.float32)
    image[y0:y1, x0:x1] *= 1 - piece * (1 - colour)


def _stamp_mask(diameter: int, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A round stamp's ink density (0..1): rings, words around them, a star; unevenly inked."""
    picture = Image.new("L", (diameter, diameter), 0)
    draw = ImageDraw.Draw(picture)
    line = max(2, round(0.012 * dpi))
    centre = diameter / 2
    for radius in (centre - line, centre * 0.62):
        draw.ellipse([centre - radius, centre - radius, centre + radius, centre + radius], outline=255, width=line)
    size = max(8, round(0.11 * dpi))
    font = ImageFont.truetype(FONT, size)
    radius = centre * 0.81
    letters = STAMP_WORDS
    for index, letter in enumerate(letters):
        angle = 2 * math.pi * index / len(letters) - math.pi / 2
        glyph = Image.new("L", (2 * size, 2 * size), 0)
        ImageDraw.Draw(glyph).text((size, size), letter, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        x, y = centre + radius * math.cos(angle) - size, centre + radius * math.sin(angle) - size
        picture.paste(glyph, (round(x), round(y)), glyph)
    star = [(centre + (0.3 if k % 2 == 0 else 0.12) * centre * math.cos(math.pi * k / 5 - math.pi / 2),
             centre + (0.3 if k % 2 == 0 else 0.12) * centre * math.sin(math.pi * k / 5 - math.pi / 2)) for k in range(10)]
    draw.polygon(star, fill=255)
    mask = np.asarray(picture, dtype=np.float32) / 255
    # A rubber stamp inks unevenly: a smooth density, heavier on one side, and pores without ink.
    density = 0.75 + 0.25 * _smooth_field(mask.shape, rng, 4)
    pores = cv2.GaussianBlur((rng.random(mask.shape) > 0.12).astype(np.float32), (0, 0), max(0.6, dpi / 300))
    return mask * density * pores


def stamp(image: np.ndarray, dpi: int, centre: tuple[int, int], ink: str, rng: np.random.Generator) -> None:
    """A round stamp 1.4-1.7 inches across, turned at random, pressed at ``centre`` (x, y), in place."""
    diameter = round(rng.uniform(1.4, 1.7) * dpi)
    mask = _stamp_mask(diameter, dpi, rng)
    matrix = cv2.getRotationMatrix2D((diameter / 2, diameter / 2), float(rng.uniform(0, 360)), 1.0)
    mask = cv2.warpAffine(mask, matrix, (diameter, diameter))
    _multiply(image, mask * rng.uniform(0.85, 1.0), centre[1] - diameter // 2, centre[0] - diameter // 2, STAMP_INKS[ink])


def signature(image: np.ndarray, dpi: int, centre: tuple[int, int], ink: str, rng: np.random.Generator) -> None:
    """A cursive signature about 2 inches wide (loops and a flourish) written at ``centre``, in place."""
    width, height = rng.uniform(1.6, 2.2) * dpi, rng.uniform(0.45, 0.7) * dpi
    loops = int(rng.integers(4, 8))
    t = np.linspace(0, 1, 1200)
    x = width * t + 0.18 * width / loops * np.sin(2 * math.pi * loops * t + rng.uniform(0, 6))
    y = height * (0.35 * np.sin(2 * math.pi * loops * t) * (0.6 + 0.4 * np.sin(3 * t + rng.uniform(0, 6))) + 0.15 * np.sin(2 * math.pi * t))
    flourish_t = np.linspace(0, 1, 300)
    strokes = [np.stack([x, y], axis=1),
               np.stack([width * (0.1 + 0.9 * flourish_t), height * (0.45 + 0.08 * np.sin(math.pi * flourish_t))], axis=1)]
    pad = round(0.1 * dpi)
    canvas = np.zeros((round(height * 1.6) + 2 * pad, round(width * 1.25) + 2 * pad), dtype=np.uint8)
    thickness = max(1, round(rng.uniform(0.007, 0.011) * dpi))
    for stroke in strokes:
        points = np.round(stroke + [pad, canvas.shape[0] / 2]).astype(np.int32)
        cv2.polylines(canvas, [points], False, 255, thickness, cv2.LINE_AA)
    mask = canvas.astype(np.float32) / 255 * rng.uniform(0.8, 1.0)
    _multiply(image, mask, centre[1] - canvas.shape[0] // 2, centre[0] - pad - round(width / 2), PEN_INKS[ink])


def darkened_edges(image: np.ndarray, dpi: int, rng: np.random.Generator) -> np.ndarray:
    """A photocopy's border shadow: dark bands along the edges fading inwards, heavier on one side."""
    height, width = image.shape[:2]
    shade = np.ones((height, width), dtype=np.float32)
    for side in ("top", "bottom", "left", "right"):
        reach = rng.uniform(0.15, 0.5) * dpi  # how far in the shadow fades out
        depth = rng.uniform(0.35, 0.9)  # darkness at the very edge
        along = width if side in ("top", "bottom") else height
        distance = np.arange(height if side in ("top", "bottom") else width, dtype=np.float32)
        if side in ("bottom", "right"):
            distance = distance[::-1]
        profile = 1 - depth * np.exp(-distance / reach)
        # The shadow's reach wavers along the edge (the sheet does not lie flat).
        waver = 1 + 0.3 * cv2.resize(rng.uniform(-1, 1, (1, 5)).astype(np.float32), (along, 1), interpolation=cv2.INTER_CUBIC)[0]
        band = 1 - np.outer(waver, 1 - profile).clip(0, 1)
        shade *= band.T if side in ("top", "bottom") else band
    return image * shade[..., None]


def streaks(image: np.ndarray, dpi: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """Bands along the page (vertical) where the toner is thin: ink there keeps 35-60% of its darkness."""
    width = image.shape[1]
    keep = np.ones(width, dtype=np.float32)
    for _ in range(count):
        centre, half = rng.uniform(0.1, 0.9) * width, rng.uniform(0.03, 0.15) * dpi
        x = np.arange(width, dtype=np.float32)
        # Soft-edged: the drum wears gradually.
        weight = np.clip(1.5 - np.abs(x - centre) / half, 0, 1)
        keep = np.minimum(keep, 1 - weight * rng.uniform(0.4, 0.65))
    return 1 - (1 - image) * keep[None, :, None]


def optics(image: np.ndarray, dpi: int, blur: float, grain: float, rng: np.random.Generator) -> np.ndarray:
    """A copier's lens (Gaussian blur of ``blur`` pixels at 300 dpi) and sensor grain (std in 0..1)."""
    if blur:
        image = cv2.GaussianBlur(image, (0, 0), blur * dpi / 300)
    if grain:
        image = image + rng.normal(0, grain, image.shape[:2]).astype(np.float32)[..., None]
    return image.clip(0, 1)


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) of the page's printed ink: where the table is."""
    dark = image.min(axis=2) < 0.6
    ys, xs = np.nonzero(dark)
    if not len(xs):
        return 0, 0, image.shape[1], image.shape[0]
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def over_the_values(image: np.ndarray, rng: np.random.Generator) -> tuple[int, int]:
    """A point over the table's value columns (the right half of the printed area, below its header)."""
    x0, y0, x1, y1 = ink_box(image)
    return round(x0 + rng.uniform(0.55, 0.85) * (x1 - x0)), round(y0 + rng.uniform(0.35, 0.8) * (y1 - y0))
