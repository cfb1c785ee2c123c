"""A scripted local HTTP server that stands in for Hugging Face and arXiv in tests.

Each path (optionally path + query) answers a scripted sequence of steps, one per
request; the last step repeats once the script runs out. A step is a Response, a
(status, headers, body) tuple, or a fault: "reset", "hang", "truncate" (or a Fault
for finer control). Every request is recorded in `server.requests`.

    with UpstreamServer() as server:        # or the `upstream` pytest fixture
        server.route("/api/daily_papers", [Response(503), Response.json([])])
        server.serve({"/list/cs.CL/new?skip=0": Path("tests/fixtures/new.xml")})
        fetch(f"{server.url}/api/daily_papers", params={"date": "2026-06-12"})
        assert server.count("/api/daily_papers") == 2
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal
from urllib.parse import parse_qsl, urlsplit

FaultKind = Literal["reset", "hang", "truncate"]


@dataclass(frozen=True)
class Response:
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    reason: str | None = None  # the status line's reason phrase; None: the standard one

    @classmethod
    def json(cls, value: object, status: int = 200) -> Response:
        body = json.dumps(value).encode()
        return cls(status, {"Content-Type": "application/json"}, body)


@dataclass(frozen=True)
class Fault:
    """A misbehaving upstream.

    reset:    close the connection with a TCP RST instead of answering;
    hang:     stay silent for `seconds` (cut short when the server closes);
    truncate: promise `missing` more bytes in Content-Length than `body` holds,
              send `body`, then hang up.
    """

    kind: FaultKind
    body: bytes = b'{"papers": [{"id": "2606.01234", "title": "Trunc'
    missing: int = 100
    seconds: float = 5.0
    headers: Mapping[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/json"}
    )


Step = Response | Fault | FaultKind | tuple[int, Mapping[str, str], bytes]
_Key = tuple[str, tuple[tuple[str, str], ...] | None]


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def params(self) -> dict[str, str]:
        return dict(parse_qsl(self.query, keep_blank_values=True))


class UpstreamServer:
    """A threaded HTTP server on 127.0.0.1 (a free port), running until close()."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self._routes: dict[_Key, list[Response | Fault]] = {}
        self._served: dict[_Key, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.upstream = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. http://127.0.0.1:41234."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def route(self, target: str, steps: Sequence[Step]) -> None:
        """Script the answers to `target` ("/path" for any query, or "/path?a=1&b=2"
        for that query only, in any parameter order); the last step repeats."""
        if not steps:
            raise ValueError("a route needs at least one step")
        key = _key(target)
        with self._lock:
            self._routes[key] = [_step(s) for s in steps]
            self._served[key] = 0

    def serve(self, fixtures: Mapping[str, bytes | Path | Response]) -> None:
        """Answer each target with one fixed 200 response (a recorded fixture body),
        as often as asked; Content-Type follows the file suffix or the body."""
        for target, fixture in fixtures.items():
            if isinstance(fixture, Response):
                self.route(target, [fixture])
                continue
            data = fixture.read_bytes() if isinstance(fixture, Path) else fixture
            suffix = fixture.suffix if isinstance(fixture, Path) else ""
            kind = {"Content-Type": _content_type(suffix, data)}
            self.route(target, [Response(200, kind, data)])

    def count(self, target: str | None = None) -> int:
        """Requests received in all, or for a path (any query) or exact path+query."""
        with self._lock:
            seen = list(self.requests)
        if target is None:
            return len(seen)
        path, query = _key(target)
        return sum(
            s.path == path and (query is None or _key(s.target)[1] == query)
            for s in seen
        )

    def close(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()  # wakes "hang" handlers so no thread outlives the test
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> UpstreamServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _next_step(self, seen: Seen) -> Response | Fault | None:
        with self._lock:
            self.requests.append(seen)
            exact = _key(seen.target)
            for key in (exact, (exact[0], None)):
                if key in self._routes:
                    steps, served = self._routes[key], self._served[key]
                    self._served[key] = served + 1
                    return steps[min(served, len(steps) - 1)]
        return None

    def _answer(self, handler: _Handler) -> None:
        parts = urlsplit(handler.path)
        headers = dict(handler.headers.items())
        seen = Seen(handler.command, parts.path, parts.query, headers)
        step = self._next_step(seen)
        handler.close_connection = True
        if step is None:
            body = f"no route for {seen.target}\n".encode()
            step = Response(404, {"Content-Type": "text/plain"}, body)
        if isinstance(step, Response):
            _send(handler, step.status, step.headers, step.body, len(step.body), step.reason)
        elif step.kind == "truncate":
            size = len(step.body) + step.missing
            _send(handler, 200, step.headers, step.body, size)
        elif step.kind == "hang":
            self._stopping.wait(step.seconds)
        else:  # reset: SO_LINGER 0 turns close() into an RST; rfile closes it for real
            linger = struct.pack("ii", 1, 0)
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            handler.connection.close()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    upstream: UpstreamServer

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that refuses an answer unread (too large) hangs up mid-body: expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        self.server.upstream._answer(self)

    do_POST = do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean; `requests` holds what happened


def _send(
    handler: _Handler, status: int, headers: Mapping[str, str], body: bytes, size: int,
    reason: str | None = None,
) -> None:
    handler.send_response(status, reason)
    if not any(name.lower() == "content-length" for name in headers):
        handler.send_header("Content-Length", str(size))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def _step(step: Step) -> Response | Fault:
    if isinstance(step, Response | Fault):
        return step
    if isinstance(step, str):
        return Fault(step)
    status, headers, body = step
    return Response(status, headers, body)


def _key(target: str) -> _Key:
    path, mark, query = target.partition("?")
    if not mark:
        return path, None
    return path, tuple(sorted(parse_qsl(query, keep_blank_values=True)))


def _content_type(suffix: str, data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if suffix == ".json" or head.startswith((b"{", b"[")):
        return "application/json"
    if suffix == ".rss" or b"<rss" in head:
        return "application/rss+xml; charset=utf-8"
    if suffix in (".atom", ".xml") or head.startswith(b"<"):
        return "application/atom+xml; charset=utf-8"
    return "application/octet-stream"
