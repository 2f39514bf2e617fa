"""Structure accuracy per producer: does rekon give each row its place in the hierarchy?

Each sample set is the same four sources (data/source/) printed by another producer:
the LibreOffice samples and their variant, and the second producer's styles
(reportlab, grid closed at every page break: data/producer2/). Every PDF is read
with `extract_file` as `rekon extract` reads it (no --quarter).

Extracted rows are lined up with the ground-truth rows in printed order (a monotone
alignment on the indicator text, letters and digits only, and the values;
the closing row by its values), so one
spurious or missing row does not shift every row after it. Then, over the truth rows:
*structure right* when level, program, kegiatan and sub kegiatan are all exactly the
truth's (each also counted on its own); *value cells right* over the non-empty truth
value cells of the aligned rows. *Spurious rows*: rows in rows.csv that line up with
no truth row. A rejected file counts all its truth rows as wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from rekon.extract.pipeline import extract_file
from samples.build import Sample
from samples.compare import VALUE_FIELDS, expected_value
from samples.producer2.build import Producer2Sample
from samples.producer2.render import STYLES
from samples.source import read_source
from samples.truth import one_line, truth_rows

STRUCTURE_FIELDS = ("level", "program", "kegiatan", "sub_kegiatan")
# A pair of rows lines up when their indicator and values agree at least this much (0-100).
ALIGN_THRESHOLD = 70.0
QUARTERS = (1, 2, 3, 4)


def sample_sets() -> dict[str, list[tuple[Path, Path]]]:
    """Set name -> (pdf, source) pairs."""
    sets = {
        "samples (LibreOffice)": [Sample(q, False) for q in QUARTERS],
        "variant (LibreOffice)": [Sample(q, True) for q in QUARTERS],
    }
    for style in STYLES:
        sets[f"producer2 {style} (reportlab)"] = [Producer2Sample(q, style) for q in QUARTERS]
    return {name: [(s.pdf, s.source) for s in samples] for name, samples in sets.items()}


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def align(truth: pd.DataFrame, rows: pd.DataFrame) -> list[tuple[int, int]]:
    """(truth index, row index) pairs in printed order maximising the summed similarity."""
    if truth.empty or rows.empty:
        return []
    text = cdist([_letters(t) for t in truth["indikator"]], [_letters(r) for r in rows["indikator"]], scorer=fuzz.ratio)
    wanted = np.array([[expected_value(v) for v in truth[f]] for f in VALUE_FIELDS]).T
    got = np.array([[str(v) for v in rows[f]] for f in VALUE_FIELDS]).T
    filled = (wanted[:, None, :] != "") | (got[None, :, :] != "")
    same = (wanted[:, None, :] == got[None, :, :]) & filled
    values = np.where(filled.any(axis=2), 100.0 * same.sum(axis=2) / np.maximum(filled.sum(axis=2), 1), 100.0)
    # A row without an indicator (the closing TOTAL) lines up by its values alone.
    no_text = np.array([_letters(t) == "" for t in truth["indikator"]])[:, None]
    similarity = np.where(no_text, values, 0.6 * text + 0.4 * values)
    n, m = similarity.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            pair = best[i - 1, j - 1] + similarity[i - 1, j - 1] if similarity[i - 1, j - 1] >= ALIGN_THRESHOLD else -1.0
            best[i, j] = max(best[i - 1, j], best[i, j - 1], pair)
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        if similarity[i - 1, j - 1] >= ALIGN_THRESHOLD and best[i, j] == best[i - 1, j - 1] + similarity[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


@dataclass
class Score:
    files: int = 0
    rejected: list[str] = field(default_factory=list)
    truth_rows: int = 0
    aligned: int = 0
    structure_right: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STRUCTURE_FIELDS, 0))
    spurious: int = 0
    missing: int = 0
    value_right: int = 0
    value_total: int = 0

    def add_file(self, truth: pd.DataFrame, rows: pd.DataFrame | None, error: str = "", name: str = "") -> None:
        self.files += 1
        self.truth_rows += len(truth)
        self.value_total += sum(expected_value(v) != "" for f in VALUE_FIELDS for v in truth[f])
        if rows is None:
            self.missing += len(truth)
            message = " ".join(error.split()) or "rejected"
            self.rejected.append(f"{name}: {message[:240]}")
            return
        pairs = align(truth, rows)
        self.aligned += len(pairs)
        self.spurious += len(rows) - len(pairs)
        self.missing += len(truth) - len(pairs)
        for t, r in pairs:
            expected, actual = truth.iloc[t], rows.iloc[r]
            ok = {name: one_line(expected[name]) == str(actual[name]) for name in STRUCTURE_FIELDS}
            for name, good in ok.items():
                self.right[name] += good
            self.structure_right += all(ok.values())
            self.value_right += sum(expected_value(expected[f]) != "" and expected_value(expected[f]) == str(actual[f]) for f in VALUE_FIELDS)


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "-"


def score_set(pairs: list[tuple[Path, Path]]) -> Score:
    score = Score()
    for pdf, source in pairs:
        truth = truth_rows(read_source(source))
        result = extract_file(pdf)
        rows = pd.DataFrame(result.rows).astype(str) if result.ok else None
        score.add_file(truth, rows, result.reason(), pdf.name)
    return score


def run() -> tuple[pd.DataFrame, list[str]]:
    """The table per set, and one line per rejected file."""
    lines, rejected = [], []
    for name, pairs in sample_sets().items():
        score = score_set(pairs)
        lines.append(
            {
                "set": name,
                "files read": f"{score.files - len(score.rejected)}/{score.files}",
                "value cells right": _share(score.value_right, score.value_total),
                "structure right": _share(score.structure_right, score.truth_rows),
                **{f"{f} right": _share(score.right[f], score.truth_rows) for f in STRUCTURE_FIELDS},
                "spurious rows": score.spurious,
                "missing rows": score.missing,
            }
        )
        rejected += [f"{name}: {line}" for line in score.rejected]
    return pd.DataFrame(lines), rejected
