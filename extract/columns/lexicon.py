"""The concepts header words carry, and the words (Indonesian and English) that carry them.

A concept is one idea a header cell may name: a kind of column (`indikator`,
`satuan`), a measure (`target`, `realisasi`, `capaian`), a dimension
(`kinerja`, `anggaran`) or a scope (`renstra`, `lalu`, a quarter). A field is
read from the concepts of a column's whole header path (``fields.py``), so one
concept may be worded many ways and one word may carry several concepts
(`pagu`: a budget, the planned one).

The words were gathered from the public forms these reports follow: the tables
of Permendagri 86/2017 (E.79-E.81, the Renja evaluation) and 54/2010, the
"Pengukuran Kinerja" tables of LKjIP reports, Renja evaluation tables and
e-Monev exports, and from plain Indonesian and English. The list is not meant
to be complete: ``wording.py`` matches derived forms, typos and abbreviations
of these words, words that carry no concept are ignored, and a column's content
is evidence of its own (``content.py``).
"""

from __future__ import annotations

# Kinds of column.
NO, TUJUAN, SASARAN, PROGRAM, KEGIATAN, SUB = "no", "tujuan", "sasaran", "program", "kegiatan", "sub"
URUSAN, ITEM, INDIKATOR, SATUAN, FORMULA = "urusan", "item", "indikator", "satuan", "formula"
KETERANGAN, KODE, PENANGGUNG_JAWAB = "keterangan", "kode", "penanggung_jawab"
# Measures and dimensions of a value column.
TARGET, REALISASI, CAPAIAN = "target", "realisasi", "capaian"
KINERJA, ANGGARAN = "kinerja", "anggaran"
PLANNED = "planned"  # a planned amount (pagu, alokasi): a target unless the path names another measure
PERCENT = "percent"
# Scopes: which plan and period a value belongs to.
RENSTRA, RENJA, LALU, AKHIR, TAHUN, QUARTER, CUMULATIVE = "renstra", "renja", "lalu", "akhir", "tahun", "quarter", "cumulative"

MEASURES = (TARGET, REALISASI, CAPAIAN)
DIMENSIONS = (KINERJA, ANGGARAN)
SCOPES = (RENSTRA, RENJA, LALU, AKHIR, TAHUN, CUMULATIVE)

# concept -> words and phrases (lower case; a phrase is several words, matched as a run).
WORDS: dict[str, tuple[str, ...]] = {
    NO: ("no", "nomor", "nmr", "nr", "number", "num", "urut", "nomer"),
    TUJUAN: ("tujuan", "goal", "goals", "aim", "aims"),
    SASARAN: ("sasaran", "objective", "objectives", "sasaran strategis", "strategic objective"),
    PROGRAM: ("program", "programme", "programs", "prog", "progr"),
    KEGIATAN: ("kegiatan", "activity", "activities", "keg", "kgt", "giat"),
    SUB: ("sub",),  # `Sub Kegiatan`, `SubKegiatan`, `sub-activity`: sub beside the kegiatan words
    URUSAN: ("urusan", "affairs", "bidang urusan", "bidang"),
    ITEM: ("uraian", "nama", "name", "nomenklatur", "rincian", "description", "item", "items"),
    INDIKATOR: ("indikator", "indicator", "indicators", "iku", "ikk", "tolok ukur", "tolak ukur", "kpi", "indikator kinerja"),
    SATUAN: ("satuan", "sat", "unit", "units", "uom", "unit of measure", "measurement unit", "satuan ukur"),
    FORMULA: ("formula", "formulasi", "rumus", "cara", "pengukuran", "metode", "method", "perhitungan", "penghitungan",
              "calculation", "measurement", "cara hitung", "cara ukur", "definisi operasional", "how measured"),
    KETERANGAN: ("keterangan", "ket", "remarks", "remark", "notes", "note", "catatan", "comments", "comment", "penjelasan"),
    KODE: ("kode", "code", "kd", "kode rekening", "rekening"),
    # Not `perangkat daerah` alone: `Renja Perangkat Daerah` heads value columns of the Renja form.
    PENANGGUNG_JAWAB: ("penanggung jawab", "penanggungjawab", "pj", "pejabat", "unit kerja", "in charge", "responsible",
                       "person in charge", "responsible unit", "pelaksana", "satker", "unit pelaksana",
                       "unit pd", "unit perangkat daerah", "unit opd", "unit skpd"),
    TARGET: ("target", "targets", "rencana", "plan", "planned", "tgt", "trgt", "proyeksi"),
    REALISASI: ("realisasi", "real", "actual", "actuals", "realization", "realisation", "realized", "realised", "terealisasi"),
    CAPAIAN: ("capaian", "pencapaian", "achievement", "achieved", "attainment", "tingkat capaian", "persentase capaian"),
    KINERJA: ("kinerja", "k", "fisik", "performance", "physical", "output", "volume", "kin"),
    ANGGARAN: ("anggaran", "keuangan", "rp", "rupiah", "dana", "biaya", "budget", "budgets", "financial", "finance",
               "fund", "funds", "funding", "cost", "costs", "money", "belanja", "keu", "angg", "idr", "spending", "expenditure"),
    PLANNED: ("pagu", "alokasi", "allocation", "allocated", "ceiling", "dpa", "plafon"),
    PERCENT: ("persen", "persentase", "prosentase", "percent", "percentage", "pct"),
    RENSTRA: ("renstra", "rencana strategis", "strategic plan"),
    RENJA: ("renja", "rencana kerja", "work plan", "workplan", "dievaluasi", "evaluated", "berjalan", "current"),
    LALU: ("lalu", "sebelumnya", "previous", "prior", "last", "lalunya"),
    AKHIR: ("akhir", "end", "periode", "period"),
    TAHUN: ("tahun", "year", "annual", "tahunan", "thn", "yearly"),
    QUARTER: ("triwulan", "tw", "trw", "twl", "quarter", "quarterly", "qtr", "kuartal", "q"),
    CUMULATIVE: ("sd", "sampai dengan", "sampai", "kumulatif", "cumulative", "up to", "to date", "hingga"),
}

