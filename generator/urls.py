"""The site map: the address of every kind of page and file the site holds, in one place.

An address is site-relative and has no leading slash: "" is the home page, a page's
address ends in "/" (directory URLs: the page is the folder's index.html), a file's does
not (`feed.xml`, `days/2026-06-12/papers.bib`). Renderers, templates (through the Jinja
globals `urls`), assembly, the writer and the sitemap all ask here; the browser scripts
read the patterns they need from the one page that uses each (`PAPER_PATTERN`, `DAY_PATTERN`).

Pure functions of their arguments: no state, no files, no clock."""

from __future__ import annotations

import posixpath
from datetime import date

from generator import ids

HOME = ""
PAPERS = "papers/"  # the folders of the pages there are one of per paper and per day
DAYS = "days/"
ARCHIVE = "archive/"
TOPICS = "topics/"
WEEKS = "weeks/"
STATUS = "status/"
SEARCH = "search/"
READING_LIST = "reading-list/"
FOLLOWING = "following/"
OPML = "feeds.opml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
SEARCH_INDEX = "pagefind/pagefind.js"  # written by Pagefind, with its folder
INDEX = "index.html"
BIB = "papers.bib"
DATA = "data/"  # the open data (render/opendata.py, schema/data.schema.json)
DATA_ARCHIVE = DATA + "papers.jsonl.bz2"
SHARE_IMAGE = "assets/share.png"  # the site's image in share previews (og:image), from docs/assets/

# The engine stub each page with a fixed address is staged as (the nav in mkdocs.yml names
# these); every other page's stub is its address with ".md" (`days/2026-06-12.md`).
_SOURCES = {HOME: "index.md", TOPICS: "topics/index.md", WEEKS: "weeks/index.md"}

# The address patterns the browser scripts use: reader.js builds paper addresses on the
# reading list, digest.js reads a result's day on the search page. Each is handed over in a
# data attribute of the one page that needs it (never on a per-paper page).
PAPER_PATTERN = PAPERS + "{slug}/"
DAY_PATTERN = DAYS + "{date}/"
# The Following page's index of names (generator/render/follow.py), a shard a file.
FOLLOW_PATTERN = FOLLOWING + "index/{shard}.json.gz"  # gzipped JSON (follow.py)


def paper(paper_id: str) -> str:
    """/papers/<slug>/: old-style ids lose their slash (`hep-th/9901001` -> `hep-th-9901001`)."""
    return PAPER_PATTERN.format(slug=ids.slug(paper_id))


def followed(slug: str) -> str:
    """following/<slug>/: a person or lab the digest follows (content/follows.yml), with its feeds."""
    return f"{FOLLOWING}{slug}/"


def follow_shard(number: int) -> str:
    """following/index/<n>.json.gz: one shard of the author and organization index."""
    return FOLLOW_PATTERN.format(shard=number)


def day(when: date) -> str:
    return DAY_PATTERN.format(date=when.isoformat())


def week(key: str) -> str:
    """`2026-W24` -> weeks/2026-W24/."""
    return f"{WEEKS}{key}/"


def topic(slug: str) -> str:
    return f"{TOPICS}{slug}/"


def topic_year(slug: str, year: int) -> str:
    """A topic's older papers, a compact list per year."""
    return f"{TOPICS}{slug}/{year}/"


def shell(section: str) -> str:
    """The page a section's themed shell is written at before its pages are filled in
    (`days` -> days/shell/): as deep as the section's own pages, so its relative links hold
    for each of them. Removed once they are written; never published."""
    return f"{section}/shell/"


def rss(feeds: str) -> str:
    """The RSS feed of a feed folder: "" (the whole digest), topic(slug) or WEEKS."""
    return feeds + "feed.xml"


def atom(feeds: str) -> str:
    return feeds + "atom.xml"


def json_feed(feeds: str) -> str:
    """The JSON Feed 1.1 of a feed folder, beside its RSS and Atom feeds."""
    return feeds + "feed.json"


def bib(page: str) -> str:
    """The BibTeX file of a day or topic page's papers, beside it."""
    return page + BIB


def day_bib(when: date) -> str:
    return bib(day(when))


def topic_bib(slug: str) -> str:
    return bib(topic(slug))


def data_day(when: date) -> str:
    """A day's papers as JSON: data/days/2026-06-12.json."""
    return f"{DATA}days/{when.isoformat()}.json"


def data_topic(slug: str) -> str:
    return f"{DATA}topics/{slug}.json"


def file(address: str) -> str:
    """The file an address is served from: a page's index.html, a file itself."""
    return address + INDEX if is_page(address) else address


def address(file_path: str) -> str:
    """The inverse of `file`: `days/2026-06-12/index.html` -> `days/2026-06-12/`."""
    if file_path == INDEX or file_path.endswith("/" + INDEX):
        return file_path.removesuffix(INDEX)
    return file_path


def is_page(address: str) -> bool:
    return address == HOME or address.endswith("/")


def root(address: str) -> str:
    """The relative way back to the site root from the page (or file) at `address`, e.g.
    "../../" from days/2026-06-12/ or from days/2026-06-12/index.html."""
    return "../" * address.count("/")


def relative(here: str, folder: str) -> str:
    """The folder (a page address) as a link prefix from the page at `here`: "" when it is
    the page's own folder, so `relative(...) + "feed.xml"` is the folder's feed."""
    if not is_page(folder):
        raise ValueError(f"not a folder address: {folder!r}")
    rel = posixpath.relpath(folder or ".", posixpath.dirname(file(here)) or ".")
    return "" if rel == "." else rel + "/"


def absolute(site_url: str, address: str) -> str:
    """The address under the site's published URL (site_url ends with "/")."""
    return site_url.rstrip("/") + "/" + address


def source(address: str) -> str:
    """The engine stub (src uri) a themed page is staged as."""
    if address in _SOURCES:
        return _SOURCES[address]
    if not is_page(address):
        raise ValueError(f"not a page address: {address!r}")
    return address.removesuffix("/") + ".md"


def from_source(src_uri: str) -> str:
    """The address an engine publishes a src uri at, with directory URLs
    (`a/b.md` -> `a/b/`, `a/index.md` -> `a/`); the inverse of `source`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return HOME
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"

