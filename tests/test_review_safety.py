"""`rekon review`'s safety and its files, in process (Starlette's test client): the token, the
Host check, nothing outside OUT_DIR read or written, atomic writes, 4xx for bad requests; and
how verdicts are put back on the findings of the next run."""

from __future__ import annotations

import http.client
import inspect
import json
import signal
import subprocess
import sys
from urllib.parse import urlsplit

import pandas as pd
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from rekon.cli import app as cli_app
from rekon.cli import review_command
from rekon.extract.schema import ROW_COLUMNS
from rekon.reconcile.panel import review_columns
from rekon.review import files
from rekon.review.app import create_app
from rekon.review.honour import honour_review
from rekon.review.marks import count_marks, mark_findings
from rekon.review.serve import bind
from rekon.rules.findings import FINDING_COLUMNS
from tests.capabilities import requires

SECRET = "geheim: rows of another agency"


def _row(row_id: str, quarter: int, indikator: str) -> dict:
    row = {c: "" for c in ROW_COLUMNS}
    row.update(row_id=row_id, source_file="absent.pdf", page="1", bbox="20 100 900 120", opd="DINAS X", year="2023",
               quarter=str(quarter), level="sub_kegiatan", indikator=indikator, target_pagu="1000000")
    return row


@pytest.fixture
def out(tmp_path):
    """A small OUT_DIR as `rekon run` writes it: three rows, one doubtful link with a runner-up, two findings.
    Beside it (outside OUT_DIR) a file nobody may read through the app."""
    (tmp_path / "secret.txt").write_text(SECRET)
    out = tmp_path / "out"
    out.mkdir()
    rows = pd.DataFrame([_row("a:p1:r1", 1, "Jumlah dokumen"), _row("b:p1:r1", 2, "Jumlah laporan"), _row("b:p1:r2", 2, "Jumlah dokumen")], columns=ROW_COLUMNS)
    rows.to_csv(out / "rows.csv", index=False)
    link = {c: "" for c in review_columns(2)}
    link.update(quarter_a="1", row_id_a="a:p1:r1", indikator_a="Jumlah dokumen", quarter_b="2", row_id_b="b:p1:r1",
                indikator_b="Jumlah laporan", score="71.0", runner_up_1_row_id="b:p1:r2", runner_up_1_indikator="Jumlah dokumen", runner_up_1_score="69.0")
    pd.DataFrame([link], columns=review_columns(2)).to_csv(out / "review.csv", index=False)
    findings = pd.DataFrame([{c: "" for c in FINDING_COLUMNS} | {"finding_id": f"pagu_changed:{n:012x}", "rule": "pagu_changed", "severity": "info",
                                                               "quarter": "2", "row_id": "b:p1:r1", "message": "pagu berubah"} for n in (1, 2)], columns=FINDING_COLUMNS)
    findings.to_csv(out / "discrepancies.csv", index=False)
    return out


@pytest.fixture
def client(out):
    app, token = create_app(out, "id")
    with TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False) as client:
        client.token = token
        yield client


def _post(client, path, body, **kwargs):
    return client.post(f"/{client.token}/api/{path}", content=json.dumps(body), headers={"Content-Type": "application/json"}, **kwargs)


def test_every_route_needs_the_token(client):
    assert client.get(f"/{client.token}/").status_code == 200
    assert client.get(f"/{client.token}/api/links").status_code == 200
    for path in ("/", "/api/links", "/x/api/links", f"/{client.token}x/", f"/{client.token[:-1]}/api/findings", f"/{client.token.upper()}/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "links" not in response.text
    assert _post(client, "links/decision", {"row_id_a": "a:p1:r1", "row_id_b": "b:p1:r1", "decision": "same"}).status_code == 200
    wrong = client.post("/nope/api/links/decision", content=json.dumps({"row_id_a": "a:p1:r1", "row_id_b": "b:p1:r1", "decision": "different"}),
                        headers={"Content-Type": "application/json"})
    assert wrong.status_code == 404


def test_the_token_is_new_at_each_start_and_long(out):
    tokens = {create_app(out)[1] for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) >= 32 for t in tokens)


