"""The daily job, `add` and `remove`, run as a curator or CI runs them, against recorded
Hugging Face and arXiv answers served from 127.0.0.1 (the `upstream` fixture).

Each test works on a copy of content/ whose status.yml says when hf last succeeded, and a
sources.yml whose hf source points at the local server. The clock is SOURCE_DATE_EPOCH.
Other days' Hugging Face answers are made from the recorded 2026-06-12 one: the same 30
real items, with new ids and `submittedOnDailyAt` moved to the day asked for.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sample import SAMPLE_CONTENT
from upstream_server import Response, UpstreamServer

from generator import cli
from generator.content.load import load
from generator.content.records import SourceStatus
from generator.content.status import status_yaml
from generator.ingest import http
from generator.render import pages

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
HF_FIXTURE = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
ARXIV_BODY = FIXTURES / "arxiv_api" / "arxivpy_recordings" / "id_2104.12255v1_s0_m100_6ae69987ffe1.body.xml"
ITEMS: list[dict[str, Any]] = json.loads(HF_FIXTURE.read_bytes())
RSS_ALL = FIXTURES / "arxiv_rss" / "aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
RSS_EMPTY = FIXTURES / "arxiv_rss" / "aioarxiv_empty_feed_test_2024-11-28.xml"
# What the daily job says when Hugging Face returned nothing on Wednesday 2026-06-17.
HF_HELD_WED = ("hf 2026-06-17: held back: returned none for weekday Wed 2026-06-17, fewer than 9 (usual: 30 a "
               "day over recent days); the next run retries it; to take the day as it is: python -m generator "
               "daily --source hf --date 2026-06-17 --allow-partial")

MON, TUE, WED, THU = date(2026, 6, 15), date(2026, 6, 16), date(2026, 6, 17), date(2026, 6, 18)
FRI, SAT = date(2026, 6, 19), date(2026, 6, 20)


# -- helpers --------------------------------------------------------------------------


def hf_answer(day: date, count: int = 30) -> bytes:
    """/api/daily_papers?date=day: `count` real items, moved to `day` with ids of their own."""
    items = copy.deepcopy(ITEMS[:count])
    for i, item in enumerate(items):
        item["paper"]["id"] = f"{day:%y%m}.9{day.day:02d}{i:02d}"
        item["paper"]["submittedOnDailyAt"] = f"{day.isoformat()}T00:00:00.000Z"
    return json.dumps(items).encode()


def paper_ids(day: date, count: int = 30) -> list[str]:
    return [f"{day:%y%m}.9{day.day:02d}{i:02d}" for i in range(count)]


def weekdays_before(day: date, n: int) -> list[date]:
    out, d = [], day
    while len(out) < n:
        d -= timedelta(days=1)
        if d.weekday() < 5:
            out.append(d)
    return sorted(out)


def set_status(content: Path, last_success: date, per_day: int = 30) -> None:
    """hf last succeeded on `last_success`, with `per_day` papers on its recent weekdays."""
    recent = tuple((d, per_day) for d in [*weekdays_before(last_success, 6), last_success])
    (content / "status.yml").write_text(status_yaml([SourceStatus("hf", last_success, recent)]),
                                        encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def at(day: date) -> str:
    """SOURCE_DATE_EPOCH for `day`, at the time the scheduled job runs (22:47 UTC)."""
    return str(int(datetime(day.year, day.month, day.day, 22, 47, tzinfo=UTC).timestamp()))


def asked(server: UpstreamServer) -> list[str]:
    return [s.params.get("date", "?") for s in server.requests if s.path == "/api/daily_papers"]


class Job:
    """content/ and sources.yml in a temporary folder, and the CLI run against them."""

    def __init__(self, tmp: Path, server: UpstreamServer, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
        self.content = tmp / "content"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        self.sources = tmp / "sources.yml"
        self.sources.write_text(
            "sources:\n"
            "  - name: hf\n"
            "    kind: hf\n"
            "    min_papers: 3\n"
            "    exclude: [withdrawn]\n"
            f"    base_url: {server.url}\n", encoding="utf-8")
        self.server = server
        self._monkeypatch = monkeypatch
        self._capsys = capsys
        self._caplog = caplog
        self.warnings: list[str] = []  # the daily job's own warnings (holds) of the last run

    def run(self, *args: str, today: date | None = None) -> tuple[int, str, str]:
        if today is not None:
            self._monkeypatch.setenv("SOURCE_DATE_EPOCH", at(today))
        self._capsys.readouterr()
        self._caplog.clear()
        # Under pytest the CLI's stderr handler stands aside for pytest's: holds are read here
        # (test_an_empty_source_is_held_back_and_the_others_are_published reads the real stderr).
        with self._caplog.at_level(logging.WARNING, logger="generator.jobs.daily"):
            code = cli.main(["--content", str(self.content), *args])
        self.warnings = [r.getMessage() for r in self._caplog.records if r.name == "generator.jobs.daily"]
        out, err = self._capsys.readouterr()
        return code, out, err

    def daily(self, *args: str, today: date) -> tuple[int, str, str]:
        return self.run("daily", "--sources", str(self.sources), *args, today=today)

    def status(self) -> dict[str, Any]:
        doc: dict[str, Any] = yaml.safe_load((self.content / "status.yml").read_text(encoding="utf-8"))
        return doc["sources"]["hf"]

    def day_file(self, day: date) -> Path:
        return self.content / "days" / f"{day.isoformat()}.yml"


@pytest.fixture
def job(tmp_path: Path, upstream: UpstreamServer, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> Iterator[Job]:
    yield Job(tmp_path, upstream, monkeypatch, capsys, caplog)


# -- the daily job ----------------------------------------------------------------------


def test_two_missed_days_are_both_ingested(tmp_path: Path, upstream: UpstreamServer) -> None:
    """(a) The real command: hf last succeeded on Monday, today is Wednesday."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    set_status(content, MON)
    sources = tmp_path / "sources.yml"
    sources.write_text(f"sources:\n  - name: hf\n    kind: hf\n    min_papers: 3\n    base_url: {upstream.url}\n",
                       encoding="utf-8")
    upstream.serve({f"/api/daily_papers?date={d.isoformat()}": hf_answer(d) for d in (TUE, WED)})
    env = {**os.environ, "SOURCE_DATE_EPOCH": at(WED), "PYTHONPATH": str(ROOT)}  # run from the test's own folder
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "daily",
                           "--sources", str(sources)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "daily: 2 day(s) [2026-06-16, 2026-06-17]: 60 added, 0 updated",
        "  hf 2026-06-16: 30 fetched",
        "  hf 2026-06-17: 30 fetched",
        f"  wrote {content}/days/2026-06-16.yml",
        f"  wrote {content}/days/2026-06-17.yml",
        f"  wrote {content}/status.yml",
    ]
    assert asked(upstream) == ["2026-06-16", "2026-06-17"]  # exactly the missed days, once each
    digest = load(content)
    days = {d.date: [p.id for p in d.papers] for d in digest.days}
    assert days[TUE] == paper_ids(TUE) and days[WED] == paper_ids(WED)
    hf = yaml.safe_load((content / "status.yml").read_text(encoding="utf-8"))["sources"]["hf"]
    assert hf["last_success"] == "2026-06-17"
    assert list(hf["recent"].items())[-3:] == [("2026-06-15", 30), ("2026-06-16", 30), ("2026-06-17", 30)]


