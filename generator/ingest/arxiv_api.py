"""The arXiv API (export.arxiv.org/api/query): Atom feeds, old (2007-2024) and new."""

from __future__ import annotations

import logging
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from generator import clock, ids, text
from generator.content.records import Links, RawPaper
from generator.content.sources import KINDS
from generator.errors import UpstreamError
from generator.ingest import http

BASE_URL = KINDS["arxiv"].base_url
# arXiv asks API clients for at most one request every three seconds.
DELAY = 3.0
EMPTY_PAGE_RETRIES = 2
LOOKUP_CHUNK = 100
_log = logging.getLogger(__name__)

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
    "arxiv": "http://arxiv.org/schemas/atom",
}
_HTML_START = re.compile(rb"\s*(?:<!doctype\s+html|<html)", re.IGNORECASE)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivPage:
    total: int
    start: int
    per_page: int
    papers: tuple[RawPaper, ...]


def parse_xml(data: bytes, service: str) -> ET.Element:
    """Parse an upstream XML document, refusing HTML pages and any DTD.

    ElementTree expands internal entities, so a DTD could define a billion
    laughs; no arXiv response has one, so its presence alone is an error.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(data):
        raise UpstreamError(f"{service} answered with an HTML page, not XML")
    if _DTD.search(data):
        raise UpstreamError(f"{service} answered XML with a DTD (refused: entities)")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        looks_xml = data.lstrip().startswith(b"<")
        what = f"malformed XML ({exc})" if looks_xml else "text that is not XML"
        raise UpstreamError(f"{service} answered with {what}") from exc


def parse_timestamp(value: str | None) -> datetime | None:
    """ISO-8601 as the arXiv API and Hugging Face write it; no offset means UTC."""
    if value is None or not value.strip():
        return None
    stamp = datetime.fromisoformat(value.strip())  # raises ValueError on junk
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _int(feed: ET.Element, tag: str) -> int:
    raw = feed.findtext(tag, namespaces=NS)
    try:
        return int((raw or "").strip())
    except ValueError:
        raise UpstreamError(f"arXiv feed has no usable <{tag}>: {raw!r}") from None


def _is_error_entry(entry_id: str) -> bool:
    parts = urlsplit(entry_id)
    return parts.netloc.endswith("arxiv.org") and parts.path.startswith("/api/errors")


def _entry(entry: ET.Element, index: int) -> RawPaper:
    raw_id = (entry.findtext("atom:id", namespaces=NS) or "").strip()
    parsed = ids.from_url(raw_id)
    if parsed is None:
        raise UpstreamError(f"arXiv entry {index}: <id> {raw_id!r} holds no arXiv id")
    paper_id, version = parsed
    raw_title = entry.findtext("atom:title", namespaces=NS)
    title = text.clean_line(raw_title or "")
    # Compare with "", not truthiness: "0" is a real title (arXiv 2104.12255).
    if title == "":
        raise UpstreamError(f"arXiv entry {index} ({paper_id}): no <title>")
    names = (
        text.clean_line(a.findtext("atom:name", namespaces=NS) or "", text.MAX_NAME)
        for a in entry.iterfind("atom:author", NS)  # affiliations deliberately dropped
    )
    authors = tuple(n for n in names if n)
    raw_published = entry.findtext("atom:published", namespaces=NS)
    try:
        stamp = parse_timestamp(raw_published)
        published = stamp.astimezone(UTC).date() if stamp else None
        wrong = clock.out_of_range(published) if published else None
    except (ValueError, OverflowError):
        wrong = f"not an ISO timestamp: {raw_published!r}"
    if wrong:
        # An optional field: the paper stays, without a publication date.
        _log.warning("arXiv entry %d (%s): <published> %s; dropped, the paper is kept",
                     index, paper_id, wrong)
        published = None
    return RawPaper(
        id=paper_id,
        version=version,
        title=title,
        authors=authors[: text.MAX_AUTHORS],
        abstract=text.clean_block(entry.findtext("atom:summary", namespaces=NS) or ""),
        published=published,
        links=Links(
            arxiv=f"https://arxiv.org/abs/{paper_id}",
            pdf=f"https://arxiv.org/pdf/{paper_id}",
        ),
        source="arxiv",
    )


def parse(data: bytes) -> ArxivPage:
    """One page of an arXiv API answer; an error entry becomes an UpstreamError."""
    feed = parse_xml(data, "arXiv")
    if feed.tag != f"{{{NS['atom']}}}feed":
        raise UpstreamError(f"arXiv answered with <{feed.tag}>, not an Atom feed")
    entries = feed.findall("atom:entry", NS)
    for entry in entries:
        # Errors come as an ordinary entry (and totalResults 1), often with HTTP 400.
        if _is_error_entry(entry.findtext("atom:id", namespaces=NS) or ""):
            summary = entry.findtext("atom:summary", namespaces=NS) or ""
            message = text.clean_line(summary)
            raise UpstreamError(f"arXiv API error: {message or 'no message'}")
    return ArxivPage(
        total=_int(feed, "opensearch:totalResults"),
        start=_int(feed, "opensearch:startIndex"),
        per_page=_int(feed, "opensearch:itemsPerPage"),
        papers=tuple(_entry(e, i) for i, e in enumerate(entries)),
    )


def _query(base_url: str, params: dict[str, str], agent: str = http.USER_AGENT) -> ArxivPage:
    # expect="atom": the client then hands back the body of an HTTP 400, which is
    # where arXiv explains a bad query (an error entry, read by parse()).
    url = base_url.rstrip("/") + "/api/query"
    return parse(http.fetch(url, params=params, expect="atom", agent=agent))


def search(
    query: str,
    *,
    max_results: int,
    base_url: str = BASE_URL,
    page_size: int = 100,
    delay: float = DELAY,
    sleep: Callable[[float], object] = time.sleep,
    agent: str = http.USER_AGENT,
) -> list[RawPaper]:
    """Up to max_results papers matching query, newest submissions first."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    papers: dict[str, RawPaper] = {}
    start, empty_in_a_row, requests = 0, 0, 0
    target = max_results
    while start < target:
        if requests:
            sleep(delay)
        page = _query(base_url, {
            "search_query": query,
            "start": str(start),
            "max_results": str(min(page_size, target - start)),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }, agent)
        requests += 1
        target = min(max_results, page.total)
        if not page.papers:
            if start >= target:
                break
            # arXiv sometimes answers a page with no entries mid-way (arxiv.py#43).
            empty_in_a_row += 1
            if empty_in_a_row > EMPTY_PAGE_RETRIES:
                raise UpstreamError(
                    f"arXiv returned an empty page at start={start} of {target}"
                )
            continue
        empty_in_a_row = 0
        start += len(page.papers)
        for paper in page.papers:
            # New submissions shift results while we page: keep the first copy.
            papers.setdefault(paper.id, paper)
    return list(papers.values())[:max_results]


def lookup(
    ids: list[str],  # shadows the ids module, which lookup does not need
    *,
    base_url: str = BASE_URL,
    delay: float = DELAY,
    sleep: Callable[[float], object] = time.sleep,
    agent: str = http.USER_AGENT,
) -> list[RawPaper]:
    """The papers with these ids; arXiv silently leaves out ids it does not know."""
    papers: list[RawPaper] = []
    for n, i in enumerate(range(0, len(ids), LOOKUP_CHUNK)):
        chunk = ids[i : i + LOOKUP_CHUNK]
        if n:
            sleep(delay)
        page = _query(base_url, {
            "id_list": ",".join(chunk),
            "start": "0",
            "max_results": str(len(chunk)),
        }, agent)
        papers.extend(page.papers)
    return papers
