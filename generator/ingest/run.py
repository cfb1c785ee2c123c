"""The ingest stage: fetch or read a source, merge into content/, write changed days atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import clock, ids
from generator.content import dump, validate
from generator.content.load import load
from generator.content.records import Digest, RawPaper, SourceConfig, SourceStatus
from generator.content.validate import Checker
from generator.content.yamlsafe import parse
from generator.errors import DigestError, NothingNew, UpstreamError, would_not_load
from generator.ingest import arxiv_api, arxiv_rss, hf, listing
from generator.ingest.merge import MergeResult, merge
from generator.write import write_if_changed

DEFAULTS = {"hf": hf.BASE_URL, "arxiv": "https://export.arxiv.org", "arxiv-rss": arxiv_rss.BASE_URL}


@dataclass(frozen=True)
class Request:
    source: str  # hf, arxiv, arxiv-rss, listing
    day: date | None = None
    file: Path | None = None
    base_url: str | None = None
    query: str = ""
    max_results: int = 50
    category: str = ""
    allow_partial: bool = False


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


def fetch(req: Request) -> tuple[list[RawPaper], date | None]:
    """Raw records and the day they belong to when the source itself says so."""
    base = req.base_url or DEFAULTS.get(req.source, "")
    wrong = clock.out_of_range(req.day) if req.day else None
    if wrong:
        raise DigestError(f"ingest {req.source}: --date {wrong}")
    try:
        data = req.file.read_bytes() if req.file else None
    except OSError as exc:
        raise DigestError(f"cannot read {req.file}: {exc.strerror or exc}") from None
    if req.source == "hf":
        if data is not None:
            raws = hf.parse(data)
            return [r for r in raws if req.day is None or r.day in (None, req.day)], req.day
        assert req.day is not None
        return hf.fetch_day(req.day, base_url=base), req.day
    if req.source == "arxiv":
        if data is not None:
            return list(arxiv_api.parse(data).papers)[: req.max_results], req.day
        return arxiv_api.search(req.query, max_results=req.max_results, base_url=base), req.day
    if req.source == "arxiv-rss":
        if data is not None:
            feed = arxiv_rss.parse(data)
        else:
            try:
                feed = arxiv_rss.fetch(req.category, base_url=base)
            except ValueError as exc:  # "cs LG": not a category list; nothing was fetched
                raise DigestError(f"ingest arxiv-rss: {exc}") from None
        return list(feed.papers), req.day or feed.pub_date
    if req.source == "listing":
        assert data is not None and req.day is not None
        try:
            capture = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DigestError(f"{req.file}: not UTF-8 text (byte {exc.start})") from None
        return listing.parse(capture, req.day), req.day
    raise ValueError(f"unknown source {req.source!r}")


def ingest(req: Request, content: Path) -> Report:
    """Everything is validated and merged in memory first; only then are files replaced."""
    digest = load(content)  # refuse to merge into content that is already broken
    raws, default_day = fetch(req)
    if req.source == "listing":  # title-derived ids: two papers must stay two
        raws = listing.distinct_ids(raws, {p.id: p.abstract for d in digest.days for p in d.papers
                                           if ids.TITLE_ID.fullmatch(p.id)})
    if req.source == "hf" and req.day is not None and not req.allow_partial:
        _gate_hf(digest, req.day, len(raws))
    day_of: dict[str, date] = {}
    for raw in raws:
        when = raw.day if req.source == "hf" and raw.day else (default_day or raw.day)
        if when is None:
            raise UpstreamError(f"{req.source}: no day known for {raw.id}; pass --date YYYY-MM-DD")
        wrong = clock.out_of_range(when)
        if wrong:  # a day file nobody could load back: refused before anything is written
            raise UpstreamError(f"{req.source}: the day of {raw.id}: {wrong}")
        day_of[raw.id] = when
    result = merge(digest, raws, day_of)
    texts: dict[Path, str] = {}
    problems = []
    for day in result.days.values():
        path = content / "days" / f"{day.date.isoformat()}.yml"
        text = dump.day_yaml(day)
        checker = Checker(str(path))
        validate.day_file(checker, parse(text), day.date)  # what we write must load back
        problems += checker.problems
        texts[path] = text
    if problems:
        raise would_not_load(req.source, problems)
    written = tuple(p for p, t in sorted(texts.items()) if write_if_changed(p, t))
    report = Report(req.source, len(raws), result, written)
    if not written:
        raise NothingNew(report.summary() + "\nnothing new: content/ is unchanged")
    return report


def _gate_hf(digest: Digest, day: date, count: int) -> None:
    """The daily job's publish gate, for a hand-run `ingest hf`: a weekday with far fewer
    papers than the recent days from Hugging Face is a list still filling up, not a day."""
    from generator.jobs.daily import gate  # the daily job imports this module's neighbours

    recent = [(d.date, sum(1 for p in d.papers if p.source == "hf")) for d in digest.days if d.date < day]
    recent = [(when, n) for when, n in recent if n][-7:]
    gate(SourceConfig(name="hf", kind="hf"), day, count, SourceStatus("hf", recent=tuple(recent)),
         way_out="pass --allow-partial to take the day as it is")
