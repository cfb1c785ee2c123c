"""Drive the built site in headless Chromium: a local static server and a recording page.

    with serve_directory(site) as base, chromium() as browser:
        with recorded_page(browser, init_scripts=[HOOK_ALERT]) as rec:
            rec.page.goto(f"{base}/days/2026-06-12/")
            assert rec.problems() == []            # console errors/warnings, page errors
            assert rec.foreign_requests() == []    # nothing left 127.0.0.1
            assert rec.page.evaluate("window.__alerts") == []

Chromium is Debian's /usr/bin/chromium; Playwright never downloads a browser. Requests
to any host other than the local server are recorded and then aborted, so a page that
reaches out to the network fails fast (and visibly) instead of hanging the test.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
LOCAL_HOST = "127.0.0.1"

# An init script that replaces window.alert/confirm/prompt with recorders: after the page
# ran, `page.evaluate("window.__alerts")` lists every call (empty when none happened).
HOOK_ALERT = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__alerts", { value: calls, configurable: false });
  for (const name of ["alert", "confirm", "prompt"]) {
    window[name] = function (...args) { calls.push([name, ...args.map(String)]); };
  }
})();
"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder under `prefix`, without a log line per request."""

    prefix = ""  # the URL path the directory is served under, e.g. "/paper-digest"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        if self.prefix:
            rest = path.removeprefix(self.prefix)
            if rest == path or rest[:1] not in ("", "/", "?", "#"):
                return str(Path(self.directory) / ".outside-prefix" / "404")  # a path that never exists
            path = rest or "/"
        return super().translate_path(path)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that navigates away mid-response resets the connection: not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve_directory(root: Path, prefix: str = "", *,
                    handler_class: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yields the base URL without a trailing slash.

    With `prefix` ("/paper-digest"), the files are served under that path only, as on a
    project site whose site_url has a path; everything outside it is a 404. `handler_class`:
    how a file is sent (bench/audit.py's gzips, as GitHub Pages does).
    """
    prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
    handler = partial(type("_Handler", (handler_class,), {"prefix": prefix}), directory=str(root))
    server = _QuietServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="serve-site", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium under Playwright; closed (with Playwright) on exit."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class ConsoleEntry:
    type: str
    text: str
    url: str

    def __str__(self) -> str:
        return f"console.{self.type}: {self.text} ({self.url})"


@dataclass
class RecordedPage:
    """A page plus everything it said and fetched since it was opened."""

    page: Page
    console: list[ConsoleEntry] = field(default_factory=list)  # type error/warning only
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions
    requests: list[str] = field(default_factory=list)  # every request URL, in order

    def console_errors(self) -> list[ConsoleEntry]:
        return [c for c in self.console if c.type == "error"]

    def problems(self) -> list[str]:
        """Console errors and warnings and uncaught page errors, as readable lines."""
        return [str(c) for c in self.console] + [f"pageerror: {e}" for e in self.page_errors]

    def foreign_requests(self, host: str = LOCAL_HOST) -> list[str]:
        """Requests to any host other than `host` (data:/blob:/about: URLs don't count)."""
        return [u for u in self.requests if _is_foreign(u, host)]

    def clear(self) -> None:
        self.console.clear()
        self.page_errors.clear()
        self.requests.clear()


def _is_foreign(url: str, host: str = LOCAL_HOST) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript"):
        return False
    return parts.hostname != host


@contextmanager
def recorded_page(
    browser: Browser,
    *,
    init_scripts: Iterable[str] = (),
    block_foreign: bool = True,
    viewport: tuple[int, int] = (1280, 900),
    timeout_ms: float = 10_000,
    script: bool = True,
) -> Iterator[RecordedPage]:
    """A fresh context and page that record console errors/warnings, page errors and requests.

    `init_scripts` run before any page script in every document (e.g. HOOK_ALERT). With
    `block_foreign`, requests leaving 127.0.0.1 are recorded and then aborted. Without
    `script`, JavaScript is off: what a reader without scripts gets.
    """
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        service_workers="block",
        java_script_enabled=script,
    )
    context.set_default_timeout(timeout_ms)
    try:
        for script in init_scripts:
            context.add_init_script(script)
        page = context.new_page()
        rec = RecordedPage(page)

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type in ("error", "warning"):
                loc = msg.location or {}
                rec.console.append(ConsoleEntry(msg.type, msg.text, str(loc.get("url", ""))))

        def on_page_error(error: Error) -> None:
            rec.page_errors.append(f"{error.name}: {error.message}")

        def on_request(request: Request) -> None:
            rec.requests.append(request.url)

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        context.on("request", on_request)
        if block_foreign:
            context.route(lambda url: _is_foreign(url), lambda route: _abort(route))
        yield rec
    finally:
        context.close()


def _abort(route: Route) -> None:
    route.abort("blockedbyclient")
