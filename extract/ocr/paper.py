"""A scanned page seen against its own paper: tone, shading and colour taken out, the ink left.

Offices copy on grey recycled stock or on paper yellowed with age; a copier's
lid leaves dark bands along the sheet's edges; a Word form prints its header
cells on coloured fills. Each is paper, not ink: darker or tinted, but smooth
over areas much larger than a letter. The paper's own tone is estimated per
colour channel by a morphological closing at low resolution (the brightest
level around every point, over a window larger than any stroke of print), and
each channel is divided by it: paper becomes white wherever it is, and ink
keeps its contrast against the paper it lies on. A white page comes out as it
went in.

What is left in colour against that paper is kept apart as each pixel's
saturation: how far its channels part, for how dark it is (a stamp's faint
edge is as coloured as its core). Black print has none; a blue or violet stamp,
a blue pen, a lot.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium

PAPER_DPI = 100  # the paper's tone varies slowly: estimated on a small copy
# Wider than any stroke of print (a bold digit's, a ruling's), narrower than a filled header
# row (about 0.15 inch): the fill is paper of another tone, the strokes on it are ink.
PAPER_WINDOW_INCH = 0.07
MIN_CHROMA = 10  # of 255: channels parting by less are grey


@dataclass
class Flattened:
    grey: np.ndarray  # uint8, paper white
    chroma: np.ndarray | None  # uint8, each pixel's saturation against its paper (0..255); None for a grey scan


def render_colour(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    """The page as printed (its /Rotate applied), RGB."""
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
    try:
        return np.ascontiguousarray(bitmap.to_numpy()[:, :, :3])
    finally:
        bitmap.close()


def is_grey(rgb: np.ndarray) -> bool:
    """Whether the channels are (about) equal: a greyscale scan rendered in colour."""
    sample = rgb[::7, ::7].astype(np.int16)
    return int(np.abs(sample[..., 0] - sample[..., 1]).max(initial=0)) <= 2 and int(np.abs(sample[..., 1] - sample[..., 2]).max(initial=0)) <= 2


def paper_tone(channel: np.ndarray, dpi: int) -> np.ndarray:
    """The paper's level under every pixel of one channel (uint8, the channel's size)."""
    scale = min(1.0, PAPER_DPI / dpi)
    small = cv2.resize(channel, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    size = max(3, int(PAPER_WINDOW_INCH * dpi * scale) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    smooth = cv2.GaussianBlur(closed, (0, 0), 1.0)
    return cv2.resize(smooth, (channel.shape[1], channel.shape[0]), interpolation=cv2.INTER_LINEAR)


def flatten(rgb: np.ndarray, dpi: int) -> Flattened:
    """The page's luminance against white paper, and its chroma (None when the scan is grey)."""
    if is_grey(rgb):
        grey = np.ascontiguousarray(rgb[:, :, 0])
        return Flattened(cv2.divide(grey, np.maximum(paper_tone(grey, dpi), 1), scale=255), None)
    channels = [cv2.divide(c, np.maximum(paper_tone(c, dpi), 1), scale=255) for c in cv2.split(rgb)]
    flat = cv2.merge(channels)
    darkest = np.minimum.reduce(channels)
    chroma = cv2.subtract(np.maximum.reduce(channels), darkest)
    chroma[chroma < MIN_CHROMA] = 0  # a JPEG's colour noise on grey print
    saturation = cv2.divide(chroma, np.maximum(cv2.subtract(255, darkest), 1), scale=255)
    return Flattened(cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY), saturation)
