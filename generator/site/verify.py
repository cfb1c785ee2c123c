"""Scan a built site for anything executable that did not come from our own templates."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

# Tags our templates, Material and Python-Markdown put inside the main content.
CONTENT_TAGS = frozenset(
    "a abbr article b br code dd details noscript div dl dt em h1 h2 h3 h4 h5 h6 hr i li nav ol p pre "
    "small span strong sub summary sup table tbody td th thead tr ul mark label".split()
)
URL_ATTRS = frozenset("href src action formaction xlink:href poster background srcset data".split())
# Never in our pages at all; the theme's own forms and icons live outside the content.
NEVER = frozenset("iframe object embed frame frameset base applet".split())
# The only inline scripts Material writes: scope setup, palette, tabbed-content anchors.
THEME_SCRIPTS = ('__md_scope=new URL(', 'var palette=__md_get("__palette")',
                 "var target=document.getElementById(location.hash.slice(1))")
MAX_SCRIPTS = 8
ASSETS = ("assets/javascripts/", "assets/katex/katex.min.js", "assets/digest.js", "assets/reader.js",
          "assets/palette.js")
HEAD_TAGS = frozenset({"meta"})
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


_NEVER_RE = re.compile(r"<(" + "|".join(sorted(NEVER)) + r")\b", re.I)
_TAG_OPEN = re.compile(r"""<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# Cheap to find; each hit is then checked against the tag it sits in, if any.
_CANDIDATE = re.compile(r"""\son[a-z-]+\s*=|\sstyle\s*=|\s(?:href|src|action|formaction|xlink:href|poster|"""
                        r"""background|srcset|data)\s*=\s*["']?[\x00-\x20]*[jJvVdD&]""")
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_MAIN_START = '<article class="md-content__inner'


def _attributes(text: str, bad: Callable[[str], None]) -> None:
    done = -1
    for m in _CANDIDATE.finditer(text):
        lt = text.rfind("<", 0, m.start())
        if lt <= done:
            continue
        tag = _TAG_OPEN.match(text, lt)
        if tag is None or tag.end() <= m.start():
            continue  # the hit is in text, not inside a tag
        done = lt
        name = tag.group(1).lower()
        for a in _ATTR.finditer(tag.group(2)):
            key, value = a.group(1).lower(), html.unescape((a.group(2) or "").strip("\"'"))
            if key.startswith("on"):
                bad(f"event handler attribute {key!r} on <{name}>")
            elif key in URL_ATTRS and _BAD_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                bad(f"{key}={value[:40]!r} on <{name}>")
            elif key == "style" and "url(" in value.lower():
                bad(f"style with url() on <{name}>")


def scan_part(path: str, text: str, allowed: frozenset[str]) -> list[Finding]:
    """A fragment our templates made (a paper page's head or body): tags and attributes."""
    findings: list[Finding] = []
    for tag in sorted(set(t.lower() for t in _TAG_NAME.findall(text)) - allowed):
        findings.append(Finding(path, f"<{tag}> element"))
    _attributes(text, lambda problem: findings.append(Finding(path, problem)))
    return findings


def scan_html(path: str, text: str, assets: tuple[str, ...]) -> list[Finding]:
    """A few regex passes over the page: every `<` that untrusted text brought in is escaped,
    so each real tag here was written by a template, or is an escape failure to report."""
    findings: list[Finding] = []

    def bad(problem: str) -> None:
        findings.append(Finding(path, problem))

    main_at = text.find(_MAIN_START)
    main_end = text.rfind("</article>", 0, text.rfind("</main>")) if main_at >= 0 else -1
    if main_at < 0 or main_end < main_at:
        bad("the page has no main content")
    else:
        main = text[main_at:main_end]
        if "<h1" not in main:
            bad("the page content has no heading")
        for tag in sorted(set(t.lower() for t in _TAG_NAME.findall(main)) - CONTENT_TAGS):
            bad(f"<{tag}> element in the page content")
    for m in _NEVER_RE.finditer(text):
        bad(f"<{m.group(1).lower()}> element")
    _attributes(text, bad)
    scripts = _SCRIPT.findall(text)
    if len(scripts) > MAX_SCRIPTS:
        bad(f"{len(scripts)} scripts: the theme writes at most {MAX_SCRIPTS}")
    for attrs, body in scripts:
        src = re.search(r"""\ssrc=["']?([^"'\s>]+)""", attrs)
        if src:
            if not any(a in src.group(1) for a in assets):
                bad(f"<script src={src.group(1)!r}> that is not one of the site's assets")
        elif "application/json" not in attrs and not body.strip().startswith(THEME_SCRIPTS):
            bad(f"inline script that is not the theme's: {body.strip()[:60]!r}")
    return findings


def scan_fragment(path: str, text: str) -> list[Finding]:
    """Markup inside a feed: the content rules, by the same scanner as the pages."""
    return scan_part(path, text, CONTENT_TAGS)


def _walk(site: Path, skip: tuple[str, ...]) -> list[str]:
    """Site paths of every file, in order, not descending into `skip` folders: at 25,000
    papers those are most of the site's folders."""
    out = []
    for top, dirs, files in os.walk(site):
        rel_top = os.path.relpath(top, site).replace(os.sep, "/")
        prefix = "" if rel_top == "." else rel_top + "/"
        dirs[:] = [d for d in dirs if not (prefix + d + "/").startswith(skip)]
        out += [prefix + name for name in files]
    return sorted(out)


def verify_site(site: Path, *, skip: tuple[str, ...] = ()) -> list[Finding]:
    """Every page, the search data and every feed. `skip`: page folders already verified
    part by part while they were assembled (the paper pages, see mkdocs_hooks)."""
    findings: list[Finding] = []
    assets = ASSETS
    files = _walk(site, skip)
    for rel in files:
        if rel.endswith(".html") and rel != "404.html":
            findings += scan_html(rel, (site / rel).read_text(encoding="utf-8"), assets)
    for rel in files:
        if rel.rsplit("/", 1)[-1] not in ("feed.xml", "atom.xml"):
            continue
        try:
            root = ET.fromstring((site / rel).read_bytes())
        except ET.ParseError as exc:
            findings.append(Finding(rel, f"not well-formed XML: {exc}"))
            continue
        for el in root.iter():
            if el.text and "<" in el.text and _is_markup(el):
                findings += scan_fragment(rel, el.text)
            for name, value in el.attrib.items():
                if name in ("href", "src") and _BAD_URL.match(value):
                    findings.append(Finding(rel, f"{name}={value[:40]!r}"))
    return findings


def _is_markup(el: ET.Element) -> bool:
    """Feed elements a reader may render as HTML: RSS titles and descriptions, Atom html."""
    tag = el.tag.rsplit("}", 1)[-1]
    if el.tag.startswith("{http://www.w3.org/2005/Atom}"):
        return el.get("type") in ("html", "xhtml")
    return tag in ("title", "description", "encoded")