def test_only_loopback_by_default_and_other_host_headers_refused(client):
    assert inspect.signature(review_command).parameters["host"].default == "127.0.0.1"
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
    # A page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
    assert client.get(f"/{client.token}/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get(f"/{client.token}/", headers={"Host": "localhost:8000"}).status_code == 200


def _get(host: str, port: int, path: str, host_header: str) -> tuple[int, bytes]:
    """A GET over a real socket with the Host header given (a DNS-rebinding page sends its own name);
    no answer names the server's software (uvicorn's `server` header is off)."""
    connection = http.client.HTTPConnection(host, port, timeout=20)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host_header)
        connection.endheaders()
        response = connection.getresponse()
        assert response.getheader("Server") is None, response.getheader("Server")
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("bound", ["127.0.0.1", pytest.param("::1", marks=requires("ipv6"))])
def test_the_server_rekon_review_starts_refuses_other_hosts_over_http(out, bound):
    command = [sys.executable, "-c", "from rekon.cli import main; main()", "review", str(out), *(["--host", bound] if ":" in bound else [])]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address = urlsplit(server.stdout.readline().strip())
        assert address.hostname == bound, server.stderr.read() if server.poll() is not None else address
        host, port, path = address.hostname, address.port, address.path
        for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            status, body = _get(host, port, path, good)
            assert status == 200 and b"<html" in body.lower(), good
        for evil in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"):
            status, body = _get(host, port, path, evil)
            assert status == 400 and b"<html" not in body.lower(), evil
        assert _get(host, port, "/", f"127.0.0.1:{port}")[0] == 404  # and the token is needed over HTTP too
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.parametrize("path", [
    "/{token}/../secret.txt", "/{token}/%2e%2e/secret.txt", "/{token}/..%2fsecret.txt", "/{token}/api/..%2f..%2fsecret.txt",
    "/{token}/rows.csv", "/{token}/overrides.csv", "/{token}/api/crop?row_id=../secret.txt", "/{token}/api/crop?row_id=/etc/passwd",
    "/{token}/api/evidence?finding_id=../../secret.txt", "/{token}/static/../../secret.txt", "/../secret.txt",
])
def test_no_file_is_served_from_disk(client, path):
    response = client.get(path.format(token=client.token))
    assert 400 <= response.status_code < 500
    assert SECRET not in response.text and "row_id,source_file" not in response.text


def test_writes_stay_inside_out_dir(client, out, tmp_path):
    with pytest.raises(files.OutsideOutDir):
        files.inside(out, "../secret.txt")
    with pytest.raises(files.OutsideOutDir):
        files.inside(out, str(tmp_path / "secret.txt"))
    # verdicts.csv replaced by a link to a file outside OUT_DIR: refused, the file untouched.
    (out / "verdicts.csv").symlink_to(tmp_path / "secret.txt")
    response = _post(client, "findings/verdict", {"finding_id": "pagu_changed:000000000001", "verdict": "acceptable", "comment": ""})
    assert response.status_code == 403
    assert (tmp_path / "secret.txt").read_text() == SECRET
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "secret.txt"]


def test_a_write_that_fails_halfway_leaves_the_file_as_it_was(client, out, monkeypatch):
    assert _post(client, "findings/verdict", {"finding_id": "pagu_changed:000000000001", "verdict": "acceptable", "comment": "ok"}).status_code == 200
    before = (out / "verdicts.csv").read_bytes()

    def half_then_fail(self, path, *args, **kwargs):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("finding_id,verd")  # cut off mid-header, as a full disk would
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    response = _post(client, "findings/verdict", {"finding_id": "pagu_changed:000000000002", "verdict": "rekon_error", "comment": "x"})
    assert response.status_code == 500 and "Traceback" not in response.text and "disk full" not in response.text
    assert (out / "verdicts.csv").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left behind


BAD_REQUESTS = [
    ("post", "links/decision", "not json", "application/json", 400),
    ("post", "links/decision", b"\xff\xfe", "application/json", 400),
    ("post", "links/decision", "[1, 2]", "application/json", 400),
    ("post", "links/decision", json.dumps({"row_id_a": "a:p1:r1", "row_id_b": "b:p1:r1", "decision": "same"}), "text/plain", 415),
    ("post", "links/decision", json.dumps({"row_id_a": "a:p1:r1", "decision": "same"}), "application/json", 400),
    ("post", "links/decision", json.dumps({"row_id_a": ["a"], "row_id_b": "b:p1:r1", "decision": "same"}), "application/json", 400),
    ("post", "links/decision", json.dumps({"row_id_a": "a:p1:r1", "row_id_b": "b:p1:r1", "decision": "maybe"}), "application/json", 400),
    ("post", "links/decision", json.dumps({"row_id_a": "a:p1:r1", "row_id_b": "zz", "decision": "same"}), "application/json", 404),
    ("post", "links/decision", json.dumps({"row_id_a": "b:p1:r1", "row_id_b": "b:p1:r2", "decision": "same"}), "application/json", 404),
    ("post", "links/decision", json.dumps({"row_id_a": "a:p1:r1", "row_id_b": "b:p1:r1", "decision": "same", "pad": "x" * 70_000}), "application/json", 413),
    ("post", "findings/verdict", json.dumps({"finding_id": "nope", "verdict": "acceptable"}), "application/json", 404),
    ("post", "findings/verdict", json.dumps({"finding_id": "pagu_changed:000000000001", "verdict": "guilty"}), "application/json", 400),
    ("post", "findings/verdict", json.dumps({"finding_id": "pagu_changed:000000000001", "verdict": "acceptable", "comment": 5}), "application/json", 400),
    ("post", "findings/verdict", json.dumps({"finding_id": "pagu_changed:000000000001", "verdict": "acceptable", "comment": "x" * 5000}), "application/json", 400),
    ("get", "links/decision", None, None, 405),
    ("get", "crop", None, None, 400),
    ("get", "crop?row_id=nope", None, None, 404),
    ("get", "evidence", None, None, 400),
    ("get", "evidence?finding_id=nope", None, None, 404),
    ("delete", "findings", None, None, 405),
]


