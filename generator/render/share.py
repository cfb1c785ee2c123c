"""Share previews and structured data for a page's head: OpenGraph and Twitter card tags on
every page, schema.org ScholarlyArticle JSON-LD on paper pages.

Every value is plain text escaped here, as every other head field: attribute values by
fragments.esc, JSON-LD by `json_ld`, which leaves no `<`, `>` or `&` (so no `</script>` or
`<!--` can close or bend the script element) and no U+2028/U+2029 (line terminators to older
JavaScript). What a paper page already carries is not written twice: its `citation_title` tag
is also `og:title` and the theme's description is also `og:description` (one element with
both `name` and `property`, which the Nu HTML Checker accepts and Facebook's and X's parsers
read); the tags every page shares are built once per shell."""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.content.records import Paper
from generator.render.fragments import esc

JSON_LD = "application/ld+json"
MAX_AUTHORS = 20
_DESCRIPTION = '<meta name="description" content='
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def common(site_url: str, site_name: str) -> str:
    """The tags every page carries: the site's name and image, the card kind."""
    return (f'<meta property="og:site_name" content="{esc(site_name)}">\n'
            f'<meta property="og:image" content="{esc(urls.absolute(site_url, urls.SHARE_IMAGE))}">\n'
            '<meta name="twitter:card" content="summary">\n')


def page(site_url: str, address: str | None, title: str, kind: str = "website") -> str:
    """A page's own tags: its title (pages other than papers), type and URL (none for the
    page not found, served at any address)."""
    out = f'<meta property="og:title" content="{esc(title)}">\n' if title else ""
    out += f'<meta property="og:type" content="{kind}">\n'
    if address is not None:
        out += f'<meta property="og:url" content="{esc(urls.absolute(site_url, address))}">\n'
    return out


def with_og_description(themed: str) -> str:
    """The theme's `<meta name="description">` read as `og:description` too: the same text,
    not a second copy of it."""
    return themed.replace(_DESCRIPTION, '<meta name="description" property="og:description" content=', 1)


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script element: JSON with every character that could end or bend the
    script element (or break older JavaScript) as a \\u escape, inside strings, where
    JSON allows only them."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="{JSON_LD}">{text}</script>\n'


def scholarly_article(p: Paper, *, arxiv_id: str | None, keywords: list[str]) -> str:
    """schema.org ScholarlyArticle of a paper page (fields in a fixed order). No
    `description` and no `url`: the page's description (also og:description) and its
    canonical link already hold them, and each copy would be paid 100,000 times (the
    description ~300 bytes, the url ~75). The first MAX_AUTHORS authors, as in the feeds:
    the citation tags list every one."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": p.title}
    if p.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in p.authors[:MAX_AUTHORS]]
    if p.published:
        data["datePublished"] = p.published.isoformat()
    if arxiv_id:
        data["identifier"] = f"arXiv:{arxiv_id}"
    if p.links.arxiv:
        data["sameAs"] = p.links.arxiv
    if keywords:
        data["keywords"] = keywords
    return json_ld(data)
