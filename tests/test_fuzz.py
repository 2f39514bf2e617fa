"""A bounded, seeded fuzz run: no mutated sample makes the extractor raise."""

import pytest
from tests.fuzz import campaign

pytestmark = pytest.mark.slow  # heavy: `make test-slow` (CI runs it after `make test`)


def test_forty_mutated_samples_raise_nothing(tmp_path):
    outcomes = campaign(cases=40, seed=7, out_dir=tmp_path)
    assert sum(outcomes.values()) == 40
    assert outcomes["rows"] > 0  # some damage is survivable; the rest is reported per file
