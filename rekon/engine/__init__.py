"""The engine under the command line and the API: a batch end to end, on one pool and one cache.

    from rekon import engine
    options = engine.RunOptions(engine.ReadOptions(), jobs=2, lang="en")
    outcome = engine.run(["laporan/"], Path("hasil"), options)     # as `rekon run laporan/ -o hasil`
    outcome.exit_code()

`run` reads every file in the pool (local long-lived workers, or Dask), groups the files (an
agency's year in one region), matches, checks and reports each group as a job of the same
pool, writes the tables, the report(s) and the store. `extract` stops after the reading
(`rekon extract`), `extract_results` returns every file's rows in memory (`rekon.extract()`).
The command (rekon.cli) parses arguments, calls these and prints what a `RunListener` hears.

Modules, one job each: settings (every option, with its default), pool (where jobs run),
cache (what a batch has made, on disk), reading (inputs and each file's job), group_job
(each group's job), outputs (the tables, assembled in input order), batch (the orchestration),
run (end to end: report and store), stages (match and check on a run's folder).
"""

from rekon.engine.batch import CACHE_DIR, BatchOutcome, run_batch
from rekon.engine.group_job import REPORTS_DIR, GroupSummary
from rekon.engine.pool import DaskPool, Job, LocalPool, pool_for
from rekon.engine.reading import expand_inputs
from rekon.engine.run import (
    EXIT_CRASHED, EXIT_FINDINGS, EXIT_INPUT_FAILED, EXIT_OK, RunListener, RunOutcome, StoreOutcome, UsageError, check_out_dir,
    extract, extract_results, input_files, recorded_options, run, write_report,
)
from rekon.engine.settings import Limits, ReadOptions, RunOptions
from rekon.engine.stages import check_into, match_into

__all__ = [
    "CACHE_DIR", "REPORTS_DIR", "BatchOutcome", "DaskPool", "EXIT_CRASHED", "EXIT_FINDINGS", "EXIT_INPUT_FAILED", "EXIT_OK", "GroupSummary",
    "Job", "Limits", "LocalPool", "ReadOptions", "RunListener", "RunOptions", "RunOutcome", "StoreOutcome", "UsageError", "check_into",
    "check_out_dir", "expand_inputs", "extract", "extract_results", "input_files", "match_into", "pool_for", "recorded_options", "run",
    "run_batch", "write_report",
]
