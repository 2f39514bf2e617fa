"""Which of the form's relations a printed Renja evaluation form breaks, computed apart from rekon's rules.

The harness's own reference: exact decimal arithmetic on the cells as printed (the truth of
samples/renja_full), and the kind of each indicator as the generator made it (a count adds up
over the quarters; a level, a stock or a year-end value does not), not as rekon guesses it from
the words. What an injection breaks is the difference of these sets before and after it.

A violation is keyed as the harness keys findings: (rule, 0, "r<row>"), the row being the
printed row of the cell (the first row of a merged Rp cell for an amount).
"""

from __future__ import annotations

from decimal import Decimal

from samples.renja_full.form import MERGE

Key = tuple[str, int, str]
QUARTERS = (1, 2, 3, 4)
RP_TOLERANCE = Decimal(1)
K_TOLERANCE = Decimal("0.01")
CAPAIAN_SLACK = Decimal("0.015")  # half the last printed digit, plus the rule's tolerance


def value(text: str) -> Decimal | None:
    text = (text or "").strip().rstrip("%")
    if text in ("", "-", MERGE):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def _key(rule: str, row: dict) -> Key:
    return (rule, 0, f"r{row['row']}")


def _nil(row: dict, field: str) -> Decimal:
    return value(row[field]) or Decimal(0)


def _ratio_breaks(printed: Decimal, part: Decimal, whole: Decimal, either_direction: bool) -> bool:
    exact = part / whole * 100
    off = abs(printed - exact) > CAPAIAN_SLACK
    if either_direction:  # rekon accepts (2 - r/t) x 100 for an indicator where lower is better
        off = off and abs(printed - (200 - exact)) > CAPAIAN_SLACK
    return off


def row_violations(row: dict, kind: str | None, printed: set[str], first: bool) -> set[Key]:
    """The relations inside one printed row; `kind` is its indicator's (None: no indicator)."""
    found: set[Key] = set()
    if row["level"] == "sasaran":
        return found
    additive = kind == "count"
    quarters_shown = [q for q in QUARTERS if f"realisasi_pagu_q{q}" in printed]
    for suffix, applies, tolerance in (("pagu", first, RP_TOLERANCE), ("kinerja", kind is not None and additive, K_TOLERANCE)):
        year = f"realisasi_tahun_{suffix}"
        if applies and year in printed and quarters_shown:
            total = sum(_nil(row, f"realisasi_{suffix}_q{q}") for q in quarters_shown)
            if abs(_nil(row, year) - total) > tolerance:
                found.add(_key("year_sum_mismatch", row))
        renstra, last = f"realisasi_renstra_{suffix}", f"realisasi_renstra_lalu_{suffix}"
        if applies and renstra in printed and (row[last] or row[year]) and abs(_nil(row, renstra) - _nil(row, last) - _nil(row, year)) > tolerance:
            found.add(_key("renstra_sum_mismatch", row))
    for capaian, realised, target in (("capaian_renstra", "realisasi_renstra", "target_renstra"), ("capaian", "realisasi_tahun", "target")):
        for suffix, applies in (("pagu", first), ("kinerja", kind is not None)):
            shown, whole = value(row[f"{capaian}_{suffix}"]), value(row[f"{target}_{suffix}"])
            if applies and shown is not None and whole and f"{realised}_{suffix}" in printed:
                if _ratio_breaks(shown, _nil(row, f"{realised}_{suffix}"), whole, suffix == "kinerja"):
                    found.add(_key("renja_capaian_mismatch", row))
    target = value(row["target_pagu"])
    if first and target is not None:
        spent = [value(row[f"realisasi_pagu_q{q}"]) for q in QUARTERS] + [value(row["realisasi_tahun_pagu"])]
        if any(s is not None and s > target for s in spent):
            found.add(_key("quarter_exceeds_target", row))
    if kind is not None and not additive:
        levels = [value(row[f"realisasi_kinerja_q{q}"]) for q in QUARTERS]
        levels = [v for v in levels if v is not None]
        year = value(row["realisasi_tahun_kinerja"])
        if len(levels) >= 2 and year is not None and year == levels[-1] and any(b < a for a, b in zip(levels, levels[1:])):
            found.add(_key("cumulative_kinerja_decreased", row))
    return found


def _group_quarter_violations(rows: list[dict], levels: tuple[str, ...]) -> set[Key]:
    """spending_without_output and output_without_spending, per budget cell and quarter, as the rules define them."""
    found: set[Key] = set()
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["budget_group"], []).append(row)
    for group in groups.values():
        head = group[0]
        if head["level"] not in levels:
            continue
        for q in QUARTERS:
            outputs = [value(r[f"realisasi_kinerja_q{q}"]) for r in group]
            spent = value(head[f"realisasi_pagu_q{q}"])
            measured = any(value(r["target_kinerja"]) is not None or o is not None for r, o in zip(group, outputs))
            if spent and spent > 0 and measured and not any(o for o in outputs):
                found.add(_key("spending_without_output", head))
            budget = value(head["target_pagu"])
            producing = [r for r, o in zip(group, outputs) if o]
            if producing and not spent and budget and budget > 0:
                found.add(_key("output_without_spending", producing[0]))
    return found


_YEAR_MONEY = ("target_renstra_pagu", "realisasi_renstra_lalu_pagu", "realisasi_tahun_pagu", "realisasi_renstra_pagu")


def _sum_violations(firsts: list[dict], printed: set[str]) -> set[Key]:
    """Parents (kegiatan, program, the agency) against their children: each quarter's Rp and the
    target (sum_mismatch, total_mismatch), the year's Rp columns (renja_sum_mismatch)."""
    found: set[Key] = set()
    quarterly = ["target_pagu", *(f"realisasi_pagu_q{q}" for q in QUARTERS)]
    for parent in firsts:
        level = parent["level"]
        if level == "kegiatan":
            children = [r for r in firsts if r["level"] == "sub_kegiatan" and r["kegiatan"] == parent["kegiatan"] and r["program"] == parent["program"]]
        elif level == "program":
            children = [r for r in firsts if r["level"] == "kegiatan" and r["program"] == parent["program"]]
        elif level == "total":
            children = [r for r in firsts if r["level"] == "program"]
        else:
            continue
        if not children:
            continue
        for fields, rule in ((quarterly, "total_mismatch" if level == "total" else "sum_mismatch"), (_YEAR_MONEY, "renja_sum_mismatch")):
            for field in fields:
                if field not in printed or value(parent[field]) is None and all(value(c[field]) is None for c in children):
                    continue
                if abs(_nil(parent, field) - sum(_nil(c, field) for c in children)) > RP_TOLERANCE:
                    found.add(_key(rule, parent))
    return found


def violations(truth: list[dict], kinds: list[str | None], printed_fields: list[str]) -> set[Key]:
    """Every relation the printed form breaks (`kinds`: each row's indicator kind, None for a row without one)."""
    printed = set(printed_fields)
    firsts = [row for row in truth if row["budget_group"] == row["row"]]
    found: set[Key] = set()
    for row, kind in zip(truth, kinds):
        found |= row_violations(row, kind, printed, row["budget_group"] == row["row"])
    found |= _group_quarter_violations(truth, ("program", "kegiatan", "sub_kegiatan"))
    return found | _sum_violations(firsts, printed)
