"""A real HTTP server on 127.0.0.1 that plays answers the tests script, and records every request."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """One scripted answer. ``cut`` sends only that many bytes of the body (with the full Content-Length)."""

    status: int = 200
    body: bytes | str | list | dict = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"
    cut: int | None = None

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float


class ScriptedServer:
    """Routes are ``(path, query items that must match)`` -> a list of replies played in order (the last repeats).

    Unrouted requests get 404. ``requests`` lists what arrived, with the time.
    """

    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], list[Reply]]] = []
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with server._lock:
                    server.requests.append(Seen(parts.path, query, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                    reply = server._next(parts.path, query)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.payload()
                sent = body if reply.cut is None else body[: reply.cut]
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(sent)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(sent)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, path: str, *replies: Reply, **query: str) -> None:
        self.routes.append((path, query, list(replies)))

    def _next(self, path: str, query: dict[str, str]) -> Reply:
        for route_path, wanted, replies in self.routes:
            if route_path == path and all(query.get(k) == v for k, v in wanted.items()):
                return replies.pop(0) if len(replies) > 1 else replies[0]
        return Reply(404, {"error": "Not Found"})

    def hits(self, path: str | None = None, predicate: Callable[[Seen], bool] | None = None) -> list[Seen]:
        return [r for r in self.requests if (path is None or r.path == path) and (predicate is None or predicate(r))]

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
