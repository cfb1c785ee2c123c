"""The page of every paper: one themed shell, filled per paper, rendered, verified and
written on every core. At 25,000 papers this is most of the work, so it is done once,
in parallel, straight to disk."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator import ids, pool, urls
from generator.render import fragments, share
from generator.render.pages import PaperItem
from generator.site import verify
from generator.site.shell import Shell
from generator.site.writer import Writer

PARALLEL_FROM = 2000  # papers; below this a process pool costs more than it saves


@dataclass(frozen=True)
class Job:
    writer: Writer  # every page's path claimed before the workers fork
    shell: Shell  # the paper shell the engine themed
    head: str  # what every paper page's head carries (feed links, the shared preview tags)
    site_url: str  # for the absolute addresses of share previews
    titles: dict[str, str]


def render(item: PaperItem, titles: dict[str, str], site_url: str) -> tuple[str, str]:
    """A paper's own head (citation tags, preview tags, ScholarlyArticle) and body."""
    p = item.paper
    arxiv = ids.split_version(p.id)
    arxiv_id = arxiv[0] if arxiv else None
    head = (fragments.paper_head(p, arxiv_id) + share.page(site_url, urls.paper(p.id), "", "article")
            + share.scholarly_article(p, arxiv_id=arxiv_id,
                                      keywords=[titles.get(t, t) for t in item.tags]))
    return head, fragments.paper_body(p, item.tags, titles, item.day, arxiv_id, item.bib,
                                      related=item.related)


# A paper's slug is one path segment (ids are validated when content is loaded); checked
# again here because this is where it becomes a folder name.
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _write_chunk(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    findings: list[verify.Finding] = []
    for item in items:
        address = urls.paper(item.paper.id)
        head, body = render(item, job.titles, job.site_url)
        description = html.escape(fragments.description(item.paper), quote=True)
        if not job.shell.has("description"):  # a theme without per-page descriptions
            head += f'<meta name="description" property="og:description" content="{description}">\n'
        where = urls.file(address)
        # Verified part by part: the shell is checked once, these parts here.
        findings += verify.scan_part(where, head, verify.HEAD_TAGS, json_ld=True)
        findings += verify.scan_part(where, body, verify.CONTENT_TAGS)
        page = job.shell.fill(title=html.escape(item.paper.title, quote=True), body=body, head=job.head + head,
                              description=description, path=address.removesuffix("/"))
        job.writer.put(where, page)
    return findings


def _write_range(state: tuple[Job, list[PaperItem]], bounds: tuple[int, int]) -> list[verify.Finding]:
    job, items = state
    return _write_chunk(job, items[bounds[0]:bounds[1]])


def write_all(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    """Every paper page; each path claimed here, in the parent, so that a second paper with
    the same address is refused before any worker writes."""
    for item in items:
        if not _SEGMENT.fullmatch(item.slug):
            raise ValueError(f"refusing to write a paper page for {item.paper.id!r}")
        job.writer.claim(urls.file(urls.paper(item.paper.id)))
    workers = min(4, pool.cores())
    if len(items) < PARALLEL_FROM or workers < 2:
        return _write_chunk(job, items)
    size = max(1, len(items) // (workers * 4))
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    return [f for found in pool.fork_map(_write_range, (job, items), bounds, workers=workers) for f in found]
