"""The contract every backend's document keeps: a context manager yielding page geometry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from rekon.extract.geometry import PageGeometry


class Document(ABC):
    """Open on construction, closed by ``close()`` or on leaving a ``with`` block."""

    def __enter__(self) -> "Document":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def page_count(self) -> int: ...

    @abstractmethod
    def pages(self) -> Iterator[PageGeometry]:
        """One page at a time, so that a long report never holds more than one page's glyphs."""
