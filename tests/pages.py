"""Short PDFs cut from the committed samples: a file read in a fraction of a second."""

from __future__ import annotations

from pathlib import Path


def first_pages(source: Path, count: int, target: Path) -> Path:
    """`source`'s first `count` pages (the first holds the title and the table's header) saved as `target`."""
    import pikepdf

    with pikepdf.open(source) as whole, pikepdf.new() as pdf:
        pdf.pages.extend(whole.pages[:count])
        pdf.save(target)
    return target
