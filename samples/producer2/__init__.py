"""A second producer for the sample reports: reportlab, made the way Word exports are made.

It differs from the LibreOffice samples (samples/build.py) where real reports differ: the
grid is closed at every page break, a merged cell cut by a break prints its text in its
first part only, TW IV has the grouped header wording, one style has separate Program /
Kegiatan / Sub Kegiatan columns, numbers are in Indonesian format, narrow columns break
long words in the middle, and paper and font are other ones. See data/README.md.

    from samples.producer2 import render
    render(read_source(path), quarter=4, out=Path("tw4.pdf"), style="separate_columns")
"""

from samples.producer2.render import STYLES, render

__all__ = ["STYLES", "render"]
