"""Turn workbooks into PDFs with LibreOffice headless, as the agencies' Excel exports are made."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class LibreOfficeMissing(RuntimeError):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise LibreOfficeMissing(
            "LibreOffice is needed to render the samples: apt-get install libreoffice-calc-nogui"
        )
    return found


def workbooks_to_pdf(workbooks: list[Path], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    # A profile of our own: a user's running LibreOffice or a stale lock must not interfere.
    with tempfile.TemporaryDirectory(prefix="rekon-lo-") as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, workbooks),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return [out_dir / (book.stem + ".pdf") for book in workbooks]
