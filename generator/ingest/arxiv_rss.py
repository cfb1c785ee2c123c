"""arXiv's RSS 2.0 announcement feeds (rss.arxiv.org/rss/<cats>, format since 2024)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

from generator import clock, ids, text
from generator.content.categories import category_problem
from generator.content.records import Links, RawPaper
from generator.content.sources import KINDS
from generator.errors import UpstreamError
from generator.ingest import http
from generator.ingest.arxiv_api import parse_xml
from generator.ingest.texaccents import to_unicode

BASE_URL = KINDS["arxiv-rss"].base_url
NS = {"arxiv": "http://arxiv.org/schemas/atom", "dc": "http://purl.org/dc/elements/1.1/"}
ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")
# Only new and cross-listed papers can be first announced today; replacements are older.
FIRST_ANNOUNCEMENTS = ("new", "cross")
_HEADER = re.compile(
    r"^arXiv:(\S+) Announce Type: (\S+)\s*\nAbstract: (.*)$", re.DOTALL
)
_ERROR_TITLE = "Feed error for query"


@dataclass(frozen=True)
class RssFeed:
    title: str
    papers: tuple[RawPaper, ...]
    skip_days: tuple[str, ...]
    pub_date: date | None


def parse(data: bytes) -> RssFeed:
    """One feed; an error channel becomes an UpstreamError, a quiet day no papers."""
    root = parse_xml(data, "arXiv RSS")
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise UpstreamError(f"arXiv RSS answered with <{root.tag}>, not an RSS channel")
    title = text.clean_line(channel.findtext("title") or "")
    if title.startswith(_ERROR_TITLE):
        # Errors are an ordinary channel: the reason is in its description.
        reason = text.clean_line(channel.findtext("description") or "", 1000)
        raise UpstreamError(f"arXiv RSS: {reason or title}")
    pub_date = _day(channel.findtext("pubDate"), "channel pubDate")
    days = (text.clean_line(d.text or "") for d in channel.iterfind("skipDays/day"))
    return RssFeed(
        title=title,
        papers=tuple(
            _item(it, i, pub_date) for i, it in enumerate(channel.iterfind("item"))
        ),
        skip_days=tuple(d for d in days if d),
        pub_date=pub_date,
    )


def fetch(category: str, *, base_url: str = BASE_URL, agent: str = http.USER_AGENT) -> RssFeed:
    """The current announcement feed of `category` ("cs.LG", "astro-ph+cond-mat")."""
    problem = category_problem(category)
    if problem:  # callers check first (sources.yml, the command line): this is a guard
        raise ValueError(problem[0])
    return parse(http.fetch(base_url.rstrip("/") + "/rss/" + category, expect="rss", agent=agent))


def _day(raw: str | None, where: str) -> date | None:
    if raw is None or not raw.strip():
        return None
    try:
        # The date in the feed's own offset: arXiv announces on its (US Eastern) day.
        day = parsedate_to_datetime(raw.strip()).date()
    except (TypeError, ValueError, OverflowError):
        raise UpstreamError(f"arXiv RSS: {where} is no RFC 822 date: {raw!r}") from None
    # The day papers are filed under: one out of range would be a day in 9999.
    wrong = clock.out_of_range(day)
    if wrong:
        raise UpstreamError(f"arXiv RSS: {where} is out of range: {wrong}")
    return day


def _item(item: ET.Element, index: int, channel_day: date | None) -> RawPaper:
    where = f"arXiv RSS item {index}"
    description = item.findtext("description") or ""
    header = _HEADER.match(description)
    abstract = header.group(3) if header else description.removeprefix("Abstract: ")
    parsed: tuple[str, int | None] | None = None
    for candidate in (
        header.group(1) if header else None,
        item.findtext("guid"),
        item.findtext("link"),
    ):
        if candidate:
            parsed = ids.split_version(candidate) or ids.from_url(candidate)
            if parsed:
                break
    if parsed is None:
        raise UpstreamError(f"{where}: no arXiv id in its description, guid or link")
    paper_id, version = parsed
    where = f"{where} ({paper_id})"
    kind = (item.findtext("arxiv:announce_type", namespaces=NS) or "").strip()
    kind = kind or (header.group(2) if header else "")
    if kind not in ANNOUNCE_TYPES:
        raise UpstreamError(f"{where}: unknown announce type {kind!r}")
    title = text.clean_line(item.findtext("title") or "")
    if title == "":
        raise UpstreamError(f"{where}: no title")
    day = _day(item.findtext("pubDate"), f"{where} pubDate") or channel_day
    creators = item.findtext("dc:creator", namespaces=NS) or ""
    # A cross-listing of v2 or later is an old paper given a new category (the
    # excerpt has 2202.06515v3): it was published long before today.
    first = kind in FIRST_ANNOUNCEMENTS and (version or 1) == 1
    return RawPaper(
        id=paper_id,
        version=version,
        title=title,  # raw LaTeX ($A_n$) kept: rendering decides what to do with it
        authors=split_authors(creators),
        abstract=text.clean_block(abstract),
        published=day if first else None,
        day=day,
        links=Links(
            arxiv=f"https://arxiv.org/abs/{paper_id}",
            pdf=f"https://arxiv.org/pdf/{paper_id}",
        ),
        source="arxiv-rss",
        announce_type=kind,
        categories=tuple(c for c in (text.clean_line(e.text or "", 100) for e in item.iterfind("category")) if c),
    )


def in_categories(paper: RawPaper, categories: str) -> bool:
    """Whether an item is in one of `categories` ("cs.RO+cs.AI"; an archive such as "astro-ph"
    or "cs" takes every category in it), as arXiv's feed of those categories would list it."""
    wanted = set(categories.split("+"))
    return any(c in wanted or c.split(".", 1)[0] in wanted for c in paper.categories)


def split_authors(creators: str) -> tuple[str, ...]:
    """dc:creator, one string of all authors, to clean names without affiliations.

    Affiliations are parenthesised and may hold commas ("A (Univ X, Dept Y), B"), so
    only commas and " and " outside brackets separate names.
    """
    names = []
    for part in _split_outside_brackets(creators):
        part = re.sub(r"^and\s+", "", part.strip())  # "A, B, and C"
        name = text.clean_line(to_unicode(_drop_parenthesised(part)), text.MAX_NAME)
        if name:
            names.append(name)
    return tuple(names[: text.MAX_AUTHORS])


def _drop_parenthesised(s: str) -> str:
    """Every "(affiliation)", nested ones too, as one space; an unclosed "(" ends the name.

    One pass with a stack: stripping one layer per pass was quadratic in the nesting
    depth (a 32 KB answer of nested parentheses took 2.7 s)."""
    out: list[str] = []
    opened: list[int] = []  # where each open "(" sits in `out`
    for c in s:
        if c == "(":
            opened.append(len(out))
            out.append(c)
        elif c == ")" and opened:
            del out[opened.pop():]  # each character is deleted at most once: linear
            out.append(" ")
        else:
            out.append(c)
    if opened:
        del out[opened[0]:]  # an unclosed "(affiliation" too
    return "".join(out)


def _split_outside_brackets(s: str) -> list[str]:
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(s):
        c = s[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth = max(0, depth - 1)
        elif depth == 0 and (c == "," or s.startswith(" and ", i)):
            parts.append(s[start:i])
            i += 1 if c == "," else len(" and ")
            start = i
            continue
        i += 1
    if depth:
        # An unclosed "(" would swallow every later author: split plainly instead.
        return re.split(r",| and ", s)
    parts.append(s[start:])
    return parts
