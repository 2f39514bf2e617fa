"""Progress on long runs: a rich bar on a terminal, silence elsewhere or with --quiet."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


class Progress:
    def __init__(self, label: str, total: int, quiet: bool = False):
        self._enabled = not quiet and sys.stderr.isatty()
        self._label, self._total = label, total
        self._bar: RichProgress | None = None

    def __enter__(self) -> "Progress":
        if self._enabled:
            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=self._total, current="")
        return self

    def advance(self, current: str = "") -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, current=Path(current).name)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
