"""Which files belong together: one report per quarter, grouped by region, agency (OPD) and year.

Each group is reconciled on its own. Agencies of different regions share names (every
region has a DINAS KESEHATAN), so the region is part of the key: as the title prints it
(`KOTA SERANG`), otherwise the file's folder (auditors keep one folder per region or
agency). Files of different regions are never in one group. `--group-by folder` lets the
user say instead that a folder is one agency (titles that spell the agency differently
from quarter to quarter); the year still comes from the titles.

A region taken from the folder is the folder's name (`tangsel-2023`), or its path as given
when two folders of the batch share a name: it goes into rows.csv and the store with the
rows, so the group an agency was reconciled in can be told from its rows.

Two files of the same quarter cannot both be matched (which one is the report?): the
first given is used and the other is named in a problem. A quarter with no file is said,
since every indicator of that group will show a gap there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rekon.extract.messages import message
from rekon.extract.pipeline import FileResult
from rekon.extract.problems import Problem

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
GROUP_BY = ("title", "folder")


@dataclass
class Group:
    opd: str
    year: str
    region: str = ""
    how: str = "title"  # title | title_folder | folder: where the key came from
    folder: str = ""
    files: dict[int, FileResult] = field(default_factory=dict)  # quarter -> the file used
    duplicates: list[tuple[FileResult, FileResult]] = field(default_factory=list)  # (ignored, kept)

    row_region: str = ""  # the region the group's rows carry: the title's, else the folder's (see module doc)

    @property
    def label(self) -> str:
        quarters = ", ".join(f"TW {ROMAN.get(q, q)}" for q in sorted(self.files))
        where = f"{self.region} · " if self.region else ""
        return f"{where}{self.opd or '?'} {self.year or '?'}: {quarters}"

    def how_formed(self, lang: str) -> str:
        return message(f"how_{self.how}", lang, folder=self.folder, region=self.row_region)

    def used(self) -> list[FileResult]:
        """The files matched, each once, in the order they were given."""
        unique = {id(result): result for result in self.files.values()}
        return list(unique.values())

    def members(self) -> list[FileResult]:
        """Every file of the group: those used, then those set aside as duplicates of a quarter."""
        return self.used() + [ignored for ignored, _ in self.duplicates]

    @property
    def slug(self) -> str:
        text = "-".join(filter(None, (self.region, self.opd, self.year))) or "group"
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        return slug if len(slug) <= 80 else slug[:81].rsplit("-", 1)[0]  # whole words


def group_key(result: FileResult, group_by: str = "title") -> tuple[tuple[str, str, str], str, str]:
    """(region, opd, year), how the key was formed, and the folder it used."""
    meta = result.metadata
    year = str(meta.year or "")
    folder = str(Path(result.source_file).parent)
    if group_by == "folder":
        return (folder, "", year), "folder", folder
    if meta.region:
        return (meta.region, meta.opd, year), "title", ""
    return (folder, meta.opd, year), "title_folder", folder


def group_files(results: list[FileResult], group_by: str = "title") -> list[Group]:
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}, not {group_by!r}")
    groups: dict[tuple[str, str, str], Group] = {}
    for result in results:
        if not result.ok or not (result.rows or result.row_count):
            continue
        meta = result.metadata
        key, how, folder = group_key(result, group_by)
        if key not in groups:
            region = meta.region if how == "title" else ""
            groups[key] = Group(meta.opd, str(meta.year or ""), region, how, folder)
        group = groups[key]
        # A form with the quarters side by side stands for every quarter it prints.
        quarters = [meta.quarter] if meta.quarter else list(result.quarters)
        taken = [q for q in quarters if q in group.files]
        if taken:
            group.duplicates.append((result, group.files[taken[0]]))
            continue
        for quarter in quarters:
            group.files[quarter] = result
    _name_folder_regions(list(groups.values()))
    return list(groups.values())


def _name_folder_regions(groups: list[Group]) -> None:
    """Each group's row_region: the printed region, else its folder's name (its path when another
    folder of the batch has the same name: two regions must never look like one)."""
    folders = {group.folder for group in groups if group.how == "title_folder"}
    names = [Path(folder).name for folder in folders]
    for group in groups:
        if group.how == "title":
            group.row_region = group.region
        elif group.how == "title_folder":
            name = Path(group.folder).name
            group.row_region = name if name and names.count(name) == 1 else group.folder


def problems_of(groups: list[Group]) -> list[Problem]:
    found = []
    for group in groups:
        found += group_problems(group)
    return found


def group_problems(group: Group) -> list[Problem]:
    found = []
    for ignored, kept in group.duplicates:
        quarter = ", ".join(ROMAN.get(q, str(q)) for q in ignored.quarters)
        found.append(Problem("duplicate_quarter", ignored.source_file, values={"quarter": quarter, "opd": group.opd, "year": group.year, "kept": kept.source_file}))
    # A side-by-side form that leaves a quarter blank has said so itself (empty_quarter).
    if any(not result.metadata.quarter for result in group.files.values()):
        return found
    for quarter in sorted(set(ROMAN) - set(group.files)):
        found.append(Problem("quarter_missing", values={"quarter": ROMAN[quarter], "opd": group.opd, "year": group.year}))
    return found


def matched_files(groups: list[Group]) -> set[str]:
    return {result.source_file for group in groups for result in group.files.values()}
