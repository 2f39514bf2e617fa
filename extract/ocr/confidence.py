"""When a value read by OCR is too doubtful to be written as a number.

Tesseract's word confidence is 0-100. A value cell whose lowest word
confidence is below the threshold is not written to rows.csv: it goes to
problems.csv with its text and confidence, for a person to read off the scan.
The threshold is set from `make bench` (bench/ocr.py): at 300 dpi no value
cell read above it was wrong on the samples.
"""

from __future__ import annotations

LOW_CONFIDENCE = 90.0


def is_doubtful(confidence: float, threshold: float = LOW_CONFIDENCE) -> bool:
    """Whether an OCR confidence is too low to trust; -1 (a text layer) is never doubtful."""
    return 0 <= confidence < threshold


def describe(field: str, text: str, confidence: float) -> str:
    """`field=text (confidence)`, as rows.csv lists its doubtful cells."""
    return f"{field}={' '.join(text.split())} ({confidence:.0f})"
