"""The installable wheel: built from the tree, installed in a fresh venv, run from another folder.

The fresh venv gets rekon only from the wheel; its dependencies come from the test venv through a
path entry (a .pth line), so the test needs no network and no second install of pandas & co. A
path added that way is not a site directory, so the test venv's editable rekon is not visible.
"""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # heavy: `make test-slow` (CI runs it after `make test`)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "dp3akb-serang-2022-tw1.pdf"
OURS = {"rekon", "extract", "reconcile", "rules", "report", "samples", "bench", "tests"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("rekon-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return env


def test_the_wheel_holds_rekon_and_nothing_else_of_ours(wheel):
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"rekon"}
    names = zipfile.ZipFile(wheel).namelist()
    assert "rekon/rules/default_rules.yaml" in names and "rekon/report/templates/report.html.j2" in names
    assert {"rekon/review/templates/review.html.j2", "rekon/review/templates/review.js", "rekon/review/templates/review.css"} <= set(names)


def test_site_packages_holds_only_rekon(installed):
    site = next((installed / "lib").glob("python*/site-packages"))
    assert {p.name for p in site.iterdir()} & OURS == {"rekon"}


def test_the_command_runs_outside_the_repository(installed, tmp_path):
    done = subprocess.run([installed / "bin" / "rekon", "run", str(SAMPLE), "-o", "hasil", "--quiet", "--jobs", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("rows.csv", "panel.csv", "discrepancies.csv", "report.html", "report.xlsx"):
        assert (tmp_path / "hasil" / name).stat().st_size > 0, name


def test_the_api_runs_outside_the_repository(installed, tmp_path):
    code = (
        "import rekon, sys; rows = rekon.extract([sys.argv[1]]);"
        "print(rekon.__file__); print(len(rows)); print(len(rekon.check(rows, rekon.match(rows))))"
    )
    done = subprocess.run([installed / "bin" / "python", "-c", code, str(SAMPLE)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    where, rows, findings = done.stdout.split()
    assert Path(where).is_relative_to(installed) and int(rows) > 100 and int(findings) > 0
