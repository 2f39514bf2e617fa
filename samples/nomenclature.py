"""Trim the national nomenclature in ../shared/nomenclature/ into data/nomenclature/names.csv.gz.

rekon needs only the codes and names of programs, kegiatan and sub kegiatan (the level and the
parent follow from the shape of the code), official names and the other wordings found for them.
Run from the repository root: `python -m samples.nomenclature [SHARED_DIR]`.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

LEVELS = ("program", "kegiatan", "sub_kegiatan")
TARGET = Path(__file__).resolve().parent.parent / "data" / "nomenclature" / "names.csv.gz"


def build(shared: Path, target: Path = TARGET) -> int:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kode", "nama", "official"])
    count = 0
    for name, official in (("nomenclature.csv", 1), ("name_variants.csv", 0)):
        with open(shared / name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["level"] in LEVELS:
                    writer.writerow([row["kode"], row["nama"], official])
                    count += 1
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(target, "wb", compresslevel=9, mtime=0) as handle:
        handle.write(out.getvalue().encode("utf-8"))
    return count


if __name__ == "__main__":
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "nomenclature"
    print(f"{build(shared)} names -> {TARGET}")
