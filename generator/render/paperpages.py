"""The page of every paper: one themed shell, filled per paper, rendered, verified and
written on every core. At 25,000 papers this is most of the work, so it is done once,
in parallel, straight to disk."""

from __future__ import annotations

import gc
import html
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from generator import ids
from generator.content.records import Paper
from generator.render import bibtex, fragments
from generator.site import verify

PARALLEL_FROM = 2000  # papers; below this a process pool costs more than it saves


@dataclass(frozen=True)
class PaperItem:
    day: date
    paper: Paper
    tags: tuple[str, ...]
    updated: date | None = None  # the digest's newest day, for the freshness line

    @property
    def slug(self) -> str:
        return ids.slug(self.paper.id)


@dataclass(frozen=True)
class Job:
    site_dir: Path
    pieces: tuple[tuple[str, ...], ...]  # the shell before head, between, after body; split on the title
    titles: dict[str, str]


def split_shell(shell: str, markers: tuple[str, ...], title_token: str) -> tuple[tuple[str, ...], ...]:
    """The themed shell cut at each marker in turn, each piece split on the title token."""
    parts, rest = [], shell
    for marker in markers:
        before, rest = rest.split(marker, 1)
        parts.append(before)
    parts.append(rest)
    return tuple(tuple(part.split(title_token)) for part in parts)


def fill(parts: tuple[str, ...], title: str, section: str, slug: str) -> str:
    # Only the theme's URLs (attribute values: a quote follows) name the shell; escaped
    # text never holds a '"', so no title, here or in the nav, is rewritten.
    return title.join(parts).replace(f'/{section}/shell/"', f'/{section}/{slug}/"')


def render(item: PaperItem, titles: dict[str, str]) -> tuple[str, str]:
    p = item.paper
    arxiv = ids.split_version(p.id)
    arxiv_id = arxiv[0] if arxiv else None
    return (fragments.paper_head(p, arxiv_id),
            fragments.paper_body(p, item.tags, titles, item.day, arxiv_id, bibtex.entry(p), item.updated))


# A paper's slug is one path segment (ids are validated when content is loaded); checked
# again here because this is where it becomes a folder name.
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _write_chunk(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    findings: list[verify.Finding] = []
    papers_dir = os.path.join(job.site_dir, "papers")
    for item in items:
        slug = item.slug
        if not _SEGMENT.fullmatch(slug):
            raise ValueError(f"refusing to write a paper page for {item.paper.id!r}")
        head, body = render(item, job.titles)
        where = f"papers/{slug}/index.html"
        # Verified part by part: the shell is checked once, these parts here.
        findings += verify.scan_part(where, head, verify.HEAD_TAGS)
        findings += verify.scan_part(where, body, verify.CONTENT_TAGS)
        title = html.escape(item.paper.title, quote=True)
        before, between, after = (fill(parts, title, "papers", slug) for parts in job.pieces)
        folder = os.path.join(papers_dir, slug)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as out:
            out.write(before + head + between + body + after)
    return findings


# The work of a parallel write, inherited by the forked workers rather than pickled to them
# (25,000 records); set only for the life of one pool.
_FORKED: tuple[Job, list[PaperItem]] | None = None


def _write_range(bounds: tuple[int, int]) -> list[verify.Finding]:
    assert _FORKED is not None
    job, items = _FORKED
    return _write_chunk(job, items[bounds[0]:bounds[1]])


def write_all(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    global _FORKED
    os.makedirs(job.site_dir / "papers", exist_ok=True)
    workers = min(4, os.cpu_count() or 1)
    if len(items) < PARALLEL_FROM or workers < 2:
        return _write_chunk(job, items)
    size = max(1, len(items) // (workers * 4))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    _FORKED = (job, items)
    # Frozen, the parent's objects are left alone by the children's garbage collector, so
    # their memory pages stay shared instead of being copied into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            return [f for found in pool.map(_write_range, bounds) for f in found]
    finally:
        gc.unfreeze()
        _FORKED = None
