"""`enrich`: find on arXiv the papers that came without an arXiv id, authors or a date.

A listing capture gives `t-…` papers with a title and an abstract only. Each is looked up
by title (generator/ingest/titlesearch.py); a confident match gives it its arXiv id,
authors, date and links, and nothing a curator wrote is overwritten (the fill-in rules of
ingest's merge). A paper that takes an arXiv id keeps its old id in `former_ids`: its old
page redirects, its feed item keeps its id. A paper with an arXiv id but no authors or
date is looked up by id. Everything is decided in memory; content/ is written only when
every request answered, so a fault changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator import ids, inputs, text
from generator.content.load import load
from generator.content.records import Day, Paper, RawPaper
from generator.content.save import save
from generator.errors import DigestError, NothingNew
from generator.ingest import arxiv_api, http, titlesearch
from generator.ingest.merge import refresh

SHOWN_TITLE = 70  # characters of a title in the report


@dataclass(frozen=True)
class Outcome:
    day: date
    paper_id: str
    title: str
    kind: str  # matched, merged, filled, ambiguous, weak, not found, no words, removed, unchanged
    detail: str

    def line(self) -> str:
        title = text.cap(self.title, SHOWN_TITLE)
        return f"  {self.kind}: {self.day.isoformat()} {self.paper_id} {title!r}: {self.detail}"



@dataclass(frozen=True)
class Candidates:
    """What arXiv answered: the pool every paper is judged against, and the cost."""

    papers: tuple[RawPaper, ...]
    requests: int


# (titles to search, arXiv ids to look up) -> candidates; raises UpstreamError on a fault.
Lookup = Callable[[Sequence[str], Sequence[str]], Candidates]


def arxiv_lookup(base_url: str = arxiv_api.BASE_URL, *, delay: float = arxiv_api.DELAY,
                 sleep: Callable[[float], object] = time.sleep, agent: str = http.USER_AGENT) -> Lookup:
    """The live lookup: batched title searches, then ids, one request every `delay` s."""
    def lookup(titles: Sequence[str], paper_ids: Sequence[str]) -> Candidates:
        found = titlesearch.search_titles(titles, base_url=base_url, delay=delay, sleep=sleep, agent=agent)
        if found.requests and paper_ids:
            sleep(delay)
        by_id = titlesearch.lookup_ids(paper_ids, base_url=base_url, delay=delay, sleep=sleep, agent=agent)
        return Candidates(found.candidates + by_id.candidates, found.requests + by_id.requests)
    return lookup


def file_lookup(path: Path) -> Lookup:
    """A saved arXiv API answer (one Atom page) as the candidates for every paper."""
    def lookup(titles: Sequence[str], paper_ids: Sequence[str]) -> Candidates:
        return Candidates(arxiv_api.parse(inputs.read_bytes(path)).papers, 0)
    return lookup


def needs_lookup(p: Paper) -> bool:
    return bool(ids.TITLE_ID.fullmatch(p.id)) or not p.authors or p.published is None


@dataclass(frozen=True)
class Plan:
    days: dict[date, Day]  # every day that changed, in full
    gained: frozenset[date]  # days where a merge put the one record of two papers
    outcomes: tuple[Outcome, ...]
    looked_up: int
    requests: int


def plan(days: Sequence[Day], removed: set[str], lookup: Lookup, *,
         on: date | None = None, only: set[str] | None = None) -> Plan:
    """Look up the papers that need it (of day `on`, or with ids in `only`) and decide.
    Raises UpstreamError before deciding anything when a request fails."""
    wanted = [(d.date, p) for d in days if on is None or d.date == on for p in d.papers
              if needs_lookup(p) and (only is None or p.id in only)]
    if not wanted:
        return Plan({}, frozenset(), (), 0, 0)
    titles = [p.title for _, p in wanted if ids.TITLE_ID.fullmatch(p.id)]
    known = [p.id for _, p in wanted if not ids.TITLE_ID.fullmatch(p.id)]
    found = lookup(titles, known)
    work = _Work(days)
    outcomes = [work.decide(when, p, found.papers, removed) for when, p in wanted]
    return Plan(work.changed_days(), frozenset(work.gained), tuple(outcomes), len(wanted), found.requests)


class _Work:
    """The digest's days as mutable lists while the plan is decided, paper by paper:
    two listing papers matching one arXiv id end as one record."""

    def __init__(self, days: Sequence[Day]) -> None:
        self.original = {d.date: d for d in days}
        self.papers = {d.date: list(d.papers) for d in days}
        self.gained: set[date] = set()

    def locate(self, paper_id: str) -> tuple[date, int] | None:
        for when, papers in self.papers.items():
            for i, p in enumerate(papers):
                if p.id == paper_id:
                    return when, i
        return None

    def changed_days(self) -> dict[date, Day]:
        return {when: replace(self.original[when], papers=tuple(papers))
                for when, papers in self.papers.items() if tuple(papers) != self.original[when].papers}

    def decide(self, when: date, paper: Paper, candidates: Sequence[RawPaper], removed: set[str]) -> Outcome:
        def outcome(kind: str, detail: str) -> Outcome:
            return Outcome(when, paper.id, paper.title, kind, detail)

        here = self.locate(paper.id)
        if here is None:  # merged into an earlier paper of this run already
            return outcome("unchanged", "already merged above")
        current = self.papers[here[0]][here[1]]
        if not ids.TITLE_ID.fullmatch(paper.id):
            raw = next((c for c in candidates if c.id == paper.id), None)
            if raw is None:
                return outcome("not found", f"{paper.id} is not in arXiv's answer")
            fresh = refresh(current, raw)
            if fresh == current:
                return outcome("unchanged", "arXiv has nothing to add")
            self.papers[here[0]][here[1]] = fresh
            return outcome("filled", _filled(current, fresh))
        verdict = titlesearch.judge(current.title, current.abstract, candidates)
        if verdict.match is None:
            return outcome(verdict.kind, verdict.detail)
        raw = verdict.match
        if raw.id in removed:
            return outcome("removed", f"{raw.id} is listed in content/removed.yml: left as it is")
        other = self.locate(raw.id)
        if other is None:
            fresh = refresh(current, raw)
            self.papers[here[0]][here[1]] = _take_id(fresh, raw.id, current)
            return outcome("matched", f"-> {raw.id} ({verdict.detail}; {_filled(current, fresh)})")
        existing = self.papers[other[0]][other[1]]
        # The one record continues one feed item, whose id it must keep: ours (its oldest
        # id first), unless the entry already there was a listing paper too and comes first.
        if existing.former_ids and other < here:
            keep, drop, merged, dropped_note = other, here, *_merge(existing, current, raw)
        else:
            keep, drop, merged, dropped_note = here, other, *_merge(current, existing, raw)
        self.papers[keep[0]][keep[1]] = merged
        del self.papers[drop[0]][drop[1]]
        self.gained.add(keep[0])
        note = "; its note did not fit beside this one: copy it by hand" if dropped_note else ""
        return outcome("merged", f"-> {raw.id} ({verdict.detail}), merged with the entry on "
                                 f"{other[0].isoformat()}{note}")


def _take_id(paper: Paper, new_id: str, old: Paper) -> Paper:
    former = tuple(dict.fromkeys((*old.former_ids, old.id)))
    return replace(paper, id=new_id, former_ids=tuple(i for i in former if i != new_id))


def _as_raw(p: Paper) -> RawPaper:
    """Every field a source may give, so `refresh` fills from it as from that source: the
    Hugging Face summary, keywords and organization of an HF record included."""
    return RawPaper(id=p.id, title=p.title, authors=p.authors, abstract=p.abstract, published=p.published,
                    links=p.links, source=p.source, upvotes=p.upvotes, stars=p.stars,
                    organization=p.organization, ai_summary=p.ai_summary, ai_summary_model=p.ai_summary_model,
                    ai_keywords=p.ai_keywords)


def _merge(first: Paper, second: Paper, raw: RawPaper) -> tuple[Paper, bool]:
    """One record from two, in the place of `first`: its fields, filled in from `second`,
    then from arXiv, as ingest fills a paper in (an AI summary taken from second stays
    marked stale if it was). Curator fields of both are kept: topics joined, picked if
    either was, first's tldr or else second's, notes side by side when they fit. Former ids:
    first's oldest first, so its feed item keeps its id. True when second's note was left out."""
    filled = refresh(first, _as_raw(second))
    if filled.ai_summary != first.ai_summary:  # second's summary, with its own staleness
        filled = replace(filled, ai_summary_stale=second.ai_summary_stale)
    filled = refresh(filled, raw)
    joined = "\n\n".join(n for n in dict.fromkeys((first.note, second.note)) if n)
    fits = len(joined) <= text.MAX_NOTE
    former = (*first.former_ids, first.id, *second.former_ids, second.id)
    return replace(filled, id=raw.id, former_ids=tuple(i for i in dict.fromkeys(former) if i != raw.id),
                   topics=tuple(dict.fromkeys((*first.topics, *second.topics))), tldr=first.tldr or second.tldr,
                   note=joined if fits else first.note, pick=first.pick or second.pick), not fits


def _filled(old: Paper, new: Paper) -> str:
    names = [name for name, a, b in (("authors", old.authors, new.authors),
                                     ("published", old.published, new.published),
                                     ("links", old.links, new.links), ("abstract", old.abstract, new.abstract))
             if a != b]
    return "filled " + ", ".join(names) if names else "nothing to fill"


@dataclass(frozen=True)
class Report:
    plan: Plan
    written: tuple[Path, ...]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for o in self.plan.outcomes:
            counts[o.kind] = counts.get(o.kind, 0) + 1
        shown = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        head = (f"enrich: {self.plan.looked_up} looked up in {self.plan.requests} request(s)"
                + (f": {shown}" if shown else ""))
        lines = [head, *(o.line() for o in self.plan.outcomes)]
        lines += [f"  wrote {p}" for p in self.written]
        return "\n".join(lines)


def enrich(content: Path, *, day: date | None = None, lookup: Lookup | None = None) -> Report:
    """Look up, decide, write the changed days; NothingNew (exit 4) when nothing changed."""
    digest = load(content)  # refuse to work on content that is already broken
    if day is not None and day not in {d.date for d in digest.days}:
        raise DigestError(f"enrich: no day {day.isoformat()} in {content}/days")
    result = plan(digest.days, {r.id for r in digest.removed}, lookup or arxiv_lookup(), on=day)
    # A day that gained a record before a day that lost one: a crash in between leaves a
    # duplicate that validate names, never a lost paper.
    written = save(content, days=result.days.values(), first=frozenset(result.gained))
    report = Report(result, written)
    if not written:
        raise NothingNew(report.summary() + "\nnothing new: content/ is unchanged")
    return report
