"""Scanners for a built site: every output file read back for markup, script, URLs and
invisible characters that our templates do not write. Used by the hostile-input tests
(tests/test_hostile.py) and the site tests; a Hit names the payloads it traces to."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
from hostile_corpus import INVISIBLE, MARKER, PAYLOADS, TOPIC_DESCRIPTION, TOPIC_TITLE
from sample import SITE_URL

from generator.site import verify

# --- a small DOM over html.parser ------------------------------------------------------

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass
class El:
    tag: str
    attrs: dict[str, str]
    start: str = ""  # the start tag exactly as written
    children: list[El | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[El]:
        for child in self.children:
            if isinstance(child, El):
                yield child
                yield from child.iter()

    def all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[El]:
        return [e for e in self.iter() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> El:
        found = self.all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = El("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = El(tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or "")
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(El(tag, {k: v or "" for k, v in attrs}, self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(source: str) -> El:
    tree = _Tree()
    tree.feed(source)
    tree.close()
    return tree.root


# --- scanning every output file -------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """Something executable (or invisible) in an output file, and the payloads it traces to."""

    area: str  # html, search, feed, opml, sitemap, invisible
    where: str
    problem: str
    context: str
    marks: frozenset[int] = frozenset()

    def __str__(self) -> str:
        return f"[{self.area}] {self.where}: {self.problem}: {self.context[:160]!r}"


def _hit(area: str, where: str, problem: str, context: str) -> Hit:
    return Hit(area, where, problem, context, frozenset(int(m) for m in MARKER.findall(context)))


URL_ATTRS = frozenset("href src action formaction xlink:href data poster background srcset cite ping "
                      "manifest codebase lowsrc dynsrc longdesc usemap".split())
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data):", re.IGNORECASE)
NEVER = frozenset("iframe frame frameset object embed applet base portal math template noembed".split())
# Every tag our templates (and Material inside the article) write into the main content.
MAIN_TAGS = frozenset("a abbr article b br code dd details div dl dt em h1 h2 h3 h4 h5 h6 hr i li nav ol p "
                      "pre small span strong sub summary sup table tbody td th thead tr ul mark noscript".split())
RAW_TAGS = re.compile(r"<(script|style|svg|iframe|img|object|embed|form|input|textarea|math|body|base|meta"
                      r"|link|details|frame)\b", re.IGNORECASE)
# The search page's filter form (generator/templates/search.html) is ours, as verify knows.
FORM_PAGES = verify.FORM_PAGES
FORM_CONTROLS = verify.FORM_TAGS | {"label"}
# What generator/site/search.py files a day under, and the values each may take.
SEARCH_FILTERS = {"year": re.compile(r"\d{4}"), "topic": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
                  "code": re.compile("yes"), "pick": re.compile("yes")}
SEARCH_KEPT = re.compile(r"</?(?:p|code|pre|li|ol|ul|sub|sup)>")


def is_view_script(rel: str, el: El) -> bool:
    """The list pages' `<script src=".../assets/view.js">` (the dense view, no body, nothing else)."""
    return (rel.split("/", 1)[0] in ("days", "weeks", "topics", "index.html") and not el.text().strip()
            and el.attrs.keys() == {"src"} and re.fullmatch(r"(?:\.\./)*assets/view\.js", el.attrs["src"]) is not None)


def _browser_url(value: str) -> str:
    """An attribute value as a browser reads a URL: entities decoded, controls/spaces ignored."""
    return re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value))


def script_signature(el: El) -> str:
    """A theme script, with the relative paths that differ page to page blanked out."""
    src = el.attrs.get("src")
    if src is not None:
        return "src:" + re.sub(r"^(?:\.\./|\./|/paper-digest/)+", "", src)
    body = el.text().strip()
    return f"{el.attrs.get('type', '')}:" + re.sub(r'"[^"]*"', '""', body)


