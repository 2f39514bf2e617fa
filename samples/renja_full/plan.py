"""What an agency's full Renja evaluation form says: its items and every number, consistent by construction.

An agency is a tree (agency -> program -> kegiatan -> sub kegiatan) named from the national
nomenclature by code. Every number follows the form's own formulas, so that no rule finds
anything on a clean sample:

- the year's realisation is the sum of the quarters (Rp; K of an additive indicator), or the
  level reached in TW IV (K of a level, a stock or a year-end value);
- Renstra realisation to this year = last year's + this year's (Rp; K of an additive
  indicator; a level's K is the level reached);
- achievement = realisation / target x 100, rounded half up to the two decimals printed;
- a parent's Rp (every Rp column) is the sum of its children's, the agency's of its programs;
- no quarter's Rp exceeds the Renja target Rp; a cumulative K (a level) never goes down.

Numbers are Decimal; None is a cell the form leaves empty or prints as `-`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from rekon.extract.nomenclature import localised, official_name

QUARTERS = ("q1", "q2", "q3", "q4")
# The value columns of the form, each a K/Rp pair (`capaian` against this year's Renja
# target, `capaian_renstra` against the Renstra target at the end of the period).
PAIRS = ("target_renstra", "renstra_lalu", "target", *QUARTERS, "tahun", "capaian", "renstra", "capaian_renstra")
HUNDRED = Decimal(100)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole x 100 as the form prints it: two decimals, rounded half up; None without a base."""
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Indicator:
    text: str
    kind: str  # count (additive) | level (a percentage reached so far) | stock (people, units held) | year_end (known in TW IV)
    satuan: str
    k: dict[str, Decimal | None] = field(default_factory=dict)


@dataclass
class Item:
    level: str  # total (the agency) | sasaran (an urusan heading) | program | kegiatan | sub_kegiatan
    kode: str  # the nomenclature code rekon looks up (the support programme localised)
    kode_printed: str
    name: str
    indicators: list[Indicator] = field(default_factory=list)
    rp: dict[str, Decimal | None] = field(default_factory=dict)
    children: list["Item"] = field(default_factory=list)
    sasaran: str = ""  # the Renstra sasaran cell printed over the item's block
    unit: str = ""  # Perangkat Daerah (unit) penanggung jawab
    remark: str = ""


@dataclass(frozen=True)
class Agency:
    name: str
    short: str  # as printed in the penanggung jawab column
    region: str  # KOTA BALIKPAPAN, PROVINSI JAWA TENGAH
    year: int
    renstra_end: int
    province: bool
    bidang: str  # 2.11: the bidang urusan whose support programme the agency runs
    urusan_heading: str  # printed above the programs in variants without a Sasaran column
    programs: tuple  # ((program code, sasaran, unit, ((kegiatan code, (sub kegiatan codes...)), ...)), ...)
    seed: int


def item_name(kode: str, province: bool) -> str:
    name = official_name(kode)
    if province and name == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA":
        return "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI"  # the list's provincial wording
    if not name:
        raise ValueError(f"{kode} is not in the nomenclature")
    return name


# Indicator wordings by level and kind; `{x}` is the item's name in lower case.
_SUB_INDICATORS = {
    "count": [("Jumlah Dokumen {x}", "Dokumen"), ("Jumlah Laporan {x}", "Laporan"), ("Jumlah Kegiatan {x}", "Kegiatan")],
    "level": [("Persentase {x} yang terlaksana", "%")],
    "stock": [("Jumlah Orang yang Menerima {x}", "Orang")],
}
_OUTCOME = [
    ("Persentase capaian kinerja {x}", "%", "level"),
    ("Cakupan pelaksanaan {x}", "%", "level"),
    ("Nilai Evaluasi {x}", "Nilai", "year_end"),
]


