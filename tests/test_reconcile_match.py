"""Targeted cases of reconcile.match_rows: each test names the drift it pins down."""

from __future__ import annotations

import pandas as pd
import pytest

from rekon.reconcile import match_rows, read_overrides, write_outputs
from bench.matching import ROW_COLUMNS
from rekon.reconcile.normalise import normalise, squash
from rekon.reconcile.panel import PANEL_COLUMNS

PROGRAM = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA"
KEGIATAN = "Administrasi Umum Perangkat Daerah"
SUB_A = "Penyediaan Bahan Logistik Kantor"
SUB_B = "Penyediaan Jasa Surat Menyurat"


def row(level="sub_kegiatan", sub=SUB_A, indikator="", satuan="Bulan", kegiatan=KEGIATAN, program=PROGRAM, **extra):
    return {"level": level, "program": program, "kegiatan": kegiatan if level in ("kegiatan", "sub_kegiatan") else "",
            "sub_kegiatan": sub if level == "sub_kegiatan" else "", "indikator": indikator, "satuan": satuan, **extra}


BASE = [
    row("program", indikator="Indeks Kepuasan Pelayanan Kesekretariatan", satuan="Persen"),
    row("kegiatan", indikator="Persentase tingkat ketersediaan pelayanan administrasi umum PD", satuan="Persen"),
    row(indikator="Jumlah bulan penyediaan Makanan dan Minuman rapat"),
    row(indikator="Jumlah Data dan Informasi Keluarga yang Tersedia", satuan="Dokumen"),
    row(sub=SUB_B, indikator="Jumlah bulan penyediaan jasa surat menyurat"),
    row("total", indikator="TOTAL", satuan="", program="", kegiatan=""),
]


def quarters(*per_quarter: list[dict], opd="DP3AKB", year="2022") -> pd.DataFrame:
    """rows.csv-like frame: one list of row specs per quarter, quarter numbers from 1 (None skips)."""
    records = []
    for quarter, specs in enumerate(per_quarter, start=1):
        for n, spec in enumerate(specs or [], start=1):
            record = {c: "" for c in ROW_COLUMNS}
            record.update(spec)
            record.update(row_id=f"{opd}-{year}-tw{quarter}:p1:r{n}", opd=opd, year=year, quarter=str(quarter))
            records.append(record)
    return pd.DataFrame(records, columns=ROW_COLUMNS)


def chain_of(result, row_id: str) -> pd.Series:
    hits = result.panel[(result.panel[[f"row_id_q{q}" for q in (1, 2, 3, 4)]] == row_id).any(axis=1)]
    assert len(hits) == 1, f"{row_id} in {len(hits)} chains"
    return hits.iloc[0]


def changed(specs: list[dict], index: int, **change) -> list[dict]:
    copy = [dict(s) for s in specs]
    copy[index].update(change)
    return copy


def test_identical_quarters_give_one_matched_chain_per_indicator():
    result = match_rows(quarters(BASE, BASE, BASE, BASE))
    assert list(result.panel.columns) == PANEL_COLUMNS
    assert len(result.panel) == len(BASE)
    assert set(result.panel["status"]) == {"matched"}
    assert result.review.empty


def test_normalise_ignores_case_punctuation_and_wrapping():
    assert normalise("Persentase  Kelompok,\nKegiatan") == "persentase kelompok kegiatan"
    assert squash("Laporan KeuanganBulanan") == squash("Laporan Keuangan Bulanan")


@pytest.mark.parametrize(
    "drifted",
    [
        "Jumlah Data dan Informai Keluarga yang Tersedia",  # typo
        "Jumlah Data dan Informasi Keluarga yang Tersedi",  # truncation
        "Jumlah Data danInformasi Keluarga yang Ter sedia",  # rewrapped: glued and split words
        "Jumlah Data dan Informasi Keluarga KB yang Tersedia",  # added word
    ],
)
def test_drifted_indicator_text_is_still_linked_and_accepted(drifted):
    rows = quarters(BASE, changed(BASE, 3, indikator=drifted))
    result = match_rows(rows)
    chain = chain_of(result, rows.row_id[3])
    assert chain["row_id_q2"] == rows.row_id[len(BASE) + 3]
    assert chain["status"] == "partial"  # only two quarters given, both links accepted


