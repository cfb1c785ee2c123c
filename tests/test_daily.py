"""The daily job, run as a curator or CI runs them, against recorded
Hugging Face and arXiv answers served from 127.0.0.1 (the `upstream` fixture).

Each test works on a copy of content/ whose status.yml says when hf last succeeded, and a
sources.yml whose hf source points at the local server. The clock is SOURCE_DATE_EPOCH.
Other days' Hugging Face answers are made from the recorded 2026-06-12 one: the same 30
real items, with new ids and `submittedOnDailyAt` moved to the day asked for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from daily_job import (
    FRI,
    HF_HELD_WED,
    MON,
    ROOT,
    RSS_ALL,
    RSS_EMPTY,
    SAT,
    THU,
    TUE,
    WED,
    Job,
    asked,
    at,
    hf_answer,
    paper_ids,
    set_status,
    snapshot,
)
from sample import SAMPLE_CONTENT
from upstream_server import Response, UpstreamServer

from generator.content.load import load
from generator.content.records import SourceStatus
from generator.content.status import status_yaml
from generator.ingest import http
from generator.render import pages

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

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
