"""How each source kind is fetched and parsed; what each kind is (its options, default
address, day rule) is declared once in generator/content/sources.py (KINDS).

Two callers: `ingest KIND` asks once, as the command line says (Request), and reads a saved
answer with --file; the daily job (and `ingest --source NAME`, which is the daily job for one
source) asks each scheduled source of sources.yml for one day (SourceConfig), from the
network or from a saved answer (`source_day`), with the same filters either way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator import inputs
from generator.content.categories import category_problem
from generator.content.records import RawPaper, SourceConfig
from generator.content.sources import KINDS, SourceKind
from generator.errors import DigestError
from generator.ingest import arxiv_api, arxiv_rss, hf, http, listing


@dataclass(frozen=True)
class Request:
    """One hand-run `ingest`: the command line's options."""

    source: str  # a name in KINDS
    day: date | None = None
    file: Path | None = None
    base_url: str | None = None
    query: str = ""
    max_results: int = 50
    category: str = ""
    allow_partial: bool = False
    agent: str = http.USER_AGENT  # the User-Agent: the site's own (http.user_agent)

    @property
    def address(self) -> str:
        return self.base_url or KINDS[self.source].base_url


@dataclass(frozen=True)
class Answer:
    papers: list[RawPaper]
    day: date | None = None  # the day the answer itself is for (an arXiv RSS announcement)


@dataclass(frozen=True)
class DayAnswer:
    """What the daily job got from one source for one day."""

    papers: list[RawPaper]
    quiet: bool = False  # upstream says it publishes nothing that day (arXiv RSS skipDays)
    day: date | None = None  # the day a saved answer says it is for (its RSS date, its HF items' day)


@dataclass(frozen=True)
class Reader:
    kind: SourceKind
    saved: Callable[[Path, Request], Answer]  # `ingest --file PATH`
    fetch: Callable[[Request], Answer]  # `ingest` over the network
    # the daily job, for (source, day, today, user agent); None when the source cannot look at that day
    for_day: Callable[[SourceConfig, date, date, str], DayAnswer | None] | None = None
    # the daily job from a saved answer, for (source, file, day or None: the day it says)
    day_file: Callable[[SourceConfig, Path, date | None], DayAnswer] | None = None


def source_day(source: SourceConfig, day: date, today: date, *, agent: str = http.USER_AGENT,
               file: Path | None = None) -> DayAnswer | None:
    """A scheduled source's papers for `day` (None when it cannot look at that day: arXiv RSS
    only shows the current announcement), from the network or from the saved answer `file`."""
    reader = READERS[source.kind]
    assert reader.for_day is not None and reader.day_file is not None  # sources.yml names only these
    return reader.for_day(source, day, today, agent) if file is None else reader.day_file(source, file, day)


def saved_day(source: SourceConfig, file: Path) -> date | None:
    """The day a saved answer for `source` says it is for, or None when it does not say."""
    reader = READERS[source.kind]
    assert reader.day_file is not None
    return reader.day_file(source, file, None).day


def _request(source: SourceConfig, file: Path, day: date | None) -> Request:
    return Request(source.kind, day=day, file=file, query=source.query, max_results=source.max_results,
                   category=source.category)


# -- Hugging Face ------------------------------------------------------------------------------


def _hf_saved(path: Path, req: Request) -> Answer:
    raws = hf.parse(inputs.read_bytes(path))
    return Answer([r for r in raws if req.day is None or r.day in (None, req.day)], req.day)


def _hf_fetch(req: Request) -> Answer:
    assert req.day is not None  # the command line requires --date
    return Answer(hf.fetch_day(req.day, base_url=req.address, agent=req.agent), req.day)


def _hf_day(source: SourceConfig, day: date, today: date, agent: str) -> DayAnswer:
    return DayAnswer(hf.fetch_day(day, base_url=source.base_url or KINDS["hf"].base_url, agent=agent))


def _hf_day_file(source: SourceConfig, path: Path, day: date | None) -> DayAnswer:
    papers = _hf_saved(path, _request(source, path, day)).papers
    listed = {p.day for p in papers if p.day is not None}
    return DayAnswer(papers, day=day or (listed.pop() if len(listed) == 1 else None))


# -- arXiv API ---------------------------------------------------------------------------------


def _arxiv_saved(path: Path, req: Request) -> Answer:
    return Answer(list(arxiv_api.parse(inputs.read_bytes(path)).papers)[: req.max_results], req.day)


