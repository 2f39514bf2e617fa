"""Rows of the quarterly reports -> one chain per indicator across TW I-IV (the panel)."""

from rekon.reconcile.files import read_overrides, read_rows, write_outputs
from rekon.reconcile.match import MatchResult, match_rows
from rekon.reconcile.overrides import UnusedOverride
from rekon.reconcile.match_settings import DEFAULT_ACCEPT, DEFAULT_MINIMUM, MatchSettings, Weights

__all__ = [
    "DEFAULT_ACCEPT", "DEFAULT_MINIMUM", "MatchResult", "MatchSettings", "UnusedOverride", "Weights",
    "match_rows", "read_overrides", "read_rows", "write_outputs",
]