def theme_signatures(site: Path) -> set[str]:
    """What our own build writes that a payload must never add: scripts, Pagefind's data-
    attributes (they steer what the search index holds, and its meta.url becomes an href)."""
    out = set()
    for page in site.rglob("*.html"):
        for el in dom(page.read_text(encoding="utf-8")).iter():
            if el.tag == "script":
                out.add(script_signature(el))
            out |= {f"attr:{k}={v}" for k, v in el.attrs.items() if k.startswith("data-pagefind")}
    return out


def scan_html(rel: str, source: str, theme: set[str]) -> list[Hit]:
    hits: list[Hit] = []
    root = dom(source)

    def walk(el: El, in_main: bool) -> None:
        for child in el.children:
            if isinstance(child, str):
                continue
            ctx = child.start
            for name, value in child.attrs.items():
                if name.startswith("on"):
                    hits.append(_hit("html", rel, f"event handler {name!r} on <{child.tag}>", ctx))
                elif name in URL_ATTRS and BAD_SCHEME.match(_browser_url(value)):
                    hits.append(_hit("html", rel, f"{name}= with a script/data URL on <{child.tag}>", ctx))
                elif name == "srcdoc":
                    hits.append(_hit("html", rel, f"srcdoc on <{child.tag}>", ctx))
                elif name == "style" and re.search(r"url\(|expression\(|javascript:", value, re.I):
                    hits.append(_hit("html", rel, f"style with url()/expression() on <{child.tag}>", ctx))
                elif name.startswith("data-pagefind") and f"attr:{name}={value}" not in theme:
                    hits.append(_hit("html", rel, f"{name} that our templates do not write", ctx))
            if child.tag in NEVER:
                hits.append(_hit("html", rel, f"<{child.tag}> element", ctx + child.text()))
            if child.tag == "meta" and child.attrs.get("http-equiv", "").lower() == "refresh":
                hits.append(_hit("html", rel, "meta refresh", ctx))
            if child.tag == "script" and child.attrs == {"type": "application/ld+json"} and not in_main:
                hits.extend(scan_json_ld(rel, child.text(), ctx))
            elif child.tag == "script":
                if in_main and is_view_script(rel, child):
                    pass  # the triage macro's one tag (dense view), as verify allows it
                elif in_main or script_signature(child) not in theme:
                    hits.append(_hit("html", rel, "a script that is not the theme's", ctx + child.text()))
            elif child.tag == "style" and not in_main:
                hits.append(_hit("html", rel, "a <style> element", ctx + child.text()))
            elif in_main and child.tag not in MAIN_TAGS and not (rel in FORM_PAGES and child.tag in FORM_CONTROLS):
                hits.append(_hit("html", rel, f"<{child.tag}> in the main content", ctx + child.text()[:200]))
            main = in_main or (child.tag == "article" and "md-content__inner" in child.classes)
            walk(child, main)

    walk(root, False)
    # What html.parser saw must be all there is: a raw "<script" (or "<img", ...) in the source
    # that did not become an element sits where a browser may read it differently.
    raw: dict[str, int] = {}
    for m in RAW_TAGS.finditer(source):
        raw[m.group(1).lower()] = raw.get(m.group(1).lower(), 0) + 1
    for tag, count in raw.items():
        parsed = len(root.all(tag))
        if count != parsed:
            at = next(m.start() for m in RAW_TAGS.finditer(source) if m.group(1).lower() == tag)
            hits.append(_hit("html", rel, f"{count} raw '<{tag}' in the source, {parsed} parsed",
                             source[max(0, at - 80): at + 200]))
    return hits


def scan_json_ld(rel: str, body: str, ctx: str) -> list[Hit]:
    """Structured data in a head: JSON with nothing that could end or bend its element."""
    if re.search("[<>&\u2028\u2029]", body):
        return [_hit("html", rel, "JSON-LD with a raw <, >, & or line separator", ctx + body)]
    try:
        json.loads(body)
    except ValueError:
        return [_hit("html", rel, "JSON-LD that is not JSON", ctx + body)]
    return []


