"""A page the engine themed, cut at our tokens so it can be filled with our own text.

The engine wrote each staged page with a title token, a body token (in an `<h1>`) and,
for the paper pages' shell, a description token; `</head>` is where our head links go, and the
shell's own path (`/days/shell/"`) is where a day's or paper's path goes. Cutting once
and joining per page keeps 25,000 paper pages a string join each.

A theme's templates indent their output deeply: about 3 KB of every paper page was
whitespace, between tags and around the words of the navigation. The shell is compacted once, before it is cut, so no page pays
for it (at 25,000 papers, 63 MB less written); our own bodies are never touched.

A theme writes some markup outside any block a template can override (Material's drawer
and search toggles, its dialog, inline scripts): the lean shell (overrides/lean.html)
brackets what it does not use between `<!--pd-drop-->` and `<!--/pd-drop-->`, removed here
once, so 100,000 paper pages (and every day and week page) do not carry it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import urls
from generator.errors import DigestError
from generator.site.stage import Tokens

SLOTS = ("title", "description", "head", "body", "path")

# A run of whitespace that holds a line break, between tags or in text, is a template's
# indentation: it renders as a single newline renders. Tags are matched whole and kept, so
# attribute values are never touched; what is inside <pre>, <textarea>, <script> and
# <style> is content or code, matched first so it is kept as the engine wrote it.
_FOLD = re.compile(r"(?P<verbatim><(?P<tag>pre|textarea|script|style)\b.*?</(?P=tag)\s*>|<[^<>]*>)"
                   r"|[ \t\r\n]*\n[ \t\r\n]*", re.S | re.I)


DROP, KEEP = "<!--pd-drop-->", "<!--/pd-drop-->"
_DROPPED = re.compile(re.escape(DROP) + ".*?" + re.escape(KEEP), re.S)


class ShellError(DigestError):
    pass


def drop(html: str) -> str:
    """`html` without the theme markup its template marked as unused (DROP ... KEEP)."""
    out = _DROPPED.sub("", html)
    if DROP in out or KEEP in out:
        raise ShellError("a themed shell marks theme markup to drop, but its markers do not pair "
                         f"({DROP} ... {KEEP}): is overrides/lean.html made for this theme's base.html?")
    return out


def compact(html: str) -> str:
    """`html` with template indentation (whitespace runs that hold a line break) folded to
    one newline each, outside tags and verbatim blocks."""
    return _FOLD.sub(lambda m: m.group("verbatim") or "\n", html)


@dataclass(frozen=True)
class Shell:
    pieces: tuple[str, ...]  # literal HTML, one more than slots
    slots: tuple[str, ...]  # which value goes between pieces[i] and pieces[i + 1]

    @classmethod
    def cut(cls, html: str, tokens: Tokens, section: str = "") -> Shell:
        names = {tokens.title: "title", tokens.description: "description", "</head>": "head",
                 tokens.body_marker: "body"}
        if section:
            names[f'/{urls.shell(section)}"'] = "path"
        pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)))
        html = compact(drop(html))
        pieces, slots, at = [], [], 0
        for m in pattern.finditer(html):
            pieces.append(html[at:m.start()])
            slots.append(names[m.group(0)])
            at = m.end()
        pieces.append(html[at:])
        return cls(tuple(pieces), tuple(slots))

    def has(self, slot: str) -> bool:
        return slot in self.slots

    def fill(self, *, title: str, body: str, head: str, description: str = "", path: str = "") -> str:
        """Every value is HTML already escaped by its maker; `head` is inserted before </head>."""
        values = {"title": title, "body": body, "head": head + "</head>", "description": description,
                  "path": f"/{path}/\"" if path else ""}
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[slot])
            out.append(piece)
        return "".join(out)