def test_dropped_indicator_is_a_gap_not_a_forced_match_and_chains_across_it():
    q2 = [s for i, s in enumerate(BASE) if i != 3]
    rows = quarters(BASE, q2, BASE)
    result = match_rows(rows)
    chain = chain_of(result, rows.row_id[3])
    assert chain["row_id_q2"] == ""
    assert chain["row_id_q3"] == rows.row_id[len(BASE) + len(q2) + 3]
    assert len(result.panel) == len(BASE)


def test_new_indicator_is_not_forced_onto_an_old_one():
    q2 = BASE + [row(indikator="Jumlah peserta rapat koordinasi perangkat daerah", satuan="Orang")]
    rows = quarters(BASE, q2)
    result = match_rows(rows)
    new = chain_of(result, rows.row_id.iloc[-1])
    assert new["row_id_q1"] == ""
    assert len(result.panel) == len(BASE) + 1


def test_same_indicator_text_under_two_items_follows_its_item():
    text = "Jumlah laporan yang disusun"
    q1 = BASE + [row(sub=SUB_A, indikator=text, satuan="Dok"), row(sub=SUB_B, indikator=text, satuan="Dok")]
    q2 = BASE + [row(sub=SUB_B, indikator=text, satuan="Dok"), row(sub=SUB_A, indikator=text, satuan="Dok")]
    rows = quarters(q1, q2)
    result = match_rows(rows)
    n = len(q1)
    assert chain_of(result, rows.row_id[n - 2])["row_id_q2"] == rows.row_id[n + n - 1]
    assert chain_of(result, rows.row_id[n - 1])["row_id_q2"] == rows.row_id[n + n - 2]


def test_a_quarter_missing_from_the_input_links_its_neighbours():
    rows = quarters(BASE, None, BASE, BASE)
    result = match_rows(rows)
    assert len(result.panel) == len(BASE)
    assert (result.panel["row_id_q2"] == "").all()
    assert set(result.panel["status"]) == {"partial"}


def test_total_rows_always_link():
    q2 = changed(BASE, 5, indikator="RATA-RATA CAPAIAN KINERJA")
    rows = quarters(BASE, q2)
    chain = chain_of(match_rows(rows), rows.row_id[5])
    assert chain["row_id_q2"] == rows.row_id[len(BASE) + 5]


def test_twins_told_apart_by_one_short_word():
    twins = [row(indikator=f"Jumlah kelompok yang mendapat biaya operasional kegiatan {w}", satuan="Kelompok") for w in ("BKB", "BKR", "BKL")]
    q2 = [twins[2], twins[0], twins[1]]
    rows = quarters(twins, q2)
    result = match_rows(rows)
    for i, expected in ((0, 4), (1, 5), (2, 3)):
        assert chain_of(result, rows.row_id[i])["row_id_q2"] == rows.row_id[expected]


def test_doubtful_link_goes_to_review_with_runner_ups_and_parts():
    q2 = changed(BASE, 3, indikator="Jumlah Data Keluarga")
    rows = quarters(BASE, q2)
    result = match_rows(rows, accept=95, minimum=50)
    assert len(result.review) >= 1
    line = result.review[result.review["row_id_a"] == rows.row_id[3]].iloc[0]
    assert line["row_id_b"] == rows.row_id[len(BASE) + 3]
    assert line["runner_up_1_row_id"] != ""
    assert {"score_indikator", "score_item", "score_words"} <= set(result.review.columns)
    assert chain_of(result, rows.row_id[3])["status"] == "review"


def test_below_minimum_no_link():
    q2 = changed(BASE, 3, indikator="Persentase anak yang mendapat imunisasi", satuan="Persen")
    rows = quarters(BASE, q2)
    result = match_rows(rows, accept=90, minimum=85)
    assert chain_of(result, rows.row_id[3])["row_id_q2"] == ""


def test_overrides_same_different_and_stale():
    rows = quarters(BASE, BASE)
    a, b = rows.row_id[2], rows.row_id[len(BASE) + 2]
    other = rows.row_id[len(BASE) + 3]
    overrides = pd.DataFrame(
        [[rows.row_id[3], b, "different"], [a, other, "same"], ["gone:p9:r9", b, "same"]],
        columns=["row_id_a", "row_id_b", "decision"],
    )
    result = match_rows(rows, overrides)
    assert chain_of(result, a)["row_id_q2"] == other  # forced
    assert chain_of(result, rows.row_id[3])["row_id_q2"] != b  # forbidden
    assert [u.row_id_a for u in result.unused_overrides] == ["gone:p9:r9"]
    assert "gone:p9:r9" in result.unused_overrides[0].reason


