"""The weekly digest: one page per ISO week (/weeks/YYYY-Www/), an index of the weeks, and
a weekly RSS and Atom feed with one item per week listing its top papers."""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from feedgen.feed import FeedGenerator

from generator import urls
from generator.clock import day_start
from generator.content.records import Day, Paper
from generator.render import feeds, jsonfeed

WEEK_ROWS = 50  # the week's top papers as rows (sorted, filtered, kept); the rest listed by title
FEED_TOP = 10  # papers listed in a week's feed item
FEED_WEEKS = 52


@dataclass(frozen=True)
class Week:
    key: str  # "2026-W24"
    first: date  # its Monday
    last: date  # its Sunday
    newest: date  # the newest digest day in it: the feed item's date
    items: tuple[tuple[date, Paper], ...]  # picks first, then by upvotes, then curated order

    @property
    def title(self) -> str:
        year, week = self.key.split("-W")
        return f"Week {int(week)} of {year}"

    @property
    def span(self) -> str:
        if self.first.month == self.last.month:
            return f"{self.first.day}–{self.last.day} {self.last:%B %Y}"
        return f"{self.first.day} {self.first:%B} – {self.last.day} {self.last:%B %Y}"


def key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks(days: Sequence[Day]) -> list[Week]:
    """Every ISO week holding a paper, newest first."""
    grouped: dict[str, list[tuple[date, Paper]]] = {}
    for day in days:
        for p in day.papers:
            grouped.setdefault(key(day.date), []).append((day.date, p))
    out = []
    for k, items in grouped.items():
        ranked = [dp for _, dp in sorted(enumerate(items), key=lambda t: (
            not t[1][1].pick, -(t[1][1].upvotes or 0), t[0]))]
        first = date.fromisocalendar(int(k[:4]), int(k[6:]), 1)
        last = date.fromisocalendar(int(k[:4]), int(k[6:]), 7)
        out.append(Week(k, first, last, max(d for d, _ in items), tuple(ranked)))
    return sorted(out, key=lambda w: w.first, reverse=True)


def item_id(week: Week) -> str:
    """Stable across builds and site moves: a name-based UUID of the week."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"paper-digest:week:{week.key}").urn


def _item_html(week: Week, site_url: str) -> str:
    """The week's top papers, one escaped paragraph each: bare <p>s, as in every feed of the
    site (no element or attribute a reader's renderer could be led astray by)."""
    rows = [f"{len(week.items)} papers, {week.span}."]
    for n, (_, p) in enumerate(week.items[:FEED_TOP], 1):
        star = "★ " if p.pick else ""
        up = f" (▲ {p.upvotes})" if p.upvotes is not None else ""
        rows.append(f"{n}. {star}{p.title}{up}: {urls.absolute(site_url, urls.paper(p.id))}")
    more = len(week.items) - FEED_TOP
    if more > 0:
        rows.append(f"And {more} more: {urls.absolute(site_url, urls.week(week.key))}")
    return "".join(f"<p>{html.escape(row, quote=True)}</p>" for row in rows)


def render_feeds(all_weeks: Sequence[Week], site_url: str, site_name: str) -> tuple[bytes, bytes]:
    """(rss, atom) of the weekly digest; dates from the content, never the clock."""
    return (feeds.serialize(_generator(all_weeks, site_url, site_name, "rss"), "rss"),
            feeds.serialize(_generator(all_weeks, site_url, site_name, "atom"), "atom"))


def render_json(all_weeks: Sequence[Week], site_url: str, site_name: str) -> bytes:
    """The weekly digest's JSON Feed: the items of its RSS and Atom feeds, same ids and times."""
    items = [jsonfeed.item(item_id=item_id(week), url=urls.absolute(site_url, urls.week(week.key)),
                           title=f"{week.title}: {len(week.items)} papers",
                           content_html=_item_html(week, site_url), published=day_start(week.newest))
             for week in list(all_weeks)[:FEED_WEEKS]]
    return jsonfeed.document(title=f"{site_name}: weekly digest",
                             description=f"The top papers of each week in {site_name}",
                             page=urls.absolute(site_url, urls.WEEKS),
                             feed_url=urls.absolute(site_url, urls.json_feed(urls.WEEKS)),
                             site_name=site_name, items=items)


def _generator(all_weeks: Sequence[Week], site_url: str, site_name: str, kind: str) -> FeedGenerator:
    page = urls.absolute(site_url, urls.WEEKS)
    text = feeds.escaper(kind)
    items = list(all_weeks)[:FEED_WEEKS]
    fg = feeds.channel(page, text(f"{site_name}: weekly digest"), text(f"The top papers of each week in {site_name}"),
                       site_name, kind, day_start(items[0].newest) if items else day_start(date(1970, 1, 1)))
    for week in items:
        fe = fg.add_entry(order="append")
        fe.id(item_id(week))
        fe.guid(item_id(week), permalink=False)
        fe.title(text(f"{week.title}: {len(week.items)} papers"))
        fe.link(href=urls.absolute(site_url, urls.week(week.key)))
        fe.summary(_item_html(week, site_url), type="html")
        fe.published(day_start(week.newest))
        fe.updated(day_start(week.newest))
    return fg