def two_sources(job: Job) -> None:
    """Hugging Face, and the arXiv RSS announcements of cs (the recorded feed of every archive)."""
    job.sources.write_text(
        f"sources:\n  - name: hf\n    kind: hf\n    min_papers: 3\n    base_url: {job.server.url}\n"
        f"  - name: arxiv-cs\n    kind: arxiv-rss\n    category: cs\n    base_url: {job.server.url}\n",
        encoding="utf-8")


# The recorded feed with ids of its own (the sample digest has its papers): its cs items, all new.
RSS_CS = RSS_ALL.read_bytes().replace(b"2411.17", b"2606.57")
RSS_CS_IDS = ["2606.57700", "2606.57702", "2606.57707", "2606.57753", "2606.57758"]


def test_an_empty_source_is_held_back_and_the_others_are_published(job: Job) -> None:
    """Hugging Face returns nothing on Wednesday, arXiv RSS its cs papers: the RSS papers are
    published, hf is held back for Wednesday (log, summary, status.yml, /status/), and
    Thursday's run asks hf for Wednesday again."""
    two_sources(job)
    set_status(job.content, TUE)
    job.server.serve({"/api/daily_papers?date=2026-06-17": b"[]", "/rss/cs": RSS_CS})
    summary = job.content.parent / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": at(WED), "PYTHONPATH": str(ROOT)}  # run from the test's own folder
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(job.content), "daily",
                           "--sources", str(job.sources), "--summary", str(summary)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0  # the site publishes what there is
    assert done.stderr == f"warning: {HF_HELD_WED}\n"
    report = [
        "daily: 1 day(s) [2026-06-17]: 5 added, 0 updated, 1 held back",
        "  arxiv-cs 2026-06-17: 5 fetched",
        f"  {HF_HELD_WED}",
        f"  wrote {job.content}/days/2026-06-17.yml",
        f"  wrote {job.content}/status.yml",
    ]
    assert done.stdout.splitlines() == report
    assert summary.read_text(encoding="utf-8") == (
        "earlier step\n### Daily job\n\n**1 held back**, the rest published: 5 added, 0 updated. The next run "
        "retries what was held back.\n\n```text\n" + "\n".join(report) + "\n```\n")
    digest = load(job.content)
    assert [p.id for p in next(d for d in digest.days if d.date == WED).papers] == RSS_CS_IDS
    status = yaml.safe_load((job.content / "status.yml").read_text(encoding="utf-8"))["sources"]
    assert status["hf"]["last_success"] == "2026-06-16"  # not advanced: the next run asks again
    assert status["hf"]["held"] == {"2026-06-17": "returned none for weekday Wed 2026-06-17, fewer than 9 "
                                                  "(usual: 30 a day over recent days)"}
    assert "2026-06-17" not in status["hf"]["recent"]  # a held day is not the gate's history
    assert status["arxiv-cs"] == {"last_success": "2026-06-17", "recent": {"2026-06-17": 5}}

    site = pages.build(digest, site_url="https://example.org/", site_name="Paper Digest", papers=False)
    page = site.pages["status.md"].body
    assert ("<tr><td>arxiv-cs</td><td>2026-06-17</td><td>5</td><td>–</td></tr>"
            "\n<tr><td>hf</td><td>2026-06-16</td><td>30</td><td>2026-06-17: returned none for weekday Wed "
            "2026-06-17, fewer than 9 (usual: 30 a day over recent days)</td></tr>") in page
    row = next(r for r in page.split("<tr>") if r.startswith('<td><a href="../days/2026-06-17/'))
    assert row.rstrip() == ('<td><a href="../days/2026-06-17/">2026-06-17</a> Wed</td><td>5</td><td>0</td>'
                            "<td>5</td><td>held</td><td>held back: see Sources</td></tr>")

    # Thursday: hf is asked for Wednesday again (now full) and Thursday; RSS for Thursday.
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED),
                      "/api/daily_papers?date=2026-06-18": hf_answer(THU), "/rss/cs": RSS_CS})
    code, out, err = job.daily(today=THU)
    assert (code, err, job.warnings) == (0, "", [])
    assert out.splitlines()[:4] == [
        "daily: 2 day(s) [2026-06-17, 2026-06-18]: 60 added, 0 updated",
        "  arxiv-cs 2026-06-18: 5 fetched",
        "  hf 2026-06-17: 30 fetched",
        "  hf 2026-06-18: 30 fetched",
    ]
    assert asked(job.server) == ["2026-06-17", "2026-06-17", "2026-06-18"]
    assert job.status() == {"last_success": "2026-06-18", "recent": job.status()["recent"]}  # no hold left
    days = {d.date: [p.id for p in d.papers] for d in load(job.content).days}
    assert days[WED] == RSS_CS_IDS + paper_ids(WED) and days[THU] == paper_ids(THU)


