"""The rules on the ground truth of the four real DP3AKB Kota Serang 2022 reports (data/source/twN.csv).

The truth holds printed text (`9,756,893,547`, `25.00`, `-`); it is turned into
rows.csv form here, and a panel is built from indicator_id (or, while those
ids are not assigned yet, from level + indicator name + occurrence).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from rekon import rules
from rekon.extract.numbers import CellKind, Convention, parse_cell
from samples.source import read_source
from samples.truth import truth_rows
from tests.test_rules_support import ROW_COLUMNS

SOURCE = Path(__file__).resolve().parent.parent / "data" / "source"
VALUE_FIELDS = ["target_kinerja", "target_pagu", "realisasi_kinerja", "realisasi_pagu", "capaian_kinerja", "capaian_pagu"]


def needs(*quarters: int):
    missing = [f"tw{q}.csv" for q in quarters if not (SOURCE / f"tw{q}.csv").exists()]
    return pytest.mark.skipif(bool(missing), reason=f"ground truth {', '.join(missing)} not written yet (data/source)")


def rows_of_quarter(quarter: int) -> pd.DataFrame:
    truth = truth_rows(read_source(SOURCE / f"tw{quarter}.csv"))
    frame = pd.DataFrame({column: [""] * len(truth) for column in ROW_COLUMNS})
    for column in ("level", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "keterangan"):
        frame[column] = truth[column].to_numpy()
    errors = [[] for _ in range(len(truth))]
    for field in VALUE_FIELDS:  # this OPD writes comma thousands and dot decimals
        parsed = [parse_cell(text, Convention.COMMA_THOUSANDS) for text in truth[field]]
        frame[field] = [cell.plain for cell in parsed]
        for index, cell in enumerate(parsed):
            if cell.kind is CellKind.SPREADSHEET_ERROR:
                errors[index].append(f"{field}={cell.raw}")
    frame["cell_errors"] = ["; ".join(e) for e in errors]
    frame["row_id"] = [f"tw{quarter}:r{i}" for i in range(1, len(truth) + 1)]
    frame["source_file"], frame["page"], frame["quarter"] = f"tw{quarter}.pdf", "1", str(quarter)
    frame["budget_group"] = [f"tw{quarter}:g{g}" for g in truth["budget_group"]]
    frame["indicator_id"] = truth["indicator_id"].to_numpy()
    return frame


def panel_of(rows: pd.DataFrame) -> pd.DataFrame:
    seen: dict[tuple, int] = {}
    keys = []
    for row in rows.itertuples():
        base = "total" if row.level == "total" else row.indicator_id or f"{row.level}|{' '.join(row.indikator.lower().split())}"
        n = seen.get((row.quarter, base), 0)
        seen[(row.quarter, base)] = n + 1
        keys.append(f"{base}#{n}")
    long = pd.DataFrame({"indicator_key": keys, "quarter": rows["quarter"], "row_id": rows["row_id"]})
    wide = long.pivot(index="indicator_key", columns="quarter", values="row_id")
    wide = wide.reindex(columns=["1", "2", "3", "4"]).astype(object).where(wide.notna(), "")
    wide.columns = [f"row_id_q{q}" for q in wide.columns]
    return wide.reset_index()


@cache
def real_findings() -> tuple[pd.DataFrame, pd.DataFrame]:
    quarters = [q for q in (1, 2, 3, 4) if (SOURCE / f"tw{q}.csv").exists()]
    rows = pd.concat([rows_of_quarter(q) for q in quarters], ignore_index=True)
    return rules.check(rows.drop(columns="indicator_id"), panel_of(rows)), rows


def _find(rule: str, **where) -> pd.DataFrame:
    findings, _ = real_findings()
    found = findings[findings.rule == rule]
    for column, value in where.items():
        found = found[found[column] == value]
    return found


def _on_total_row(found: pd.DataFrame) -> pd.DataFrame:
    """Sasaran rows echo the total pagu too; keep the findings on the TOTAL row itself."""
    _, rows = real_findings()
    return found[found.row_id.isin(rows.loc[rows.level == "total", "row_id"])]


@needs(3, 4)
def test_total_pagu_revised_in_tw4():
    found = _find("pagu_changed", quarter=4, previous_quarter=3, expected="15904466547", actual="16120078629")
    assert len(_on_total_row(found)) == 1


@needs(1, 2)
def test_total_pagu_changed_in_tw2():
    found = _find("pagu_changed", quarter=2, previous_quarter=1, expected="9756893547", actual="15904466547")
    assert len(_on_total_row(found)) == 1


@needs(2, 3)
def test_total_pagu_same_in_tw2_and_tw3():
    assert _on_total_row(_find("pagu_changed", quarter=3)).empty


@needs(1)
def test_tw1_bmd_capaian_33_33_for_33_of_100():
    found = _find("capaian_kinerja_mismatch", quarter=1)
    found = found[found.indikator.str.contains("ketersediaan Barang Milik Daerah")]
    assert list(zip(found.expected, found.actual)) == [("33.00", "33.33")]


@needs(1)
def test_tw1_laporan_semesteran_spending_without_output():
    found = _find("spending_without_output", quarter=1)
    found = found[found.indikator.str.contains("laporan keuangan semesteran")]
    assert len(found) == 1 and "8.680.000" in found.iloc[0].message


@needs(3, 4)
def test_program_penunjang_pagu_changed_in_tw4():
    found = _find("pagu_changed", quarter=4, expected="6932571335", actual="6723183417")
    assert found.program.str.startswith("PROGRAM PENUNJANG").any()


@needs(2, 3)
def test_tw3_lkjip_pagu_shows_the_programs_pagu():
    found = _find("pagu_changed", quarter=3, previous_quarter=2, actual="6932571335")
    found = found[found.indikator.str.contains("LKjIP")]
    assert list(found.severity) == ["warning"]  # the total did not change: not a revision


@needs(2, 3, 4)
def test_budgets_that_add_up_in_the_real_reports_are_quiet():
    # The transcription notes verified every sum of kegiatan, program and total and every
    # capaian pagu of TW II-IV by hand; sasaran rows are checked below.
    findings, rows = real_findings()
    later = findings[findings.quarter >= 2]
    later = later[~later.row_id.isin(rows.loc[rows.level == "sasaran", "row_id"])]
    assert later[later.rule.isin(["sum_mismatch", "total_mismatch", "capaian_pagu_mismatch"])].empty


@needs(1, 2, 3, 4)
def test_sasaran_budgets_against_their_programs():
    # The RB row prints the OPD total over its one program (PENUNJANG) in TW I, II and IV; in TW IV
    # Indeks KLA and APE print one program's budget where their four programs add up to 1,932,525,500.
    found = _find("sum_mismatch", field="target_pagu")
    _, rows = real_findings()
    found = found[found.row_id.isin(rows.loc[rows.level == "sasaran", "row_id"])]
    assert sorted(zip(found.quarter, found.indikator.str[:14], found.expected, found.actual)) == [
        (1, "Capaian penila", "6932571335", "9756893547"),
        (2, "Capaian penila", "6932571335", "15904466547"),
        (4, "Capaian penila", "6723183417", "16120078629"),
        (4, "Indeks APE", "1932525500", "706875500"),
        (4, "Indeks KLA", "1932525500", "330000000"),
    ]


@needs(1, 2, 3)
def test_rasio_kdrt_tw2_capaian_checked_with_the_target_printed_in_tw1():
    found = _find("capaian_kinerja_mismatch", quarter=2)
    found = found[found.indikator.str.startswith("Rasio KDRT")]
    assert list(zip(found.expected, found.actual)) == [("172.00", "173.33")]
    assert "0,0045" in found.iloc[0].message


@needs(1, 2, 3, 4)
def test_budgets_that_appear_and_disappear():
    added = _find("pagu_added")
    assert set(added.quarter) == {2, 4} and len(added[added.quarter == 2]) == 23
    removed = _find("pagu_removed")
    assert sorted(zip(removed.quarter, removed.expected)) == [(3, "15904466547"), (4, "5050000")]


@needs(2, 3, 4)
def test_real_findings_are_complete_and_unique():
    findings, _ = real_findings()
    assert findings.finding_id.is_unique
    assert (findings.message != "").all() and (findings.source_file != "").all()
