"""The extraction cache behind --resume, on its own (fast; tests/test_batch_identity.py runs it through
the CLI): an entry is the same bytes read with the same options, kept whole, given back as it was."""

from __future__ import annotations

import os
from dataclasses import fields, replace

import pytest

from rekon.engine.cache import FileCache
from rekon.engine.settings import ReadOptions
from rekon.extract.families import BUILTIN
from rekon.extract.tolerances import GridTolerances, Tolerances
from rekon.extract.pipeline import FileResult, Metadata
from rekon.extract.problems import Problem

# A layout file's additions: a wording naming two fields (a set, whose order follows string hashing).
AGENCY_LAYOUT = BUILTIN.with_additions({}, {"indikator": ["Ukuran Keberhasilan"], "satuan": ["Ukuran Keberhasilan", "Ukuran"]})
# A value other than the default for every setting of how a file is read (--quarter, --backend, --ocr, --layout, the
# tolerances); the language is none of them (problems are said at output: tests/test_batch_identity.py resumes a run in
# another language).
OTHER_VALUE = {"quarter": 3, "backend": "plumber", "ocr": "never", "layout": AGENCY_LAYOUT, "tolerances": Tolerances(grid=GridTolerances(snap=3.0))}


def _result(name: str = "in/tw1.pdf") -> FileResult:
    row = {"row_id": "abc123abc123:p1:r1", "source_file": name, "quarter": "1", "indikator": "Jumlah dokumen"}
    problem = Problem("empty_page", name, 1)
    return FileResult(name, rows=[row], problems=[problem], metadata=Metadata("DINAS A", 2022, 1), file_id="abc123abc123")


def test_every_option_that_changes_a_reading_is_part_of_the_cache_key():
    # Every ReadOptions field reaches extract_file, so every one keys the cache: a new one must be added here.
    assert sorted(f.name for f in fields(ReadOptions)) == sorted(OTHER_VALUE)
    assert sorted(ReadOptions().cache_key()) == sorted(OTHER_VALUE)


def test_a_layout_keys_the_cache_the_same_in_every_process(tmp_path):
    """--resume finds a file read with a layout file in a later run (another process, another string hash seed)."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from tests.test_cache import AGENCY_LAYOUT;"
        "from rekon.engine.cache import FileCache; from rekon.engine.settings import ReadOptions;"
        "print(FileCache(Path(sys.argv[1]), ReadOptions(layout=AGENCY_LAYOUT).cache_key()).options)"
    )
    keys = {
        subprocess.run([sys.executable, "-c", code, str(tmp_path)], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                       capture_output=True, text=True, check=True).stdout
        for seed in (0, 1)  # two seeds under which a frozenset of these two fields iterates in opposite orders
    }
    assert len(keys) == 1, keys


@pytest.mark.parametrize("option", sorted(OTHER_VALUE))
def test_an_entry_is_found_only_under_the_options_it_was_read_with(tmp_path, option):
    FileCache(tmp_path, ReadOptions().cache_key()).save(_result())
    assert FileCache(tmp_path, ReadOptions().cache_key()).has("abc123abc123")
    other = replace(ReadOptions(), **{option: OTHER_VALUE[option]})
    assert not FileCache(tmp_path, other.cache_key()).has("abc123abc123")
    assert not FileCache(tmp_path, ReadOptions().cache_key()).has("abc123abc124")  # other bytes
    assert not FileCache(tmp_path, ReadOptions().cache_key()).has("")  # a file that could not be hashed


def test_an_entry_comes_back_as_it_was_and_renamed_files_name_themselves(tmp_path):
    cache = FileCache(tmp_path, ReadOptions().cache_key())
    assert cache.root == tmp_path and cache.files == tmp_path / "files"  # the batch keeps its groups' work beside it
    cache.save(_result())
    back = cache.load("abc123abc123")
    assert back.rows == _result().rows and back.problems == _result().problems and back.metadata == _result().metadata
    assert cache.rows_text("abc123abc123").splitlines()[0].startswith("abc123abc123:p1:r1,in/tw1.pdf,")
    assert [p.code for p in cache.problems("abc123abc123")] == ["empty_page"]
    moved = cache.load("abc123abc123", "elsewhere/copy.pdf")  # the same bytes under another name
    assert moved.source_file == "elsewhere/copy.pdf" and {r["source_file"] for r in moved.rows + moved.problems} == {"elsewhere/copy.pdf"}
    assert ",elsewhere/copy.pdf," in cache.rows_text("abc123abc123")  # and its CSV lines say so
    assert not [p for p in cache.files.iterdir() if p.name.startswith(".")]  # written whole: no temporary left
    cache.clear()
    assert not cache.has("abc123abc123") and cache.files.is_dir()
    jobs = cache.work_dir("report-0"), cache.work_dir("report-1")  # each group's job its own scratch folder, under .rekon
    assert jobs[0] != jobs[1] and all(job.is_relative_to(tmp_path) for job in jobs)


def test_the_cache_makes_its_folders_under_an_out_dir_not_made_yet(tmp_path):
    # `rekon run -o NEW` names a folder that does not exist; a second start (--resume) finds it made.
    cache = FileCache(tmp_path / "new" / ".rekon", ReadOptions().cache_key())
    cache.save(_result())
    again = FileCache(tmp_path / "new" / ".rekon", ReadOptions().cache_key())
    assert again.has("abc123abc123")
    cache.save_settled([_result()])  # a group's folders too, for each group of the batch
    cache.save_settled([_result("in/tw2.pdf")])
    cache.save_group(0, {"panel": None})
    assert again.load_settled("abc123abc123")[-1] == 1 and again.load_group(0) == {"panel": None}
    assert again.load_settled("abc123abc124") is None and again.load_settled_result("abc123abc123") is None  # not asked to keep it whole
