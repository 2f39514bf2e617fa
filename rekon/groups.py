"""Which files belong together: reports are grouped by OPD and year, one file per quarter.

Each group is reconciled on its own. Two files of the same quarter cannot both be matched
(which one is the report?): the first given is used and the other is named in a problem.
A quarter with no file is said, since every indicator of that group will show a gap there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekon.extract.pipeline import FileResult

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

MESSAGES = {
    "duplicate_quarter": {
        "id": "TW {quarter} {opd} {year} sudah dibaca dari {kept}; berkas ini tidak dicocokkan (barisnya tetap di rows.csv)",
        "en": "TW {quarter} of {opd} {year} was already read from {kept}; this file is not matched (its rows stay in rows.csv)",
    },
    "quarter_missing": {
        "id": "tidak ada berkas TW {quarter} untuk {opd} {year}",
        "en": "no TW {quarter} file for {opd} {year}",
    },
}


@dataclass
class Group:
    opd: str
    year: str
    files: dict[int, FileResult] = field(default_factory=dict)  # quarter -> the file used
    duplicates: list[tuple[FileResult, FileResult]] = field(default_factory=list)  # (ignored, kept)

    @property
    def label(self) -> str:
        quarters = ", ".join(f"TW {ROMAN.get(q, q)}" for q in sorted(self.files))
        return f"{self.opd or '?'} {self.year or '?'}: {quarters}"


def group_files(results: list[FileResult]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for result in results:
        if not result.ok or not result.rows:
            continue
        meta = result.metadata
        key = (meta.opd, str(meta.year or ""))
        group = groups.setdefault(key, Group(*key))
        # A form with the quarters side by side stands for every quarter it prints.
        quarters = [meta.quarter] if meta.quarter else sorted({int(row["quarter"]) for row in result.rows})
        taken = [q for q in quarters if q in group.files]
        if taken:
            group.duplicates.append((result, group.files[taken[0]]))
            continue
        for quarter in quarters:
            group.files[quarter] = result
    return list(groups.values())


def problems_of(groups: list[Group], lang: str) -> list[dict]:
    found = []
    for group in groups:
        for ignored, kept in group.duplicates:
            quarter = ", ".join(ROMAN.get(q, str(q)) for q in sorted({int(r["quarter"]) for r in ignored.rows}))
            text = MESSAGES["duplicate_quarter"][lang].format(quarter=quarter, opd=group.opd, year=group.year, kept=kept.source_file)
            found.append(_problem(ignored.source_file, "duplicate_quarter", text))
        # A side-by-side form that leaves a quarter blank has said so itself (empty_quarter).
        if any(not result.metadata.quarter for result in group.files.values()):
            continue
        for quarter in sorted(set(ROMAN) - set(group.files)):
            text = MESSAGES["quarter_missing"][lang].format(quarter=ROMAN[quarter], opd=group.opd, year=group.year)
            found.append(_problem("", "quarter_missing", text))
    return found


def _problem(source_file: str, code: str, text: str) -> dict:
    return {"source_file": source_file, "page": "", "row_id": "", "field": "", "raw_text": "", "problem": code, "message": text}


def matched_files(groups: list[Group]) -> set[str]:
    return {result.source_file for group in groups for result in group.files.values()}
