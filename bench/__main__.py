"""`make bench`: extraction speed and accuracy, then matching precision and recall."""

from __future__ import annotations

import platform
import sys

import pandas as pd


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 3
    pd.set_option("display.width", 200)
    print(f"machine: {platform.machine()}, {platform.processor() or ''} python {platform.python_version()}")
    from bench import extraction

    print("\n== Extraction (4 sample PDFs)")
    print(extraction.run(runs).to_string(index=False))


if __name__ == "__main__":
    main(sys.argv[1:])