def _k_values(kind: str, rng: random.Random, quarters_filled: int) -> dict[str, Decimal | None]:
    k: dict[str, Decimal | None] = dict.fromkeys(PAIRS)
    if kind == "count":
        target = Decimal(rng.randint(2, 12))
        year = target if rng.random() < 0.7 else target - 1
        cuts = sorted(rng.randint(0, int(year)) for _ in range(3))
        parts = [Decimal(b - a) for a, b in zip([0, *cuts], [*cuts, int(year)])]
        k.update(target_renstra=target * 5, renstra_lalu=target * 3 - rng.randint(0, 1), target=target)
        k.update(zip(QUARTERS, parts))
        k["tahun"] = year
        k["renstra"] = k["renstra_lalu"] + year
    elif kind == "level":
        target = Decimal(rng.choice([85, 90, 95, 100]))
        year = (target * Decimal(rng.uniform(0.9, 1.02))).quantize(Decimal("0.01"))
        shares = (Decimal("0.3"), Decimal("0.55"), Decimal("0.8"), Decimal(1))
        k.update(target_renstra=HUNDRED, renstra_lalu=Decimal(rng.randint(7000, 9400)) / 100, target=target)
        k.update({q: (year * s).quantize(Decimal("0.01")) for q, s in zip(QUARTERS, shares)})
        k["tahun"] = k["renstra"] = year
    elif kind == "stock":
        held = Decimal(rng.randint(25, 160))
        k.update(target_renstra=held, renstra_lalu=held, target=held)
        k.update(dict.fromkeys(QUARTERS, held))
        k["tahun"] = k["renstra"] = held
    else:  # year_end
        target = Decimal(rng.randint(7000, 8200)) / 100
        year = (target * Decimal(rng.uniform(0.93, 1.03))).quantize(Decimal("0.01"))
        k.update(target_renstra=target + 5, renstra_lalu=target - Decimal(rng.randint(100, 400)) / 100, target=target, q4=year)
        k["tahun"] = k["renstra"] = year
    for quarter in QUARTERS[quarters_filled:]:
        k[quarter] = None
    return close_k(k, kind, quarters_filled)


def close_k(k: dict[str, Decimal | None], kind: str, quarters_filled: int) -> dict[str, Decimal | None]:
    """An indicator's year, Renstra to date and achievements from its quarters: a count adds up, a
    level, a stock or a year-end value is what the last quarter reached."""
    if quarters_filled < 4:
        k["tahun"] = k["renstra"] = None
    elif kind == "count":
        k["tahun"] = sum(k[q] or Decimal(0) for q in QUARTERS)
        k["renstra"] = k["renstra_lalu"] + k["tahun"]
    else:
        k["tahun"] = k["renstra"] = next(k[q] for q in reversed(QUARTERS) if k[q] is not None)
    k["capaian"] = percent(k["tahun"], k["target"])
    k["capaian_renstra"] = percent(k["renstra"], k["target_renstra"])
    return k


def reclose(item: Item, quarters_filled: int) -> None:
    """Every derived value of the tree again from the leaves' inputs, as a spreadsheet's formulas would."""
    for indicator in item.indicators:
        close_k(indicator.k, indicator.kind, quarters_filled)
    if not item.children:
        _close_rp(item.rp, quarters_filled)
        return
    for child in item.children:
        reclose(child, quarters_filled)
    item.rp = _sum_rp(item.children, quarters_filled)


