"""`rekon review OUT_DIR`: load the run, bind 127.0.0.1 on a free port, print the address, serve."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from rekon.review.queue import NotARun

__all__ = ["NotARun", "serve", "url_host"]

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; listening before the address is printed, so the first request waits in the backlog."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def start(out_dir: Path, host: str, port: int, lang: str, announce: Callable[[str], None], warn: Callable[[str], None]):
    """The app and its listening socket, its address announced: everything `serve` does but serving."""
    from rekon.review.app import LOOPBACK_HOSTS, create_app

    # Listening on every interface: the Host header is whatever name the machine has there.
    hosts = tuple(LOOPBACK_HOSTS) if host in LOOPBACK else ("*",) if host in ("0.0.0.0", "::") else (*LOOPBACK_HOSTS, host)
    app, token = create_app(out_dir, lang, hosts=hosts)
    sock = bind(host, port)
    if host not in LOOPBACK:
        warn(f"rekon review: listening on {host}, not only this machine: anyone with the address can change {out_dir}")
    bound_port = sock.getsockname()[1]
    announce(f"http://{url_host(host)}:{bound_port}/{token}/")
    return app, sock


def serve(out_dir: Path, host: str, port: int, lang: str, announce: Callable[[str], None], warn: Callable[[str], None]) -> None:
    import uvicorn

    app, sock = start(out_dir, host, port, lang, announce, warn)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
