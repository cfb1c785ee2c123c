"""Scan a built site for anything executable that did not come from our own templates."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from generator import urls

# Tags our templates, Material and Python-Markdown put inside the main content.
CONTENT_TAGS = frozenset(
    "a abbr article b br code dd details noscript div dl dt em h1 h2 h3 h4 h5 h6 hr i li nav ol p pre "
    "small span strong sub summary sup table tbody td th thead tr ul mark label".split()
)
# Form controls: only the search page's filter form (generator/templates/search.html) has them.
FORM_TAGS = frozenset("form input select option button".split())
FORM_PAGES = frozenset({urls.file(urls.SEARCH)})
URL_ATTRS = frozenset("href src action formaction xlink:href poster background srcset data".split())
# Never in our pages at all; the theme's own forms and icons live outside the content.
NEVER = frozenset("iframe object embed frame frameset base applet".split())
# The only inline scripts the themes write, by the SHA-256 of their text (the site's path in
# `new URL("…",location)` left out): whatever else an override or a config puts in a <script>
# is refused, even when it starts like one of these. A theme upgrade that changes one fails
# verify on every page: check the new script, then add its hash here.
THEME_SCRIPTS = {
    "7eb3684fdacd2881f67b9428983273a29d8774d8bc82622af9b65a8ec1032a90": "Material: scope and storage",
    "213d571a86bd568ccb65bf92ca3cf95284d8c140997189b0272a503b72fa3988": "Zensical: scope and storage",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e": "Material, Zensical: palette",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "Material, Zensical: tab anchors",
}
_SCOPE = re.compile(r'new URL\("[\w.~%/-]*",location\)')
MAX_SCRIPTS = 9
ASSETS = ("assets/javascripts/", "assets/katex/katex.min.js", "assets/digest.js", "assets/reader.js",
          "assets/follow.js", "assets/lean.js", "assets/view.js", "assets/lean-end.js")
# The one script a page's content may hold, exactly as the triage macro writes it (see
# generator/templates/_macros.html): it must run before the cards below it are laid out.
_VIEW_SCRIPT = re.compile(r'<script src="(?:\.\./)*assets/view\.js"></script>')
HEAD_TAGS = frozenset({"meta"})
# The one script element with data, not code, our heads write (render/share.py): exactly this
# opening tag, JSON with no `<`, `>` or `&` in it, an object for schema.org.
_JSON_LD = re.compile(r'<script type="application/ld\+json">([^<]*)</script>')
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
# Elements that make the browser fetch what their URL attributes name (script: see scan_html).
_LOADS = re.compile(r"<(link|img|image|source|video|audio|track|input|embed|object|iframe|frame|use|feimage)\b", re.I)
_LOADING_ATTRS = frozenset("src href xlink:href srcset imagesrcset poster data background".split())
# <link> relations that only name another page (no fetch): these may point anywhere.
_NAVIGATION = frozenset("alternate feed canonical next prev author license help bookmark me".split())
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)


def off_site(url: str) -> bool:
    """Does a URL in our markup lead to another host: absolute with a scheme, or
    protocol-relative (browsers read a backslash as a slash and skip blanks and controls)."""
    value = re.sub(r"[\x00-\x20]", "", html.unescape(url)).replace("\\", "/")
    return value.startswith("//") or bool(_SCHEME.match(value))


def _loads_off_site(text: str, bad: Callable[[str], None]) -> None:
    """Nothing from another host: every element that fetches, whatever wrote it (a template,
    the theme, an override, `extra_css` in mkdocs.yml), names a file of the site itself."""
    for m in _LOADS.finditer(text):
        tag = _TAG_OPEN.match(text, m.start())
        if tag is None:
            continue
        name = tag.group(1).lower()
        attrs = {a.group(1).lower(): (a.group(2) or "").strip("\"'") for a in _ATTR.finditer(tag.group(2))}
        if name == "link" and set(html.unescape(attrs.get("rel", "")).lower().split()) <= _NAVIGATION \
                and attrs.get("rel", "").strip():
            continue
        for key, value in attrs.items():
            if key not in _LOADING_ATTRS:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.split()] if "srcset" in key else [value]
            for url in urls:
                if off_site(url):
                    bad(f"<{name} {key}={html.unescape(url)[:60]!r}> loads from another host")
    for css in _STYLE.findall(text):
        if re.search(r"url\(|@import|\\", css, re.I):
            bad("<style> that loads from a URL")


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


def json_ld_problem(body: str) -> str | None:
    """What is wrong with a JSON-LD script's text, if anything: it must be JSON data for
    schema.org with every `<`, `>` and `&` written as a \\u escape (render/share.py)."""
    if re.search(r"[<>&\u2028\u2029]", body):
        return "JSON-LD with a raw <, >, & or line separator"
    try:
        data = json.loads(body)
    except ValueError:
        return "JSON-LD that is not JSON"
    if not isinstance(data, dict) or data.get("@context") != "https://schema.org":
        return "JSON-LD that is not a schema.org object"
    return None


def scan_part(path: str, text: str, allowed: frozenset[str], *, json_ld: bool = False,
              view_script: bool = False) -> list[Finding]:
    """A fragment our templates made (a paper page's head or body): tags and attributes.
    `json_ld`: a head, which may hold JSON-LD scripts (each checked, then set aside).
    `view_script`: a list page's body, where the triage macro's view.js tag may stand."""
    findings: list[Finding] = []
    if view_script:
        text = _VIEW_SCRIPT.sub("", text)
    if json_ld:
        for m in _JSON_LD.finditer(text):
            problem = json_ld_problem(m.group(1))
            if problem:
                findings.append(Finding(path, problem))
        text = _JSON_LD.sub("", text)
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
        main = _VIEW_SCRIPT.sub("", text[main_at:main_end])
        if "<h1" not in main:
            bad("the page content has no heading")
        allowed = CONTENT_TAGS | FORM_TAGS if path in FORM_PAGES else CONTENT_TAGS
        for tag in sorted(set(t.lower() for t in _TAG_NAME.findall(main)) - allowed):
            bad(f"<{tag}> element in the page content")
    for m in _NEVER_RE.finditer(text):
        bad(f"<{m.group(1).lower()}> element")
    _attributes(text, bad)
    for m in _JSON_LD.finditer(text):
        problem = json_ld_problem(m.group(1))
        if problem:
            bad(problem)
    scripts = _SCRIPT.findall(_JSON_LD.sub("", text))
    if len(scripts) > MAX_SCRIPTS:
        bad(f"{len(scripts)} scripts: the theme writes at most {MAX_SCRIPTS}")
    _loads_off_site(text, bad)
    for attrs, body in scripts:
        values = {a.group(1).lower(): html.unescape((a.group(2) or "").strip("\"'")) for a in _ATTR.finditer(attrs)}
        src = values.get("src")
        if src is not None:
            if off_site(src):
                bad(f"<script src={src[:60]!r}> loads from another host")
            elif not any(a in src for a in assets):
                bad(f"<script src={src[:60]!r}> that is not one of the site's assets")
        elif values.get("type", "").strip().lower() != "application/json" and not _theme_script(body):
            bad(f"inline script that is not the theme's: {body.strip()[:60]!r}")
    return findings


def _theme_script(body: str) -> bool:
    normal = _SCOPE.sub('new URL("",location)', body.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest() in THEME_SCRIPTS


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
        if rel.endswith(".html"):
            findings += scan_html(rel, (site / rel).read_text(encoding="utf-8"), assets)
    for rel in files:
        if rel.rsplit("/", 1)[-1] not in (urls.rss(urls.HOME), urls.atom(urls.HOME)):
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
