"""The sitemap and robots.txt, with dates from the content.

`sitemap.xml`, the address `robots.txt` names (an absolute URL, as the protocol asks) and
search engines know, is a `<sitemapindex>` of gzipped urlsets, `sitemap-1.xml.gz`,
`sitemap-2.xml.gz`, ..., each within the protocol's 50,000 URLs and 50 MB (uncompressed);
`sitemap.xml.gz` is the index's gzip twin. The urlsets are published gzipped only, as the
protocol allows: an uncompressed copy beside each cost 158 bytes a paper (1.6% of the whole
site's budget at 100,000 papers), its gzip 4. Every gzip file has a fixed mtime and no file
name, so rebuilds are byte-identical."""

from __future__ import annotations

import gzip
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator import urls
from generator.render.pages import Site
from generator.site import outdir

MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Entry:
    address: str  # site-relative (generator/urls.py)
    changed: date | None  # the newest day the page shows


def entries(site: Site) -> list[Entry]:
    """Every page of the site with the day it last changed: the newest day it shows (a day's
    own date, a week's newest day, a paper's day), the newest day of all for the rest (they
    list it). Not the redirects of former ids: only the pages they lead to."""
    out = [Entry(urls.from_source(uri), site.pages[uri].changed or site.updated) for uri in sorted(site.pages)]
    out += [Entry(urls.from_source(page.src_uri), page.changed or site.updated)
            for _, section_pages in sorted(site.sections.items())
            for _, page in sorted(section_pages.items())]
    out += sorted((Entry(urls.paper(p.paper.id), p.day) for p in site.papers), key=lambda e: e.address)
    return out


def _url(base: str, entry: Entry) -> str:
    return (f"    <url>\n         <loc>{html.escape(base + entry.address)}</loc>\n"
            + (f"         <lastmod>{entry.changed.isoformat()}</lastmod>\n" if entry.changed else "")
            + "    </url>\n")


def _urlset(body: str) -> str:
    return f'{_HEAD}<urlset xmlns="{_XMLNS}">\n{body}</urlset>\n'


def part_name(n: int) -> str:
    return f"sitemap-{n}.xml.gz"


def _parts(base: str, entries: Iterable[Entry], max_urls: int, max_bytes: int) -> list[tuple[str, date | None]]:
    """The urlsets, each within both limits, with the newest lastmod each holds."""
    frame = len(_urlset("").encode("utf-8"))
    parts: list[tuple[str, date | None]] = []
    rows: list[str] = []
    size, newest = frame, None
    for entry in entries:
        row = _url(base, entry)
        n = len(row.encode("utf-8"))
        if frame + n > max_bytes:
            raise ValueError(f"sitemap: one URL does not fit in {max_bytes} bytes: {entry.address!r}")
        if rows and (len(rows) >= max_urls or size + n > max_bytes):
            parts.append(("".join(rows), newest))
            rows, size, newest = [], frame, None
        rows.append(row)
        size += n
        if entry.changed and (newest is None or entry.changed > newest):
            newest = entry.changed
    parts.append(("".join(rows), newest))
    return [(_urlset(body), when) for body, when in parts]


def _index(base: str, parts: list[tuple[str, date | None]]) -> str:
    rows = "".join(f"    <sitemap>\n         <loc>{html.escape(base + part_name(n))}</loc>\n"
                   + (f"         <lastmod>{when.isoformat()}</lastmod>\n" if when else "")
                   + "    </sitemap>\n"
                   for n, (_, when) in enumerate(parts, 1))
    return f'{_HEAD}<sitemapindex xmlns="{_XMLNS}">\n{rows}</sitemapindex>\n'


def gzipped(data: bytes) -> bytes:
    """gzip with a fixed mtime and no file name: byte-identical rebuilds."""
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def files(site_url: str, entries: Iterable[Entry], *, max_urls: int = MAX_URLS,
          max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """Site path -> bytes of the sitemap: the index and its gzip twin, and the gzipped
    urlsets it lists, the entries in the order given (at least one urlset, even empty)."""
    base = urls.absolute(site_url, "")
    parts = _parts(base, entries, max_urls, max_bytes)
    index = _index(base, parts).encode("utf-8")
    out = {urls.SITEMAP: index, urls.SITEMAP + ".gz": gzipped(index)}
    out.update((part_name(n), gzipped(text.encode("utf-8"))) for n, (text, _) in enumerate(parts, 1))
    return out


def robots(site_url: str) -> bytes:
    """Every crawler welcome; where the sitemap is. Crawlers read robots.txt only at a
    host's root: a site published under a path (user.github.io/digest/) has its own there."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site_url, urls.SITEMAP)}\n".encode()


def every_file(site: Site, site_url: str) -> list[str]:
    """The site map of a whole site: the file behind every page, feed, BibTeX file, redirect,
    sitemap file and robots.txt the generator writes for `site`, the engine's 404 page it
    completes and the build's marker; the engine's assets and Pagefind's index are not in it."""
    pages = entries(site)
    out = [urls.file(e.address) for e in pages] + list(site.files)
    out += [*files(site_url, pages), urls.ROBOTS, urls.NOT_FOUND, outdir.MARKER]
    return sorted(out)
