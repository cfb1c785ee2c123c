"""The ingest stage: fetch or read a source, merge into content/, write changed days atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.content.load import load
from generator.content.save import save
from generator.content.sources import digest_day
from generator.errors import NothingNew, UpstreamError
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
    reader = READERS[req.source]
    return reader.saved(req.file, req) if req.file is not None else reader.fetch(req)


def ingest(req: Request, content: Path) -> Report:
    """Everything is validated and merged in memory first; only then are files replaced."""
    digest = load(content)  # refuse to merge into content that is already broken
    kind = READERS[req.source].kind
    answer = fetch(req)
    if req.day is not None and not req.allow_partial:
        gate_hand_run(digest, req.source, req.day, len(answer.papers))
    day_of: dict[str, date] = {}
    for raw in answer.papers:
        when = digest_day(kind, answer.day, raw.day)
        if when is None:
            raise UpstreamError(f"{req.source}: no day known for {raw.id}; pass --date YYYY-MM-DD")
        day_of[raw.id] = when
    result = merge(digest, answer.papers, day_of)
    written = save(content, days=result.days.values())
    report = Report(req.source, len(answer.papers), result, written)
    if not written:
        raise NothingNew(report.summary() + "\nnothing new: content/ is unchanged")
    return report
