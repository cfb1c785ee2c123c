"""Every generated page and feed of the site: rendered once, in memory, but for the pages
that exist once per day, week or paper, which are rendered as assembly writes them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from markupsafe import Markup

from generator import ids, urls
from generator.content.records import Day, Digest, Paper, Topic, newest_from
from generator.render import bibtex, feeds, follow, followed, fragments, jsonfeed, opendata, redirects, related, weeks
from generator.render.html import make_env

TOPIC_RECENT = 50  # newest papers shown on a topic page; older ones go to yearly pages
RECENT_DAYS = 14


@dataclass(frozen=True)
class PaperItem:
    """A paper with its day and topics: what its page is rendered from."""

    day: date
    paper: Paper
    tags: tuple[str, ...]
    bib: str  # its BibTeX entry, made once for its page and the .bib files that list it
    related: tuple[related.Related, ...] = ()  # the most similar papers, listed on its page

    @property
    def slug(self) -> str:
        return ids.slug(self.paper.id)


@dataclass(frozen=True)
class Page:
    """A page the theme dresses: our body HTML, and its title as plain text (escaped where
    it is written)."""

    src_uri: str
    title: str
    body: str
    feeds_path: str | None = None  # topic pages advertise their own feeds too
    changed: date | None = None  # the newest day it shows, for the sitemap; None: the site's


@dataclass(frozen=True)
class SectionPage:
    """A page of a section (a day, a week): its address, title and date now (for the stubs
    and the sitemap), its body only when assembly writes it (`render`), so that a section's
    bodies are never all held at once: at 25,000 papers the day and week pages' bodies were
    220 MB of the build's 650 MB, at 100,000 four times that."""

    src_uri: str
    title: str
    changed: date
    render: Callable[[], str]  # the body HTML


@dataclass
class Site:
    pages: dict[str, Page] = field(default_factory=dict)
    papers: list[PaperItem] = field(default_factory=list)  # rendered as they are written
    topic_titles: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # feeds and OPML, by site path
    # Pages of one kind by section ("days", "weeks") and slug: each section's pages are
    # filled into one themed shell, like the paper pages, rather than each themed by the
    # engine; at 25,000 papers that is 1,300 day and 180 week pages.
    sections: dict[str, dict[str, SectionPage]] = field(default_factory=dict)
    updated: date | None = None  # the newest day: what "last updated" means, from the content



def build(digest: Digest, *, site_url: str, site_name: str, papers: bool = True) -> Site:
    """Every page body and feed; the day, week and paper pages as what they are rendered
    from (assembly renders and writes them, on every core: site/assemble.py)."""
    env = make_env()
    # The freshness line of every page: the newest day of the content, never the clock.
    updated = digest.days[-1].date if digest.days else None
    site = Site(updated=updated)
    tags = digest.paper_topics
    titles = {t.slug: t.title for t in digest.topics}
    common = {"tags": tags, "topic_titles": titles, "updated": updated}

    def page(address: str, title: str, template: str, *, feeds_path: str | None = None,
             changed: date | None = None, **context: object) -> Page:
        body = env.get_template(template).render(root=urls.root(address), **common, **context)
        return Page(urls.source(address), title, body, feeds_path, changed)

    def add(address: str, title: str, template: str, **context: Any) -> None:
        site.pages[urls.source(address)] = page(address, title, template, **context)

    days = digest.days
    by_topic: dict[str, list[tuple[date, Paper]]] = defaultdict(list)
    all_items: list[tuple[date, Paper]] = []
    for day in reversed(days):
        for p in day.papers:
            all_items.append((day.date, p))
            for slug in tags.get(p.id, ()):
                by_topic[slug].append((day.date, p))

    def cards(day: date, papers: Iterable[Paper], root: str, **kw: Any) -> list[Markup]:
        return [fragments.card(p, tags.get(p.id, ()), titles, root, day, **kw) for p in papers]

    latest = next((d for d in reversed(days) if d.papers), None)
    home_cards = cards(latest.date, latest.papers, "", heading="h3") if latest else []
    add(urls.HOME, "Home", "home.html", latest=latest, site_name=site_name, cards=home_cards,
        recent=list(reversed(days))[:RECENT_DAYS],
        topics=[(t, len(by_topic[t.slug])) for t in digest.topics])
    for topic in digest.topics:
        _topic_pages(add, topic, by_topic[topic.slug], tags, titles)
    add(urls.TOPICS, "Topics", "topics.html",
        topics=[(t, len(by_topic[t.slug])) for t in digest.topics])
    add(urls.ARCHIVE, "Archive", "archive.html", months=_archive(days),
        total_papers=len(all_items), total_days=len(days))

    names = follow.by_name(all_items)
    shards, follow_files = follow.index(all_items, names)
    site.files.update(follow_files)
    entities = followed.followed(digest.follows, names)
    del names
    add(urls.SEARCH, "Search", "search.html", searchable=bool(all_items), topics=digest.topics, shards=shards,
        years=sorted({d.year for d, _ in all_items}, reverse=True))  # no papers, no index (site/search.py)
    add(urls.READING_LIST, "Reading list", "reading_list.html")
    add(urls.FOLLOWING, "Following", "following.html", shards=shards, entities=entities)
    followed.add_pages(add, entities)
    all_weeks = weeks.weeks(days)
    site.sections["weeks"] = _week_pages(page, all_weeks, tags, titles)
    add(urls.WEEKS, "Weeks", "weeks.html", weeks=all_weeks)
    rss, atom = weeks.render_feeds(all_weeks, site_url, site_name)
    site.files[urls.rss(urls.WEEKS)] = rss
    site.files[urls.atom(urls.WEEKS)] = atom
    site.files[urls.json_feed(urls.WEEKS)] = weeks.render_json(all_weeks, site_url, site_name)
    entries = {p.id: bibtex.entry(p) for _, p in all_items}
    _bib_files(site, days, by_topic, entries)
    add(urls.STATUS, "Status", "status.html", sources=digest.status, rows=_status_rows(digest))

    specs = [feeds.FeedSpec("Every paper", f"New papers in {site_name}", urls.HOME, all_items, tags, titles)]
    specs += [feeds.FeedSpec(t.title, t.description or f"Papers about {t.title}",
                             urls.topic(t.slug), by_topic[t.slug], tags, titles) for t in digest.topics]
    specs += followed.feed_specs(entities, site_name, tags, titles)
    for spec in specs:
        rss, atom = feeds.render(spec, site_url, site_name)
        site.files[urls.rss(spec.path)] = rss
        site.files[urls.atom(spec.path)] = atom
        site.files[urls.json_feed(spec.path)] = jsonfeed.render(spec, site_url, site_name)
    site.files[urls.OPML] = feeds.opml(site_url, site_name, specs, extra=(("weekly digest", urls.WEEKS),))
    site.files.update(opendata.files(days, digest.topics, tags, site_url))
    site.files.update(redirects.pages(days, site_url))  # old /papers/t-…/ addresses after enrich
    site.sections["days"] = _day_pages(page, days, tags=tags, titles=titles)

    if papers:
        # On the core the pages render on, while Pagefind indexes on the other (README).
        similar = related.related([related.Doc(p.id, p.title, related.doc_text(p.title, p.abstract, p.ai_keywords),
                                               tags.get(p.id, ())) for _, p in all_items])
        site.papers = [PaperItem(day, p, tags.get(p.id, ()), entries[p.id], similar[p.id])
                       for day, p in all_items]
        site.topic_titles = titles
    return site