def test_the_hint_takes_a_short_day_as_it_is(job: Job) -> None:
    """The hint's --allow-partial command publishes the held day, and the next run neither
    asks for it again nor holds it back again."""
    two_sources(job)
    set_status(job.content, TUE)
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED, count=2), "/rss/cs": RSS_CS})
    assert job.daily(today=WED)[0] == 0
    assert job.status()["held"] == {"2026-06-17": "returned only 2 for weekday Wed 2026-06-17, fewer than 9 "
                                                  "(usual: 30 a day over recent days)"}
    code, out, err = job.daily("--source", "hf", "--date", "2026-06-17", "--allow-partial", today=WED)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["daily: 1 day(s) [2026-06-17]: 2 added, 0 updated",
                                    "  hf 2026-06-17: 2 fetched"]
    assert job.status() == {"last_success": "2026-06-17", "recent": job.status()["recent"]}
    assert job.status()["recent"]["2026-06-17"] == 2
    code, out, err = job.daily(today=WED)
    assert (code, out) == (4, "")  # nothing left to do for hf; RSS's papers are in already
    assert asked(job.server) == ["2026-06-17", "2026-06-17"]


def test_an_empty_rss_announcement_is_held_for_that_day_only(job: Job) -> None:
    """arXiv RSS shows only the current announcement: its hold says so, and the next day's run
    drops it (that announcement cannot be asked for again) rather than promise a retry."""
    two_sources(job)
    set_status(job.content, TUE)
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED), "/rss/cs": RSS_EMPTY})
    code, out, err = job.daily(today=WED)
    held = ("arxiv-cs 2026-06-17: held back: returned none for weekday Wed 2026-06-17, fewer than 1; only a run "
            "on the same day can retry it (the source shows only its current answer); to take the day as it is: "
            "python -m generator daily --source arxiv-cs --date 2026-06-17 --allow-partial")
    assert (code, err, job.warnings) == (0, "", [held])
    assert out.splitlines()[:3] == ["daily: 1 day(s) [2026-06-17]: 30 added, 0 updated, 1 held back",
                                    "  hf 2026-06-17: 30 fetched", f"  {held}"]
    rss = yaml.safe_load((job.content / "status.yml").read_text(encoding="utf-8"))["sources"]["arxiv-cs"]
    assert rss == {"last_success": None, "recent": {}, "held": {"2026-06-17": "returned none for weekday Wed "
                                                                              "2026-06-17, fewer than 1"}}
    job.server.serve({"/api/daily_papers?date=2026-06-18": hf_answer(THU), "/rss/cs": RSS_CS})
    code, out, err = job.daily(today=THU)
    assert (code, err, job.warnings) == (0, "", [])
    assert out.splitlines()[:3] == ["daily: 2 day(s) [2026-06-17, 2026-06-18]: 35 added, 0 updated",
                                    "  arxiv-cs 2026-06-18: 5 fetched", "  hf 2026-06-18: 30 fetched"]
    rss = yaml.safe_load((job.content / "status.yml").read_text(encoding="utf-8"))["sources"]["arxiv-cs"]
    assert rss == {"last_success": "2026-06-18", "recent": {"2026-06-18": 5}}


