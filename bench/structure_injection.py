"""Structure perturbed on purpose: does every row keep its place, and does no finding come of a misread?

    python -m bench.structure_injection [--sets 60] [--seed 1] [--producer NAME] [--write]

Each set is the four sample sources (data/source/) changed the ways reports of other agencies
differ, printed, read back through extract -> match -> check, and scored against the truth
the sources give:

- names reworded in one quarter (bench/structure_names.py: a suffix, words reordered, a short
  form, a typo), so that a name is in no list exactly and differs from the other quarters;
- printed by another producer with other column widths, font and page height
  (bench/structure_render.py), so that narrow columns break words at other places and page
  breaks fall at other rows: inside items, merged cells and rows;
- every other set also carries the rules harness's injected inconsistencies (bench/injection.py),
  one of each kind, so that recall is measured on perturbed structure too.

Scores, over all sets and per producer:

- *structure*: truth rows read with level, program, kegiatan and sub kegiatan all right (rows
  lined up in printed order as bench/producers.py does). A name counts as right when it is the
  printed name; a space read where the source glues two words without one (`KeuanganBulanan`)
  is no error, since nothing printed tells it apart from a line break;
- *findings*: recall of the injected inconsistencies; precision of the findings that the clean
  sources, read and matched without fault (their truth rows and indicator ids), do not have: true when an
  injection or a reworded name (`nonstandard_name`) explains them, false otherwise. Both count
  the findings rekon asserts: one whose structure rests on weak evidence (its `level_basis`) is
  left for review, counted apart (*findings for review*), and finds nothing for recall;
- *alignment*: the links between consecutive quarters of each indicator (the sources'
  indicator ids) among rows both read: recall of links made (accepted or sent to review),
  precision of the accepted ones.

Rendered sets are kept in build/bench/structure/ (per seed), so that a run before a change and
one after read the same PDFs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from bench.injection import KINDS as RULE_KINDS
from bench.injection import Injection, inject, read_sources
from bench.producers import align
from bench.structure_names import Renamed, rename
from bench.structure_render import PRODUCERS, RENDER_VERSION, Printing, draw
from samples.truth import one_line, truth_rows

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("REKON_STRUCTURE_CACHE", ROOT / "build" / "bench" / "structure"))
QUARTERS = (1, 2, 3, 4)
STRUCTURE_FIELDS = ("level", "program", "kegiatan", "sub_kegiatan")
NAME_FIELDS = ("program", "kegiatan", "sub_kegiatan")
MONEY_FIELDS = {"target_pagu", "realisasi_pagu", "capaian_pagu"}
BUDGET_RULES = {"spending_without_output", "output_without_spending"}
RENAMES_PER_SET = 5
TITLE = "Structure perturbed: rows in place, findings, alignment"  # bench/__main__.py STRUCTURE_TITLE

Key = tuple[str, int, str]  # (rule, quarter, indicator id), as bench/injection.py keys findings


# --- one set -------------------------------------------------------------------------------------------


@dataclass
class PerturbedSet:
    seed: int
    printing: Printing
    sources: dict[int, pd.DataFrame]
    renamed: list[Renamed]
    injections: list[Injection]


# The rules' injections whose findings stand within the quarter changed (a set of fewer quarters takes these only).
WITHIN_QUARTER = ("capaian_typed", "capaian_left_blank", "spreadsheet_error", "capaian_pagu_typed", "overspent", "total_off",
                  "sub_kegiatan_off", "kegiatan_off", "kegiatan_spent_off", "program_off", "program_spent_off", "sasaran_off")


def make_set(seed: int, clean: dict[int, pd.DataFrame], avoid: set[Key], producer: str | None = None,
             renames: int = RENAMES_PER_SET, quarters: tuple[int, ...] = QUARTERS) -> PerturbedSet:
    """One perturbed set of `quarters` of the four `clean` sources, all drawn from `seed`."""
    rng = random.Random(seed)
    printing = draw(rng, producer)
    sources, renamed = rename({q: s for q, s in clean.items() if q in quarters}, rng, renames)
    injections: list[Injection] = []
    if seed % 2 == 0:  # every other set carries the rules' injections too
        kinds = list(RULE_KINDS) if quarters == QUARTERS else [k for k in WITHIN_QUARTER if k in RULE_KINDS]
        injected, injections = inject({**clean, **sources}, kinds, rng, avoid, quarters)
        sources = {q: injected[q] for q in quarters}
    return PerturbedSet(seed, printing, sources, renamed, injections)


def rendered(perturbed: PerturbedSet) -> dict[int, Path]:
    """The set's PDFs, rendered once and kept in build/bench/structure/set-<seed>/ with what made them."""
    folder = CACHE / f"set-{perturbed.seed}"
    manifest = folder / "set.json"
    described = {"version": RENDER_VERSION, "printing": asdict(perturbed.printing), "renamed": [asdict(r) for r in perturbed.renamed],
                 "injections": [[i.kind, i.quarter, i.indicator_id] for i in perturbed.injections],
                 # What is printed, cell by cell: a changed generator (an injection's sums) renders the set again.
                 "sources": hashlib.sha1("".join(perturbed.sources[q].to_csv(index=False) for q in sorted(perturbed.sources)).encode()).hexdigest()}
    pdfs = {q: folder / f"dp3akb-serang-2022-tw{q}.pdf" for q in perturbed.sources}
    if manifest.exists() and json.loads(manifest.read_text()) == json.loads(json.dumps(described)) and all(p.exists() for p in pdfs.values()):
        return pdfs
    shutil.rmtree(folder, ignore_errors=True)
    pdfs = perturbed.printing.render(perturbed.sources, folder)
    for extra in folder.glob("*.xlsx"):
        extra.unlink()
    manifest.write_text(json.dumps(described, indent=1, ensure_ascii=False))
    return pdfs


