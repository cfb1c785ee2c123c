"""Field-by-field validation of content files: YAML values -> typed records + problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from generator import clock, ids, text
from generator.content.records import SOURCES, Day, Links, Paper, Removed, Topic
from generator.content.topics import MAX_PAPER_TOPICS
from generator.content.yamlsafe import Map, Scalar, Seq, Value
from generator.errors import Problem

MAX_COUNT = 10**9  # the largest count content/ accepts (upvotes, stars, sources.yml numbers)
# Ceilings a curator never meets and a pull request cannot pass; what lies past them would
# multiply the site (each paper is a page, each former id a redirect folder).
# A day's papers: Hugging Face's daily list holds 50-150, a busy unfiltered arXiv cs.LG day
# (new and cross-lists) ~600; 2,000 leaves room for either and keeps a day page loadable.
MAX_PAPERS_A_DAY = 2000
# A paper gains a former id each time `enrich` gives it a new id or merges a listing
# capture of it into it: once or twice in its life. 20 is more than any real paper gets.
MAX_FORMER_IDS = 20
# Sources in status.yml: one per source of sources.yml (a handful in real use). 200.
MAX_SOURCES = 200

T = TypeVar("T")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SCHEMA_DIR = "schema"
DATE_RANGE_HINT = f"dates run from {clock.EARLIEST.isoformat()} (arXiv's start) to tomorrow"

# Topic pages are topics/<slug>.md beside the generated ones (render/pages.py): the
# overview is topics/index.md. A topic's year pages and feeds sit inside its own folder,
# so year-like slugs collide with nothing. "shell" is the name of the themed shells of
# the paper and day pages: kept free so no topic page is ever taken for one.
RESERVED_SLUGS = {"index": "it is the Topics overview page (topics/index.md)",
                  "shell": "it names the generated page shells"}
DAY_KEYS = ("date", "intro", "upstream_empty", "papers")
PAPER_KEYS = ("id", "former_ids", "title", "authors", "abstract", "published", "links", "upvotes", "stars",
              "source", "organization", "ai_summary", "ai_summary_model", "ai_keywords",
              "ai_summary_stale", "topics", "tldr", "note", "pick")
LINK_KEYS = ("arxiv", "pdf", "code", "project")
TOPIC_KEYS = ("slug", "title", "description", "phrases")
REMOVED_KEYS = ("id", "reason")


class Checker:
    """Collects problems for one file while converting its values."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, field: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, field, message, hint))

    # -- containers -------------------------------------------------------------------

    def mapping(self, value: Value | None, field: str, allowed: Iterable[str],
                required: Iterable[str], line: int) -> Map | None:
        if not isinstance(value, Map):
            self.add(getattr(value, "line", line), field, "expected a mapping of keys to values")
            return None
        allowed = tuple(allowed)
        for key, (key_line, _) in value.entries.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(allowed)
                self.add(key_line, _join(field, key), "unknown key", hint)
        for key in required:
            if key not in value.entries:
                self.add(value.line, _join(field, key), "missing required field")
        return value

    def sequence(self, value: Value | None, field: str, line: int) -> tuple[Value, ...]:
        if value is None:
            return ()
        if isinstance(value, Scalar) and value.kind == "null":
            return ()
        if not isinstance(value, Seq):
            self.add(value.line, field, "expected a list", "write one '- item' per line")
            return ()
        return value.items

    # -- scalars ----------------------------------------------------------------------

    def string(self, value: Value | None, field: str, line: int, *, required: bool = False) -> str:
        if value is None or (isinstance(value, Scalar) and value.kind == "null" and not required):
            return ""
        if not isinstance(value, Scalar):
            self.add(value.line, field, "expected text, found a list or mapping")
            return ""
        if value.kind == "null" and not value.text:  # "title:" with nothing after it
            self.add(value.line, field, "must not be empty")
            return ""
        if value.kind != "str":
            shown = {"bool": "true/false", "null": "nothing (null)", "date": "a date"}.get(
                value.kind, "a number")
            self.add(value.line, field, f"YAML reads {value.text!r} as {shown}, not text",
                     f"quote it: '{value.text}'")
            return value.text
        if required and not value.text.strip():
            self.add(value.line, field, "must not be empty")
        return value.text

    def integer(self, value: Value | None, field: str) -> int | None:
        if value is None or (isinstance(value, Scalar) and value.kind == "null"):
            return None
        if not isinstance(value, Scalar) or value.kind != "int":
            self.add(value.line, field, "expected a whole number")
            return None
        try:
            number = int(value.text.replace("_", ""), 0)
        except ValueError:  # YAML 1.1 ints Python does not read: 010 (octal), 1:30 (base 60)
            self.add(value.line, field, f"expected a whole number, found {value.text!r}",
                     "write it with the digits 0-9 only")
            return None
        if number < 0 or number > MAX_COUNT:
            self.add(value.line, field, f"expected a number between 0 and {MAX_COUNT}")
            return None
        return number

    def boolean(self, value: Value | None, field: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, Scalar) or value.kind != "bool" or value.text not in ("true", "false"):
            self.add(value.line, field, "expected true or false")
            return False
        return value.text == "true"

    def day(self, value: Value | None, field: str, line: int, *, required: bool = False) -> date | None:
        if value is None or (isinstance(value, Scalar) and value.kind == "null"):
            if required:
                self.add(line, field, "missing required field")
            return None
        if (not isinstance(value, Scalar) or value.kind not in ("str", "date")
                or not DATE.fullmatch(value.text)):
            self.add(value.line, field, f"expected a date as YYYY-MM-DD, found {_show(value)}")
            return None
        try:
            when = date.fromisoformat(value.text)
        except ValueError:
            self.add(value.line, field, f"{value.text!r} is not a real date")
            return None
        wrong = clock.out_of_range(when)
        if wrong:
            self.add(value.line, field, wrong, DATE_RANGE_HINT)
            return None
        return when

    def url(self, value: Value | None, field: str, line: int) -> str | None:
        raw = self.string(value, field, line)
        if not raw:
            return None
        safe = text.safe_url(raw)
        if safe is None and text.has_credentials(raw):
            self.add(_line(value, line), field, "links must be absolute http:// or https:// URLs "
                     "with no user name or password before the host",
                     "in https://name@host/ the link goes to host, whatever name says")
        elif safe is None:
            self.add(_line(value, line), field, "links must be absolute http:// or https:// URLs",
                     "other schemes (javascript:, data:, ...) are never published")
        return safe

    def slugs(self, value: Value | None, field: str, line: int) -> list[tuple[str, int]]:
        out = []
        for item in self.sequence(value, field, line):
            slug = self.string(item, field, item.line, required=True)
            out.append((slug, item.line))
        return out

    def each(self, items: Iterable[Value], convert: Callable[[Value], T | None]) -> list[T]:
        return [r for r in (convert(item) for item in items) if r is not None]


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _line(value: Value | None, default: int) -> int:
    return value.line if value is not None else default


