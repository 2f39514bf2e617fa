"""The header-wording bench's handful in `make test` (bench/wording/).

data/wording/ keeps six small generated PDFs with their truth (`python -m bench.wording.stored`
rewrote them; 344 KB): four whose wordings are all from the reports rekon was built on, which
today's rekon reads right (asserted, so a later change that breaks them fails), and two with
held-out wordings, whose reading is recorded (printed and in the junit properties), not
asserted. One more report is generated and rendered here through reportlab, so the generator
and the renderer stay tested too. The bench itself: `python -m bench.wording`.
"""

from __future__ import annotations

import pytest

from bench.wording import thesaurus as th
from bench.wording.generate import generate
from bench.wording.render import render
from bench.wording.score import score
from bench.wording.stored import kept

KEPT = kept()
GUARDED = [(r, p, pdf) for r, p, pdf in KEPT if r.known]
RECORDED = [(r, p, pdf) for r, p, pdf in KEPT if not r.known]


def _wrong(file_score) -> list[str]:
    return [f"{c.field} q{c.quarter} '{c.header}' ({c.judged_by} {c.detail})" for c in file_score.columns if not c.right]


@pytest.mark.parametrize("report, producer, pdf", GUARDED, ids=[f"{r.stem}-{p}" for r, p, _ in GUARDED])
def test_known_wordings_are_read_right(report, producer, pdf):
    result = score(report, producer, pdf)
    assert not result.refused, result.error
    assert not _wrong(result), _wrong(result)
    assert result.value_right == result.value_total > 0
    assert result.structure_right == result.rows_total > 0


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    report = generate("quarterly", 1, 7, known=True)  # single-row header, Program column beside the items
    done, failed = render([report], "reportlab", tmp_path_factory.mktemp("wording"))
    assert not failed, failed
    return report, score(report, "reportlab", done[report.stem])


def test_a_report_generated_and_rendered_now_is_read_right(live):
    report, result = live
    assert report.header_rows == 1 and any(c.field == "program" for c in report.columns)
    assert not result.refused, result.error
    assert not _wrong(result), _wrong(result)
    assert result.value_right == result.value_total > 0
    assert result.structure_right == result.rows_total


@pytest.mark.parametrize("report, producer, pdf", RECORDED, ids=[f"{r.stem}-{p}" for r, p, _ in RECORDED])
def test_held_out_wordings_are_recorded(report, producer, pdf, record_property):
    """How today's rekon reads wordings partly outside its lexicon: recorded, not asserted."""
    result = score(report, producer, pdf)
    right = sum(c.right for c in result.columns)
    summary = (f"refused={result.refused} columns={right}/{len(result.columns)} values={result.value_right}/{result.value_total} "
               f"structure={result.structure_right}/{result.rows_total}")
    record_property("wording_score", summary)
    print(f"{report.stem}-{producer}: {summary}; held out: {report.held_out_words}")
    assert report.held_out and len(result.columns) == len(report.columns)


def test_the_generator_is_seeded_and_varied():
    again = generate("side_by_side", 1, 3)
    assert again.wording() == generate("side_by_side", 1, 3).wording()
    assert [r.body.truth for r in (again,)] == [generate("side_by_side", 1, 3).body.truth]
    for family in ("quarterly", "side_by_side"):
        reports = [generate(family, 2, i) for i in range(10)]
        assert len({r.wording() for r in reports}) == 10
        assert not any(r.held_out for r in reports[::2])  # even indices never draw a held-out wording
        assert sum(r.held_out for r in reports[1::2]) >= 4
        for report in reports[:6]:
            assert len(report.paths()) == len(report.columns) == len({(c.key) for c in report.columns})
            assert len(report.body.printed) == len(report.body.truth) > 0


def test_the_held_out_file_is_the_split_of_the_thesaurus():
    written = {label for label in th.held_out()}
    assert written == {f"{key}: {text}" for key, texts in th.split().items() for text in texts}
    for key, entries in th.lists().items():
        assert not th.is_held_out(entries[0]), key  # each list keeps the form's own wording
        assert not any(th.is_held_out(e) and th.PROJECT_SOURCES & set(e.sources) for e in entries), key
    sources = set(th.raw()["sources"])
    for entries in th.lists().values():
        for entry in entries:
            assert set(entry.sources) <= sources, entry.label  # every wording names where it was seen
