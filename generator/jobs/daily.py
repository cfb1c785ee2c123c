"""The daily job: ingest every configured source for every day missed, behind a publish gate.

The gate holds back a *source* for a day, not the day: a source that is empty, short or
failing that day is left out and reported (a warning, the job's summary, status.yml and
/status/), the other sources' papers are published, and the next run asks the held source
for that day again. Everything is fetched and checked in memory first; content/ is written
once at the end, and not at all when every source was held back (the job then fails).

`ingest --source NAME` is this job for one source, and `--file NAME=PATH` reads a saved
answer for a source instead of the network: one path for the schedule, a hand run and an
offline try.
"""

from __future__ import annotations

import logging
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from generator import clock, text
from generator.content.load import load
from generator.content.records import Day, RawPaper, SourceConfig, SourceStatus
from generator.content.save import save
from generator.content.sources import KINDS, digest_day, keep, load_sources
from generator.content.status import KEEP_DAYS, MAX_REASON
from generator.errors import ContentError, DigestError, UpstreamError, UsageError, would_not_load
from generator.ingest import http
from generator.ingest.gate import shortfall
from generator.ingest.merge import merge
from generator.ingest.registry import DayAnswer, saved_day, source_day
from generator.jobs import enrich as enriching

MAX_CATCH_UP = 14  # days; older gaps (and holds) are for a deliberate backfill with --date
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hold:
    """One source left out of one day: what happened, and how to retry or take it."""

    source: str
    day: date
    reason: str
    partial: bool  # the gate held it (empty or short), rather than an upstream failure
    history: bool  # the source can be asked for that day again on a later day

    def line(self) -> str:
        command = f"python -m generator daily --source {shlex.quote(self.source)} --date {self.day.isoformat()}"
        retry = ("the next run retries it" if self.history
                 else "only a run on the same day can retry it (the source shows only its current answer)")
        way = f"to take the day as it is: {command} --allow-partial" if self.partial else f"to retry now: {command}"
        return f"{self.source} {self.day.isoformat()}: held back: {self.reason}; {retry}; {way}"


@dataclass
class DailyReport:
    days: list[date]
    fetched: dict[str, int] = field(default_factory=dict)
    held: list[Hold] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    empty_days: list[date] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    enriched: str = ""  # the enrich report's first line, when a source asked for it
    dry_run: bool = False

    @property
    def failed(self) -> bool:
        """Every source asked was held back: nothing was written, and the job fails."""
        return bool(self.held) and not self.fetched

    @property
    def nothing_new(self) -> bool:
        return not self.held and not (self.added or self.updated or self.empty_days)

    def summary(self) -> str:
        shown = ", ".join(d.isoformat() for d in self.days)
        held = f", {len(self.held)} held back" if self.held else ""
        lines = [f"daily: {len(self.days)} day(s) [{shown}]: {self.added} added, {self.updated} updated{held}"]
        lines += [f"  {key}: {n} fetched" for key, n in sorted(self.fetched.items())]
        lines += [f"  {h.line()}" for h in self.held]
        lines += [f"  {d.isoformat()}: nothing published upstream" for d in self.empty_days]
        lines += [f"  {self.enriched}"] if self.enriched else []
        lines += [f"  {'would write' if self.dry_run else 'wrote'} {p}" for p in self.written]
        lines += ["  dry run: nothing was written"] if self.dry_run else []
        return "\n".join(lines)

    def markdown(self) -> str:
        """The summary for a CI run's page ($GITHUB_STEP_SUMMARY): a headline, then the
        summary as a code block, so upstream text in it stays text (no links, no images)."""
        if self.failed:
            headline = "**Every source was held back: nothing was written.** The next run retries them."
        elif self.held:
            headline = (f"**{len(self.held)} held back**, the rest published: {self.added} added, "
                        f"{self.updated} updated. The next run retries what was held back.")
        elif self.nothing_new:
            headline = "Nothing new upstream: content/ is unchanged."
        else:
            headline = f"Published: {self.added} added, {self.updated} updated."
        body = self.summary()
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", body)), default=0))
        return f"### Daily job\n\n{headline}\n\n{fence}text\n{body}\n{fence}\n"


