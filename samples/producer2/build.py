"""`make samples2`: render the four sample sources in each style of the second producer.

    python -m samples.producer2.build [QUARTER...]

The PDFs go to data/producer2/<style>/; their ground truth is data/source/twN.csv, as for
the LibreOffice samples (samples.truth.truth_rows).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from samples.producer2.render import STYLES, YEAR, render
from samples.source import read_source
from samples.truth import truth_rows

DATA = Path(__file__).resolve().parent.parent.parent / "data"
QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Producer2Sample:
    quarter: int
    style: str

    @property
    def source(self) -> Path:
        return DATA / "source" / f"tw{self.quarter}.csv"

    @property
    def stem(self) -> str:
        return f"dp3akb-serang-{YEAR}-tw{self.quarter}-{self.style.replace('_', '-')}"

    @property
    def pdf(self) -> Path:
        return DATA / "producer2" / self.style / f"{self.stem}.pdf"

    def truth(self) -> pd.DataFrame:
        """What a perfect extractor returns for this PDF: the same as for the LibreOffice samples."""
        return truth_rows(read_source(self.source))


def all_samples() -> list[Producer2Sample]:
    return [Producer2Sample(q, style) for style in STYLES for q in QUARTERS]


def build(sample: Producer2Sample, out: Path | None = None) -> Path:
    """Render one sample to data/producer2/ (or to `out`, for a check that must not touch data/)."""
    return render(read_source(sample.source), sample.quarter, out or sample.pdf, style=sample.style)


def main(argv: list[str]) -> None:
    quarters = {int(q) for q in argv} or set(QUARTERS)
    for sample in all_samples():
        if sample.quarter in quarters:
            print(build(sample).relative_to(DATA.parent))


if __name__ == "__main__":
    main(sys.argv[1:])
