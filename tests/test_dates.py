"""Dates within reason: from 1991-08-01 (arXiv's start) to tomorrow by the one clock.
Content dated outside is refused by `validate` as path:line errors, an upstream answer
dated outside by `ingest` as an upstream error (a day) or a warning (an optional date),
and a future last_success cannot silence the daily job."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from upstream_server import Response, UpstreamServer
from validating import PAPER, broken, snapshot, validate, write_day

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
RSS = ROOT / "tests/fixtures/arxiv_rss/aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
HF = ROOT / "tests/fixtures/hf_daily_papers/sotawhat_2026-06-12.json"
RANGE = "(hint: dates run from 1991-08-01 (arXiv's start) to tomorrow)"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock reads 2026-06-20, 22:47 UTC: tomorrow is 2026-06-21."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 6, 20, 22, 47, tzinfo=UTC).timestamp())))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.mark.parametrize(("day", "message"), [
    ("9999-12-31", "9999-12-31 is in the future (after 2026-06-21)"),
    ("2099-01-01", "2099-01-01 is in the future (after 2026-06-21)"),
    ("2026-06-22", "2026-06-22 is in the future (after 2026-06-21)"),
    ("0001-01-01", "0001-01-01 is before arXiv existed (1991-08-01)"),
    ("1991-07-31", "1991-07-31 is before arXiv existed (1991-08-01)"),
])
def test_a_day_out_of_range(content: Path, capsys: pytest.CaptureFixture[str], day: str, message: str) -> None:
    write_day(content, f"date: '{day}'\npapers:\n" + PAPER, f"{day}.yml")
    assert broken(content, capsys) == [f"content/days/{day}.yml:1: date: {message} {RANGE}"]


@pytest.mark.parametrize("day", ["2026-06-21", "1991-08-01"])
def test_the_ends_of_the_range_are_valid(content: Path, capsys: pytest.CaptureFixture[str], day: str) -> None:
    write_day(content, f"date: '{day}'\npapers:\n" + PAPER, f"{day}.yml")
    assert validate(content, capsys)[:2] == (0, [])


@pytest.mark.parametrize(("published", "message"), [
    ("0001-01-01", "0001-01-01 is before arXiv existed (1991-08-01)"),
    ("9999-12-31", "9999-12-31 is in the future (after 2026-06-21)"),
])
def test_a_published_date_out_of_range(content: Path, capsys: pytest.CaptureFixture[str], published: str,
                                       message: str) -> None:
    write_day(content, "date: '2026-06-20'\npapers:\n" + PAPER + f"  published: '{published}'\n")
    assert broken(content, capsys) == [f"content/days/2026-06-20.yml:5: papers[0].published: {message} {RANGE}"]


def test_status_dates(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "status.yml").write_text(
        "sources:\n  hf:\n    last_success: '0001-01-01'\n    recent:\n      '9999-12-31': 3\n"
        "  arxiv:\n    last_success: '2026-06-21'\n", encoding="utf-8")
    assert broken(content, capsys) == [
        f"content/status.yml:3: sources.hf.last_success: 0001-01-01 is before arXiv existed (1991-08-01) {RANGE}",
        f"content/status.yml:5: sources.hf.recent: 9999-12-31 is in the future (after 2026-06-21) {RANGE}",
        "content/status.yml:7: sources.arxiv.last_success: 2026-06-21 is after today (2026-06-20) "
        "(hint: the daily job would fetch nothing until then; write the last day it really ingested)",
    ]


def test_a_future_last_success_fails_the_daily_job(content: Path, tmp_path: Path, upstream: UpstreamServer,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """It made every run fetch nothing and report "nothing new", which counts as success."""
    (content / "status.yml").write_text("sources:\n  hf:\n    last_success: '2027-01-01'\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text(f"sources:\n  - name: hf\n    kind: hf\n    base_url: {upstream.url}\n", encoding="utf-8")
    before = snapshot(content)
    status, out, err = run(capsys, "--content", str(content), "daily", "--sources", str(sources))
    assert (status, out) == (1, "")
    assert err == ("error: content/status.yml:3: sources.hf.last_success: 2027-01-01 is in the future "
                   f"(after 2026-06-21) {RANGE}\n")
    assert upstream.requests == [] and snapshot(content) == before


def test_the_daily_job_refuses_its_own_future_last_success(content: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Its own check, should the status have been read by another clock than the job's."""
    from generator.content.records import SourceStatus
    from generator.errors import DigestError
    from generator.jobs import daily

    real_load = daily.load

    def load(folder: Path) -> object:
        digest = real_load(folder)
        return type(digest)(digest.days, digest.topics, digest.removed,
                            (SourceStatus("hf", date(2026, 6, 21)),), digest.paper_topics)

    monkeypatch.setattr(daily, "load", load)
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - name: hf\n    kind: hf\n", encoding="utf-8")
    with pytest.raises(DigestError, match=r"^daily: content/status.yml says hf last succeeded after today "
                                          r"\(2026-06-20\): fix last_success, nothing was fetched$"):
        daily.run_daily(content, sources, fetch=lambda *a: pytest.fail("fetched"))


