"""Python's cyclic garbage collector paused while rekon makes many short-lived objects.

Reading a file makes hundreds of thousands of container objects (glyph tuples, cells, rows) that
all die by reference count: over the twelve single-core bench files the collector found 1,264
objects in cycles, yet walked the young objects 170 times and the whole heap (the national
nomenclature included) twice, an eleventh of extraction's time. Paused while a file is read, it
runs once after, over what the file left.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off inside; back on after (as a decorator too: ``@collector_paused()``)."""
    if not gc.isenabled():  # paused already (by the caller, or another thread's file)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