def _arxiv_fetch(req: Request) -> Answer:
    return Answer(arxiv_api.search(req.query, max_results=req.max_results, base_url=req.address,
                                  agent=req.agent), req.day)


def _arxiv_day(source: SourceConfig, day: date, today: date, agent: str) -> DayAnswer:
    span = f"submittedDate:[{day:%Y%m%d}0000 TO {day:%Y%m%d}2359]"
    return DayAnswer(arxiv_api.search(f"({source.query}) AND {span}", max_results=source.max_results,
                                      base_url=source.base_url or KINDS["arxiv"].base_url, agent=agent))


def _arxiv_day_file(source: SourceConfig, path: Path, day: date | None) -> DayAnswer:
    # A saved answer is the answer to the source's query: the query is not applied again.
    return DayAnswer(_arxiv_saved(path, _request(source, path, day)).papers, day=day)


# -- arXiv RSS ---------------------------------------------------------------------------------


def _rss_answer(feed: arxiv_rss.RssFeed, req: Request) -> Answer:
    return Answer(list(feed.papers), req.day or feed.pub_date)


def _rss_saved(path: Path, req: Request) -> Answer:
    """A saved feed; with --category, only its items in those categories (a saved feed of
    every archive must not bring astrophysics into a robotics digest)."""
    feed = arxiv_rss.parse(inputs.read_bytes(path))
    if req.category:
        problem = category_problem(req.category)
        if problem:
            raise DigestError(f"ingest arxiv-rss: {problem[0]} (hint: {problem[1]})")
        feed = replace(feed, papers=tuple(p for p in feed.papers if arxiv_rss.in_categories(p, req.category)))
    return _rss_answer(feed, req)


def _rss_fetch(req: Request) -> Answer:
    problem = category_problem(req.category)
    if problem:  # "cs LG": nothing was fetched
        raise DigestError(f"ingest arxiv-rss: {problem[0]} (hint: {problem[1]})")
    return _rss_answer(arxiv_rss.fetch(req.category, base_url=req.address, agent=req.agent), req)


def _rss_day(source: SourceConfig, day: date, today: date, agent: str) -> DayAnswer | None:
    if day != today:
        return None  # RSS shows only the current announcement
    feed = arxiv_rss.fetch(source.category, base_url=source.base_url or KINDS["arxiv-rss"].base_url,
                           agent=agent)
    return _rss_day_answer(feed, day, source.category)


def _rss_day_file(source: SourceConfig, path: Path, day: date | None) -> DayAnswer:
    feed = arxiv_rss.parse(inputs.read_bytes(path))
    return _rss_day_answer(feed, day or feed.pub_date, source.category)


def _rss_day_answer(feed: arxiv_rss.RssFeed, day: date | None, category: str) -> DayAnswer:
    skipped = day is not None and day.strftime("%A") in feed.skip_days
    # Replacements are papers announced before: the job takes only first announcements, and
    # only those in the source's categories (a saved feed may hold every archive).
    return DayAnswer([p for p in feed.papers if p.announce_type in arxiv_rss.FIRST_ANNOUNCEMENTS
                      and arxiv_rss.in_categories(p, category)], skipped and not feed.papers, day)


# -- a text capture of a listing page ------------------------------------------------------------


def _listing_saved(path: Path, req: Request) -> Answer:
    assert req.day is not None  # the command line requires --date: a capture has no year
    return Answer(listing.parse(inputs.read_text(path), req.day), req.day)


def _listing_fetch(req: Request) -> Answer:
    raise AssertionError("the command line requires --file for a listing capture")


READERS: dict[str, Reader] = {r.kind.name: r for r in (
    Reader(KINDS["hf"], _hf_saved, _hf_fetch, _hf_day, _hf_day_file),
    Reader(KINDS["arxiv"], _arxiv_saved, _arxiv_fetch, _arxiv_day, _arxiv_day_file),
    Reader(KINDS["arxiv-rss"], _rss_saved, _rss_fetch, _rss_day, _rss_day_file),
    Reader(KINDS["listing"], _listing_saved, _listing_fetch),
)}
if set(READERS) != set(KINDS) or any((r.for_day is None) == r.kind.scheduled or (r.day_file is None) == r.kind.scheduled
                                    for r in READERS.values()):
    raise AssertionError("generator/ingest/registry.py is out of step with KINDS in content/sources.py")
