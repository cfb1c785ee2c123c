"""The sample digest the tests build, and the project around it.

The tests never read the repository's own `content/`, `sources.yml` or the identity in its
`mkdocs.yml`: a fork empties the first with `init`, replaces the second and renames the
third, and its `make test` must stay green. They read a frozen copy of the demo digest
instead (`tests/fixtures/sample/`: content/ and sources.yml), in a project whose name,
address, description and content path are the sample's own, while the theme, overrides,
hooks, docs assets and generator are the repository's (what the tests are there to test).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.site import project as project_config

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
SAMPLE_CONTENT = SAMPLE / "content"
SAMPLE_SOURCES = SAMPLE / "sources.yml"
KEPT_DAY = "2016-10-10.yml"  # the one sample day the `content` fixture keeps (old-style ids)

SITE_NAME = "Paper Digest"
SITE_URL = "https://paper-digest.github.io/paper-digest/"
SITE_DESCRIPTION = "A curated digest of research papers, day by day, with feeds."
SITE_PREFIX = urlsplit(SITE_URL).path  # where the browser tests serve the built sample, as it is published
# Settings that say whose site it is or how a digest is run (`extra`: extra.digest's limits,
# a theme's analytics): a fork sets or adds them; the sample has none of them but its content.
FORK_KEYS = ("repo_url", "repo_name", "edit_uri", "copyright", "extra")
LINKED = ("docs", "overrides", "generator")


def sample_config(config: str = "", *, site_url: str = SITE_URL) -> str:
    """The repository's mkdocs.yml with the sample's identity and content path (another
    address: `site_url`), and `config` (more YAML lines) appended."""
    raw: Any = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),  # noqa: S506 (SafeLoader)
                         Loader=project_config._Loader)
    settings: dict[str, Any] = {"site_name": SITE_NAME, "site_description": SITE_DESCRIPTION, "site_url": site_url}
    settings.update((k, copy.deepcopy(v)) for k, v in raw.items() if k not in settings and k not in FORK_KEYS)
    settings["extra"] = {"digest": {"content": "content"}}
    dumped = yaml.dump(settings, Dumper=project_config._Dumper, sort_keys=False, allow_unicode=True)
    return dumped + config


def make_project(where: Path, content: Path | None = None, *, config: str = "",
                 copied: Iterable[str] = (), site_url: str = SITE_URL) -> Path:
    """A project folder at `where`: `sample_config(config, site_url=...)` as mkdocs.yml; docs/, overrides/
    and generator/ linked to the repository's (copied, those named in `copied`); content/ a
    link to `content`, or a copy of the sample's when None."""
    where.mkdir(parents=True)
    (where / "mkdocs.yml").write_text(sample_config(config, site_url=site_url), encoding="utf-8")
    copied = set(copied)
    for name in LINKED:
        if name in copied:
            shutil.copytree(ROOT / name, where / name)
        else:
            (where / name).symlink_to(ROOT / name, target_is_directory=True)
    if content is None:
        shutil.copytree(SAMPLE_CONTENT, where / "content")
    else:
        (where / "content").symlink_to(content.resolve(), target_is_directory=True)
    return where


def edited_sample(where: Path, day: str, edit: Callable[[list[dict[str, Any]]], None]) -> Path:
    """A copy of the sample's content at where/content, with the papers of day `day`
    (YYYY-MM-DD) changed in place by `edit`: how a test plants a hostile name or abstract."""
    content = where / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    path = content / "days" / f"{day}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["papers"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return content