def scan_json_feed(rel: str, data: bytes) -> list[Hit]:
    """A JSON Feed: its HTML held to the RSS/Atom descriptions' rules, its URLs http(s)."""
    hits: list[Hit] = []
    feed = json.loads(data)
    for key in ("home_page_url", "feed_url"):
        if not feed[key].startswith(("https://", "http://")):
            hits.append(_hit("feed", rel, f"{key} not http(s)", feed[key]))
    for item in feed["items"]:
        hits += scan_fragment("feed", f"{rel} content_html", item["content_html"], frozenset({"p"}))
        if not item["url"].startswith(("https://", "http://")):
            hits.append(_hit("feed", rel, "url not http(s)", item["url"]))
    return hits


def scan_fragment(area: str, rel: str, fragment: str, allowed: frozenset[str]) -> list[Hit]:
    """HTML that a reader renders (feed descriptions): only `allowed` bare tags."""
    hits = []
    for el in dom(fragment).iter():
        if el.tag not in allowed or el.attrs:
            hits.append(_hit(area, rel, f"<{el.tag}> in HTML a reader renders", el.start + el.text()[:200]))
    return hits


def scan_feed(rel: str, data: bytes) -> list[Hit]:
    hits: list[Hit] = []
    parsed = feedparser.parse(data)
    if parsed.bozo:
        hits.append(_hit("feed", rel, "feedparser: not well-formed", str(parsed.get("bozo_exception"))))
    root = ET.fromstring(data)
    atom = root.tag == "{http://www.w3.org/2005/Atom}feed"
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        body = el.text or ""
        markup = el.get("type") in ("html", "xhtml") if atom else tag in ("title", "description", "encoded")
        if markup:
            hits += scan_fragment("feed", f"{rel} <{tag}>", body, frozenset({"p"}))
        for name in ("href", "src", "url"):
            value = el.get(name)
            if value is not None and not value.startswith(("https://", "http://")):
                hits.append(_hit("feed", rel, f"<{tag} {name}=> not http(s)", value))
        if tag in ("link", "comments", "docs") and not atom and body.strip() and \
                not body.startswith(("https://", "http://")):
            hits.append(_hit("feed", rel, f"<{tag}> not http(s)", body))
    return hits


