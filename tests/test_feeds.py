"""Every feed the site writes keeps RFC 4287 (Atom) and RSS 2.0, for any content.

The rules are checked directly on the XML (what the W3C Feed Validator checks), over every
feed of the sample site and of a site built from edge content as a pull request would
bring it: listing-capture papers without authors, one paper on a day, a topic with none,
and more papers on one day than a feed holds.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
import yaml
from hostile_sites import cli, make_project, write_yaml

from generator.render.feeds import MAX_ITEMS

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


# --- the checker itself catches what the validator caught --------------------------------


def test_the_rules_catch_an_entry_without_author_and_shared_updated() -> None:
    bad = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://e.x/</id><title>t</title>'
           b'<updated>2026-01-01T00:00:00+00:00</updated><link rel="self" href="https://e.x/atom.xml"/>'
           b'<entry><id>https://e.x/1</id><title>a</title><updated>2026-01-01T00:00:00+00:00</updated>'
           b'<link href="https://e.x/1"/><summary>s</summary></entry>'
           b'<entry><id>https://e.x/2</id><title>b</title><updated>2026-01-01T00:00:00+00:00</updated>'
           b'<author><name>n</name></author><link href="https://e.x/2"/><summary>s</summary></entry></feed>')
    assert atom_problems(bad) == [
        "entry 0: no author, and the feed names none (RFC 4287 4.1.1, 4.1.2)",
        "entry 1: updated 2026-01-01T00:00:00+00:00 is shared with another entry",
    ]


# --- the sample site ---------------------------------------------------------------------


def test_every_feed_of_the_sample_site_keeps_the_rules(built_site: Path) -> None:
    assert len(feeds_of(built_site)) >= 4
    assert problems_of(built_site) == {}


# --- edge content, as a pull request brings it ----------------------------------------


def _paper(n: int, *, authors: bool, source: str = "manual") -> dict[str, Any]:
    pid = f"2601.{20000 + n}"
    return {"id": pid, "title": f"Edge paper {n}", "authors": [f"Author {n}"] if authors else [],
            "abstract": f"Abstract {n}.", "published": "2026-01-04",
            "links": {"arxiv": f"https://arxiv.org/abs/{pid}"}, "source": source}


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("edge-feeds"))
    days = project / "content" / "days"
    # The listing capture's papers: title-derived ids, no authors, no dates.
    write_yaml(days / "2026-01-05.yml", {"date": "2026-01-05", "papers": [
        {"id": "t-0123456789ab", "title": "A listing paper", "abstract": "No authors here.", "source": "listing"},
        {"id": "t-0123456789ac", "title": "Another listing paper", "source": "listing"}]})
    # One paper alone on a day.
    write_yaml(days / "2026-01-06.yml", {"date": "2026-01-06", "papers": [_paper(0, authors=True)]})
    # More papers on one day than a feed holds, half without authors.
    write_yaml(days / "2026-01-07.yml", {"date": "2026-01-07", "papers": [
        _paper(n, authors=n % 2 == 0) for n in range(1, MAX_ITEMS + 30)]})
    topics = yaml.safe_load((project / "content" / "topics.yml").read_text(encoding="utf-8"))
    topics["topics"].append({"slug": "lonely", "title": "Lonely", "description": "One paper.",
                             "phrases": ["another listing paper"]})
    topics["topics"].append({"slug": "empty", "title": "Empty", "description": "No paper.",
                             "phrases": ["no paper has this phrase"]})
    write_yaml(project / "content" / "topics.yml", topics)
    site = project / "site"
    code, out, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site))
    assert code == 0, err
    return site


def test_every_feed_of_edge_content_keeps_the_rules(edge_site: Path) -> None:
    assert problems_of(edge_site) == {}


def test_authorless_entries_fall_back_to_the_site_and_same_day_entries_keep_the_digest_order(
        edge_site: Path) -> None:
    atom = ET.fromstring((edge_site / "atom.xml").read_bytes())
    assert [a.findtext(f"{A}name") for a in atom.findall(f"{A}author")] == ["Paper Digest"]
    entries = atom.findall(f"{A}entry")
    assert len(entries) == MAX_ITEMS
    stamps = [e.findtext(f"{A}updated") for e in entries]
    # The first entries of the 2026-01-07 day, newest first, a second apart: a reader
    # sorting by date keeps the digest's order.
    assert stamps[:3] == ["2026-01-07T00:02:08+00:00", "2026-01-07T00:02:07+00:00",
                          "2026-01-07T00:02:06+00:00"]
    assert stamps == sorted(stamps, reverse=True)
    assert atom.findtext(f"{A}updated") == stamps[0]
    lonely = ET.fromstring((edge_site / "topics" / "lonely" / "atom.xml").read_bytes())
    assert [e.findtext(f"{A}updated") for e in lonely.findall(f"{A}entry")] == ["2026-01-05T00:00:00+00:00"]
    assert lonely.find(f"{A}entry/{A}author") is None  # the feed's author speaks for it


def test_rss_pub_dates_follow_the_same_order(edge_site: Path) -> None:
    channel = ET.fromstring((edge_site / "feed.xml").read_bytes()).find("channel")
    assert channel is not None
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in channel.findall("item")]
    assert len(set(dates)) == len(dates) == MAX_ITEMS
    assert dates == sorted(dates, reverse=True)
