"""The rules of RFC 4287 (Atom) and RSS 2.0 that the W3C Feed Validator checks, as
functions over a feed's bytes: tests/test_feeds.py and tests/test_hostile.py apply them."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as RFC 4287 3.3 requires: a time zone always, upper-case T and Z.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def _one(parent: ET.Element, tag: str, where: str, problems: list[str], *, required: bool = True) -> ET.Element | None:
    found = parent.findall(tag)
    if len(found) > 1 or (required and not found):
        problems.append(f"{where}: {len(found)} <{tag.removeprefix(A)}>, RFC 4287 wants "
                        f"{'exactly' if required else 'at most'} one")
    return found[0] if found else None


def _date(el: ET.Element | None, where: str, problems: list[str]) -> datetime | None:
    if el is None:
        return None
    if not RFC3339.fullmatch(el.text or ""):
        problems.append(f"{where}: {el.text!r} is not an RFC 3339 date-time")
        return None
    return datetime.fromisoformat(el.text or "")


def _absolute(href: str | None) -> bool:
    parts = urlsplit(href or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _authors(parent: ET.Element, where: str, problems: list[str]) -> int:
    authors = parent.findall(f"{A}author")
    for author in authors:
        names = author.findall(f"{A}name")
        if len(names) != 1 or not (names[0].text or "").strip():
            problems.append(f"{where}: an <author> needs exactly one non-empty <name> (RFC 4287 3.2)")
    return len(authors)


def atom_problems(data: bytes) -> list[str]:
    """RFC 4287's requirements on a feed and its entries, and the validator's warnings on
    shared ids and shared `updated` values."""
    problems: list[str] = []
    feed = ET.fromstring(data)
    if feed.tag != f"{A}feed":
        return [f"root is {feed.tag}, not atom:feed"]
    for tag in ("id", "title", "updated"):
        _one(feed, f"{A}{tag}", "feed", problems)
    for tag in ("subtitle", "generator", "icon", "logo", "rights"):
        _one(feed, f"{A}{tag}", "feed", problems, required=False)
    feed_updated = _date(feed.find(f"{A}updated"), "feed updated", problems)
    feed_authors = _authors(feed, "feed", problems)
    links = feed.findall(f"{A}link")
    if not any(link.get("rel") == "self" and _absolute(link.get("href")) for link in links):
        problems.append("feed: no absolute rel=self link (RFC 4287 4.1.1 SHOULD, the validator warns)")
    if sum(1 for link in links if link.get("rel", "alternate") == "alternate") > 1:
        problems.append("feed: more than one alternate link of one type")
    ids: set[str] = set()
    stamps: set[datetime] = set()
    for n, entry in enumerate(feed.findall(f"{A}entry")):
        where = f"entry {n}"
        for tag in ("id", "title", "updated"):
            _one(entry, f"{A}{tag}", where, problems)
        for tag in ("published", "summary", "content", "rights", "source"):
            _one(entry, f"{A}{tag}", where, problems, required=False)
        entry_id = (entry.findtext(f"{A}id") or "").strip()
        if not urlsplit(entry_id).scheme:
            problems.append(f"{where}: id {entry_id!r} is not an IRI (RFC 4287 4.2.6)")
        if entry_id in ids:
            problems.append(f"{where}: id {entry_id!r} repeats")
        ids.add(entry_id)
        if not (entry.findtext(f"{A}title") or "").strip():
            problems.append(f"{where}: empty title")
        # 4.1.1: an entry names an author, or the feed does for every entry without one.
        if _authors(entry, where, problems) == 0 and feed_authors == 0:
            problems.append(f"{where}: no author, and the feed names none (RFC 4287 4.1.1, 4.1.2)")
        # 4.1.2: without atom:content, an alternate link is required.
        if entry.find(f"{A}content") is None and not any(
                link.get("rel", "alternate") == "alternate" and _absolute(link.get("href"))
                for link in entry.findall(f"{A}link")):
            problems.append(f"{where}: no content and no absolute alternate link (RFC 4287 4.1.2)")
        if entry.find(f"{A}content") is None and entry.find(f"{A}summary") is None:
            problems.append(f"{where}: neither content nor summary")
        updated = _date(entry.find(f"{A}updated"), f"{where} updated", problems)
        _date(entry.find(f"{A}published"), f"{where} published", problems)
        if updated is not None:
            if updated in stamps:
                problems.append(f"{where}: updated {updated.isoformat()} is shared with another entry")
            stamps.add(updated)
            if feed_updated is not None and updated > feed_updated:
                problems.append(f"{where}: updated after the feed's own updated")
    return problems


def rss_problems(data: bytes) -> list[str]:
    """RSS 2.0's required channel and item elements, dates as RFC 822, unique guids."""
    problems: list[str] = []
    rss = ET.fromstring(data)
    channel = rss.find("channel")
    if rss.tag != "rss" or rss.get("version") != "2.0" or channel is None:
        return ["root is not <rss version=\"2.0\"><channel>"]
    for tag in ("title", "link", "description"):
        if len(channel.findall(tag)) != 1 or not (channel.findtext(tag) or "").strip():
            problems.append(f"channel: needs exactly one non-empty <{tag}>")
    if not _absolute(channel.findtext("link")):
        problems.append("channel: <link> is not an absolute http(s) URL")
    if not any(link.get("rel") == "self" for link in channel.findall(f"{A}link")):
        problems.append("channel: no atom:link rel=self (the validator warns)")
    for tag in ("pubDate", "lastBuildDate"):
        for el in channel.findall(tag):
            _rfc822(el.text, f"channel {tag}", problems)
    guids: set[str] = set()
    for n, item in enumerate(channel.findall("item")):
        where = f"item {n}"
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            problems.append(f"{where}: needs a title or a description")
        guid = item.findtext("guid") or ""
        if not guid or guid in guids:
            problems.append(f"{where}: guid {guid!r} missing or repeated")
        guids.add(guid)
        if not _absolute(item.findtext("link")):
            problems.append(f"{where}: <link> is not an absolute http(s) URL")
        for el in item.findall("pubDate"):
            _rfc822(el.text, f"{where} pubDate", problems)
        for el in item.findall("author"):  # RSS 2.0: an author is an email address
            if "@" not in (el.text or ""):
                problems.append(f"{where}: <author> {el.text!r} is not an email address")
    return problems


def _rfc822(value: str | None, where: str, problems: list[str]) -> None:
    try:
        parsed = parsedate_to_datetime(value or "")
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        problems.append(f"{where}: {value!r} is not an RFC 822 date with a zone")


def feeds_of(site: Path) -> list[Path]:
    found = sorted(site.rglob("feed.xml")) + sorted(site.rglob("atom.xml"))
    assert found
    return found


def problems_of(site: Path) -> dict[str, list[str]]:
    out = {}
    for path in feeds_of(site):
        data = path.read_bytes()
        found = atom_problems(data) if path.name == "atom.xml" else rss_problems(data)
        if found:
            out[str(path.relative_to(site))] = found
    return out
