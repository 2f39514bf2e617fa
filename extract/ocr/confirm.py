"""A number read by OCR stands only when readings made otherwise agree on it.

Tesseract is sometimes sure of a wrong digit on a busy page (`7.86` for
`7.89`), and unsure of a right one (a lone `0` read `Oo`). Every number is read
again from its own crop by other means (another language model; then, where the
readings differ, binarised and enlarged); see `confirm_numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rekon.extract.grid import Grid
from rekon.extract.numbers import SPREADSHEET_ERRORS, Convention
from rekon.extract.ocr.cells import cell_box_px, crop_marks, digit_height, inside, is_dash, read_sheet
from rekon.extract.ocr.confidence import LOW_CONFIDENCE
from rekon.extract.ocr.separators import UNSETTLED, column_conventions, settle, unanimous_text
from rekon.extract.ocr.tesseract import LANGUAGES, Word

COARSE_SCAN_DPI = 200  # a scan coarser than this needs every reading of a number to agree


def readings_needed(scan_dpi: float) -> int:
    """How many readings of a number must agree: all three on a coarse scan.

    Below about 200 dpi a digit is a few pixels high, and readings of those same
    pixels agree on a wrong digit (`100` read `106` twice at 150 dpi); a third
    reading made otherwise fails otherwise, so only a number all three give stands.
    """
    return 3 if 0 < round(scan_dpi) < COARSE_SCAN_DPI else 2  # an image placed at 200 dpi may measure 199.9999


FINE_SCAN_DPI = 300  # a scan this fine or finer lets three readings outvote one


def outvoting(scan_dpi: float) -> bool:
    """Whether a fourth reading may outvote a lone dissent: on a scan of 300 dpi or finer.

    There the digits are large, and the enlarged reading is the weak one (it reads
    a `7` as `1`). On a coarser scan the enlarged reading sees best, and the page's,
    the second and the fourth reading (two of them the English model at the
    print's size) agree on the same wrong digit (`35,580,000` for `36,580,000` on a
    200-dpi copy, where the enlarged one read `436,580,000`): its dissent stands.
    """
    return round(scan_dpi) >= FINE_SCAN_DPI


NUMBER_TEXT = re.compile(r"^[\d.,%()+\-–—]+$")
DIGITS = "0123456789.,-%()"
# What Tesseract makes of a digit when it takes it for a letter (`0` as `O`, `o`, `c`, `€`; `1` as `l`).
DIGIT_LOOKALIKES = frozenset("OoDQcC€¢eIlisSBZzgqGb")
DASHES = {"-", "–", "—"}


@dataclass(frozen=True)
class Rereading:
    """How a cell's crop is read again: enlarged, maybe binarised, with which language models."""

    scale: float
    binarise: bool
    languages: tuple[str, ...]


# Each rereading differs from the page's reading and from the other in what it is given
# and how it reads: two readings made alike fail alike.
SECOND_READING = Rereading(1.0, False, ("eng",))
THIRD_READING = Rereading(2.0, True, LANGUAGES)
# Only where the three give two numbers, at the print's own size: enlarged, a sheet of large digits
# reads a `7` as `1` (`7.657.406.470` -> `1.657.406.470`, `79.33` -> `19.33`, the Indonesian model
# most), and that one dissent withheld numbers the other two readings had right.
FOURTH_READING = Rereading(1.0, True, ("eng",))


def _plain(text: str) -> str:
    return "".join(text.split())


def _with_confidence(word: Word, confidence: float, text: str | None = None) -> Word:
    return Word(word.text if text is None else text, word.left, word.top, word.width, word.height, confidence, word.line)


def _garbled_number(text: str) -> bool:
    """Digits and separators, some perhaps read as letters that look like them (`23.1€`, `Oo`)."""
    return any(c.isdigit() or c in DIGIT_LOOKALIKES for c in text) and all(c in DIGITS or c in DIGIT_LOOKALIKES for c in text)


