"""A curator's commands: add a paper by arXiv id, remove one for good."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator import clock, ids, inputs
from generator.content.load import load
from generator.content.records import Day, Removed
from generator.content.save import day_path, save
from generator.errors import ContentError, DigestError, Problem
from generator.ingest import arxiv_api, http
from generator.ingest.merge import new_paper


def add(content: Path, arxiv_id: str, *, day: date, topics: tuple[str, ...] = (), note: str = "",
        pick: bool = False, base_url: str = arxiv_api.BASE_URL, file: Path | None = None,
        agent: str = http.USER_AGENT) -> str:
    parsed = ids.split_version(arxiv_id)
    if parsed is None:
        raise DigestError(f"add: {arxiv_id!r} is not an arXiv id (e.g. 2401.00001 or hep-th/9901001)")
    bare = parsed[0]
    wrong = clock.out_of_range(day)
    if wrong:
        raise DigestError(f"add: --date {wrong}")
    digest = load(content)
    for d in digest.days:
        if any(p.id == bare for p in d.papers):
            raise DigestError(f"add: {bare} is already in the digest on {d.date} "
                              f"(content/days/{d.date}.yml)")
    unknown = [t for t in topics if t not in {t.slug for t in digest.topics}]
    if unknown:
        raise ContentError([Problem("content/topics.yml", 1, "topics", f"unknown topic {t!r}",
                                    "add it to content/topics.yml first") for t in unknown])
    if file is not None:
        found = [p for p in arxiv_api.parse(inputs.read_bytes(file)).papers if p.id == bare]
    else:
        found = [p for p in arxiv_api.lookup([bare], base_url=base_url, agent=agent) if p.id == bare]
    if not found:
        raise DigestError(f"add: arXiv has no paper {bare}")
    paper = replace(new_paper(found[0]), topics=topics, note=note, pick=pick)
    current = next((d for d in digest.days if d.date == day), None) or Day(day, "", ())
    updated = replace(current, papers=(*current.papers, paper), upstream_empty=False)
    removed = tuple(r for r in digest.removed if r.id != bare)
    # Adding by hand is how a curator brings a paper back: it leaves removed.yml.
    save(content, days=[updated], removed=removed if removed != digest.removed else None)
    return f"added {bare} ({paper.title}) to {day_path(content, updated)}"


def remove(content: Path, paper_id: str, *, reason: str = "") -> str:
    digest = load(content)
    parsed = ids.split_version(paper_id)
    bare = parsed[0] if parsed else paper_id
    if not ids.is_valid(bare):
        raise DigestError(f"remove: {paper_id!r} is not a paper id")
    kept = [replace(d, papers=tuple(p for p in d.papers if p.id != bare))
            for d in digest.days if any(p.id == bare for p in d.papers)]
    messages = [f"removed {bare} from {day_path(content, d)}" for d in kept]
    listed = {r.id for r in digest.removed}
    if bare in listed and not kept:
        raise DigestError(f"remove: {bare} is not in the digest and already in content/removed.yml")
    # Its former ids too (a listing's t-…, see `enrich`): the capture ingested again must
    # not bring the paper back under its old id.
    former = [old for d in digest.days for p in d.papers if p.id == bare for old in p.former_ids]
    olds = tuple(Removed(old, reason) for old in former if old not in listed)
    save(content, days=kept, removed=None if bare in listed else (*digest.removed, Removed(bare, reason), *olds))
    if not messages:
        messages.append(f"{bare} is not in the digest; it will never be ingested")
    return "\n".join(messages + [f"listed {bare} in {content / 'removed.yml'}: no ingest brings it back"])
