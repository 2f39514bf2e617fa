"""Matching settings, declared as data: what is compared, how much each comparison weighs,
and where the thresholds lie. The measurements behind the defaults are in reconcile/README.md."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    """Weight of each comparison in a link's score (they need not sum to 1; the score is the
    weighted mean of the component similarities, each 0-100)."""

    indikator: float = 0.25  # the indicator's own text: the strongest evidence
    # The words the two indicators do not share: sharp where the whole text is not, so that
    # "... kegiatan BKB" and "... kegiatan BKL" (ratio 98) are told apart.
    words: float = 0.20
    item: float = 0.25  # the item the indicator belongs to (its sub kegiatan, kegiatan, program or sasaran)
    parent: float = 0.10  # the items above it: disambiguates the same item name under two parents
    satuan: float = 0.05  # unit: cheap, but separates "Persen" siblings from "Dokumen" ones
    position: float = 0.05  # rank of the indicator within its item: breaks ties between near twins
    # The planned values (pagu, target kinerja) printed the same: evidence for a link, never
    # against one (pagu and targets are revised mid-year), so unequal values score as unknown.
    values: float = 0.10

    def as_dict(self) -> dict[str, float]:
        return {
            "indikator": self.indikator,
            "words": self.words,
            "item": self.item,
            "parent": self.parent,
            "satuan": self.satuan,
            "position": self.position,
            "values": self.values,
        }


COMPONENTS = tuple(Weights().as_dict())

# Defaults of the public API; see README.md for the measurements that justify them.
DEFAULT_ACCEPT = 80.0
DEFAULT_MINIMUM = 60.0


@dataclass(frozen=True)
class MatchSettings:
    accept: float = DEFAULT_ACCEPT  # links scoring at least this are accepted without review
    minimum: float = DEFAULT_MINIMUM  # links scoring below this are not made at all
    weights: Weights = field(default_factory=Weights)
    # A cell empty on one side says nothing about the match (extraction may have lost it):
    # score it halfway rather than as a mismatch.
    unknown_similarity: float = 50.0
    # A link within this many points of another candidate of either row is ambiguous: it goes
    # to review even if its score is above accept.
    margin: float = 3.0
    # A link whose item (sub kegiatan, kegiatan, program, sasaran) disagrees below this is never
    # accepted without review, however well the indicator texts agree: in the TW III sample the
    # indicator texts are printed one row off their items, and the truth follows the item.
    item_floor: float = 70.0
    runner_ups: int = 2  # candidates listed beside each doubtful link in the review queue
    # The structural pass (link.py) links an item's only indicator across quarters when the
    # item and its parents agree at least this well and the planned values are the same.
    structure_item: float = 90.0