Fetcher = Callable[[SourceConfig, date, date], "DayAnswer | None"]


def fetch_source(source: SourceConfig, day: date, today: date, *,
                 agent: str = http.USER_AGENT) -> DayAnswer | None:
    """The source's papers for `day` from the network, or None when it cannot look at that day."""
    return source_day(source, day, today, agent=agent)


def source_days(status: SourceStatus | None, today: date) -> list[date]:
    """The days a scheduled run asks one source for: every day since its last success (or
    today, the first time), and the days held back before, within the catch-up window."""
    floor = today - timedelta(days=MAX_CATCH_UP - 1)
    last = status.last_success if status else None
    start = max(last + timedelta(days=1) if last else today, floor)
    days = {start + timedelta(days=i) for i in range((today - start).days + 1)}
    days |= {d for d, _ in (status.held if status else ()) if floor <= d <= today}
    return sorted(days)


@dataclass(frozen=True)
class _Plan:
    source: SourceConfig
    days: tuple[date, ...]
    file: Path | None
    backfill: bool  # asked for chosen days: the last success does not move forward


def _plans(sources: list[SourceConfig], statuses: Mapping[str, SourceStatus], today: date,
           backfill: date | None, only: Sequence[str], files: Mapping[str, Path], where: Path) -> list[_Plan]:
    names = [s.name for s in sources]
    for name in [*only, *files]:
        if name not in names:
            raise UsageError(f"no source named {name!r} in {where} (its sources: {', '.join(names)})")
    only = only or tuple(files)  # saved answers alone: an offline run asks no network
    chosen = [s for s in sources if not only or s.name in only]
    for name in files:
        if name not in only:
            raise UsageError(f"--file {name}=...: {name!r} is not one of the sources chosen with --source")
    plans = []
    for s in chosen:
        file = files.get(s.name)
        if backfill is not None:
            plans.append(_Plan(s, (backfill,), file, True))
        elif file is not None:  # a saved answer: the day it is for
            day = saved_day(s, file)
            if day is None:
                raise UsageError(f"--file {s.name}={file}: the saved answer does not say which day it is for; "
                                 "give --date YYYY-MM-DD")
            day = _check_day(day, today, f"daily --file {s.name}={file}: the day it is for")
            plans.append(_Plan(s, (day,), file, True))
        else:
            plans.append(_Plan(s, tuple(source_days(statuses.get(s.name), today)), None, False))
    return plans


def _check_day(day: date, today: date, what: str) -> date:
    wrong = clock.out_of_range(day)
    if wrong is None and day > today:  # it would become the last success
        wrong = f"{day.isoformat()} is after today ({today.isoformat()})"
    if wrong:
        raise DigestError(f"{what}: {wrong}")
    return day


