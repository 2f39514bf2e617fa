"""Tesseract, called through pytesseract: words with their boxes and confidences.

Tesseract is used directly rather than through OCRmyPDF: rekon needs each
word's confidence (TSV output), and the page image itself for its rulings;
OCRmyPDF would write an invisible text layer that keeps neither. Tesseract's
own threads are limited to one, since rekon already runs one file per core.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rekon.extract.errors import ExtractError

LANGUAGES = ("ind", "eng")
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng"


@dataclass(frozen=True, slots=True)
class Word:
    """One word Tesseract read, in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0-100
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line): words of one text line

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@lru_cache(maxsize=1)
def _missing() -> str:
    """What is missing for OCR ('' when nothing is), as the names of what to install."""
    try:
        import pytesseract
    except ImportError:
        return "pytesseract (pip install pytesseract)"
    try:
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        return f"tesseract ({INSTALL_HINT})"
    absent = [lang for lang in LANGUAGES if lang not in languages]
    if absent:
        return f"tesseract {'+'.join(absent)} ({' '.join(f'tesseract-ocr-{lang}' for lang in absent)})"
    return ""


def require_tesseract() -> None:
    """Raise the file's `ocr_missing` error, saying what to install, when OCR cannot run here."""
    missing = _missing()
    if missing:
        raise ExtractError("ocr_missing", missing)


def _environment() -> None:
    # Tesseract's OpenMP threads fight rekon's own worker processes for the cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def read_words(image: np.ndarray, psm: int = 6, whitelist: str = "", languages: tuple[str, ...] = LANGUAGES) -> list[Word]:
    """Every non-empty word of a greyscale image, with its box and confidence."""
    import pytesseract

    _environment()
    # No report prints a vertical bar: a `|` is an `I` or a ruling's remnant. Nor is any text
    # printed light on dark, so Tesseract need not try each line inverted.
    config = f"--psm {psm} -c preserve_interword_spaces=1 -c tessedit_char_blacklist=| -c tessedit_do_invert=0"
    if whitelist:
        config += f" -c tessedit_char_whitelist={whitelist}"
    data = pytesseract.image_to_data(image, lang="+".join(languages), config=config, output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        confidence = float(data["conf"][i])
        if not text or confidence < 0:
            continue
        words.append(
            Word(
                text,
                int(data["left"][i]),
                int(data["top"][i]),
                int(data["width"][i]),
                int(data["height"][i]),
                confidence,
                (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])),
            )
        )
    return _without_slivers(words)


def _without_slivers(words: list[Word]) -> list[Word]:
    """Letters and digits read from a sliver a fraction of a line high are noise (a ruling's edge).

    Dashes and dots are that flat, so they stay.
    """
    if not words:
        return words
    typical = float(np.median([w.height for w in words if any(c.isalnum() for c in w.text)] or [1]))
    return [w for w in words if w.height >= 0.4 * typical or not any(c.isalnum() for c in w.text)]
