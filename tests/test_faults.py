"""The upstream-fault matrix: every way Hugging Face or arXiv can misbehave, through the real CLI.

Each scenario drives `python -m generator --content COPY ingest ...` (or `add`) against the
scripted local server and checks the same four things: exit status 3, one clear line on
stderr saying what happened, a bounded number of requests, and content/ byte-identical
afterwards with no temporary file left behind. "Nothing new" is the one non-failure: exit 4.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sample import SAMPLE_CONTENT
from upstream_server import Fault, Response, UpstreamServer

from generator.cli import main
from generator.content import dump
from generator.content.load import load
from generator.content.records import Day
from generator.ingest import arxiv_api, http

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HF = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
API = FIXTURES / "arxiv_api" / "sotawhat_query_transformer_csLG_2026-06-14.xml"
API_ERROR = FIXTURES / "arxiv_api" / "arxivpy_recordings" / "id_abc_s0_m100_b79c8dcf6bc3.body.xml"
RSS_ERROR = FIXTURES / "arxiv_rss" / "aioarxiv_error_feed_bad_archive_astroph_2024-11-28.xml"

DAY = "2026-06-12"  # the recorded Hugging Face day (a Friday)
HF_ARGS = ("ingest", "hf", "--date", DAY)
HF_PATH = "/api/daily_papers"
BACKOFF = [2.0, 4.0, 8.0, 16.0]  # http.fetch's defaults: 4 retries, 2 s doubling
JSON = {"Content-Type": "application/json"}
ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}


# -- helpers -----------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A small copy of content/: taxonomy, removed list, status and two days (one from hf)."""
    target = tmp_path / "content"
    (target / "days").mkdir(parents=True)
    for name in ("topics.yml", "removed.yml", "status.yml", f"days/{DAY}.yml", "days/2026-06-14.yml"):
        shutil.copyfile(SAMPLE_CONTENT / name, target / name)
    return target


@pytest.fixture
def without_day(content: Path) -> Path:
    """The small copy without the recorded Hugging Face day, so ingesting it adds papers."""
    (content / "days" / f"{DAY}.yml").unlink()
    return content


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client's retry sleeps, recorded instead of slept (ingest has no retry options)."""
    recorded: list[float] = []
    defaults = http.fetch.__kwdefaults__
    assert defaults is not None and "sleep" in defaults and "timeout" in defaults
    monkeypatch.setitem(defaults, "sleep", recorded.append)
    return recorded


