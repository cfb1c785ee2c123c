"""The ingest stage: fetch or read a source, merge into content/, write changed days atomically."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generator import clock, ids
from generator.content.load import load
from generator.content.save import save
from generator.content.sources import digest_day
from generator.errors import ContentError, DigestError, NothingNew, UpstreamError, would_not_load
from generator.ingest import listing
from generator.ingest.gate import gate_hand_run
from generator.ingest.merge import MergeResult, merge
from generator.ingest.registry import READERS, Answer, Request

__all__ = ["Report", "Request", "fetch", "ingest"]


@dataclass(frozen=True)
class Report:
    source: str
    fetched: int
    result: MergeResult
    written: tuple[Path, ...]

    def summary(self) -> str:
        r = self.result
        text = (f"{self.source}: {self.fetched} fetched, {len(r.added)} added, "
                f"{len(r.updated)} updated")
        if r.skipped_removed:
            text += f", {len(r.skipped_removed)} skipped (removed by a curator)"
        return text + "".join(f"\n  wrote {p}" for p in self.written)


def fetch(req: Request) -> Answer:
    """Raw records, and the day they belong to when the answer itself says so."""
    wrong = clock.out_of_range(req.day) if req.day else None
    if wrong:
        raise DigestError(f"ingest {req.source}: --date {wrong}")
    reader = READERS[req.source]
    return reader.saved(req.file, req) if req.file is not None else reader.fetch(req)


def ingest(req: Request, content: Path) -> Report:
    """Everything is validated and merged in memory first; only then are files replaced."""
    digest = load(content)  # refuse to merge into content that is already broken
    kind = READERS[req.source].kind
    answer = fetch(req)
    if req.source == "listing":  # title-derived ids: two papers must stay two
        # A paper `enrich` gave an arXiv id still holds its title id among its former ids,
        # and merge files that id under it: another paper whose title casefolds alike
        # must not take it, or it would vanish into the enriched one.
        known = {i: p.abstract for d in digest.days for p in d.papers
                 for i in (p.id, *p.former_ids) if ids.TITLE_ID.fullmatch(i)}
        answer = replace(answer, papers=listing.distinct_ids(answer.papers, known))
    if req.day is not None and not req.allow_partial:
        gate_hand_run(digest, req.source, req.day, len(answer.papers))
    day_of: dict[str, date] = {}
    for raw in answer.papers:
        when = digest_day(kind, answer.day, raw.day)
        if when is None:
            raise UpstreamError(f"{req.source}: no day known for {raw.id}; pass --date YYYY-MM-DD")
        wrong = clock.out_of_range(when)
        if wrong:  # a day file nobody could load back: refused before anything is written
            raise UpstreamError(f"{req.source}: the day of {raw.id}: {wrong}")
        day_of[raw.id] = when
    result = merge(digest, answer.papers, day_of)
    try:
        written = save(content, days=result.days.values())
    except ContentError as exc:  # the files it names do not exist yet: an upstream fault
        raise would_not_load(req.source, exc.problems) from None
    report = Report(req.source, len(answer.papers), result, written)
    if not written:
        raise NothingNew(report.summary() + "\nnothing new: content/ is unchanged")
    return report
