"""A curator's commands: add a paper by arXiv id, remove one for good."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator import clock, ids, inputs
from generator.content import validate
from generator.content.load import load
from generator.content.records import Day, Removed
from generator.content.save import day_path, save
from generator.errors import DigestError
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
    slugs = [t.slug for t in digest.topics]
    unknown = [t for t in topics if t not in slugs]
    if unknown:  # the command line's mistake, with validate's own hint
        raise DigestError("\n".join(f"add --topic: unknown topic {t!r} (hint: {validate.suggest(t, slugs)})"
                                    for t in unknown))
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


def remove(content: Path, paper_ids: Sequence[str], *, reason: str = "") -> str:
    """Take papers out for good: all of them, or (when one id is wrong) none."""
    digest = load(content)
    listed = {r.id for r in digest.removed}
    where = {p.id: d.date for d in digest.days for p in d.papers}
    bares: list[str] = []
    wrong: list[str] = []
    for paper_id in paper_ids:
        parsed = ids.split_version(paper_id)
        bare = parsed[0] if parsed else paper_id
        if not ids.is_valid(bare):
            wrong.append(f"remove: {paper_id!r} is not a paper id")
        elif bare in listed and bare not in where:
            wrong.append(f"remove: {bare} is not in the digest and already in content/removed.yml")
        elif bare not in bares:
            bares.append(bare)
    if wrong:
        raise DigestError("\n".join(wrong + (["nothing was removed"] if len(paper_ids) > 1 else [])))
    gone = set(bares)
    kept = [replace(d, papers=tuple(p for p in d.papers if p.id not in gone))
            for d in digest.days if any(p.id in gone for p in d.papers)]
    added: list[Removed] = []
    messages: list[str] = []
    for bare in bares:
        messages += [f"removed {bare} from {day_path(content, d)}" for d in digest.days
                     if any(p.id == bare for p in d.papers)]
        if bare in listed:
            continue  # listed already (and in the digest again, added by hand): only taken out
        # Its former ids too (a listing's t-…, see `enrich`): the capture ingested again must
        # not bring the paper back under its old id.
        former = [old for d in digest.days for p in d.papers if p.id == bare for old in p.former_ids]
        added += [Removed(bare, reason), *(Removed(old, reason) for old in former if old not in listed)]
        if bare not in where:
            messages.append(f"{bare} is not in the digest; it will never be ingested")
    save(content, days=kept, removed=(*digest.removed, *added) if added else None)
    return "\n".join(messages + [f"listed {bare} in {content / 'removed.yml'}: no ingest brings it back"
                                 for bare in bares])
