"""YAML as a strict, line-aware data format for files that come from pull requests.

We compose a node tree with PyYAML's safe loader and convert it ourselves, so that
every value keeps its line, aliases (billion laughs), duplicate keys and extra
documents are errors, and nothing is coerced behind a curator's back: the caller
sees which YAML type a scalar resolved to (an unquoted 2401.10000 is a float).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 5_000_000
MAX_DEPTH = 20

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
        raise YamlError(1, f"file is larger than {MAX_BYTES // 1_000_000} MB")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
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
    return None if node is None else _convert(node, 0, set())


def _convert(node: Node, depth: int, seen: set[int]) -> Value:
    line = node.start_mark.line + 1
    # An alias is the very same node object met twice: refuse it before it can multiply.
    if id(node) in seen:
        raise YamlError(line, f"the value anchored on line {line} is repeated with an alias (*name)",
                        "aliases are not allowed; write the value out in full")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(line, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, ScalarNode):
        kind = _TAGS.get(node.tag)
        if kind is None:
            raise YamlError(line, f"YAML tag {node.tag!r} is not allowed", "remove the !tag")
        return Scalar(str(node.value), kind, line, node.style in ("'", '"', "|", ">"))
    if isinstance(node, SequenceNode):
        return Seq(tuple(_convert(child, depth + 1, seen) for child in node.value), line)
    if isinstance(node, MappingNode):
        entries: dict[str, tuple[int, Value]] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(key_line, "keys must be plain names")
            key = str(key_node.value)
            if key in entries:
                raise YamlError(key_line, f"duplicate key {key!r} (first on line {entries[key][0]})",
                                "YAML keeps only the last one; remove one of them")
            entries[key] = (key_line, _convert(value_node, depth + 1, seen))
        return Map(entries, line)
    raise YamlError(line, "unsupported YAML node")
