"""Plain `mkdocs build` and `mkdocs serve` (and ProperDocs'), for curators' previews: a thin
adapter over the same steps `python -m generator build` runs.

MkDocs plays the engine's part in the same pipeline object (site/pipeline.py): on_config
starts it (loads and renders), on_files hands MkDocs its stubs, on_post_build finishes it
(assembles and verifies what MkDocs themed). The build in progress is `_BUILD`, replaced
at every on_config (serve rebuilds included)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

# MkDocs loads this file by path and puts only its folder on sys.path; the package lives
# two levels up, so plain `mkdocs build` and `mkdocs serve` need the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from generator.content.load import load  # noqa: E402
from generator.errors import DigestError, for_terminal  # noqa: E402
from generator.site import budget, engine, outdir, search, stage  # noqa: E402
from generator.site import project as projectmod  # noqa: E402
from generator.site.pipeline import Pipeline  # noqa: E402

_BUILD: Pipeline | None = None
log = logging.getLogger("mkdocs.hooks.paper_digest")
_SERVING = False  # `mkdocs serve`: skip the search index, reuse the last full build's


def on_startup(command: str, dirty: bool) -> None:
    global _SERVING
    _SERVING = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _BUILD
    # A preview shows the newest days only, so a rebuild stays quick at any archive size;
    # PAPER_DIGEST_PREVIEW_DAYS=0 previews the whole archive.
    preview = int(os.environ.get("PAPER_DIGEST_PREVIEW_DAYS", "30")) if _SERVING else 0
    try:
        project = projectmod.read(Path(config.config_file_path))
        if not _SERVING:  # `mkdocs build` empties its site_dir first: the guard of our own build
            given = Path(config.site_dir).resolve()
            outdir.check(project, None if given == project.site_dir.resolve() else given)
        digest = load(project.content_dir, newest_days=preview or None)
        estimate = budget.check(digest, project.limits, project.config_file.name)
    except DigestError as exc:
        raise PluginError(for_terminal(str(exc))) from None
    if estimate.warning:
        log.warning(estimate.warning)
    if preview:
        log.info("preview: the newest %d days (PAPER_DIGEST_PREVIEW_DAYS=0 for all)", preview)
    _BUILD = Pipeline.start(project, digest, index=not _SERVING)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _BUILD is not None
    for page in _BUILD.pages():
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page; remove it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    assert _BUILD is not None
    b = _BUILD
    site_dir = Path(config.site_dir)
    staged = stage.Staged(b.project.root, b.project.config_file, site_dir, b.pages(), b.tokens)
    try:
        themed = engine.collect("mkdocs", staged)
        b.finish(site_dir, themed.pages, mark=not _SERVING)
    except DigestError as exc:
        raise PluginError(for_terminal(str(exc))) from None
    if _SERVING and not search.reuse(b.project.site_dir / "pagefind", site_dir):
        # Not a warning: serve is strict, and a fresh clone has no index yet.
        log.info("no search index to reuse: run `make site` once to make search work in preview")


def on_build_error(error: Exception) -> None:
    if _BUILD is not None:
        _BUILD.cancel()
