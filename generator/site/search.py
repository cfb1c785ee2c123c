"""Search: a Pagefind index of the days, fetched by the reader in small chunks.

Each day page is one record and each paper one sub-result, under its card's anchor:
1,300 records for 25,000 papers keep the index's per-record metadata, which every first
search downloads, near 10 KB; a record per paper page cost 43 s and 1.8 GB at that size.

Pagefind reads a plain document per day, written from the loaded records (title, every
author, note, abstract: the text the day page shows, cleaned and escaped the same way),
and starts as soon as the content is loaded: indexing is the longest single task of a
large build, so it runs on one core while the pages are rendered and written on the other.

The index is built in parts of about `PART_PAPERS` papers, one Pagefind run after another,
and the search page merges them in the browser (Pagefind's `mergeIndex`). Pagefind holds a
whole index in memory, about 70 MB per 1,000 papers (1.8 GB at 25,000, 6.1 GB at 100,000,
measured): a part keeps its peak flat however long the archive grows. Each part costs a
first search its metadata and one ~30 KB index chunk per word, so parts are as large as
the memory allows. Parts are runs of days, oldest first, and a part closes once it holds
`PART_PAPERS` papers: what a new day adds changes only the newest part.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from generator import ids, urls
from generator.content.records import Day, Paper
from generator.errors import DigestError


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


# Measured at 100,000 synthetic papers: a part of 25,000 peaks at 1.56 GB in Pagefind (the whole
# build at 2.7 GB), and each part adds ~76 KB to a two-word first search (its metadata and one
# index chunk a word). 34,000 makes 100,000 papers three parts, not four: the first search
# under 500 KB, Pagefind near 2.1 GB, the build well under a 2-core runner's 4 GB budget.
PART_PAPERS = 34_000
# The first part is Pagefind's own bundle (pagefind/); part 2 on are merged from pagefind/part2/ ...,
# listed under this key in the first part's entry file, which the search page reads.
PART_FOLDER = "part{n}/"
PARTS_KEY = "parts"
# What the search page loads of a bundle: Pagefind's script, worker and English wasm (the first
# part only), and each part's entry, metadata, index and fragments. Its UI bundles, the
# highlighter and the wasm for unknown languages (every record is English) are left out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
          "wasm.unknown.pagefind")
SHARED = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind")  # the first part's serve every part


def parts(days: Iterable[Day], size: int | None = None) -> list[list[Day]]:
    """The days with papers, oldest first, in runs of at least `size` (`PART_PAPERS`) papers,
    the last one fewer: a run closes with the day that brings it to `size`."""
    size = PART_PAPERS if size is None else size
    out: list[list[Day]] = [[]]
    held = 0
    for day in sorted((d for d in days if d.papers), key=lambda d: d.date):
        if held >= size:
            out.append([])
            held = 0
        out[-1].append(day)
        held += len(day.papers)
    return out if out[0] else []


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


def indexed(days: Iterable[Day], tags: Mapping[str, tuple[str, ...]],
            size: int | None = None) -> list[dict[str, str]]:
    """The documents of each index part (see `parts`), oldest first; none without papers."""
    return [documents(run, tags) for run in parts(days, size)]


@dataclass
class Indexing:
    """Pagefind at work in the background on its own copy of the indexed text: one run per
    part, one after another (so one core and one part's memory), in a thread that waits."""

    source: Path
    count: int  # parts; 0: no paper to index (Pagefind refuses to build an empty index)
    process: subprocess.Popen[bytes] | None = None  # the run at work now, or the last one
    failure: str = ""
    stopped: bool = False
    thread: threading.Thread | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def bundle(self) -> Path:
        return self.source / "pagefind"

    def _output(self, n: int) -> Path:
        return self.bundle if n == 1 else self.bundle / PART_FOLDER.format(n=n)

    def _run(self) -> None:
        try:
            for n in range(1, self.count + 1):
                docs, out = self.source / str(n), self._output(n)
                command = [sys.executable, "-m", "pagefind", "--site", str(docs), "--output-path", str(out),
                           "--glob", urls.file(urls.DAY_PATTERN.format(date="*")), "--force-language", "en",
                           "--silent"]
                with self.lock:
                    if self.stopped:
                        return
                    with open(self.source / f"pagefind-{n}.log", "wb") as log:
                        process = self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                                                  stdin=subprocess.DEVNULL)
                code = process.wait()
                if self.stopped:
                    return
                if code != 0 or not (out / "pagefind-entry.json").exists():
                    log_text = (self.source / f"pagefind-{n}.log").read_text(encoding="utf-8", errors="replace")
                    part = f" (part {n} of {self.count})" if self.count > 1 else ""
                    self.failure = f"pagefind failed{part} ({code}): {log_text.strip()[-2000:]}"
                    return
                shutil.rmtree(docs)
                for name in UNUSED + (SHARED if n > 1 else ()):
                    (out / name).unlink(missing_ok=True)
        except Exception as exc:  # noqa: BLE001 - reported by finish(), in the build's own thread
            self.failure = f"pagefind could not run: {exc}"

    def finish(self, site_dir: Path) -> None:
        try:
            if self.thread is None:
                return  # no index: /search/ says there is nothing to search yet
            self.thread.join()
            if self.failure:
                raise DigestError(self.failure)
            entry_file = self.bundle / "pagefind-entry.json"
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            entry[PARTS_KEY] = [PART_FOLDER.format(n=n) for n in range(2, self.count + 1)]
            entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            target = site_dir / "pagefind"
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(self.bundle), str(target))
        finally:
            shutil.rmtree(self.source, ignore_errors=True)

    def cancel(self) -> None:
        with self.lock:
            self.stopped = True
            if self.process is not None:
                self.process.kill()
        if self.thread is not None:
            self.thread.join()
        if self.process is not None:
            self.process.wait()
        shutil.rmtree(self.source, ignore_errors=True)


def start(parts: Sequence[Mapping[str, str]]) -> Indexing:
    """Write each part's documents and start indexing them in the background."""
    source = Path(tempfile.mkdtemp(prefix="pd-search-"))
    indexing = Indexing(source, len(parts))
    if not parts:
        return indexing
    for n, docs in enumerate(parts, start=1):
        for rel, text in docs.items():
            path = source / str(n) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    indexing.thread = threading.Thread(target=indexing._run, name="pagefind", daemon=True)
    indexing.thread.start()
    return indexing


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