def _show(value: Value) -> str:
    return repr(value.text) if isinstance(value, Scalar) else "a list or mapping"


SUGGEST_FROM = 1000  # choices; difflib compares the word with each, ~50 microseconds apiece


def suggest(word: str, choices: Iterable[str]) -> str:
    """The closest choices as a hint. Bounded: with 20,000 topics one hint took 1 s, and a
    day of unknown tags would have cost tags x topics."""
    choices = list(choices)
    if len(choices) > SUGGEST_FROM or len(word) > 100:
        return "add it to content/topics.yml first"
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return "closest: " + ", ".join(close) if close else "add it to content/topics.yml first"


# -- records ------------------------------------------------------------------------------


def paper(c: Checker, value: Value, field: str) -> tuple[Paper, dict[str, int]] | None:
    """A paper and the lines of its topic tags (checked against topics.yml later)."""
    m = c.mapping(value, field, PAPER_KEYS, ("id", "title"), value.line)
    if m is None:
        return None
    g = m.get
    raw_id = c.string(g("id"), f"{field}.id", m.line, required=True)
    if raw_id and not ids.is_valid(raw_id):
        split = ids.split_version(raw_id)
        if split and split[1] is not None:
            hint = f"drop the version suffix: '{split[0]}'"
        elif split:
            hint = f"remove the spaces around it: '{split[0]}'"
        else:
            hint = "use an arXiv id such as '2401.00001' or 'hep-th/9901001', quoted"
        c.add(_line(g("id"), m.line), f"{field}.id", f"{raw_id!r} is not a valid paper id", hint)
    elif raw_id and ids.is_reserved_name(ids.slug(raw_id)):  # its page is papers/<slug>/
        c.add(_line(g("id"), m.line), f"{field}.id", f"{raw_id!r} would name its page "
              f"{ids.slug(raw_id)!r}, a name Windows reserves", "no arXiv archive is so named")
    links_value = g("links")
    links = Links()
    if links_value is not None:
        lm = c.mapping(links_value, f"{field}.links", LINK_KEYS, (), m.line)
        if lm is not None:
            links = Links(**{k: c.url(lm.get(k), f"{field}.links.{k}", lm.line) for k in LINK_KEYS})
    source = c.string(g("source"), f"{field}.source", m.line) or "manual"
    if source not in SOURCES:
        c.add(_line(g("source"), m.line), f"{field}.source", f"unknown source {source!r}",
              "one of " + ", ".join(SOURCES))
    authors = tuple(
        text.clean_line(c.string(a, f"{field}.authors", a.line, required=True), text.MAX_NAME)
        for a in c.sequence(g("authors"), f"{field}.authors", m.line)
    )[: text.MAX_AUTHORS]
    tags = c.slugs(g("topics"), f"{field}.topics", m.line)
    if len({slug for slug, _ in tags}) > MAX_PAPER_TOPICS:
        c.add(_line(g("topics"), m.line), f"{field}.topics",
              f"{len({slug for slug, _ in tags})} topics; a paper carries at most {MAX_PAPER_TOPICS}",
              "keep the topics a reader would look for it under")
    ai_summary = text.clean_block(c.string(g("ai_summary"), f"{field}.ai_summary", m.line), text.MAX_NOTE)
    model = text.clean_line(c.string(g("ai_summary_model"), f"{field}.ai_summary_model", m.line),
                            text.MAX_NAME)
    if model and not ai_summary:
        # The label names the model that wrote a summary; there must be one to label.
        c.add(_line(g("ai_summary_model"), m.line), f"{field}.ai_summary_model",
              "names a model but there is no ai_summary", "remove it, or write your own summary as tldr")
    keywords = tuple(dict.fromkeys(
        text.clean_line(c.string(k, f"{field}.ai_keywords", k.line, required=True), text.MAX_NAME)
        for k in c.sequence(g("ai_keywords"), f"{field}.ai_keywords", m.line)))[: text.MAX_KEYWORDS]
    former = _former_ids(c, g("former_ids"), f"{field}.former_ids", m.line, raw_id)
    record = Paper(
        id=raw_id,
        title=text.clean_line(c.string(g("title"), f"{field}.title", m.line, required=True)),
        authors=authors,
        abstract=text.clean_block(c.string(g("abstract"), f"{field}.abstract", m.line)),
        published=c.day(g("published"), f"{field}.published", m.line),
        links=links,
        upvotes=c.integer(g("upvotes"), f"{field}.upvotes"),
        stars=c.integer(g("stars"), f"{field}.stars"),
        source=source,
        organization=text.clean_line(c.string(g("organization"), f"{field}.organization", m.line),
                                     text.MAX_NAME),
        ai_summary=ai_summary,
        ai_summary_model=model,
        ai_keywords=keywords,
        ai_summary_stale=c.boolean(g("ai_summary_stale"), f"{field}.ai_summary_stale"),
        topics=tuple(dict.fromkeys(slug for slug, _ in tags)),
        tldr=text.clean_block(c.string(g("tldr"), f"{field}.tldr", m.line), text.MAX_NOTE),
        note=text.clean_block(c.string(g("note"), f"{field}.note", m.line), text.MAX_NOTE),
        pick=c.boolean(g("pick"), f"{field}.pick"),
        former_ids=former,
    )
    return record, {slug: line for slug, line in tags}


