"""The source kinds (hf, arxiv, arxiv-rss, listing) and sources.yml, the ones the daily job reads.

KINDS is the one description of each kind: its name and help, its default service address,
the options sources.yml (and the `ingest` command line) may set for it and how they are
checked, and which digest day a paper joins. The CLI, `ingest`, `daily`, `add`, the
validation of sources.yml and the JSON Schemas all read it; how each kind is fetched and
parsed lives beside the parsers, in generator/ingest/registry.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content import status
from generator.content.categories import category_problem
from generator.content.load import read_yaml
from generator.content.records import SOURCES, RawPaper, SourceConfig
from generator.content.validate import Checker
from generator.content.yamlsafe import Value
from generator.errors import ContentError, Problem


@dataclass(frozen=True)
class Option:
    """A setting of one source kind: `key` in sources.yml, `--key` on the `ingest` command line."""

    key: str
    help: str  # sources.yml, plain text (schema description)
    markdown: str  # sources.yml, for editors' hover
    cli_help: str  # `ingest KIND --key`
    title: str
    count: bool = False  # a whole number (else text)
    default: int = 0  # for a count: the value when left out
    example: str = ""  # what a missing required value could be


QUERY = Option("query", "arxiv: an arXiv search_query such as cat:cs.LG; the job adds the day's date range.",
               "`arxiv`: an arXiv `search_query` such as `cat:cs.LG`; the job adds the day's "
               "`submittedDate` range. Required for `kind: arxiv`.",
               "arXiv search_query, e.g. 'cat:cs.LG'", "Query", example="'cat:cs.LG'")
CATEGORY_OPTION = Option(
    "category", "arxiv-rss: an arXiv category such as cs.LG (RSS has only today's announcements).",
    "`arxiv-rss`: an arXiv category such as `cs.LG` (RSS has only today's announcements). Required for "
    "`kind: arxiv-rss`.", "e.g. cs.LG", "Category", example="'cs.LG'")
MAX = Option("max", "arxiv: at most this many papers a day (default 50).",
             "`arxiv`: at most this many papers a day (default 50).", "at most this many papers (default 50)",
             "Max", count=True, default=50)


@dataclass(frozen=True)
class SourceKind:
    name: str
    help: str  # what it reads, as the CLI and the schemas say it
    base_url: str  # the service's default address; "" for a kind read only from a saved file
    options: tuple[Option, ...] = ()  # settings it reads, beyond those every source has
    required: tuple[Option, ...] = ()  # settings it cannot do without (on the CLI: or --file)
    scheduled: bool = True  # the daily job can read it (sources.yml may name it)
    listed_day: bool = False  # a paper joins the day the source listed it, not the day asked for
    dated_answer: bool = False  # the answer names the day it is for, so --date is optional
    hand_gate: bool = False  # a hand-run `ingest` of one day passes the publish gate too
    history: bool = True  # it can be asked for a past day (arXiv RSS shows only the current one)

    @property
    def schedule_help(self) -> str:
        """The kind's help for sources.yml: what it reads and what it needs."""
        needs = "".join(f"; needs a {o.key}" for o in self.required)
        return self.help + needs


KINDS: dict[str, SourceKind] = {k.name: k for k in (
    # Hugging Face puts a paper on the day it joined its daily list (submittedOnDailyAt), and
    # the day's list fills up during that day: a hand-run ingest passes the publish gate.
    SourceKind("hf", "Hugging Face daily papers", "https://huggingface.co", listed_day=True, hand_gate=True),
    SourceKind("arxiv", "an arXiv API query", "https://export.arxiv.org", options=(QUERY, MAX),
               required=(QUERY,)),
    SourceKind("arxiv-rss", "the arXiv RSS announcements of one category", "https://rss.arxiv.org",
               options=(CATEGORY_OPTION,), required=(CATEGORY_OPTION,), dated_answer=True, history=False),
    SourceKind("listing", "a text capture of a listing page", "", scheduled=False),
)}
SCHEDULED = tuple(name for name, k in KINDS.items() if k.scheduled)
OPTIONS = (QUERY, CATEGORY_OPTION, MAX)
KEYS = ("name", "kind", *(o.key for o in OPTIONS), "include", "exclude", "min_papers", "base_url", "enrich")
if SOURCES != (*KINDS, "manual"):  # records.py sits below this module: kept in step here
    raise AssertionError(f"records.SOURCES {SOURCES} is out of step with the kinds {tuple(KINDS)}")


