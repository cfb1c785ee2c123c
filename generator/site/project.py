"""The project's `mkdocs.yml`, read as data: what the generator needs from it, and the
config a staged build hands to the engine.

Read with plain YAML, not with MkDocs, so that nothing outside the engine step imports an
engine. Tags the engines resolve themselves (`!ENV`, `!!python/name:…`) are kept as they
are and written back unchanged into the staged config."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import text
from generator.errors import ContentError, DigestError, Problem
from generator.ingest import http
from generator.site.budget import Limits

# The upstream project's address: a fork that still publishes under it points its feeds and
# citation tags at our host (`validate` and `build` warn; `init` replaces it).
UPSTREAM_SITE_URL = "https://paper-digest.github.io/paper-digest/"
# One paper of each day of the bundled sample digest: content holding any of them is the demo.
SAMPLE_IDS = frozenset({"1201.4869", "2411.17700", "t-aaf88f523102", "2606.00467", "2606.13677"})


class ConfigError(DigestError):
    pass


@dataclass(frozen=True)
class Tagged:
    """A YAML node under a tag we leave to the engine, kept to be written back as read."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


@dataclass(frozen=True)
class Project:
    config_file: Path
    site_name: str
    site_url: str
    repo_url: str  # "" when mkdocs.yml sets none
    site_url_line: int  # where mkdocs.yml sets it, for messages
    docs_dir: Path
    site_dir: Path
    content_dir: Path
    config: dict[str, Any]  # the whole file, for the staged copy
    limits: Limits = Limits()  # extra.digest's site size settings

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def user_agent(self) -> str:
        """What this site's ingest calls itself upstream: its repository, else its address,
        so that a fork's requests name the fork and never us."""
        return http.user_agent(self.repo_url or self.site_url)


def upstream_warning(project: Project, paper_ids: Iterable[str]) -> str | None:
    """The upstream site_url kept by a digest that is not the bundled sample (no sample paper
    in it): its feeds, sitemap and citation tags would send readers to our host."""
    if project.site_url != UPSTREAM_SITE_URL or not SAMPLE_IDS.isdisjoint(paper_ids):
        return None
    return (f"{project.config_file.name}:{project.site_url_line}: site_url: still the upstream project's address "
            f"{UPSTREAM_SITE_URL}: your feeds, sitemap and citation tags would point at its site "
            "(hint: set it to where you publish, or run python -m generator init)")


def key_line(source: str, key: str) -> int:
    """The line of a top-level `key:` in a YAML text (1 when absent: the file as a whole)."""
    found = re.search(rf"(?m)^{re.escape(key)}[ \t]*:", source)
    return source.count("\n", 0, found.start()) + 1 if found else 1


def _address(raw: dict[str, Any], key: str, source: str, shown: str, *, required: bool) -> str:
    """An absolute http(s) address from mkdocs.yml, or a problem naming its line."""
    value = raw.get(key)
    line = key_line(source, key)
    if value is None or value == "":
        if not required:
            return ""
        raise ContentError([Problem(shown, line, key, "is required: feeds and citation tags need the "
                                    "absolute address the site is published at",
                                    "site_url: https://OWNER.github.io/REPO/")])
    if not isinstance(value, str) or text.safe_url(value) != value:
        raise ContentError([Problem(shown, line, key, f"{str(value)!r} is not an absolute http:// or "
                                    "https:// address", "write it whole, as https://OWNER.github.io/REPO/")])
    return value


def read(config_file: Path, *, strict: bool = True) -> Project:
    """mkdocs.yml's settings. `strict=False` (for `init`, which rewrites them) takes
    site_url and repo_url as they are, "" when missing or not an address."""
    config_file = config_file.resolve()
    shown = config_file.name
    try:
        source = config_file.read_text(encoding="utf-8")
        raw = yaml.load(source, Loader=_Loader)  # noqa: S506 (SafeLoader)
    except OSError as exc:
        raise ConfigError(f"cannot read {config_file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{shown}{line}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{shown}: expected a mapping of settings")
    try:
        site_url = _address(raw, "site_url", source, shown, required=True)
        repo_url = _address(raw, "repo_url", source, shown, required=False)
    except ContentError:
        if strict:
            raise
        site_url = repo_url = ""
    root = config_file.parent
    extra = raw.get("extra")
    digest = extra.get("digest") if isinstance(extra, dict) else None
    content = digest.get("content") if isinstance(digest, dict) else None
    return Project(
        config_file=config_file,
        site_name=str(raw.get("site_name") or "Paper Digest"),
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        repo_url=repo_url,
        site_url_line=key_line(source, "site_url"),
        docs_dir=root / str(raw.get("docs_dir") or "docs"),
        site_dir=root / str(raw.get("site_dir") or "site"),
        content_dir=root / str(content or "content"),
        config=raw,
        limits=Limits.read(digest if isinstance(digest, dict) else {}, shown),
    )


def staged_config(project: Project, docs_dir: str, site_dir: str) -> str:
    """The project's config for an engine run over a staged docs tree: our pages are
    already rendered, so no hooks and nothing to watch; paths made absolute where the
    staged tree lives elsewhere."""
    config = copy.deepcopy(project.config)
    config["docs_dir"] = docs_dir
    config["site_dir"] = site_dir
    config.pop("hooks", None)
    config.pop("watch", None)
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((project.root / theme["custom_dir"]).resolve())
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
