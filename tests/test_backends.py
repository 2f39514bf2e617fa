"""The fast PDFium backend and the pdfplumber reference read the same cells from every test PDF."""

from __future__ import annotations

import pytest

from rekon.extract.pipeline import extract_file
from rekon.extract.schema import ROW_COLUMNS
from samples.build import all_samples

SAME = [c for c in ROW_COLUMNS if c != "bbox"]


@pytest.mark.parametrize("sample", all_samples(), ids=lambda s: s.stem)
def test_pdfium_and_pdfplumber_give_the_same_rows(sample):
    fast = extract_file(sample.pdf, backend="pdfium")
    reference = extract_file(sample.pdf, backend="plumber")
    assert fast.ok and reference.ok
    assert len(fast.rows) == len(reference.rows)
    differing = [
        (row["row_id"], column, row[column], other[column])
        for row, other in zip(fast.rows, reference.rows)
        for column in SAME
        if row[column] != other[column]
    ]
    assert not differing, differing[:10]
    for row, other in zip(fast.rows, reference.rows):
        boxes = zip(map(float, row["bbox"].split()), map(float, other["bbox"].split()))
        assert all(abs(a - b) <= 1.0 for a, b in boxes), (row["row_id"], row["bbox"], other["bbox"])
