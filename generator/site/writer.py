"""The one writer of the output tree: every page, feed, BibTeX file, redirect and sitemap
the generator makes goes through `Writer`, which keeps each path inside the site
(`write.inside`) and refuses to write one path twice.

The engine's own output (its assets, the pages it themed, which we then fill) and
Pagefind's index are written by those tools; `strays` checks that nothing else appears
in the site.

Paper pages are written in forked workers (generator/pool.py): the parent claims every
path first (`claim`), so a duplicate is refused before any worker starts, and a worker
only writes what was claimed (`put`)."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path

from generator.errors import DigestError
from generator.write import inside


class WriteError(DigestError):
    pass


class Writer:
    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._claimed: set[str] = set()
        self._written: set[str] = set()  # in this process; put() in a worker is not seen here

    @property
    def claimed(self) -> frozenset[str]:
        return frozenset(self._claimed)

    def claim(self, rel: str) -> Path:
        """Reserve `rel` for one write; refused when outside the site or claimed before."""
        target = inside(self.site_dir, rel)
        if rel in self._claimed:
            raise WriteError(f"refusing to write {rel} twice: two pages or files have the same address")
        self._claimed.add(rel)
        return target

    def claim_all(self, rels: Iterable[str]) -> None:
        for rel in rels:
            self.claim(rel)

    def put(self, rel: str, data: bytes | str) -> None:
        """Write a path claimed before (in this process or the parent of a forked worker)."""
        if rel not in self._claimed:
            raise WriteError(f"refusing to write {rel}: not claimed before")
        if rel in self._written:
            raise WriteError(f"refusing to write {rel} twice")
        self._written.add(rel)
        target = inside(self.site_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(target, "wb") as out:
            out.write(data)

    def write(self, rel: str, data: bytes | str) -> None:
        self.claim(rel)
        self.put(rel, data)

    def strays(self, skip: tuple[str, ...] = (), allowed: Collection[str] = ()) -> list[str]:
        """Files below the root that we did not write: the engine themes the pages we fill
        (written, then) and copies the curator's docs/ (`allowed`); nothing else may appear.
        Not the root's own files, which the engine shares with what a curator keeps there
        (CNAME, a favicon); `skip`: folders owned by other tools (its assets, Pagefind's)."""
        out = []
        for top, dirs, files in os.walk(self.site_dir):
            rel_top = os.path.relpath(top, self.site_dir).replace(os.sep, "/")
            if rel_top == ".":
                dirs[:] = [d for d in dirs if d + "/" not in skip]
                continue
            out += [rel for name in files
                    if (rel := f"{rel_top}/{name}") not in self._claimed and rel not in allowed]
        return sorted(out)