def _former_ids(c: Checker, value: Value | None, field: str, line: int, paper_id: str) -> tuple[str, ...]:
    """Ids the paper was published under before (written by `enrich`): each must be a paper
    id, once, and not the paper's own, and at most MAX_FORMER_IDS (each builds a redirect
    page); across files load() checks no paper holds one."""
    out: list[str] = []
    items = c.sequence(value, field, line)
    if len(items) > MAX_FORMER_IDS:
        c.add(items[MAX_FORMER_IDS].line, field, f"{len(items):,} former ids: a paper has at most {MAX_FORMER_IDS}",
              "each former id builds a redirect page; keep the ids the paper was really published under")
        return ()
    for item in items:
        old = c.string(item, field, item.line, required=True)
        if not old:
            continue
        if not ids.is_valid(old):
            c.add(item.line, field, f"{old!r} is not a valid paper id")
        elif old == paper_id or old in out:
            c.add(item.line, field, f"{old!r} is listed twice" if old in out else
                  f"{old!r} is the paper's own id", "list each earlier id once")
        else:
            out.append(old)
    return tuple(out)


DayEntries = list[tuple[Paper, int, dict[str, int]]]


def day_file(c: Checker, root: Value | None, expected: date | None) -> tuple[Day, DayEntries] | None:
    m = c.mapping(root, "", DAY_KEYS, ("date", "papers"), 1)
    if m is None:
        return None
    when = c.day(m.get("date"), "date", m.line, required=True)
    if when and expected and when != expected:
        c.add(_line(m.get("date"), 1), "date", f"{when} does not match the file name {expected}",
              f"rename the file to {when}.yml or fix the date")
    papers: DayEntries = []
    items = c.sequence(m.get("papers"), "papers", m.line)
    if len(items) > MAX_PAPERS_A_DAY:
        c.add(items[MAX_PAPERS_A_DAY].line, "papers", f"{len(items):,} papers in one day: a day holds at most "
              f"{MAX_PAPERS_A_DAY:,}", "a busy day holds a few hundred; split the file, or keep the papers "
              "this digest is about (sources.yml's keyword filters)")
        items = items[:MAX_PAPERS_A_DAY]  # checked as far as the cap: the work stays bounded
    for i, item in enumerate(items):
        result = paper(c, item, f"papers[{i}]")
        if result:
            papers.append((result[0], item.line, result[1]))
    record = Day(
        date=when or expected or date(1970, 1, 1),
        intro=text.clean_block(c.string(m.get("intro"), "intro", m.line), text.MAX_NOTE),
        papers=tuple(p for p, _, _ in papers),
        path=c.path,
        upstream_empty=c.boolean(m.get("upstream_empty"), "upstream_empty"),
    )
    return record, papers