def test_only_rows_of_the_same_opd_and_year_are_linked():
    rows = pd.concat([quarters(BASE, BASE, opd="A"), quarters(BASE, BASE, opd="B")], ignore_index=True)
    result = match_rows(rows)
    assert len(result.panel) == 2 * len(BASE)
    for chain in result.panel.itertuples():
        assert chain.row_id_q1.split("-")[0] == chain.row_id_q2.split("-")[0]


def test_indicator_key_is_stable_and_unique():
    rows = quarters(BASE + [BASE[2]], BASE + [BASE[2]])
    first, second = match_rows(rows).panel, match_rows(rows.copy()).panel
    assert first["indicator_key"].tolist() == second["indicator_key"].tolist()
    assert first["indicator_key"].is_unique


def test_write_outputs_writes_both_files_atomically(tmp_path):
    result = match_rows(quarters(BASE, changed(BASE, 3, indikator="Jumlah Data Keluarga")), accept=95, minimum=50)
    written = write_outputs(result, tmp_path / "out")
    panel = pd.read_csv(written["panel"], dtype=str, keep_default_na=False)
    assert list(panel.columns) == PANEL_COLUMNS and len(panel) == len(result.panel)
    assert (tmp_path / "out" / "review.csv").exists()
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_read_overrides_of_absent_file_is_empty(tmp_path):
    assert read_overrides(tmp_path / "none.csv").empty


def test_an_item_read_at_another_level_in_one_quarter_is_linked_for_review_with_its_runner_ups():
    """TW II reads SUB_B as a kegiatan (weak evidence told it): the same indicator is linked across
    the two levels, never surely: the link waits in review.csv with the runner-ups of TW II."""
    relevelled = [dict(r) for r in BASE]
    relevelled[4] = row("kegiatan", kegiatan=SUB_B, indikator="Jumlah bulan penyediaan jasa surat menyurat")
    result = match_rows(quarters(BASE, relevelled))
    tw1, tw2 = "DP3AKB-2022-tw1:p1:r5", "DP3AKB-2022-tw2:p1:r5"
    chain = chain_of(result, tw1)
    assert chain["row_id_q2"] == tw2 and chain["status"] == "review"
    review = result.review[result.review["row_id_a"] == tw1]
    assert list(review["row_id_b"]) == [tw2] and review["runner_up_1_row_id"].iloc[0] != ""
    assert not result.links[result.links["row_id_a"] == tw1]["accepted"].iloc[0]


def test_a_pagu_shared_by_an_items_indicators_says_which_item_not_which_indicator():
    # TW III prints one indicator under the sub kegiatan (its text misprinted, as the sample's TW III
    # does), TW IV two, under one merged budget cell. The same target says which of the two it is;
    # the shared pagu is the item's and must not pull the link to the indicator whose words read closer.
    sub = "Pengolahan dan Pelaporan Data Pengendalian Lapangan dan Pelayanan KB"
    before = [row(sub=sub, indikator="Jumlah peserta bimtek F/II/KB di Faskes Pemerintah dan Swasta", satuan="Faskes",
                  target_kinerja="6", target_pagu="88800000")]
    after = [row(sub=sub, indikator="Jumlah Dokumen Pengolahan dan Pelaporan Data Pengendalian Lapangan dan Pelayanan KB",
                 satuan="Dokumen", target_kinerja="6", target_pagu="88800000"),
             row(sub=sub, indikator="Jumlah peserta sosialisasi pencegahan perkawinan anak", satuan="Orang",
                 target_kinerja="40", target_pagu="88800000")]
    result = match_rows(quarters(None, None, before, after))
    chain = chain_of(result, "DP3AKB-2022-tw3:p1:r1")
    assert chain["row_id_q4"] == "DP3AKB-2022-tw4:p1:r1"
    assert chain_of(result, "DP3AKB-2022-tw4:p1:r2")["row_id_q3"] == ""  # the added indicator stands alone
