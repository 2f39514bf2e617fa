"""Findings that rest on doubtful input are not errors: they are kept, as `info`, saying why.

- A value OCR read with low confidence is withheld from rows.csv (extract lists it in
  the row's `low_confidence` column and in problems.csv), so a rule sees a gap there,
  or a sum without it: the auditor looks at the scan.
- A sum whose rows' levels rest on weak evidence only (rows.csv `level_basis`: the
  budget sums themselves, a guess from the layout) may come of a misread structure:
  the finding names that evidence in its `level_basis` column, for review
  (rules/sums.py marks them; `structure_note` says why in the message).
"""

from __future__ import annotations

import pandas as pd

from rekon.extract.schema import ALL_NUMERIC_FIELDS

SOFTENED_SEVERITY = "info"
NOTE = {
    "id": " (baris ini memuat angka hasil OCR yang kurang meyakinkan: {cells}; periksa pada pindaian)",
    "en": " (this row holds numbers read by OCR with low confidence: {cells}; check them on the scan)",
}


def doubtful_rows(rows: pd.DataFrame) -> dict[str, str]:
    """row_id -> its doubtful cells (`field=text (confidence); ...`), for rows that have any."""
    if "low_confidence" not in rows.columns:
        return {}
    marked = rows.loc[rows["low_confidence"].fillna("").astype(str) != "", ["row_id", "low_confidence"]]
    return dict(zip(marked["row_id"].astype(str), marked["low_confidence"].astype(str)))


def soften(findings: pd.DataFrame, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    doubtful = doubtful_rows(rows)
    if not doubtful or findings.empty:
        return findings
    on_value = findings["field"].isin(ALL_NUMERIC_FIELDS) | (findings["field"].fillna("") == "")
    hit = findings["row_id"].isin(doubtful.keys()) & on_value
    if not hit.any():
        return findings
    findings = findings.copy()
    findings.loc[hit, "severity"] = SOFTENED_SEVERITY
    note = NOTE.get(lang, NOTE["id"])
    findings.loc[hit, "message"] = [m + note.format(cells=doubtful[r]) for m, r in zip(findings.loc[hit, "message"], findings.loc[hit, "row_id"])]
    return findings


LEVEL_BASIS = "level_basis"  # the detail (and findings column) naming the weak evidence a finding's structure rests on
_BASIS_NAMES = {
    "sums": {"id": "jumlah anggaran", "en": "budget sums"},
    "style": {"id": "bunyi indikatornya", "en": "the wording of its indicator"},
    "position": {"id": "letaknya dalam tabel", "en": "its place in the table"},
}
STRUCTURE_NOTE = {
    "id": " (belum pasti: tingkat sebagian baris yang dijumlahkan hanya ditentukan dari {basis}, bukan dari nomenklatur, "
          "kolom atau triwulan lain; mungkin salah baca struktur, perlu ditinjau)",
    "en": " (not sure: the level of some rows summed rests only on {basis}, not on the nomenclature, the columns or other "
          "quarters; the structure may be misread, to be reviewed)",
}


def structure_note(bases: str, lang: str) -> str:
    """The message's addition for a finding whose structure rests on `bases` (`sums, style`)."""
    lang = "en" if lang == "en" else "id"
    names = [_BASIS_NAMES.get(b.strip(), {"id": b.strip(), "en": b.strip()})[lang] for b in bases.split(",") if b.strip()]
    joined = (" dan " if lang == "id" else " and ").join(names)
    return STRUCTURE_NOTE[lang].format(basis=joined)
