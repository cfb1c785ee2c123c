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

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator import ids, inputs, text
from generator.content import dump, validate
from generator.content.load import IdRules, load
from generator.content.records import Day, Paper, RawPaper
from generator.content.save import day_path, save
from generator.content.validate import Checker
from generator.content.yamlsafe import parse
from generator.errors import ContentError, DigestError, NothingNew, UpstreamError
from generator.ingest import arxiv_api, http, titlesearch
from generator.ingest.merge import refresh

SHOWN_TITLE = 70  # characters of a title in the report
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    day: date
    paper_id: str
    title: str
    kind: str  # matched, merged, filled, ambiguous, weak, not found, no words, removed, refused, unchanged
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


# A saved answer is one page arXiv could have sent: arXiv pages at most 2,000 entries.
MAX_FILE_ENTRIES = 2000


def file_lookup(path: Path) -> Lookup:
    """A saved arXiv API answer (one Atom page) as the candidates for every paper, capped
    as a fetched answer is: no more bytes than the client reads, no more entries than a page."""
    def lookup(titles: Sequence[str], paper_ids: Sequence[str]) -> Candidates:
        data = inputs.read_bytes(path)
        if len(data) > http.MAX_BYTES:
            raise UpstreamError(f"{path}: {len(data):,} bytes, more than the {http.MAX_BYTES // 2**20} MB "
                                "an arXiv answer is read up to: refused")
        page = titlesearch.check_page(arxiv_api.parse(data), MAX_FILE_ENTRIES)
        return Candidates(page.papers, 0)
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
    pool = titlesearch.Pool(found.papers)
    outcomes = [work.decide(when, p, pool, removed) for when, p in wanted]
    return Plan(work.changed_days(), frozenset(work.gained), tuple(outcomes), len(wanted), found.requests)


Place = tuple[date, int]


class _Work:
    """The digest's days while the plan is decided, paper by paper, every id and former id
    indexed (finding a paper is a lookup, not a scan of the archive): two listing papers
    matching one arXiv id end as one record.

    Only a listing capture (a `t-` id) is ever renamed or removed, and only on agreement
    of what content/ holds, not on an answer's word alone: a paper that already has the
    arXiv id takes the listing paper in, in its own place, under its own id and title, when
    its own title and abstract agree with the listing paper's and its authors with arXiv's;
    otherwise nothing changes and the report says why."""

    def __init__(self, days: Sequence[Day]) -> None:
        self.original = {d.date: d for d in days}
        self.papers: dict[date, list[Paper | None]] = {d.date: list(d.papers) for d in days}
        self.where: dict[str, Place] = {p.id: (d.date, i) for d in days for i, p in enumerate(d.papers)}
        self.former: dict[str, str] = {old: p.id for d in days for p in d.papers for old in p.former_ids}
        self.touched: set[date] = set()
        self.gained: set[date] = set()

    def at(self, place: Place) -> Paper:
        paper = self.papers[place[0]][place[1]]
        assert paper is not None, "a place the index points at holds a paper"
        return paper

    def put(self, place: Place, paper: Paper) -> None:
        old = self.papers[place[0]][place[1]]
        if old is not None:
            del self.where[old.id]
        self.papers[place[0]][place[1]] = paper
        self.where[paper.id] = place
        self.former.update(dict.fromkeys(paper.former_ids, paper.id))
        self.touched.add(place[0])

    def drop(self, place: Place) -> None:
        del self.where[self.at(place).id]
        self.papers[place[0]][place[1]] = None
        self.touched.add(place[0])

    def changed_days(self) -> dict[date, Day]:
        out = {}
        for when in sorted(self.touched):
            papers = tuple(p for p in self.papers[when] if p is not None)
            if papers != self.original[when].papers:
                out[when] = replace(self.original[when], papers=papers)
        return out

    def decide(self, when: date, paper: Paper, pool: titlesearch.Pool, removed: set[str]) -> Outcome:
        def outcome(kind: str, detail: str) -> Outcome:
            return Outcome(when, paper.id, paper.title, kind, detail)

        here = self.where.get(paper.id)
        if here is None:  # merged into an earlier paper of this run already
            return outcome("unchanged", "already merged above")
        current = self.at(here)
        if not ids.TITLE_ID.fullmatch(paper.id):
            raw = pool.by_id.get(paper.id)
            if raw is None:
                return outcome("not found", f"{paper.id} is not in arXiv's answer")
            if titlesearch.normalise(raw.title) != titlesearch.normalise(current.title):
                theirs = text.cap(raw.title, SHOWN_TITLE)
                return outcome("refused", f"arXiv's {paper.id} has another title, {theirs!r}: left as it is")
            fresh = refresh(current, raw)
            if fresh == current:
                return outcome("unchanged", "arXiv has nothing to add")
            self.put(here, fresh)
            return outcome("filled", _filled(current, fresh))
        verdict = titlesearch.judge(current.title, current.abstract, pool)
        if verdict.match is None:
            return outcome(verdict.kind, verdict.detail)
        raw = verdict.match
        if raw.id in removed:
            return outcome("removed", f"{raw.id} is listed in content/removed.yml: left as it is")
        if raw.id in self.former:
            return outcome("refused", f"-> {raw.id}? {raw.id} is a former id of {self.former[raw.id]}: left as it is")
        other = self.where.get(raw.id)
        if other is None:
            fresh = refresh(current, raw)
            self.put(here, _take_id(fresh, raw.id, current))
            return outcome("matched", f"-> {raw.id} ({verdict.detail}; {_filled(current, fresh)})")
        existing = self.at(other)
        why = titlesearch.same_paper(current, existing) or _authors_differ(existing, raw)
        merged, dropped_note = _merge(existing, current, raw)
        if why is None and len(merged.former_ids) > validate.MAX_FORMER_IDS:
            why = f"it would hold more than {validate.MAX_FORMER_IDS} former ids"
        if why is not None:
            _log.warning("enrich: %s: arXiv's answer makes it %s, the id of the entry on %s, which is "
                         "not this paper (%s): nothing merged", paper.id, raw.id, other[0].isoformat(), why)
            return outcome("refused", f"-> {raw.id}? the entry on {other[0].isoformat()} has that id, "
                                      f"and {why}: left as it is")
        self.drop(here)  # the listing paper: its id becomes a former id of the one record
        self.put(other, merged)
        self.gained.add(other[0])
        note = "; its note did not fit beside the other: copy it by hand" if dropped_note else ""
        return outcome("merged", f"-> {raw.id} ({verdict.detail}), merged into the entry on "
                                 f"{other[0].isoformat()}{note}")