def cli(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--content", str(content), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def snapshot(content: Path) -> dict[str, str]:
    """Every entry under content/ (hidden temporary files too): a file's SHA-256, or "dir"."""
    tree = content.parent
    return {
        str(p.relative_to(tree)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(tree.rglob("*"))
    }


def no_temp_files(content: Path) -> None:
    stray = [p.name for p in content.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]
    assert stray == []


def fails(
    capsys: pytest.CaptureFixture[str],
    server: UpstreamServer,
    content: Path,
    args: Sequence[str],
    message: str | re.Pattern[str],
    requests: int,
) -> str:
    """Run the CLI expecting an upstream failure; return its one stderr line."""
    before = snapshot(content)
    status, out, err = cli(capsys, content, *args)
    assert (status, out) == (3, ""), err
    assert err.endswith("\n") and err.count("\n") == 1, err  # one line
    line = err.removesuffix("\n")
    if isinstance(message, str):
        assert line == message
    else:
        assert message.fullmatch(line), line
    assert server.count() == requests, [s.target for s in server.requests]
    assert snapshot(content) == before
    no_temp_files(content)
    return line


def hf_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(HF.read_bytes())
    assert len(items) == 30
    return items


def hf_url(server: UpstreamServer) -> str:
    return f"{server.url}{HF_PATH}?date={DAY}"


# -- 1-6, 10: Hugging Face faults -----------------------------------------------------------


def test_timeouts_retry_then_exit_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path,
    waits: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert http.fetch.__kwdefaults__ is not None
    monkeypatch.setitem(http.fetch.__kwdefaults__, "timeout", 0.3)
    upstream.route(HF_PATH, [Fault("hang", seconds=5.0)])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: {hf_url(upstream)}: timed out (no answer within 0.3 s) after 5 attempts", 5)
    assert waits == BACKOFF


@pytest.mark.parametrize(("retry_after", "expected_waits"), [
    ("7", [7.0] * 4),
    ("120", [60.0] * 4),  # never longer than max_wait
])
def test_429_with_retry_after_every_time_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path,
    waits: list[float], retry_after: str, expected_waits: list[float],
) -> None:
    upstream.route(HF_PATH, [Response(429, {"Retry-After": retry_after}, b"slow down")])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: {hf_url(upstream)}: HTTP 429 Too Many Requests after 5 attempts", 5)
    assert waits == expected_waits  # Retry-After, not the client's own backoff


def test_429_then_200_honours_retry_after_and_succeeds(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, without_day: Path, waits: list[float],
) -> None:
    upstream.route(HF_PATH, [Response(429, {"Retry-After": "3"}), Response(200, JSON, HF.read_bytes())])
    status, out, err = cli(capsys, without_day, *HF_ARGS, "--base-url", upstream.url)
    written = without_day / "days" / f"{DAY}.yml"
    assert (status, err) == (0, "")
    assert out == f"hf: 30 fetched, 30 added, 0 updated\n  wrote {written}\n"
    assert waits == [3.0]
    assert [r.params for r in upstream.requests] == [{"date": DAY}] * 2
    # The very file the bundled content holds for that day, and nothing else changed.
    assert written.read_bytes() == (SAMPLE_CONTENT / "days" / f"{DAY}.yml").read_bytes()
    assert sorted(p.name for p in (without_day / "days").iterdir()) == ["2026-06-12.yml", "2026-06-14.yml"]
    no_temp_files(without_day)


def test_repeated_5xx_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    upstream.route(HF_PATH, [Response(500), Response(502), Response(503), Response(504, {}, b"gateway")])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: {hf_url(upstream)}: HTTP 504 Gateway Timeout after 5 attempts", 5)
    assert waits == BACKOFF
    # Each retry is logged as a warning (pytest captures it; a bare CLI run prints it on stderr).
    assert [r.getMessage() for r in caplog.records if r.name == http.__name__] == [
        f"{hf_url(upstream)}: HTTP {code} {why}; retry in {wait:.1f} s"
        for code, why, wait in ((500, "Internal Server Error", 2), (502, "Bad Gateway", 4),
                                (503, "Service Unavailable", 8), (504, "Gateway Timeout", 16))]


def test_connection_reset_every_time_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    upstream.route(HF_PATH, ["reset"])
    # An RST is seen as a reset, or as a close when it lands before the client reads.
    why = (r"ConnectionResetError: \[Errno 104\] Connection reset by peer"
           r"|RemoteDisconnected: Remote end closed connection without response")
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          re.compile(rf"error: {re.escape(hf_url(upstream))}: connection failed \(({why})\) after 5 attempts"), 5)
    assert waits == BACKOFF


def test_truncated_body_short_of_content_length_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    data = HF.read_bytes()
    half = data[: len(data) // 2]
    upstream.route(HF_PATH, [Fault("truncate", body=half, missing=len(data) - len(half))])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: {hf_url(upstream)}: truncated body ({len(half)} of {len(data)} bytes) after 5 attempts", 5)
    assert waits == BACKOFF


def test_truncated_json_with_matching_length_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    """A body cut in the middle but served whole (status 200, honest Content-Length)."""
    cut = HF.read_bytes()[: len(HF.read_bytes()) // 2]
    with pytest.raises(ValueError) as parse_error:
        json.loads(cut)
    upstream.route(HF_PATH, [Response(200, JSON, cut)])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: truncated or invalid JSON from {hf_url(upstream)}: {parse_error.value} (after 2 attempts)", 2)
    assert waits == [2.0]  # one more try only: a cut body may heal, a broken one will not


def test_html_error_page_with_status_200_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Error</title></head><body>Something went wrong</body></html>"
    upstream.route(HF_PATH, [Response(200, {"Content-Type": "text/html"}, page)])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          f"error: {hf_url(upstream)}: answered with an HTML page instead of JSON (status 200) after 1 attempt", 1)
    assert waits == []  # not retried: a page like this does not heal


def test_schema_drift_item_without_paper_id_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    items = hf_items()
    del items[3]["paper"]["id"]
    upstream.route(HF_PATH, [Response.json(items)])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          "error: Hugging Face schema changed? item 3: paper.id is missing", 1)
    assert waits == []


