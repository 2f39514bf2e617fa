"""OUT/report.html of a batch of several groups: one line per group, linking its own report.

Each group (an agency's year, in one region) has its report in OUT/reports/, written by
the group's job while the batch runs; this page only counts and links, so it stays small
however large the batch (a single page with every crop of 40 agencies would not).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from rekon.report.files import write_atomically

WORDS = {
    "id": {
        "title": "Rekonsiliasi Kinerja dan Anggaran: {n} kelompok",
        "group": "Kelompok (wilayah · OPD · tahun: TW)", "how": "Dasar pengelompokan", "error": "error", "warning": "peringatan",
        "info": "info", "report": "Laporan", "failed": "Berkas yang tidak terbaca", "not_matched": "tidak dicocokkan: {reason}",
        "hint": "Setiap kelompok punya laporan sendiri (HTML dengan bukti, dan Excel). Semua baris dan temuan ada di rows.csv dan discrepancies.csv.",
    },
    "en": {
        "title": "Performance and budget reconciliation: {n} groups",
        "group": "Group (region · agency · year: quarters)", "how": "How it was formed", "error": "error", "warning": "warning",
        "info": "info", "report": "Report", "failed": "Files that could not be read", "not_matched": "not matched: {reason}",
        "hint": "Each group has its own report (HTML with evidence, and Excel). Every row and finding is in rows.csv and discrepancies.csv.",
    },
}

_STYLE = """body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
td.n{text-align:right}.error{color:#b00020;font-weight:600}.warning{color:#a15c00}"""


def write_index(out_dir: Path, entries: list, failed: list, lang: str = "id") -> Path:
    """entries: (Group, GroupSummary) in the batch's order; failed: light results of unread files."""
    words = WORDS.get(lang, WORDS["id"])
    lines = [
        f"<!doctype html><html lang='{lang}'><meta charset='utf-8'><title>{escape(words['title'].format(n=len(entries)))}</title>",
        f"<style>{_STYLE}</style><h1>{escape(words['title'].format(n=len(entries)))}</h1><p>{escape(words['hint'])}</p>",
        f"<table><tr><th>{words['group']}</th><th>{words['how']}</th><th>{words['error']}</th><th>{words['warning']}</th>"
        f"<th>{words['info']}</th><th>{words['report']}</th></tr>",
    ]
    for group, summary in entries:
        counts = summary.severity_counts
        links = " · ".join(f"<a href='{escape(Path(p).relative_to(out_dir).as_posix())}'>{escape(Path(p).suffix[1:])}</a>" for p in summary.reports)
        if summary.error:
            links = escape(words["not_matched"].format(reason=summary.error))
        lines.append(
            f"<tr><td>{escape(group.label)}</td><td>{escape(group.how_formed(lang))}</td>"
            f"<td class='n error'>{counts.get('error', 0)}</td><td class='n warning'>{counts.get('warning', 0)}</td>"
            f"<td class='n'>{counts.get('info', 0)}</td><td>{links}</td></tr>"
        )
    lines.append("</table>")
    if failed:
        lines.append(f"<h2>{escape(words['failed'])}</h2><ul>")
        lines += [f"<li>{escape(r.source_file)}: {escape(r.reason(lang))}</li>" for r in failed]
        lines.append("</ul>")
    html = "\n".join(lines) + "\n</html>\n"
    return write_atomically(out_dir / "report.html", lambda temp: temp.write_text(html, encoding="utf-8"))
