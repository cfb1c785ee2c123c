"""The page of every paper: one themed shell, filled per paper, rendered, verified and
written on every core. At 25,000 papers this is most of the work, so it is done once,
in parallel, straight to disk."""

from __future__ import annotations

import html
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from generator import ids, verify
from generator.records import Paper
from generator.render import bibtex, fragments
from generator.write import inside

PARALLEL_FROM = 2000  # papers; below this a process pool costs more than it saves


@dataclass(frozen=True)
class PaperItem:
    day: date
    paper: Paper
    tags: tuple[str, ...]

    @property
    def slug(self) -> str:
        return ids.slug(self.paper.id)


@dataclass(frozen=True)
class Job:
    site_dir: Path
    pieces: tuple[tuple[str, ...], ...]  # the shell before head, between, after body; split on the title
    titles: dict[str, str]


def split_shell(shell: str, head_marker: str, body_marker: str, title_token: str) -> tuple[tuple[str, ...], ...]:
    head_at, body_at = shell.index(head_marker), shell.index(body_marker)
    parts = (shell[:head_at], shell[head_at + len(head_marker):body_at], shell[body_at + len(body_marker):])
    return tuple(tuple(part.split(title_token)) for part in parts)


def render(item: PaperItem, titles: dict[str, str]) -> tuple[str, str]:
    p = item.paper
    arxiv = ids.split_version(p.id)
    arxiv_id = arxiv[0] if arxiv else None
    return (fragments.paper_head(p, arxiv_id),
            fragments.paper_body(p, item.tags, titles, item.day, arxiv_id, bibtex.entry(p)))


def _fill(parts: tuple[str, ...], title: str, slug: str) -> str:
    # Only the theme's URLs (attribute values: a quote follows) name the shell; escaped
    # text never holds a '"', so no title, here or in the nav, is rewritten.
    return title.join(parts).replace('/papers/shell/"', f'/papers/{slug}/"')


def _write_chunk(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    findings: list[verify.Finding] = []
    for item in items:
        head, body = render(item, job.titles)
        where = f"papers/{item.slug}/index.html"
        # Verified part by part: the shell is checked once, these parts here.
        findings += verify.scan_part(where, head, verify.HEAD_TAGS)
        findings += verify.scan_part(where, body, verify.CONTENT_TAGS)
        title = html.escape(item.paper.title, quote=True)
        before, between, after = (_fill(parts, title, item.slug) for parts in job.pieces)
        text = before + head + between + body + after
        target = inside(job.site_dir, where)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return findings


def _write_chunk_args(args: tuple[Job, list[PaperItem]]) -> list[verify.Finding]:
    return _write_chunk(*args)


def write_all(job: Job, items: list[PaperItem]) -> list[verify.Finding]:
    workers = min(4, os.cpu_count() or 1)
    if len(items) < PARALLEL_FROM or workers < 2:
        return _write_chunk(job, items)
    size = max(1, len(items) // (workers * 4))
    chunks = [(job, items[i:i + size]) for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        return [f for found in pool.map(_write_chunk_args, chunks) for f in found]