def test_an_empty_weekday_of_the_only_source_is_held_and_the_job_fails(job: Job) -> None:
    """(b) Tuesday answers, Wednesday is empty: with one source, every source asked was held
    back on Wednesday, but Tuesday was published... so the job succeeds; Wednesday alone
    (the next run) holds back the only source: exit 3, nothing written."""
    set_status(job.content, TUE)
    before = snapshot(job.content)
    job.server.serve({"/api/daily_papers?date=2026-06-17": b"[]"})
    code, out, err = job.daily(today=WED)
    assert code == 3
    assert out == ("daily: 1 day(s) [2026-06-17]: 0 added, 0 updated, 1 held back\n"
                   f"  {HF_HELD_WED}\n")
    assert err == "error: daily: every source was held back; nothing was written (the next run retries them)\n"
    assert job.warnings == [HF_HELD_WED]
    assert snapshot(job.content) == before
    assert asked(job.server) == ["2026-06-17"]


def test_a_partial_weekday_is_held(job: Job) -> None:
    """(c) One paper where recent weekdays had 30: Hugging Face's list is still filling."""
    set_status(job.content, TUE)
    before = snapshot(job.content)
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED, count=1)})
    code, out, err = job.daily(today=WED)
    assert code == 3
    assert job.warnings == ["hf 2026-06-17: held back: returned only 1 for weekday Wed 2026-06-17, fewer than 9 "
                            "(usual: 30 a day over recent days); the next run retries it; to take the day as it "
                            "is: python -m generator daily --source hf --date 2026-06-17 --allow-partial"]
    assert snapshot(job.content) == before