def _day_pages(page: Callable[..., Page], days: tuple[Day, ...], *, tags: dict[str, tuple[str, ...]],
               titles: dict[str, str]) -> dict[str, SectionPage]:
    """/days/YYYY-MM-DD/, by date. Days older than the newest 30 (records.newest_from) link their cards'
    abstracts to the papers' pages (fragments.LAZY_ABSTRACT): at 100,000 papers the inline
    abstracts were ~1,550 of a day page's ~3,490 bytes a paper, each already on its paper's
    page; digest.js fetches one from there when a reader opens it."""
    return {day.date.isoformat(): SectionPage(urls.source(urls.day(day.date)), f"Papers of {day.date.isoformat()}",
                                              day.date, partial(_day_body, page, days, i, tags, titles))
            for i, day in enumerate(days)}


def _day_body(page: Callable[..., Page], days: tuple[Day, ...], i: int, tags: dict[str, tuple[str, ...]],
              titles: dict[str, str]) -> str:
    day = days[i]
    address = urls.day(day.date)
    lazy = i < newest_from(days)
    cards = [fragments.card(p, tags.get(p.id, ()), titles, urls.root(address), day.date, coins=True, lazy=lazy)
             for p in day.papers]
    return page(address, "", "day.html", day=day, cards=cards, prev=days[i - 1].date if i > 0 else None,
                next=days[i + 1].date if i + 1 < len(days) else None).body


def _topic_pages(add: Callable[..., None], topic: Topic, items: list[tuple[date, Paper]],
                 tags: dict[str, tuple[str, ...]], titles: dict[str, str]) -> None:
    """The newest papers as rows on the topic page (title, authors, day, topics: the abstract
    is on their day and paper pages); older ones in compact yearly lists, so a topic with
    thousands of papers stays a page a phone can open."""
    recent, older = items[:TOPIC_RECENT], items[TOPIC_RECENT:]
    years: dict[int, list[tuple[date, Paper]]] = defaultdict(list)
    for day, p in older:
        years[day.year].append((day, p))
    address = urls.topic(topic.slug)
    root = urls.root(address)
    months = [(m, [fragments.row(p, tags.get(p.id, ()), titles, root, d) for d, p in group])
              for m, group in _by_month(recent)]
    add(address, topic.title, "topic.html", feeds_path=address, topic=topic, total=len(items), shown=len(recent),
        months=months, older=[(y, len(v)) for y, v in sorted(years.items(), reverse=True)])
    for year, year_items in years.items():
        year_address = urls.topic_year(topic.slug, year)
        year_months = [(m, fragments.list_items(group, urls.root(year_address))) for m, group in _by_month(year_items)]
        add(year_address, f"{topic.title}: {year}", "topic_year.html",
            topic=topic, year=year, months=year_months)


