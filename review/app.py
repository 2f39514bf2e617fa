"""The review page as one small ASGI app (Starlette): a page and JSON endpoints over queue.ReviewData.

Safety, all in one place:
- every route lives under /<token>/ (a random token, new at each start); anything else is 404;
- the Host header must be the address served (no DNS rebinding from a web page);
- writes go through review.files, which refuses any path outside OUT_DIR, and are atomic;
- nothing is served from disk: pages and crops are made in memory (PDF pages are rendered
  to small PNGs, the PDFs themselves are never sent);
- a malformed request gets a 4xx JSON answer; an unexpected error a plain 500, never a traceback.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from rekon.review.files import OutsideOutDir
from rekon.review.labels import page_labels
from rekon.review.marks import VERDICTS
from rekon.review.queue import ReviewData, Unknown, filter_options, load

MAX_BODY = 64 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",  # the token is in the address: never hand it to another site
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _json(payload, status: int = 200) -> JSONResponse:
    return JSONResponse(payload, status_code=status, headers=SECURITY_HEADERS)


def _error(status: int, message: str) -> JSONResponse:
    return _json({"error": message}, status)


async def _body(request: Request) -> dict:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send application/json")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        raise HTTPException(413, f"body larger than {MAX_BODY} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise HTTPException(413, f"body larger than {MAX_BODY} bytes")
    try:
        body = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise HTTPException(400, "body is not JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "body must be a JSON object")
    return body


def _text(body: dict, name: str, required: bool = True) -> str:
    value = body.get(name, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise HTTPException(400, f"{name} must be a non-empty string" if required else f"{name} must be a string")
    return value


def create_app(out_dir: Path | str, lang: str = "id", token: str | None = None, hosts: tuple[str, ...] = LOOPBACK_HOSTS) -> tuple[Starlette, str]:
    """The app over OUT_DIR, and the token its address must carry."""
    data: ReviewData = load(out_dir, lang)
    token = token or new_token()
    environment = Environment(loader=PackageLoader("rekon.review", "templates"), autoescape=select_autoescape(["html", "j2"]))
    labels = page_labels(lang)

    def page(request: Request) -> Response:
        source = lambda name: environment.loader.get_source(environment, name)[0]  # noqa: E731
        html = environment.get_template("review.html.j2").render(
            L=labels, lang=lang, out_dir=str(Path(out_dir).resolve()), verdicts=VERDICTS,
            css=source("review.css"), js=source("review.js"),
        )
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    def state(request: Request) -> Response:
        return _json({"progress": data.progress(), "filters": filter_options(data.findings)})

    def links(request: Request) -> Response:
        return _json({"links": data.link_items(), "progress": data.progress()})

    def findings(request: Request) -> Response:
        return _json({"findings": data.finding_items(), "filters": filter_options(data.findings), "progress": data.progress()})

    def crop(request: Request) -> Response:
        row_id = request.query_params.get("row_id", "")
        if not row_id:
            raise HTTPException(400, "row_id is required")
        fields = tuple(f for f in request.query_params.getlist("field") if f)
        return _json(data.crop(row_id, fields))

    def evidence(request: Request) -> Response:
        finding_id = request.query_params.get("finding_id", "")
        if not finding_id:
            raise HTTPException(400, "finding_id is required")
        return _json({"finding_id": finding_id, "crops": data.evidence(finding_id)})

    async def decide(request: Request) -> Response:
        body = await _body(request)
        progress = data.decide_link(_text(body, "row_id_a"), _text(body, "row_id_b"), _text(body, "decision"))
        return _json({"ok": True, "progress": progress})

    async def judge(request: Request) -> Response:
        body = await _body(request)
        progress = data.judge_finding(_text(body, "finding_id"), _text(body, "verdict"), _text(body, "comment", required=False))
        return _json({"ok": True, "progress": progress})

    async def http_error(request: Request, error: HTTPException) -> Response:
        return _error(error.status_code, str(error.detail))

    async def bad_value(request: Request, error: ValueError) -> Response:
        return _error(400, str(error))

    async def unknown(request: Request, error: Unknown) -> Response:
        return _error(404, str(error))

    async def outside(request: Request, error: OutsideOutDir) -> Response:
        return _error(403, "outside OUT_DIR")

    async def crashed(request: Request, error: Exception) -> Response:
        return Response("rekon review: internal error (see the terminal)", status_code=500, media_type="text/plain")

    api = [
        Route("/", page),
        Route("/api/state", state),
        Route("/api/links", links),
        Route("/api/findings", findings),
        Route("/api/crop", crop),
        Route("/api/evidence", evidence),
        Route("/api/links/decision", decide, methods=["POST"]),
        Route("/api/findings/verdict", judge, methods=["POST"]),
    ]
    app = Starlette(
        routes=[Mount(f"/{token}", routes=api)],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))],
        exception_handlers={HTTPException: http_error, Unknown: unknown, OutsideOutDir: outside, ValueError: bad_value, Exception: crashed},
    )
    return app, token