def _reading(words: list[Word]) -> str:
    return _plain("".join(w.text for w in sorted(words, key=lambda w: (w.top, w.left))))


def _agreed(confidences: list[float]) -> float:
    """The confidence of readings that agree: as likely wrong as all of them wrong the same way.

    Were they independent; they are not quite (one engine), which `make bench`
    checks: no agreed value may be wrong.
    """
    doubt = 1.0
    for confidence in confidences:
        doubt *= (100 - confidence) / 100
    return 100 - 100 * doubt


@dataclass
class _Target:
    cell_id: int
    members: list[int]  # indexes of the page's words in the cell
    crop: tuple[int, int, np.ndarray]
    readings: list[tuple[str, float, list[Word]]]  # (text, lowest confidence, words in page pixels)


def _digits(text: str) -> str:
    """A reading as compared with others: the digits and where a separator stands, not which one.

    A comma and a period differ by a few pixels; which one the column prints is
    settled by its convention (`numbers.parse_cell`), and a mix is unreadable there.
    Brackets and a percent sign are left out (a border's remnant reads as `)`):
    of readings that agree, the text most of them give is the one kept.
    """
    return text.replace(",", ".").translate(_MARKS)


_MARKS = str.maketrans("", "", "()%+")


def _separators(text: str) -> str:
    return "".join(c for c in text if c in ",.")


def _mixes_separators(text: str) -> bool:
    return "," in text and "." in text


def _clean_number(text: str) -> bool:
    return bool(NUMBER_TEXT.match(text)) and any(c.isdigit() for c in text)


# A number as printed: thousands in groups of three, at most one decimal part (brackets, sign, % aside).
WELL_FORMED = re.compile(r"^(\d{1,3}([.,]\d{3})*|\d+)([.,]\d+)?$")


def _another_number(text: str, chosen: str) -> bool:
    """Whether a reading is a number other than ``chosen``: a dissent.

    A reading that lost glyphs to a streak or a blur (`8.866.4.688` for
    `8.866.374.688`: a group of one digit) is no number as printed, and says no
    other value: no dissent, as a reading of nothing is none.
    """
    return _clean_number(text) and bool(WELL_FORMED.match(text.strip("()%+-–—"))) and _digits(text) != chosen


def _disputed(target: _Target) -> bool:
    """Whether the readings give more than one number."""
    numbers = {_digits(text) for text, _, _ in target.readings if _clean_number(text)}
    return any(_another_number(text, chosen) for chosen in numbers for text, _, _ in target.readings)


def _verdict(target: _Target, threshold: float, needed: int = 2, outvote: bool = True,
             convention: Convention | None = None) -> tuple[int, float] | None:
    """The reading at least ``needed`` readings agree on (index into the readings) and its confidence; None when none is sure.

    Readings agree on their digits (`_digits`). A reading that is a number with
    other digits is a dissent: two readings of the same blurred pixels may agree
    on the same wrong digit (`106` for `100`), a third made otherwise that reads
    another number says so, and then no reading is trusted, unless one reading
    more than ``needed`` agree (a fourth, made where there is a dissent: three
    against one) and the dissent is the only one. One that reads
    nothing, or letters, is no dissent. Of the agreeing readings, the text most
    of them give exactly is the one kept (ties: the earliest), unless they see
    other separators: then the one the column's ``convention`` reads
    (`separators.settle`), and none when those give two values.
    """
    best = None
    for index, (text, _, _) in enumerate(target.readings):
        if not text:
            continue
        agreeing = [confidence for other, confidence, _ in target.readings if _digits(other) == _digits(text)]
        if len(agreeing) >= needed:
            exact = sum(other == text for other, _, _ in target.readings)
            candidate = (len(agreeing), exact, -index)
            best = max(best, candidate) if best else candidate
    if best is None:
        return None
    index = -best[2]
    chosen = _digits(target.readings[index][0])
    dissent = sum(_another_number(text, chosen) for text, _, _ in target.readings)
    if dissent > 1 or dissent and (not outvote or best[0] < needed + 1):
        return None  # one dissent is outvoted only by one reading more than are needed
    agreeing = [(i, text) for i, (text, _, _) in enumerate(target.readings) if _digits(text) == chosen]
    settled = settle(sorted(agreeing, key=lambda pair: pair[0] != index), convention)
    if settled == UNSETTLED:
        return None
    if settled is not None:
        index = settled
    elif _mixes_separators(target.readings[index][0]) and len({_separators(t) for _, t in agreeing}) > 1:
        return None  # `14.960,000` beside `14,960,000`: a mix reads as the other convention (14960.000), so a speck decides the value
    confidence = _agreed([c for text, c, _ in target.readings if _digits(text) == chosen])
    return (index, confidence) if confidence >= threshold else None


