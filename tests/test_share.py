"""Share previews (OpenGraph, Twitter card) on every page and schema.org ScholarlyArticle
JSON-LD on paper pages: read back by a parser (html.parser, json.loads), hostile text
included, and held to by verify, the one HTML scanner."""

from __future__ import annotations

import json
import struct
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sample import ROOT, SITE_URL

from generator.content.records import Links, Paper
from generator.render import fragments, share
from generator.render.pages import PaperItem
from generator.site import paperpages, verify

HOSTILE = "</script><script>alert(1)</script> \u2028<!-- & \u2029 \"quoted\" 'single'"


class Head(HTMLParser):
    """The meta tags (by name and by property) and the scripts of a page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            for key in ("name", "property"):
                if values.get(key):
                    self.meta.setdefault(str(values[key]), []).append(values.get("content") or "")
        elif tag == "script":
            self._script = values

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, ""))
            self._script = None


def _parse(text: str) -> Head:
    head = Head()
    head.feed(text)
    head.close()
    return head


def _hostile_paper() -> PaperItem:
    paper = Paper(id="2601.00001", title=HOSTILE, authors=(HOSTILE, "Ada Lovelace"), abstract="An abstract.",
                  published=date(2026, 1, 2), links=Links(arxiv="https://arxiv.org/abs/2601.00001"))
    return PaperItem(date(2026, 1, 3), paper, ("agents",), "@article{x}")


def test_a_hostile_title_stays_data_in_the_json_ld_and_the_tags() -> None:
    head, _ = paperpages.render(_hostile_paper(), {"agents": HOSTILE}, SITE_URL)
    # Nothing in the head closes the script or opens a comment; U+2028/2029 never raw.
    script = head[head.index('<script type="application/ld+json">'):]
    assert script.count("</script>") == 1 and "<!--" not in script
    assert "\u2028" not in script and "\u2029" not in script
    parsed = _parse(head)
    assert len(parsed.scripts) == 1
    attrs, text = parsed.scripts[0]
    assert attrs == {"type": "application/ld+json"}
    assert json.loads(text) == {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "name": HOSTILE,
        "author": [{"@type": "Person", "name": HOSTILE}, {"@type": "Person", "name": "Ada Lovelace"}],
        "datePublished": "2026-01-02", "identifier": "arXiv:2601.00001",
        "sameAs": "https://arxiv.org/abs/2601.00001", "keywords": [HOSTILE]}
    assert parsed.meta["og:title"] == [HOSTILE] == parsed.meta["citation_title"]
    assert parsed.meta["og:type"] == ["article"]
    assert parsed.meta["og:url"] == [SITE_URL + "papers/2601.00001/"]
    assert verify.scan_part("papers/2601.00001/index.html", head, verify.HEAD_TAGS, json_ld=True) == []


def test_page_tags_escape_their_title() -> None:
    tags = share.common(SITE_URL, HOSTILE) + share.page(SITE_URL, "days/2026-01-03/", HOSTILE)
    parsed = _parse(tags)
    assert parsed.scripts == []
    assert parsed.meta == {"og:site_name": [HOSTILE], "og:image": [SITE_URL + "assets/share.png"],
                           "twitter:card": ["summary"], "og:title": [HOSTILE], "og:type": ["website"],
                           "og:url": [SITE_URL + "days/2026-01-03/"]}


@pytest.mark.parametrize(("script", "problem"), [
    ('<script type="application/ld+json">alert(1)</script>', "JSON-LD that is not JSON"),
    ('<script type="application/ld+json">{"@context":"https://evil.example"}</script>',
     "JSON-LD that is not a schema.org object"),
    ('<script type="application/ld+json">{"@context":"https://schema.org","x":"\u2028"}</script>',
     "JSON-LD with a raw <, >, & or line separator"),
])
def test_verify_checks_every_json_ld_script(script: str, problem: str) -> None:
    assert [f.problem for f in verify.scan_part("p", script, verify.HEAD_TAGS, json_ld=True)] == [problem]


@pytest.mark.parametrize("script", [
    '<script type="application/ld+json">{"@context":"https://schema.org","name":"<b>"}</script>',
    '<script type="application/ld+json" id="x">{"@context":"https://schema.org"}</script>',
    '<script type="text/ld+json">{"@context":"https://schema.org"}</script>',
])
def test_verify_accepts_no_other_script_in_a_head(script: str) -> None:
    assert "<script> element" in [f.problem for f in verify.scan_part("p", script, verify.HEAD_TAGS, json_ld=True)]
    # And in a whole page: an inline script that is not the theme's.
    page = f'<html><head>{script}</head><body><article class="md-content__inner"><h1>t</h1></article></main></body>'
    assert any(f.problem.startswith("inline script that is not the theme's")
               for f in verify.scan_html("p", page, verify.ASSETS))


def test_every_page_of_the_site_has_share_previews(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        text = page.read_text()
        if 'http-equiv="refresh"' in text:
            continue  # the redirect pages of former ids
        meta = _parse(text[:text.index("</head>")]).meta
        for key in ("og:title", "og:description", "og:image", "og:site_name", "twitter:card"):
            assert len(meta.get(key, [])) == 1 and meta[key][0], (page, key)
        assert meta["og:image"] == [SITE_URL + "assets/share.png"]
        if page.name != "404.html":
            rel = page.relative_to(built_site).as_posix().removesuffix("index.html")
            assert meta["og:url"] == [SITE_URL + rel], page
            assert meta["og:type"] == ["article" if rel.startswith("papers/") else "website"], page
    assert (built_site / "assets/share.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_paper_page_describes_itself_once(built_site: Path) -> None:
    text = (built_site / "papers/2606.13594/index.html").read_text()
    head = _parse(text[:text.index("</head>")])
    assert head.meta["og:description"] == head.meta["description"]  # one element, both names
    assert text.count('content="Multi-agent systems communicate') == 1
    [data] = [json.loads(body) for attrs, body in head.scripts if attrs.get("type") == share.JSON_LD]
    assert data["name"] == head.meta["citation_title"][0] == head.meta["og:title"][0]
    assert [a["name"] for a in data["author"]] == head.meta["citation_author"]
    assert data["datePublished"] == "2026-06-11" and data["identifier"] == "arXiv:2606.13594"
    assert data["sameAs"] == "https://arxiv.org/abs/2606.13594"
    # Its address is the page's canonical link (and og:url), not written a third time.
    assert "url" not in data and f'<link rel="canonical" href="{SITE_URL}papers/2606.13594/">' in text
    assert verify.verify_site(built_site) == []


def test_the_share_image_is_what_its_script_draws() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import share_image
    finally:
        sys.path.remove(str(ROOT / "tools"))
    committed = (ROOT / "docs/assets/share.png").read_bytes()
    assert committed == share_image.png()
    assert struct.unpack(">II", committed[16:24]) == (512, 512)  # X's summary card: square, 144 px or more


@pytest.mark.parametrize(("abstract", "expected"), [
    ("Short.", "Short."),
    ("x" * 160, "x" * 160),  # exactly as long as it may be: whole
    ("word " * 40, ("word " * 31).rstrip() + "…"),  # cut at a word, within 160 characters
])
def test_a_paper_s_description_is_its_abstract_s_start_within_160_characters(abstract: str, expected: str) -> None:
    paper = Paper(id="2601.00001", title="T", authors=(), abstract=abstract, published=None, links=Links())
    assert fragments.description(paper) == expected
    assert len(fragments.description(paper)) <= fragments.DESCRIPTION_MAX
