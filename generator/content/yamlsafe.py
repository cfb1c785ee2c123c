"""YAML as a strict, line-aware data format for files that come from pull requests.

We compose a node tree with PyYAML's safe loader and convert it ourselves, so that
every value keeps its line, aliases (billion laughs), duplicate keys and extra
documents are errors, and nothing is coerced behind a curator's back: the caller
sees which YAML type a scalar resolved to (an unquoted 2401.10000 is a float).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

MAX_BYTES = 5_000_000
MAX_DEPTH = 20
TOO_LARGE = f"file is larger than {MAX_BYTES // 1_000_000} MB"

_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


class YamlError(Exception):
    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Scalar:
    text: str  # exactly as written, without quotes
    kind: str  # str, int, float, bool, null, date
    line: int
    quoted: bool


@dataclass(frozen=True)
class Seq:
    items: tuple[Value, ...]
    line: int


@dataclass(frozen=True)
class Map:
    entries: dict[str, tuple[int, Value]]  # key -> (line of key, value)
    line: int

    def get(self, key: str) -> Value | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


Value = Scalar | Seq | Map


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big archives


def parse(text: str) -> Value | None:
    """Parse one YAML document into line-aware values; raise YamlError on anything odd."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(1, TOO_LARGE)
    loader = _Loader(text)
    try:
        return _Events(loader).document()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"{exc.problem or 'invalid YAML'}" + (f" ({exc.context})" if exc.context else "")
        lines = text.splitlines()
        bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = "indent with spaces, not tabs" if "\t" in bad_line else ""
        if "\t" in bad_line:
            message = "a tab character where YAML allows only spaces"
        if "expected a single document" in str(exc):
            message, hint = "more than one YAML document (---) in the file", "keep one document per file"
        raise YamlError(line, message, hint) from None
    except yaml.reader.ReaderError as exc:
        # A control character: name it on its own line, not as PyYAML's two-line message.
        # exc.position counts bytes under libyaml, characters without it: find the
        # character itself, whose first occurrence is the one the reader stopped at.
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise YamlError(line, f"character U+{exc.character:04X} is not allowed in YAML",
                        "remove it, or write it as an escape in a double-quoted string") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, "invalid YAML: " + " ".join(str(exc).split())) from None
    finally:
        loader.dispose()


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_QUOTED = ("'", '"', "|", ">")
_CONTAINER_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _plain_kind(value: str) -> str:
    """What YAML 1.1 makes of an unquoted scalar: PyYAML's own implicit resolvers."""
    for tag, regexp in _RESOLVERS.get(value[:1] if value else "", []):
        if regexp.match(value):
            return _TAGS.get(tag, "other")
    return "str"


class _Events:
    """Builds values straight from libyaml's event stream: no node graph, no resolver
    round-trips, and an alias is refused the moment it appears, before it can multiply."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def document(self) -> Value | None:
        get = self.loader.get_event
        get()  # StreamStart
        if self.loader.check_event(StreamEndEvent):
            return None
        get()  # DocumentStart
        value = self.value(get(), 0)
        get()  # DocumentEnd
        if not self.loader.check_event(StreamEndEvent):
            event = self.loader.peek_event()
            raise YamlError(event.start_mark.line + 1, "more than one YAML document (---) in the file",
                            "keep one document per file")
        return value

    def value(self, event: Any, depth: int) -> Value:
        cls = type(event)
        line = event.start_mark.line + 1
        tag = event.tag if cls is not AliasEvent else None
        if tag is not None and tag != "!" and tag not in _TAGS and tag not in _CONTAINER_TAGS:
            raise YamlError(line, f"YAML tag {tag!r} is not allowed", "remove the !tag")
        if cls is ScalarEvent:
            quoted = event.style in _QUOTED
            if tag in _TAGS:
                kind = _TAGS[tag]
            elif quoted or tag == "!":
                kind = "str"
            else:
                kind = _plain_kind(event.value)
            if kind == "other":
                raise YamlError(line, f"{event.value!r} is not a value YAML allows here")
            return Scalar(event.value, kind, line, quoted)
        if cls is AliasEvent:
            raise YamlError(line, "aliases (*name) are not allowed", "write the value out in full")
        if depth > MAX_DEPTH:
            raise YamlError(line, f"nested deeper than {MAX_DEPTH} levels")
        get = self.loader.get_event
        if cls is SequenceStartEvent:
            items = []
            item = get()
            while type(item) is not SequenceEndEvent:
                items.append(self.value(item, depth + 1))
                item = get()
            return Seq(tuple(items), line)
        if cls is MappingStartEvent:
            entries: dict[str, tuple[int, Value]] = {}
            key_event = get()
            while type(key_event) is not MappingEndEvent:
                key_line = key_event.start_mark.line + 1
                if type(key_event) is not ScalarEvent or key_event.value == "<<":
                    raise YamlError(key_line, "keys must be plain names")
                key = key_event.value
                if key in entries:
                    raise YamlError(key_line, f"duplicate key {key!r} (first on line {entries[key][0]})",
                                    "YAML keeps only the last one; remove one of them")
                entries[key] = (key_line, self.value(get(), depth + 1))
                key_event = get()
            return Map(entries, line)
        raise YamlError(line, "unsupported YAML content")
