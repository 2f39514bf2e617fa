"""What OCR leaves in a text cell that was never printed: a ruling's or a cell edge's stroke read as a character,
and the space lost between a word and the `dan` after it.

Applied to the text fields of rows read by OCR only (a text layer prints what it
prints). A token made of dashes, underscores or bars alone (`—`, `_`, `|`, `~~`)
is a stroke, not a word: names are not written with one standing alone (a value
cell's `-` is another matter and is not touched here). A token that is no word
of the document or of the national nomenclature, but is one such word glued to a
small joining word (`Koordinasidan`, `PERORANGANDAN`), is the two.
"""

from __future__ import annotations

import re

_STROKE = re.compile(r"^(?:[—–_|~=]+|-{2,})$")
_JOINING = ("dan", "yang", "serta", "atau", "untuk")
MIN_HEAD = 4  # letters: a shorter head (`ba` + `dan`) is no word glued to `dan`


def _unglued(token: str, vocabulary: frozenset[str]) -> str:
    plain = token.lower()
    core = plain.rstrip(",.;:")
    if not core.isalpha() or core in vocabulary:
        return token
    for tail in _JOINING:
        head = core[: -len(tail)]
        if core.endswith(tail) and len(head) >= MIN_HEAD and head in vocabulary:
            return f"{token[: len(head)]} {token[len(head):]}"
    return token


def without_debris(text: str, vocabulary: frozenset[str]) -> str:
    """The text without stroke tokens, glued joining words parted; spacing as one line (the text is unwrapped)."""
    return " ".join(_unglued(token, vocabulary) for token in text.split() if not _STROKE.match(token))
