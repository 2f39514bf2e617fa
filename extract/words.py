"""Words that a narrow column broke, repaired with a vocabulary of words printed whole.

Word and reportlab cut a word wider than its cell where it overflows, without a
hyphen (`PEMERINT` / `AHAN`). Geometry cannot tell such a cut from a wrap at a
space, so a cut is joined only when the joined word is known and the first
piece is not: two real words are never joined. The vocabulary is a plain set
of case-folded words, from three sources that a caller unites:

- the document's own words printed whole (``whole_words``: inside a line, where
  no cut can be);
- the other files of the run of the same agency and year, which often print the
  same names whole in a wider column (``repair_run``);
- the national nomenclature's names (``rekon.extract.nomenclature.vocabulary``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from rekon.extract.columns.matching import rest_of_word

# Characters that separate the parts of one printed token (`Bulanan/Triwulanan/Semesteran`,
# `Pemeliharaan,Biaya` typed without its space); a cut word is looked up as the part it belongs to.
_PART_SEPARATOR = re.compile(r"/|,|[-–—]{2,}")  # `Bulanan/Triwulanan`, a fraction bar before `x100`
_EDGE_PUNCTUATION = ".,;:()\"'"
_SUFFIX_PIECE = re.compile(r"[a-z]{1,3}")  # the rest of a word a narrow cell broke: `n`, `an`, `kan`
MAX_PIECES = 4  # a name cut into more pieces than this by one cell is not plausible


def bare(word: str) -> str:
    """A word as looked up: without surrounding punctuation (`KEMASYARAKATAN,`, `(KB)`), case folded."""
    return word.strip(_EDGE_PUNCTUATION).casefold()


def _plain_case(word: str) -> bool:
    """UPPER, lower or Title case; `InstalasiListrik` (a typo gluing two words) is none of them."""
    return word.isupper() or word.islower() or word[:1].isupper() and word[1:].islower()


def whole_words(texts: Iterable[str]) -> frozenset[str]:
    """Words printed whole somewhere, in plain case (`InstalasiListrik` is a typo of its own,
    not `instalasi` cut before `listrik`). Each part of a token such as `Bulanan/Triwulanan`
    counts as a word of its own too.

    Whole are: the words inside a line; a text's first and last words; and the first word of
    a line under a line of several words. A column cuts only a word wider than itself, and
    such a word starts a line of its own, so a line's first word is the tail of a cut only
    where the line above holds nothing but the head. The last word of a line may be a head.
    """
    words: set[str] = set()
    for text in dict.fromkeys(texts):  # rows repeat their program's names: each text read once
        lines = [line.split() for line in text.split("\n")]
        for index, line in enumerate(lines):
            first = 0 if index == 0 or len(lines[index - 1]) >= 2 else 1
            last = len(line) if index == len(lines) - 1 else len(line) - 1  # nothing follows a text's last word
            chosen = line[first:last]
            for word in chosen:
                if not _plain_case(word.strip(_EDGE_PUNCTUATION)):
                    continue
                words.add(bare(word))
                words.update(bare(part) for part in _PART_SEPARATOR.split(word) if part)
    words.discard("")
    return frozenset(words)


def _last_part(token: str) -> str:
    return _PART_SEPARATOR.split(token)[-1]


def _first_part(token: str) -> str:
    return _PART_SEPARATOR.split(token)[0]


def joins(pieces: list[str], vocabulary: frozenset[str]) -> bool:
    """Whether these pieces, printed one after another across cuts, are one known word.

    Only the part of the first piece after its last `/` (or glued comma) and the part
    of the last piece before its first one take part (`Triwulanan/Seme` + `steran`).
    No inner piece may be a known word. A first piece that is a known word joins only
    pieces that are none, into a known word (`Pemerintah` + `an`, `KEMAS` + `YARAK` +
    `ATAN`): two words are never joined. A short lower-case rest that is no word and
    makes a word derived from an Indonesian root joins too, known or not
    (`kelancara` + `n`, `Pengendali` + `an`: ``rest_of_word``).
    """
    if len(pieces) < 2 or not vocabulary:
        return False
    head = bare(_last_part(pieces[0]))
    if not head or any(_known(bare(p), vocabulary) for p in pieces[1:-1]):
        return False
    if len(pieces) == 2 and _SUFFIX_PIECE.fullmatch(pieces[1]) and rest_of_word(head, pieces[1]):
        return True  # `kelancara` + `n`, `Pengendali` + `an`: a suffix that is no word, on a word of an Indonesian root
    parts = [head, *(bare(p) for p in pieces[1:-1]), bare(_first_part(pieces[-1]))]
    if not all(parts):
        return False  # a piece that starts with a separator (a fraction bar `-----x100`) holds no rest of a word
    whole = "".join(parts)
    if _known(head, vocabulary):
        if not all(part.isalpha() for part in parts[1:]):
            return False  # `/ Kota`, `- Hasil`, `TRW 3`, `dalam 1`: a number or a sign is no cut-off letter
        # The rest must be no word either: `peraturanperundang-undangan` (a glued entry of a
        # vocabulary) is two words, whatever piece the column cut.
        return whole in vocabulary and not _known(parts[-1], vocabulary) and not _known(whole[len(head):], vocabulary)
    # A compound needs every piece unknown: a known last piece may be a word printed apart.
    if whole in vocabulary:
        return True
    if _known(parts[-1], vocabulary):
        return False
    return _printed_compound(parts, vocabulary) or _misspelt_word(parts, vocabulary)


def goes_on(before: str, rest: str, vocabulary: frozenset[str]) -> bool:
    """Whether `rest`, one token printed at the top of the next page, is the rest of the word that
    ends `before` (a cell a page break cut, `Dokume` / `n`; the word may be cut on the page already,
    `Dokum` / `e` / `n`)."""
    head, tail = before.split(), rest.split()
    if not head or len(tail) != 1:
        return False
    return any(joins([*head[-k:], tail[0]], vocabulary) for k in range(1, min(len(head), MAX_PIECES - 1) + 1))


# Letters whose tail hangs below the line. A page break that falls through a line's descenders may
# print such a glyph on the next page instead, alone at the top of the cut cell (LibreOffice:
# `Perlindun an Khusus` / `g` / `Tingkat ...`).
_DESCENDERS = frozenset("gjpqy")


def put_back_descenders(before: str, after: str, vocabulary: frozenset[str]) -> tuple[str, str]:
    """`before` (a cell's text on one page) and `after` (its rest on the next), with the lone
    descender letters that open `after` put back into the gaps of `before`'s last line they came
    from: the places where a letter makes a known word of pieces that are none (`Perlindun` + `g` +
    `an`, `yan` + `g`), one place per letter, in printed order (`La anan Pemberda aan` / `y y`).
    Anything less sure is left as printed."""
    first, _, rest = after.partition("\n")
    letters = first.split()
    if not letters or not all(len(l) == 1 and l in _DESCENDERS for l in letters) or not before.strip():
        return before, after
    head, _, last = before.rpartition("\n")
    tokens = last.split()
    places = {}  # token index -> (tokens it spans, the word with a letter put back), where some letter makes a word
    for i, token in enumerate(tokens):
        if _known(bare(token), vocabulary):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        for letter in dict.fromkeys(letters):
            if following is not None and not _known(bare(following), vocabulary) and _known(bare(token + letter + following), vocabulary):
                places.setdefault(i, []).append((2, letter, token + letter + following))  # inside a word: `Perlindun` g `an`
            elif _known(bare(token + letter), vocabulary):
                places.setdefault(i, []).append((1, letter, token + letter))  # at its end: `yan` g
    if len(places) != len(letters):
        return before, after
    chosen = []
    for (i, options), letter in zip(sorted(places.items()), letters):
        fitting = [(width, word) for width, option_letter, word in options if option_letter == letter]
        if len(fitting) != 1:
            return before, after
        chosen.append((i, *fitting[0]))
    if any(a + width > b for (a, width, _), (b, _, _) in zip(chosen, chosen[1:])):
        return before, after  # two letters would claim one token
    for i, width, word in reversed(chosen):
        tokens[i : i + width] = [word]
    last = " ".join(tokens)
    return (f"{head}\n{last}" if head else last), rest


def _known(piece: str, vocabulary: frozenset[str]) -> bool:
    """A piece that is a word: a single letter is none (`D` / `AERA` / `H` is one cut word),
    whatever initials a vocabulary holds."""
    return len(piece) > 1 and piece in vocabulary


def _misspelt_word(parts: list[str], vocabulary: frozenset[str]) -> bool:
    """A word misspelt in print (`PEERMPUAN`, `PEMMBERDAYAAN`) and cut: no piece is a word, and
    the pieces joined are one letter off (dropped, added, changed or two swapped) a long known word."""
    whole = "".join(parts)
    if len(whole) < 8 or not all(p.isalpha() for p in parts):
        return False
    # A word one edit off is one letter shorter, as long or one longer: only those are compared.
    near = [word for length in (len(whole) - 1, len(whole), len(whole) + 1) for word in _by_length(vocabulary).get(length, ())]
    return process.extractOne(whole, near, scorer=OSA.distance, score_cutoff=1) is not None


@lru_cache(maxsize=4)
def _by_length(vocabulary: frozenset[str]) -> dict[int, list[str]]:
    """A vocabulary's words by length (a document's vocabulary is asked many times while it is read)."""
    lengths: dict[int, list[str]] = {}
    for word in vocabulary:
        lengths.setdefault(len(word), []).append(word)
    return lengths


def _printed_compound(parts: list[str], vocabulary: frozenset[str]) -> bool:
    """Two known words glued by the printer itself (`PENINGKATANKELUARGA`, a real typo), cut
    into pieces: the glue must fall inside a piece, where it was printed, never between two
    pieces, where joining would glue two words that were printed apart. The second word may be
    short (`Bergerakdi`, a preposition glued to its word, cut `Bergerakd` / `i`): no piece is a
    word, so the pieces apart read as nothing."""
    whole = "".join(parts)
    cuts, position = set(), 0
    for part in parts[:-1]:
        position += len(part)
        cuts.add(position)
    return any(
        whole[:i] in vocabulary and whole[i:] in vocabulary and i not in cuts
        for i in range(3, len(whole) - 1)
    )


def repair_spaced(text: str, vocabulary: frozenset[str]) -> str:
    """Join runs of adjacent words where no piece is a known word but their join is one
    (`PEMERINT AHAN` -> `PEMERINTAHAN`): a text whose line breaks are already gone.

    Stricter than joining across a known line break: every piece, the last one
    included, must be unknown, since here a piece may sit anywhere in the text.
    """
    words = text.split(" ")
    if len(words) < 2 or not vocabulary:
        return text
    out: list[str] = []
    i = 0
    while i < len(words):
        joined_to = None
        for j in range(min(len(words), i + MAX_PIECES) - 1, i, -1):
            pieces = words[i : j + 1]
            if _known(bare(_first_part(pieces[-1])), vocabulary) or not all(pieces):
                continue
            if joins(pieces, vocabulary):
                joined_to = j
                break
        if joined_to is None:
            out.append(words[i])
            i += 1
        else:
            out.append("".join(words[i : joined_to + 1]))
            i = joined_to + 1
    return " ".join(out)


# Fields whose text is a name or a sentence that a narrow column may have cut.
TEXT_FIELDS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "keterangan")


def repair_run(files: list[tuple[tuple[str, str], frozenset[str], list[dict]]], extra: frozenset[str] = frozenset()) -> int:
    """Repair the rows of each file with the whole words of every file of its group.

    `files` holds, per file, its group key (agency, year), the words it prints whole,
    and its rows.csv records (changed in place). `extra` is a vocabulary every group
    shares (the nomenclature's). Returns the number of cells changed.
    """
    by_group: dict[tuple[str, str], set[str]] = {}
    for key, words, _ in files:
        by_group.setdefault(key, set()).update(words)
    changed = 0
    vocabularies: dict[tuple[str, str], frozenset[str]] = {}
    # Each row repeats its program's, kegiatan's and sub kegiatan's names: a text is repaired once per group.
    repaired_in: dict[tuple[str, str], dict[str, str]] = {}
    for key, _, rows in files:
        if key not in vocabularies:
            vocabularies[key] = frozenset(by_group[key]) | extra
        vocabulary, repaired_text = vocabularies[key], repaired_in.setdefault(key, {})
        for row in rows:
            for name in TEXT_FIELDS:
                text = row.get(name)
                if isinstance(text, str) and " " in text:
                    repaired = repaired_text.get(text)
                    if repaired is None:
                        repaired = repaired_text[text] = repair_spaced(text, vocabulary)
                    if repaired != text:
                        row[name] = repaired
                        changed += 1
    return changed