def _leaf_rp(rng: random.Random, quarters_filled: int, idle: bool) -> dict[str, Decimal | None]:
    pagu = Decimal(rng.randrange(15_000_000, 950_000_000) // 100 * 100)
    spent = Decimal(0) if idle else (pagu * Decimal(rng.uniform(0.55, 0.98))).to_integral_value()
    weights = [rng.uniform(0.05, 0.4) for _ in QUARTERS]
    if rng.random() < 0.2:
        weights[0] = 0.0  # nothing spent in TW I: printed `-`
    amounts = [(spent * Decimal(w / sum(weights))).to_integral_value() for w in weights[:3]]
    amounts.append(spent - sum(amounts))
    rp: dict[str, Decimal | None] = dict.fromkeys(PAIRS)
    rp.update(target=pagu, target_renstra=(pagu * Decimal(rng.uniform(4.5, 5.5))).quantize(Decimal(1000)),
              renstra_lalu=(pagu * Decimal(rng.uniform(2.6, 3.4))).to_integral_value())
    rp.update(zip(QUARTERS, amounts))
    for quarter in QUARTERS[quarters_filled:]:
        rp[quarter] = None
    return rp


def _close_rp(rp: dict[str, Decimal | None], quarters_filled: int) -> dict[str, Decimal | None]:
    """The year's and the Renstra's realisation and both achievements, from the quarters."""
    if quarters_filled == 4:
        rp["tahun"] = sum(rp[q] or Decimal(0) for q in QUARTERS)
        rp["renstra"] = rp["renstra_lalu"] + rp["tahun"]
    rp["capaian"] = percent(rp["tahun"], rp["target"])
    rp["capaian_renstra"] = percent(rp["renstra"], rp["target_renstra"])
    return rp


def _sum_rp(children: list[Item], quarters_filled: int) -> dict[str, Decimal | None]:
    rp: dict[str, Decimal | None] = dict.fromkeys(PAIRS)
    for key in ("target_renstra", "renstra_lalu", "target", *QUARTERS[:quarters_filled]):
        rp[key] = sum((c.rp[key] or Decimal(0)) for c in children)
    return _close_rp(rp, quarters_filled)


def _words(name: str) -> str:
    text = name.lower()
    return text[:70].rsplit(" ", 1)[0] if len(text) > 70 else text


def _indicator(template: tuple[str, str], kind: str, name: str, rng: random.Random, quarters_filled: int) -> Indicator:
    wording, satuan = template
    return Indicator(wording.format(x=_words(name)), kind, satuan, _k_values(kind, rng, quarters_filled))


def build_agency(agency: Agency, quarters_filled: int = 4) -> Item:
    """The agency's item tree with every number filled in."""
    rng = random.Random(agency.seed)
    programs = []
    for program_code, sasaran, unit, kegiatans in agency.programs:
        program_kode = localised(program_code, agency.bidang)
        kegiatan_items = []
        for kegiatan_code, sub_codes in kegiatans:
            subs = []
            for sub_code in sub_codes:
                kode = localised(sub_code, agency.bidang)
                name = item_name(sub_code, agency.province)
                kind = "stock" if "Gaji" in name else rng.choice(["count", "count", "level"])
                pool = _SUB_INDICATORS[kind]
                indicators = [_indicator(rng.choice(pool), kind, name, rng, quarters_filled)]
                if kind == "count" and rng.random() < 0.2:  # a second indicator sharing the item's budget cell
                    indicators.append(_indicator(_SUB_INDICATORS["level"][0], "level", name, rng, quarters_filled))
                idle = rng.random() < 0.08 and "Gaji" not in name  # budgeted, nothing spent: `-` in every quarter
                rp = _close_rp(_leaf_rp(rng, quarters_filled, idle), quarters_filled)
                remark = "Tidak terlaksana, anggaran digeser pada APBD Perubahan" if idle else ("Sisa hasil pengadaan" if rng.random() < 0.12 else "")
                subs.append(Item("sub_kegiatan", kode, kode, name, indicators, rp, sasaran=sasaran, unit=unit, remark=remark))
            name = item_name(kegiatan_code, agency.province)
            wording, satuan, kind = _OUTCOME[rng.randrange(2)]
            indicators = [_indicator((wording, satuan), kind, name, rng, quarters_filled)]
            kode = localised(kegiatan_code, agency.bidang)
            kegiatan_items.append(Item("kegiatan", kode, kode, name, indicators, _sum_rp(subs, quarters_filled), subs, sasaran=sasaran, unit=unit))
        name = item_name(program_code, agency.province)
        indicators = [_indicator(_OUTCOME[0][:2], "level", name, rng, quarters_filled)]
        if program_code == "X.XX.01":  # the support programme measures the agency's accountability too
            indicators.append(_indicator(_OUTCOME[2][:2], "year_end", "Akuntabilitas Kinerja Perangkat Daerah", rng, quarters_filled))
        programs.append(Item("program", program_kode, program_kode, name, indicators, _sum_rp(kegiatan_items, quarters_filled), kegiatan_items, sasaran=sasaran, unit=unit))
    return Item("total", "", "", agency.name, [], _sum_rp(programs, quarters_filled), programs, unit=agency.short)


def printed_items(root: Item) -> list[Item]:
    """Every item in printed order (the agency first, then each program's block)."""
    found = [root]
    for child in root.children:
        found += printed_items(child)
    return found


DLH_BALIKPAPAN = Agency(
    name="DINAS LINGKUNGAN HIDUP", short="DLH", region="KOTA BALIKPAPAN", year=2024, renstra_end=2026,
    province=False, bidang="2.11", urusan_heading="URUSAN PEMERINTAHAN BIDANG LINGKUNGAN HIDUP", seed=2411,
    programs=(
        ("X.XX.01", "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah", "Sekretariat", (
            ("X.XX.01.2.01", ("X.XX.01.2.01.0001", "X.XX.01.2.01.0006", "X.XX.01.2.01.0007")),
            ("X.XX.01.2.02", ("X.XX.01.2.02.0001", "X.XX.01.2.02.0002", "X.XX.01.2.02.0005")),
        )),
        ("2.11.03", "Meningkatnya kualitas lingkungan hidup", "Bidang Pengendalian Pencemaran", (
            ("2.11.03.2.01", ("2.11.03.2.01.0007", "2.11.03.2.01.0011", "2.11.03.2.01.0012")),
        )),
        ("2.11.11", "Meningkatnya kualitas lingkungan hidup", "Bidang Pengelolaan Sampah", (
            ("2.11.11.2.01", ("2.11.11.2.01.0004", "2.11.11.2.01.0012", "2.11.11.2.01.0016", "2.11.11.2.01.0020")),
        )),
    ),
)

DISHUB_JATENG = Agency(
    name="DINAS PERHUBUNGAN", short="DISHUB", region="PROVINSI JAWA TENGAH", year=2023, renstra_end=2026,
    province=True, bidang="2.15", urusan_heading="URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN", seed=1523,
    programs=(
        ("X.XX.01", "Meningkatnya kualitas tata kelola perangkat daerah", "Sekretariat", (
            ("X.XX.01.1.01", ("X.XX.01.1.01.0001", "X.XX.01.1.01.0007")),
            ("X.XX.01.1.02", ("X.XX.01.1.02.0001", "X.XX.01.1.02.0003", "X.XX.01.1.02.0004")),
            ("X.XX.01.1.06", ("X.XX.01.1.06.0002", "X.XX.01.1.06.0004", "X.XX.01.1.06.0005")),
        )),
        ("2.15.02", "Meningkatnya keselamatan dan kelancaran lalu lintas", "Bidang Lalu Lintas", (
            ("2.15.02.1.02", ("2.15.02.1.02.0001", "2.15.02.1.02.0004")),
            ("2.15.02.1.05", ("2.15.02.1.05.0001", "2.15.02.1.05.0006", "2.15.02.1.05.0008")),
            ("2.15.02.1.07", ("2.15.02.1.07.0001", "2.15.02.1.07.0011")),
        )),
        ("2.15.03", "Meningkatnya konektivitas angkutan penyeberangan antar wilayah", "Bidang Pelayaran", (
            ("2.15.03.1.01", ("2.15.03.1.01.0001", "2.15.03.1.01.0002")),
            ("2.15.03.1.03", ("2.15.03.1.03.0001", "2.15.03.1.03.0002")),
        )),
    ),
)

AGENCIES = {"dlh-balikpapan": DLH_BALIKPAPAN, "dishub-jateng": DISHUB_JATENG}
