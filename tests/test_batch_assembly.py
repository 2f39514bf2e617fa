"""A batch's outputs are assembled in input order from the cache (rekon/engine/outputs.py), however
the workers finished, on hand-made results (fast; tests/test_batch.py runs `rekon run --jobs`):
each file's lines as its group settled them, a failed group's files as they were read, a byte-identical
copy named where it was given, the batch's own problems after the files'."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rekon.engine.cache import FileCache
from rekon.engine.group_job import GroupSummary
from rekon.engine.outputs import batch_problems, settled_results, write_extraction, write_groups
from rekon.engine.reading import Inputs
from rekon.extract.messages import problem as make_problem
from rekon.extract.pipeline import FileResult, Metadata
from rekon.groups import Group
from rekon.reconcile.match_settings import MatchSettings
from rekon.reconcile.panel import PANEL_COLUMNS, review_columns
from rekon.rules.findings import FINDING_COLUMNS


def _read(file_id: str, name: str, quarter: int, opd: str, rows: int = 2) -> FileResult:
    records = [{"row_id": f"{file_id}:p1:r{n}", "source_file": name, "quarter": str(quarter), "indikator": f"{name} {n}", "level": "read"}
               for n in range(1, rows + 1)]
    problem = make_problem(name, "empty_page", "id", 1)
    return FileResult(name, rows=records, problems=[problem], metadata=Metadata(opd, 2023, quarter), file_id=file_id,
                      row_count=rows, problem_count=1)


def _settled(result: FileResult) -> FileResult:
    """The same file as its group settled it (each row's level decided across the quarters)."""
    rows = [{**row, "level": "settled"} for row in result.rows]
    return FileResult(result.source_file, rows=rows, problems=list(result.problems), metadata=result.metadata, file_id=result.file_id)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """a.pdf, b.pdf (one group, settled), c.pdf (a's bytes), d.pdf (a group whose job hit its time limit;
    an earlier run left settled lines of it). Results in the order the workers finished: d, b, a."""
    a, b, d = _read("aaaaaaaaaaaa", "in/a.pdf", 1, "DINAS A"), _read("bbbbbbbbbbbb", "in/b.pdf", 2, "DINAS A", rows=3), _read("dddddddddddd", "in/d.pdf", 1, "DINAS D")
    tmp_path = tmp_path_factory.mktemp("out")
    cache = FileCache(tmp_path / ".rekon", {})
    for result in (a, b, d):
        cache.save(result)
    cache.save_settled([_settled(a), _settled(b), _settled(d)], whole=True)
    groups = [Group("DINAS A", "2023", files={1: a, 2: b}), Group("DINAS D", "2023", files={1: d})]
    summaries = [GroupSummary(0), GroupSummary(1, error="timeout")]
    inputs = Inputs([Path("in/a.pdf"), Path("in/b.pdf"), Path("in/c.pdf"), Path("in/d.pdf")],
                    ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "aaaaaaaaaaaa", "dddddddddddd"], {2: 0})
    finished = {3: d, 1: b, 0: a}
    return inputs, finished, groups, summaries, cache, tmp_path


