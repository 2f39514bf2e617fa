"""The header-wording bench: does rekon read reports whose column headers are worded in ways
none of its tests use? (issue 23, item 6)

- `thesaurus.yaml`: the wordings of every column of both families as public forms print them
  (Permendagri 86/2017 form E.81 and its e-Monev renderings, Permendagri 54/2010 Tabel 2.1,
  LKjIP tables, e-kinerja exports, the real reports the project holds), each with its source;
  group and leaf cells apart; abbreviations, English glosses, typos seen, fillers.
- `heldout.yaml` (`python -m bench.wording.thesaurus`): a third of each list held out. rekon's
  own header lexicon is written without this bench's vocabulary and must not take these words:
  the bench measures it on wordings partly outside what it was given.
- `generate.py`: seeded header wordings for the one-quarter *Pengukuran Kinerja dan Anggaran*
  table (TW I-III, TW IV-like grouped, single-row) and the side-by-side Renja form (trimmed,
  fuller), altered as printed headers are (case, abbreviations, typos, broken words, English,
  fillers, other column orders), each report with its truth (every cell, every row's level and
  names, every column's field). `python -m bench.wording.generate --count 1000` counts the
  distinct wordings.
- `bodies.py`, `printing.py`: the body rows (the real DP3AKB rows cut to a few programs; Renja
  rows built from the national nomenclature with sums that close) and how a layout prints them.
- `render.py`: LibreOffice Calc (openpyxl), LibreOffice Writer (python-docx) and reportlab (the
  second producer), two per family.
- `score.py`: rekon's reading of each PDF against its truth: refused files, columns mapped right,
  value cells and row structure right; `__main__.py` runs it all and writes the table
  (`python -m bench.wording`, and the "Header wordings" section of `make bench`).

Reports with an even index never draw a held-out wording; odd ones may. A column is a held-out
column when a cell over it was made of a held-out wording. The `known` control reports draw only
wordings of the reports rekon was built on (the DP3AKB samples and second producer for the
one-quarter family, the Tangerang Selatan forms for the side-by-side one), unaltered.
"""
