"""The one HTTP client for every upstream source (Hugging Face API, arXiv API and RSS).

Standard library only. Every failure ends as an UpstreamError (exit status 3) naming
the URL (secrets masked), what went wrong and how many attempts were made.
"""

from __future__ import annotations

import codecs
import email.utils
import http.client
import json
import logging
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.message import Message
from typing import IO
from urllib.parse import unquote_plus, urlencode, urlsplit, urlunsplit

from generator.errors import UpstreamError

# Who is asking: a site sends its own address (user_agent(), from mkdocs.yml through the
# command that fetches); with no site known, the product token alone, never another site's.
USER_AGENT = "paper-digest/0.1"
# The most a request reads unless it asks for less: six times the largest answer a source
# gives in real use (a month of Hugging Face papers, ~1,000 at ~5.5 KB; an arXiv RSS feed of
# a whole archive, ~2,000 items at ~2 KB). Guards memory and the daily job's 30 minutes.
MAX_BYTES = 32 * 1024 * 1024
_SCHEMES = ("http", "https")
_KINDS = {None: "", "json": "JSON", "xml": "XML", "atom": "XML", "rss": "XML"}
_ACCEPT = {None: "*/*", "json": "application/json", "xml": "application/xml"}
_ACCEPT |= {"atom": "application/atom+xml", "rss": "application/rss+xml"}
_SECRET = re.compile(r"(?i)(.*[-_])?(api-?key|key|token|secret|passw(or)?d|sig|auth)")
_log = logging.getLogger(__name__)


def user_agent(address: str) -> str:
    """The User-Agent a digest published at (or kept in) `address` sends upstream."""
    return f"{USER_AGENT} (+{address})" if address else USER_AGENT


class _Fault(Exception):
    """One failed attempt; `retry` says whether another attempt may heal it."""

    def __init__(self, problem: str, *, retry: bool, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem, self.retry, self.wait = problem, retry, wait


class AnswerTooLarge(UpstreamError):
    """An answer larger than the request's cap: refused unread, never retried."""


class _TooLarge(_Fault):
    def __init__(self, problem: str) -> None:
        super().__init__(problem, retry=False)


class _Redirects(urllib.request.HTTPRedirectHandler):
    # urllib follows redirects to ftp:// too; the http/https rule must hold there.
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise _Fault(f"redirect to {_redact(newurl)} refused", retry=False)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_Redirects)


def fetch(
    url: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    retries: int = 4,
    backoff: float = 2.0,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    expect: str | None = None,
    agent: str = USER_AGENT,
    max_bytes: int | None = None,
) -> bytes:
    """GET `url` with `params` urlencoded; return the body, retrying transient faults.

    Up to `retries` more attempts on timeouts, dropped connections, truncated bodies,
    HTTP 429 and 5xx, waiting backoff * 2**n seconds or what Retry-After asks, never
    more than `max_wait`. `expect` ("json", "xml", "atom", "rss") rejects an HTML page
    served with status 200; "json" also rejects a body that does not parse; "atom"
    returns the XML body of an HTTP 400, where the arXiv API explains a bad query.
    An answer of more than `max_bytes` (MAX_BYTES when None) raises AnswerTooLarge as
    soon as it is seen to be, with no more read.
    `agent` is the User-Agent header: user_agent(the site's address).
    """
    if expect not in _KINDS:
        raise ValueError(f"expect: None, json, xml, atom or rss, not {expect!r}")
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
    shown, parts = _redact(url), urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        raise UpstreamError(f"{shown}: refused, only http(s):// URLs are fetched")
    headers = {"User-Agent": agent, "Accept": _ACCEPT[expect]}
    request = urllib.request.Request(url, headers=headers)
    attempts, bad_json = max(retries, 0) + 1, 0
    cap = MAX_BYTES if max_bytes is None else max_bytes
    for attempt in range(1, attempts + 1):
        try:
            status, reason, answer_headers, body = _attempt(request, timeout, cap)
            if 200 <= status < 300:
                if expect and _is_html(body):
                    what = f"an HTML page instead of {_KINDS[expect]} (status {status})"
                    raise _Fault(f"answered with {what}", retry=False)
                if expect == "json":
                    try:
                        json.loads(body)
                    except ValueError as err:
                        bad_json += 1  # a cut-off body often heals; worth one more try
                        if bad_json > 1 or attempt == attempts:
                            raise UpstreamError(
                                f"truncated or invalid JSON from {shown}: {err} "
                                f"(after {_count(attempt)})"
                            ) from err
                        raise _Fault("invalid JSON", retry=True) from err
                return body
            # arXiv explains a bad query in an Atom feed with status 400: return it.
            xml = _head(body).startswith(b"<") and not _is_html(body)
            if status == 400 and expect == "atom" and xml:
                return body
            problem = f"HTTP {status} {reason}".rstrip()
            if status == 429 or status >= 500:
                wait = _retry_after(answer_headers.get("Retry-After"))
                raise _Fault(problem, retry=True, wait=wait)
            raise _Fault(problem + _snippet(body), retry=False)
        except _Fault as fault:
            if isinstance(fault, _TooLarge):
                raise AnswerTooLarge(f"{shown}: {fault.problem}") from fault
            if not fault.retry or attempt == attempts:
                what = f"{shown}: {fault.problem} after {_count(attempt)}"
                raise UpstreamError(what) from fault
            delay = backoff * 2 ** (attempt - 1) if fault.wait is None else fault.wait
            delay = max(0.0, min(delay, max_wait))
            _log.warning("%s: %s; retry in %.1f s", shown, fault.problem, delay)
            sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _attempt(
    request: urllib.request.Request, timeout: float, cap: int
) -> tuple[int, str, Message, bytes]:
    """One request: an HTTP status comes back as a value, a transport fault raises."""
    try:
        try:
            answer: http.client.HTTPResponse = _OPENER.open(request, timeout=timeout)
        except urllib.error.HTTPError as err:
            with err:  # an HTTPError is the response too: keep its status and body
                return err.code, str(err.reason), err.headers, _read(err, err.headers, cap)
        with answer:
            body = _read(answer, answer.headers, cap)
            return answer.status, answer.reason, answer.headers, body
    except (OSError, http.client.HTTPException) as err:
        raise _transport_fault(err, timeout) from err


