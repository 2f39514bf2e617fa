"""What a file is, independent of its name or folder: the hash of its bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes, hex: the same bytes under any name or folder give the same hash."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
