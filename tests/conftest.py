"""Every skip of a run, written where REKON_SKIPPED names (one `test id<TAB>reason` a line) for
.ci/run to judge: a skip for a capability CI has, or for any reason but a missing capability,
fails CI (tests/capabilities.py). Runs in the controller, so it sees every worker's skips."""

from __future__ import annotations

import os
from pathlib import Path


def _reason(report) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return " ".join(text.removeprefix("Skipped: ").split())


def pytest_terminal_summary(terminalreporter) -> None:
    target = os.environ.get("REKON_SKIPPED")
    if not target:
        return
    lines = [f"{report.nodeid}\t{_reason(report)}\n" for report in terminalreporter.stats.get("skipped", [])]
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text("".join(sorted(lines)), encoding="utf-8")
