"""The site put together from what the engine themed and what we rendered: every page's
title, body and head links filled in, the day, week and paper pages written from their
lean shells, the feeds, the sitemap and robots.txt, all through the one writer
(site/writer.py), at the addresses of the site map (generator/urls.py); one step of
site/pipeline.py."""

from __future__ import annotations

import html
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator import pool, urls
from generator.render import share
from generator.render.pages import Page, SectionPage, Site
from generator.site import leanassets, paperpages, sitemap, stage, verify
from generator.site.shell import Shell
from generator.site.stage import Tokens
from generator.site.writer import Writer

# What engines write that the generator makes itself (sitemap, with dates from the
# content) or that must not be published (the shells, Zensical's own search index).
LEFTOVERS = (urls.SITEMAP, urls.SITEMAP + ".gz", "search.json", "search/search_index.json")
# Folders assembly verifies part by part (or page by page) while writing them; the final
# scan of the site skips them (at 25,000 papers they are most of the site). Not weeks/:
# it also holds the index of weeks, a page of its own, so the final scan reads it whole.
VERIFIED = (urls.DAYS, urls.PAPERS)
SECTION_PARALLEL_FROM = 100  # pages of a section (a day page takes ~20 ms); below, a pool costs more


@dataclass(frozen=True)
class Assembled:
    findings: tuple[verify.Finding, ...]  # from the parts verified while writing (days, papers)
    urls: int  # pages in the sitemap
    writer: Writer  # what wrote them, for what follows (the build's marker)


def problems(site_dir: Path, assembled: Assembled) -> list[verify.Finding]:
    """Every problem in the assembled site: the parts verified while writing, and one scan
    of the rest (the pagefind/ folder holds no HTML)."""
    return verify.verify_site(site_dir, skip=VERIFIED) + list(assembled.findings)


def head_links(root: str, site_name: str, page: Page | None = None, *, weekly: bool = True) -> str:
    """Feed links for a page's head: the site's, the weekly digest's (not on the paper
    pages: 355 bytes each, 100,000 times; every other page links it), and a topic page's
    own. "alternate feed", not plain "alternate": Material reads every link[rel=alternate]
    as a language version."""
    feeds = [(root, site_name)] + ([(root + urls.WEEKS, f"{site_name}: weekly digest")] if weekly else [])
    if page is not None and page.feeds_path is not None:
        feeds.append((urls.relative(urls.from_source(page.src_uri), page.feeds_path), page.title))
    out = []
    for path, title in feeds:
        t = html.escape(title, quote=True)
        out.append(f'<link rel="alternate feed" type="application/rss+xml" title="{t} (RSS)" '
                   f'href="{urls.rss(path)}">\n'
                   f'<link rel="alternate feed" type="application/atom+xml" title="{t} (Atom)" '
                   f'href="{urls.atom(path)}">\n'
                   f'<link rel="alternate feed" type="application/feed+json" title="{t} (JSON Feed)" '
                   f'href="{urls.json_feed(path)}">\n')
    return "".join(out)



