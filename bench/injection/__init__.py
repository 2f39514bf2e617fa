"""Inconsistencies injected on purpose into the sample sources, rendered, read back and checked.

    python -m bench.injection [--sets 6] [--seed 1] [--renderer libreoffice|producer2]

From data/source/tw1..4.csv the harness makes copies with inconsistencies of every rule and
every level (see `KINDS`), each recorded as an `Injection`: the quarter and indicator it
touches, the cells it changes, the finding it must cause (`expected`, the rule it targets)
and the findings the form makes follow from it (`follows`: a kegiatan total off by a digit
also breaks its program's sum). The copies are rendered to PDF by a renderer given as a
parameter, run through extract -> match -> check, and the findings compared with the
injections and with the findings of the clean sources rendered the same way:

- recall per rule: injections whose expected findings are all found, by the rule they
  target, on the right row;
- precision per rule: findings that are an injection's (expected or following) among all
  findings that are neither an injection's nor a finding of the clean run.

An injection changes the printed cells consistently (a changed realisation gets its capaian
recomputed) so that it breaks one relation only, and is made only where the form makes it
detectable: a capaian typed by hand at least 10 points from both formulas, a money change of
at least a digit's worth, a cut that keeps the pagu above what was spent.

The package, by job: ``model`` (an injection, a report's printed cells), ``within`` and ``across``
(the one-quarter form's injectors), ``kinds`` (the kinds and what each does), ``choose`` (one of
each kind, none touching another), ``run`` (renderers, pipeline, scoring), ``results`` (the
RESULTS.md section and the command line); ``renja_*`` the same for the full Renja evaluation form.
"""

from bench.injection.choose import inject
from bench.injection.kinds import DESCRIPTIONS, KINDS
from bench.injection.model import QUARTERS, Injection, Key, Report
from bench.injection.results import TITLE, main, section, write_section
from bench.injection.run import (
    RENDERERS, Pipeline, SetResult, baseline_keys, finding_keys, libreoffice, producer2, read_sources, run, run_set, score,
)

__all__ = [
    "DESCRIPTIONS", "KINDS", "QUARTERS", "RENDERERS", "TITLE", "Injection", "Key", "Pipeline", "Report", "SetResult", "baseline_keys",
    "finding_keys", "inject", "libreoffice", "main", "producer2", "read_sources", "run", "run_set", "score", "section", "write_section",
]
