"""Break table rows into pages the way Word does: the grid closes at each break.

A merged cell (a span of rows) cut by a page break prints its text in the part on the
page where it starts; that part grows to hold the text, and the part on the next page
is empty. A span whose text is taller than its rows grows its last row.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    first: int
    last: int
    needed: float  # height its text needs, points


@dataclass(frozen=True)
class Page:
    first: int
    last: int
    heights: tuple[float, ...]  # of rows first..last


class RowTooTall(ValueError):
    pass


def page_heights(base: list[float], spans: list[Span], first: int, last: int) -> list[float]:
    """Heights of rows first..last when the page holds exactly these rows."""
    heights = list(base[first : last + 1])
    for span in sorted(spans, key=lambda s: (s.first, s.last)):
        if not first <= span.first <= last:
            continue  # starts on another page: its part here is empty
        part_last = min(span.last, last)
        have = sum(heights[span.first - first : part_last - first + 1])
        if have < span.needed:
            heights[part_last - first] += span.needed - have
    return heights


def paginate(base: list[float], spans: list[Span], first_page: float, other_pages: float) -> list[Page]:
    """Fill each page with as many whole rows as fit (`first_page`/`other_pages`: body height available)."""
    pages: list[Page] = []
    start = 0
    while start < len(base):
        available = other_pages if pages else first_page
        end = start
        heights = page_heights(base, spans, start, start)
        if sum(heights) > available:
            raise RowTooTall(f"row {start + 1} needs {sum(heights):.0f} pt, the page holds {available:.0f} pt")
        while end + 1 < len(base):
            wider = page_heights(base, spans, start, end + 1)
            if sum(wider) > available:
                break
            end, heights = end + 1, wider
        pages.append(Page(start, end, tuple(heights)))
        start = end + 1
    return pages
