"""One-quarter rows as records: each assembled grid row given its level, its parents' names, its
values parsed in its column's number convention, and the problems met on the way (extract_file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rekon.extract.merge import AssembledRow
from rekon.extract.messages import problem
from rekon.extract.numbers import CONVENTION_NAMES, CellKind, Convention, group_as_decimals, parse_cell, vote
from rekon.extract.ocr.confidence import describe, is_doubtful
from rekon.extract.schema import NUMERIC_FIELDS, ROW_COLUMNS
from rekon.extract.structure import (
    FROM_SUMS, ItemInfo, classify_items, is_program_item, is_total_label, kegiatan_style, level_bases, program_code, row_codes,
)

if TYPE_CHECKING:  # the caller's result, filled in place

    from rekon.extract.pipeline import FileResult


def _conventions(assembled: list[AssembledRow]) -> dict[str, Convention]:
    document_vote = vote(row.texts.get(f, "") for row in assembled for f in NUMERIC_FIELDS)
    fallback = document_vote or Convention.COMMA_THOUSANDS
    return {f: vote(row.texts.get(f, "") for row in assembled) or fallback for f in NUMERIC_FIELDS}


def records_of(assembled: list[AssembledRow], stem: str, source_file: str, result: FileResult, lang: str) -> list[dict]:
    """The rows of rows.csv; the problems met go into ``result.problems``, the item levels into ``result.item_levels``."""
    conventions = _conventions(assembled)
    meta = result.metadata
    levels, items = _levels(assembled, conventions)
    records = []
    program = kegiatan = sub_kegiatan = ""
    for row, level in zip(assembled, levels):
        row_id = f"{stem}:p{row.page}:r{row.index_on_page + 1}"
        texts = row.texts
        item = texts.get("item", "")
        row_program = texts.get("program", "") if "program" in texts and texts.get("program") else None
        if level in ("sasaran", "total"):
            program = kegiatan = sub_kegiatan = ""
        elif level == "program":
            program, kegiatan, sub_kegiatan = row_program or item, "", ""
        elif level == "kegiatan":
            program, kegiatan, sub_kegiatan = row_program or program, item, ""
        else:
            program, sub_kegiatan = row_program or program, item
            kegiatan = texts.get("kegiatan") or kegiatan  # printed beside it in a layout with a Kegiatan column

        record = {column: "" for column in ROW_COLUMNS}
        record.update(
            row_id=row_id,
            source_file=source_file,
            page=row.page,
            bbox=" ".join(f"{v:.1f}" for v in row.bbox),
            opd=meta.opd,
            region=meta.region,
            year=meta.year or "",
            quarter=meta.quarter,
            level=level,
            tujuan=texts.get("tujuan", ""),
            sasaran=texts.get("sasaran", ""),
            program=program,
            kegiatan=kegiatan,
            sub_kegiatan=sub_kegiatan,
            indikator=texts.get("indikator", "") or (_total_label(row) if level == "total" else ""),
            satuan=texts.get("satuan", ""),
            formula=texts.get("formula", ""),
            keterangan=texts.get("keterangan", ""),
        )
        pagu_group = row.groups.get("target_pagu")
        record["budget_group"] = f"{stem}:{pagu_group.key}" if pagu_group else f"{stem}:{row_id}"
        errors, doubtful = [], []
        for name in NUMERIC_FIELDS:
            parsed = parse_cell(texts.get(name, ""), conventions[name])
            record[name] = parsed.plain
            confidence = row.confidence.get(name, -1.0)
            misread = parsed.kind is CellKind.UNREADABLE or parsed.other_convention or group_as_decimals(parsed.raw, conventions[name])
            if parsed.raw and (is_doubtful(confidence) or confidence >= 0 and misread):
                # Read by OCR and doubtful (or no number at all): withheld, for a person to read off the scan. Separators
                # of the other convention than the column's (`30.120,000` among `1,234,567`) are one dot or comma misread
                # as often as a mixed convention: from OCR, doubtful.
                record[name] = ""
                doubtful.append(describe(name, parsed.raw, confidence))
                result.problems.append(problem(source_file, "low_confidence", lang, row.page, row_id, name, parsed.raw, confidence=f"{confidence:.0f}"))
                continue
            if parsed.other_convention is not None:
                result.problems.append(problem(source_file, "other_convention", lang, row.page, row_id, name, parsed.raw,
                                               convention=CONVENTION_NAMES[parsed.other_convention], value=parsed.plain))
            if parsed.kind in (CellKind.UNREADABLE, CellKind.SPREADSHEET_ERROR):
                code = "unreadable_number" if parsed.kind is CellKind.UNREADABLE else "spreadsheet_error"
                errors.append(f"{name}={parsed.raw}")
                result.problems.append(problem(source_file, code, lang, row.page, row_id, name, parsed.raw))
        for name in row.split_cells:
            result.problems.append(problem(source_file, "split_cell", lang, row.page, row_id, name, texts.get(name, "")))
        for header, text in row.unmapped.items():
            # A value under a header that names no column (one OCR misread): never silently left out.
            result.problems.append(problem(source_file, "unmapped_value", lang, row.page, row_id, header, " ".join(text.split())))
        record["cell_errors"] = "; ".join(errors)
        record["low_confidence"] = "; ".join(doubtful)
        if row.confidence:
            record["ocr_confidence"] = f"{min(row.confidence.values()):.0f}"
        records.append(record)
    for record, kode in zip(records, row_codes(records)):
        record["kode"] = kode
    for record, basis in zip(records, level_bases(assembled, items, _level_by_columns)):
        record["level_basis"] = basis
    result.item_levels = [([records[i]["row_id"] for i in members], source) for members, source in items]
    for index in (members[0] for members, source in items if source == FROM_SUMS):
        record = records[index]
        result.problems.append(problem(source_file, "level_from_sums", lang, record["page"], record["row_id"], "level",
                                       assembled[index].texts.get("item", ""), level=record["level"].replace("_", " ")))
    return records


def _total_label(row: AssembledRow) -> str:
    return next((t for t in row.texts.values() if is_total_label(t)), "")


def _total_row(texts: dict[str, str]) -> bool:
    """The table's TOTAL / JUMLAH / RATA-RATA CAPAIAN KINERJA row: a short label of its own, in a row
    without a unit. An indicator or a formula that starts with `Jumlah ...` is no such label
    (a layout without a Satuan column prints no unit anywhere)."""
    if texts.get("satuan"):
        return False
    return any(is_total_label(t) and (name not in ("indikator", "formula") or len(t.split()) <= 4 and t.upper() == t)
               for name, t in texts.items() if t.strip())


def combine_item_columns(row: AssembledRow) -> None:
    """A layout with separate Kegiatan and Sub Kegiatan columns: the row's item is its deepest
    printed one, as the combined column would show it (the columns themselves stay for the level)."""
    if "item" in row.texts or not ("kegiatan" in row.texts or "sub_kegiatan" in row.texts):
        return
    for name in ("sub_kegiatan", "kegiatan"):
        if row.texts.get(name):
            row.texts["item"] = row.texts[name]
            if name in row.groups:
                row.groups["item"] = row.groups[name]
            return
    row.texts["item"] = ""


def _level_by_columns(texts: dict[str, str]) -> str | None:
    """The level a layout with one column per level prints; None for the combined column."""
    if "sub_kegiatan" not in texts and "kegiatan" not in texts:
        return None
    if texts.get("sub_kegiatan"):
        return "sub_kegiatan"
    if texts.get("kegiatan"):
        return "kegiatan"
    return "program" if texts.get("program") else "sasaran"


def _levels(assembled: list[AssembledRow], conventions: dict[str, Convention]) -> tuple[list[str], list[tuple[list[int], str]]]:
    """Each row's level; and each kegiatan or sub kegiatan item (its rows) with what decided its level."""
    levels: list[str | None] = []
    for row in assembled:
        texts = row.texts
        item, program = texts.get("item", ""), texts.get("program", "")
        if _total_row(texts):
            levels.append("total")
        elif _level_by_columns(texts):
            levels.append(_level_by_columns(texts))
        elif not item and not program:
            levels.append("sasaran")
        elif not item or is_program_item(item):
            levels.append("program")
        else:
            levels.append(None)  # kegiatan or sub kegiatan: decided per program below

    # Items are the merged item cells; classify them program by program.
    groups: list[tuple[str, list[int]]] = []
    program_name = ""
    for index, level in enumerate(levels):
        texts = assembled[index].texts
        if level == "program":
            program_name = texts.get("program") or texts.get("item", "")
        if level is not None:
            groups.append((program_name, []))
            continue
        if not groups:
            groups.append((program_name, []))
        groups[-1][1].append(index)
    decided: list[tuple[list[int], str]] = []
    for program_name, indexes in groups:
        items: list[tuple[str, list[int]]] = []
        for index in indexes:
            group = assembled[index].groups.get("item")
            key = group.key if group else str(index)
            if items and items[-1][0] == key:
                items[-1][1].append(index)
            else:
                items.append((key, [index]))
        infos = []
        for _, members in items:
            first = assembled[members[0]]
            pagu = parse_cell(first.texts.get("target_pagu", ""), conventions["target_pagu"]).value
            style = kegiatan_style(first.texts.get("indikator", ""), first.texts.get("formula", ""))
            infos.append(ItemInfo(first.texts.get("item", ""), [pagu] if pagu is not None else [], style))
        # TW IV prints the program in a column of its own, beside its kegiatan.
        name = program_name or (assembled[indexes[0]].texts.get("program", "") if indexes else "")
        for (_, members), decision in zip(items, classify_items(infos, program_code(name))):
            for index in members:
                levels[index] = decision.level
            decided.append((members, decision.source))
    return [level or "sub_kegiatan" for level in levels], decided
