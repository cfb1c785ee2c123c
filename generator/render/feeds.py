"""RSS 2.0, Atom and OPML: feedgen behind one small function, ids that never change."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from feedgen.feed import FeedGenerator

from generator import ids, urls
from generator.clock import day_start
from generator.content.records import Paper
from generator.render.fragments import summary_of

MAX_ITEMS = 100


@dataclass(frozen=True)
class FeedSpec:
    title: str
    description: str
    path: str  # the feed folder: urls.HOME or urls.topic(slug) (urls.rss, urls.atom)
    items: Sequence[tuple[date, Paper]]  # newest first
    topics: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # paper id -> topic slugs
    titles: Mapping[str, str] = field(default_factory=dict)  # topic slug -> title


def categories(spec: FeedSpec, paper: Paper) -> list[tuple[str, str]]:
    """A paper's topics as (slug, title), in its own order: RSS/Atom categories, JSON Feed tags."""
    return [(slug, spec.titles.get(slug, slug)) for slug in spec.topics.get(paper.id, ())]


def item_id(paper: Paper) -> str:
    """Stable across builds, sites and site moves: the arXiv URL, or a name-based UUID.
    A paper that `enrich` gave a new id keeps the item id of its oldest one, the id it was
    first published with: subscribers see no second item."""
    first = paper.former_ids[0] if paper.former_ids else paper.id
    if ids.split_version(first):
        return f"https://arxiv.org/abs/{first}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"paper-digest:{first}").urn


def summary_html(paper: Paper) -> str:
    """Feed readers treat descriptions as HTML: escape the text first, then mark it up."""
    parts = []
    if paper.authors:
        more = "…" if len(paper.authors) > 20 else ""
        parts.append(", ".join(paper.authors[:20]) + more)
    summary = summary_of(paper)
    if summary:
        parts.append(f"TL;DR ({summary[0]}): {summary[1]}")
    if paper.note:
        parts.append("Curator's note: " + paper.note)
    parts += paper.abstract.split("\n\n") if paper.abstract else [paper.title]
    return "".join(f"<p>{html.escape(part, quote=True)}</p>" for part in parts)


def stamps(items: Sequence[tuple[date, Paper]], limit: int | None = None) -> list[datetime]:
    """One distinct time per item, derived from the content alone (never the clock); the
    first `limit` of them (a feed's cut) when given.

    A digest day has a date, not a time, yet Atom readers and the W3C validator expect
    entries to differ in `updated`: the papers of one day are staggered by a second each
    after that day's midnight, the first listed latest, so a reader sorting by date keeps
    the digest's order. A day holds far fewer than 86,400 papers, so a day never runs into
    the next. Staggered over every item of a day, so that cutting the feed never changes
    the time of an item that stays in it.
    """
    per_day: dict[date, int] = {}
    for day, _ in items:
        per_day[day] = per_day.get(day, 0) + 1
    seen: dict[date, int] = {}
    starts: dict[date, datetime] = {}
    out = []
    for day, _ in items[:limit]:
        position = seen.get(day, 0)
        seen[day] = position + 1
        if day not in starts:
            starts[day] = day_start(day)
        out.append(starts[day] + timedelta(seconds=min(per_day[day] - 1 - position, 86_399)))
    return out


def escaper(kind: str) -> Callable[[str], str]:
    """Many RSS readers render titles and descriptions as HTML: escape the text there."""
    return (lambda s: s) if kind == "atom" else (lambda s: html.escape(s, quote=False))


def channel(page: str, title: str, description: str, site_name: str, kind: str,
            updated: datetime) -> FeedGenerator:
    """A feed's channel, the same for every feed of the site: `page` is its site page,
    `title` and `description` already escaped for `kind`, `updated` from the content."""
    fg = FeedGenerator()
    fg.id(page)
    fg.title(title)
    fg.description(description)
    fg.subtitle(description)
    fg.language("en")
    fg.generator("Paper Digest")
    # RFC 4287 4.1.1: a feed whose entries do not all name an author names one itself.
    # Papers from the listing capture have no authors, weeks none: the site speaks for them.
    fg.author(name=site_name)
    # RSS takes the last link() as the channel link: self first, the site page last.
    fg.link(href=urls.rss(page) if kind == "rss" else urls.atom(page), rel="self")
    fg.link(href=page, rel="alternate")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    return fg


