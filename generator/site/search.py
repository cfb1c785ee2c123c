"""Search: a Pagefind index of the days, fetched by the reader in small chunks.

Each day page is one record and each paper one sub-result, under its card's anchor:
1,300 records for 25,000 papers keep the index's per-record metadata, which every first
search downloads, near 10 KB; a record per paper page cost 43 s and 1.8 GB at that size.

Pagefind reads a plain document per day, written from the loaded records (title, every
author, note, abstract: the text the day page shows, cleaned and escaped the same way),
and starts as soon as the content is loaded: indexing is the longest single task of a
large build, so it runs on one core while the pages are rendered and written on the other.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from generator import ids, urls
from generator.errors import DigestError
from generator.content.records import Day, Paper


def _card(p: Paper) -> str:
    note = f"<p>{escape(p.note)}</p>" if p.note else ""
    abstract = "".join(f"<p>{escape(part)}</p>" for part in p.abstract.split("\n\n") if part)
    return (f'<section><h2 id="{ids.anchor(p.id)}">{escape(p.title)}</h2>'
            f"<p>{escape(', '.join(p.authors))}</p>{note}{abstract}</section>\n")


def _sort_key(day: Day) -> str:
    """The day's date as Pagefind's sort key, for "newest first". No data-pagefind-filter:
    Pagefind 1.5 writes its filter indexes in an order that changes from run to run (its
    issue #638), and a build must be byte-identical; the search page filters each card by
    the `cards` meta below and the day in its address instead."""
    return f'<span data-pagefind-sort="date:{day.date.isoformat()}"></span>'


def _card_meta(p: Paper, tags: Mapping[str, tuple[str, ...]]) -> list[object]:
    """[title, topic slugs, has code, pick]: what a result card shows and is filtered by."""
    return [p.title, list(tags.get(p.id, ())), int(bool(p.links.code)), int(p.pick)]


def documents(days: Iterable[Day], tags: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Site path of each day page with papers -> the HTML Pagefind indexes for it.

    Each card rides along in one meta value, JSON by anchor id (see `_card_meta`), which the
    search page shows and filters by: Pagefind's own heading text decodes entities once too
    often ('&amp;lt;' comes back as '<'). One key per page, not one per card, keeps the
    index's metadata small; meta lives in the day's fragment, fetched only with its result."""
    out = {}
    for day in days:
        if not day.papers:
            continue
        when = day.date.isoformat()
        cards = json.dumps({ids.anchor(p.id): _card_meta(p, tags) for p in day.papers}, ensure_ascii=False,
                           separators=(",", ":"))
        intro = f"<p>{escape(day.intro)}</p>" if day.intro else ""
        out[urls.file(urls.day(day.date))] = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Papers of {when}</title></head><body>"
            f'<span data-pagefind-meta="cards[data-pd-cards]" data-pd-cards="{escape(cards)}"></span>'
            f"{_sort_key(day)}"
            f"<div data-pagefind-body>{intro}{''.join(_card(p) for p in day.papers)}</div></body></html>\n")
    return out


@dataclass
class Indexing:
    """Pagefind at work in the background on its own copy of the indexed text."""

    process: subprocess.Popen[bytes] | None  # None: no paper to index (Pagefind refuses to build an empty index)
    source: Path

    def finish(self, site_dir: Path) -> None:
        try:
            if self.process is None:
                return  # no index: /search/ says there is nothing to search yet
            code = self.process.wait()
            log = (self.source / "pagefind.log").read_text(encoding="utf-8", errors="replace")
            built = self.source / "pagefind"
            if code != 0 or not (built / "pagefind.js").exists():
                raise DigestError(f"pagefind failed ({code}): {log.strip()[-2000:]}")
            target = site_dir / "pagefind"
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(built), str(target))
        finally:
            shutil.rmtree(self.source, ignore_errors=True)

    def cancel(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.source, ignore_errors=True)


def start(docs: dict[str, str]) -> Indexing:
    source = Path(tempfile.mkdtemp(prefix="pd-search-"))
    if not docs:
        return Indexing(None, source)
    for rel, text in docs.items():
        path = source / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--glob", urls.file(urls.DAY_PATTERN.format(date="*")),
               "--force-language", "en", "--silent"]
    with open(source / "pagefind.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return Indexing(process, source)


def reuse(previous: Path, site_dir: Path) -> bool:
    """`mkdocs serve` skips indexing for speed and serves the last full build's index,
    linked rather than copied: at 25,000 papers it is thousands of files."""
    if not (previous / "pagefind.js").exists():
        return False
    target = site_dir / "pagefind"
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.symlink_to(previous.resolve(), target_is_directory=True)
    return True
