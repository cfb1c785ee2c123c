"""Pages that keep a paper's old address working after `enrich` gave it an arXiv id.

`/papers/t-…/` was published (feeds, bookmarks, search engines link to it): it becomes a
small static page that sends the reader to the paper's new page. GitHub Pages has no
server-side redirects, so this is a meta refresh, with a canonical link for search
engines and a visible link for readers whose browser does not follow the refresh. The
sitemap lists only the new page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from generator import urls
from generator.content.records import Day

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
<title>Moved: {title}</title>
</head>
<body>
<main><article class="md-content__inner md-typeset">
<h1>{title}</h1>
<p>This paper's page has moved to <a href="{target}">{target_text}</a>.</p>
</article></main>
</body>
</html>
"""


def path(old_id: str) -> str:
    return urls.file(urls.paper(old_id))


def page(old_id: str, new_id: str, title: str, site_url: str) -> str:
    """One redirect page. Every value is escaped; the ids are checked by the loader."""
    target = urls.relative(urls.paper(old_id), urls.paper(new_id))
    canonical = urls.absolute(site_url, urls.paper(new_id)) if site_url else \
        urls.root(urls.paper(old_id)) + urls.paper(new_id)
    # Verified where it is written (site/assemble.py), like every page of the site.
    return TEMPLATE.format(target=html.escape(target, quote=True), canonical=html.escape(canonical, quote=True),
                           title=html.escape(title, quote=True), target_text=html.escape(canonical, quote=True))


def pages(days: Iterable[Day], site_url: str) -> dict[str, bytes]:
    """Site path -> redirect page, for every former id of every paper."""
    out: dict[str, bytes] = {}
    for day in days:
        for p in day.papers:
            for old in p.former_ids:
                out[path(old)] = page(old, p.id, p.title, site_url).encode("utf-8")
    return out