def confirm_numbers(clean: np.ndarray, text_ink: np.ndarray, grid: Grid, words: list[Word], dpi: int, threshold: float,
                    needed: int = 2, outvote: bool = True) -> list[Word]:
    """Every number read again from its own crop; a value only readings that agree make sure is trusted.

    Tesseract is sometimes sure of a wrong digit on a busy page (`7.86` for
    `7.89`), and unsure of a right one (a lone `0` read `Oo`). Each cell that
    reads as a number (or as one or two characters, or as digits some of which
    came out as look-alike letters) is read a second time from its own crop,
    with Tesseract limited to digits and separators and with another language
    model than the page's (SECOND_READING), and a third time binarised and
    enlarged (THIRD_READING); where they give two numbers, a fourth time,
    binarised at its own size (FOURTH_READING; on a scan of 300 dpi or finer:
    see `outvoting`). A text ``needed`` readings agree
    on stands, with their joint confidence, unless another reading gives another
    number (see `_verdict`: three against one stands); otherwise the page's reading stands, below the threshold, so no
    number goes to rows.csv on one uncertain reading. (3 must agree on a coarse
    scan: see `readings_needed`.) A cell whose ink is a single short bar is a
    dash, whatever any reading made of it.
    """
    words = list(words)
    to_px = dpi / 72
    typical = digit_height(words, dpi)
    targets: list[_Target] = []
    for cell in grid.cells:
        box = cell_box_px(cell, to_px, clean.shape)
        members = sorted((i for i, w in enumerate(words) if inside(w, box)), key=lambda i: (words[i].top, words[i].left))
        if not members:
            continue
        text = _plain(" ".join(words[i].text for i in members))
        if not (NUMBER_TEXT.match(text) or len(text) <= 2 or _garbled_number(text)):
            continue
        x0, y0, x1, y1 = box
        if len(text) <= 2 and not any(c.isalnum() for c in text) and is_dash(text_ink[y0:y1, x0:x1], typical, clean[y0:y1, x0:x1]):
            first = members[0]
            words[first] = _with_confidence(words[first], max(words[first].confidence, threshold), "-")
            for i in members[1:]:
                words[i] = _with_confidence(words[i], words[i].confidence, "")
            continue
        if (crop := crop_marks(clean, text_ink, box)) is not None:
            page_reading = (text, min(words[i].confidence for i in members), [words[i] for i in members])
            targets.append(_Target(cell.id, members, crop, [page_reading]))
    _read_again(targets, SECOND_READING)
    _read_again(targets, THIRD_READING)  # always: a third reading is how two that agree on a wrong digit are caught
    if outvote:
        _read_again([t for t in targets if _disputed(t)], FOURTH_READING)
    # Only on a fine scan: on a coarse one, readings that differ in their marks have also agreed on a wrong
    # digit (`64,75` and `64.75` twice for `64,79` on a 200-dpi copy), and the mix they leave is withheld.
    conventions = _column_conventions(targets, grid) if outvote else {}
    replaced: set[int] = set()
    added: list[Word] = []
    columns = {cell.id: (cell.col0, cell.col1) for cell in grid.cells}
    for target in targets:
        verdict = _verdict(target, threshold, needed, outvote, conventions.get(columns[target.cell_id]))
        if verdict is None:
            confidence = min([confidence for _, confidence, _ in target.readings] + [threshold - 1])
            for i in target.members:
                words[i] = _with_confidence(words[i], confidence)
            continue
        index, confidence = verdict
        if index != 0 and not _garbled_number(target.readings[0][0]):
            continue  # a word (`m2`) is not outvoted by readings that could only see digits
        if index == 0:
            for i in target.members:
                words[i] = _with_confidence(words[i], confidence)
            continue
        # The page's reading was outvoted: the cell's words are those of a reading that won.
        replaced.update(target.members)
        added += [Word(w.text, w.left, w.top, w.width, w.height, confidence, (-3, target.cell_id, w.line[2])) for w in target.readings[index][2]]
    return [w for i, w in enumerate(words) if w.text and i not in replaced] + added


