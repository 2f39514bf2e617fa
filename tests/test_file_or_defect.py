"""What is wrong with a file, and what is rekon's own defect (extract/errors.py), on its own and
fast: the PDF libraries' exceptions on real damaged and locked files, the traceback rule, the
problem codes. tests/test_rekon_errors.py runs a defect through the CLI."""

from __future__ import annotations

import json

import pdfminer.pdfdocument
import pytest

from rekon.extract.errors import ExtractError, classify_open_error, defect_of, is_file_problem, sniff
from tests import badfiles

# A file reader's code calling back into rekon's (pdfplumber's page.filter does), and rekon's code
# calling a file reader's: module globals name the package each frame belongs to.
READER, REKON = {"__name__": "pdfminer.callbacks"}, {"__name__": "rekon.extract.callbacks"}
exec("def call(function, *args):\n    return function(*args)\n", READER)
exec("def call(function, *args):\n    return function(*args)\n\ndef slip():\n    return [][1]\n", REKON)


def _raised(function, *args) -> BaseException:
    with pytest.raises(Exception) as caught:
        function(*args)
    return caught.value


def test_what_the_pdf_libraries_raise_stays_the_files_problem(tmp_path):
    import pdfminer.ascii85
    import pdfminer.psparser
    import pdfminer.runlength
    import pypdfium2 as pdfium

    damaged = badfiles.truncated(tmp_path / "cut.pdf", 0.5)
    with pytest.raises(pdfium.PdfiumError) as pdfium_error:
        pdfium.PdfDocument(str(damaged))
    assert is_file_problem(pdfium_error.value) and classify_open_error(pdfium_error.value)[0] == "corrupt"
    locked = badfiles.encrypted(tmp_path / "locked.pdf")
    with pytest.raises(pdfium.PdfiumError) as password:
        pdfium.PdfDocument(str(locked))
    assert is_file_problem(password.value) and classify_open_error(password.value)[0] == "encrypted"
    # pdfminer raises bare Python exceptions on hostile streams, in its own code or in the standard
    # library under it (a RunLength stream cut short, an ASCII85 stream with a byte out of range): the file's.
    for decode, stream in ((pdfminer.runlength.rldecode, b"\x05"), (pdfminer.ascii85.ascii85decode, b"<~\xff\xff~>")):
        with pytest.raises(Exception) as inside:
            decode(stream)
        assert not isinstance(inside.value, pdfminer.psparser.PSException)
        assert is_file_problem(inside.value), decode
    # The same kinds of exception raised by rekon's own code are not.
    for error in (IndexError("list index out of range"), TypeError("x"), KeyError("y")):
        try:
            raise error
        except Exception as raised:  # noqa: BLE001
            assert not is_file_problem(raised)
    assert is_file_problem(MemoryError()) and is_file_problem(RecursionError())


def test_the_innermost_frame_of_rekon_or_a_reader_decides():
    assert not is_file_problem(_raised(READER["call"], REKON["slip"]))  # rekon's slip, though a reader called it
    assert is_file_problem(_raised(REKON["call"], READER["call"], json.loads, "{"))  # raised under a reader, in the standard library
    assert not is_file_problem(_raised(REKON["call"], json.loads, "{"))  # the standard library under rekon: rekon's own
    assert not is_file_problem(_raised(json.loads, "{"))  # no frame of either: not blamed on a file


def test_a_locked_file_is_encrypted_whichever_library_says_so(tmp_path):
    import pdfplumber
    import pikepdf

    locked = badfiles.encrypted(tmp_path / "locked.pdf")
    for open_it in (pikepdf.open, pdfplumber.open):
        error = _raised(open_it, locked)
        assert is_file_problem(error) and classify_open_error(error) == ("encrypted", ""), open_it
    # pdfminer's own, raised on its own or as the cause of another error.
    wrong = pdfminer.pdfdocument.PDFPasswordIncorrect()
    assert classify_open_error(wrong) == ("encrypted", "")
    try:
        try:
            raise wrong
        except Exception as inner:
            raise ValueError("while opening") from inner
    except ValueError as outer:
        assert classify_open_error(outer) == ("encrypted", "")


@pytest.mark.parametrize("message", ["mmap: Failed to map segment from shared object", "Cannot allocate memory", "PDFium: out of memory"])
def test_a_library_out_of_memory_is_said_so(message):
    assert classify_open_error(OSError(message)) == ("memory", "")
    assert classify_open_error(MemoryError()) == ("memory", "")