def test_an_empty_weekend_day_is_published_as_empty(job: Job) -> None:
    """(d) Nothing on a Saturday is normal: the day is marked, and /status/ says why it is empty."""
    set_status(job.content, FRI)
    job.server.serve({"/api/daily_papers?date=2026-06-20": b"[]"})
    code, out, err = job.daily(today=SAT)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "daily: 1 day(s) [2026-06-20]: 0 added, 0 updated",
        "  hf 2026-06-20: 0 fetched",
        "  2026-06-20: nothing published upstream",
        f"  wrote {job.content}/days/2026-06-20.yml",
        f"  wrote {job.content}/status.yml",
    ]
    assert job.day_file(SAT).read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/day.schema.json\n"
        "date: '2026-06-20'\n"
        "upstream_empty: true\n"
        "papers: []\n")
    assert job.status()["last_success"] == "2026-06-20"
    assert job.status()["recent"]["2026-06-20"] == 0
    digest = load(job.content)
    site = pages.build(digest, site_url="https://example.org/", site_name="Paper Digest", papers=False)
    status_page = site.pages["status.md"].body
    assert "<tr><td>hf</td><td>2026-06-20</td><td>0</td><td>–</td></tr>" in status_page  # last success
    row = next(r for r in status_page.split("<tr>") if r.startswith('<td><a href="../days/2026-06-20/'))
    assert row.rstrip() == ('<td><a href="../days/2026-06-20/">2026-06-20</a> Sat</td><td>0</td><td>0</td>'
                            "<td>0</td><td>nothing published upstream</td></tr>")


def test_upstream_failure_changes_nothing(job: Job, monkeypatch: pytest.MonkeyPatch) -> None:
    """(e) 503 on every attempt: the retries are used up quickly, the only source is held
    back, exit 3 and nothing written; the hint names a command that retries it."""
    waits: list[float] = []
    assert http.fetch.__kwdefaults__ is not None
    monkeypatch.setitem(http.fetch.__kwdefaults__, "sleep", waits.append)
    set_status(job.content, TUE)
    before = snapshot(job.content)
    job.server.route("/api/daily_papers", [Response(503)])
    code, out, err = job.daily(today=WED)
    assert code == 3
    held = (f"hf 2026-06-17: held back: {job.server.url}/api/daily_papers?date=2026-06-17: HTTP 503 Service "
            "Unavailable after 5 attempts; the next run retries it; to retry now: python -m generator daily "
            "--source hf --date 2026-06-17")
    assert out == f"daily: 1 day(s) [2026-06-17]: 0 added, 0 updated, 1 held back\n  {held}\n"
    assert err == "error: daily: every source was held back; nothing was written (the next run retries them)\n"
    assert job.warnings == [held]
    assert waits == [2.0, 4.0, 8.0, 16.0]  # backoff, without waiting for it
    assert job.server.count("/api/daily_papers") == 5
    assert snapshot(job.content) == before

    # The hint's command, once upstream is back: that source, that day.
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED)})
    code, out, err = job.daily("--source", "hf", "--date", "2026-06-17", today=WED)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "daily: 1 day(s) [2026-06-17]: 30 added, 0 updated"
    assert job.status()["last_success"] == "2026-06-17"


def test_backfill_one_day_with_date(job: Job) -> None:
    """(f) --date fetches that day only, and does not move last_success back or forward."""
    old = date(2026, 5, 27)  # a Wednesday, three weeks back
    set_status(job.content, MON)
    job.server.serve({"/api/daily_papers?date=2026-05-27": hf_answer(old)})
    code, out, err = job.daily("--date", "2026-05-27", today=WED)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "daily: 1 day(s) [2026-05-27]: 30 added, 0 updated",
        "  hf 2026-05-27: 30 fetched",
        f"  wrote {job.content}/days/2026-05-27.yml",
        f"  wrote {job.content}/status.yml",
    ]
    assert asked(job.server) == ["2026-05-27"]
    assert [p.id for p in next(d for d in load(job.content).days if d.date == old).papers] == paper_ids(old)
    assert job.status()["last_success"] == "2026-06-15"  # Tuesday and Wednesday are still to do
    assert job.status()["recent"]["2026-05-27"] == 30