def _authors_differ(existing: Paper, raw: RawPaper) -> str | None:
    """The entry's own authors must share a name with arXiv's (when both list authors): an
    answer that copies a listing paper's title and abstract onto a real paper's id fails here."""
    ours = {titlesearch.normalise(a) for a in existing.authors}
    theirs = {titlesearch.normalise(a) for a in raw.authors}
    if ours and theirs and not ours & theirs:
        return "no author of it is among arXiv's"
    return None


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
    """One record from two, in the place of `first` (the entry that had the arXiv id): its
    fields, filled in from `second` (the listing paper), then from arXiv, as ingest fills a
    paper in (an AI summary taken from second stays marked stale if it was). Curator fields
    of both are kept: topics joined, picked if either was, first's tldr or else second's,
    notes side by side when they fit. Former ids: first's oldest first, so its feed item
    keeps its id when it had one. True when second's note was left out."""
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


def check_ids(content: Path, days: Sequence[Day], changed: Mapping[date, Day], removed: set[str]) -> None:
    """The days enrich would write, read back from their text and checked against the days
    it leaves alone by load's digest-wide id rules (one entry per paper, a former id held by
    no other paper): `save` checks each file on its own, these rules span files. A plan that
    breaks them (a bug) raises ContentError and nothing is written."""
    rules = IdRules(removed)
    for d in days:
        if d.date not in changed:
            shown = str(day_path(content, d))
            for p in d.papers:
                rules.known(p, shown)
    problems = []
    for when in sorted(changed):
        path = str(day_path(content, changed[when]))
        read = validate.day_file(Checker(path), parse(dump.day_yaml(changed[when])), when)
        checker = Checker(path)
        for i, (p, line, _) in enumerate(read[1] if read else ()):
            rules.check(checker, f"papers[{i}]", line, p)
        problems += checker.problems
    if problems:
        raise ContentError(problems)


def enrich(content: Path, *, day: date | None = None, lookup: Lookup | None = None) -> Report:
    """Look up, decide, write the changed days; NothingNew (exit 4) when nothing changed."""
    digest = load(content)  # refuse to work on content that is already broken
    if day is not None and day not in {d.date for d in digest.days}:
        raise DigestError(f"enrich: no day {day.isoformat()} in {content}/days")
    removed = {r.id for r in digest.removed}
    result = plan(digest.days, removed, lookup or arxiv_lookup(), on=day)
    check_ids(content, digest.days, result.days, removed)
    # A day that gained a record before a day that lost one: a crash in between leaves a
    # duplicate that validate names, never a lost paper.
    written = save(content, days=result.days.values(), first=frozenset(result.gained))
    report = Report(result, written)
    if not written:
        raise NothingNew(report.summary() + "\nnothing new: content/ is unchanged")
    return report
