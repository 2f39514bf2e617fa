"""What could not be read, and where, as data: a `Problem` is a code, a place and values; no words.

Readers make problems as they read (`problem()`); what a batch says beyond one file (a duplicate
file, a missing quarter, a group that could not be matched) is a `Problem` too. Nothing is said in
a language until a table is written: `Problem.record(lang)` is its problems.csv line, its message
taken from the one catalogue (rekon.extract.messages). So a file reads the same in every language,
and a batch's cache serves a run in any language (`--resume --lang en`).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

# problems.csv's columns, and the attribute of a Problem each is (`problem` is its code).
_COLUMN_ATTRIBUTES = {"source_file": "source_file", "row_id": "row_id", "field": "field", "raw_text": "raw_text", "problem": "code"}


@dataclass
class Problem:
    code: str  # a key of the catalogue (rekon.extract.messages.MESSAGES)
    source_file: str = ""
    page: int | None = None
    row_id: str = ""
    field: str = ""  # the column (rows.csv field) where the problem is, when it is in one
    raw_text: str = ""  # the text as printed
    values: dict = dataclass_field(default_factory=dict)  # what the message names besides the place (a detail, a confidence ...)

    def message(self, lang: str = "id") -> str:
        from rekon.extract.messages import message

        return message(self.code, lang, page=self.page, field=self.field, text=self.raw_text, **self.values)

    def record(self, lang: str = "id") -> dict:
        """The problem as a line of problems.csv, said in `lang`."""
        return {
            "source_file": self.source_file, "page": self.page if self.page is not None else "", "row_id": self.row_id,
            "field": self.field, "raw_text": self.raw_text, "problem": self.code, "message": self.message(lang),
        }

    def __getitem__(self, column: str):
        """A column of its problems.csv line (the message in Indonesian, every message's default): p["problem"] is p.code."""
        if column == "page":
            return self.page if self.page is not None else ""
        if column == "message":
            return self.message()
        return getattr(self, _COLUMN_ATTRIBUTES[column])

    def __str__(self) -> str:
        return self.message()


def problem(source_file: str, code: str, lang: str = "", page: int | None = None, row_id: str = "", field_name: str = "", raw: str = "",
            **values) -> Problem:
    """A problem met while reading. `lang` is not used (problems are said at output); it stays so the
    readers' calls keep their arguments."""
    return Problem(code, source_file, page, row_id, field_name, raw, values)
