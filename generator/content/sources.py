"""sources.yml: which upstream sources the daily job reads, with keyword filters."""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.load import read_yaml
from generator.content.records import RawPaper, SourceConfig
from generator.content.validate import Checker
from generator.errors import ContentError, Problem

KINDS = ("hf", "arxiv", "arxiv-rss")
CATEGORY = re.compile(r"[A-Za-z.\-+]+")  # an arXiv category such as cs.LG or math.CO
KEYS = ("name", "kind", "query", "category", "max", "include", "exclude", "min_papers", "base_url", "enrich")


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
        names.add(name)
        kind = c.string(sm.get("kind"), f"{f}.kind", sm.line, required=True)
        if kind and kind not in KINDS:
            c.add(sm.line, f"{f}.kind", f"unknown kind {kind!r}", "one of " + ", ".join(KINDS))
        query = c.string(sm.get("query"), f"{f}.query", sm.line)
        category = c.string(sm.get("category"), f"{f}.category", sm.line)
        if kind == "arxiv" and not query:
            c.add(sm.line, f"{f}.query", "an arxiv source needs a query", "e.g. 'cat:cs.LG'")
        if kind == "arxiv-rss" and not CATEGORY.fullmatch(category):
            c.add(sm.line, f"{f}.category", "an arxiv-rss source needs a category", "e.g. 'cs.LG'")
        out.append(SourceConfig(
            name=name, kind=kind, query=query, category=category,
            max_results=c.integer(sm.get("max"), f"{f}.max") or 50,
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


def _matches(phrases: tuple[str, ...], paper: RawPaper) -> bool:
    text = " ".join(f"{paper.title} {paper.abstract}".casefold().split())
    return any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text) for p in phrases)


def keep(source: SourceConfig, paper: RawPaper) -> bool:
    if source.include and not _matches(source.include, paper):
        return False
    return not (source.exclude and _matches(source.exclude, paper))
