"""Atomic writes: a reader (or Excel) never sees half a report."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rekon.extract.output import file_mode


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temp_path)` on a temporary file next to `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temp))
        os.chmod(temp, file_mode())  # mkstemp makes it private; a report takes the user's umask like any file
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