def test_a_damaged_file_is_named_with_its_exception_in_one_short_detail():
    code, detail = classify_open_error(pdfminer.pdfdocument.PDFSyntaxError("No /Root object! " + "x" * 400))
    assert code == "corrupt" and detail.startswith("PDFSyntaxError: No /Root object!") and len(detail) == 200
    assert classify_open_error(KeyError()) == ("corrupt", "KeyError: KeyError")  # no message: its type names it


def test_what_is_plainly_no_pdf_is_refused_before_any_parser(tmp_path):
    assert _raised(sniff, badfiles.empty(tmp_path / "empty.pdf")).code == "empty_file"
    assert _raised(sniff, badfiles.html_named_pdf(tmp_path / "page.pdf")).code == "not_pdf"
    missing = _raised(sniff, tmp_path / "absent.pdf")
    assert missing.code == "not_found" and str(missing).startswith("not_found")
    late = tmp_path / "late.pdf"
    late.write_bytes(b"\0" * 100 + b"%PDF-1.7\n")  # junk before the header, as some producers write: still a PDF
    sniff(late)
    sniff(badfiles.SAMPLE)
    assert str(ExtractError("not_pdf")) == "not_pdf"


def test_a_defect_keeps_its_type_message_and_traceback():
    defect = defect_of(_raised(REKON["slip"]))
    assert str(defect) == "IndexError: list index out of range"
    assert "Traceback" in defect.trace and "in slip" in defect.trace and defect.trace.rstrip().endswith("IndexError: list index out of range")


def test_a_bare_exception_raised_in_each_file_readers_code_is_the_files(tmp_path):
    import camelot
    import pdfplumber
    import pikepdf
    import pypdfium2
    import pytesseract

    absent = str(tmp_path / "absent.pdf")
    for call in (lambda: pypdfium2.PdfDocument(12345), lambda: pdfplumber.open(absent), lambda: pikepdf.open(12345), lambda: pytesseract.image_to_string(None),
                 lambda: camelot.read_pdf(absent)):
        error = _raised(call)
        assert not isinstance(error, MemoryError) and is_file_problem(error), error


def test_each_readers_own_exception_is_the_files_even_without_its_traceback():
    # An exception that came back from a worker process, or was raised again by rekon, carries no frame of the library.
    import pdfplumber.utils.exceptions as plumber
    import pikepdf
    import pypdfium2
    import pytesseract
    from pdfminer.psexceptions import PSEOF

    for error in (pypdfium2.PdfiumError("Failed to load page."), PSEOF("Unexpected EOF"), plumber.MalformedPDFException("bad"),
                  plumber.PdfminerException("bad"), pikepdf.PdfError("damaged"), pikepdf.PasswordError("locked"),
                  pytesseract.TesseractError(1, "bad image")):
        assert is_file_problem(_raised(REKON["call"], _throw, error)), error


def _throw(error: BaseException):
    raise error


def test_a_locked_file_is_encrypted_when_the_error_came_back_from_a_worker_and_pikepdfs_damage_is_not(tmp_path):
    import pickle

    import pdfplumber
    import pikepdf

    # An exception sent back by a worker process loses its cause and context; pdfplumber keeps pdfminer's in its args.
    returned = pickle.loads(pickle.dumps(_raised(pdfplumber.open, badfiles.encrypted(tmp_path / "locked.pdf"))))
    assert returned.__context__ is None and returned.__cause__ is None
    assert classify_open_error(returned) == ("encrypted", "")
    damaged = _raised(pikepdf.open, badfiles.truncated(tmp_path / "cut.pdf", 0.5))  # pikepdf's, but no password asked
    assert is_file_problem(damaged) and classify_open_error(damaged)[0] == "corrupt"


def test_a_folder_or_a_path_through_a_file_is_refused_with_the_systems_reason(tmp_path):
    import errno
    import os

    assert _raised(sniff, tmp_path).code == "not_found"  # a folder given where a file was meant
    through = _raised(sniff, badfiles.empty(tmp_path / "empty.pdf") / "inner.pdf")  # a path through a file: not a folder
    assert (through.code, through.detail) == ("unreadable_file", os.strerror(errno.ENOTDIR))
    assert str(through) == f"unreadable_file: {os.strerror(errno.ENOTDIR)}"  # the code, then the reason, as the error line says


def test_a_defects_trace_is_pythons_own_traceback():
    trace = defect_of(_raised(REKON["call"], REKON["slip"])).trace.splitlines()
    assert trace[0] == "Traceback (most recent call last):" and trace[1].startswith('  File "')
    assert [line.strip() for line in trace if line.strip().startswith("File")][-1].endswith("in slip")
