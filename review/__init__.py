"""rekon review: an analyst's judgements on a run, kept in OUT_DIR and honoured by the next run.

    rekon review OUT_DIR      # a local web page: doubtful links and findings, one click each

Two files hold the judgements, both plain CSV beside the run's outputs:
`overrides.csv` (row_id_a, row_id_b, decision same|different; reconcile applies it before
scoring) and `verdicts.csv` (finding_id, verdict, comment, reviewed_at). `marks` puts the
verdicts back on the findings of the next run (columns review_status, verdict,
verdict_comment). Only `rekon.review.app` needs the web libraries.
"""

from rekon.review.marks import REVIEW_COLUMNS, STATUSES, VERDICTS, mark_findings

__all__ = ["REVIEW_COLUMNS", "STATUSES", "VERDICTS", "mark_findings"]
