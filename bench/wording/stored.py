"""A generated report and its truth as JSON, for the few PDFs kept in data/wording/.

`make test` reads those PDFs against their stored truth (tests/test_wording_bench.py), so the
tests neither start LibreOffice nor depend on the generator staying the same.
`python -m bench.wording.stored` rewrites data/wording/ (needs LibreOffice).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.wording.bodies import Body
from bench.wording.generate import Column, Head, Report, generate
from bench.wording.render import render

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "wording"
# (family, index, known, producer). Known-vocabulary reports today's rekon reads right (the tests
# assert it), and two with held-out wordings (the tests record how they read).
KEPT = (
    ("quarterly", 3, True, "calc"),
    ("quarterly", 5, True, "reportlab"),
    ("side_by_side", 2, True, "writer"),
    ("side_by_side", 4, True, "writer"),
    ("quarterly", 1, False, "reportlab"),
    ("side_by_side", 5, False, "reportlab"),
)
SEED = 1


def dump(report: Report) -> dict:
    return {
        "family": report.family, "seed": report.seed, "index": report.index, "known": report.known, "layout": report.layout,
        "header_rows": report.header_rows, "titles": report.titles, "convention": report.convention, "paper": report.paper,
        "font_size": report.font_size, "year": report.year, "quarter": report.quarter,
        "heads": [[h.text, h.row, h.col, h.rowspan, h.colspan, list(h.words)] for h in report.heads],
        "columns": [[c.key, c.field, c.quarter, c.numeric, c.width, c.stretch] for c in report.columns],
        "printed": report.body.printed,
        "truth": [{**{k: v for k, v in t.items() if k != "values"}, "values": {f"{f}|{q or ''}": v for (f, q), v in t["values"].items()}}
                  for t in report.body.truth],
    }


def load(data: dict) -> Report:
    truth = []
    for t in data["truth"]:
        values = {}
        for key, value in t["values"].items():
            name, _, quarter = key.partition("|")
            values[(name, int(quarter) if quarter else None)] = value
        truth.append({**t, "values": values})
    report = Report(
        data["family"], data["seed"], data["index"], data["layout"],
        [Head(text, row, col, rowspan, colspan, tuple(words)) for text, row, col, rowspan, colspan, words in data["heads"]],
        data["header_rows"], [Column(*c) for c in data["columns"]], data["titles"], Body(data["printed"], truth),
        data["convention"], data["paper"], data["font_size"], data["year"], data["quarter"],
    )
    report.known = data["known"]
    return report


def kept() -> list[tuple[Report, str, Path]]:
    """The kept reports (from their JSON), their producer and PDF."""
    found = []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append((load(data["report"]), data["producer"], DATA / data["pdf"]))
    return found


def write() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rekon-wording-") as work:
        for family, index, known, producer in KEPT:
            report = generate(family, SEED, index, known)
            done, failed = render([report], producer, Path(work))
            if failed:
                raise SystemExit(f"{report.stem}: {failed}")
            name = f"{report.stem}-{producer}"
            shutil.copy(done[report.stem], DATA / f"{name}.pdf")
            record = {"producer": producer, "pdf": f"{name}.pdf", "report": dump(report)}
            (DATA / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            print(DATA.relative_to(ROOT) / f"{name}.pdf")


if __name__ == "__main__":
    write() if sys.argv[1:] != ["--check"] else print(len(kept()))
