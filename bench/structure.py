"""Structure accuracy per sample set: value cells, row hierarchy, spurious and missing rows.

Each set's four files are read as one run (as `rekon extract` reads them), so a
word a narrow column cut in one quarter is repaired from the others. Extracted rows are aligned with the ground truth by their indicator text in
printed order (difflib on the sequence), so one spurious row does not shift
every row after it. A ground-truth row without a partner is missing (its
cells count as wrong); an extracted row without one is spurious. Structure is
right when level, program, kegiatan and sub kegiatan all equal the truth's.

    python -m bench.structure            # every set, one line each
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rekon.extract.batch import repair_across_files
from rekon.extract.pipeline import FileResult, extract_file
from samples.compare import VALUE_FIELDS, expected_value
from samples.source import read_source
from samples.truth import one_line, truth_rows

DATA = Path(__file__).resolve().parent.parent / "data"
STRUCTURE_FIELDS = ("level", "program", "kegiatan", "sub_kegiatan")


@dataclass
class Score:
    files: int = 0
    rejected: int = 0
    values_right: int = 0
    values: int = 0
    structure_right: int = 0
    rows: int = 0
    spurious: int = 0
    missing: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _key(text: str) -> str:
    return one_line(str(text)).lower()


def score_file(result: FileResult, source: Path) -> tuple[Score, list[str]]:
    truth = truth_rows(read_source(source))
    score = Score(files=1, rejected=int(not result.ok), rows=len(truth))
    rows = pd.DataFrame(result.rows).astype(str) if result.rows else pd.DataFrame(columns=["indikator"])
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in truth["indikator"]], [_key(t) for t in rows["indikator"]], autojunk=False)
    for block in matcher.get_matching_blocks():
        pairs += [(block.a + k, block.b + k) for k in range(block.size)]
    # Rows between matched blocks pair up in order when both sides have them (an indicator read with a typo).
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "replace":
            pairs += list(zip(range(a0, a1), range(b0, b1)))
    paired_truth = {a for a, _ in pairs}
    paired_rows = {b for _, b in pairs}
    score.missing = len(truth) - len(paired_truth)
    score.spurious = len(rows) - len(paired_rows)
    notes = []
    for index in range(len(truth)):
        want = truth.iloc[index]
        score.values += sum(expected_value(want[name]) != "" for name in VALUE_FIELDS)
    for a, b in sorted(pairs):
        want, got = truth.iloc[a], rows.iloc[b]
        for name in VALUE_FIELDS:
            expected = expected_value(want[name])
            if expected == "":
                continue
            if got[name] == expected:
                score.values_right += 1
            elif len(notes) < 8:
                notes.append(f"row {a + 1} {name}: want {expected!r} got {got[name]!r}")
        wrong = [n for n in STRUCTURE_FIELDS if one_line(want[n]) != got[n]]
        if not wrong:
            score.structure_right += 1
        elif len(notes) < 8:
            notes.append(f"row {a + 1} {wrong[0]}: want {one_line(want[wrong[0]])!r} got {got[wrong[0]]!r}")
    if not result.ok:
        notes.insert(0, f"rejected: {result.error}")
    return score, notes


def sample_sets() -> dict[str, list[tuple[Path, Path]]]:
    source = lambda q: DATA / "source" / f"tw{q}.csv"  # noqa: E731
    sets = {
        "samples (LibreOffice)": [(DATA / "samples" / f"dp3akb-serang-2022-tw{q}.pdf", source(q)) for q in range(1, 5)],
        "variant (LibreOffice)": [(DATA / "variant" / f"dp3akb-serang-2022-tw{q}-id.pdf", source(q)) for q in range(1, 5)],
    }
    for style in ("closed", "separate_columns"):
        folder = DATA / "producer2" / style
        if folder.is_dir():
            sets[f"producer2 {style} (reportlab)"] = [
                (folder / f"dp3akb-serang-2022-tw{q}-{style.replace('_', '-')}.pdf", source(q)) for q in range(1, 5)
            ]
    return sets


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def run(verbose: bool = False) -> pd.DataFrame:
    lines = []
    for name, files in sample_sets().items():
        total = Score()
        # The four quarters are one run, as a user gives them: cut words are repaired across them.
        results = repair_across_files([extract_file(pdf) for pdf, _ in files])
        for (pdf, source), result in zip(files, results):
            score, notes = score_file(result, source)
            total.add(score)
            if verbose and notes:
                print(pdf.name, *notes, sep="\n  ", file=sys.stderr)
        lines.append(
            {
                "set": name,
                "files rejected": f"{total.rejected}/{total.files}",
                "value cells right": _pct(total.values_right, total.values),
                "row structure right": _pct(total.structure_right, total.rows),
                "spurious rows": total.spurious,
                "missing rows": total.missing,
            }
        )
    return pd.DataFrame(lines)


if __name__ == "__main__":
    print(run(verbose="-v" in sys.argv).to_markdown(index=False))
