"""Merging upstream records into the digest: one paper per id, curators' work untouched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from generator.content.records import Day, Digest, Links, Paper, RawPaper

REPLACEMENTS = ("replace", "replace-cross")


@dataclass
class MergeResult:
    days: dict[date, Day] = field(default_factory=dict)  # every day that changed, in full
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped_removed: list[str] = field(default_factory=list)


def _links(old: Links, new: Links) -> Links:
    return Links(arxiv=old.arxiv or new.arxiv, pdf=old.pdf or new.pdf,
                 code=old.code or new.code, project=old.project or new.project)


def refresh(old: Paper, raw: RawPaper) -> Paper:
    """Counts (upvotes, stars) take upstream's newer value where it has one. Text and
    links are filled in only where content/ has none: a curator may have fixed them,
    and ingest never overwrites what a curator wrote; only a `replace` announcement (a new
    arXiv version) refreshes the text. Topics, tldr, note and pick belong to curators and
    are never touched."""
    if raw.announce_type in REPLACEMENTS:
        # A new arXiv version is upstream's own revision of the text: it wins. An AI summary
        # taken before it now describes an older version: marked, not dropped.
        return replace(old, title=raw.title or old.title, authors=raw.authors or old.authors,
                       abstract=raw.abstract or old.abstract, links=_links(raw.links, old.links),
                       ai_summary_stale=old.ai_summary_stale or bool(old.ai_summary))
    return replace(
        _with_ai_fields(old, raw),
        title=old.title or raw.title,
        authors=old.authors or raw.authors,
        abstract=old.abstract or raw.abstract,
        published=old.published or raw.published,
        links=_links(old.links, raw.links),
        upvotes=raw.upvotes if raw.upvotes is not None else old.upvotes,
        stars=raw.stars if raw.stars is not None else old.stars,
    )


def _with_ai_fields(old: Paper, raw: RawPaper) -> Paper:
    """Hugging Face's summary, keywords and organization fill what content/ lacks. A summary
    marked stale gives way to a different one from upstream (written after the new version);
    otherwise what content/ holds stays, as a curator may have corrected it. A curator's own
    summary is `tldr`, which ingest never touches."""
    fresh = old.ai_summary_stale and bool(raw.ai_summary) and raw.ai_summary != old.ai_summary
    if fresh or not old.ai_summary:
        summary, model = (raw.ai_summary, raw.ai_summary_model) if raw.ai_summary else (
            old.ai_summary, old.ai_summary_model)
        stale = old.ai_summary_stale and not fresh
    else:
        summary, model, stale = old.ai_summary, old.ai_summary_model, old.ai_summary_stale
    return replace(old, ai_summary=summary, ai_summary_model=model, ai_summary_stale=stale,
                   ai_keywords=old.ai_keywords or raw.ai_keywords,
                   organization=old.organization or raw.organization)


def new_paper(raw: RawPaper) -> Paper:
    return Paper(id=raw.id, title=raw.title, authors=raw.authors, abstract=raw.abstract,
                 published=raw.published, links=raw.links, upvotes=raw.upvotes,
                 stars=raw.stars, source=raw.source, organization=raw.organization,
                 ai_summary=raw.ai_summary, ai_summary_model=raw.ai_summary_model,
                 ai_keywords=raw.ai_keywords)


def merge(digest: Digest, raws: Sequence[RawPaper], day_of: dict[str, date]) -> MergeResult:
    """Fold `raws` into `digest`; `day_of` says which day a new paper joins."""
    result = MergeResult()
    days = {d.date: d for d in digest.days}
    where = {p.id: d.date for d in digest.days for p in d.papers}
    removed = {r.id for r in digest.removed}
    # A paper `enrich` gave an arXiv id is still found under its old one: the same listing
    # captured again updates it rather than coming back as a second record.
    alias = {old: p.id for d in digest.days for p in d.papers for old in p.former_ids}
    seen: set[str] = set()
    for raw in raws:
        if raw.id in alias:
            raw = replace(raw, id=alias[raw.id])
        if raw.id in seen:
            continue
        seen.add(raw.id)
        if raw.id in removed:
            result.skipped_removed.append(raw.id)
            continue
        if raw.id in where:
            day = days[where[raw.id]]
            papers = list(day.papers)
            index = next(i for i, p in enumerate(papers) if p.id == raw.id)
            fresh = refresh(papers[index], raw)
            if fresh != papers[index]:
                papers[index] = fresh
                days[day.date] = replace(day, papers=tuple(papers))
                result.days[day.date] = days[day.date]
                result.updated.append(raw.id)
            continue
        if raw.announce_type in REPLACEMENTS:
            continue  # a new version of a paper we never had: not news for this digest
        when = day_of[raw.id]
        day = days.get(when) or Day(date=when, intro="", papers=(), path="")
        days[when] = replace(day, papers=(*day.papers, new_paper(raw)), upstream_empty=False)
        result.days[when] = days[when]
        where[raw.id] = when
        result.added.append(raw.id)
    return result