def _read(answer: IO[bytes], headers: Message, cap: int) -> bytes:
    declared = headers.get("Content-Length", "").strip()
    limit = f"{_size(cap)} limit (refused unread: no real answer is this large)"
    if declared.isdigit() and int(declared) > cap:
        raise _TooLarge(f"answer of {int(declared):,} bytes exceeds the {limit}")
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read(min(1 << 16, cap + 1 - size)):  # http.client stops at Content-Length
        size += len(chunk)
        if size > cap:
            raise _TooLarge(f"answer exceeds the {limit}")
        chunks.append(chunk)
    body = b"".join(chunks)
    # read(n) quietly returns a short body when the peer hangs up early: check here.
    if declared.isdigit() and int(declared) != len(body):
        raise _Fault(f"truncated body ({len(body)} of {declared} bytes)", retry=True)
    return body


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 and n % 2**20 == 0 else f"{n:,} bytes"


def _transport_fault(err: BaseException, timeout: float) -> _Fault:
    cause = err.reason if isinstance(err, urllib.error.URLError) else err
    if isinstance(cause, TimeoutError):  # socket.timeout is TimeoutError since 3.10
        return _Fault(f"timed out (no answer within {timeout:g} s)", retry=True)
    detail = f"{type(cause).__name__}: {cause}" if isinstance(cause, OSError) else cause
    # ConnectionError covers reset, refused and http.client.RemoteDisconnected.
    if isinstance(cause, ConnectionError | http.client.IncompleteRead):
        return _Fault(f"connection failed ({detail})", retry=True)
    if isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_AGAIN:
        return _Fault(f"name lookup failed ({detail})", retry=True)  # "try again"
    return _Fault(f"request failed ({detail})", retry=False)


def _retry_after(value: str | None) -> float | None:
    """Seconds the server asks us to wait: delta-seconds or an HTTP-date (RFC 9110)."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # absent or unparseable: use our own backoff
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    # The real clock, not generator.clock: SOURCE_DATE_EPOCH must not distort a wait.
    return max(0.0, (when - datetime.now(tz=UTC)).total_seconds())


def _head(body: bytes) -> bytes:
    return body[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()


def _is_html(body: bytes) -> bool:
    return _head(body).startswith((b"<!doctype html", b"<html"))


def _snippet(body: bytes) -> str:
    """The start of an error body: APIs often say there what was wrong."""
    text = " ".join(body[:300].decode("utf-8", "replace").split())[:200]
    return f" ({text})" if text and not _is_html(body) else ""


def _count(attempts: int) -> str:
    return f"{attempts} attempt{'' if attempts == 1 else 's'}"


def _redact(url: str) -> str:
    """The URL fit for messages: no user:password@ or fragment, secrets masked."""
    parts = urlsplit(url)
    query = []
    for pair in parts.query.split("&") if parts.query else []:
        name, eq, _ = pair.partition("=")
        secret = eq and _SECRET.fullmatch(unquote_plus(name))
        query.append(f"{name}=***" if secret else pair)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "&".join(query), ""))
