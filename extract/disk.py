"""A full disk is the environment's problem, not rekon's and not the input file's.

Writing an output or the `--resume` cache can fail for want of room: no space left on the
device, a disk quota, or a file-size limit (RLIMIT_FSIZE). Such a failure, wherever it happens
(a worker's cache, the CSVs, the report, the store), stops the run with one line saying so and
what to do; what was already read stays in OUT/.rekon/, so the same command with `--resume`
finishes the run once there is room. It is never reported as a damaged input file nor as a
defect of rekon.
"""

from __future__ import annotations

import errno
import os

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# The same failures as other libraries word them (DuckDB, a worker's one-line report)
_WORDINGS = ("no space left on device", "disk quota exceeded", "file too large", "[errno 28]")


class DiskFull(OSError):
    """An output could not be written for want of room."""


def is_disk_full(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from or while handling, is a full disk."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DiskFull):
            return True
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        if any(words in str(error).lower() for words in _WORDINGS):
            return True
        error = error.__cause__ or error.__context__
    return False


def _wording(error: BaseException | None) -> str:
    """The system's words for the failure (No space left on device, File too large ...)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS and not isinstance(error, DiskFull):
            return os.strerror(error.errno)
        text = str(error).lower()
        found = next((words for words in _WORDINGS[:3] if words in text), None)
        if found:
            return found.capitalize()
        error = error.__cause__ or error.__context__
    return os.strerror(errno.ENOSPC)


def disk_full_message(error: BaseException) -> str:
    """One line, Indonesian and English: what happened and what to do."""
    detail = _wording(error)
    where = f" {error.filename}:" if isinstance(error, OSError) and error.filename else ""
    limit = detail.lower() == "file too large"  # a file-size limit (ulimit -f), not the disk itself
    what_id, what_en = ("batas ukuran berkas tercapai", "file size limit reached") if limit else ("disk penuh", "disk full")
    room_id, room_en = ("naikkan batasnya", "raise the limit") if limit else ("kosongkan ruang disk", "free some space")
    return (
        f"rekon:{where} {what_id}, keluaran tidak dapat ditulis ({detail}); {room_id} lalu jalankan perintah yang sama lagi "
        f"(rekon run/extract: tambahkan --resume untuk menyelesaikannya) / {what_en}, outputs cannot be written; {room_en} and run "
        f"the same command again (rekon run/extract: add --resume to finish the run)"
    )