def _week_pages(page: Callable[..., Page], all_weeks: list[weeks.Week], tags: dict[str, tuple[str, ...]],
                titles: dict[str, str]) -> dict[str, SectionPage]:
    """/weeks/YYYY-Www/, by week key (newest first in `all_weeks`): the week's ranking, its
    top papers one row each (the abstract is on their day and paper pages), the rest by title."""
    return {week.key: SectionPage(urls.source(urls.week(week.key)), f"{week.title}: {week.span}", week.newest,
                                  partial(_week_body, page, all_weeks, i, tags, titles))
            for i, week in enumerate(all_weeks)}


def _week_body(page: Callable[..., Page], all_weeks: list[weeks.Week], i: int, tags: dict[str, tuple[str, ...]],
               titles: dict[str, str]) -> str:
    week = all_weeks[i]
    root = urls.root(urls.week(week.key))
    top, rest = week.items[:weeks.WEEK_ROWS], list(week.items[weeks.WEEK_ROWS:])
    rows = [fragments.row(p, tags.get(p.id, ()), titles, root, d) for d, p in top]
    return page(urls.week(week.key), "", "week.html", week=week, rows=rows,
                prev=all_weeks[i + 1].key if i + 1 < len(all_weeks) else None,
                next=all_weeks[i - 1].key if i > 0 else None,
                rest=fragments.list_items(rest, root) if rest else "").body


def _bib_files(site: Site, days: tuple[Day, ...], by_topic: dict[str, list[tuple[date, Paper]]],
               entries: dict[str, str]) -> None:
    """One BibTeX file per day page and per topic page, of the papers it shows: bulk citation."""

    def bib(papers: Iterable[Paper]) -> bytes:
        return ("\n\n".join(entries[p.id] for p in papers) + "\n").encode("utf-8")

    for day in days:
        if day.papers:
            site.files[urls.day_bib(day.date)] = bib(day.papers)
    for slug, items in by_topic.items():
        if items:  # the papers the topic page shows (its newest); older years have their pages
            site.files[urls.topic_bib(slug)] = bib(p for _, p in items[:TOPIC_RECENT])


def _by_month(items: Iterable[tuple[date, Paper]]) -> list[tuple[str, list[tuple[date, Paper]]]]:
    months: dict[str, list[tuple[date, Paper]]] = {}
    for day, p in items:
        months.setdefault(day.isoformat()[:7], []).append((day, p))
    return list(months.items())


@dataclass(frozen=True)
class _DayCount:
    date: date
    papers: int
    empty: bool


def _archive(days: tuple[Day, ...]) -> list[tuple[str, list[_DayCount]]]:
    months: dict[str, list[_DayCount]] = {}
    for d in reversed(days):
        months.setdefault(f"{d.date:%Y-%m}", []).append(_DayCount(d.date, len(d.papers), d.upstream_empty))
    return list(months.items())


@dataclass(frozen=True)
class _StatusRow:
    date: date
    papers: int
    per_source: tuple[str, ...]  # what each source returned that day: a count, "held" or "–"
    remark: str
    has_page: bool
    without_arxiv: int = 0  # papers still without an arXiv id: `enrich` may find them


def _status_rows(digest: Digest, span: int = 30) -> list[_StatusRow]:
    """Up to 30 days, from the first day the daily job recorded (never weeks of "not ingested"
    before it; a digest only ever ingested by hand: its first day file) to the newest one:
    content decides, not the clock."""
    recorded = [day for s in digest.status for day, _ in (*s.recent, *s.held)]
    known = [d.date for d in digest.days] + recorded
    if not known:
        return []
    end = max(known)
    start = max(min(recorded or known), end - timedelta(days=span - 1))
    days = {d.date: d for d in digest.days}
    counts = [(dict(s.recent), dict(s.held)) for s in digest.status]
    rows = []
    for offset in range((end - start).days + 1):
        when = end - timedelta(days=offset)
        day = days.get(when)
        per = tuple("held" if when in held else str(n[when]) if when in n else "–" for n, held in counts)
        if day is not None and day.upstream_empty:
            remark = "nothing published upstream"
        elif any(when in held for _, held in counts):
            remark = "held back: see Sources"
        elif day is None and when.weekday() >= 5:
            remark = "weekend"
        elif day is None:
            remark = "no papers" if any(when in n for n, _ in counts) else "not ingested"
        else:
            remark = ""
        missing = sum(1 for p in day.papers if ids.TITLE_ID.fullmatch(p.id)) if day else 0
        rows.append(_StatusRow(when, len(day.papers) if day else 0, per, remark, day is not None, missing))
    return rows