@pytest.mark.parametrize("fmt, lang", [("csv", "id"), ("parquet", "en")])
def test_rows_and_problems_follow_the_input_order_as_each_group_settled_them(batch, fmt, lang):
    inputs, finished, groups, summaries, cache, out = batch
    paths, row_count, problem_count = write_extraction(inputs, finished, groups, summaries, cache, out, lang, fmt)
    rows = pd.read_csv(paths[0], dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(paths[0])
    problems = pd.read_csv(paths[1], dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(paths[1])
    assert list(zip(rows["source_file"], rows["level"])) == [
        ("in/a.pdf", "settled"), ("in/a.pdf", "settled"), ("in/b.pdf", "settled"), ("in/b.pdf", "settled"), ("in/b.pdf", "settled"),
        ("in/d.pdf", "read"), ("in/d.pdf", "read")]  # d's group failed: its rows as read, not an earlier run's settled ones
    assert list(zip(problems["source_file"], problems["problem"])) == [
        ("in/a.pdf", "empty_page"), ("in/b.pdf", "empty_page"), ("in/c.pdf", "duplicate_file"), ("in/d.pdf", "empty_page"),
        ("", "quarter_missing"), ("", "quarter_missing"),  # DINAS A: III, IV
        ("", "quarter_missing"), ("", "quarter_missing"), ("", "quarter_missing"),  # DINAS D: II, III, IV
        ("", "group_failed")]
    assert "in/a.pdf" in problems["message"][2]  # the copy names the file read instead
    failed = problems["message"].iloc[-1]
    assert "DINAS D" in failed and ("could not be matched" if lang == "en" else "tidak dapat dicocokkan") in failed
    assert failed.endswith(": batas waktu / time limit")  # the reason in both languages, as the auditor reads it
    assert (row_count, problem_count) == (len(rows), len(problems))


def test_every_input_has_its_whole_result_in_input_order(batch):
    inputs, finished, groups, summaries, cache, out = batch
    whole = settled_results(inputs, finished, groups, summaries, cache)
    assert [r.source_file for r in whole] == ["in/a.pdf", "in/b.pdf", "in/c.pdf", "in/d.pdf"]
    assert [{row["level"] for row in r.rows} for r in whole] == [{"settled"}, {"settled"}, set(), {"read"}]
    assert [p["problem"] for p in whole[2].problems] == ["duplicate_file"] and whole[2].file_id == "aaaaaaaaaaaa"


def test_same_named_agencies_of_two_groups_keep_distinct_indicator_keys_and_a_failed_group_adds_nothing(batch):
    inputs, finished, groups, summaries, cache, out = batch
    groups = [*groups, Group("DINAS A", "2023", folder="other")]
    for index in (0, 2):
        panel = pd.DataFrame([{**dict.fromkeys(PANEL_COLUMNS, ""), "indicator_key": key} for key in ("dinas-a:1", "dinas-a:2")], columns=PANEL_COLUMNS)
        findings = pd.DataFrame([{**dict.fromkeys(FINDING_COLUMNS, ""), "finding_id": f"f{index}", "indicator_key": "dinas-a:2"}], columns=FINDING_COLUMNS)
        cache.save_group(index, {"panel": panel, "review": pd.DataFrame(columns=review_columns(MatchSettings().runner_ups)), "findings": findings})
    written = write_groups(groups, [*summaries, GroupSummary(2)], None, cache, out)
    panel = pd.read_csv(out / "panel.csv", dtype=str, keep_default_na=False)
    assert list(panel["indicator_key"]) == ["dinas-a:1", "dinas-a:2", "dinas-a:1~2", "dinas-a:2~2"]
    findings = pd.read_csv(out / "discrepancies.csv", dtype=str, keep_default_na=False)
    assert list(zip(findings["finding_id"], findings["indicator_key"])) == [("f0", "dinas-a:2"), ("f2", "dinas-a:2~2")]
    assert not (out / "unused_overrides.csv").exists() and len(written) == 3


def test_a_group_stopped_at_its_memory_bound_says_so():
    said = batch_problems([Group("DINAS M", "2023", files={1: _read("eeeeeeeeeeee", "in/m.pdf", 1, "DINAS M")})], [GroupSummary(0, error="memory")])
    assert said[-1]["problem"] == "group_failed" and said[-1].message("en").endswith(": batas memori / memory bound") and "DINAS M" in said[-1].message("en")


def test_overrides_no_group_could_use_are_listed_with_why_and_an_earlier_runs_list_goes(batch, tmp_path):
    _, _, groups, summaries, cache, _ = batch
    cache.save_group(0, {"panel": pd.DataFrame(columns=PANEL_COLUMNS), "review": pd.DataFrame(columns=review_columns(MatchSettings().runner_ups)),
                         "findings": pd.DataFrame(columns=FINDING_COLUMNS)})
    a1, a2, b1, d1 = "aaaaaaaaaaaa:p1:r1", "aaaaaaaaaaaa:p1:r2", "bbbbbbbbbbbb:p1:r1", "dddddddddddd:p1:r1"
    overrides = pd.DataFrame([(a1, b1, "same"),  # one group's rows: its own job says whether it used them
                              (a1, "zzzzzzzzzzzz:p1:r1", "different"), ("yyyyyyyyyyyy:p1:r1", "xxxxxxxxxxxx:p1:r1", "same"),
                              (a2, d1, "same")], columns=["row_id_a", "row_id_b", "decision"])
    said = [{"row_id_a": a1, "row_id_b": b1, "decision": "same", "reason": "linked anyway"},
            {"row_id_a": a2, "row_id_b": d1, "decision": "same", "reason": "the group's own word, not the first"}]
    written = write_groups(groups, [GroupSummary(0, unused_overrides=said), summaries[1]], overrides, cache, tmp_path)
    unused = pd.read_csv(tmp_path / "unused_overrides.csv", dtype=str, keep_default_na=False)
    assert written[-1] == tmp_path / "unused_overrides.csv" and len(written) == 4
    assert unused.to_dict("records") == [
        {"row_id_a": a1, "row_id_b": "zzzzzzzzzzzz:p1:r1", "decision": "different", "reason": "row_id not in the rows: zzzzzzzzzzzz:p1:r1"},
        {"row_id_a": "yyyyyyyyyyyy:p1:r1", "row_id_b": "xxxxxxxxxxxx:p1:r1", "decision": "same",
         "reason": "row_id not in the rows: yyyyyyyyyyyy:p1:r1, xxxxxxxxxxxx:p1:r1"},
        {"row_id_a": a2, "row_id_b": d1, "decision": "same", "reason": "rows of different groups (region, opd, year) are never linked"},
        {"row_id_a": a1, "row_id_b": b1, "decision": "same", "reason": "linked anyway"}]
    # A run whose overrides were all used leaves no list of an earlier run's behind.
    assert len(write_groups(groups, [GroupSummary(0), summaries[1]], overrides.iloc[:1], cache, tmp_path)) == 3
    assert not (tmp_path / "unused_overrides.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_file_settled_with_no_rows_adds_none_and_a_failure_leaves_no_table_half_written(batch, tmp_path, fmt):
    inputs, finished, groups, summaries, cache, _ = batch
    empty = _read("eeeeeeeeeeee", "in/e.pdf", 3, "DINAS A", rows=0)
    cache.save(empty)
    cache.save_settled([empty])
    groups = [Group("DINAS A", "2023", files={1: finished[0], 2: finished[1], 3: empty}), groups[1]]
    inputs_e = Inputs([*inputs.paths, Path("in/e.pdf")], [*inputs.ids, "eeeeeeeeeeee"], inputs.duplicates)
    paths, row_count, _ = write_extraction(inputs_e, {**finished, 4: empty}, groups, summaries, cache, tmp_path, "id", fmt)
    rows = pd.read_csv(paths[0], dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(paths[0])
    assert row_count == len(rows) == 7 and "in/e.pdf" not in set(rows["source_file"])
    for path in paths:
        path.unlink()
    lost = _read("ffffffffffff", "in/f.pdf", 4, "DINAS A")  # never cached: its lines cannot be read
    inputs_f = Inputs([*inputs.paths, Path("in/f.pdf")], [*inputs.ids, "ffffffffffff"], inputs.duplicates)
    with pytest.raises(FileNotFoundError):
        write_extraction(inputs_f, {**finished, 4: lost}, groups, summaries, cache, tmp_path, "id", fmt)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError):
        write_groups(groups, [GroupSummary(5)], None, cache, tmp_path)  # a group whose results were never kept
    assert sorted(p.name for p in tmp_path.iterdir()) == []