def test_running_the_same_daily_twice_changes_nothing_the_second_time(job: Job) -> None:
    """(g) The second run finds every day done: exit 4, content/ byte-identical."""
    set_status(job.content, TUE)
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED)})
    assert job.daily(today=WED)[0] == 0
    after_first = snapshot(job.content)
    code, out, err = job.daily(today=WED)
    assert (code, out) == (4, "")
    assert err == "daily: 0 day(s) []: 0 added, 0 updated\nnothing new\n"
    assert snapshot(job.content) == after_first
    assert asked(job.server) == ["2026-06-17"]


def test_backfilling_the_same_day_twice_is_nothing_new(job: Job) -> None:
    """The same --date again: same papers, same status, exit 4; an empty weekend day too."""
    set_status(job.content, FRI)
    job.server.serve({"/api/daily_papers?date=2026-06-17": hf_answer(WED),
                      "/api/daily_papers?date=2026-06-20": b"[]"})
    for day in ("2026-06-17", "2026-06-20"):
        assert job.daily("--date", day, today=SAT)[0] == 0
        once = snapshot(job.content)
        code, out, err = job.daily("--date", day, today=SAT)
        assert (code, out) == (4, ""), err
        assert err.endswith("\nnothing new\n")
        assert snapshot(job.content) == once


# -- add and remove ---------------------------------------------------------------------


def test_add_from_a_saved_arxiv_answer(job: Job) -> None:
    code, out, err = job.run("add", "2104.12255v1", "--date", "2026-06-15", "--topic", "safety",
                             "--note", "Zero as a signature: four BLS libraries fooled.", "--pick",
                             "--file", str(ARXIV_BODY))
    assert (code, err) == (0, "")
    assert out == f"added 2104.12255 (0) to {job.content}/days/2026-06-15.yml\n"
    day = next(d for d in load(job.content).days if d.date == MON)
    (paper,) = day.papers
    assert (paper.id, paper.title, paper.source) == ("2104.12255", "0", "arxiv")
    assert (paper.topics, paper.note, paper.pick) == (("safety",), "Zero as a signature: four BLS libraries fooled.",
                                                      True)
    assert paper.links.arxiv == "https://arxiv.org/abs/2104.12255"

    again = job.run("add", "2104.12255", "--date", "2026-06-16", "--file", str(ARXIV_BODY))
    assert again == (1, "", "error: add: 2104.12255 is already in the digest on 2026-06-15 "
                            "(content/days/2026-06-15.yml)\n")


def test_add_from_the_arxiv_api(job: Job) -> None:
    job.server.serve({"/api/query": ARXIV_BODY})
    code, out, err = job.run("add", "2104.12255", "--date", "2026-06-16", "--base-url", job.server.url)
    assert (code, err) == (0, "")
    assert out == f"added 2104.12255 (0) to {job.content}/days/2026-06-16.yml\n"
    (seen,) = job.server.requests
    assert (seen.path, seen.params) == ("/api/query", {"id_list": "2104.12255", "start": "0", "max_results": "1"})


def test_add_refuses_an_unknown_topic_and_writes_nothing(job: Job) -> None:
    before = snapshot(job.content)
    code, out, err = job.run("add", "2104.12255", "--date", "2026-06-16", "--topic", "saftey", "--topic",
                             "agents", "--topic", "crypto", "--file", str(ARXIV_BODY))
    assert (code, out) == (1, "")
    # validate's own hint for an unknown topic, on the option that named it
    assert err == ("error: add --topic: unknown topic 'saftey' (hint: closest: safety)\n"
                   "add --topic: unknown topic 'crypto' (hint: add it to content/topics.yml first)\n")
    assert snapshot(job.content) == before


def test_remove_takes_a_paper_out_for_good(job: Job) -> None:
    code, out, err = job.run("remove", "2606.00467", "--reason", "duplicate of a paper we had")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"removed 2606.00467 from {job.content}/days/2026-06-12.yml",
        f"listed 2606.00467 in {job.content}/removed.yml: no ingest brings it back",
    ]
    assert (job.content / "removed.yml").read_text(encoding="utf-8").endswith(
        "removed:\n- id: '2606.00467'\n  reason: duplicate of a paper we had\n")
    digest = load(job.content)
    assert all(p.id != "2606.00467" for d in digest.days for p in d.papers)

    # A later ingest of that very day, with the paper in Hugging Face's answer: it stays out.
    set_status(job.content, date(2026, 6, 12))
    job.server.serve({"/api/daily_papers?date=2026-06-12": HF_FIXTURE})
    before = snapshot(job.content)
    code, out, err = job.daily("--date", "2026-06-12", today=WED)
    assert (code, out) == (4, "")
    assert err == "daily: 1 day(s) [2026-06-12]: 0 added, 0 updated\n  hf 2026-06-12: 30 fetched\nnothing new\n"
    assert snapshot(job.content) == before
    assert all(p.id != "2606.00467" for d in load(job.content).days for p in d.papers)

    again = job.run("remove", "2606.00467")
    assert again == (1, "", "error: remove: 2606.00467 is not in the digest and already in content/removed.yml\n")