PLANNED_IMPLIES = (ANGGARAN,)  # `pagu` is a budget

# Words that carry no concept but are at home in a header: they make a cell read as header text.
FILLERS = frozenset(
    """dan atau and or of the a an yang pada di dari per untuk for to in on by dengan terhadap with ke oleh dalam
    strategis strategic utama main key pd perangkat daerah sampai total s d n sd tingkat level outcome
    satu dua tiga empat semester sumber lokasi location deviasi kendala solusi permasalahan hambatan faktor
    pendorong penghambat tindak lanjut bobot skor status kategori predikat kondisi lampiran bukti dukung link
    mulai selesai kontrak penyedia paket progres progress source""".split()
)
# Words of their own that are common in body text too: never read as a typo of a lexicon word
# (`kewenangan` is no `keterangan`), but no sign of a header either.
NOT_TYPOS = frozenset(
    """jumlah hasil result results bulan tanggal date dokumen data pelaksanaan waktu nilai awal kelompok jenis sifat
    masalah kewenangan kebijakan koordinasi perempuan pencegahan penanganan pelayanan layanan""".split()
)

# Kinds of column and levels: a concept of this kind in a bracketed gloss (`Indikator (lihat catatan)`)
# or after a head noun of its own (`Sumber Dana / Lokasi Kegiatan`: the location of an activity) only
# qualifies the column, it does not say what the column is.
DESCRIPTIVE = frozenset({NO, TUJUAN, SASARAN, PROGRAM, KEGIATAN, SUB, URUSAN, ITEM, INDIKATOR, SATUAN, FORMULA, KETERANGAN, KODE,
                         PENANGGUNG_JAWAB})
HEAD_NOUNS = frozenset(
    """sumber lokasi location bobot kendala solusi permasalahan masalah hambatan faktor jenis status kategori kondisi
    bukti link lampiran waktu tanggal jadwal nilai""".split()
)

# Abbreviations that are no prefix of their word (a prefix is matched by itself: `ket`, `real`, `indik`).
ABBREVIATIONS: dict[str, str] = {
    "tgt": "target", "trgt": "target", "ktrgn": "keterangan", "rls": "realisasi", "rlsi": "realisasi",
    "angg": "anggaran", "ang": "anggaran", "kin": "kinerja", "cpn": "capaian", "cap": "capaian", "ind": "indikator",
    "idk": "indikator", "stn": "satuan", "frm": "formula", "pnj": "penanggung jawab", "thn": "tahun", "prog": "program",
}


def concept_words() -> dict[str, frozenset[str]]:
    """word or phrase -> the concepts it carries."""
    found: dict[str, set[str]] = {}
    for concept, words in WORDS.items():
        for word in words:
            found.setdefault(word, set()).add(concept)
            if concept == PLANNED:
                found[word].update(PLANNED_IMPLIES)
    return {word: frozenset(concepts) for word, concepts in found.items()}
