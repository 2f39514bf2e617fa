"""portfolio.html: every agency of a store on one self-contained page (inline CSS and charts).

Three rankings: by error and warning findings, by budget absorption, by performance
achievement, each with a small bar chart, and, when the store holds several years, each
agency's figures year over year. Each agency links to its own report (in the last run that read
it: OUT/reports/<group>.html when that run held several groups, else OUT/report.html), relative to the portfolio, so a folder of runs can be moved or mailed
whole. The figures come as a frame (rekon.store.portfolio.agency_years): this module only draws.
"""

from __future__ import annotations

import math
import os
from datetime import datetime
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from rekon.report.charts import SEVERITY_COLOURS, SUMMARY_DPI, figure_data_uri
from rekon.report.files import write_atomically
from rekon.report.html import _environment
from rekon.report.labels import quarter_name
from rekon.report.values import number_text

BAR_COLOUR = "#1565c0"
LABEL_WIDTH = 48  # characters of an agency's name on a chart's axis

LABELS = {
    "id": {
        "title": "Portofolio Rekonsiliasi Kinerja dan Anggaran",
        "generated": "Dibuat", "store": "Store", "agencies": "OPD", "years": "Tahun",
        "by_findings": "Peringkat menurut temuan galat dan peringatan",
        "by_findings_hint": "Temuan tingkat galat lebih dulu, lalu peringatan.",
        "by_absorption": "Peringkat menurut penyerapan anggaran",
        "by_absorption_hint": "Realisasi / pagu sub kegiatan pada TW terakhir yang dibaca (sel anggaran gabungan dihitung sekali).",
        "by_achievement": "Peringkat menurut capaian kinerja",
        "by_achievement_hint": "Median capaian kinerja (%) yang tercetak pada indikator di TW terakhir yang dibaca.",
        "year_over_year": "Dari tahun ke tahun",
        "rank": "#", "opd": "OPD", "region": "Wilayah", "year": "Tahun", "quarters": "TW dibaca", "errors": "Galat", "warnings": "Peringatan",
        "infos": "Info", "absorption": "Penyerapan (%)", "pagu": "Pagu (Rp)", "spent": "Realisasi (Rp)",
        "achievement": "Capaian kinerja (%)", "indicators": "Indikator", "report": "Laporan", "open_report": "buka",
        "no_report": "tidak ada", "not_printed": "tidak tercetak", "failed": "Berkas yang gagal dibaca",
        "chart_findings": "Temuan galat dan peringatan", "chart_absorption": "Penyerapan anggaran (%)",
        "chart_achievement": "Median capaian kinerja (%)", "error": "galat", "warning": "peringatan",
        "not_ranked": "Tanpa peringkat: laporannya tidak mencetak angka ini ({count} OPD).",
    },
    "en": {
        "title": "Performance and Budget Reconciliation Portfolio",
        "generated": "Generated", "store": "Store", "agencies": "Agencies", "years": "Years",
        "by_findings": "Ranked by error and warning findings",
        "by_findings_hint": "Error findings first, then warnings.",
        "by_absorption": "Ranked by budget absorption",
        "by_absorption_hint": "Realisasi / pagu of the sub kegiatan at the latest quarter read (a merged budget cell counted once).",
        "by_achievement": "Ranked by performance achievement",
        "by_achievement_hint": "Median printed capaian kinerja (%) of the indicators at the latest quarter read.",
        "year_over_year": "Year over year",
        "rank": "#", "opd": "Agency (OPD)", "region": "Region", "year": "Year", "quarters": "Quarters read", "errors": "Errors", "warnings": "Warnings",
        "infos": "Info", "absorption": "Absorption (%)", "pagu": "Pagu (Rp)", "spent": "Spent (Rp)",
        "achievement": "Performance (%)", "indicators": "Indicators", "report": "Report", "open_report": "open",
        "no_report": "none", "not_printed": "not printed", "failed": "Files that could not be read",
        "chart_findings": "Error and warning findings", "chart_absorption": "Budget absorption (%)",
        "chart_achievement": "Median performance achievement (%)", "error": "error", "warning": "warning",
        "not_ranked": "Not ranked: their reports do not print this figure ({count} agencies).",
    },
}


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and value is not pd.NA


