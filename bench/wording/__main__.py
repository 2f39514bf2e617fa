"""`python -m bench.wording`: the header-wording bench (see bench/wording/__init__.py).

    python -m bench.wording [--per-family 24] [--known 4] [--seed 1] [--producers calc,writer,reportlab] [--jobs 2]

Generates --per-family reports of each family (and --known control reports whose wordings are
all from the reports rekon was built on), renders each through its family's producers, reads
every PDF with rekon and scores it. PDFs are cached under build/bench/wording/ keyed by the seed
and by a hash of the generator, its vocabulary and the producers' code, so a second run with the
same seed only reads. Prints the table; the per-file and per-column scores go to that folder
(files.csv, columns.csv).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from bench.wording.generate import FAMILIES, Report, generate
from bench.wording.render import PRODUCERS, render
from bench.wording.score import FileScore, score

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "bench" / "wording"
# What a rendered PDF depends on: the cache is keyed by these files' bytes (scoring code is not).
_HASHED = [*(ROOT / "bench" / "wording" / name for name in ("generate.py", "bodies.py", "printing.py", "render.py", "thesaurus.py", "thesaurus.yaml", "heldout.yaml")),
           *sorted((ROOT / "samples" / "producer2").glob("*.py")), ROOT / "samples" / "workbook.py", ROOT / "samples" / "fit.py"]


def cache_dir(seed: int) -> Path:
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in _HASHED if p.exists())).hexdigest()[:10]
    return CACHE / f"s{seed}-{digest}"


def _score_one(args: tuple) -> FileScore:
    family, seed, index, known, producer, pdf = args
    return score(generate(family, seed, index, known), producer, Path(pdf))


def run(per_family: int, seed: int, producers: list[str], known: int = 0, jobs: int = 1) -> tuple[list[FileScore], dict[str, str], Path]:
    """Every file's score, the renders that failed (stem-producer -> reason), and the cache folder."""
    folder = cache_dir(seed)
    folder.mkdir(parents=True, exist_ok=True)
    failures_file = folder / "render_failures.json"
    failures: dict[str, str] = json.loads(failures_file.read_text()) if failures_file.exists() else {}
    work = []
    for family in FAMILIES:
        reports = [generate(family, seed, i) for i in range(per_family)] + [generate(family, seed, i, known=True) for i in range(known)]
        for producer in PRODUCERS[family]:
            if producer not in producers:
                continue
            todo = [r for r in reports if not _pdf(folder, r, producer).exists() and f"{r.stem}-{producer}" not in failures]
            if todo:
                print(f"rendering {len(todo)} {family} reports through {producer} ...", flush=True)
                _, failed = render(todo, producer, folder)
                failures.update({f"{stem}-{producer}": reason for stem, reason in failed.items()})
                failures_file.write_text(json.dumps(failures, indent=1, sort_keys=True))
            work += [(r.family, seed, r.index, r.known, producer, str(_pdf(folder, r, producer))) for r in reports if _pdf(folder, r, producer).exists()]
    print(f"reading {len(work)} PDFs with rekon ...", flush=True)
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            scores = list(pool.map(_score_one, work, chunksize=2))
    else:
        scores = [_score_one(w) for w in work]
    for args, file_score in zip(work, scores):
        file_score.known = args[3]
    return scores, failures, folder


