"""The generator hooked into MkDocs, so `mkdocs build` and `mkdocs serve` render content/.

MkDocs calls these module-level functions; the state of one build lives in `_BUILD`,
replaced at every on_config (one config load per build, serve rebuilds included).
"""

from __future__ import annotations

import gzip
import html
import logging
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# MkDocs loads this file by path and puts only its folder on sys.path; the package
# lives one level up, so plain `mkdocs build` and `mkdocs serve` need the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page as MkPage  # noqa: E402

from generator.site import search  # noqa: E402
from generator.site import verify
from generator.clock import day_start  # noqa: E402
from generator.errors import ContentError  # noqa: E402
from generator.content.load import load  # noqa: E402
from generator.content.records import Digest  # noqa: E402
from generator.render import pages
from generator.site import paperpages  # noqa: E402
from generator.write import inside  # noqa: E402


class ContentPluginError(PluginError):
    def __init__(self, error: ContentError) -> None:
        super().__init__(f"content/ has {len(error.problems)} problem(s):\n{error}")
        self.error = error


@dataclass
class _Build:
    digest: Digest
    site: pages.Site
    indexing: search.Indexing | None = None


_BUILD: _Build | None = None
log = logging.getLogger("mkdocs.hooks.paper_digest")
_SERVING = False  # `mkdocs serve`: skip the search index, reuse the last full build's


def on_startup(command: str, dirty: bool) -> None:
    global _SERVING
    _SERVING = command == "serve"


def content_dir(config: MkDocsConfig) -> Path:
    extra: dict[str, Any] = config.extra.get("digest", {}) or {}
    return Path(config.config_file_path).parent / str(extra.get("content", "content"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _BUILD
    # A preview shows the newest days only, so a rebuild stays quick at any archive size;
    # PAPER_DIGEST_PREVIEW_DAYS=0 previews the whole archive.
    preview = int(os.environ.get("PAPER_DIGEST_PREVIEW_DAYS", "30")) if _SERVING else 0
    try:
        digest = load(content_dir(config), newest_days=preview or None)
    except ContentError as exc:
        # `python -m generator build` reads it back from the config to print it plainly.
        config.extra["paper_digest_error"] = exc
        raise ContentPluginError(exc) from None
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is required: feeds need absolute links")
    if preview:
        log.info("preview: the newest %d days (PAPER_DIGEST_PREVIEW_DAYS=0 for all)", preview)
    # A full build indexes for search in the background from here on (serve reuses an index).
    indexing = None if _SERVING else search.start(search.documents(digest.days))
    try:
        site = pages.build(digest, site_url=config.site_url, site_name=config.site_name,
                           parallel=indexing is None)
    except BaseException:
        if indexing is not None:
            indexing.cancel()
        raise
    _BUILD = _Build(digest, site, indexing)
    if digest.days and "SOURCE_DATE_EPOCH" not in os.environ:
        # Sitemap dates come from the content, not the clock, so rebuilds are identical.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(day_start(digest.days[-1].date).timestamp()))
    # Nav titles are printed unescaped by the theme: escape the curator-written ones.
    config.nav = [
        {"Home": "index.md"},
        {"Archive": "archive.md"},
        # One Topics page, not every topic: the nav is in every page, 25,000 paper pages too.
        {"Topics": "topics/index.md"},
        {"Status": "status.md"},
        {"Search": "search.md"},
        *(config.nav or []),
    ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _BUILD is not None
    for page in [*_BUILD.site.pages.values(), *_BUILD.site.days.values()]:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page; remove it")
    for page in _BUILD.site.pages.values():
        files.append(File.generated(config, page.src_uri, content=page.markdown()))
    return files


def on_page_content(html_text: str, page: MkPage, config: MkDocsConfig, files: Files) -> str:
    assert _BUILD is not None
    generated = _BUILD.site.pages.get(page.file.src_uri)
    return generated.body if generated is not None else html_text


def on_post_build(config: MkDocsConfig) -> None:
    assert _BUILD is not None
    site_dir = Path(config.site_dir)
    for rel, data in sorted(_BUILD.site.files.items()):
        target = inside(site_dir, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # build.py publishes only when these are empty, and then skips these folders in its own scan.
    config.extra["paper_digest_paper_findings"] = (_write_day_pages(site_dir, _BUILD.site)
                                                   + _write_paper_pages(site_dir, _BUILD.site))
    _write_sitemap(site_dir, config.site_url or "", _BUILD.site)
    if _SERVING:
        previous = Path(config.config_file_path).parent / "site" / "pagefind"
        if not search.reuse(previous, site_dir):
            log.warning("no search index to reuse: run `make site` once to make search work in preview")
    elif _BUILD.indexing is not None:
        indexing, _BUILD.indexing = _BUILD.indexing, None
        indexing.finish(site_dir)


def on_build_error(error: Exception) -> None:
    if _BUILD is not None and _BUILD.indexing is not None:
        _BUILD.indexing.cancel()
        _BUILD.indexing = None


def _write_paper_pages(site_dir: Path, site: pages.Site) -> list[verify.Finding]:
    """Fill the one themed shell page per paper: the theme's cost paid once, not 25,000 times."""
    shell_dir = site_dir / "papers" / "shell"
    shell = (shell_dir / "index.html").read_text(encoding="utf-8")
    findings = verify.scan_html("papers/shell/index.html", shell, verify.ASSETS)
    pieces = paperpages.split_shell(shell, (pages.SHELL_HEAD, pages.SHELL_BODY), pages.SHELL_TITLE)
    job = paperpages.Job(site_dir, pieces, site.topic_titles)
    findings += paperpages.write_all(job, site.papers)
    shutil.rmtree(shell_dir)
    return findings


def _write_day_pages(site_dir: Path, site: pages.Site) -> list[verify.Finding]:
    """Fill the themed day shell with each day's body, as the paper pages are filled."""
    shell_dir = site_dir / "days" / "shell"
    if not site.days:
        return []
    shell = (shell_dir / "index.html").read_text(encoding="utf-8")
    findings = verify.scan_html("days/shell/index.html", shell, verify.ASSETS)
    before, after = paperpages.split_shell(shell, (pages.SHELL_BODY,), pages.SHELL_TITLE)
    for slug, page in site.days.items():
        where = f"days/{slug}/index.html"
        findings += verify.scan_part(where, page.body, verify.CONTENT_TAGS)
        title = html.escape(page.title, quote=True)
        target = site_dir / "days" / slug
        target.mkdir(exist_ok=True)
        (target / "index.html").write_text(paperpages.fill(before, title, "days", slug) + page.body
                                           + paperpages.fill(after, title, "days", slug), encoding="utf-8")
    shutil.rmtree(shell_dir)
    return findings


def _write_sitemap(site_dir: Path, site_url: str, site: pages.Site) -> None:
    path = site_dir / "sitemap.xml"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\s*<url>\s*<loc>[^<]*/(?:papers|days)/shell/</loc>.*?</url>", "", text, flags=re.S)
    base = site_url.rstrip("/") + "/"
    shelled = [(f"days/{d}/", d) for d in sorted(site.days)]
    shelled += [(f"papers/{p.slug}/", p.day.isoformat()) for p in sorted(site.papers, key=lambda p: p.slug)]
    entries = "".join(
        f"\n    <url>\n         <loc>{base}{path}</loc>\n"
        f"         <lastmod>{day}</lastmod>\n    </url>"
        for path, day in shelled
    )
    text = text.replace("\n</urlset>", entries + "\n</urlset>")
    path.write_text(text, encoding="utf-8")
    # gzip with a fixed mtime and no file name: byte-identical rebuilds.
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
