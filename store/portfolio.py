"""The figures of the portfolio report, one line per agency (region, opd) and year, computed in the store.

A report whose title prints no region has region "" (a region of its own).

* findings: error, warning and info counts;
* budget absorption: realisasi / pagu at the latest quarter read, summed over sub kegiatan
  with each merged budget cell counted once (budget_group), since a sub kegiatan's budget is
  the one spent (program and kegiatan amounts are its sums);
* performance achievement: the median printed capaian kinerja of the indicators at the latest
  quarter (a median, because one indicator at 3,000 % must not lift a whole agency);
* the quarters read, and the latest run's folder (for the link to the agency's own report).

A form that prints no pagu or no capaian (the side-by-side Renja evaluation form prints
realisation only) has no absorption or achievement: NULL, never a guess.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rekon.store.connection import open_store

AGENCY_YEARS = """
WITH rows_ AS (SELECT * REPLACE (coalesce(region, '') AS region) FROM rows),  -- no region is a region of its own
findings_ AS (SELECT * REPLACE (coalesce(region, '') AS region) FROM findings),
files_ AS (SELECT * REPLACE (coalesce(region, '') AS region) FROM files),
latest AS (
    SELECT region, opd, year, max(quarter) AS quarter, list(DISTINCT quarter ORDER BY quarter) AS quarters
    FROM rows_ WHERE opd IS NOT NULL GROUP BY region, opd, year
),
budget AS (  -- one line per merged budget cell of a sub kegiatan at the latest quarter
    SELECT r.region, r.opd, r.year, any_value(r.target_pagu) AS pagu, any_value(r.realisasi_pagu) AS spent
    FROM rows_ r JOIN latest l USING (region, opd, year, quarter)
    WHERE r.level = 'sub_kegiatan'
    GROUP BY r.region, r.opd, r.year, r.file_hash, coalesce(r.budget_group, r.row_id)
),
absorption AS (
    SELECT region, opd, year, sum(spent) AS spent, sum(pagu) FILTER (WHERE pagu > 0) AS pagu,
           sum(spent) FILTER (WHERE pagu > 0) / nullif(sum(pagu) FILTER (WHERE pagu > 0), 0) * 100 AS absorption
    FROM budget GROUP BY region, opd, year
),
performance AS (
    SELECT r.region, r.opd, r.year, median(r.capaian_kinerja) AS achievement, count(r.capaian_kinerja) AS indicators
    FROM rows_ r JOIN latest l USING (region, opd, year, quarter)
    WHERE r.level <> 'total' AND r.indikator IS NOT NULL
    GROUP BY r.region, r.opd, r.year
),
severities AS (
    SELECT region, opd, year,
           count(*) FILTER (WHERE severity = 'error') AS errors,
           count(*) FILTER (WHERE severity = 'warning') AS warnings,
           count(*) FILTER (WHERE severity = 'info') AS infos
    FROM findings_ GROUP BY region, opd, year
),
last_run AS (
    SELECT f.region, f.opd, f.year, arg_max(r.out_dir, r.run_id) AS out_dir
    FROM files_ f JOIN run_files rf USING (file_hash) JOIN runs r USING (run_id)
    WHERE f.opd IS NOT NULL GROUP BY f.region, f.opd, f.year
)
SELECT l.region, l.opd, l.year, l.quarter AS latest_quarter, l.quarters,
       coalesce(s.errors, 0) AS errors, coalesce(s.warnings, 0) AS warnings, coalesce(s.infos, 0) AS infos,
       a.pagu, a.spent, a.absorption, p.achievement, coalesce(p.indicators, 0) AS indicators, lr.out_dir
FROM latest l
LEFT JOIN severities s USING (region, opd, year)
LEFT JOIN absorption a USING (region, opd, year)
LEFT JOIN performance p USING (region, opd, year)
LEFT JOIN last_run lr USING (region, opd, year)
ORDER BY l.opd, l.region, l.year
"""

FAILED_FILES = "SELECT path, message FROM files WHERE status = 'failed' ORDER BY path"


def agency_years(store_path: Path | str) -> pd.DataFrame:
    """One line per agency and year with the portfolio's figures (see the module's doc)."""
    with open_store(store_path, read_only=True) as con:
        return con.execute(AGENCY_YEARS).df()


def failed_files(store_path: Path | str) -> pd.DataFrame:
    with open_store(store_path, read_only=True) as con:
        return con.execute(FAILED_FILES).df()
