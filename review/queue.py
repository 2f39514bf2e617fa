"""What the review page shows, as plain dicts: the doubtful links with both rows and the
runner-ups, the findings with their filters, each with the decision or verdict on file.

Built once from OUT_DIR's CSVs when `rekon review` starts; decisions and verdicts are
kept here and written through to overrides.csv / verdicts.csv as they are made.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from rekon.report.evidence import CropRequest, build_evidence, plan_crops
from rekon.report.inputs import RunOutputs, read_outputs
from rekon.report.labels import labels_for, quarter_name, quarters_label
from rekon.extract.schema import FULL_FORM_NUMERIC_FIELDS
from rekon.report.values import SEVERITIES, findings_in_reading_order, number_text
from rekon.report.year_columns import quarters_beside_year
from rekon.review import files
from rekon.review.marks import VERDICTS

ROW_TEXT_FIELDS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator", "satuan", "formula", "keterangan", "penanggung_jawab")
ROW_NUMBER_FIELDS = ("target_kinerja", "realisasi_kinerja", "capaian_kinerja", "target_pagu", "realisasi_pagu", "capaian_pagu")
# The full Renja evaluation form's year columns: shown where the row prints them.
YEAR_NUMBER_FIELDS = tuple(f for f in FULL_FORM_NUMERIC_FIELDS)
LINK_DECISIONS = ("same", "different")
MAX_COMMENT = 4000


class NotARun(FileNotFoundError):
    """OUT_DIR holds no run to review."""


class Unknown(LookupError):
    """A row, link or finding the run does not have."""


@dataclass
class ReviewData:
    out_dir: Path
    lang: str
    outputs: RunOutputs
    links: list[dict]
    findings: list[dict]
    decisions: dict[frozenset[str], str]
    verdicts: dict[str, dict[str, str]]
    _plan: dict[str, list[CropRequest]] = field(default_factory=dict)
    _crops: dict[str, dict] = field(default_factory=dict)
    _pdf_lock: threading.Lock = field(default_factory=threading.Lock)  # PDFium is not thread-safe

    # -- reading ---------------------------------------------------------------------------
    def row(self, row_id: str) -> dict:
        row = self.outputs.row(row_id)
        if row is None:
            raise Unknown(f"row {row_id!r} is not in rows.csv")
        return {
            "row_id": row_id,
            "quarter": quarter_name(row.get("quarter", "")),
            "file": Path(row.get("source_file", "")).name,
            "page": row.get("page", ""),
            "level": row.get("level", ""),
            **{name: row.get(name, "") for name in ROW_TEXT_FIELDS},
            "values": [{"field": name, "text": number_text(row.get(name, ""), self.lang)} for name in ROW_NUMBER_FIELDS]
            + [{"field": name, "text": number_text(row[name], self.lang)} for name in YEAR_NUMBER_FIELDS if row.get(name, "")],
        }

    def link_items(self) -> list[dict]:
        items = []
        for link in self.links:
            pair = files.pair_key(link["row_id_a"], link["row_id_b"])
            runners = [{**r, "decision": self.decisions.get(files.pair_key(link["row_id_a"], r["row_id"]), "")} for r in link["runners"]]
            decision = self.decisions.get(pair, "")
            # Naming a runner-up as A's counterpart settles the link as much as Same or Different does.
            resolved = bool(decision) or any(r["decision"] == "same" for r in runners)
            items.append({**link, "decision": decision, "runners": runners, "resolved": resolved})
        return items

    def finding_items(self) -> list[dict]:
        items = []
        for finding in self.findings:
            verdict = self.verdicts.get(finding["finding_id"])
            status = "reviewed" if verdict else ("open" if finding.get("review_status") in ("open", "reviewed") else "new")
            items.append({**finding, "status": status, "verdict": (verdict or {}).get("verdict", ""), "comment": (verdict or {}).get("comment", "")})
        return items

    def progress(self) -> dict:
        decided = sum(1 for link in self.link_items() if link["resolved"])
        judged = sum(1 for f in self.findings if f["finding_id"] in self.verdicts)
        return {"links": {"done": decided, "total": len(self.links)}, "findings": {"done": judged, "total": len(self.findings)}}

    def crop(self, row_id: str, fields: tuple[str, ...] = ()) -> dict:
        if self.outputs.row(row_id) is None:
            raise Unknown(f"row {row_id!r} is not in rows.csv")
        return self._crops_for([CropRequest(row_id, fields)])[0]

    def evidence(self, finding_id: str) -> list[dict]:
        if finding_id not in self._plan:
            raise Unknown(f"finding {finding_id!r} is not in discrepancies.csv")
        return self._crops_for(self._plan[finding_id])

    def _crops_for(self, requests: list[CropRequest]) -> list[dict]:
        with self._pdf_lock:
            wanted = [r for r in requests if r.key not in self._crops]
            if wanted:
                made = build_evidence(self.outputs, labels_for(self.lang), {"_": wanted})
                for key, crop in made.crops.items():
                    self._crops[key] = {"caption": crop.caption, "src": crop.data_uri, "note": crop.note}
            return [self._crops[r.key] for r in requests]

    # -- deciding --------------------------------------------------------------------------
    def decide_link(self, row_id_a: str, row_id_b: str, decision: str) -> dict:
        """same / different for a pair the queue shows (a doubtful link or one of its runner-ups); skip leaves it undecided."""
        if decision not in (*LINK_DECISIONS, "skip", "clear"):
            raise ValueError(f"decision must be one of {', '.join((*LINK_DECISIONS, 'skip', 'clear'))}")
        pair = files.pair_key(row_id_a, row_id_b)
        if pair not in self._pairs():
            raise Unknown("this pair is not in the review queue")
        if decision == "skip":
            return self.progress()
        stored = None if decision == "clear" else decision
        files.save_decision(self.out_dir, row_id_a, row_id_b, stored)
        if stored is None:
            self.decisions.pop(pair, None)
        else:
            self.decisions[pair] = stored
        return self.progress()

    def judge_finding(self, finding_id: str, verdict: str, comment: str) -> dict:
        if finding_id not in self._plan:
            raise Unknown(f"finding {finding_id!r} is not in discrepancies.csv")
        if verdict not in (*VERDICTS, "clear"):
            raise ValueError(f"verdict must be one of {', '.join((*VERDICTS, 'clear'))}")
        if len(comment) > MAX_COMMENT:
            raise ValueError(f"comment longer than {MAX_COMMENT} characters")
        line = files.save_verdict(self.out_dir, finding_id, None if verdict == "clear" else verdict, comment)
        if line is None:
            self.verdicts.pop(finding_id, None)
        else:
            self.verdicts[finding_id] = line
        return self.progress()

    def _pairs(self) -> set[frozenset[str]]:
        pairs = set()
        for link in self.links:
            pairs.add(files.pair_key(link["row_id_a"], link["row_id_b"]))
            pairs.update(files.pair_key(link["row_id_a"], r["row_id"]) for r in link["runners"])
        return pairs


def load(out_dir: Path | str, lang: str = "id") -> ReviewData:
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise NotARun(f"{out_dir}: not a directory (run `rekon run FILES -o {out_dir}` first)")
    try:
        outputs = read_outputs(out_dir)
    except FileNotFoundError as error:
        raise NotARun(str(error)) from None
    decisions = files.decisions_by_pair(files.read_overrides(out_dir))
    verdicts = {r["finding_id"]: r for r in files.read_verdicts(out_dir).to_dict("records") if r["verdict"] in VERDICTS}
    data = ReviewData(out_dir, lang, outputs, [], [], {k: v for k, v in decisions.items() if v in LINK_DECISIONS}, verdicts)
    data.links = [_link(record, data) for record in outputs.review.to_dict("records")]
    data.findings = _findings(outputs, lang)
    data._plan = plan_crops(outputs)
    return data


def _link(record: dict, data: ReviewData) -> dict:
    runners = []
    n = 1
    while f"runner_up_{n}_row_id" in record:
        row_id = record[f"runner_up_{n}_row_id"]
        if row_id and data.outputs.row(row_id) is not None:
            runners.append({"row_id": row_id, "score": record.get(f"runner_up_{n}_score", ""), "row": data.row(row_id)})
        n += 1
    parts = {k[len("score_"):]: v for k, v in record.items() if k.startswith("score_") and v != ""}
    return {
        "id": f"{record['row_id_a']}|{record['row_id_b']}",
        "row_id_a": record["row_id_a"], "row_id_b": record["row_id_b"],
        "a": _row_or_gap(data, record["row_id_a"]), "b": _row_or_gap(data, record["row_id_b"]),
        "score": record.get("score", ""), "parts": parts, "runners": runners,
    }


def _row_or_gap(data: ReviewData, row_id: str) -> dict:
    """A row named by review.csv but absent from rows.csv (a hand-edited run) is shown as missing, not a crash."""
    try:
        return data.row(row_id)
    except Unknown:
        return {"row_id": row_id, "missing": True, "values": []}


def _findings(outputs: RunOutputs, lang: str) -> list[dict]:
    items = []
    for f in findings_in_reading_order(outputs.findings):
        quarter = quarters_label(f)
        items.append({
            **{k: f.get(k, "") for k in ("finding_id", "rule", "severity", "program", "kegiatan", "sub_kegiatan", "indikator", "field", "message", "page", "review_status",
                                         "level_basis")},
            "quarter": quarter,
            "file": Path(f.get("source_file", "")).name,
            "expected": number_text(f["expected"], lang),
            "actual": number_text(f["actual"], lang),
            "difference": number_text(f["difference"], lang),
            # A finding on the year's realisation: the four quarters, their sum and the year as printed.
            "year_sum": quarters_beside_year(outputs._rows_by_id, f, lang),
        })
    return items


def filter_options(findings: list[dict]) -> dict:
    return {
        "rules": sorted({f["rule"] for f in findings}),
        "severities": [s for s in SEVERITIES if any(f["severity"] == s for f in findings)],
        "programs": sorted({f["program"] for f in findings} - {""}),
    }
