"""rekon: reconcile the quarterly performance and budget reports of Indonesian government agencies.

    import rekon
    rows = rekon.extract(["tw1.pdf", "tw2.pdf", "tw3.pdf", "tw4.pdf"])   # rekon.api.Rows
    panel = rekon.match(rows)                                            # rekon.api.Panel
    findings = rekon.check(rows, panel)                                  # rekon.api.Findings
    rekon.run(["reports/"], "out")                                       # as `rekon run reports/ -o out`

The tables are pandas DataFrames with the columns documented in `rekon.schemas`. The stages are
also packages: `rekon.extract` (PDF -> rows), `rekon.reconcile` (rows -> panel), `rekon.rules`
(rows + panel -> findings), `rekon.report` (HTML and Excel).
"""

from importlib.metadata import PackageNotFoundError, version

import rekon.extract  # noqa: F401 - the package, which `rekon.extract(paths)` also calls

_API = {"Findings", "Panel", "Rows", "RunResult", "check", "match", "run"}


def __getattr__(name: str):
    # The API is loaded on first use: the command line (rekon.cli) need not import pandas' and
    # scipy's worth of matching code before it has parsed its arguments.
    if name in _API:
        from rekon import api

        return getattr(api, name)
    raise AttributeError(f"module 'rekon' has no attribute {name!r}")

try:
    __version__ = version("rekon")
except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Findings", "Panel", "Rows", "RunResult", "check", "extract", "match", "run", "__version__"]
