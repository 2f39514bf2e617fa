"""File-level failures: what is wrong with a file, as a problem code and a detail."""

from __future__ import annotations

from pathlib import Path


class ExtractError(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def sniff(path: Path) -> None:
    """Refuse what is plainly not a PDF before any parser sees it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise ExtractError("crashed", error.strerror or str(error)) from None
    if not head:
        raise ExtractError("empty_file")
    if b"%PDF-" not in head:
        raise ExtractError("not_pdf")


_OUT_OF_MEMORY = ("failed to map segment", "cannot allocate memory", "out of memory")


def classify_open_error(error: BaseException) -> tuple[str, str]:
    name = type(error).__name__
    text = str(error) or name
    if isinstance(error, MemoryError) or any(words in text.lower() for words in _OUT_OF_MEMORY):
        return "memory", ""
    if "Password" in name or "Encrypt" in name or "password" in text.lower() or "encrypt" in text.lower():
        return "encrypted", ""
    return "corrupt", f"{name}: {text}"[:200]