def assemble(site_dir: Path, themed: dict[str, str], site: Site, tokens: Tokens, *,
             site_url: str, site_name: str, docs: Collection[str] = ()) -> Assembled:
    """`themed`: each staged page's HTML as the engine wrote it, by src uri; `docs`: what the
    engine wrote from the project's docs/ (our assets, a curator's own pages)."""
    for rel in LEFTOVERS:
        (site_dir / rel).unlink(missing_ok=True)
    writer = Writer(site_dir)
    findings: list[verify.Finding] = []
    common = share.common(site_url, site_name)  # the preview tags every page carries
    for uri, page in site.pages.items():
        address = urls.from_source(uri)
        shell = Shell.cut(share.with_og_description(themed[uri]), tokens)
        head = head_links(urls.root(address), site_name, page) + common + share.page(site_url, address, page.title)
        writer.write(urls.file(address), shell.fill(title=html.escape(page.title, quote=True), body=page.body,
                                                    head=head))
    # Every lean shell (overrides/lean.html) without what its pages share, written once
    # into assets/lean.css and lean.js (over the engine's copy of docs/assets/lean.js).
    lean = [stage.shell_uri(section) for section, section_pages in site.sections.items() if section_pages]
    lean += [stage.shell_uri(stage.PAPERS)] if site.papers else []
    cut, assets = leanassets.take_all({stage.output(uri): themed[uri] for uri in lean}, site_dir)
    for rel, text in assets.items():
        writer.write(rel, text)
    themed = {**themed, **{uri: cut[stage.output(uri)] for uri in lean}}
    for section, section_pages in site.sections.items():
        if section_pages:
            shell, found = _shell(themed, tokens, section)
            findings += found + _section_pages(writer, shell, section_pages, site_name, site_url)
    if site.papers:
        shell, found = _shell(themed, tokens, stage.PAPERS)
        job = paperpages.Job(writer, shell, head_links(_section_root(stage.PAPERS), site_name, weekly=False) + common,
                             site_url, site.topic_titles)
        findings += found + paperpages.write_all(job, site.papers)
    not_found = site_dir / urls.NOT_FOUND
    if not_found.exists():  # the engine's, served at any path: its links are absolute
        text = share.with_og_description(not_found.read_text(encoding="utf-8"))
        links = head_links(urlsplit(site_url).path or "/", site_name) + common + share.page(site_url, None, site_name)
        writer.write(urls.NOT_FOUND, text.replace("</head>", links + "</head>", 1))
    for section in (*site.sections, stage.PAPERS):
        shutil.rmtree(site_dir / urls.shell(section), ignore_errors=True)
    for rel, data in sorted(site.files.items()):
        if rel.endswith(".html"):  # the redirect pages of former ids, under papers/
            findings += verify.scan_html(rel, data.decode("utf-8"), ())
        writer.write(rel, data)
    entries = sitemap.entries(site)
    for rel, data in sitemap.files(site_url, entries).items():
        writer.write(rel, data)
    if not (site_dir / urls.ROBOTS).exists():  # a curator's own docs/robots.txt is kept
        writer.write(urls.ROBOTS, sitemap.robots(site_url))
    findings += [verify.Finding(rel, "not written by the generator nor copied from docs/")
                 for rel in writer.strays(skip=ENGINE_OWN, allowed=docs)]
    return Assembled(tuple(findings), len(entries), writer)


# Folders written by other tools: the engine's assets (and ours it copies from docs/), Pagefind's index.
ENGINE_OWN = ("assets/", "pagefind/")


def _section_root(section: str) -> str:
    """A section's pages sit as deep as its shell (<section>/<slug>/index.html)."""
    return urls.root(urls.shell(section))


def _shell(themed: dict[str, str], tokens: Tokens, section: str) -> tuple[Shell, list[verify.Finding]]:
    """A section's themed shell, cut, and what the scanner finds in it (empty slots): checked
    once here, so each page filled into it only needs its own parts checked."""
    uri = stage.shell_uri(section)
    shell = Shell.cut(share.with_og_description(themed[uri]), tokens, section)
    found = verify.scan_html(stage.output(uri), shell.fill(title="", body="<h1></h1>", head=""), verify.ASSETS)
    return shell, found


@dataclass(frozen=True)
class _SectionJob:
    writer: Writer  # every page's path claimed before the workers fork
    shell: Shell
    site_name: str
    site_url: str
    pages: list[SectionPage]


def _section_pages(writer: Writer, shell: Shell, section_pages: dict[str, SectionPage],
                   site_name: str, site_url: str) -> list[verify.Finding]:
    """A section's pages (days, weeks), each rendered, verified, filled into the section's
    shell and written, one by one: on every core for a large section, as the paper pages
    (paperpages.py), each path claimed here first so that a duplicate is refused before
    any worker writes."""
    job = _SectionJob(writer, shell, site_name, site_url, list(section_pages.values()))
    for page in job.pages:
        writer.claim(urls.file(urls.from_source(page.src_uri)))
    workers = min(4, pool.cores())
    if len(job.pages) < SECTION_PARALLEL_FROM or workers < 2:
        return _write_section_range(job, (0, len(job.pages)))
    size = max(1, len(job.pages) // (workers * 4))
    bounds = [(i, min(i + size, len(job.pages))) for i in range(0, len(job.pages), size)]
    return [f for found in pool.fork_map(_write_section_range, job, bounds, workers=workers) for f in found]


def _write_section_range(job: _SectionJob, bounds: tuple[int, int]) -> list[verify.Finding]:
    findings: list[verify.Finding] = []
    for page in job.pages[bounds[0]:bounds[1]]:
        address = urls.from_source(page.src_uri)
        rel = urls.file(address)
        body = page.render()
        findings += verify.scan_part(rel, body, verify.CONTENT_TAGS, view_script=True)
        job.writer.put(rel, job.shell.fill(title=html.escape(page.title, quote=True), body=body,
                                           head=head_links(urls.root(address), job.site_name)
                                           + share.common(job.site_url, job.site_name)
                                           + share.page(job.site_url, address, page.title),
                                           path=address.removesuffix("/")))
    return findings
