"""What each column of a report's table means: one reader for every family.

- ``lexicon``: the concepts header words carry, in Indonesian and English;
- ``matching``: one word matched against the lexicon, tolerantly (Indonesian affixes, abbreviations,
  glued words, typos);
- ``wording``: one header cell read for its concepts (phrases, broken words joined, quarters, glosses
  and qualifiers); words with no concept ignored;
- ``content``: what a column's body cells say (text or numbers, money, percentages, shapes);
- ``fields``: how strongly a header path names each field (kinds of column, levels, values as
  measure x dimension x scope);
- ``assign``: the joint assignment, each field to one column at most, with a confidence.
"""
