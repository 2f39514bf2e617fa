"""Pictures as small inline PNGs: a palette of a few colours, the paper kept exactly white."""

from __future__ import annotations

import base64
import io

from PIL import Image


def png_data_uri(image: Image.Image, colours: int) -> str:
    """A `data:` URI of `image` quantised to `colours` (fast octree: ~5x faster than median cut).

    Fast octree moves pure white to its bucket's mean (about 252), which shows as
    a grey box on the white page; the lightest palette entry is put back to white.
    """
    paletted = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE)
    palette = paletted.getpalette() or []
    entries = [palette[i : i + 3] for i in range(0, len(palette), 3)]
    if entries:
        lightest = max(range(len(entries)), key=lambda i: sum(entries[i]))
        if min(entries[lightest]) >= 240:
            palette[lightest * 3 : lightest * 3 + 3] = [255, 255, 255]
            paletted.putpalette(palette)
    buffer = io.BytesIO()
    paletted.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
