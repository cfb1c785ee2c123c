"""The publish gate: a weekday with no papers, or far fewer than usual, is an upstream list
still filling up or broken, not a day to publish. The daily job holds such a source back for
that day (the other sources are published, and the next run asks again); a hand-run `ingest`
of a kind whose lists fill up during the day (Hugging Face) is refused."""

from __future__ import annotations

import statistics
from datetime import date

from generator.content.records import Digest, SourceConfig, SourceStatus
from generator.content.sources import KINDS
from generator.errors import UpstreamError

PARTIAL = 0.3  # a weekday below 30% of the recent median is a partial day
RECENT = 7  # days of history the median is taken over


class GateError(UpstreamError):
    """The publish gate refused a day: empty or partial where papers were expected."""


def shortfall(source: SourceConfig, day: date, count: int, status: SourceStatus | None) -> str | None:
    """Why `count` papers from `source` on `day` is too few to publish, or None."""
    if day.weekday() >= 5:
        return None  # weekends: an empty day is normal upstream, and is shown as such
    recent = [n for _, n in (status.recent if status else ())][-RECENT:]
    usual = statistics.median([n for n in recent if n > 0]) if any(recent) else 0
    floor = max(source.min_papers, int(usual * PARTIAL))
    if count >= floor:
        return None
    why = "none" if count == 0 else f"only {count}"
    usual_text = f" (usual: {usual:g} a day over recent days)" if usual else ""
    return f"returned {why} for weekday {day:%a %Y-%m-%d}, fewer than {floor}{usual_text}"


def gate_hand_run(digest: Digest, kind: str, day: date, count: int) -> None:
    """The gate for a hand-run `ingest KIND --date DAY`, with the digest's own recent days of
    that kind as the history (no status.yml entry names a hand run)."""
    if not KINDS[kind].hand_gate:
        return
    recent = [(d.date, sum(1 for p in d.papers if p.source == kind)) for d in digest.days if d.date < day]
    recent = [(when, n) for when, n in recent if n][-RECENT:]
    why = shortfall(SourceConfig(name=kind, kind=kind), day, count, SourceStatus(kind, recent=tuple(recent)))
    if why:
        raise GateError(
            f"publish gate: source {kind!r} {why}; refusing to publish an empty or partial day. "
            "Nothing was written. Re-run later, or pass --allow-partial to take the day as it is.")
