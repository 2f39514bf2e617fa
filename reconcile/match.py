"""match_rows: rows of the four quarters in, one chain per indicator out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from rekon.reconcile.chain import build_chains
from rekon.reconcile.context import row_context
from rekon.reconcile.link import Link, link_rows
from rekon.reconcile.overrides import UnusedOverride, resolve_overrides
from rekon.reconcile.panel import build_panel, build_review, links_frame
from rekon.reconcile.match_settings import DEFAULT_ACCEPT, DEFAULT_MINIMUM, MatchSettings

REQUIRED_COLUMNS = [
    "row_id", "opd", "year", "quarter", "level", "tujuan", "sasaran",
    "program", "kegiatan", "sub_kegiatan", "indikator", "satuan",
]


@dataclass
class MatchResult:
    panel: pd.DataFrame  # one line per chain, columns panel.PANEL_COLUMNS
    review: pd.DataFrame  # one line per doubtful link, columns panel.review_columns()
    unused_overrides: list[UnusedOverride] = field(default_factory=list)
    links: pd.DataFrame | None = None  # every link with its parts (panel.links_frame)


def match_rows(
    rows: pd.DataFrame,
    overrides: pd.DataFrame | None = None,
    accept: float = DEFAULT_ACCEPT,
    minimum: float = DEFAULT_MINIMUM,
    settings: MatchSettings | None = None,
    by: tuple[str, ...] = ("opd", "year"),
) -> MatchResult:
    """Align each indicator across the quarters, separately for every (opd, year); `by=()` when
    the caller has already grouped the rows (a batch's groups: region, OPD and year, or a folder)."""
    settings = replace(settings or MatchSettings(), accept=accept, minimum=minimum)
    if settings.minimum > settings.accept:
        raise ValueError(f"minimum {settings.minimum} is above accept {settings.accept}")
    missing = [c for c in REQUIRED_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"rows lack the columns {missing}")
    rows = rows.reset_index(drop=True).astype({c: str for c in REQUIRED_COLUMNS})
    duplicated = rows["row_id"][rows["row_id"].duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(f"row_id must be unique; repeated: {duplicated[:5]}")

    context = row_context(rows)
    decisions = resolve_overrides(overrides, rows)
    links: list[Link] = []
    chains = []
    blocks = rows.groupby(list(by), sort=False) if by else [((), rows)]
    for _, block in blocks:
        block_links = link_rows(block, context.loc[block.index], decisions, settings)
        quarter_of = dict(zip(block["row_id"], block["quarter"].astype(int)))
        chains += build_chains(quarter_of, block_links)
        links += block_links
    links.sort(key=lambda l: (l.quarter_a, l.quarter_b, l.row_id_a))
    return MatchResult(
        panel=build_panel(chains, rows),
        review=build_review(links, rows, settings.runner_ups),
        unused_overrides=decisions.unused,
        links=links_frame(links),
    )
