"""`python -m bench --only X` rewrites bench/RESULTS.md: the sections other benches write stay."""

from bench.__main__ import SECTIONS, compose

FOREIGN = "Injected inconsistencies in the full Renja evaluation form: recall and precision per rule (rows)"
PREVIOUS = f"""# Bench results

`make bench`, last run 2026-01-01 10:00.

## Machine

old machine

## {SECTIONS["extraction"][0]}

old extraction table

## {FOREIGN}

| rule | recall |
|:--|--:|
| sums | 1.00 |
"""


def test_a_section_the_writer_does_not_make_is_kept_as_it_was():
    extraction = SECTIONS["extraction"][0]
    text = compose([("Machine", "this machine"), (extraction, "new extraction table")], "2026-02-02 11:00", PREVIOUS)
    chunks = {chunk.partition("\n\n")[0]: chunk.partition("\n\n")[2].strip() for chunk in text.split("\n## ")[1:]}
    assert chunks[FOREIGN] == "| rule | recall |\n|:--|--:|\n| sums | 1.00 |"
    # The sections this run made replace their old bodies, once each.
    assert chunks[extraction] == "new extraction table" and chunks["Machine"] == "this machine"
    assert text.count(f"## {extraction}\n") == 1 and text.count(f"## {FOREIGN}\n") == 1


def test_scale_runs_are_chosen_by_name_and_an_unknown_name_is_refused_before_any_work():
    import pytest

    from bench import scale

    assert set(scale.RUN_KEYS.values()) == set(scale.RUNS) and scale.MEMORY_RUN in scale.RUNS
    with pytest.raises(ValueError, match="off-2"):
        scale.run(1, (1,), 1, runs=("off-2", "report on"))
