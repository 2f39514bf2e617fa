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
from bench.wording.score import _decimal, score, score_result
from bench.wording.stored import kept
from rekon.extract.pipeline import FileResult
from rekon.extract.schema import ROW_COLUMNS

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


def _perfect_reading(report) -> FileResult:
    """What a reader that gets everything right would give for the report: its truth as rows.csv rows
    (the side-by-side form one row per quarter, the values printed once for the row in each)."""
    quarters = sorted({c.quarter for c in report.columns if c.quarter}) or [None]
    rows = []
    for n, truth in enumerate(report.body.truth):
        for quarter in quarters:
            row = dict.fromkeys(ROW_COLUMNS, "")
            row.update({k: truth[k] for k in ("level", "program", "kegiatan", "sub_kegiatan", "indikator")})
            row.update(row_id=f"f:p1:r{n}:q{quarter or ''}", quarter=str(quarter or ""))
            for column in report.columns:
                if column.numeric and column.quarter in (None, quarter):
                    value = _decimal(truth["values"].get((column.field, column.quarter), "") or "")
                    row[column.field] = "" if value is None else str(value)  # rows.csv writes plain decimals
                elif not column.numeric and column.field not in ("item", "no"):
                    row[column.field] = truth.get("texts", {}).get(column.field) or truth.get(column.field, "") or ""
            rows.append(row)
    return FileResult("perfect.pdf", rows=rows)


@pytest.mark.parametrize("family, index", [("side_by_side", 21), ("quarterly", 11)])
def test_the_scorer_lines_up_the_total_row_and_still_marks_a_wrong_column(family, index):
    """The closing/agency row has no indicator: it lines up by the values the report prints (the side-by-side
    form's year target in every quarter's row; no capaian the layout leaves out). A wrong total is still wrong."""
    report = generate(family, 1, index)
    total = next(n for n, t in enumerate(report.body.truth) if t["level"] == "total")
    reading = _perfect_reading(report)
    result = score_result(report, "calc", reading)
    assert not _wrong(result), _wrong(result)
    assert result.value_right == result.value_total and result.structure_right == result.rows_total
    for row in reading.rows:
        if row["row_id"].startswith(f"f:p1:r{total}:"):
            row["target_pagu"] = "1"
    assert score_result(report, "calc", reading).value_right < result.value_total
    for row in reading.rows:
        row["target_pagu"] = row["target_pagu"] and "1"
    assert "target_pagu" in [c.field for c in score_result(report, "calc", reading).columns if not c.right]


def test_a_column_without_values_is_wrong_only_when_its_own_header_is_reported_unknown():
    report = generate("quarterly", 1, 19)  # `Nomor > (1)` over an empty No column; `Ntees > 13` is another column
    reading = _perfect_reading(report)
    reading.problems = [{"problem": "unknown_header", "raw_text": "Ntees > 13", "field": ""}]
    assert next(c for c in score_result(report, "calc", reading).columns if c.field == "no").right
    reading.problems = [{"problem": "unknown_header", "raw_text": "Nomor > (1)", "field": ""}]
    assert not next(c for c in score_result(report, "calc", reading).columns if c.field == "no").right


def test_a_cut_report_prints_no_program_row_without_its_program():
    """A program's other indicator rows come with the row that names the program (the cut keeps them together),
    and print its name merged over them (in one hierarchy column too)."""
    for index in (5, 17, 32):  # cuts that kept a program's second indicator without it; 32: TW IV in one hierarchy column
        report = generate("quarterly", 1, index)
        named = set()
        for truth, printed in zip(report.body.truth, report.body.printed):
            name = printed.get("program") or printed.get("item")
            if truth["level"] == "program" and name and name != "^":
                named.add(truth["program"])
            if truth["level"] in ("program", "kegiatan", "sub_kegiatan"):
                assert truth["program"] in named, (report.stem, truth["indikator"])


@pytest.fixture(scope="module")
def pairs_under_a_kinerja_span(tmp_path_factory):
    # Quarters' pairs under `Realisasi Kinerja Pada Triwulan > Triwulan I..IV > Kinerja | Keuangan`: the
    # column reader names every pair; the pairs found by shape alone must not overrule it (they did,
    # shifted by a column, after the order rule for scans was merged: 6 columns and 201 values wrong).
    report = generate("side_by_side", 1, 16)
    assert report.stem == "side_by_side-s1-0016"
    done, failed = render([report], "reportlab", tmp_path_factory.mktemp("pairs"))
    assert not failed, failed
    return score(report, "reportlab", done[report.stem])


def test_pairs_the_column_reader_named_are_kept(pairs_under_a_kinerja_span):
    result = pairs_under_a_kinerja_span
    assert not result.refused, result.error
    assert not _wrong(result), _wrong(result)
    assert result.value_right == result.value_total > 0
