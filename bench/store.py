"""The store's size and the time to load it, query it and export it, for the samples and the real forms.

    python -m bench.store [--runs 5]

Each set is read once by `rekon run --no-store --no-report` (one run per agency and year, as
`make portfolio` does); then, N times each, a fresh store is loaded from those runs' CSVs
(`load_run`), each of the README's five auditor questions is asked (`rekon query`'s
function, which opens the store each time, and again on a connection already open), and the
store is exported to Parquet. Times are medians. The baseline, measured
in the same process, is what an analyst does today: reading the same runs' CSVs with pandas.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from rekon.cli import app
from rekon.store import export_parquet, load_run, open_store, run_query, table_counts

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
CSVS = ("rows.csv", "problems.csv", "panel.csv", "discrepancies.csv")


def sets() -> dict[str, list[list[Path]]]:
    """Each set: its runs, each run the PDFs of one agency and year."""
    found = {"samples (2022 TW I-IV, 2023 TW I)": [[ROOT / "data" / "samples"], [ROOT / "data" / "next_year"]]}
    real = sorted(REAL.glob("*/*.pdf"))
    if real:
        folders = ", ".join(sorted({pdf.parent.name for pdf in real}))
        found[f"real forms ({len(real)} agencies, {folders})"] = [[pdf] for pdf in real]
    return found


def readme_questions() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Five questions an auditor asks, as SQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def _median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name: str, runs_of_set: list[list[Path]], repeats: int, work: Path) -> dict:
    outs = []
    for index, inputs in enumerate(runs_of_set):
        out = work / f"run-{index}"
        result = CliRunner().invoke(app, ["run", *map(str, inputs), "-o", str(out), "--no-store", "--no-report", "--quiet"])
        if result.exit_code not in (0, 3):
            raise RuntimeError(f"{inputs}: exit {result.exit_code}: {result.output[-500:]}")
        outs.append(out)
    counter = iter(range(10**6))

    def load() -> Path:
        store = work / f"store-{next(counter)}.duckdb"
        for out in outs:
            load_run(out, store)
        return store

    def read_csvs() -> None:
        for out in outs:
            for csv in CSVS:
                if (out / csv).exists():
                    pd.read_csv(out / csv, dtype=str, keep_default_na=False)

    load_s = _median_seconds(load, repeats)
    csv_s = _median_seconds(read_csvs, repeats)
    store = load()
    with open_store(store, read_only=True) as con:
        counts = table_counts(con)
    questions = readme_questions()
    query_s = [_median_seconds(lambda sql=sql: run_query(store, sql), repeats) for sql in questions]
    with open_store(store, read_only=True) as con:  # the same questions on a connection already open
        warm_s = [_median_seconds(lambda sql=sql: con.execute(sql).df(), repeats) for sql in questions]
    export_s = _median_seconds(lambda: export_parquet(store, work / "parquet"), repeats)
    parquet_bytes = sum(p.stat().st_size for p in (work / "parquet").rglob("*.parquet"))
    csv_bytes = sum((out / csv).stat().st_size for out in outs for csv in CSVS if (out / csv).exists())
    return {
        "set": name, "runs": len(outs), "files": counts["files"], "rows": counts["rows"], "findings": counts["findings"],
        "CSV bytes": csv_bytes, "store bytes": store.stat().st_size, "Parquet bytes": parquet_bytes,
        "read CSVs, pandas (s)": round(csv_s, 3), "load store (s)": round(load_s, 3),
        "load / read CSVs": round(load_s / csv_s, 1),
        "5 questions, each, opening the store (s)": " / ".join(f"{s:.3f}" for s in query_s),
        "5 questions, each, store open (s)": " / ".join(f"{s:.3f}" for s in warm_s),
        "5 questions / read CSVs": round(sum(query_s) / csv_s, 2),
        "export Parquet (s)": round(export_s, 3),
    }


def run(repeats: int = 5) -> pd.DataFrame:
    lines = []
    for name, runs_of_set in sets().items():
        with tempfile.TemporaryDirectory(prefix="rekon-bench-store-") as work:
            lines.append(measure(name, runs_of_set, repeats, Path(work)))
    return pd.DataFrame(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(run(args.runs).T.to_string(header=False))


if __name__ == "__main__":
    main()