def read_back(pdfs: dict[int, Path]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """rows, links and findings of the four PDFs, as `rekon run` makes them."""
    import rekon
    from rekon.reconcile import match_rows
    from rekon.rules import check

    rows = rekon.extract(list(pdfs.values())).frame
    matched = match_rows(rows)
    return rows, matched.links, check(rows, matched.panel)


# --- scoring -------------------------------------------------------------------------------------------------


_GLUE = re.compile(r"(?<=[a-z,./)])(?=[A-Z(])|(?<=[,/])")


def same_name(truth: str, read: str, shortest_glued: int = 2) -> bool:
    """The printed name, or the printed name with a space where the source glues two words
    without one (`KeuanganBulanan/`, `danIkhtisar`, `PENINGKATANKELUARGA`): a line may break
    there, and nothing printed tells a space from a break."""
    # Beside a `/` where a line breaks, a space or none looks the same (`KABUPATEN/ KOTA`, `Bulanan /Triwulanan`).
    truth, read = (one_line(t).replace("/ ", "/").replace(" /", "/") for t in (truth, read))
    if truth == read:
        return True
    if truth.replace(" ", "") != read.replace(" ", "") or len(read) <= len(truth):
        return False
    glue_points = {m.start() for m in _GLUE.finditer(truth)}
    glue_points |= _word_joins(truth, shortest_glued)
    # Walk both texts: every space read that the truth lacks must fall at a glue point.
    t = 0
    for ch in read:
        if t < len(truth) and ch == truth[t]:
            t += 1
        elif ch == " " and t in glue_points:
            continue
        else:
            return False
    return t == len(truth)


def _word_joins(text: str, shortest_second: int = 2) -> set[int]:
    """Positions inside a token where two words of the national list meet (`PENINGKATANKELUARGA`,
    `Bergerakdi`: a second word of two letters too, as the reader's words.joins takes it)."""
    from rekon.extract.nomenclature import vocabulary

    words = vocabulary()
    found, offset = set(), 0
    for token in text.split(" "):
        bare = token.strip(".,;:()").casefold()
        start = offset + token.casefold().find(bare) if bare else offset
        for i in range(3, len(bare) - shortest_second + 1):
            if bare[:i] in words and bare[i:] in words:
                found.add(start + i)
        offset += len(token) + 1
    return found


@dataclass
class Tally:
    sets: int = 0
    files: int = 0
    truth_rows: int = 0
    structure_right: int = 0
    structure_right_strict: int = 0
    right: Counter = field(default_factory=Counter)
    spurious: int = 0
    missing: int = 0
    injected: int = 0
    injected_found: int = 0
    new_findings: int = 0
    false_findings: int = 0
    review_findings: int = 0
    true_links: int = 0
    links_found: int = 0
    links_accepted: int = 0
    accepted_right: int = 0
    links_review: int = 0
    false_links: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.right.update(other.right)
        self.details += other.details


def _budget_first(source: pd.DataFrame) -> list[int]:
    firsts, current = [], 0
    for index, pagu in enumerate(source["target_pagu"]):
        current = current if pagu == "^" and index > 0 else index
        firsts.append(current)
    return firsts


def score_set(perturbed: PerturbedSet, rows: pd.DataFrame, links: pd.DataFrame, findings: pd.DataFrame, reference: set[Key]) -> Tally:
    tally = Tally(sets=1, files=len(perturbed.sources))
    label = f"set {perturbed.seed} ({perturbed.printing.describe()})"
    where: dict[str, tuple[int, str]] = {}  # row_id -> (quarter, indicator id); `#budget` for its budget cell's first row
    for quarter in perturbed.sources:
        source = perturbed.sources[quarter]
        truth = truth_rows(source)
        read = rows[rows["quarter"].astype(str) == str(quarter)].reset_index(drop=True).astype(str)
        pairs = align(truth, read)
        tally.truth_rows += len(truth)
        tally.spurious += len(read) - len(pairs)
        tally.missing += len(truth) - len(pairs)
        aligned = {t for t, _ in pairs}
        firsts = _budget_first(source)
        for t, r in pairs:
            expected, got = truth.iloc[t], read.iloc[r]
            ok = {"level": expected["level"] == got["level"], **{f: same_name(expected[f], got[f]) for f in NAME_FIELDS}}
            tally.right.update(name for name, good in ok.items() if good)
            tally.structure_right += all(ok.values())
            # The same row scored as before `Bergerakdi` was forgiven (a glued second word of three letters or more only).
            tally.structure_right_strict += all(ok.values()) and all(same_name(expected[f], got[f], 3) for f in NAME_FIELDS)
            if not all(ok.values()):
                wrong = "; ".join(f"{f}: {one_line(expected[f])!r} read {got[f]!r}" for f, good in ok.items() if not good)
                tally.details.append(f"structure: {label} TW {quarter} {expected['indicator_id']}: {wrong}")
            where[got["row_id"]] = (quarter, expected["indicator_id"])
            where[got["row_id"] + "#budget"] = (quarter, source.at[firsts[t], "indicator_id"])
        for t in sorted(set(range(len(truth))) - aligned):
            tally.details.append(f"missing row: {label} TW {quarter} {truth.iloc[t]['indicator_id']}")
        for r in sorted(set(range(len(read))) - {r for _, r in pairs}):
            tally.details.append(f"spurious row: {label} TW {quarter} p{read.iloc[r]['page']} {read.iloc[r]['indikator'][:60]!r}")
    _score_findings(tally, perturbed, findings, where, reference, label)
    _score_links(tally, perturbed, links, where, label)
    return tally


def finding_keys(findings: pd.DataFrame, where: dict[str, tuple[int, str]]) -> list[Key]:
    keys = []
    for finding in findings.itertuples():
        money = finding.field in MONEY_FIELDS or finding.rule in BUDGET_RULES
        place = where.get(finding.row_id + ("#budget" if money else ""))
        keys.append((finding.rule, *place) if place else (finding.rule, 0, f"unread:{finding.row_id}"))
    return keys


def _score_findings(tally: Tally, perturbed: PerturbedSet, findings: pd.DataFrame, where: dict, reference: set[Key], label: str) -> None:
    # A finding whose structure rests on weak evidence is left for review (its `level_basis`), not asserted.
    doubtful = findings["level_basis"].fillna("").astype(str) != "" if "level_basis" in findings else pd.Series(False, index=findings.index)
    for key in set(finding_keys(findings[doubtful], where)) - reference:
        tally.review_findings += 1
        tally.details.append(f"finding left for review: {label} {key}")
    findings = findings[~doubtful]
    found = set(finding_keys(findings, where))
    explained: set[Key] = set()
    for injection in perturbed.injections:
        tally.injected += 1
        explained |= injection.expected | injection.follows
        if injection.expected <= found:
            tally.injected_found += 1
        else:
            tally.details.append(f"missed: {label} {injection.kind} TW {injection.quarter} {injection.indicator_id}: {sorted(injection.expected - found)}")
    for renamed in perturbed.renamed:
        explained |= {("nonstandard_name", renamed.quarter, ident) for ident in renamed.indicator_ids}
    severity = dict(zip(finding_keys(findings, where), findings["severity"]))
    for key in sorted(found - reference):
        tally.new_findings += 1
        if key not in explained:
            tally.false_findings += 1
            tally.details.append(f"false finding: {label} {key} ({severity.get(key, '')})")


def _score_links(tally: Tally, perturbed: PerturbedSet, links: pd.DataFrame, where: dict, label: str) -> None:
    read = {row_id: place for row_id, place in where.items() if not row_id.endswith("#budget")}
    by_indicator: dict[str, dict[int, str]] = {}
    for row_id, (quarter, ident) in read.items():
        by_indicator.setdefault(ident, {})[quarter] = row_id
    true_links = set()
    for quarters in by_indicator.values():
        ordered = sorted(quarters)
        true_links |= {(quarters[a], quarters[b]) for a, b in zip(ordered, ordered[1:])}
    made = {(a, b): accepted for a, b, accepted in zip(links["row_id_a"], links["row_id_b"], links["accepted"])}
    tally.true_links += len(true_links)
    for a, b in sorted(true_links):
        if (a, b) in made:
            tally.links_found += 1
        else:
            tally.details.append(f"link missed: {label} {read[a]} -> TW {read[b][0]}")
    for (a, b), accepted in made.items():
        right = (a, b) in true_links
        tally.links_accepted += bool(accepted)
        tally.accepted_right += bool(accepted) and right
        tally.links_review += not accepted
        if accepted and not right:
            tally.false_links += 1
            tally.details.append(f"false link: {label} {read.get(a, a)} -> {read.get(b, b)}")


# --- the reference: what a perfect reader and matcher find in the clean sources -------------------------------


def perfect_rows(sources: dict[int, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rows.csv and panel.csv as a reader and a matcher without fault make them from the sources:
    the truth's rows, their nomenclature codes, one chain per indicator id."""
    from bench.matching import truth_to_rows
    from rekon.extract.structure import row_codes

    from rekon.extract.numbers import CellKind, Convention, parse_cell
    from rekon.extract.schema import NUMERIC_FIELDS

    parts = []
    for quarter, source in sources.items():
        rows = truth_to_rows(truth_rows(source), quarter)
        rows["source_file"] = f"tw{quarter}.pdf"
        errors = [[] for _ in range(len(rows))]
        for name in NUMERIC_FIELDS:  # values as rows.csv holds them: plain numbers, spreadsheet errors apart
            cells = [parse_cell(text, Convention.COMMA_THOUSANDS) for text in rows[name]]
            rows[name] = [cell.plain for cell in cells]
            for index, cell in enumerate(cells):
                if cell.kind is CellKind.SPREADSHEET_ERROR:
                    errors[index].append(f"{name}={cell.raw}")
        rows["cell_errors"] = ["; ".join(e) for e in errors]
        parts.append(rows)
    rows = pd.concat(parts, ignore_index=True)
    rows["kode"] = row_codes(rows.to_dict("records"))
    chains = rows.pivot_table(index="indicator_id", columns="quarter", values="row_id", aggfunc="first").fillna("")
    panel = pd.DataFrame({"indicator_key": chains.index})
    for quarter in QUARTERS:
        panel[f"row_id_q{quarter}"] = chains[str(quarter)].to_numpy() if str(quarter) in chains else ""
    panel["status"] = "matched"
    return rows, panel


def clean_sources(head: int | None = None) -> dict[int, pd.DataFrame]:
    """The four sample sources; with `head`, each cut before its first program from row `head` on
    (a short report of whole items, for a quick run)."""
    sources = read_sources()
    if head is None:
        return sources
    cut = {}
    for quarter, source in sources.items():
        later = source.index[(source.index >= head) & (source["level"] == "program")]
        cut[quarter] = source.iloc[: later[0] if len(later) else len(source)].reset_index(drop=True)
    return cut


@cache
def reference_keys(quarters: tuple[int, ...] = QUARTERS, head: int | None = None) -> frozenset[Key]:
    """The findings of the clean sources, read and matched without fault: what is true of them."""
    from rekon.rules import check

    clean = {q: s for q, s in clean_sources(head).items() if q in quarters}
    rows, panel = perfect_rows(clean)
    findings = check(rows.drop(columns="indicator_id"), panel)
    where = {}
    for quarter in quarters:
        firsts = _budget_first(clean[quarter])
        ids = clean[quarter]["indicator_id"].tolist()
        for index, row_id in enumerate(rows.loc[rows["quarter"] == str(quarter), "row_id"]):
            where[row_id] = (quarter, ids[index])
            where[row_id + "#budget"] = (quarter, ids[firsts[index]])
    return frozenset(finding_keys(findings, where))


# --- running and reporting -------------------------------------------------------------------------------------


def _tally_record(producer: str, seed: int, tally: Tally) -> str:
    return json.dumps({"producer": producer, "seed": seed, **{k: (dict(v) if isinstance(v, Counter) else v) for k, v in vars(tally).items()}})


def _tally_of(record: dict) -> Tally:
    values = {k: v for k, v in record.items() if k not in ("producer", "seed")}
    values["right"] = Counter(values.get("right", {}))
    return Tally(**values)


def run(sets: int, seed: int, producer: str | None = None, progress: bool = True, quarters: tuple[int, ...] = QUARTERS,
        renames: int = RENAMES_PER_SET, head: int | None = None, tallies_file: Path | None = None,
        only: set[int] | None = None) -> tuple[dict[str, Tally], float]:
    """`sets` perturbed sets from `seed` on (with `only`, those of them only); `quarters`, `renames` and
    `head` (clean_sources) make a smaller run.
    With `tallies_file`, each set's tally is kept there as it is made, and sets found there are not run
    again (a long run can stop and resume)."""
    clean = clean_sources(head)
    reference = set(reference_keys(quarters, head))
    tallies: dict[str, Tally] = {}
    done: set[int] = set()
    if tallies_file is not None and tallies_file.exists():
        for line in tallies_file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if seed <= record["seed"] < seed + sets and record["seed"] not in done:
                done.add(record["seed"])
                tallies.setdefault(record["producer"], Tally()).add(_tally_of(record))
    started = time.perf_counter()
    for n in range(sets):
        if seed + n in done or (only is not None and seed + n not in only):
            continue
        perturbed = make_set(seed + n, clean, reference, producer, renames, quarters)
        try:
            pdfs = rendered(perturbed)
        except Exception as error:  # a renderer that fails on a drawn layout is the harness's problem, said
            tally = tallies.setdefault(perturbed.printing.producer, Tally())
            tally.details.append(f"not rendered: set {perturbed.seed}: {type(error).__name__}: {error}")
            continue
        rows, links, findings = read_back(pdfs)
        tally = score_set(perturbed, rows, links, findings, reference)
        tallies.setdefault(perturbed.printing.producer, Tally()).add(tally)
        if tallies_file is not None:
            with tallies_file.open("a", encoding="utf-8") as handle:
                handle.write(_tally_record(perturbed.printing.producer, perturbed.seed, tally) + "\n")
        if progress:
            print(f"set {perturbed.seed}: {perturbed.printing.describe()}: structure {tally.structure_right}/{tally.truth_rows}, "
                  f"false findings {tally.false_findings}, links {tally.links_found}/{tally.true_links}", flush=True)
    return tallies, time.perf_counter() - started


def _share(right: int, total: int, digits: int = 3) -> str:
    return f"{right / total:.{digits}f}" if total else "-"


def table(tallies: dict[str, Tally]) -> pd.DataFrame:
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    lines = []
    for name, tally in [*sorted(tallies.items(), key=lambda kv: PRODUCERS.index(kv[0])), ("all", total)]:
        lines.append({
            "producer": name,
            "sets": tally.sets,
            "rows": tally.truth_rows,
            "structure": f"{100 * tally.structure_right / max(tally.truth_rows, 1):.2f}%",
            **{f: f"{100 * tally.right[f] / max(tally.truth_rows, 1):.2f}%" for f in STRUCTURE_FIELDS},
            "spurious": tally.spurious,
            "missing": tally.missing,
            "injected": tally.injected,
            "recall": _share(tally.injected_found, tally.injected),
            "new findings": tally.new_findings,
            "false": tally.false_findings,
            "precision": _share(tally.new_findings - tally.false_findings, tally.new_findings),
            "findings for review": tally.review_findings,
            "true links": tally.true_links,
            "link recall": _share(tally.links_found, tally.true_links),
            "accepted precision": _share(tally.accepted_right, tally.links_accepted),
            "in review": tally.links_review,
        })
    return pd.DataFrame(lines)


def section(sets: int, seed: int, producer: str | None = None, label: str = "", show: int = 40, tallies_file: Path | None = None,
            only: set[int] | None = None) -> str:
    tallies, seconds = run(sets, seed, producer, tallies_file=tallies_file, only=only)
    command = f"python -m bench.structure_injection --sets {sets} --seed {seed}" + (f" --producer {producer}" if producer else "")
    command += f" --only-sets {','.join(map(str, sorted(only)))}" if only else ""
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    kinds = Counter(line.split(":", 1)[0] for line in total.details)
    listed = "\n".join(f"- {line}" for line in total.details[:show]) or "- none"
    return (
        f"{label}`{command}` ({total.sets} sets, {total.files} PDFs; {seconds:.0f} s in the last sitting).\n\n"
        + table(tallies).to_markdown(index=False, disable_numparse=True)
        + f"\n\nExact counts: structure {total.structure_right}/{total.truth_rows}"
        f" ({total.structure_right_strict}/{total.truth_rows} = {100 * total.structure_right_strict / max(total.truth_rows, 1):.2f}%"
        " where a space read inside a glued word of two letters, `Bergerak di` for `Bergerakdi`, counts wrong);"
        f" recall {total.injected_found}/{total.injected}; false findings {total.false_findings} of {total.new_findings};"
        f" links found {total.links_found}/{total.true_links}; accepted links right {total.accepted_right}/{total.links_accepted}."
        + "\n\nWhat went wrong, by kind: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) or "nothing")
        + f" (the first {show}):\n\n" + listed
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--producer", choices=PRODUCERS)
    parser.add_argument("--show", type=int, default=40, help="how many of the errors to list")
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    parser.add_argument("--tallies", type=Path, help="keep each set's tally in this file; sets already in it are not run again")
    parser.add_argument("--only-sets", help="run these seeds only (comma separated, e.g. 64,68,75), of --sets from --seed")
    args = parser.parse_args()
    only = {int(n) for n in args.only_sets.split(",")} if args.only_sets else None
    body = section(args.sets, args.seed, args.producer, show=args.show, tallies_file=args.tallies, only=only)
    print(body)
    if args.write:
        from bench.injection import write_section

        write_section(TITLE, with_notes(body))


BEFORE = Path(__file__).resolve().parent / "structure_before.md"


def with_notes(body: str) -> str:
    """The RESULTS.md section: the table, what it measures, and the same bench on the code before issue 25."""
    body += "\n\n" + (__doc__ or "").strip()
    if BEFORE.exists():
        body += "\n\n" + BEFORE.read_text(encoding="utf-8").strip()
    return body


if __name__ == "__main__":
    main()