def digest_day(kind: SourceKind, asked: date | None, listed: date | None) -> date | None:
    """The digest day a paper joins: for Hugging Face the day it was listed (not its arXiv
    date); for the other kinds the day asked for (--date, the daily job's day, or the day
    arXiv RSS announced), else the day the source gave the paper."""
    if kind.listed_day and listed is not None:
        return listed
    return asked or listed


def load_sources(path: Path) -> list[SourceConfig]:
    problems: list[Problem] = []
    shown = path.name if not path.is_absolute() else str(path)
    c = Checker(shown)
    root = read_yaml(path, shown, problems)
    out: list[SourceConfig] = []
    m = c.mapping(root, "", ("sources",), ("sources",), 1) if root is not None else None
    names: set[str] = set()
    for i, item in enumerate(c.sequence(m.get("sources"), "sources", 1) if m else ()):
        f = f"sources[{i}]"
        sm = c.mapping(item, f, KEYS, ("name", "kind"), item.line)
        if sm is None:
            continue
        name = c.string(sm.get("name"), f"{f}.name", sm.line, required=True)
        if name in names:
            c.add(sm.line, f"{f}.name", f"duplicate source name {name!r}")
        elif name and (why := status.name_problem(name)):
            c.add(sm.line, f"{f}.name", why)
        names.add(name)
        kind_name = c.string(sm.get("kind"), f"{f}.kind", sm.line, required=True)
        kind = KINDS.get(kind_name) if kind_name in SCHEDULED else None
        if kind_name and kind is None:
            c.add(sm.line, f"{f}.kind", f"unknown kind {kind_name!r}", "one of " + ", ".join(SCHEDULED))
        for option in (o for o in OPTIONS if kind is not None and o not in kind.options):
            if option.key in sm.entries:  # `query:` on an arxiv-rss source: it would do nothing
                c.add(sm.entries[option.key][0], f"{f}.{option.key}", f"does not apply to an {kind_name} source",
                      not_for_hint(option, kind_name))
        texts = {o.key: c.string(sm.get(o.key), f"{f}.{o.key}", sm.line) for o in OPTIONS if not o.count}
        for option in kind.required if kind else ():
            if not texts[option.key]:
                c.add(sm.line, f"{f}.{option.key}", f"an {kind_name} source needs a {option.key}",
                      f"e.g. {option.example}")
        if texts["category"] and kind is not None and CATEGORY_OPTION in kind.options:
            _check_category(c, sm.get("category"), texts["category"], f"{f}.category", sm.line)
        out.append(SourceConfig(
            name=name, kind=kind_name, query=texts["query"], category=texts["category"],
            max_results=c.integer(sm.get("max"), f"{f}.max") or MAX.default,
            include=tuple(p.casefold() for p, _ in c.slugs(sm.get("include"), f"{f}.include", sm.line)),
            exclude=tuple(p.casefold() for p, _ in c.slugs(sm.get("exclude"), f"{f}.exclude", sm.line)),
            min_papers=c.integer(sm.get("min_papers"), f"{f}.min_papers") or 1,
            base_url=c.url(sm.get("base_url"), f"{f}.base_url", sm.line),
            enrich=c.boolean(sm.get("enrich"), f"{f}.enrich"),
        ))
    problems += c.problems
    if problems:
        raise ContentError(problems)
    return out


def not_for_hint(option: Option, kind: str) -> str:
    """The hint for a setting a kind does not read: which kinds read it, what this one reads."""
    users = [k.name for k in KINDS.values() if k.scheduled and option in k.options]
    takes = [o.key for o in KINDS[kind].options]
    reads = f"; an {kind} source reads {', '.join(takes)}" if takes else ""
    return f"{option.key} is for {' and '.join(users)} sources{reads}; remove it"


def _check_category(c: Checker, value: Value | None, category: str, field: str, line: int) -> None:
    problem = category_problem(category)
    if problem:
        c.add(getattr(value, "line", line), field, *problem)


def _matches(phrases: tuple[str, ...], paper: RawPaper) -> bool:
    text = " ".join(f"{paper.title} {paper.abstract}".casefold().split())
    return any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text) for p in phrases)


def keep(source: SourceConfig, paper: RawPaper) -> bool:
    if source.include and not _matches(source.include, paper):
        return False
    return not (source.exclude and _matches(source.exclude, paper))