@pytest.mark.parametrize("method, path, body, content_type, status", BAD_REQUESTS)
def test_bad_requests_get_a_4xx_and_change_nothing(client, out, method, path, body, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    kwargs = {"content": body, "headers": headers} if body is not None else {}
    response = client.request(method.upper(), f"/{client.token}/api/{path}", **kwargs)
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert not (out / "overrides.csv").exists() and not (out / "verdicts.csv").exists()


def test_an_unexpected_error_is_a_plain_500(client, monkeypatch):
    from rekon.review.queue import ReviewData

    monkeypatch.setattr(ReviewData, "progress", lambda self: 1 / 0)
    response = client.get(f"/{client.token}/api/state")
    assert response.status_code == 500
    assert "ZeroDivisionError" not in response.text and "Traceback" not in response.text


def test_pages_do_not_leak_the_token_or_run_foreign_code(client):
    response = client.get(f"/{client.token}/")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_the_page_speaks_english_on_request(out):
    app, token = create_app(out, "en")
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        page = client.get(f"/{token}/").text
    assert "Doubtful matches" in page and "True inconsistency" in page and "Kecocokan meragukan" not in page


def test_review_of_a_folder_without_a_run_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(cli_app, ["review", str(tmp_path)])
    assert result.exit_code == 2
    assert "rows.csv" in result.output and len(result.output.strip().splitlines()) == 1


def test_decisions_replace_earlier_ones_on_the_same_pair_and_keep_the_rest(out):
    (out / "overrides.csv").write_text("row_id_a,row_id_b,decision,note\nx:p1:r1,y:p1:r1,same,by hand\nb:p1:r1,a:p1:r1,same,\n")
    files.save_decision(out, "a:p1:r1", "b:p1:r1", "different")
    written = pd.read_csv(out / "overrides.csv", dtype=str, keep_default_na=False)
    assert written.values.tolist() == [["x:p1:r1", "y:p1:r1", "same", "by hand"], ["a:p1:r1", "b:p1:r1", "different", ""]]
    files.save_decision(out, "b:p1:r1", "a:p1:r1", None)
    assert pd.read_csv(out / "overrides.csv", dtype=str).values.tolist() == [["x:p1:r1", "y:p1:r1", "same", "by hand"]]


def test_verdicts_follow_the_finding_id_and_findings_are_new_open_or_reviewed(out):
    findings = pd.DataFrame({"finding_id": ["r:1", "r:2", "r:3"], "rule": ["r"] * 3})
    files.save_verdict(out, "r:1", "acceptable", "=1+1 is not a formula")
    files.save_verdict(out, "r:gone", "true_inconsistency", "")
    verdicts = files.read_verdicts(out)
    marked = mark_findings(findings, {"r:1", "r:2"}, verdicts)
    assert marked["review_status"].tolist() == ["reviewed", "open", "new"]
    assert marked.loc[0, ["verdict", "verdict_comment"]].tolist() == ["acceptable", "=1+1 is not a formula"]
    counts = count_marks(marked, verdicts)
    assert (counts.new, counts.open, counts.reviewed, counts.stale_verdicts) == (1, 1, 1, 1)


def test_the_next_run_reads_the_previous_findings_before_replacing_them(out):
    files.save_verdict(out, "pagu_changed:000000000002", "rekon_error", "baris salah baca")
    now = pd.read_csv(out / "discrepancies.csv", dtype=str, keep_default_na=False)
    now.loc[len(now)] = {**{c: "" for c in now.columns}, "finding_id": "sums:000000000009", "rule": "sums"}
    marked, counts = honour_review(now, out)
    assert dict(zip(marked["finding_id"], marked["review_status"])) == {
        "pagu_changed:000000000001": "open", "pagu_changed:000000000002": "reviewed", "sums:000000000009": "new"}
    assert (counts.new, counts.reviewed) == (1, 1)


def test_check_matches_again_only_the_files_run_matched(out):
    from rekon.review.honour import rows_to_match

    rows = pd.read_csv(out / "rows.csv", dtype=str, keep_default_na=False)
    rows.loc[len(rows)] = {**rows.iloc[1].to_dict(), "row_id": "c:p1:r1", "source_file": "second-tw2.pdf"}
    pd.DataFrame([{"source_file": "second-tw2.pdf", "page": "", "row_id": "", "field": "", "raw_text": "", "problem": "duplicate_quarter", "message": "x"}]).to_csv(out / "problems.csv", index=False)
    assert rows_to_match(rows, out)["row_id"].tolist() == ["a:p1:r1", "b:p1:r1", "b:p1:r2"]


def test_a_store_of_the_version_before_gains_the_review_columns(tmp_path):
    import duckdb

    from rekon.store import open_store
    from rekon.store.schema import migrate

    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=2)
    assert "verdict" not in [c[0] for c in con.execute("DESCRIBE findings").fetchall()]
    con.close()
    with open_store(path, read_only=True) as con:
        columns = [c[0] for c in con.execute("DESCRIBE findings").fetchall()]
    assert {"review_status", "verdict", "verdict_comment"} <= set(columns)
