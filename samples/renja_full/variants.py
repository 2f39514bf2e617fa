"""The committed samples of the full Renja evaluation form: agency x producer x columns printed.

The four `full` samples print every column of the form (two numbering styles: 1..17 as the
regulation's annex numbers a form with Sasaran and Kode, with or without the formulas
`13 = 9+10+11+12`; and the real forms' own 1..14/15); `trimmed` prints what ../shared/real prints
(names, indicators, TW I-IV K/Rp, agency in charge; TW I-II filled); `partial` prints this year's
target, the quarters, the year's realisation and the achievement against this year's target only.
"""

from __future__ import annotations

from samples.renja_full.form import Variant
from samples.renja_full.plan import DISHUB_JATENG, DLH_BALIKPAPAN

QUARTER_GROUPS = ("q1", "q2", "q3", "q4")
FULL_17 = ("no", "sasaran", "kode", "name", "indikator", "target_renstra", "renstra_lalu", "target", *QUARTER_GROUPS,
           "tahun", "renstra", "capaian_renstra", "pj", "ket")
REGULATION = ("no", "name", "indikator", "target_renstra", "renstra_lalu", "target", *QUARTER_GROUPS, "tahun", "renstra",
              "capaian_renstra", "pj", "ket")
WITH_SATUAN = ("no", "kode", "name", "indikator", "satuan", "target_renstra", "renstra_lalu", "target", *QUARTER_GROUPS,
               "tahun", "capaian", "renstra", "capaian_renstra", "pj")
TRIMMED = ("name", "indikator", *QUARTER_GROUPS, "pj")
PARTIAL = ("no", "name", "indikator", "target", *QUARTER_GROUPS, "tahun", "capaian", "pj", "ket")

VARIANTS = (
    Variant("dlh-balikpapan-2024-full-writer", DLH_BALIKPAPAN, "writer", FULL_17, "formulas", paper="wide"),
    Variant("dlh-balikpapan-2024-full-calc", DLH_BALIKPAPAN, "calc", REGULATION, "regulation", percent_suffix=True, paper="A3", font_size=9),
    Variant("dishub-jateng-2023-full-writer", DISHUB_JATENG, "writer", FULL_17, "sequential", paper="A3", font_size=6),
    Variant("dishub-jateng-2023-full-calc", DISHUB_JATENG, "calc", WITH_SATUAN, "formulas", paper="A3", font_size=9),
    Variant("dlh-balikpapan-2024-trimmed-writer", DLH_BALIKPAPAN, "writer", TRIMMED, "regulation", quarters_filled=2,
            percent_suffix=True, trimmed_title=True, paper="A4", font_size=6.5),
    Variant("dishub-jateng-2023-partial-calc", DISHUB_JATENG, "calc", PARTIAL, "sequential", paper="Legal", font_size=9),
)
BY_STEM = {v.stem: v for v in VARIANTS}
