"""The docs tree an engine dresses: every themed page as a stub whose title, description
and body are tokens, which assembly later replaces with our own escaped text and HTML.

An engine (MkDocs, ProperDocs, Zensical) then only has to do what themes do well: the
chrome around a page. It never sees a paper's text, so it cannot mangle or un-escape it,
and at 25,000 papers it themes about 160 pages, not 26,000: every day page is filled into
one shell, every week page into another, every paper page into a third (all three lean:
overrides/lean.html)."""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.errors import DigestError
from generator.render.pages import Site
from generator.site import project as projectmod

PAPERS = "papers"  # the section of the paper pages (Site.papers); the others are Site.sections
CONFIG_NAME = "engine.yml"


class StageError(DigestError):
    pass


@dataclass(frozen=True)
class Tokens:
    """Random per build: no text in content can hold them, so a split on them is exact."""

    title: str
    body: str
    description: str

    @classmethod
    def new(cls) -> Tokens:
        salt = secrets.token_hex(8)
        return cls(f"PDTITLE{salt}", f"PDBODY{salt}", f"PDDESCRIPTION{salt}")

    @property
    def body_marker(self) -> str:
        # An h1, so the theme adds none of its own; raw HTML, which every engine keeps as is.
        return f"<h1>{self.body}</h1>"


def output(src_uri: str) -> str:
    """Where an engine writes a page, with directory URLs (`a/b.md` -> `a/b/index.html`)."""
    return urls.file(urls.from_source(src_uri))


@dataclass(frozen=True)
class StagedPage:
    src_uri: str
    markdown: str

    @property
    def output(self) -> str:
        return output(self.src_uri)


@dataclass(frozen=True)
class Staged:
    root: Path
    config_file: Path
    site_dir: Path
    pages: tuple[StagedPage, ...]
    tokens: Tokens


def shell_uri(section: str) -> str:
    """The src uri of a section's shell: written at <section>/shell/index.html, as deep as
    the section's own pages, so its relative links hold for every one of them."""
    return urls.source(urls.shell(section))


def pages(site: Site, tokens: Tokens) -> tuple[StagedPage, ...]:
    """The stubs for every page the theme must dress: the rendered pages, and one lean
    shell each for the sections (day pages, week pages) and the paper pages."""
    staged = [StagedPage(uri, stub(tokens)) for uri in site.pages]
    staged += [StagedPage(shell_uri(section), stub(tokens, lean=True))
               for section, section_pages in site.sections.items() if section_pages]
    if site.papers:
        staged.append(StagedPage(shell_uri(PAPERS), stub(tokens, lean=True, described=True)))
    return tuple(staged)


# overrides/lean.html: the shell of every page that multiplies with the archive (a paper's,
# a day's, a week's): at 100,000 papers, 100,000 + ~3,500 + ~500 pages.
LEAN_TEMPLATE = "lean.html"


def stub(tokens: Tokens, *, lean: bool = False, described: bool = False) -> str:
    """`lean`: dressed by the lean shell; `described`: the page has a description of its own
    (a paper's abstract), filled in per page, else it carries the site's."""
    meta = f"title: {tokens.title}\n"
    if described:  # its own description, not a second <meta name=description>
        meta += f"description: {tokens.description}\n"
    if lean:
        meta += f"template: {LEAN_TEMPLATE}\n"
    return f"---\n{meta}---\n\n{tokens.body_marker}\n"


def stage(project: projectmod.Project, site: Site, root: Path, tokens: Tokens) -> Staged:
    """root/docs: the project's docs/ (our assets, any pages of the curator's) and the stubs;
    root/engine.yml: the project's config pointed at them; root/site: where the engine writes."""
    docs = root / "docs"
    if project.docs_dir.is_dir():
        shutil.copytree(project.docs_dir, docs, symlinks=False)
    else:
        docs.mkdir(parents=True)
    staged = pages(site, tokens)
    for page in staged:
        target = docs / page.src_uri
        if target.exists():
            raise StageError(f"docs/{page.src_uri} clashes with a generated page; remove it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    config_file = root / CONFIG_NAME
    config_file.write_text(projectmod.staged_config(project, "docs", "site"), encoding="utf-8")
    return Staged(root, config_file, root / "site", staged, tokens)