def serialize(fg: FeedGenerator, kind: str) -> bytes:
    """A feed's bytes ("rss" or "atom"): compact, one item (entry) a line, so that a diff of
    two days still reads well. Pretty printing's indentation was 5% of every feed's bytes;
    a feed holds MAX_ITEMS items however large the archive, ~20 MB for the 31 feeds of the
    benchmark's digest in three formats: 200 bytes a paper at 100,000. Text never holds a
    raw "<" (XML escapes it), so every "<item>" and "<entry>" is a tag."""
    data: bytes
    if kind == "rss":
        data = fg.rss_str(pretty=False).replace(b"<item>", b"\n<item>").replace(b"</channel>", b"\n</channel>")
    else:
        data = fg.atom_str(pretty=False).replace(b"<entry>", b"\n<entry>").replace(b"</feed>", b"\n</feed>")
    return data + b"\n"


def render(spec: FeedSpec, site_url: str, site_name: str) -> tuple[bytes, bytes]:
    """(rss, atom) bytes; dates come from the content, never from the clock."""
    times = stamps(spec.items, MAX_ITEMS)
    return (serialize(_generator(spec, times, site_url, site_name, "rss"), "rss"),
            serialize(_generator(spec, times, site_url, site_name, "atom"), "atom"))


def _generator(spec: FeedSpec, times: list[datetime], site_url: str, site_name: str,
               kind: str) -> FeedGenerator:
    items = spec.items[:MAX_ITEMS]
    page = urls.absolute(site_url, spec.path)
    text = escaper(kind)
    # A feed whose newest day was empty still lists the papers before it: the date is
    # that of its newest item, never the clock.
    fg = channel(page, text(f"{site_name}: {spec.title}" if spec.path else site_name),
                 text(spec.description or spec.title), site_name, kind,
                 max(times) if times else day_start(date(1970, 1, 1)))
    for (_day, paper), when in zip(items, times, strict=True):
        fe = fg.add_entry(order="append")
        fe.id(item_id(paper))
        fe.guid(item_id(paper), permalink=False)
        fe.title(text(paper.title))
        fe.link(href=urls.absolute(site_url, urls.paper(paper.id)))
        for name in paper.authors[:20]:
            fe.author(name=name)
        for slug, title in categories(spec, paper):
            # RSS shows the label (the topic's title, escaped like every RSS text), Atom
            # keeps the slug as its term; both name the site's topics as the scheme.
            fe.category(term=slug, label=text(title), scheme=urls.absolute(site_url, urls.TOPICS))
        fe.summary(summary_html(paper), type="html")
        fe.published(when)
        fe.updated(when)
    return fg


def opml(site_url: str, site_name: str, feeds: Sequence[FeedSpec],
         extra: Sequence[tuple[str, str]] = ()) -> bytes:
    """`extra`: (title, path) of other feeds at <path>feed.xml, e.g. the weekly digest."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{escape(site_name)} feeds</title></head>", "  <body>"]
    for spec in feeds:
        # OPML readers, like RSS readers, often show `text` as HTML: escape the text there.
        title = html.escape(f"{site_name}: {spec.title}" if spec.path else site_name, quote=False)
        lines.append(f"    <outline type=\"rss\" text={quoteattr(title)} title={quoteattr(title)} "
                     f"xmlUrl={quoteattr(urls.absolute(site_url, urls.rss(spec.path)))} "
                     f"htmlUrl={quoteattr(urls.absolute(site_url, spec.path))}/>")
    for name, path in extra:
        title = html.escape(f"{site_name}: {name}", quote=False)
        lines.append(f"    <outline type=\"rss\" text={quoteattr(title)} title={quoteattr(title)} "
                     f"xmlUrl={quoteattr(urls.absolute(site_url, urls.rss(path)))} "
                     f"htmlUrl={quoteattr(urls.absolute(site_url, path))}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")
