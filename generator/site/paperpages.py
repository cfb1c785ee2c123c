"""The page of every paper: one themed shell, filled per paper, rendered, verified and
written on every core. At 25,000 papers this is most of the work, so it is done once,
in parallel, straight to disk."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import ids, pool
from generator.render import fragments
from generator.render.pages import PaperItem
from generator.site import verify
from generator.site.shell import Shell

PARALLEL_FROM = 2000  # papers; below this a process pool costs more than it saves


@dataclass(frozen=True)
class Job:
    site_dir: Path
    shell: Shell  # the paper shell the engine themed
    head: str  # the head links every paper page carries (feeds)
    titles: dict[str, str]
    updated: date | None  # the digest's newest day, for every page's freshness line


def render(item: PaperItem, titles: dict[str, str], updated: date | None) -> tuple[str, str]:
    p = item.paper
    arxiv = ids.split_version(p.id)
    arxiv_id = arxiv[0] if arxiv else None
    return (fragments.paper_head(p, arxiv_id),
            fragments.paper_body(p, item.tags, titles, item.day, arxiv_id, item.bib, updated))


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
        head, body = render(item, job.titles, job.updated)
        description = html.escape(fragments.description(item.paper), quote=True)
        if not job.shell.has("description"):  # a theme without per-page descriptions
            head += f'<meta name="description" content="{description}">\n'
        where = f"papers/{slug}/index.html"
        # Verified part by part: the shell is checked once, these parts here.
        findings += verify.scan_part(where, head, verify.HEAD_TAGS)
        findings += verify.scan_part(where, body, verify.CONTENT_TAGS)
        page = job.shell.fill(title=html.escape(item.paper.title, quote=True), body=body, head=job.head + head,
                              description=description, path=f"papers/{slug}")
        folder = os.path.join(papers_dir, slug)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "w", encoding="utf-8") as out:
            out.write(page)
    return findings


def _write_range(state: tuple[Job, list[PaperItem]], bounds: tuple[int, int]) -> list[verify.Finding]:
    job, items = state
    return _write_chunk(job, items[bounds[0]:bounds[1]])


def write_all(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    os.makedirs(job.site_dir / "papers", exist_ok=True)
    workers = min(4, pool.cores())
    if len(items) < PARALLEL_FROM or workers < 2:
        return _write_chunk(job, items)
    size = max(1, len(items) // (workers * 4))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    return [f for found in pool.fork_map(_write_range, (job, items), bounds, workers=workers) for f in found]
