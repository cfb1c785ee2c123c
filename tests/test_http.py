"""generator.ingest.http.fetch against a scripted local server; never the internet."""

from __future__ import annotations

import email.utils
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from upstream_server import Fault, Response, UpstreamServer

from generator.errors import UpstreamError
from generator.ingest import http as upstream_http
from generator.ingest.http import USER_AGENT, fetch

JSON = {"Content-Type": "application/json"}
PAPERS = json.dumps([{"paper": {"id": "2606.01234"}}]).encode()
ATOM_ERROR = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry><title>Error</title><summary>incorrect id format for 1234</summary></entry>
</feed>
"""


class Sleeps(list[float]):
    """A `sleep` that records instead of sleeping, so retries cost no time."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def test_ok_returns_body_and_sends_params_and_user_agent(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/api/daily_papers", [Response(200, JSON, PAPERS)])
    url = f"{upstream.url}/api/daily_papers"
    body = fetch(url, params={"date": "2026-06-12"}, expect="json", sleep=sleeps)
    assert body == PAPERS
    assert sleeps == []
    [seen] = upstream.requests
    assert seen.target == "/api/daily_papers?date=2026-06-12"
    assert seen.headers["User-Agent"] == USER_AGENT


def test_429_honours_retry_after_seconds(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [(429, {"Retry-After": "7"}, b""), (200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", backoff=0.01, sleep=sleeps) == PAPERS
    assert sleeps == [7.0]
    assert upstream.count("/a") == 2


def test_429_honours_retry_after_http_date(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    when = datetime.now(tz=UTC) + timedelta(seconds=30)
    date = email.utils.format_datetime(when, usegmt=True)
    upstream.route("/a", [(429, {"Retry-After": date}, b""), (200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", backoff=0.01, sleep=sleeps) == PAPERS
    [waited] = sleeps
    assert 25 <= waited <= 30


def test_retry_after_is_capped_at_max_wait(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [(429, {"Retry-After": "3600"}, b""), (200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", max_wait=60, sleep=sleeps) == PAPERS
    assert sleeps == [60]


def test_repeated_503_fails_after_all_attempts(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/api/daily_papers", [Response(503)])
    url = f"{upstream.url}/api/daily_papers"
    with pytest.raises(UpstreamError) as caught:
        fetch(url, params={"date": "2026-06-12"}, retries=4, backoff=0.01, sleep=sleeps)
    assert str(caught.value) == (
        f"{url}?date=2026-06-12: HTTP 503 Service Unavailable after 5 attempts"
    )
    assert caught.value.exit_code == 3
    assert upstream.count("/api/daily_papers?date=2026-06-12") == 5
    assert sleeps == pytest.approx([0.01, 0.02, 0.04, 0.08])


def test_exponential_backoff_is_capped_at_max_wait(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [Response(502)])
    with pytest.raises(UpstreamError, match="HTTP 502 Bad Gateway after 5 attempts"):
        fetch(f"{upstream.url}/a", backoff=1, max_wait=3, sleep=sleeps)
    assert sleeps == [1, 2, 3, 3]


def test_connection_reset_then_success(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", ["reset", Response(200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", backoff=0.01, sleep=sleeps) == PAPERS
    assert upstream.count("/a") == 2
    assert len(sleeps) == 1


def test_connection_reset_every_time(upstream: UpstreamServer, sleeps: Sleeps) -> None:
    upstream.route("/a", ["reset"])
    with pytest.raises(UpstreamError, match=r"connection failed .* after 3 attempts"):
        fetch(f"{upstream.url}/a", retries=2, backoff=0.01, sleep=sleeps)
    assert upstream.count("/a") == 3


def test_connection_refused_is_retried(sleeps: Sleeps) -> None:
    with UpstreamServer() as gone:
        url = f"{gone.url}/a"
    with pytest.raises(UpstreamError, match=r"connection failed .*after 2 attempts"):
        fetch(url, retries=1, backoff=0.01, sleep=sleeps)


def test_timeout_fails_naming_the_timeout(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", ["hang"])
    started = time.monotonic()
    with pytest.raises(UpstreamError) as caught:
        fetch(f"{upstream.url}/a", timeout=0.3, retries=1, backoff=0.01, sleep=sleeps)
    assert time.monotonic() - started < 3
    assert str(caught.value) == (
        f"{upstream.url}/a: timed out (no answer within 0.3 s) after 2 attempts"
    )
    assert upstream.count("/a") == 2


def test_truncated_body_is_retried(upstream: UpstreamServer, sleeps: Sleeps) -> None:
    upstream.route("/a", ["truncate", Response(200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", backoff=0.01, sleep=sleeps) == PAPERS
    assert upstream.count("/a") == 2


def test_truncated_body_every_time(upstream: UpstreamServer, sleeps: Sleeps) -> None:
    upstream.route("/a", [Fault("truncate", body=b"0123456789", missing=5)])
    with pytest.raises(UpstreamError, match=r"truncated body \(10 of 15 bytes\)"):
        fetch(f"{upstream.url}/a", retries=1, backoff=0.01, sleep=sleeps)


def test_truncated_json_is_retried_once_then_fails(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [(200, JSON, PAPERS[:-7])])  # Content-Length matches
    with pytest.raises(UpstreamError) as caught:
        fetch(f"{upstream.url}/a", expect="json", backoff=0.01, sleep=sleeps)
    message = str(caught.value)
    assert message.startswith(f"truncated or invalid JSON from {upstream.url}/a: ")
    assert message.endswith("(after 2 attempts)")
    assert upstream.count("/a") == 2


def test_truncated_json_heals_on_retry(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [(200, JSON, PAPERS[:-7]), (200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/a", expect="json", sleep=sleeps) == PAPERS


def test_html_page_with_200_is_not_retried(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    page = b"\xef\xbb\xbf\n  <!DOCTYPE HTML><html><body>Maintenance</body></html>"
    upstream.route("/a", [Response(200, {"Content-Type": "text/html"}, page)])
    with pytest.raises(UpstreamError) as caught:
        fetch(f"{upstream.url}/a", expect="json", sleep=sleeps)
    assert str(caught.value) == (
        f"{upstream.url}/a: answered with an HTML page instead of JSON (status 200)"
        " after 1 attempt"
    )
    assert upstream.count("/a") == 1
    upstream.route("/rss", [Response(200, {}, b"<html><p>login</p></html>")])
    with pytest.raises(UpstreamError, match="HTML page instead of XML"):
        fetch(f"{upstream.url}/rss", expect="rss", sleep=sleeps)
    assert fetch(f"{upstream.url}/rss", sleep=sleeps).startswith(b"<html>")


def test_404_is_not_retried(upstream: UpstreamServer, sleeps: Sleeps) -> None:
    upstream.route("/a", [Response(404, JSON, b'{"error": "no such date"}')])
    with pytest.raises(UpstreamError) as caught:
        fetch(f"{upstream.url}/a", sleep=sleeps)
    assert str(caught.value) == (
        f'{upstream.url}/a: HTTP 404 Not Found ({{"error": "no such date"}})'
        " after 1 attempt"
    )
    assert upstream.count("/a") == 1
    assert sleeps == []


def test_arxiv_400_atom_body_is_returned(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    atom = {"Content-Type": "application/atom+xml"}
    upstream.route("/api/query", [Response(400, atom, ATOM_ERROR)])
    url = f"{upstream.url}/api/query"
    assert fetch(url, params={"id_list": "1234"}, expect="atom") == ATOM_ERROR
    assert upstream.count("/api/query") == 1
    with pytest.raises(UpstreamError, match="HTTP 400 Bad Request"):
        fetch(url, params={"id_list": "1234"}, expect="json", sleep=sleeps)
    assert upstream.count("/api/query") == 2


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "data:,hi", "http:///nohost"]
)
def test_non_http_url_is_refused(url: str) -> None:
    with pytest.raises(UpstreamError, match="only http"):
        fetch(url)


def test_oversized_response_is_refused(
    upstream: UpstreamServer, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(upstream_http, "MAX_BYTES", 1000)
    upstream.route("/a", [Response(200, {}, b"x" * 1001)])
    with pytest.raises(upstream_http.AnswerTooLarge) as caught:
        fetch(f"{upstream.url}/a", sleep=sleeps)
    assert str(caught.value) == (f"{upstream.url}/a: answer of 1,001 bytes exceeds the 1,000 bytes limit "
                                 "(refused unread: no real answer is this large)")
    assert upstream.count("/a") == 1 and sleeps == []


def test_a_request_caps_its_answer_and_an_undeclared_size_is_counted(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    """A chunked answer that declares 10 bytes: the client counts what it reads and stops
    one read past the cap, so a 50 MB answer is never held in memory."""
    chunk = b"x" * (1 << 16)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(48)) + b"0\r\n\r\n"  # 3 MB
    lying = {"Transfer-Encoding": "chunked", "Content-Length": "10"}
    upstream.route("/a", [Response(200, lying, chunked), Response(200, {}, b"x" * 2048)])
    with pytest.raises(upstream_http.AnswerTooLarge) as caught:
        fetch(f"{upstream.url}/a", sleep=sleeps, max_bytes=2 << 20)
    assert str(caught.value) == (f"{upstream.url}/a: answer exceeds the 2 MB limit "
                                 "(refused unread: no real answer is this large)")
    assert fetch(f"{upstream.url}/a", sleep=sleeps, max_bytes=2048) == b"x" * 2048
    assert sleeps == []


def test_secrets_are_kept_out_of_messages(
    upstream: UpstreamServer, sleeps: Sleeps
) -> None:
    upstream.route("/a", [Response(403)])
    with pytest.raises(UpstreamError) as caught:
        fetch(f"{upstream.url}/a", params={"api_key": "s3cret", "q": "llm"})
    assert str(caught.value) == (
        f"{upstream.url}/a?api_key=***&q=llm: HTTP 403 Forbidden after 1 attempt"
    )
    # urllib cannot send user:password@ itself, but the message must not show it.
    url = upstream.url.replace("//", "//user:hunter2@") + "/a?token=s3cret#frag"
    with pytest.raises(UpstreamError) as caught:
        fetch(url, retries=0, sleep=sleeps)
    assert str(caught.value).startswith(f"{upstream.url}/a?token=***: ")
    assert "hunter2" not in str(caught.value)


def test_server_serves_static_fixtures(upstream: UpstreamServer) -> None:
    upstream.serve({"/api/daily_papers?date=2026-06-12": PAPERS, "/rss": ATOM_ERROR})
    base = f"{upstream.url}/api/daily_papers"
    assert fetch(base, params={"date": "2026-06-12"}, expect="json") == PAPERS
    assert fetch(f"{upstream.url}/rss", expect="rss") == ATOM_ERROR
    with pytest.raises(UpstreamError, match="HTTP 404"):
        fetch(base, params={"date": "2026-06-13"}, retries=0)
    assert [s.params for s in upstream.requests][0] == {"date": "2026-06-12"}


def test_redirects_stay_on_http(upstream: UpstreamServer, sleeps: Sleeps) -> None:
    upstream.route("/old", [Response(301, {"Location": "/new"})])
    upstream.route("/new", [Response(200, JSON, PAPERS)])
    assert fetch(f"{upstream.url}/old", expect="json", sleep=sleeps) == PAPERS
    upstream.route("/ftp", [Response(302, {"Location": "ftp://example.org/x"})])
    with pytest.raises(UpstreamError, match="redirect to ftp://example.org/x refused"):
        fetch(f"{upstream.url}/ftp", sleep=sleeps)
    assert upstream.count("/ftp") == 1
