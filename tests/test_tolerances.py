"""The reading's tolerances (extract/tolerances.py): one object with the reading's defaults, overridable per file and from the API."""

from __future__ import annotations

from pathlib import Path

import pytest

import rekon
from rekon.extract.pipeline import extract_file
from rekon.extract.tolerances import DEFAULT, TextTolerances, Tolerances, current_tolerances
from tests.pages import first_pages

TW1 = Path(__file__).resolve().parent.parent / "data" / "samples" / "dp3akb-serang-2022-tw1.pdf"
# No gap between two glyphs is ten font sizes wide: every word runs into the next (a line break still parts two).
NO_SPACES = Tolerances(text=TextTolerances(space_gap=10.0))


@pytest.fixture(scope="module")
def one_page(tmp_path_factory) -> Path:
    return first_pages(TW1, 1, tmp_path_factory.mktemp("tolerances") / "tw1-p1.pdf")


@pytest.fixture(scope="module")
def plain(one_page):
    return extract_file(one_page, quarter=1)


def _spaces(rows) -> int:
    return sum(str(row["indikator"]).count(" ") for row in rows)


def test_the_defaults_are_the_reading_and_another_value_reaches_the_step_that_uses_it(one_page, plain):
    assert extract_file(one_page, quarter=1, tolerances=Tolerances()).rows == plain.rows
    glued = extract_file(one_page, quarter=1, tolerances=NO_SPACES)
    assert [r["indikator"].replace(" ", "") for r in glued.rows] == [r["indikator"].replace(" ", "") for r in plain.rows]
    assert _spaces(glued.rows) < _spaces(plain.rows) / 4, "the words of a line were parted all the same"
    assert current_tolerances() is DEFAULT  # the file's tolerances end with its reading
    assert extract_file(one_page, quarter=1).rows == plain.rows


def test_rekon_extract_reads_with_the_tolerances_given_in_its_workers(one_page, plain):
    glued = rekon.extract([one_page], quarter=1, tolerances=NO_SPACES)
    assert len(glued) == len(plain.rows) > 0
    assert _spaces(glued.frame.to_dict("records")) < _spaces(plain.rows) / 4