def _number(value, lang: str, digits: int | None = None) -> str:
    if not _present(value):
        return ""
    return number_text(str(round(float(value), digits) if digits is not None else value), lang)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1] + "…"


# A ranking's chart shows its head; the table under it lists every agency. A chart of a province's
# 250 agencies was unreadable and took most of a 1,000-file run's memory and time in the parent.
CHART_LINES = 30


def _bar_chart(labels: list[str], series: list[tuple[str, list[float], str]], title: str) -> str:
    """Horizontal bars, the first label on top; several series stack; the first CHART_LINES only."""
    if not labels:
        return ""
    if len(labels) > CHART_LINES:
        title = f"{title} (1–{CHART_LINES} / {len(labels)})"
        labels, series = labels[:CHART_LINES], [(name, values[:CHART_LINES], colour) for name, values, colour in series]
    figure = Figure(figsize=(6.4, 0.7 + 0.24 * len(labels)), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for name, values, colour in series:
        axes.barh(positions, values, left=left, color=colour, label=name, height=0.7)
        left = [a + b for a, b in zip(left, values)]
    for y, total in zip(positions, left):
        axes.text(total, y, f" {total:.4g}", va="center", fontsize=7)
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.set_title(title, fontsize=9)
    axes.tick_params(labelsize=7)
    axes.set_xlim(0, max(left) * 1.15 + 1)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=7, frameon=False, loc="lower right")
    return figure_data_uri(figure, SUMMARY_DPI)


