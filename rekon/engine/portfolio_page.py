"""portfolio.html of a store, each agency linked to its own report in the run that last read it."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from rekon.engine.group_job import REPORTS_DIR


def own_report(out_dir: str | None, region: str | None, opd: str, year) -> str:
    """The agency's own report in the run that last read it: the report in OUT/reports/ that names this
    agency and year (a run of several groups), else OUT/report.html; "" when neither is there."""
    if not out_dir:
        return ""
    year_text = "" if year is None or year != year else str(int(year))
    found = [path for path in sorted((Path(out_dir) / REPORTS_DIR).glob("*.html")) if _names_of(path) == (opd, year_text)]
    if len(found) > 1 and region:  # same-named agencies of several regions: the file name carries the region
        region_slug = re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-")
        found = [path for path in found if region_slug in path.name]
    if len(found) == 1:
        return str(found[0])
    single = Path(out_dir) / "report.html"
    return str(single) if single.is_file() else ""


_REPORT_HEAD = 65536  # the report's header (agency, year) comes after its inline CSS, well within this
_NAMED = re.compile(r'id="(opd|year)">([^<]*)<')


def _names_of(report: Path) -> tuple[str, str]:
    """(agency, year) as a report.html prints them in its header (each report read once while it is unchanged:
    a portfolio of N agencies asks about every report N times)."""
    stat = report.stat()
    return _names_in(str(report), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _names_in(report: str, mtime_ns: int, size: int) -> tuple[str, str]:
    with open(report, encoding="utf-8", errors="replace") as handle:
        head = handle.read(_REPORT_HEAD)
    found = dict(_NAMED.findall(head))
    return html.unescape(found.get("opd", "")), found.get("year", "")


def build_portfolio(store: Path, target: Path, lang: str) -> Path:
    from rekon.report.portfolio import write_portfolio
    from rekon.store.portfolio import agency_years, failed_files

    figures = agency_years(store)
    figures["report"] = [own_report(r["out_dir"], r["region"], r["opd"], r["year"]) for r in figures.to_dict("records")]
    return write_portfolio(figures, failed_files(store), target, str(store), lang)