def test_schema_drift_object_instead_of_list_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    upstream.route(HF_PATH, [Response.json({"papers": hf_items(), "count": 30})])
    fails(capsys, upstream, content, [*HF_ARGS, "--base-url", upstream.url],
          "error: Hugging Face answered with a JSON dict, not a list", 1)
    assert waits == []


# -- 7, 8, 11: arXiv API and RSS ------------------------------------------------------------


def test_arxiv_api_error_entry_in_ingest_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    upstream.route("/api/query", [Response(400, ATOM, API_ERROR.read_bytes())])
    fails(capsys, upstream, content,
          ["ingest", "arxiv", "--query", "x", "--date", "2026-06-14", "--base-url", upstream.url],
          "error: arXiv API error: incorrect id format for abc", 1)
    assert upstream.requests[0].params["search_query"] == "x"
    assert waits == []


def test_arxiv_api_error_entry_in_add_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    # `add` refuses "abc" itself before any request: look up a valid id that gets the error.
    upstream.route("/api/query", [Response(400, ATOM, API_ERROR.read_bytes())])
    fails(capsys, upstream, content,
          ["add", "2401.00001", "--date", "2026-06-14", "--base-url", upstream.url],
          "error: arXiv API error: incorrect id format for abc", 1)
    assert upstream.requests[0].params["id_list"] == "2401.00001"
    assert waits == []


def arxiv_page(entries: Sequence[str], *, total: int, start: int) -> bytes:
    """The recorded feed's head with these entries and opensearch numbers."""
    feed = API.read_text(encoding="utf-8")
    head = feed[: feed.index("  <entry>")]
    head = re.sub(r"<opensearch:totalResults>\d+<", f"<opensearch:totalResults>{total}<", head)
    head = re.sub(r"<opensearch:startIndex>\d+<", f"<opensearch:startIndex>{start}<", head)
    head = re.sub(r"<opensearch:itemsPerPage>\d+<", f"<opensearch:itemsPerPage>{len(entries)}<", head)
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")


