"""The site put together from what the engine themed and what we rendered: every page's
title, body and head links filled in, the day and paper pages written from their shells,
the feeds, the sitemap. The one writer of the output tree (besides the engine's assets
and Pagefind's index), used the same way by `python -m generator build` and by the
MkDocs hooks behind plain `mkdocs build` / `mkdocs serve`."""

from __future__ import annotations

import gzip
import html
import posixpath
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from generator.render import weeks
from generator.render.pages import Page, Site
from generator.site import paperpages, stage, verify
from generator.site.shell import Shell
from generator.site.stage import Tokens
from generator.write import inside

# What engines write that the generator makes itself (sitemap, with dates from the
# content) or that must not be published (the shells, Zensical's own search index).
LEFTOVERS = ("sitemap.xml", "sitemap.xml.gz", "search.json", "search/search_index.json")
# Folders assembly verifies part by part (or page by page) while writing them; the final
# scan of the site skips them (at 25,000 papers they are most of the site). Not weeks/:
# it also holds the index of weeks, a page of its own, so the final scan reads it whole.
VERIFIED = ("days/", "papers/")


@dataclass(frozen=True)
class Assembled:
    findings: tuple[verify.Finding, ...]  # from the parts verified while writing (days, papers)
    urls: int  # pages in the sitemap


def problems(site_dir: Path, assembled: Assembled) -> list[verify.Finding]:
    """Every problem in the assembled site: the parts verified while writing, and one scan
    of the rest (the pagefind/ folder holds no HTML)."""
    return verify.verify_site(site_dir, skip=VERIFIED) + list(assembled.findings)


def root_of(output: str) -> str:
    """The relative way back to the site root from a page written at `output`."""
    return "../" * output.count("/")


def head_links(root: str, site_name: str, page: Page | None = None) -> str:
    """Feed links for a page's head: the site's, and a topic page's own. "alternate feed",
    not plain "alternate": Material reads every link[rel=alternate] as a language version."""
    feeds = [(root, site_name), (root + weeks.PATH, f"{site_name}: weekly digest")]
    if page is not None and page.feeds_path is not None:
        here = posixpath.dirname(stage.output(page.src_uri)) or "."
        there = posixpath.relpath(page.feeds_path, here)
        feeds.append(("" if there == "." else there + "/", page.title))
    out = []
    for path, title in feeds:
        t = html.escape(title, quote=True)
        out.append(f'<link rel="alternate feed" type="application/rss+xml" title="{t} (RSS)" '
                   f'href="{path}feed.xml">\n'
                   f'<link rel="alternate feed" type="application/atom+xml" title="{t} (Atom)" '
                   f'href="{path}atom.xml">\n')
    return "".join(out)


def assemble(site_dir: Path, themed: dict[str, str], site: Site, tokens: Tokens, *,
             site_url: str, site_name: str) -> Assembled:
    """`themed`: each staged page's HTML as the engine wrote it, by src uri."""
    for rel in LEFTOVERS:
        (site_dir / rel).unlink(missing_ok=True)
    findings: list[verify.Finding] = []
    for uri, page in site.pages.items():
        out = stage.output(uri)
        shell = Shell.cut(themed[uri], tokens)
        text = shell.fill(title=html.escape(page.title, quote=True), body=page.body,
                          head=head_links(root_of(out), site_name, page))
        inside(site_dir, out).write_text(text, encoding="utf-8")
    for section, section_pages in site.sections.items():
        if section_pages:
            shell, found = _shell(themed, tokens, section)
            findings += found + _section_pages(site_dir, section, shell, section_pages, site_name)
    if site.papers:
        shell, found = _shell(themed, tokens, stage.PAPERS)
        job = paperpages.Job(site_dir, shell, head_links(_SECTION_ROOT, site_name), site.topic_titles,
                             site.updated)
        findings += found + paperpages.write_all(job, site.papers)
    not_found = site_dir / "404.html"
    if not_found.exists():  # served at any path: its links are absolute
        text = not_found.read_text(encoding="utf-8")
        links = head_links(urlsplit(site_url).path or "/", site_name)
        not_found.write_text(text.replace("</head>", links + "</head>", 1), encoding="utf-8")
    for section in (*site.sections, stage.PAPERS):
        shutil.rmtree(site_dir / section / "shell", ignore_errors=True)
    for rel, data in sorted(site.files.items()):
        if rel.endswith(".html"):  # the redirect pages of former ids, under papers/
            findings += verify.scan_html(rel, data.decode("utf-8"), ())
        target = inside(site_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    urls = write_sitemap(site_dir, site_url, _dated_paths(site))
    return Assembled(tuple(findings), urls)


# A section's pages sit at <section>/<slug>/index.html, as deep as its shell.
_SECTION_ROOT = "../../"


def _shell(themed: dict[str, str], tokens: Tokens, section: str) -> tuple[Shell, list[verify.Finding]]:
    """A section's themed shell, cut, and what the scanner finds in it (empty slots): checked
    once here, so each page filled into it only needs its own parts checked."""
    uri = stage.shell_uri(section)
    shell = Shell.cut(themed[uri], tokens, section)
    found = verify.scan_html(stage.output(uri), shell.fill(title="", body="<h1></h1>", head=""), verify.ASSETS)
    return shell, found


def _section_pages(site_dir: Path, section: str, shell: Shell, section_pages: dict[str, Page],
                   site_name: str) -> list[verify.Finding]:
    """A section's pages (days, weeks), each its own body filled into the section's shell."""
    findings: list[verify.Finding] = []
    head = head_links(_SECTION_ROOT, site_name)
    for slug, page in section_pages.items():
        findings += verify.scan_part(f"{section}/{slug}/index.html", page.body, verify.CONTENT_TAGS)
        target = inside(site_dir, f"{section}/{slug}")
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(
            shell.fill(title=html.escape(page.title, quote=True), body=page.body, head=head,
                       path=f"{section}/{slug}"),
            encoding="utf-8")
    return findings


def _dated_paths(site: Site) -> list[tuple[str, date | None]]:
    """Every page's path with the day it last changed: the newest day it shows (a day's own
    date, a week's newest day, a paper's day), the newest day of all for the rest (they list it)."""
    paths: list[tuple[str, date | None]] = []
    for uri in sorted(site.pages):
        out = stage.output(uri)
        paths.append((out.removesuffix("index.html"), site.pages[uri].changed or site.updated))
    paths += [(f"{section}/{slug}/", page.changed or site.updated)
              for section, section_pages in sorted(site.sections.items())
              for slug, page in sorted(section_pages.items())]
    paths += sorted((f"papers/{p.slug}/", p.day) for p in site.papers)
    return paths


def write_sitemap(site_dir: Path, site_url: str, paths: list[tuple[str, date | None]]) -> int:
    base = site_url.rstrip("/") + "/"
    entries = "".join(
        f"    <url>\n         <loc>{html.escape(base + path)}</loc>\n"
        + (f"         <lastmod>{when.isoformat()}</lastmod>\n" if when else "")
        + "    </url>\n"
        for path, when in paths)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n")
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    # gzip with a fixed mtime and no file name: byte-identical rebuilds.
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return len(paths)