def run_daily(content: Path, sources_file: Path, *, backfill: date | None = None, only: Sequence[str] = (),
              files: Mapping[str, Path] | None = None, allow_partial: bool = False, dry_run: bool = False,
              fetch: Fetcher | None = None, lookup: enriching.Lookup | None = None,
              agent: str = http.USER_AGENT) -> DailyReport:
    """Run the job; the report says what was published, held back and written. content/ is
    left alone when every source was held back, and in a dry run. `agent`: the User-Agent
    of the real fetches and lookups (tests hand in `fetch`)."""
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
        _check_day(backfill, today, "daily --date")
    plans = _plans(sources, statuses, today, backfill, only, files or {}, sources_file)
    days = sorted({d for p in plans for d in p.days})
    report = DailyReport(days, dry_run=dry_run)
    raws: list[RawPaper] = []
    day_of: dict[str, date] = {}
    new_status = dict(statuses)
    quiet: dict[date, bool] = {}
    to_enrich: set[str] = set()
    for day in days:
        for plan in (p for p in plans if day in p.days):
            source = plan.source
            old = new_status.get(source.name, SourceStatus(source.name))
            try:
                got = fetch(source, day, today) if plan.file is None else source_day(source, day, today, file=plan.file)
            except UpstreamError as exc:
                if plan.file is not None:
                    raise  # a saved answer that does not parse is the user's input, not a hold
                new_status[source.name] = _hold(report, old, day, source, str(exc), partial=False)
                quiet[day] = False
                continue
            if got is None:  # it cannot look at that day (any more): a hold there cannot be retried
                new_status[source.name] = replace(old, held=tuple((d, w) for d, w in old.held if d != day))
                continue
            papers = got.papers
            why = None if allow_partial else shortfall(source, day, len(papers), old)
            if why:
                new_status[source.name] = _hold(report, old, day, source, why, partial=True)
                quiet[day] = False
                continue
            report.fetched[f"{source.name} {day.isoformat()}"] = len(papers)
            quiet[day] = quiet.get(day, True) and (not papers or got.quiet)
            for p in papers:
                if keep(source, p) and p.id not in day_of:
                    day_of[p.id] = digest_day(KINDS[source.kind], day, p.day) or day
                    raws.append(p)
                    if source.enrich:
                        to_enrich.add(p.id)
            new_status[source.name] = _succeeded(old, day, len(papers), today, plan.backfill)
    if report.failed:
        return report
    floor = today - timedelta(days=MAX_CATCH_UP - 1)
    new_status = {name: replace(s, held=tuple((d, w) for d, w in s.held if d >= floor))
                  for name, s in new_status.items()}
    result = merge(digest, raws, day_of)
    report.added, report.updated = len(result.added), len(result.updated)
    changed: dict[date, Day] = dict(result.days)
    existing = {d.date: d for d in digest.days}
    for day, is_quiet in quiet.items():
        known = existing.get(day)
        if is_quiet and day not in changed and not (known and (known.papers or known.upstream_empty)):
            changed[day] = replace(known or Day(day, "", ()), upstream_empty=True)
            report.empty_days.append(day)
    if to_enrich and dry_run:
        report.enriched = "enrich: not run in a dry run"
    elif to_enrich:
        changed.update(_enrich(digest.days, changed, {r.id for r in digest.removed}, to_enrich, lookup, report))
    # Days first, status last: a crash in between only means the next run re-ingests.
    try:
        report.written += save(content, days=changed.values(), status=new_status.values(), dry_run=dry_run)
    except ContentError as exc:  # the files it names do not exist yet: an upstream fault
        raise would_not_load("daily", exc.problems) from None
    return report


def _hold(report: DailyReport, old: SourceStatus, day: date, source: SourceConfig, reason: str, *,
          partial: bool) -> SourceStatus:
    """Leave `source` out of `day`: reported now, remembered in status.yml for the next run
    and /status/; its last success and its recent counts (the gate's history) stay as they were."""
    reason = text.clean_line(reason, MAX_REASON)
    hold = Hold(source.name, day, reason, partial, KINDS[source.kind].history)
    report.held.append(hold)
    _log.warning("%s", hold.line())
    return replace(old, held=tuple(sorted({**dict(old.held), day: reason}.items())))


def _succeeded(old: SourceStatus, day: date, count: int, today: date, backfill: bool) -> SourceStatus:
    """The status after `day` was published: counted, no longer held. A scheduled run moves the
    last success forward; a backfill only when no day between the last success and it is
    still to fetch (missed days after it must still be fetched), so that a held day taken by
    hand (--date D --allow-partial) is not asked for, and held back, again by the next run."""
    recent = dict(old.recent) | {day: count}
    held = dict(old.held)
    held.pop(day, None)
    last = old.last_success
    after = last or today - timedelta(days=1)  # never succeeded: the next run starts today
    seen = all(after + timedelta(days=i) in recent or after + timedelta(days=i) in held
               for i in range(1, (day - after).days))
    if not backfill or (day > after and seen):
        last = max(d for d in (last, day) if d is not None)
    return SourceStatus(old.name, last, tuple(sorted(recent.items()))[-KEEP_DAYS:], tuple(sorted(held.items())))


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
