"""Which folders a build may read its docs from and replace with a site: the guard that stands
between `mkdocs.yml` (which a pull request can change) and `rm -r`.

A build replaces its output folder whole. A `site_dir: content` (or `..`, or any folder of
someone's files) would have the build delete it, and a `docs_dir` outside the project would
publish whatever lies there. So the docs come from inside the project; the output folder is
inside it too when `mkdocs.yml` names it (an output folder given on the command line is the
user's own choice); it never overlaps the project's sources; and it is replaced only when it
is new, empty, or holds the MARKER file every build writes into the sites it publishes."""

from __future__ import annotations

import os
from pathlib import Path

from generator.site.project import ConfigError, Project

MARKER = ".paper-digest-site"
MARKER_TEXT = ("This folder is a site built by Paper Digest (python -m generator build).\n"
               "The build replaces it whole; without this file it refuses to.\n")


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) and path != root else str(path)


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _written(path: Path) -> Path:
    """A path as the configuration wrote it, ".." folded, symlinks not followed: a project may
    keep docs/ or content/ as a link (the tests do), and messages name what the user wrote."""
    return Path(os.path.normpath(path))


def _inside(path: Path, root: Path) -> bool:
    return _written(path).is_relative_to(root) and _written(path) != root


def check(project: Project, site_dir: Path | None = None) -> Path:
    """The resolved output folder, once it is safe to replace; ConfigError otherwise.
    `site_dir`: given on the command line, instead of mkdocs.yml's."""
    root = project.root.resolve()
    name = project.config_file.name
    if not _inside(project.docs_dir, root):
        raise ConfigError(f"{name}: docs_dir {_shown(_written(project.docs_dir), root)} is not a folder inside "
                          f"the project ({root}): the build would publish what it holds; use docs_dir: docs")
    given = site_dir or project.site_dir
    live, shown = given.resolve(), _shown(_written(given), root)
    field = "--site-dir" if site_dir is not None else f"{name}: site_dir"
    if site_dir is None and not _inside(project.site_dir, root):
        raise ConfigError(f"{field} {shown} is not a folder inside the project ({root}): "
                          "the build replaces its output folder whole; use site_dir: site")
    sources = {"the config file": project.config_file, "docs_dir": project.docs_dir,
               "the content folder": project.content_dir}
    theme = project.config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        sources["the theme's custom_dir"] = root / theme["custom_dir"]
    for what, path in sources.items():
        if _overlap(live, path.resolve()):
            raise ConfigError(f"{field} {shown} overlaps {what} ({_shown(_written(path), root)}): "
                              "the build replaces its output folder whole; use a folder of its own, "
                              "such as site")
    for folder in (live, live.with_name(live.name + ".old")):  # the swap replaces both
        if not ours(folder):
            raise ConfigError(f"{field}: {folder} holds files no build wrote (no {MARKER} in it) and the "
                              "build would replace it whole; choose a new or empty folder, or delete "
                              "this one if it is an old site")
    return live


def ours(folder: Path) -> bool:
    """May a build replace `folder`: absent, an empty folder, or a site a build published."""
    if not folder.exists() and not folder.is_symlink():
        return True
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / MARKER).is_file() or not any(folder.iterdir())


def mark(site: Path) -> None:
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
