"""How each source kind is fetched and parsed; what each kind is (its options, default
address, day rule) is declared once in generator/content/sources.py (KINDS).

Two callers: `ingest KIND` asks once, as the command line says (Request), and reads a saved
answer with --file; the daily job asks each scheduled source for one day (SourceConfig).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import inputs
from generator.content.records import RawPaper, SourceConfig
from generator.content.sources import KINDS, SourceKind, category_problem
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


@dataclass(frozen=True)
class Reader:
    kind: SourceKind
    saved: Callable[[Path, Request], Answer]  # `ingest --file PATH`
    fetch: Callable[[Request], Answer]  # `ingest` over the network
    # the daily job, for (source, day, today, user agent); None when the source cannot look at that day
    for_day: Callable[[SourceConfig, date, date, str], DayAnswer | None] | None = None


# -- Hugging Face ------------------------------------------------------------------------------


def _hf_saved(path: Path, req: Request) -> Answer:
    raws = hf.parse(inputs.read_bytes(path))
    return Answer([r for r in raws if req.day is None or r.day in (None, req.day)], req.day)


def _hf_fetch(req: Request) -> Answer:
    assert req.day is not None  # the command line requires --date
    return Answer(hf.fetch_day(req.day, base_url=req.address, agent=req.agent), req.day)


def _hf_day(source: SourceConfig, day: date, today: date, agent: str) -> DayAnswer:
    return DayAnswer(hf.fetch_day(day, base_url=source.base_url or KINDS["hf"].base_url, agent=agent))


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


# -- arXiv RSS ---------------------------------------------------------------------------------


def _rss_answer(feed: arxiv_rss.RssFeed, req: Request) -> Answer:
    return Answer(list(feed.papers), req.day or feed.pub_date)


def _rss_saved(path: Path, req: Request) -> Answer:
    return _rss_answer(arxiv_rss.parse(inputs.read_bytes(path)), req)


def _rss_fetch(req: Request) -> Answer:
    problem = category_problem(req.category)
    if problem:  # "cs LG": nothing was fetched
        raise DigestError(f"ingest arxiv-rss: {problem}")
    return _rss_answer(arxiv_rss.fetch(req.category, base_url=req.address, agent=req.agent), req)


def _rss_day(source: SourceConfig, day: date, today: date, agent: str) -> DayAnswer | None:
    if day != today:
        return None  # RSS shows only the current announcement
    feed = arxiv_rss.fetch(source.category, base_url=source.base_url or KINDS["arxiv-rss"].base_url,
                           agent=agent)
    skipped = day.strftime("%A") in feed.skip_days
    # Replacements are papers announced before: the job takes only first announcements.
    return DayAnswer([p for p in feed.papers if p.announce_type in arxiv_rss.FIRST_ANNOUNCEMENTS],
                     skipped and not feed.papers)


# -- a text capture of a listing page ------------------------------------------------------------


def _listing_saved(path: Path, req: Request) -> Answer:
    assert req.day is not None  # the command line requires --date: a capture has no year
    return Answer(listing.parse(inputs.read_text(path), req.day), req.day)


def _listing_fetch(req: Request) -> Answer:
    raise AssertionError("the command line requires --file for a listing capture")


READERS: dict[str, Reader] = {r.kind.name: r for r in (
    Reader(KINDS["hf"], _hf_saved, _hf_fetch, _hf_day),
    Reader(KINDS["arxiv"], _arxiv_saved, _arxiv_fetch, _arxiv_day),
    Reader(KINDS["arxiv-rss"], _rss_saved, _rss_fetch, _rss_day),
    Reader(KINDS["listing"], _listing_saved, _listing_fetch),
)}
if set(READERS) != set(KINDS) or any((r.for_day is None) == r.kind.scheduled for r in READERS.values()):
    raise AssertionError("generator/ingest/registry.py is out of step with KINDS in content/sources.py")
