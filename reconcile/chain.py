"""Chains: the rows of one indicator across the quarters, following links from row to row."""

from __future__ import annotations

from dataclasses import dataclass

from rekon.reconcile.link import Link


@dataclass
class Chain:
    row_ids: dict[int, str]  # quarter -> row_id
    links: list[Link]  # in quarter order

    @property
    def first_row_id(self) -> str:
        return self.row_ids[min(self.row_ids)]


def build_chains(quarter_of: dict[str, int], links: list[Link]) -> list[Chain]:
    """One chain per head (a row with no incoming link), heads in the order of ``quarter_of``.

    Every row belongs to exactly one chain: links are one-to-one, so each row has at most one
    successor and one predecessor."""
    outgoing = {link.row_id_a: link for link in links}
    incoming = {link.row_id_b for link in links}
    chains = []
    for head in quarter_of:
        if head in incoming:
            continue
        chain = Chain(row_ids={quarter_of[head]: head}, links=[])
        current = head
        while (link := outgoing.get(current)) is not None:
            chain.links.append(link)
            current = link.row_id_b
            chain.row_ids[quarter_of[current]] = current
        chains.append(chain)
    return chains