def _pdf(folder: Path, report: Report, producer: str) -> Path:
    return folder / f"{report.stem}-{producer}.pdf"


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def table(scores: list[FileScore]) -> pd.DataFrame:
    """One line per family, producer and set: all generated wordings, those with a held-out word,
    the others, and the known-vocabulary control."""
    lines = []
    groups: dict[tuple, list[FileScore]] = {}
    for s in scores:
        subset = "known vocabulary (control)" if s.known else "generated"
        groups.setdefault((s.family, s.producer, subset), []).append(s)
        if subset == "generated":
            groups.setdefault((s.family, s.producer, "  with held-out words" if s.held_out else "  without held-out words"), []).append(s)
    order = {"generated": 0, "  with held-out words": 1, "  without held-out words": 2, "known vocabulary (control)": 3}
    for (family, producer, subset), files in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], order[kv[0][2]])):
        columns = [c for f in files for c in f.columns]
        held = [c for c in columns if c.held_out]
        lines.append({
            "family": family,
            "producer": producer,
            "wordings": subset,
            "files": len(files),
            "refused": sum(f.refused for f in files),
            "columns mapped right": _share(sum(c.right for c in columns), len(columns)),
            "held-out columns right": _share(sum(c.right for c in held), len(held)),
            "columns of fields rows.csv lacks": sum(not c.in_schema for c in columns),
            "value cells right": _share(sum(f.value_right for f in files), sum(f.value_total for f in files)),
            "structure right": _share(sum(f.structure_right for f in files), sum(f.rows_total for f in files)),
        })
    return pd.DataFrame(lines)


def reasons(scores: list[FileScore]) -> pd.DataFrame:
    """Why files were refused: rekon's one-line error, page numbers and header texts left out."""
    counts: dict[tuple, int] = {}
    for s in scores:
        if s.refused:
            reason = s.error.split(" (judul kolom")[0].split(" (headers")[0] or "no row"
            reason = " ".join(("N:" if w.endswith(":") else "N") if w.rstrip(":").isdigit() else w for w in reason.split())
            key = (s.family, "known vocabulary" if s.known else "generated", reason)
            counts[key] = counts.get(key, 0) + 1
    return pd.DataFrame([{"family": f, "wordings": w, "reason": r, "files": n} for (f, w, r), n in sorted(counts.items())])


def write_details(scores: list[FileScore], folder: Path) -> None:
    files = [{k: v for k, v in asdict(s).items() if k != "columns"} for s in scores]
    pd.DataFrame(files).to_csv(folder / "files.csv", index=False)
    columns = [{"stem": s.stem, "producer": s.producer, **asdict(c)} for s in scores for c in s.columns]
    pd.DataFrame(columns).to_csv(folder / "columns.csv", index=False)


def section(per_family: int, seed: int, producers: list[str], known: int, jobs: int) -> str:
    """The RESULTS.md section: the table, the render failures, the command and what it measures."""
    from bench.wording import score as scoring
    from bench.wording.thesaurus import held_out, lists

    scores, failures, folder = run(per_family, seed, producers, known, jobs)
    write_details(scores, folder)
    frame = table(scores)
    print(frame.to_string(index=False))
    total = sum(len(v) for v in lists().values())
    command = f"python -m bench.wording --per-family {per_family} --known {known} --seed {seed} --producers {','.join(producers)} --jobs {jobs}"
    failed = "\n".join(f"- {k}: {v}" for k, v in sorted(failures.items()) if any(k.startswith(f"{f}-s{seed}") for f in FAMILIES)) or "- none"
    return (
        f"`{command}` ({len(scores)} PDFs; per-file and per-column scores in `{folder.relative_to(ROOT)}/`). "
        f"Held out: {len(held_out())} of {total} thesaurus wordings.\n\n"
        + frame.to_markdown(index=False)
        + "\n\nWhy files were refused (every producer counted):\n\n" + (reasons(scores).to_markdown(index=False) if any(s.refused for s in scores) else "none")
        + "\n\nRenders that failed (not scored):\n\n" + failed + "\n\n"
        + "Wordings: reports with an even index never draw a held-out wording, odd ones may (`with held-out words`: "
        "those that did); a *held-out column* has a header cell made of a held-out wording. The *known vocabulary* "
        "controls draw only wordings of the reports rekon was built on, unaltered; they separate what the wording "
        "does from what the layout does. " + (scoring.__doc__ or "").strip()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-family", type=int, default=24, help="generated reports per family (each through every producer of its family)")
    parser.add_argument("--known", type=int, default=4, help="control reports per family drawn from the known vocabulary only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--producers", default="calc,writer,reportlab")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    pd.set_option("display.width", 250)
    print(section(args.per_family, args.seed, args.producers.split(","), args.known, args.jobs))


if __name__ == "__main__":
    main()
