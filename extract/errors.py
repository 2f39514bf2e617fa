"""File-level failures: what is wrong with a file, as a problem code and a detail; and what is not.

An exception while a file is read is the file's problem only when it comes from
what reads the file's bytes: a PDF library's own exception types (PDFium,
pdfminer and pdfplumber over it, pikepdf), or any exception raised inside those
libraries' code (pdfminer raises bare TypeError or KeyError on a hostile file),
Tesseract's, and running out of memory or stack on a hostile file. Anything
else was raised by rekon's own code: a defect, said as such (exit 4), never
blamed on the file.
"""

from __future__ import annotations

import traceback
from functools import cache
from pathlib import Path


class ExtractError(Exception):
    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class RekonDefect(RuntimeError):
    """An exception of rekon's own code (not of the file): `trace` is its traceback, for --debug."""

    def __init__(self, summary: str, trace: str = ""):
        super().__init__(summary)
        self.trace = trace


def sniff(path: Path) -> None:
    """Refuse what is plainly not a PDF before any parser sees it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise ExtractError("not_found") from None
    except IsADirectoryError:
        raise ExtractError("not_found") from None
    except OSError as error:
        raise ExtractError("unreadable_file", error.strerror or str(error)) from None
    if not head:
        raise ExtractError("empty_file")
    if b"%PDF-" not in head:
        raise ExtractError("not_pdf")


# The packages that read a file's bytes (PDF parsers, Tesseract's wrapper): an exception raised in
# their code is about the file.
FILE_READERS = ("pypdfium2", "pypdfium2_raw", "pdfminer", "pdfplumber", "pikepdf", "camelot", "pytesseract")

# PDFium's load error codes (FPDF_ERR_*): 4 is a password; 3 (format) and 2 (file) are damage.
_PDFIUM_PASSWORD = 4
# Messages of a process whose address space is capped (--max-memory-mb): a library that cannot map
# or allocate says so in words, not by MemoryError. Only ever read off the file readers' own errors.
_OUT_OF_MEMORY = ("failed to map segment", "cannot allocate memory", "out of memory")


@cache
def _reader_exception_types() -> tuple[type[BaseException], ...]:
    """The file readers' own exception types (those installed)."""
    types: list[type[BaseException]] = []
    for module, names in (
        ("pypdfium2", ("PdfiumError",)),
        ("pdfminer.psexceptions", ("PSException",)),  # PDFSyntaxError, PDFEncryptionError, PSEOF ... all derive from it
        ("pdfplumber.utils.exceptions", ("MalformedPDFException", "PdfminerException")),
        ("pikepdf", ("PdfError", "PasswordError")),
        ("pytesseract", ("TesseractError",)),
    ):
        try:
            imported = __import__(module, fromlist=list(names))
        except ImportError:
            continue
        types += [getattr(imported, name) for name in names if hasattr(imported, name)]
    return tuple(types)


def raised_in_file_reader(error: BaseException) -> bool:
    """Whether the innermost frame of rekon's or a file reader's code in the traceback is a file reader's.

    Frames of other code (the standard library, numpy, babel) are passed over: pdfminer's
    ascii85 decoding fails inside `base64` on hostile bytes, rekon's number parsing inside babel.
    """
    for frame, _ in reversed(list(traceback.walk_tb(error.__traceback__))):
        package = str(frame.f_globals.get("__name__", "")).split(".")[0]
        if package in FILE_READERS:
            return True
        if package == "rekon":
            return False
    return False


def is_file_problem(error: BaseException) -> bool:
    """Whether an exception met while reading a file is that file's problem (else it is rekon's own)."""
    if isinstance(error, (MemoryError, RecursionError, *_reader_exception_types())):
        return True
    return raised_in_file_reader(error)


def classify_open_error(error: BaseException) -> tuple[str, str]:
    """The problem code (memory, encrypted, corrupt) and detail of an exception that is the file's problem."""
    name = type(error).__name__
    text = str(error) or name
    if isinstance(error, MemoryError) or any(words in text.lower() for words in _OUT_OF_MEMORY):
        return "memory", ""
    if _is_password_error(error):
        return "encrypted", ""
    return "corrupt", f"{name}: {text}"[:200]


def _is_password_error(error: BaseException) -> bool:
    """A password is asked for: PDFium's load code, pdfminer's or pikepdf's own types (pdfplumber wraps pdfminer's)."""
    if getattr(error, "err_code", None) == _PDFIUM_PASSWORD and type(error).__name__ == "PdfiumError":
        return True
    chain = [error, error.__cause__, error.__context__, *(a for a in getattr(error, "args", ()) if isinstance(a, BaseException))]
    for item in chain:
        if item is None:
            continue
        module = type(item).__module__
        if module.startswith("pdfminer") and any(base.__name__ == "PDFEncryptionError" for base in type(item).__mro__):
            return True
        if module.startswith("pikepdf") and type(item).__name__ == "PasswordError":
            return True
    return False


def defect_of(error: BaseException) -> RekonDefect:
    """A rekon defect from an exception of its own code, with the traceback for --debug."""
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return RekonDefect(f"{type(error).__name__}: {error}", trace)
