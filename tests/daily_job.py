"""Shared by the tests of the daily job (test_daily.py) and of `add` and `remove`
(test_curate_commands.py): a copy of the sample content/ and a sources.yml whose hf source
points at the local server (the `job` fixture in conftest.py), the CLI run against them with
SOURCE_DATE_EPOCH as the clock, and Hugging Face answers made from the recorded 2026-06-12 one:
the same 30 real items, with new ids and `submittedOnDailyAt` moved to the day asked for."""

from __future__ import annotations

import copy
import json
import logging
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from sample import SAMPLE_CONTENT
from upstream_server import UpstreamServer

from generator import cli
from generator.content.records import SourceStatus
from generator.content.status import status_yaml

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
