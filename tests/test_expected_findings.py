"""The findings of `rekon run` on the four sample PDFs against the hand-reviewed list.

data/expected_findings.csv holds every finding of the sample run, reviewed once by
hand: `verdict` is `true` (an inconsistency of the real reports, as printed),
`acceptable` (e.g. a pagu revision the rest of the report reflects, a value
legitimately empty), or `extraction_error` / `matching_error` (rekon's own mistake),
with a one-line `reason`. When a change to rekon adds or removes findings, this
test names them so that a reviewer can judge them and update the file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekon.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
EXPECTED = ROOT / "data" / "expected_findings.csv"
COLUMNS = ["finding_id", "rule", "severity", "quarter", "previous_quarter", "row_id", "field", "expected", "actual", "verdict", "reason"]
VERDICTS = {"true", "acceptable", "extraction_error", "matching_error"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("expected-findings") / "out"
    result = CliRunner().invoke(app, ["run", str(SAMPLES), "-o", str(out), "--quiet"])
    assert result.exit_code in (0, 1), result.output  # 1 = findings, with --fail-on
    return _read(out / "discrepancies.csv")


@pytest.fixture(scope="module")
def expected() -> list[dict[str, str]]:
    return _read(EXPECTED)


def _describe(finding: dict[str, str]) -> str:
    quarters = f"TW {finding['previous_quarter']}->{finding['quarter']}" if finding.get("previous_quarter") else f"TW {finding['quarter']}"
    return (
        f"  {finding['finding_id']}: rule={finding['rule']} {quarters} row_id={finding['row_id']} "
        f"field={finding['field']} expected={finding['expected']!r} actual={finding['actual']!r}"
    )


def test_expected_file_is_well_formed(expected):
    with EXPECTED.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    ids = [row["finding_id"] for row in expected]
    assert len(ids) == len(set(ids)), "duplicate finding_id in data/expected_findings.csv"
    for row in expected:
        assert row["verdict"] in VERDICTS, f"{row['finding_id']}: unknown verdict {row['verdict']!r}"
        assert row["reason"].strip(), f"{row['finding_id']}: a reviewed finding needs a reason"


def test_findings_equal_the_reviewed_list(found, expected):
    now = {row["finding_id"]: row for row in found}
    reviewed = {row["finding_id"]: row for row in expected}
    new = [now[i] for i in now if i not in reviewed]
    missing = [reviewed[i] for i in reviewed if i not in now]
    if new or missing:
        lines = ["the findings of the sample run differ from data/expected_findings.csv; review them and update the file"]
        if new:
            lines += [f"new findings, not reviewed yet ({len(new)}):"] + [_describe(f) for f in new]
        if missing:
            lines += [f"reviewed findings no longer found ({len(missing)}):"]
            lines += [_describe(f) + f" verdict={f['verdict']} ({f['reason']})" for f in missing]
        pytest.fail("\n".join(lines))


def test_reviewed_findings_still_say_the_same(found, expected):
    """Same id, same content: a finding whose printed values changed must be reviewed again."""
    now = {row["finding_id"]: row for row in found}
    changed = []
    for row in expected:
        current = now.get(row["finding_id"])
        if current is None:
            continue  # reported by test_findings_equal_the_reviewed_list
        fields = ["rule", "severity", "quarter", "previous_quarter", "row_id", "field", "expected", "actual"]
        if any(current[f] != row[f] for f in fields):
            changed.append(f"{_describe(row)}\n    now: {_describe(current).strip()}")
    assert not changed, "reviewed findings whose content changed:\n" + "\n".join(changed)


# The inconsistencies DOMAIN.md names in the real reports: (what, how to recognise the finding).
DOMAIN_INCONSISTENCIES = [
    ("TOTAL pagu 9,756,893,547 (TW I) -> 15,904,466,547 (TW II)",
     dict(rule="pagu_changed", quarter="2", previous_quarter="1", field="target_pagu", expected="9756893547", actual="15904466547"), "TOTAL"),
    ("TOTAL pagu 15,904,466,547 (TW III) -> 16,120,078,629 (TW IV)",
     dict(rule="pagu_changed", quarter="4", previous_quarter="3", field="target_pagu", expected="15904466547", actual="16120078629"), "RATA-RATA CAPAIAN KINERJA"),
    ("TW I Persentase tingkat ketersediaan Barang Milik Daerah: capaian 33.33 for realisasi 33",
     dict(rule="capaian_kinerja_mismatch", quarter="1", field="capaian_kinerja", expected="33.00", actual="33.33"), "Persentase tingkat ketersediaan Barang Milik Daerah"),
    ("TW I Jumlah dokumen laporan keuangan semesteran: realisasi kinerja 0, 8,680,000 spent",
     dict(rule="spending_without_output", quarter="1", field="realisasi_kinerja", actual="0"), "Jumlah dokumen laporan keuangan semesteran"),
    ("TW III Capaian hasil evaluasi LKjIP: pagu 6,932,571,335 where TW II showed the total",
     dict(rule="pagu_changed", quarter="3", previous_quarter="2", field="target_pagu", expected="15904466547", actual="6932571335"), "Capaian hasil evaluasi LKjIP"),
    ("PROGRAM PENUNJANG pagu 6,932,571,335 -> 6,723,183,417 in TW IV",
     dict(rule="pagu_changed", quarter="4", previous_quarter="3", field="target_pagu", expected="6932571335", actual="6723183417"), None),
]


@pytest.mark.parametrize("what, match, indikator", DOMAIN_INCONSISTENCIES, ids=[d[0][:60] for d in DOMAIN_INCONSISTENCIES])
def test_domain_inconsistencies_are_found_and_marked_true(found, expected, what, match, indikator):
    hits = [f for f in found if all(f[k] == v for k, v in match.items()) and (indikator is None or f["indikator"].startswith(indikator))]
    assert len(hits) == 1, f"{what}: expected exactly one finding, got {[_describe(h) for h in hits]}"
    if indikator is None:  # the program row: named by the program column
        assert hits[0]["program"].startswith("PROGRAM PENUNJANG URUSAN"), _describe(hits[0])
    if match["rule"] == "spending_without_output":
        assert "8.680.000" in hits[0]["message"] or "8,680,000" in hits[0]["message"], hits[0]["message"]
    reviewed = {row["finding_id"]: row for row in expected}
    row = reviewed.get(hits[0]["finding_id"])
    assert row is not None, f"{what}: {hits[0]['finding_id']} is not in data/expected_findings.csv"
    assert row["verdict"] == "true", f"{what}: {row['finding_id']} is marked {row['verdict']!r}, expected 'true'"
