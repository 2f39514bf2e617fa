"""What some tests need of the machine, and the one way they skip when it is missing.

A test that cannot run here for lack of a capability skips with a reason that starts
``needs <capability>:`` (``requires`` or ``require``, below). A stranger's clone passes with those
skips listed (``make test`` prints them); CI installs every capability (.ci/run) and fails when a
test skipped for one it has, or skipped for any other reason (tests/conftest.py lists the skips).
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real" / "tangsel-2023"
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")


@cache
def _tesseract() -> str:
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng)"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    missing = [lang for lang in ("ind", "eng") if lang not in langs]
    return f"tesseract lacks {missing} (apt-get install tesseract-ocr-ind tesseract-ocr-eng)" if missing else ""


@cache
def _ipv6_loopback() -> str:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError as error:
        return f"this machine cannot bind the IPv6 loopback ::1 ({error.strerror or error})"
    return ""


# capability -> why it is missing here ("" when present)
CHECKS = {
    "chromium": lambda: "" if CHROMIUM else "Chromium is not installed (apt-get install -y chromium; .ci/run does it)",
    "tesseract": _tesseract,
    "libreoffice": lambda: "" if shutil.which("soffice") or shutil.which("libreoffice") else
    "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
    "real-reports": lambda: "" if REAL.is_dir() else f"the real reports are not here: {REAL} is absent (never committed)",
    "ipv6": _ipv6_loopback,
    "dask": lambda: "" if importlib.util.find_spec("distributed") else "the dask extra is not installed (pip install -e '.[dask]')",
}


def missing(capability: str) -> str:
    """Why the capability is missing here, or "" when it is present."""
    return CHECKS[capability]()


def reason(capability: str) -> str:
    return f"needs {capability}: {missing(capability)}"


def requires(capability: str) -> pytest.MarkDecorator:
    """A mark: skip the test (or module, as `pytestmark`) when the capability is missing."""
    return pytest.mark.skipif(bool(missing(capability)), reason=reason(capability))


def require(capability: str) -> None:
    """Inside a test: skip it when the capability is missing."""
    if missing(capability):
        pytest.skip(reason(capability))
