"""The building blocks of the content files' JSON Schemas (content/jsonschema.py): one
function per kind of field the loader checks (Checker.string, .day, .integer, .boolean,
.url, .sequence), each with its help for editors, and the patterns they share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import text
from generator.content.validate import MAX_COUNT

Schema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMMENT = "Generated from the loader's rules by `python -m generator schema`; do not edit by hand."

NEW_STYLE_ID = r"[0-9]{4}\.[0-9]{4,5}"  # ids.NEW_STYLE without its version suffix
OLD_STYLE_ID = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/[0-9]{7}"  # ids.OLD_STYLE, likewise
TITLE_ID = r"t-[0-9a-f]{12}"  # ids.TITLE_ID
ID_PATTERN = f"^(?:{NEW_STYLE_ID}|{OLD_STYLE_ID}|{TITLE_ID})$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # schema.DATE, plus format: date for real dates

_URL_CHAR = r'[^\s<>"`{}|\\^]'
# No "@" before the path: a user name before the host is refused (text.has_credentials).
_HOST_CHAR = r'[^\s/?#@<>"`{}|\\^]'
URL_PATTERN = f"^(?:https?://{_HOST_CHAR}+(?:[/?#]{_URL_CHAR}*)?)?$"

NOT_BLANK = r"\S"



def doc(description: str, markdown: str | None = None, title: str | None = None) -> Schema:
    out: Schema = {}
    if title:
        out["title"] = title
    if description:
        out["description"] = description
    if markdown:
        out["markdownDescription"] = markdown
    return out


def string(description: str, markdown: str | None = None, *, required: bool = False,
          max_length: int | None = None, title: str | None = None) -> Schema:
    """Checker.string: YAML text; null (left empty) only where the field is optional."""
    out = doc(description, markdown, title)
    if required:
        out.update(type="string", minLength=1, pattern=NOT_BLANK, patternErrorMessage="must not be empty")
    else:
        out["type"] = ["string", "null"]
    if max_length is not None:
        out["maxLength"] = max_length
    return out


def date(description: str, markdown: str | None = None, *, required: bool = False,
          title: str | None = None) -> Schema:
    """Checker.day: 'YYYY-MM-DD', a real date."""
    out = doc(description, markdown, title)
    out.update(type="string" if required else ["string", "null"], pattern=DATE_PATTERN, format="date",
               patternErrorMessage="a date as 'YYYY-MM-DD', quoted")
    out["examples"] = ["2026-06-14"]
    return out


def count(description: str, markdown: str | None = None, *, default: int | None = None,
           title: str | None = None) -> Schema:
    """Checker.integer: a whole number 0..10**9, or null."""
    out = doc(description, markdown, title)
    out.update(type=["integer", "null"], minimum=0, maximum=MAX_COUNT)
    if default is not None:
        out["default"] = default
    return out


def flag(description: str, markdown: str | None = None, title: str | None = None) -> Schema:
    """Checker.boolean: true or false; left out means false."""
    out = doc(description, markdown, title)
    out.update(type="boolean", default=False)
    return out


def url(description: str, markdown: str | None = None, title: str | None = None) -> Schema:
    """Checker.url: an absolute http(s) URL; empty means no link."""
    out = doc(description, markdown, title)
    out.update(type=["string", "null"], maxLength=text.MAX_URL, pattern=URL_PATTERN,
               patternErrorMessage="an absolute http:// or https:// URL; other schemes "
                                   "(javascript:, data:, ...) are never published")
    return out


def array(description: str, items: Schema, markdown: str | None = None, *, max_items: int | None = None,
          title: str | None = None) -> Schema:
    """Checker.sequence: a list, or nothing (null) for an empty one."""
    out = doc(description, markdown, title)
    out.update(type=["array", "null"], items=items)
    if max_items is not None:
        out["maxItems"] = max_items
    return out


def paper_id(description: str, markdown: str) -> Schema:
    return {
        "title": "Paper id",
        "description": description,
        "markdownDescription": markdown,
        "type": "string",
        "pattern": ID_PATTERN,
        "patternErrorMessage": "an arXiv id without version, quoted, such as '2401.00001' or "
                               "'hep-th/9901001'; or 't-' and 12 hex digits for a paper without one",
        "examples": ["2401.00001", "hep-th/9901001", "t-0123456789ab"],
    }


def mapping(keys: tuple[str, ...], fields: Mapping[str, Schema], required: tuple[str, ...],
            description: str, markdown: str | None = None, title: str | None = None) -> Schema:
    """A mapping with exactly the loader's keys, in the loader's order (the order editors complete)."""
    missing = [k for k in keys if k not in fields]
    extra = [k for k in fields if k not in keys]
    if missing or extra:
        raise ValueError(f"generator/content/jsonschema.py is out of step with the loader: "
                         f"no schema for {missing}, schema for unknown {extra}")
    out = doc(description, markdown, title)
    out["type"] = "object"
    out["properties"] = {k: fields[k] for k in keys}
    if required:
        out["required"] = list(required)
    out["additionalProperties"] = False
    return out


def root(title: str, description: str, markdown: str, body: Schema, defs: dict[str, Schema] | None = None,
          ) -> Schema:
    out: Schema = {"$schema": DIALECT, "$comment": COMMENT, "title": title, "description": description,
                   "markdownDescription": markdown}
    out.update(body)
    if defs:
        out["$defs"] = defs
    return out


def enum(values: tuple[str, ...], help_text: Mapping[str, str], *, nullable: bool = False,
          null_help: str = "") -> tuple[list[str | None], list[str]]:
    if set(help_text) != set(values):
        raise ValueError(f"generator/content/jsonschema.py describes {sorted(help_text)}, "
                         f"the loader allows {list(values)}")
    enum: list[str | None] = list(values)
    descriptions = [help_text[v] for v in values]
    if nullable:
        enum.append(None)
        descriptions.append(null_help)
    return enum, descriptions


def choices(help_text: Mapping[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in help_text.items())