def pagefind_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's per-page records (gzip, a signature, then JSON), by site path, in every part
    of the index (pagefind/fragment/, pagefind/part2/fragment/, ...)."""
    out = {}
    for path in sorted(site.glob("pagefind/**/fragment/*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        out[path.relative_to(site).as_posix()] = json.loads(raw[len(b"pagefind_dcd"):])
    return out


def scan_pagefind(site: Path) -> list[Hit]:
    """Pagefind's records hold plain text (its UI escapes < and > before it shows an excerpt
    as HTML, and sets titles as text); what it uses as markup or URLs must be ours alone."""
    hits = []
    for rel, record in pagefind_fragments(site).items():
        context = json.dumps(record, ensure_ascii=False)[:400]
        if not re.fullmatch(r"/days/\d{4}-\d{2}-\d{2}/", record.get("url", "")):
            hits.append(_hit("search", rel, "a result URL that is not a day page", context))
        # Only a title and the cards' titles: meta.url would be a result's href, meta.image an <img>.
        meta = record.get("meta", {})
        if set(meta) != {"title", "cards"}:
            hits.append(_hit("search", rel, f"meta keys {sorted(meta)}", context))
        elif set(json.loads(meta["cards"])) != {str(a.get("id")) for a in record.get("anchors", [])}:
            hits.append(_hit("search", rel, "card titles that are not the anchors'", context))
        # Filter and sort values are ours alone (a year, topic slugs, "yes", the day's date):
        # the search page sets them as text, but nothing from a title or abstract belongs there.
        filters = record.get("filters") or {}
        sort = record.get("sort") or {}
        if not set(filters) <= set(SEARCH_FILTERS) or any(
                not isinstance(values, list) or not all(SEARCH_FILTERS[key].fullmatch(str(v)) for v in values)
                for key, values in filters.items()):
            hits.append(_hit("search", rel, "filters that are not a year, topic slugs, code or pick", context))
        if set(sort) - {"date"} or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(sort.get("date", "2000-01-01"))):
            hits.append(_hit("search", rel, "sort keys other than the day's date", context))
        for anchor in record.get("anchors", []):
            if not re.fullmatch(r"[A-Za-z0-9_-]+", str(anchor.get("id", ""))):
                hits.append(_hit("search", rel, "an anchor id that is not ours", json.dumps(anchor)))
    return hits


def scan_search(rel: str, data: str) -> list[Hit]:
    hits = []
    for doc in json.loads(data)["docs"]:
        for key in ("title", "text", "location"):
            value = str(doc.get(key, ""))
            # Material keeps a few bare tags and escapes all text: any other "<" is markup.
            rest = SEARCH_KEPT.sub("", value)
            if "<" in rest:
                at = rest.index("<")
                hits.append(_hit("search", f"{rel} [{doc.get('location')}] {key}", "raw markup in the index",
                                 rest[max(0, at - 60): at + 200]))
    return hits


def scan_opml(rel: str, data: bytes) -> list[Hit]:
    hits = []
    for el in ET.fromstring(data).iter("outline"):
        for name in ("xmlUrl", "htmlUrl"):
            if not el.get(name, "").startswith(SITE_URL):
                hits.append(_hit("opml", rel, f"{name} outside the site", el.get(name, "")))
        # OPML's text is often read as (escaped) HTML, as RSS titles are.
        for name in ("text", "title"):
            hits += scan_fragment("opml", f"{rel} outline {name}=", el.get(name, ""), frozenset())
    return hits


def scan_sitemap(rel: str, data: bytes) -> list[Hit]:
    hits = []
    for el in ET.fromstring(data).iter():
        if el.tag.endswith("}loc") and not (el.text or "").startswith(SITE_URL):
            hits.append(_hit("sitemap", rel, "<loc> outside the site", el.text or ""))
    return hits


def scan_invisible(rel: str, decoded: str) -> list[Hit]:
    """Control, bidi, zero-width and tag characters: traced to the payloads that hold them."""
    found = sorted(set(INVISIBLE.findall(decoded)))
    if not found:
        return []
    marks = frozenset(p.n for p in (*PAYLOADS, TOPIC_TITLE, TOPIC_DESCRIPTION) if any(c in p.text for c in found))
    names = " ".join(f"U+{ord(c):04X}" for c in found[:12])
    return [Hit("invisible", rel, f"invisible characters {names}", names, marks)]


def scan_site(site: Path, theme: set[str]) -> list[Hit]:
    hits: list[Hit] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        fragment = rel.startswith("pagefind/") and "/fragment/" in rel  # in any part of the index
        if not path.is_file() or rel.startswith("assets/") or (rel.startswith("pagefind/") and not fragment):
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            source = data.decode("utf-8")
            hits += scan_html(rel, source, theme)
            hits += scan_invisible(rel, html.unescape(source))
        elif fragment:
            decoded = gzip.decompress(data).decode("utf-8")
            hits += scan_invisible(rel, json.dumps(json.loads(decoded[len("pagefind_dcd"):]), ensure_ascii=False))
        elif rel == "search/search_index.json":
            source = data.decode("utf-8")
            hits += scan_search(rel, source)
            hits += scan_invisible(rel, json.dumps(json.loads(source), ensure_ascii=False))
        elif path.name in ("feed.xml", "atom.xml"):
            hits += scan_feed(rel, data)
            hits += scan_invisible(rel, html.unescape(data.decode("utf-8")))
        elif path.name == "feed.json":
            hits += scan_json_feed(rel, data)
            hits += scan_invisible(rel, html.unescape(json.dumps(json.loads(data), ensure_ascii=False)))
        elif path.name == "feeds.opml":
            hits += scan_opml(rel, data)
            hits += scan_invisible(rel, html.unescape(data.decode("utf-8")))
        elif path.name == "sitemap.xml":
            hits += scan_sitemap(rel, data)
        elif path.name.startswith("sitemap-") and path.name.endswith(".xml.gz"):  # the index's urlsets
            hits += scan_sitemap(rel, gzip.decompress(data))
    if (site / "pagefind").is_dir():
        hits += scan_pagefind(site)
    return hits
