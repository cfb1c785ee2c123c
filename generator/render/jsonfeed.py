"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) beside every RSS and Atom feed: the same
items, ids, times and HTML as those feeds, as JSON.

Deterministic: keys in a fixed order, times from the content (feeds.stamps), no clock. Text
fields (`title`, author names, tags) are plain text, as JSON Feed defines them; `content_html`
is the RSS/Atom summary, escaped the same way (feeds.summary_html)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from generator import urls
from generator.render import feeds

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"


def document(*, title: str, description: str, page: str, feed_url: str, site_name: str,
             items: Sequence[dict[str, Any]]) -> bytes:
    """A feed's bytes: UTF-8 JSON, one line per item so a diff of two days reads well."""
    head = {"version": VERSION, "title": title, "home_page_url": page, "feed_url": feed_url,
            "description": description, "language": "en", "authors": [{"name": site_name}]}
    lines = [_dumps(head)[:-1] + ',"items":[']
    lines += [_dumps(item) + ("," if n + 1 < len(items) else "")
              for n, item in enumerate(items)]
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _dumps(data: object) -> str:
    """Compact JSON (no space after "," and ":"), UTF-8 as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def item(*, item_id: str, url: str, title: str, content_html: str, published: datetime,
         authors: Sequence[str] = (), tags: Sequence[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item_id, "url": url, "title": title, "content_html": content_html,
                           "date_published": published.isoformat()}
    if authors:  # else the feed's own author (the site) speaks for the item
        out["authors"] = [{"name": name} for name in authors]
    if tags:
        out["tags"] = list(tags)
    return out


def render(spec: feeds.FeedSpec, site_url: str, site_name: str) -> bytes:
    """The JSON Feed of a paper feed (the whole digest or a topic): the items of its RSS
    and Atom feeds (feeds.render), in the same order, with the same ids and times."""
    times = feeds.stamps(spec.items, feeds.MAX_ITEMS)
    items = [item(item_id=feeds.item_id(paper), url=urls.absolute(site_url, urls.paper(paper.id)),
                  title=paper.title, content_html=feeds.summary_html(paper), published=when,
                  authors=paper.authors[:20], tags=[title for _, title in feeds.categories(spec, paper)])
             for (_day, paper), when in zip(spec.items[:feeds.MAX_ITEMS], times, strict=True)]
    return document(title=f"{site_name}: {spec.title}" if spec.path else site_name,
                    description=spec.description or spec.title,
                    page=urls.absolute(site_url, spec.path),
                    feed_url=urls.absolute(site_url, urls.json_feed(spec.path)),
                    site_name=site_name, items=items)

