"""The quarters' K/Rp pairs of a side-by-side form, each named by its label or, failing that, by their order.

The Renja form prints its quarters' realisation as pairs of columns (K, Rp)
under one cell naming the span (`Realisasi Kinerja Pada Triwulan I - IV`), each
pair under its own label (`I`, `II`, ...). A stamp or a poor scan may leave a
label unread, or read it as another (`IV` as `I\\`): the pair's columns then
name no quarter, and the column reader gives them another field or none. Here
the pairs are found by their shape (columns under the span, K then Rp), each
pair takes the quarter its columns' labels read, and labels out of order are
not trusted. A pair left unnamed takes the one quarter its place allows, when
only one does (I, ?, III, IV: II), with a lowered confidence and said. With
all four pairs printed the order alone tells each quarter, and a label that
says otherwise (`III` read `IV`) is a misreading. When the order does not tell
(three pairs, the second and third unread), its columns keep no field and the
pair is said, so that its values go to problems.csv, never silently nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rekon.extract.columns.assign import LOW_CONFIDENCE, Choice
from rekon.extract.columns.fields import read_path
from rekon.extract.columns.lexicon import ANGGARAN, KINERJA, QUARTER
from rekon.extract.columns.wording import CellReading, read_cell

QUARTERS = 4
PER_QUARTER = {KINERJA: "realisasi_kinerja", ANGGARAN: "realisasi_pagu"}
INFERRED_CONFIDENCE = LOW_CONFIDENCE - 0.1  # a quarter told by the order alone: below the level that is said


@dataclass(frozen=True)
class Pair:
    columns: tuple[int, int]  # indexes of the K and the Rp column
    label: int | None  # the quarter its labels read (None: none, or two that differ)


@dataclass(frozen=True)
class PairNote:
    """A pair whose quarter was told by the order of the pairs (quarter set) or could not be (quarter None)."""

    columns: tuple[int, int]  # 1-based column numbers, as `rekon inspect` shows them
    header: str
    quarter: int | None
    order: str  # the pairs' quarters as read, `I, ?, III, IV`


def _under_span(cells: list[CellReading]) -> bool:
    """A column under a cell naming a span of quarters, or the quarters in general (`Triwulan`)."""
    return any(cell.quarter_range or (QUARTER in cell.concepts and cell.quarter is None) for cell in cells[:-1])


def _dimension(cell: CellReading) -> str | None:
    found = [d for d in PER_QUARTER if cell.strength(d) > 0]
    return found[0] if len(found) == 1 else None


def find_pairs(paths: list[list[str]], wordings: dict | None = None) -> list[Pair]:
    """The K/Rp pairs under a span of quarters, left to right, with the quarter each one's labels read."""
    readings = [[read_cell(text, wordings) for text in path if text.strip()] for path in paths]
    named = [[cell for cell in cells if not cell.column_number] for cells in readings]  # a column's number is no leaf
    pairs = []
    index = 0
    while index + 1 < len(readings):
        first, second = named[index], named[index + 1]
        if first and second and _under_span(first) and _under_span(second):
            if _dimension(first[-1]) in (KINERJA, None) and _dimension(second[-1]) in (ANGGARAN, None) and (
                    _dimension(first[-1]) or _dimension(second[-1])):
                labels = {read_path(cells).quarter for cells in readings[index : index + 2]} - {None}
                labels = {q for q in labels if 1 <= q <= QUARTERS}
                pairs.append(Pair((index, index + 1), labels.pop() if len(labels) == 1 else None))
                index += 2
                continue
        index += 1
    return pairs


def _in_order(pairs: list[Pair]) -> list[int | None]:
    """Each pair's label where the labels keep the quarters' order; a label breaking it is not trusted.

    The most labels that rise left to right are kept (the first such choice); a
    pair with a label outside them (`IV` read `I\\` after a `I`) counts as unread.
    """
    labels = [p.label for p in pairs]
    best: list[list[int]] = []  # best[i]: the longest rising run of labelled pairs ending at pair i
    for i, label in enumerate(labels):
        best.append([])
        if label is None:
            continue
        before = [best[j] for j in range(i) if labels[j] is not None and labels[j] < label]
        best[i] = max(before, key=len, default=[]) + [i]
    kept = set(max(best, key=len, default=[]))
    return [label if i in kept else None for i, label in enumerate(labels)]