def test_daily_backfill_of_a_future_day(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - name: hf\n    kind: hf\n", encoding="utf-8")
    status, out, err = run(capsys, "--content", str(content), "daily", "--sources", str(sources),
                           "--date", "2026-06-21")
    assert (status, out, err) == (1, "", "error: daily --date: 2026-06-21 is after today (2026-06-20)\n")


def test_an_rss_channel_dated_9999(content: Path, upstream: UpstreamServer, capsys: pytest.CaptureFixture[str]) -> None:
    body = RSS.read_bytes().replace(b"Thu, 28 Nov 2024 00:00:00 -0500", b"Fri, 31 Dec 9999 00:00:00 -0500")
    upstream.route("/rss/cs.LG", [Response(200, {"Content-Type": "application/rss+xml"}, body)])
    before = snapshot(content)
    status, out, err = run(capsys, "--content", str(content), "ingest", "arxiv-rss", "--category", "cs.LG",
                           "--base-url", upstream.url)
    assert (status, out) == (3, "")
    assert err == ("error: arXiv RSS: channel pubDate is out of range: 9999-12-31 is in the future "
                   "(after 2026-06-21)\n")
    assert snapshot(content) == before


def test_hf_published_in_year_1_is_dropped_not_a_traceback(content: Path, upstream: UpstreamServer,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(HF.read_bytes())
    doc[0]["paper"]["publishedAt"] = "0001-01-01T00:00:00.000Z"
    doc[1]["paper"]["publishedAt"] = "0001-01-01T00:00:00+05:00"  # before year 1 in UTC
    upstream.route("/api/daily_papers", [Response.json(doc)])
    status, out, err = run(capsys, "--content", str(content), "ingest", "hf", "--date", "2026-06-12",
                           "--base-url", upstream.url)
    assert (status, err) == (0, "")  # warnings go to the logging handler (asserted in test_optional_fields)
    assert out.startswith(f"hf: {len(doc)} fetched, {len(doc)} added, 0 updated\n")
    from generator.content.load import load

    (day,) = [d for d in load(content).days if d.date.isoformat() == "2026-06-12"]
    assert [p.published is None for p in day.papers[:3]] == [True, True, False]


def test_ingest_for_a_day_out_of_range(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--content", str(content), "ingest", "hf", "--date", "9999-12-31",
                           "--file", str(HF))
    assert (status, out, err) == (1, "", "error: ingest hf: --date 9999-12-31 is in the future (after 2026-06-21)\n")


@pytest.mark.parametrize(("published", "why"), [
    ("9999-12-31T00:00:00Z", "9999-12-31 is in the future (after 2026-06-21)"),
    ("0001-01-01T00:00:00+01:00", "not an ISO timestamp: '0001-01-01T00:00:00+01:00'"),
    ("yesterday", "not an ISO timestamp: 'yesterday'"),
])
def test_an_arxiv_api_published_date_out_of_range_is_dropped(published: str, why: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    from generator.ingest import arxiv_api

    body = (ROOT / "tests/fixtures/arxiv_api/sotawhat_query_transformer_csLG_2026-06-14.xml").read_bytes()
    page = arxiv_api.parse(body.replace(b"<published>2026-06-11T17:59:49Z", b"<published>" + published.encode(), 1))
    first, second = page.papers[:2]
    assert (first.published, second.published) == (None, date(2026, 6, 11))
    assert caplog.messages == [f"arXiv entry 0 ({first.id}): <published> {why}; dropped, the paper is kept"]
