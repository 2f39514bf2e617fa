"""What a batch has made so far, on disk under OUT/.rekon/: each file's reading, each group's results.

Workers write here and send the parent only a light summary: the parent never holds a
batch's rows, and the outputs are assembled from here in input order. `--resume` reads a
file's entry back instead of reading the PDF again. Every entry is written whole (renamed
into place), so a run stopped at any moment leaves only whole entries.

    files/<file id>-<options>.pkl|.rows|.problems   a file as extraction read it (resume)
    groups/settled/<file id>.pkl                    its rows and problems as its group settled them
    groups/settled/<file id>.result.pkl             and the whole settled result (`rekon.extract()`)

Rows are kept as the CSV lines rows.csv copies; problems as data (`Problem`), said in the
run's language only when problems.csv is written: nothing here depends on the language.
    groups/<n>.pkl                                  group n's panel, review and findings
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path

from rekon.extract.cross_file import rows_frame, said_problems
from rekon.extract.output import csv_text, file_mode
from rekon.extract.pipeline import FileResult
from rekon.extract.problems import Problem


# What an entry holds: a cache written in another form is read again, never misread.
FORMAT = 2  # 2: problems kept as data, said at output


def write_whole(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_bytes(data)
    os.chmod(temp, file_mode())
    os.replace(temp, path)


def _pickled(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class FileCache:
    """Each file's reading keyed by its content hash and the options that change it, and each group's results."""

    def __init__(self, root: Path, options: dict):
        self.root = root
        self.files = root / "files"
        self.groups = root / "groups"
        self.files.mkdir(parents=True, exist_ok=True)
        self.options = hashlib.sha256(repr((FORMAT, sorted(options.items()))).encode()).hexdigest()[:8]

    def clear(self) -> None:
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir(parents=True, exist_ok=True)

    # -- files, as extraction read them

    def _base(self, file_id: str) -> Path:
        return self.files / f"{file_id}-{self.options}"

    def has(self, file_id: str) -> bool:
        return bool(file_id) and self._base(file_id).with_suffix(".pkl").exists()

    def save(self, result: FileResult) -> None:
        """The full result (for the groups' matching) and its problems (for problems.csv when its group did not finish)."""
        base = self._base(result.file_id)
        write_whole(base.with_suffix(".problems"), _pickled(result.problems))
        write_whole(base.with_suffix(".pkl"), _pickled(result))

    def load(self, file_id: str, source_file: str | None = None) -> FileResult:
        """The cached result; under another name (a renamed copy) its rows name the file as given now."""
        result = pickle.loads(self._base(file_id).with_suffix(".pkl").read_bytes())
        if source_file is not None and result.source_file != source_file:
            result.source_file = source_file
            for record in result.rows:
                record["source_file"] = source_file
            for found in result.problems:
                found.source_file = source_file
            self.save(result)
        return result

    def rows_text(self, file_id: str) -> str:
        """The file's rows as CSV lines, as extraction read them: made when asked, since only a file whose group
        did not finish needs them (its group's job writes the settled lines of every other file)."""
        return csv_text(rows_frame([self.load(file_id)]), header=False)

    def problems(self, file_id: str) -> list[Problem]:
        return pickle.loads(self._base(file_id).with_suffix(".problems").read_bytes())

    # -- files, as their group settled them

    def save_settled(self, members: list[FileResult], whole: bool = False, lang: str | None = None) -> None:
        """Each member's rows (as CSV lines) and problems as the group settled them (rows.csv and problems.csv
        are written from these, one input at a time); with `lang`, the problems' CSV lines said in it too
        (language, text); with `whole`, the settled result too (for `rekon.extract()`)."""
        folder = self.groups / "settled"
        folder.mkdir(parents=True, exist_ok=True)
        for m in members:
            said = (lang, csv_text(said_problems(m.problems, lang), header=False) if m.problems else "") if lang else None
            settled = (csv_text(rows_frame([m]), header=False), m.problems, said, len(m.rows))
            write_whole(folder / f"{m.file_id}.pkl", _pickled(settled))
            if whole:
                write_whole(folder / f"{m.file_id}.result.pkl", _pickled(m))

    def load_settled(self, file_id: str) -> tuple[str, list[Problem], tuple[str, str] | None, int] | None:
        path = self.groups / "settled" / f"{file_id}.pkl"
        return pickle.loads(path.read_bytes()) if path.exists() else None

    def load_settled_result(self, file_id: str) -> FileResult | None:
        path = self.groups / "settled" / f"{file_id}.result.pkl"
        return pickle.loads(path.read_bytes()) if path.exists() else None

    # -- groups' results

    def save_group(self, index: int, frames: dict) -> None:
        self.groups.mkdir(parents=True, exist_ok=True)
        write_whole(self.groups / f"{index}.pkl", _pickled(frames))

    def load_group(self, index: int) -> dict:
        return pickle.loads((self.groups / f"{index}.pkl").read_bytes())

    def save_group_texts(self, index: int, texts: dict) -> None:
        self.groups.mkdir(parents=True, exist_ok=True)
        write_whole(self.groups / f"{index}.texts.pkl", _pickled(texts))

    def load_group_texts(self, index: int) -> dict | None:
        path = self.groups / f"{index}.texts.pkl"
        return pickle.loads(path.read_bytes()) if path.exists() else None

    def work_dir(self, name: str) -> Path:
        """A scratch folder of a group's job (its report's CSVs while it is written)."""
        return self.groups / name