def _by_order(labels: list[int | None]) -> list[int | None]:
    """Each unlabelled pair's quarter where its place leaves exactly one: as many free quarters between its
    labelled neighbours as unlabelled pairs there (before the first: from I; after the last: up to IV)."""
    found = list(labels)
    index = 0
    while index < len(labels):
        if labels[index] is not None:
            index += 1
            continue
        end = index
        while end < len(labels) and labels[end] is None:
            end += 1
        low = labels[index - 1] if index > 0 else 0
        high = labels[end] if end < len(labels) else QUARTERS + 1
        if high - low - 1 == end - index:
            for offset in range(end - index):
                found[index + offset] = low + 1 + offset
        index = end
    return found


def _numeral(quarter: int | None) -> str:
    return ("I", "II", "III", "IV")[quarter - 1] if quarter else "?"


def _named_by_reader(choices: list[Choice], pairs: int) -> bool:
    """The column reader already gave as many quarters as there are pairs both their K and Rp, surely:
    nothing is left for the order to tell (and a pair found by shape alone must not overrule it)."""
    named = {(c.field, c.quarter) for c in choices if c.field in PER_QUARTER.values() and c.quarter and c.confidence >= LOW_CONFIDENCE}
    quarters = {q for _, q in named}
    return len(quarters) >= pairs and all((field, q) in named for q in quarters for field in PER_QUARTER.values())


def name_pairs(paths: list[list[str]], choices: list[Choice], wordings: dict | None = None) -> tuple[list[Choice], list[PairNote]]:
    """The choices with every pair's columns given its quarter's realisation; the pairs told by order or not at all."""
    pairs = find_pairs(paths, wordings)
    if not pairs or _named_by_reader(choices, len(pairs)):
        return choices, []
    if len(pairs) == QUARTERS:  # every quarter printed: the order tells each pair's, its label only confirms it
        labels = [p.label if p.label == n else None for n, p in enumerate(pairs, start=1)]
        quarters = list(range(1, QUARTERS + 1))
    else:
        labels = _in_order(pairs)
        quarters = _by_order(labels)
    order = ", ".join(_numeral(q) for q in labels)
    choices = list(choices)
    notes = []
    for pair, label, quarter in zip(pairs, labels, quarters):
        header = choices[pair.columns[0]].header
        if label is None:
            notes.append(PairNote((pair.columns[0] + 1, pair.columns[1] + 1), header, quarter, order))
        for index, name in zip(pair.columns, PER_QUARTER.values()):
            choice = choices[index]
            if quarter is None:
                choices[index] = replace(choice, field=None, quarter=None, confidence=0.0, wanted=None)
                continue
            if choice.field == name and choice.quarter == quarter:
                continue
            how = f"quarter {quarter} from its label" if label is not None else f"quarter {quarter} from the order of the pairs ({order})"
            if label is None:
                confidence = INFERRED_CONFIDENCE
            else:  # its own label, which the reader gave another column or set aside
                confidence = max(choice.confidence if choice.quarter == quarter else 0.0, LOW_CONFIDENCE)
            choices[index] = replace(choice, field=name, quarter=quarter, confidence=confidence, evidence=choice.evidence + (how,), wanted=None)
    taken = {c.key for i, c in enumerate(choices) if c.key and any(i in p.columns for p in pairs)}
    for index, choice in enumerate(choices):  # a column elsewhere given a pair's field is not that field
        if choice.key in taken and not any(index in p.columns for p in pairs):
            choices[index] = replace(choice, field=None, quarter=None, confidence=0.0, wanted=choice.key)
    return choices, notes
