"""Every kind of injection of the one-quarter form: its injector, the levels it may touch, and what it does."""

from __future__ import annotations

from collections.abc import Callable

from bench.injection.across import (
    budget_appears, budget_disappears, indicator_added, indicator_dropped, indicator_reworded, misplaced_sub_kegiatan,
    money_drops, name_typo, pagu_cut_then_restored, realisation_drops, target_changed, unit_changed,
)
from bench.injection.model import Injection, Report
from bench.injection.within import (
    capaian_left_blank, capaian_pagu_typed, capaian_typed, output_without_money, overspent, spent_without_output,
    spreadsheet_error_printed, total_off, total_off_by_a_digit,
)

# kind -> (injector, the levels whose rows it may touch)
KINDS: dict[str, tuple[Callable[[Report, int, int], Injection | None], tuple[str, ...]]] = {
    "capaian_typed": (capaian_typed, ("program", "kegiatan", "sub_kegiatan", "sasaran")),
    "capaian_left_blank": (capaian_left_blank, ("program", "kegiatan", "sub_kegiatan", "sasaran")),
    "spreadsheet_error": (spreadsheet_error_printed, ("kegiatan", "sub_kegiatan")),
    "capaian_pagu_typed": (capaian_pagu_typed, ("program", "kegiatan", "sub_kegiatan")),
    "overspent": (overspent, ("sub_kegiatan",)),
    "spent_without_output": (spent_without_output, ("kegiatan", "sub_kegiatan")),
    "output_without_money": (output_without_money, ("sub_kegiatan",)),
    "total_off": (total_off, ("total",)),
    "sub_kegiatan_off": (total_off_by_a_digit("kegiatan", "sum_mismatch", "sub_kegiatan"), ("sub_kegiatan",)),
    "kegiatan_off": (total_off_by_a_digit("kegiatan", "sum_mismatch"), ("kegiatan",)),
    "kegiatan_spent_off": (total_off_by_a_digit("kegiatan", "sum_mismatch", column="realisasi_pagu"), ("kegiatan",)),
    "program_off": (total_off_by_a_digit("program", "sum_mismatch"), ("program",)),
    "program_spent_off": (total_off_by_a_digit("program", "sum_mismatch", column="realisasi_pagu"), ("program",)),
    "sasaran_off": (total_off_by_a_digit("sasaran", "sum_mismatch"), ("sasaran",)),
    "sasaran_spent_off": (total_off_by_a_digit("sasaran", "sum_mismatch", column="realisasi_pagu"), ("sasaran",)),
    "pagu_cut_then_restored": (pagu_cut_then_restored, ("sub_kegiatan",)),
    "budget_appears": (budget_appears, ("sub_kegiatan",)),
    "budget_disappears": (budget_disappears, ("sub_kegiatan",)),
    "target_changed": (target_changed, ("program", "kegiatan", "sub_kegiatan")),
    "unit_changed": (unit_changed, ("program", "kegiatan", "sub_kegiatan")),
    "indicator_reworded": (indicator_reworded, ("sub_kegiatan",)),
    "realisation_drops": (realisation_drops, ("program", "kegiatan", "sub_kegiatan")),
    "money_drops": (money_drops, ("sub_kegiatan",)),
    "indicator_dropped": (indicator_dropped, ("sub_kegiatan",)),
    "indicator_added": (indicator_added, ("sub_kegiatan",)),
    "name_typo": (name_typo, ("sub_kegiatan",)),
    "misplaced_sub_kegiatan": (misplaced_sub_kegiatan, ("sub_kegiatan",)),
}


DESCRIPTIONS = {
    "capaian_typed": "capaian kinerja typed by hand, at least 10 points from both formulas (capaian_kinerja_mismatch)",
    "capaian_left_blank": "capaian kinerja left blank where target and realisation are printed (missing_value)",
    "spreadsheet_error": "`#VALUE!` printed in a capaian cell (spreadsheet_error)",
    "capaian_pagu_typed": "capaian anggaran 12.5 points off (capaian_pagu_mismatch)",
    "overspent": "a sub kegiatan spends 1,250,000 more than its pagu; its kegiatan's realisasi sum follows (realisasi_exceeds_pagu)",
    "spent_without_output": "TW I: every indicator of a budget cell reports 0 while its money is spent (spending_without_output)",
    "output_without_money": "TW I: output reported, money spent printed `-` (output_without_spending)",
    "total_off": "the TOTAL pagu or realisasi a digit off (total_mismatch)",
    "sub_kegiatan_off": "a sub kegiatan's pagu a digit off: its kegiatan no longer adds up (sum_mismatch on the kegiatan)",
    "kegiatan_off": "a kegiatan total a digit off (sum_mismatch on the kegiatan; its program follows)",
    "kegiatan_spent_off": "a kegiatan's realisasi anggaran a digit off (sum_mismatch on the kegiatan; its program follows)",
    "program_off": "a program's pagu a digit off (sum_mismatch on the program; the tujuan row and the total follow)",
    "program_spent_off": "a program's realisasi anggaran a digit off (sum_mismatch on the program; the tujuan row and the total follow)",
    "sasaran_off": "a tujuan's own row (sasaran level) a digit off its programs (sum_mismatch on the row)",
    "sasaran_spent_off": "the realisasi anggaran of a tujuan's own row a digit off its programs' (sum_mismatch on the row)",
    "pagu_cut_then_restored": "a sub kegiatan's pagu cut by 20 % in TW II or III and back the next quarter (pagu_changed twice)",
    "budget_appears": "a sub kegiatan's pagu printed `-` in TW I, a value from TW II (pagu_added)",
    "budget_disappears": "a sub kegiatan's pagu and realisation printed `-` in TW IV (pagu_removed)",
    "target_changed": "TW IV target changed, capaian recomputed (target_changed)",
    "unit_changed": "TW IV unit changed (satuan_changed)",
    "indicator_reworded": "TW IV prints another indicator for a sub kegiatan with one indicator, planned values kept (indikator_changed)",
    "realisation_drops": "cumulative realisasi kinerja halved against the quarter before, capaian recomputed (realisasi_decreased)",
    "money_drops": "TW IV money spent halved against TW III (realisasi_decreased)",
    "indicator_dropped": "TW IV leaves out one indicator row under a shared budget cell (indicator_dropped)",
    "indicator_added": "TW IV adds an indicator row under a shared budget cell (indicator_added)",
    "name_typo": "TW IV prints a sub kegiatan's name with a letter of its longest word left out (nonstandard_name)",
    "misplaced_sub_kegiatan": "a sub kegiatan (its indicator rows and its money) printed under another kegiatan of its program "
                              "that is not its parent by code; both kegiatan re-added, their pagu changes across quarters follow (misplaced_item)",
}