def _year_chart(frame: pd.DataFrame, column: str, title: str) -> str:
    """One line per agency across its years."""
    figure = Figure(figsize=(4.2, 2.4), layout="constrained")
    axes = figure.add_subplot()
    drawn = False
    for agency, group in frame.groupby("agency"):
        group = group.dropna(subset=[column]).sort_values("year")
        if len(group):
            axes.plot(group["year"].astype(int), group[column].astype(float), "o-", label=_short(agency), markersize=4)
            drawn = True
    if not drawn:
        return ""
    years = sorted({int(y) for y in frame["year"].dropna()})
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_title(title, fontsize=9)
    axes.tick_params(labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(fontsize=6.5, frameon=False, loc="outside lower center")
    return figure_data_uri(figure, SUMMARY_DPI)


def agency_label(record: dict) -> str:
    """The agency as the portfolio names it: its name, and its region where the title prints one."""
    region = record.get("region") or ""
    return f"{record['opd']} · {region}" if region else record["opd"]


def report_link(record: dict, portfolio_dir: Path) -> str:
    """The agency's own report (`report`, else OUT_DIR/report.html), relative to the portfolio; empty when it is not there."""
    report = Path(record.get("report") or Path(record.get("out_dir") or "") / "report.html")
    if not record.get("out_dir") and not record.get("report") or not report.is_file():
        return ""
    return Path(os.path.relpath(report.resolve(), portfolio_dir.resolve())).as_posix()


def agency_lines(figures: pd.DataFrame, portfolio_dir: Path, lang: str) -> list[dict]:
    lines = []
    for record in figures.to_dict("records"):
        quarters = [int(q) for q in record["quarters"] if _present(q)] if record["quarters"] is not None else []
        lines.append({
            "opd": record["opd"],
            "region": record.get("region") or "",
            "agency": agency_label(record),
            "year": "" if not _present(record["year"]) else str(int(record["year"])),
            "quarters": ", ".join(quarter_name(str(q)) for q in quarters),
            "errors": int(record["errors"]), "warnings": int(record["warnings"]), "infos": int(record["infos"]),
            "absorption": record["absorption"] if _present(record["absorption"]) else None,
            "achievement": record["achievement"] if _present(record["achievement"]) else None,
            "absorption_text": _number(record["absorption"], lang, 2),
            "achievement_text": _number(record["achievement"], lang, 2),
            "pagu_text": _number(record["pagu"], lang, 0), "spent_text": _number(record["spent"], lang, 0),
            "indicators": int(record["indicators"]),
            "link": report_link(record, portfolio_dir),
        })
    return lines


def rankings(lines: list[dict], labels: dict[str, str]) -> list[dict]:
    """The three rankings, each with its chart; an agency with no figure is named under the ranking, not ranked."""
    named = lambda line: f"{line['agency']} {line['year']}".strip()  # noqa: E731
    by_findings = sorted(lines, key=lambda l: (-l["errors"], -l["warnings"], l["agency"], l["year"]))
    findings_chart = _bar_chart(
        [named(l) for l in by_findings],
        [(labels["error"], [l["errors"] for l in by_findings], SEVERITY_COLOURS["error"]),
         (labels["warning"], [l["warnings"] for l in by_findings], SEVERITY_COLOURS["warning"])],
        labels["chart_findings"],
    )
    result = [{"id": "by-findings", "title": labels["by_findings"], "hint": labels["by_findings_hint"], "metric": "findings",
               "lines": by_findings, "chart": findings_chart, "unranked": []}]
    for metric, chart_title in (("absorption", "chart_absorption"), ("achievement", "chart_achievement")):
        ranked = sorted((l for l in lines if l[metric] is not None), key=lambda l: (-l[metric], l["agency"], l["year"]))
        # Listed after the ranked ones, without a rank: what their forms do print (the spending) still shows.
        unranked = [{**l, "unranked": True} for l in sorted(lines, key=lambda l: (l["agency"], l["year"])) if l[metric] is None]
        chart = _bar_chart([named(l) for l in ranked], [(labels[metric], [l[metric] for l in ranked], BAR_COLOUR)], labels[chart_title])
        result.append({"id": f"by-{metric}", "title": labels[f"by_{metric}"], "hint": labels[f"by_{metric}_hint"], "metric": metric,
                       "lines": ranked + unranked, "chart": chart, "unranked": [named(l) for l in unranked]})
    return result


def year_over_year(figures: pd.DataFrame, lines: list[dict], labels: dict[str, str]) -> dict | None:
    """Agencies' figures per year, when the store holds more than one year."""
    years = sorted({l["year"] for l in lines if l["year"]})
    if len(years) < 2:
        return None
    by_agency: dict[str, dict[str, dict]] = {}
    for line in lines:
        by_agency.setdefault(line["agency"], {})[line["year"]] = line
    by_agency = {agency: per_year for agency, per_year in by_agency.items() if len(per_year) > 1}  # only agencies seen in several years
    if not by_agency:
        return None
    labelled = figures.assign(agency=[agency_label(r) for r in figures.to_dict("records")])
    frame = labelled[labelled["agency"].isin(by_agency)].assign(findings=lambda f: f["errors"] + f["warnings"])
    charts = [c for c in (
        _year_chart(frame, "findings", labels["chart_findings"]),
        _year_chart(frame, "absorption", labels["chart_absorption"]),
        _year_chart(frame, "achievement", labels["chart_achievement"]),
    ) if c]
    return {"years": years, "agencies": sorted(by_agency.items()), "charts": charts}


def render_portfolio(figures: pd.DataFrame, failed: pd.DataFrame, portfolio_dir: Path, store_path: str, lang: str = "id") -> str:
    labels = {**LABELS["id"], **LABELS.get(lang, {})}
    lines = agency_lines(figures, portfolio_dir, lang)
    environment = _environment()
    return environment.get_template("portfolio.html.j2").render(
        lang=lang, L=labels, store=store_path, generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        agencies=sorted({l["agency"] for l in lines}), years=sorted({l["year"] for l in lines if l["year"]}),
        lines=lines, rankings=rankings(lines, labels), yoy=year_over_year(figures, lines, labels),
        failed=failed.to_dict("records"),
        css=environment.loader.get_source(environment, "report.css")[0],
    )


def write_portfolio(figures: pd.DataFrame, failed: pd.DataFrame, path: Path | str, store_path: str, lang: str = "id") -> Path:
    path = Path(path)
    html = render_portfolio(figures, failed, path.parent, store_path, lang)
    return write_atomically(path, lambda temp: temp.write_text(html, encoding="utf-8"))