def test_remove_takes_several_papers_or_none(job: Job) -> None:
    """`remove a b c`: every paper out in one write, or, when one id is wrong, none."""
    before = snapshot(job.content)
    code, out, err = job.run("remove", "2606.00467", "2606.12730", "not-an-id", "2606.13677")
    assert (code, out) == (1, "")
    assert err == "error: remove: 'not-an-id' is not a paper id\nnothing was removed\n"
    assert snapshot(job.content) == before

    code, out, err = job.run("remove", "2606.00467", "2606.12730v2", "2606.13677", "2606.00467",
                             "--reason", "off topic")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"removed 2606.00467 from {job.content}/days/2026-06-12.yml",
        f"removed 2606.12730 from {job.content}/days/2026-06-12.yml",
        f"removed 2606.13677 from {job.content}/days/2026-06-14.yml",
        f"listed 2606.00467 in {job.content}/removed.yml: no ingest brings it back",
        f"listed 2606.12730 in {job.content}/removed.yml: no ingest brings it back",
        f"listed 2606.13677 in {job.content}/removed.yml: no ingest brings it back",
    ]
    digest = load(job.content)
    assert [r.id for r in digest.removed][-3:] == ["2606.00467", "2606.12730", "2606.13677"]
    assert {r.reason for r in digest.removed[-3:]} == {"off topic"}
    assert not {"2606.00467", "2606.12730", "2606.13677"} & {p.id for d in digest.days for p in d.papers}

    after = snapshot(job.content)
    code, out, err = job.run("remove", "2606.00467", "2606.13594")  # the first is gone already
    assert (code, out) == (1, "")
    assert err == ("error: remove: 2606.00467 is not in the digest and already in content/removed.yml\n"
                   "nothing was removed\n")
    assert snapshot(job.content) == after


# -- /status/ -----------------------------------------------------------------------------


def status_page(digest: Any) -> str:
    site = pages.build(digest, site_url="https://example.org/", site_name="Paper Digest", papers=False)
    body: str = site.pages["status.md"].body
    return body


def test_status_starts_at_the_first_day_known(content: Path) -> None:
    """No weeks of "not ingested" before the first ingest: the table starts at the first day
    the job recorded (or a day file), and an empty digest says there was no ingest yet."""
    digest = load(content)  # one sample day, 2016-10-10, and hf's status for 2026-06-12
    page = status_page(digest)
    days = page.split('<h2 id="days">', 1)[1]
    assert [r.split("</td>", 1)[0] for r in days.split("<tr><td>")[1:]] == ["2026-06-12 Fri"]
    assert "not ingested" not in page
    for day in (content / "days").glob("*.yml"):
        day.unlink()
    (content / "status.yml").unlink()
    page = status_page(load(content))
    assert "<p>No ingest yet: the table starts at the first day the daily job records.</p>" in page
    assert "<p>The daily job has not run yet.</p>" in page
    assert "not ingested" not in page


def test_a_held_reason_is_text_on_the_status_page(content: Path) -> None:
    """The reason comes from upstream (an error message): escaped, never markup."""
    reason = '<img src=x onerror="alert(1)"> HTTP 503 & more'
    (content / "status.yml").write_text(status_yaml([SourceStatus("hf", date(2026, 6, 11), ((date(2026, 6, 11), 30),),
                                                                  ((date(2026, 6, 12), reason),))]), encoding="utf-8")
    page = status_page(load(content))
    assert ("<td>2026-06-12: &lt;img src=x onerror=&#34;alert(1)&#34;&gt; HTTP 503 &amp; more</td>" in page)
    assert "<img" not in page
    assert "<td>2026-06-12 Fri</td><td>0</td><td>–</td><td>held</td><td>held back: see Sources</td>" in page