def topic(c: Checker, value: Value, field: str) -> Topic | None:
    m = c.mapping(value, field, TOPIC_KEYS, ("slug", "title"), value.line)
    if m is None:
        return None
    slug = c.string(m.get("slug"), f"{field}.slug", m.line, required=True)
    if slug and not SLUG.fullmatch(slug):
        c.add(_line(m.get("slug"), m.line), f"{field}.slug", f"{slug!r} is not a slug",
              "lower-case letters, digits and single hyphens, e.g. 'vision-language'")
    elif slug in RESERVED_SLUGS or ids.is_reserved_name(slug):
        why = RESERVED_SLUGS.get(slug, "a name Windows reserves for a device")
        c.add(_line(m.get("slug"), m.line), f"{field}.slug", f"{slug!r} is reserved: {why}",
              "choose another slug")
    phrases = tuple(
        text.clean_line(c.string(p, f"{field}.phrases", p.line, required=True)).casefold()
        for p in c.sequence(m.get("phrases"), f"{field}.phrases", m.line)
    )
    return Topic(
        slug=slug,
        title=text.clean_line(c.string(m.get("title"), f"{field}.title", m.line, required=True),
                              text.MAX_TOPIC_TITLE),
        description=text.clean_block(c.string(m.get("description"), f"{field}.description", m.line),
                                     text.MAX_NOTE),
        phrases=tuple(p for p in phrases if p),
    )


def removed(c: Checker, value: Value, field: str) -> Removed | None:
    m = c.mapping(value, field, REMOVED_KEYS, ("id",), value.line)
    if m is None:
        return None
    rid = c.string(m.get("id"), f"{field}.id", m.line, required=True)
    if rid and not ids.is_valid(rid):
        c.add(_line(m.get("id"), m.line), f"{field}.id", f"{rid!r} is not a valid paper id")
    return Removed(rid, text.clean_line(c.string(m.get("reason"), f"{field}.reason", m.line)))
