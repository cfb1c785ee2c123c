"""Typed, frozen records: what flows between the pipeline's stages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

SOURCES = ("hf", "arxiv", "arxiv-rss", "listing", "manual")
# The newest days of a digest, counted in its day files from the newest one (content, never
# the clock): what readers and re-users come back for. Each has an open-data file of its own
# (render/opendata.py) and its cards' abstracts inline on its day page (render/pages.py);
# older days leave both to the archive file and the papers' own pages.
NEWEST_DAYS = 30


def newest_from(days: Sequence[object]) -> int:
    """The index of the first of the newest NEWEST_DAYS in `days` (oldest first): the one
    rule of which days are the newest, for the day pages, the open data and the budget."""
    return max(0, len(days) - NEWEST_DAYS)


@dataclass(frozen=True)
class Links:
    arxiv: str | None = None
    pdf: str | None = None
    code: str | None = None
    project: str | None = None

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in (("arxiv", self.arxiv), ("pdf", self.pdf),
                                   ("code", self.code), ("project", self.project)) if v]


@dataclass(frozen=True)
class Paper:
    """One paper of the digest, as curated in content/ and validated."""

    id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: date | None
    links: Links
    upvotes: int | None = None
    stars: int | None = None
    source: str = "manual"
    # From Hugging Face: its one-sentence summary, the model that wrote it, its keywords
    # and the organization the paper is filed under. Never invented where HF gives none.
    organization: str = ""
    ai_summary: str = ""
    ai_summary_model: str = ""
    ai_keywords: tuple[str, ...] = ()
    # Set by ingest when arXiv announced a newer version after the AI summary was taken.
    ai_summary_stale: bool = False
    # Curator-owned: ingest never overwrites these. `tldr` overrides the AI summary.
    topics: tuple[str, ...] = ()
    tldr: str = ""
    note: str = ""
    pick: bool = False
    # Ids the paper had before, oldest first (a listing's `t-…` id before `enrich` found it
    # on arXiv): their pages redirect here, and feed items keep the oldest one's id.
    former_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Day:
    date: date
    intro: str
    papers: tuple[Paper, ...]
    path: str = ""
    # Set when the upstream published nothing that day (weekend, holiday).
    upstream_empty: bool = False


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    description: str
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Follow:
    """A person or lab the digest follows for everyone (content/follows.yml): a page at
    following/<slug>/ with their papers, and feeds."""

    slug: str
    name: str  # as the papers' author lists (or organization) write it
    kind: str  # "author" or "organization"
    note: str = ""


@dataclass(frozen=True)
class Removed:
    id: str
    reason: str = ""


@dataclass(frozen=True)
class SourceStatus:
    """What the daily job last saw of one configured source (content/status.yml)."""

    name: str
    last_success: date | None = None
    # Papers the source returned per day, newest last, for the publish gate and /status/.
    recent: tuple[tuple[date, int], ...] = ()
    # Days held back (empty, short or failing upstream) with the reason: the next run asks
    # again; the other sources' papers of those days were published.
    held: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True)
class Digest:
    """Everything in content/, loaded and validated; days sorted oldest first."""

    days: tuple[Day, ...]
    topics: tuple[Topic, ...]
    removed: tuple[Removed, ...] = ()
    status: tuple[SourceStatus, ...] = ()
    follows: tuple[Follow, ...] = ()
    # paper id -> every topic it carries (rule matches plus curator tags), sorted.
    paper_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def topic(self, slug: str) -> Topic:
        for t in self.topics:
            if t.slug == slug:
                return t
        raise KeyError(slug)


@dataclass(frozen=True)
class RawPaper:
    """A paper as one upstream source describes it, before merging into content/."""

    id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: date | None
    links: Links
    source: str
    day: date | None = None  # the digest day the source assigns, if any
    version: int | None = None
    upvotes: int | None = None
    stars: int | None = None
    announce_type: str = "new"  # arXiv RSS: new, cross, replace, replace-cross
    categories: tuple[str, ...] = ()  # arXiv RSS: the item's categories (cs.RO, astro-ph.CO)
    organization: str = ""
    ai_summary: str = ""
    ai_summary_model: str = ""
    ai_keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceConfig:
    """One upstream source the daily job reads (sources.yml)."""

    name: str
    kind: str  # hf, arxiv, arxiv-rss
    query: str = ""  # arxiv: search_query
    category: str = ""  # arxiv-rss: e.g. cs.LG
    max_results: int = 50
    include: tuple[str, ...] = ()  # keep a paper only if one of these phrases matches
    exclude: tuple[str, ...] = ()  # drop a paper if one of these phrases matches
    min_papers: int = 1  # publish gate on weekdays
    base_url: str | None = None
    enrich: bool = False  # look its papers up on arXiv by title when they lack id, authors or date
