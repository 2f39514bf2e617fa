"""Text columns as Python objects while a group is matched and checked.

pandas 3 infers an Arrow-backed `str` dtype for text. Matching and the rules take thousands of
small slices of the rows (a level, a quarter, a program at a time), and each slice of an Arrow
column costs more than one of an object column: a group's job took 1.65x the CPU time
(three 4-file groups of the scale bench, run alternately each way: 4.9 s against 3.0 s of CPU,
their panel, review and findings byte-identical). Where pandas still offers the switch, a group's job opts out for its own span;
where it is gone (pandas 4), the job runs the same, only slower.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import pandas as pd


@contextlib.contextmanager
def object_strings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the switch is deprecated in pandas 3; its absence is handled below
        try:
            context = pd.option_context("future.infer_string", False)
            context.__enter__()
        except (KeyError, pd.errors.OptionError):
            context = None
    try:
        yield
    finally:
        if context is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                context.__exit__(None, None, None)