def hundred_entries() -> list[str]:
    """100 entries made from the 5 recorded ones, each under a new id."""
    recorded = re.findall(r"  <entry>\n.*?</entry>\n", API.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(recorded) == 5
    entries = []
    for n in range(100):
        entry = recorded[n % 5]
        old = re.search(r"<id>http://arxiv.org/abs/(\d{4}\.\d{5})v\d+</id>", entry)
        assert old is not None
        entries.append(entry.replace(old[1], f"2606.{90000 + n}"))
    return entries


def test_arxiv_empty_page_mid_paging_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path,
    waits: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    paced: list[float] = []
    assert arxiv_api.search.__kwdefaults__ is not None
    monkeypatch.setitem(arxiv_api.search.__kwdefaults__, "sleep", paced.append)
    first = arxiv_page(hundred_entries(), total=300, start=0)
    assert len(arxiv_api.parse(first).papers) == 100
    empty = arxiv_page([], total=300, start=100)
    upstream.route("/api/query", [Response(200, ATOM, first), Response(200, ATOM, empty)])
    fails(capsys, upstream, content,
          ["ingest", "arxiv", "--query", "all:x", "--max", "150", "--date", "2026-06-14", "--base-url", upstream.url],
          "error: arXiv returned an empty page at start=100 of 150", 4)
    assert [(r.params["start"], r.params["max_results"]) for r in upstream.requests] == [
        ("0", "100"), ("100", "50"), ("100", "50"), ("100", "50")]  # one page, then 2 retries of the empty one
    assert paced == [arxiv_api.DELAY] * 3  # arXiv's pace between requests, kept (but not slept)
    assert waits == []


def test_arxiv_rss_error_feed_exits_3(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    # The recorded error feed (arXiv's answer to 'astroph', which validate now refuses before
    # asking: see test_cli), served for a real category: whatever arXiv says is an upstream fault.
    upstream.serve({"/rss/astro-ph": RSS_ERROR})
    fails(capsys, upstream, content, ["ingest", "arxiv-rss", "--category", "astro-ph", "--base-url", upstream.url],
          "error: arXiv RSS: Bad archive 'astroph'. Valid archive names are: astro-ph, cond-mat, cs, econ, eess, "
          "gr-qc, hep-ex, hep-lat, hep-ph, hep-th, math, math-ph, nlin, nucl-ex, nucl-th, physics, q-bio, q-fin, "
          "quant-ph, stat, test.", 1)
    assert waits == []


# -- 9: a partial day -----------------------------------------------------------------------


def recent_weekdays(content: Path) -> None:
    """Give the copy three recent weekdays of 30 Hugging Face papers each (Wed-Fri)."""
    friday = next(d for d in load(content).days if d.date == date(2026, 6, 12))
    assert len(friday.papers) == 30 and {p.source for p in friday.papers} == {"hf"}
    for offset, when in ((10000, date(2026, 6, 10)), (20000, date(2026, 6, 11))):
        papers = []
        for n, p in enumerate(friday.papers):
            pid = f"2606.{80000 - offset + n:05d}"
            links = replace(p.links, arxiv=f"https://arxiv.org/abs/{pid}", pdf=f"https://arxiv.org/pdf/{pid}")
            papers.append(replace(p, id=pid, links=links))
        day = Day(when, "", tuple(papers))
        (content / "days" / f"{when.isoformat()}.yml").write_text(dump.day_yaml(day), encoding="utf-8")
    counts = {d.date: sum(p.source == "hf" for p in d.papers) for d in load(content).days}
    assert counts == {date(2026, 6, 10): 30, date(2026, 6, 11): 30, date(2026, 6, 12): 30, date(2026, 6, 14): 0}


def test_partial_day_is_refused_by_the_publish_gate(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path, waits: list[float],
) -> None:
    recent_weekdays(content)
    monday = "2026-06-15"
    two = hf_items()[:2]
    for n, item in enumerate(two):  # two papers the digest does not have yet
        item["paper"] |= {"id": f"2606.9999{n}", "submittedOnDailyAt": f"{monday}T00:00:00.000Z"}
    upstream.route(HF_PATH, [Response.json(two)])
    fails(capsys, upstream, content, ["ingest", "hf", "--date", monday, "--base-url", upstream.url],
          "error: publish gate: source 'hf' returned only 2 for weekday Mon 2026-06-15, fewer than 9 "
          "(usual: 30 a day over recent days); refusing to publish an empty or partial day. Nothing was "
          "written. Re-run later, or pass --allow-partial to take the day as it is.", 1)
    assert waits == []
    # The gate is all that refused: a curator who knows better can still take the day.
    status, out, err = cli(capsys, content, "ingest", "hf", "--date", monday, "--allow-partial",
                           "--base-url", upstream.url)
    assert (status, err) == (0, "")
    assert out == f"hf: 2 fetched, 2 added, 0 updated\n  wrote {content / 'days' / f'{monday}.yml'}\n"


# -- 12: nothing new ------------------------------------------------------------------------


def test_same_day_twice_is_nothing_new_exit_4(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, without_day: Path, waits: list[float],
) -> None:
    upstream.serve({HF_PATH: HF})
    status, out, err = cli(capsys, without_day, *HF_ARGS, "--base-url", upstream.url)
    assert (status, err) == (0, "")
    assert out == f"hf: 30 fetched, 30 added, 0 updated\n  wrote {without_day / 'days' / f'{DAY}.yml'}\n"
    settled = snapshot(without_day)

    status, out, err = cli(capsys, without_day, *HF_ARGS, "--base-url", upstream.url)
    assert (status, out) == (4, "")  # distinct from failure (3)
    assert err == "hf: 30 fetched, 0 added, 0 updated\nnothing new: content/ is unchanged\n"
    assert upstream.count(HF_PATH) == upstream.count() == 2  # one request a run, no retries
    assert snapshot(without_day) == settled
    no_temp_files(without_day)
    assert waits == []

