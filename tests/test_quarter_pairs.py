"""A side-by-side form whose quarter labels are lost or misread (a stamp over them, a poor scan): each K/Rp pair
takes its quarter from the order of the pairs where that tells it, said as information; where it does not, the
pair is said and its values go to problems.csv, never silently nowhere. On the committed full Renja form
(data/renja_full), its labels taken out of the text layer."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from rekon.extract.backends.pdfium import PdfiumDocument
from rekon.extract.families import recognise_pages
from rekon.extract.side_by_side import read_document
from rekon.extract.text import lines_of, line_text

FORM = Path(__file__).resolve().parents[1] / "data" / "renja_full" / "dishub-jateng-2023-full-calc.pdf"
ROMAN = ("I", "II", "III", "IV")
QUARTER_FIELDS = ("realisasi_kinerja", "realisasi_pagu")


@cache
def _pages() -> tuple:
    """The form's first page (its header and 20 rows)."""
    with PdfiumDocument(FORM) as document:
        return tuple(document.pages())[:1]


def _label_words(page) -> list[list]:
    """The chars of each quarter label (`I` .. `IV`) on the header line that prints them, left to right."""
    line = next(line for line in lines_of(page.chars) if line_text(line).split()[-5:-1] == list(ROMAN))
    words, word = [], []
    for char in sorted(line, key=lambda c: c.x0):
        if word and char.x0 - word[-1].x1 > 1.0:
            words.append(word)
            word = []
        if char.text.strip():
            word.append(char)
    words.append(word)
    return [w for w in words if "".join(c.text for c in w) in ROMAN]


def _read(relabel: dict[int, str]):
    return _read_once(tuple(sorted(relabel.items())))


@cache
def _read_once(relabel: tuple[tuple[int, str], ...]):
    """The form read with quarter labels replaced (index -> new text; '' drops the label), on every page."""
    relabel = dict(relabel)
    pages = []
    for page in _pages():
        labels = _label_words(page)
        assert [("".join(c.text for c in w)) for w in labels] == list(ROMAN)
        dropped = {id(c) for i in relabel for c in labels[i]}
        chars = [c for c in page.chars if id(c) not in dropped]
        for index, text in relabel.items():
            first = labels[index][0]
            width = first.x1 - first.x0
            chars += [first._replace(text=letter, x0=first.x0 + width * n, x1=first.x0 + width * (n + 1)) for n, letter in enumerate(text)]
        pages.append(replace(page, chars=tuple(chars)))
    family = recognise_pages(pages)
    return read_document(pages, family, FORM)


def _values(document, quarter: int) -> list[tuple[str, ...]]:
    return [tuple(row[f] for f in QUARTER_FIELDS) for row in document.rows if row["quarter"] == quarter]


def _problems(document, code: str) -> list[dict]:
    return [details for found, _, details in document.problems if found == code]


def test_a_lost_label_is_told_by_the_order_of_the_pairs_and_said():
    plain = _read({})
    assert not _problems(plain, "quarter_from_order") and not _problems(plain, "unnamed_quarter_pair")
    second = _values(plain, 2)
    assert len(second) >= 10 and any(any(v) for v in second)
    lost = _read({1: ""})  # I, ?, III, IV
    assert [_values(lost, q) for q in (1, 2, 3, 4)] == [_values(plain, q) for q in (1, 2, 3, 4)]
    said = _problems(lost, "quarter_from_order")
    assert said and {d["quarter"] for d in said} == {2} and said[0]["order"] == "I, ?, III, IV"
    # A misread label out of order (IV read `I\`) is not trusted: the order tells it instead.
    misread = _read({3: "I\\"})
    assert _values(misread, 4) == _values(plain, 4) and _values(misread, 1) == _values(plain, 1)
    assert {d["quarter"] for d in _problems(misread, "quarter_from_order")} == {4}


def test_a_label_misread_as_another_quarter_yields_to_the_order_of_four_pairs():
    plain = _read({})
    misread = _read({2: "IV"})  # I, II, IV, IV: four pairs, so the third is III whatever its label says
    assert [_values(misread, q) for q in (1, 2, 3, 4)] == [_values(plain, q) for q in (1, 2, 3, 4)]
    assert {d["quarter"] for d in _problems(misread, "quarter_from_order")} == {3}


def test_a_pair_the_order_cannot_name_keeps_no_field_and_is_said():
    """Three pairs under `Triwulan I - IV` (a form printing some quarters), the last two unread: III and IV, or
    II and IV...: no field, so their values go to problems.csv as unmapped values."""
    from rekon.extract.columns.assign import HeaderColumn, assign
    from rekon.extract.columns.quarter_pairs import name_pairs

    family = recognise_pages(_pages())
    span = "Realisasi Kinerja Pada Triwulan I - IV"
    paths = [["Indikator Kinerja Kegiatan (Output)"]] + [[span, label, leaf] if label else [span, leaf]
                                                         for label in ("I", "", "") for leaf in ("K", "Rp")]
    bodies = [["Jumlah dokumen", "Persentase layanan"]] + [["2", "45.5"], ["1.250.000", "980.000"]] * 3
    choices = assign([HeaderColumn(p, b) for p, b in zip(paths, bodies)], list(family.fields), True, family.wording_map, 2023)
    named, notes = name_pairs(paths, choices, family.wording_map)
    assert [(c.field, c.quarter) for c in named[1:3]] == [("realisasi_kinerja", 1), ("realisasi_pagu", 1)]
    assert all(c.field is None for c in named[3:])
    assert [(n.columns, n.quarter, n.order) for n in notes] == [((4, 5), None, "I, ?, ?"), ((6, 7), None, "I, ?, ?")]
