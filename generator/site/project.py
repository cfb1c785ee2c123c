"""The project's `mkdocs.yml`, read as data: what the generator needs from it, and the
config a staged build hands to the engine.

Read with plain YAML, not with MkDocs, so that nothing outside the engine step imports an
engine. Tags the engines resolve themselves (`!ENV`, `!!python/name:…`) are kept as they
are and written back unchanged into the staged config."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DigestError
from generator.site.budget import Limits


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
    docs_dir: Path
    site_dir: Path
    content_dir: Path
    config: dict[str, Any]  # the whole file, for the staged copy
    limits: Limits = Limits()  # extra.digest's site size settings

    @property
    def root(self) -> Path:
        return self.config_file.parent


def read(config_file: Path) -> Project:
    config_file = config_file.resolve()
    shown = config_file.name
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (SafeLoader)
    except OSError as exc:
        raise ConfigError(f"cannot read {config_file}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{shown}{line}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{shown}: expected a mapping of settings")
    site_url = raw.get("site_url")
    if not isinstance(site_url, str) or not site_url.startswith(("http://", "https://")):
        raise ConfigError(f"{shown}: site_url is required (an http(s) address): feeds need absolute links")
    root = config_file.parent
    extra = raw.get("extra")
    digest = extra.get("digest") if isinstance(extra, dict) else None
    content = digest.get("content") if isinstance(digest, dict) else None
    return Project(
        config_file=config_file,
        site_name=str(raw.get("site_name") or "Paper Digest"),
        site_url=site_url.rstrip("/") + "/",
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
