"""What a new user met: a full output disk, a region taken from the folder, NULL in `rekon query`."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekon.cli import app, main
from rekon.extract.disk import DiskFull, disk_full_message, is_disk_full
from rekon.groups import group_files
from rekon.extract.pipeline import FileResult, Metadata
from tests.test_report_support import read_csv, sample_run

ROOT = Path(__file__).resolve().parent.parent
TW1 = ROOT / "data" / "samples" / "dp3akb-serang-2022-tw1.pdf"
REKON = [sys.executable, "-m", "rekon"]


# ---------------------------------------------------------------------------------------------
# A full disk: exit 5, one line saying what to do, and --resume finishes the run


class SmallDisk:
    """A tmpfs of a given size (needs root and CAP_SYS_ADMIN); where it cannot be mounted, a
    file-size limit (RLIMIT_FSIZE) on a rekon process stands in for it: writes fail with EFBIG."""

    def __init__(self, root: Path, size_kb: int):
        self.path = root / f"disk-{uuid.uuid4().hex[:8]}"
        self.path.mkdir()
        self.size_kb = size_kb
        # REKON_TEST_NO_MOUNT=1 takes the file-size-limit path even where a tmpfs could be mounted.
        self.mounted = os.geteuid() == 0 and not os.environ.get("REKON_TEST_NO_MOUNT") and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(self.path)], capture_output=True).returncode == 0

    def grow(self, size_kb: int) -> None:
        self.size_kb = size_kb
        if self.mounted:
            subprocess.run(["mount", "-o", f"remount,size={size_kb}k", str(self.path)], check=True)

    def rekon(self, capsys, *arguments: str) -> tuple[int, str]:
        """rekon's exit code and standard error: in this process on a tmpfs, else in a process of its own under the limit."""
        if self.mounted:
            with pytest.raises(SystemExit) as stopped:
                main(list(arguments))
            return stopped.value.code or 0, capsys.readouterr().err
        limit = self.size_kb * 1024 // 3  # per file: the cache's largest file is a third of what a run needs
        completed = subprocess.run([*REKON, *arguments], capture_output=True, text=True, timeout=240, cwd=ROOT,
                                   preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
        return completed.returncode, completed.stderr

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", str(self.path)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    disk = SmallDisk(tmp_path, 120)
    yield disk
    disk.close()


@pytest.fixture(scope="module")
def no_region_pdf(tmp_path_factory) -> Path:
    """TW I of an agency whose title prints no region, in a folder named for its region."""
    from samples.build import Sample
    from samples.producer2.render import render
    from samples.source import read_source

    path = tmp_path_factory.mktemp("in") / "kota-contoh" / "tw1.pdf"
    path.parent.mkdir()
    render(read_source(Sample(1, False).source), 1, path, opd="DINAS KESEHATAN", city="")
    return path


def test_a_full_disk_is_the_environments_error_and_resume_finishes_the_run(small_disk, no_region_pdf, capsys, tmp_path):
    out = small_disk.path / "out"
    code, stderr = small_disk.rekon(capsys, "extract", str(no_region_pdf), "-o", str(out), "--quiet", "--jobs", "1")
    assert code == 5, (small_disk.mounted, stderr)
    lines = stderr.strip().splitlines()
    said = ("disk penuh", "disk full") if small_disk.mounted else ("batas ukuran berkas", "file size limit")
    assert len(lines) == 1 and all(words in lines[0] for words in said) and "--resume" in lines[0], stderr
    assert "galat tak terduga" not in stderr and "Traceback" not in stderr
    small_disk.grow(16384)
    code, stderr = small_disk.rekon(capsys, "extract", str(no_region_pdf), "-o", str(out), "--quiet", "--jobs", "1", "--resume")
    assert code == 0, stderr
    # The rows carry the region the file was grouped by: its folder's name (the title prints none) ...
    rows = read_csv(out / "rows.csv")
    assert len(rows) > 100 and set(rows["region"]) == {"kota-contoh"}
    # ... and so does the store.
    from rekon.store import load_run, run_query

    load_run(out, tmp_path / "rekon.duckdb", {}, "test")
    stored = run_query(tmp_path / "rekon.duckdb", "SELECT (SELECT list(DISTINCT region) FROM rows) AS rows, (SELECT list(region) FROM files) AS files")
    assert list(stored.loc[0, "rows"]) == ["kota-contoh"] and list(stored.loc[0, "files"]) == ["kota-contoh"]


def test_a_full_disk_is_recognised_through_the_errors_it_causes():
    import errno

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(DiskFull(errno.ENOSPC, "OSError: [Errno 28] No space left on device"))
    try:  # a store's rollback failing while it handles the full disk: the cause is still found
        try:
            raise RuntimeError("IO Error: Could not write file: No space left on device")
        except RuntimeError:
            raise ValueError("cannot rollback - no transaction is active")
    except ValueError as masked:
        assert is_disk_full(masked)
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied")) and not is_disk_full(ValueError("no table"))
    assert disk_full_message(OSError(errno.EDQUOT, "Disk quota exceeded")).count("\n") == 0


# ---------------------------------------------------------------------------------------------
# The region a group was formed by goes with its rows


def _result(path: str) -> FileResult:
    return FileResult(path, rows=[{"row_id": f"{path}:p1:r1", "quarter": "1"}], metadata=Metadata("DINAS KESEHATAN", 2023, 1))


def test_a_folders_region_is_its_name_unless_two_folders_share_it():
    groups = group_files([_result("a/tangsel-2023/dinkes.pdf"), _result("a/pandeglang/dinkes.pdf")])
    assert [g.row_region for g in groups] == ["tangsel-2023", "pandeglang"]
    assert "'tangsel-2023'" in groups[0].how_formed("id")
    groups = group_files([_result("kota/2023/dinkes.pdf"), _result("kabupaten/2023/dinkes.pdf")])
    assert [g.row_region for g in groups] == ["kota/2023", "kabupaten/2023"]  # two regions never look like one
    titled = FileResult("x/tw1.pdf", rows=[{"row_id": "x:p1:r1"}], metadata=Metadata("DINAS KESEHATAN", 2023, 1, region="KOTA SERANG"))
    assert group_files([titled])[0].row_region == "KOTA SERANG"


# ---------------------------------------------------------------------------------------------
# NULL in `rekon query`


def test_query_prints_null_as_nothing_never_nan():
    store = sample_run() / "rekon.duckdb"
    sql = "SELECT row_id, kode, target_kinerja, keterangan FROM rows WHERE kode IS NULL AND target_kinerja IS NULL ORDER BY row_id LIMIT 3"
    table = CliRunner().invoke(app, ["query", str(store), sql])
    assert table.exit_code == 0, table.output
    lines = table.stdout.strip().splitlines()
    assert len(lines) == 5 and "nan" not in table.stdout.lower() and "None" not in table.stdout
    as_csv = CliRunner().invoke(app, ["query", str(store), sql, "--csv"])
    body = as_csv.stdout.strip().splitlines()[1:]
    assert len(body) == 3 and all(line.count(",") == 3 and line.split(",")[1:3] == ["", ""] for line in body), as_csv.stdout