def _column_conventions(targets: list[_Target], grid: Grid) -> dict[tuple[int, int], Convention | None]:
    """Each grid column's convention, told by its numbers whose readings all see the same separators."""
    columns = {cell.id: (cell.col0, cell.col1) for cell in grid.cells}
    unanimous: dict[tuple[int, int], list[str]] = {}
    for target in targets:
        texts = unanimous.setdefault(columns[target.cell_id], [])
        if (text := unanimous_text([text for text, _, _ in target.readings])) is not None:
            texts.append(text)
    return column_conventions(unanimous)


def _read_again(targets: list[_Target], how: Rereading) -> None:
    """One more reading of each target's crop (digits and separators only), all in one sheet."""
    crops = [t.crop for t in targets]
    for target, found in zip(targets, read_sheet(crops, whitelist=DIGITS, scale=how.scale, languages=how.languages, binarise=how.binarise)):
        target.readings.append((_reading(found), min((w.confidence for w in found), default=0.0), found))


_SPREADSHEET_ERRORS = {error.replace("0", "O"): error for error in SPREADSHEET_ERRORS}


ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{1,3}|IX|X|XI{1,2})$")


def known_tokens(words: list[Word]) -> list[Word]:
    """Words whose reading is settled by what they can only be.

    A spreadsheet error (`#DIV/0!`) read with a letter O for its zero is that
    error: the set of such errors is closed, so a word spelling one exactly is
    that error (at the threshold's confidence at least), and goes to the row's
    cell errors. A word of `I`s, `l`s and `i`s (and a `V`, an `X`) that makes a
    Roman numeral is that numeral (`ll`, `ill` for `II`, `III`, the quarters'
    labels): in a sans-serif face the capital I and the small l are one glyph,
    and a bold `I` is read `i` as often, while no word of the reports is
    spelled with those letters alone. Two bold `I`s set close read as an `H`
    (`Hl` for `III`) where the word has an `I` or `l` beside it.
    """
    known = []
    for word in words:
        error = _SPREADSHEET_ERRORS.get(word.text.upper().replace("0", "O")) if word.text.startswith("#") else None
        if error:
            known.append(_with_confidence(word, max(word.confidence, LOW_CONFIDENCE), error))
        elif (numeral := _roman(word.text)) is not None:
            known.append(_with_confidence(word, word.confidence, numeral))
        else:
            known.append(word)
    return known


def _roman(text: str) -> str | None:
    """The Roman numeral a word of I-like letters spells (`ll`, `ill`, `Hl` for `II`, `III`, `III`), or None."""
    if text.count("H") == 1 and len(text) >= 2:
        text = text.replace("H", "II")  # two bold I's set close; an H alone stays a letter
    if not (set(text) & set("il") or "II" in text) or not set(text) <= set("iIlvVxX"):
        return None
    numeral = text.upper().replace("L", "I")
    return numeral if ROMAN.match(numeral) else None
