"""Text as compared: case, punctuation, spacing and line wrapping made irrelevant."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
_UNDERSCORE = re.compile(r"_+")


def normalise(text: str) -> str:
    """Lower case, accents folded, punctuation turned into spaces, runs of spaces collapsed."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub(" ", folded.casefold())
    return " ".join(_UNDERSCORE.sub(" ", words).split())


def squash(text: str) -> str:
    """The normalised text without any space, so that words glued (``danIkhtisar``) or split
    (``Kegia tan``) by wrapping compare equal."""
    return normalise(text).replace(" ", "")
