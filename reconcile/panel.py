"""The tables a person reads: the panel (one line per chain) and the review queue (one line
per doubtful link, with its parts and the runner-up candidates)."""

from __future__ import annotations

import hashlib

import pandas as pd

from rekon.reconcile.chain import Chain
from rekon.reconcile.context import ITEM_COLUMN, PARENT_COLUMNS
from rekon.reconcile.link import Link
from rekon.reconcile.normalise import normalise
from rekon.reconcile.match_settings import COMPONENTS

QUARTERS = (1, 2, 3, 4)
PANEL_COLUMNS = [
    "indicator_key", "level", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "penanggung_jawab",
    *(f"row_id_q{q}" for q in QUARTERS), "score", "status", "kode",
]
MATCHED, REVIEW, PARTIAL = "matched", "review", "partial"


def review_columns(runner_ups: int) -> list[str]:
    columns = ["quarter_a", "row_id_a", "indikator_a", "quarter_b", "row_id_b", "indikator_b", "score"]
    columns += [f"score_{c}" for c in COMPONENTS]
    for n in range(1, runner_ups + 1):
        columns += [f"runner_up_{n}_row_id", f"runner_up_{n}_indikator", f"runner_up_{n}_score"]
    return columns


def chain_status(chain: Chain) -> str:
    if any(not link.accepted for link in chain.links):
        return REVIEW
    return MATCHED if set(chain.row_ids) == set(QUARTERS) else PARTIAL


def indicator_key(row: pd.Series | dict) -> str:
    """Stable id of a chain: a hash of where its first row sits (opd, year, level, item path)
    and what it measures, so the same input always gives the same key."""
    path = [row.get(c, "") for c in (*PARENT_COLUMNS.get(row["level"], ()), ITEM_COLUMN.get(row["level"], ""))]
    # The region (where the title prints it) tells apart same-named agencies of different regions.
    region = [row["region"]] if row.get("region") else []
    parts = [*region, row["opd"], row["year"], row["level"], *path, row["indikator"]]
    text = "\x1f".join(normalise(p) for p in parts if p is not None)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def build_panel(chains: list[Chain], rows: pd.DataFrame) -> pd.DataFrame:
    by_id = dict(zip(rows["row_id"], rows.to_dict("records")))  # row_id is unique (match_rows)
    records, seen = [], {}
    for chain in chains:
        first = by_id[chain.first_row_id]
        key = indicator_key(first)
        seen[key] = seen.get(key, 0) + 1
        record = {
            "indicator_key": key if seen[key] == 1 else f"{key}-{seen[key]}",
            **{c: first[c] for c in ("level", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan")},
            # The unit in charge, where the form prints one (the Renja evaluation form); rows read by an older rekon lack it.
            "penanggung_jawab": first.get("penanggung_jawab", ""),
            **{f"row_id_q{q}": chain.row_ids.get(q, "") for q in QUARTERS},
            "score": min((link.score for link in chain.links), default=float("nan")),
            "status": chain_status(chain),
            "kode": first.get("kode", ""),
        }
        records.append(record)
    return pd.DataFrame.from_records(records, columns=PANEL_COLUMNS)


def build_review(links: list[Link], rows: pd.DataFrame, runner_ups: int) -> pd.DataFrame:
    indikator = dict(zip(rows["row_id"], rows["indikator"]))
    records = []
    for link in links:
        if link.accepted:
            continue
        record = {
            "quarter_a": link.quarter_a, "row_id_a": link.row_id_a, "indikator_a": indikator[link.row_id_a],
            "quarter_b": link.quarter_b, "row_id_b": link.row_id_b, "indikator_b": indikator[link.row_id_b],
            "score": link.score, **link.components,
        }
        for n, (row_id, score) in enumerate(link.runner_ups, start=1):
            record.update({f"runner_up_{n}_row_id": row_id, f"runner_up_{n}_indikator": indikator[row_id], f"runner_up_{n}_score": score})
        records.append(record)
    return pd.DataFrame.from_records(records, columns=review_columns(runner_ups))


def links_frame(links: list[Link]) -> pd.DataFrame:
    """Every link made, accepted or not, with its parts: the full explanation of the panel."""
    columns = ["quarter_a", "row_id_a", "quarter_b", "row_id_b", "score", "accepted", "basis", *(f"score_{c}" for c in COMPONENTS)]
    records = [
        {"quarter_a": l.quarter_a, "row_id_a": l.row_id_a, "quarter_b": l.quarter_b, "row_id_b": l.row_id_b,
         "score": l.score, "accepted": l.accepted, "basis": l.basis, **l.components}
        for l in links
    ]
    return pd.DataFrame.from_records(records, columns=columns)
