"""A fork server for `make mutate`: each mutant's pytest forked from a process that has already
imported pytest and the third-party libraries the tests use, so that a mutant costs its tests'
time, not seconds of importing pandas, scipy and matplotlib again.

The server imports nothing of rekon (checked): each forked child imports rekon fresh from the
copy mutmut has just mutated on disk, exactly as a new `python -m pytest` would. mutmut's runner
is a small client (bench.mutation --tests) that sends its arguments and working folder and exits
with the child's code; when mutmut kills the client for hanging, the server kills the child's
whole process group.

    python -m bench.mutation_server SOCKET     # serves until killed
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import socket
import sys
from pathlib import Path

# Third-party modules the targets' tests import (those not installed are passed over).
PRELOAD = ("pytest", "_pytest.pytester", "_hypothesis_pytestplugin", "hypothesis", "hypothesis.strategies", "numpy", "pandas",
           "scipy.optimize", "matplotlib", "openpyxl", "pdfplumber", "pypdfium2", "pikepdf", "starlette.applications",
           "starlette.testclient", "uvicorn", "httpx", "jinja2", "pyarrow.parquet", "rapidfuzz", "babel.numbers", "PIL.Image",
           "docx", "yaml", "pydantic", "typer", "rich.console", "duckdb", "pebble", "reportlab.pdfgen.canvas", "pytesseract")


def preload() -> None:
    for name in PRELOAD:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional library absent or broken here: the child imports it itself
            continue
        if name == "matplotlib":
            module.use("Agg")  # what report/charts.py does before importing pyplot
            importlib.import_module("matplotlib.pyplot")
    ours = sorted(name for name in sys.modules if name == "rekon" or name.startswith("rekon."))
    if ours:
        raise SystemExit(f"mutation server: {ours[0]} was imported before any mutant: it would not see the mutation")


def run_child(request: dict) -> None:
    """In the forked child: the tests, then exit with pytest's verdict (0 passed, 1 anything else)."""
    os.setpgid(0, 0)
    os.chdir(request["cwd"])
    sys.argv = ["pytest", *request["arguments"]]
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    code = 1
    try:
        import pytest

        code = 0 if pytest.main(request["arguments"]) == 0 else 1
    finally:
        sys.stdout.flush()
        os._exit(code)


def answer(connection: socket.socket) -> None:
    request = json.loads(connection.makefile("r", encoding="utf-8").readline())
    child = os.fork()
    if child == 0:
        connection.close()
        run_child(request)
    while True:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
            return
        readable, _, _ = select.select([connection], [], [], 0.2)
        if readable and not connection.recv(1):  # the client is gone: mutmut's time limit killed it
            try:
                os.killpg(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(child, 0)
            return


def serve(path: Path) -> None:
    preload()
    binding = path.with_name(path.name + ".new")
    binding.unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(binding))
    server.listen(4)
    os.replace(binding, path)  # the path appears only once the server listens
    while True:
        connection, _ = server.accept()
        with connection:
            try:
                answer(connection)
            except (OSError, ValueError):
                pass


def ask(path: str, arguments: list[str]) -> int:
    """The client mutmut runs: the child's exit code, 1 when it could not be asked."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(path)
        client.sendall((json.dumps({"cwd": os.getcwd(), "arguments": arguments}) + "\n").encode())
        reply = client.makefile("r", encoding="utf-8").readline().strip()
    return 0 if reply == "0" else 1


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
