"""Score what `rekon extract` made of a generated report against the report's truth.

The PDF is read by `extract_file`, what `rekon extract` runs. Then:

- *refused*: the file failed (`result.error`: `rekon extract` exits 3) or gave no row;
- rows are lined up with the truth rows in printed order (`bench.producers.align`: indicator
  text and the values the report prints); for the side-by-side family on the first quarter read
  (with the values printed once for the row, as rows.csv repeats them), the other quarters' rows
  following by row id;
- a *column* is mapped right when at least COLUMN_SHARE of its truth cells come out in its field
  in rows.csv, on the lined-up rows (numbers compared as decimals, texts as their letters and
  digits, or within a fuzzy ratio of 90 for texts a line break may have joined differently).
  A name column (the item column, Program, Kegiatan, Sub Kegiatan) is right when each row's name
  comes out in the field of that row's level. A column without a value in any row (the `No`
  column of the samples, a quarter nobody filled) is judged by rekon's own column report: right
  unless rekon names this column's header (its whole path, the column number left out) as unknown
  (`unknown_header`, `unmapped_value`). A field the
  installed rows.csv does not have (the full Renja form's Renstra fields before they are added)
  counts as wrong and is also counted apart. `penanggung_jawab` is accepted in `keterangan`
  while rows.csv has no `penanggung_jawab` (where the side-by-side reader puts it today);
- *value cells right*: truth value cells of the fields rows.csv has, over all truth rows (a
  missing row's cells are wrong);
- *structure right*: level, program, kegiatan and sub kegiatan all as the truth (letters and
  digits compared), over all truth rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd
from rapidfuzz import fuzz

from bench.producers import align
from bench.wording.generate import Report
from rekon.extract.numbers import Convention, parse_cell
from rekon.extract.pipeline import FileResult, extract_file
from rekon.extract.schema import NUMERIC_FIELDS, ROW_COLUMNS

COLUMN_SHARE = 0.9
TEXT_RATIO = 90.0
NAME_FIELDS = {"item", "program", "kegiatan", "sub_kegiatan"}
LEVEL_FIELD = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub_kegiatan"}
STRUCTURE = ("level", "program", "kegiatan", "sub_kegiatan")


def letters(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def _decimal(text: object) -> Decimal | None:
    text = str(text).strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        parsed = parse_cell(text, Convention.COMMA_THOUSANDS)
        return parsed.value


def _same_text(want: str, have: str) -> bool:
    a, b = letters(want), letters(have)
    return a == b or (len(a) > 12 and fuzz.ratio(a, b) >= TEXT_RATIO)


@dataclass
class ColumnScore:
    field: str
    quarter: int | None
    header: str
    held_out: bool
    judged_by: str  # "values", "names", "report" (rekon's unknown-header report)
    right: bool
    in_schema: bool
    detail: str = ""


@dataclass
class FileScore:
    family: str
    producer: str
    stem: str
    layout: str
    held_out: bool
    refused: bool
    error: str = ""
    columns: list[ColumnScore] = field(default_factory=list)
    value_total: int = 0
    value_right: int = 0
    rows_total: int = 0
    structure_right: int = 0
    rows_read: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    known: bool = False  # a known-vocabulary control report


def _truth_frame(report: Report, quarter: int | None) -> pd.DataFrame:
    """The truth rows in the shape `align` compares: indikator and the one-quarter value fields, as the
    report prints them. A field the report prints no column for stays empty (the source's capaian of a
    layout without capaian columns is no value rekon can read), and a value printed once for the row
    (the side-by-side form's year target) is in every quarter's row, as rows.csv has it."""
    printed = {c.field for c in report.columns if c.numeric}
    records = []
    for truth in report.body.truth:
        record = {"indikator": truth["indikator"]}
        for name in NUMERIC_FIELDS:
            values = truth["values"]
            value = values.get((name, quarter), values.get((name, None), "")) if name in printed else ""
            record[name] = "" if value is None else str(value)
        records.append(record)
    return pd.DataFrame(records)


def _problem_headers(problems: list[dict]) -> list[str]:
    """Header texts rekon reports it could not name, each as `_header_key` makes it."""
    found = []
    for p in problems:
        if p["problem"] == "unknown_header":
            found.append(_header_key(p["raw_text"].split(" > ")))
        elif p["problem"] == "unmapped_value":
            found.append(_header_key(p["field"].split(" > ")))
    return found


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _header_key(cells: list[str] | tuple[str, ...]) -> str:
    """A header path compared as its words: the letters and digits of its cells, the column-number cell
    (`(1)`, `13`) left out; that is a number, not the column's wording."""
    return "".join(letters(c) for c in cells if not _COLUMN_NUMBER.match(" ".join(c.split()).replace(" ", "")))


def _named_unknown(path: tuple[str, ...], unknown: list[str]) -> bool:
    """Whether rekon reports this very column's header as one it could not name: the whole header path
    (groups over the column included) is the one reported, or close to it (a line break joins a broken
    word otherwise). Not a part of it: the `(1)` under `Nomor` is no sign that `Ntees > 13` is this column."""
    mine = _header_key(path)
    return bool(mine) and any(text == mine or _same_text(mine, text) for text in unknown)


def score(report: Report, producer: str, pdf) -> FileScore:
    return score_result(report, producer, extract_file(pdf))


def score_result(report: Report, producer: str, result: FileResult) -> FileScore:
    """The score of what rekon read (`extract_file`'s result) against the report's truth."""
    rows = pd.DataFrame(result.rows).fillna("").astype(str) if result.rows else pd.DataFrame(columns=ROW_COLUMNS)
    refused = result.error is not None or rows.empty
    paths = report.paths()
    out = FileScore(report.family, producer, report.stem, report.layout, report.held_out, refused, " ".join(result.reason().split())[:200])
    out.rows_read = len(rows)
    for p in result.problems:
        out.problems[p["problem"]] = out.problems.get(p["problem"], 0) + 1
    truth = report.body.truth
    out.rows_total = len(truth)
    schema = set(rows.columns) | set(ROW_COLUMNS)

    # Line the rows up: by quarter for the side-by-side family.
    by_row: list[dict[int | None, dict]] = [{} for _ in truth]
    if not rows.empty:
        if report.family == "side_by_side":
            quarters = sorted({int(q) for q in rows["quarter"] if str(q).isdigit()})
            first = quarters[0] if quarters else None
            base = rows[rows["quarter"] == str(first)].reset_index(drop=True)
            pairs = align(_truth_frame(report, first), base)
            by_id = {(r["row_id"].rsplit(":q", 1)[0], r["quarter"]): r for r in rows.to_dict("records")}
            for t, r in pairs:
                key = base.iloc[r]["row_id"].rsplit(":q", 1)[0]
                for q in quarters:
                    if (key, str(q)) in by_id:
                        by_row[t][q] = by_id[(key, str(q))]
        else:
            pairs = align(_truth_frame(report, None), rows)
            for t, r in pairs:
                by_row[t][None] = rows.iloc[r].to_dict()

    # Structure and value cells.
    for index, t in enumerate(truth):
        got = next(iter(by_row[index].values()), None)
        if got is not None and all(letters(t[name]) == letters(got.get(name, "")) for name in STRUCTURE):
            out.structure_right += 1
    for column in report.columns:
        if not column.numeric or column.field not in schema:
            continue
        for index, t in enumerate(truth):
            want = _decimal(t["values"].get((column.field, column.quarter), ""))
            if want is None:
                continue
            out.value_total += 1
            got = by_row[index].get(column.quarter) if report.family == "quarterly" or column.quarter else next(iter(by_row[index].values()), None)
            if got is not None and _decimal(got.get(column.field, "")) == want:
                out.value_right += 1

    unknown = _problem_headers(result.problems)
    for col, column in enumerate(report.columns):
        header = " > ".join(" ".join(p.split()) for p in paths[col])
        out_field = column.field
        if out_field == "penanggung_jawab" and "penanggung_jawab" not in rows.columns:
            out_field = "keterangan"
        in_schema = out_field in schema or out_field in NAME_FIELDS or out_field == "no"
        cells = _column_cells(report, column, by_row, out_field)
        if refused:
            out.columns.append(ColumnScore(column.field, column.quarter, header, report.column_held_out(col), "refused", False, in_schema))
            continue
        if cells:
            right = sum(ok for ok in cells) / len(cells) >= COLUMN_SHARE and in_schema
            detail = f"{sum(cells)}/{len(cells)}"
            out.columns.append(ColumnScore(column.field, column.quarter, header, report.column_held_out(col), "values", right, in_schema, detail))
        else:
            out.columns.append(ColumnScore(column.field, column.quarter, header, report.column_held_out(col), "report",
                                           not _named_unknown(paths[col], unknown), in_schema))
    return out


def _column_cells(report: Report, column, by_row: list[dict], out_field: str) -> list[bool]:
    """For every truth row with something in this column: whether it came out in its field."""
    printed_elsewhere = {c.field for c in report.columns if c.field in ("program", "kegiatan")}
    cells = []
    for index, t in enumerate(report.body.truth):
        rows = by_row[index]
        got = rows.get(column.quarter) if column.quarter else next(iter(rows.values()), None)
        if column.numeric:
            want = _decimal(t["values"].get((column.field, column.quarter), ""))
            if want is None:
                continue
            cells.append(got is not None and _decimal(got.get(out_field, "")) == want)
        elif column.field in NAME_FIELDS:
            level_field = LEVEL_FIELD.get(t["level"])
            if level_field is None or (column.field != "item" and column.field != level_field):
                continue
            if column.field == "item" and level_field in printed_elsewhere:
                continue  # a Program column beside the item column holds the programs' names
            want = t[level_field]
            if not want or (report.family == "side_by_side" and not _printed_name(report, index)):
                continue
            cells.append(got is not None and _same_text(want, got.get(level_field, "")))
        else:
            want = t.get("texts", {}).get(column.field) if column.field in ("penanggung_jawab", "keterangan", "kode_printed") and report.family == "side_by_side" else t.get(column.field, "")
            if not want or not letters(want):
                continue
            cells.append(got is not None and _same_text(want, got.get(out_field, "")))
    return cells


def _printed_name(report: Report, index: int) -> bool:
    return bool(report.body.printed[index].get("item"))
