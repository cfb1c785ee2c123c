"""The daily job: ingest every configured source for every day missed, behind a publish gate.

Everything is fetched and checked in memory first; content/ is written only when every
source of every day answered and passed the gate, so a failed run changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from generator import clock
from generator.content.load import load
from generator.content.records import Day, RawPaper, SourceConfig, SourceStatus
from generator.content.save import save
from generator.content.sources import KINDS, digest_day, keep, load_sources
from generator.content.status import KEEP_DAYS
from generator.errors import ContentError, DigestError, NothingNew, UpstreamError, would_not_load
from generator.ingest import http
from generator.ingest.gate import gate
from generator.ingest.merge import merge
from generator.ingest.registry import READERS, DayAnswer
from generator.jobs import enrich as enriching

MAX_CATCH_UP = 14  # days; older gaps are for a deliberate backfill with --date
_log = logging.getLogger(__name__)


@dataclass
class DailyReport:
    days: list[date]
    fetched: dict[str, int] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    empty_days: list[date] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    enriched: str = ""  # the enrich report's first line, when a source asked for it

    def summary(self) -> str:
        shown = ", ".join(d.isoformat() for d in self.days)
        lines = [f"daily: {len(self.days)} day(s) [{shown}]: {self.added} added, {self.updated} updated"]
        lines += [f"  {key}: {n} fetched" for key, n in sorted(self.fetched.items())]
        lines += [f"  {d.isoformat()}: nothing published upstream" for d in self.empty_days]
        lines += [f"  {self.enriched}"] if self.enriched else []
        lines += [f"  wrote {p}" for p in self.written]
        return "\n".join(lines)


Fetcher = Callable[[SourceConfig, date, date], "DayAnswer | None"]


def fetch_source(source: SourceConfig, day: date, today: date, *,
                 agent: str = http.USER_AGENT) -> DayAnswer | None:
    """The source's papers for `day`, or None when it cannot look at that day (arXiv RSS
    only shows the current announcement)."""
    for_day = READERS[source.kind].for_day
    assert for_day is not None  # sources.yml names only scheduled kinds
    return for_day(source, day, today, agent)


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


def run_daily(content: Path, sources_file: Path, *, backfill: date | None = None,
              fetch: Fetcher | None = None, lookup: enriching.Lookup | None = None,
              agent: str = http.USER_AGENT) -> DailyReport:
    """`agent`: the User-Agent of the real fetches and lookups (tests hand in `fetch`)."""
    fetch = fetch or partial(fetch_source, agent=agent)
    lookup = lookup or enriching.arxiv_lookup(agent=agent)
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
    to_enrich: set[str] = set()
    for day in days:
        for source in sources:
            got = fetch(source, day, today)
            if got is None:
                continue
            papers, nothing_published = got.papers, got.quiet
            gate(source, day, len(papers), new_status.get(source.name))
            report.fetched[f"{source.name} {day.isoformat()}"] = len(papers)
            quiet[day] = quiet.get(day, True) and (not papers or nothing_published)
            for p in papers:
                if keep(source, p) and p.id not in day_of:
                    day_of[p.id] = digest_day(KINDS[source.kind], day, p.day) or day
                    raws.append(p)
                    if source.enrich:
                        to_enrich.add(p.id)
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
    if to_enrich:
        changed.update(_enrich(digest.days, changed, {r.id for r in digest.removed}, to_enrich, lookup, report))
    # Days first, status last: a crash in between only means the next run re-ingests.
    try:
        report.written += save(content, days=changed.values(), status=new_status.values())
    except ContentError as exc:  # the files it names do not exist yet: an upstream fault
        raise would_not_load("daily", exc.problems) from None
    if not report.added and not report.updated and not report.empty_days:
        raise NothingNew(report.summary() + "\nnothing new")
    return report


def _enrich(days: tuple[Day, ...], changed: dict[date, Day], removed: set[str], wanted: set[str],
            lookup: enriching.Lookup, report: DailyReport) -> dict[date, Day]:
    """The papers of sources with `enrich: true` looked up on arXiv. Best effort: a fault
    there is a warning, and the day is published as ingested (`enrich` can run later)."""
    state = {d.date: d for d in days} | changed
    try:
        result = enriching.plan([state[d] for d in sorted(state)], removed, lookup,
                                only=wanted)
    except UpstreamError as exc:
        _log.warning("enrich skipped: %s", exc)
        report.enriched = f"enrich skipped: {exc}"
        return {}
    report.enriched = enriching.Report(result, ()).summary().split("\n", 1)[0]
    return result.days
