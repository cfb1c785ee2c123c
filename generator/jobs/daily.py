"""The daily job: ingest every configured source for every day missed, behind a publish gate.

Everything is fetched and checked in memory first; content/ is written only when every
source of every day answered and passed the gate, so a failed run changes nothing.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from generator import clock
from generator.content import dump, validate
from generator.content.load import load
from generator.content.records import Day, RawPaper, SourceConfig, SourceStatus
from generator.content.sources import keep, load_sources
from generator.content.status import KEEP_DAYS, status_yaml
from generator.content.validate import Checker
from generator.content.yamlsafe import parse
from generator.errors import DigestError, NothingNew, UpstreamError, would_not_load
from generator.ingest import arxiv_api, arxiv_rss, hf
from generator.ingest.merge import merge
from generator.write import write_if_changed

MAX_CATCH_UP = 14  # days; older gaps are for a deliberate backfill with --date
PARTIAL = 0.3  # a weekday below 30% of the recent median is a partial day


class GateError(UpstreamError):
    """The publish gate refused a day: empty or partial where papers were expected."""


@dataclass
class DailyReport:
    days: list[date]
    fetched: dict[str, int] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    empty_days: list[date] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        shown = ", ".join(d.isoformat() for d in self.days)
        lines = [f"daily: {len(self.days)} day(s) [{shown}]: {self.added} added, {self.updated} updated"]
        lines += [f"  {key}: {n} fetched" for key, n in sorted(self.fetched.items())]
        lines += [f"  {d.isoformat()}: nothing published upstream" for d in self.empty_days]
        lines += [f"  wrote {p}" for p in self.written]
        return "\n".join(lines)


Fetcher = Callable[[SourceConfig, date, date], "tuple[list[RawPaper], bool] | None"]


def fetch_source(source: SourceConfig, day: date, today: date) -> tuple[list[RawPaper], bool] | None:
    """(papers, upstream says nothing is published that day), or None when the source
    cannot look at that day (arXiv RSS only shows the current announcement)."""
    if source.kind == "hf":
        return hf.fetch_day(day, base_url=source.base_url or hf.BASE_URL), False
    if source.kind == "arxiv":
        span = f"submittedDate:[{day:%Y%m%d}0000 TO {day:%Y%m%d}2359]"
        papers = arxiv_api.search(f"({source.query}) AND {span}", max_results=source.max_results,
                                  base_url=source.base_url or "https://export.arxiv.org")
        return papers, False
    if source.kind == "arxiv-rss":
        if day != today:
            return None
        feed = arxiv_rss.fetch(source.category, base_url=source.base_url or arxiv_rss.BASE_URL)
        skipped = day.strftime("%A") in feed.skip_days
        return [p for p in feed.papers if p.announce_type in ("new", "cross")], skipped and not feed.papers
    raise ValueError(source.kind)


def days_to_run(statuses: dict[str, SourceStatus], sources: list[SourceConfig], today: date,
                backfill: date | None) -> list[date]:
    if backfill is not None:
        return [backfill]
    lasts = [statuses[s.name].last_success for s in sources if s.name in statuses]
    known = [d for d in lasts if d is not None]
    if not known or len(known) < len(sources):
        start = today if not known else min(known) + timedelta(days=1)
    else:
        start = min(known) + timedelta(days=1)
    start = max(start, today - timedelta(days=MAX_CATCH_UP - 1))
    return [start + timedelta(days=i) for i in range((today - start).days + 1)]


def gate(source: SourceConfig, day: date, count: int, status: SourceStatus | None, *,
         way_out: str = "") -> None:
    if day.weekday() >= 5:
        return  # weekends: an empty day is normal upstream, and is shown as such
    recent = [n for _, n in (status.recent if status else ())][-7:]
    usual = statistics.median([n for n in recent if n > 0]) if any(recent) else 0
    floor = max(source.min_papers, int(usual * PARTIAL))
    if count < floor:
        why = "none" if count == 0 else f"only {count}"
        usual_text = f" (usual: {usual:g} a day over recent days)" if usual else ""
        raise GateError(
            f"publish gate: source {source.name!r} returned {why} for weekday {day:%a %Y-%m-%d}, "
            f"fewer than {floor}{usual_text}; refusing to publish an empty or partial day. "
            f"Nothing was written. Re-run later, or {way_out or f'backfill with --date {day.isoformat()}'}.")


def run_daily(content: Path, sources_file: Path, *, backfill: date | None = None,
              fetch: Fetcher = fetch_source) -> DailyReport:
    digest = load(content)
    sources = load_sources(sources_file)
    today = clock.today()
    statuses = {s.name: s for s in digest.status}
    # A last success after today would make every run fetch nothing and report "nothing
    # new": a silenced job, not a quiet one (load() refuses it too; this is the job's own).
    ahead = sorted(s.name for s in statuses.values() if s.last_success and s.last_success > today)
    if ahead:
        raise DigestError(f"daily: content/status.yml says {', '.join(ahead)} last succeeded after "
                          f"today ({today.isoformat()}): fix last_success, nothing was fetched")
    if backfill is not None:
        wrong = clock.out_of_range(backfill)
        if wrong is None and backfill > today:  # it would become the last success
            wrong = f"{backfill.isoformat()} is after today ({today.isoformat()})"
        if wrong:
            raise DigestError(f"daily --date: {wrong}")
    days = days_to_run(statuses, sources, today, backfill)
    report = DailyReport(days)
    raws: list[RawPaper] = []
    day_of: dict[str, date] = {}
    new_status = dict(statuses)
    quiet: dict[date, bool] = {}
    for day in days:
        for source in sources:
            got = fetch(source, day, today)
            if got is None:
                continue
            papers, nothing_published = got
            gate(source, day, len(papers), new_status.get(source.name))
            report.fetched[f"{source.name} {day.isoformat()}"] = len(papers)
            quiet[day] = quiet.get(day, True) and (not papers or nothing_published)
            for p in papers:
                if keep(source, p) and p.id not in day_of:
                    day_of[p.id] = p.day if source.kind == "hf" and p.day else day
                    raws.append(p)
            old = new_status.get(source.name, SourceStatus(source.name))
            recent = tuple(sorted({**dict(old.recent), day: len(papers)}.items()))[-KEEP_DAYS:]
            last = max(d for d in (old.last_success, day) if d is not None)
            new_status[source.name] = SourceStatus(source.name, last, recent)
    result = merge(digest, raws, day_of)
    report.added, report.updated = len(result.added), len(result.updated)
    changed: dict[date, Day] = dict(result.days)
    existing = {d.date: d for d in digest.days}
    for day, is_quiet in quiet.items():
        known = existing.get(day)
        if is_quiet and day not in changed and not (known and (known.papers or known.upstream_empty)):
            changed[day] = replace(known or Day(day, "", ()), upstream_empty=True)
            report.empty_days.append(day)
    texts: dict[Path, str] = {}
    problems = []
    for day_record in changed.values():
        path = content / "days" / f"{day_record.date.isoformat()}.yml"
        texts[path] = dump.day_yaml(day_record)
        checker = Checker(str(path))
        validate.day_file(checker, parse(texts[path]), day_record.date)
        problems += checker.problems
    if problems:
        raise would_not_load("daily", problems)
    # Days first, status last: a crash in between only means the next run re-ingests.
    for path, text in sorted(texts.items()):
        if write_if_changed(path, text):
            report.written.append(path)
    if write_if_changed(content / "status.yml", status_yaml(new_status.values())):
        report.written.append(content / "status.yml")
    if not report.added and not report.updated and not report.empty_days:
        raise NothingNew(report.summary() + "\nnothing new")
    return report
