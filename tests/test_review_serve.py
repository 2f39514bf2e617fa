"""What `rekon review` serves, up to the point uvicorn takes over (review/serve.py's `start`), fast:
the Host names the app accepts for each address it is bound to, the warning when that is not
this machine only, and the address it prints. tests/test_review_safety.py starts the real server."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pandas as pd
import pytest
from starlette.testclient import TestClient

from rekon.extract.schema import ROW_COLUMNS
from rekon.reconcile.panel import review_columns
from rekon.review.serve import bind, start, url_host
from rekon.rules.findings import FINDING_COLUMNS
from tests.capabilities import requires


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """The smallest OUT_DIR a run writes: one row, no link, no finding."""
    out = tmp_path_factory.mktemp("out")
    row = {c: "" for c in ROW_COLUMNS} | {"row_id": "a:p1:r1", "source_file": "absent.pdf", "page": "1", "quarter": "1", "indikator": "Jumlah dokumen"}
    pd.DataFrame([row], columns=ROW_COLUMNS).to_csv(out / "rows.csv", index=False)
    pd.DataFrame(columns=review_columns(2)).to_csv(out / "review.csv", index=False)
    pd.DataFrame(columns=FINDING_COLUMNS).to_csv(out / "discrepancies.csv", index=False)
    return out


def _started(out, host: str):
    said, warned = [], []
    app, sock = start(out, host, 0, "id", said.append, warned.append)
    return app, sock, said, warned


def _status(app, address: str, host_header: str) -> int:
    with TestClient(app, base_url=f"http://{host_header}") as client:
        return client.get(urlsplit(address).path).status_code


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", pytest.param("::1", marks=requires("ipv6"))])
def test_bound_to_this_machine_only_loopback_names_are_answered_and_nothing_is_said(out, host):
    app, sock, said, warned = _started(out, host)
    try:
        assert warned == [] and len(said) == 1
        address = urlsplit(said[0])
        assert address.hostname == host and address.port == sock.getsockname()[1] != 0
        for good in ("127.0.0.1", "localhost", "[::1]"):
            assert _status(app, said[0], good) == 200, good
        for evil in ("evil.example", "127.0.0.1.evil.example", "10.0.0.5"):  # a DNS-rebinding page's own name
            assert _status(app, said[0], evil) == 400, evil
    finally:
        sock.close()


@pytest.mark.parametrize("everywhere", ["0.0.0.0", pytest.param("::", marks=requires("ipv6"))])
def test_bound_to_every_interface_any_name_is_answered_and_the_user_warned(out, everywhere):
    app, sock, said, warned = _started(out, everywhere)
    try:
        assert len(warned) == 1 and everywhere in warned[0] and str(out) in warned[0]
        assert _status(app, said[0], "office-pc.local") == 200  # the machine's name on the network, whatever it is
    finally:
        sock.close()


def test_bound_to_one_other_address_that_name_and_loopback_are_answered(out):
    app, sock, said, warned = _started(out, "127.0.0.2")  # not one of the loopback names rekon knows
    try:
        assert len(warned) == 1 and "127.0.0.2" in warned[0]
        assert urlsplit(said[0]).hostname == "127.0.0.2"
        assert _status(app, said[0], "127.0.0.2") == 200 and _status(app, said[0], "localhost") == 200
        assert _status(app, said[0], "evil.example") == 400
    finally:
        sock.close()


def test_the_socket_listens_before_the_address_is_printed_and_ipv6_is_bracketed():
    sock = bind("127.0.0.1", 0)
    try:
        # Connecting succeeds with nobody accepting yet: the first request waits in the backlog.
        with socket.create_connection(sock.getsockname(), timeout=5):
            pass
        again = bind("127.0.0.1", 0)  # another free port, no clash
        assert again.getsockname()[1] != sock.getsockname()[1]
        again.close()
    finally:
        sock.close()
    with pytest.raises(OSError):
        bind("203.0.113.7", 0)  # an address this machine does not have: the error, and no socket left open
    assert url_host("::1") == "[::1]" and url_host("127.0.0.1") == "127.0.0.1"
