"""`python -m bench.injection`: the run's table for bench/RESULTS.md."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import bench.injection as package
from bench.injection.kinds import DESCRIPTIONS, KINDS
from bench.injection.renja_kinds import RENJA_DESCRIPTIONS
from bench.injection.renja_run import INJECTED_VARIANTS, THROUGH, run_form
from bench.injection.run import RENDERERS, run

RESULTS = Path(__file__).resolve().parents[1] / "RESULTS.md"
TITLE = "Injected inconsistencies: recall and precision per rule"
RENJA_TITLE = "Injected inconsistencies in the full Renja evaluation form: recall and precision per rule"


def section(sets: int, seed: int, renderer_name: str) -> str:
    """The RESULTS.md section: the command, the table, and every miss and unexplained finding."""
    started = time.perf_counter()
    table, details, n = run(sets, seed, RENDERERS[renderer_name]())
    seconds = time.perf_counter() - started
    command = f"python -m bench.injection --sets {sets} --seed {seed} --renderer {renderer_name}"
    problems = [d for d in details if not d.startswith("injected")]
    kinds = "\n".join(f"- `{kind}` ({', '.join(KINDS[kind][1])}): {text}" for kind, text in DESCRIPTIONS.items())
    return (
        f"`{command}` ({n} injections in {sets} sets of four PDFs, {seconds:.0f} s). Recall: injections whose "
        "expected findings were all found by the rule they target, on their row. Precision: of the findings "
        "the clean run does not have, those an injection explains (its own, or what follows from it in the "
        "form: a kegiatan off by a digit also breaks its program's sum).\n\n"
        + table.to_markdown(index=False)
        + "\n\nMisses and unexplained findings:\n\n"
        + ("\n".join(f"- {line}" for line in problems) or "- none")
        + "\n\nKinds injected:\n\n" + kinds
    )


def renja_section(sets: int, seed: int, through: str) -> str:
    """The RESULTS.md section of the full Renja evaluation form."""
    started = time.perf_counter()
    table, details, n = run_form(sets, seed, through)
    seconds = time.perf_counter() - started
    command = f"python -m bench.injection --form renja --through {through} --sets {sets} --seed {seed}"
    problems = [d for d in details if not d.startswith("injected")]
    how = ("the injected forms rendered by their own producers (python-docx -> Writer, openpyxl -> Calc) and read by rekon.extract"
           if through == "pdf" else "the injected truth given to the rules as rows.csv records (what a perfect reader returns): no PDF is read")
    variants = ", ".join(f"`{v.stem}`" for v in INJECTED_VARIANTS)
    kinds = "\n".join(f"- `{kind}`: {text}" for kind, text in RENJA_DESCRIPTIONS.items())
    return (
        f"`{command}` ({n} injections in {sets} sets, one form each, taken in turn from {variants}; {seconds:.0f} s): {how}. "
        "Expected and following findings are those of the harness's own reference (bench/injection/renja_oracle.py: exact "
        "arithmetic on the printed cells, indicator kinds as generated).\n\n"
        + table.to_markdown(index=False)
        + "\n\nMisses and unexplained findings:\n\n"
        + ("\n".join(f"- {line}" for line in problems) or "- none")
        + "\n\nKinds injected:\n\n" + kinds
    )


def write_section(title: str, body: str) -> None:
    """Replace (or add) one section of bench/RESULTS.md, leaving the others as they are."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Bench results\n"
    head, *chunks = text.split("\n## ")
    chunks = [c for c in chunks if c.partition("\n")[0].strip() != title]
    RESULTS.write_text("\n## ".join([head.rstrip("\n") + "\n", *chunks, f"{title}\n\n{body}\n"]), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=package.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--renderer", choices=sorted(RENDERERS), default="libreoffice")
    parser.add_argument("--form", choices=("one_quarter", "renja"), default="one_quarter",
                        help="renja: the full Renja evaluation form (bench/injection/renja_run.py)")
    parser.add_argument("--through", choices=THROUGH, default="pdf", help="renja only: rows (the rules on the truth) or pdf (the whole pipeline)")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    if args.form == "renja":
        body, title = renja_section(args.sets, args.seed, args.through), f"{RENJA_TITLE} ({args.through})"
    else:
        body, title = section(args.sets, args.seed, args.renderer), TITLE
    print(body)
    if args.write:
        write_section(title, body)


if __name__ == "__main__":
    main()
