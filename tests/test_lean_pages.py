"""The day and week pages, which multiply with the archive, are written from the lean shell
(overrides/lean.html), as the paper pages are: none of the theme's bundle, drawer or
sidebar navigation, yet the same head as before (title, their description, canonical
address, the site's and the weekly digest's feeds, share previews) and all their content."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT, SITE_DESCRIPTION, SITE_NAME, SITE_URL, make_project

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

DAY, WEEK = "days/2026-06-12/", "weeks/2026-W24/"
FEEDS = ("feed.xml", "atom.xml", "feed.json", "weeks/feed.xml", "weeks/atom.xml", "weeks/feed.json")
# What the theme's bundle, its drawer and its sidebars write: none of it on a lean page.
THEME_ONLY = ("data-md-component", "__config", "__md_scope", "__drawer", "__search", "md-sidebar", "md-nav",
              "md-dialog", "javascripts/bundle.", 'data-md-color-media="', 'id="pd-palette"')


def _page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("address", "title"), [(DAY, "Papers of 2026-06-12"),
                                               (WEEK, "Week 24 of 2026: 8–14 June 2026")])
def test_day_and_week_pages_are_lean_and_keep_their_head(built_site: Path, address: str, title: str) -> None:
    page = _page(built_site, address)
    assert [part for part in THEME_ONLY if part in page] == []
    head = page[:page.index("</head>")]
    assert re.findall(r"<title>([^<]*)</title>", head) == [f"{title} - {SITE_NAME}"]
    # Their description is the site's, as the theme wrote it before: once, also og:description.
    assert re.findall(r'<meta name="description"[^>]*>', head) == [
        f'<meta name="description" property="og:description" content="{html.escape(SITE_DESCRIPTION)}">']
    assert f'<link rel="canonical" href="{SITE_URL}{address}">' in head
    assert re.findall(r'<link rel="alternate feed" [^>]*href="((?:\.\./)*)([^"]+)"', head) == [
        ("../../", feed) for feed in FEEDS]
    for tag in ('<meta property="og:site_name" content="Paper Digest">', '<meta name="twitter:card" content="summary">',
                f'<meta property="og:title" content="{title}">', '<meta property="og:type" content="website">',
                f'<meta property="og:url" content="{SITE_URL}{address}">',
                f'<meta property="og:image" content="{SITE_URL}assets/share.png">'):
        assert head.count(tag) == 1, tag
    # One stylesheet (the shared lean.css), the lean chrome's script in the header, ours at the
    # end as one file (digest.js, reader.js and follow.js, in that order).
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["../../assets/lean.css"]
    assert re.findall(r'<script src="(?:\.\./)*([^"]+)"', page) == [
        "assets/lean.js", "assets/view.js", "assets/lean-end.js"]
    bundle = (built_site / "assets/lean-end.js").read_text(encoding="utf-8")
    assert re.findall(r"^/\* (assets/\S+) \*/$", bundle, re.M) == [
        "assets/digest.js", "assets/reader.js", "assets/follow.js"]
    # The tabs are the only navigation, written once.
    assert page.count('<nav class="md-tabs pd-tabs"') == 1 and page.count('href="../../weeks/"') >= 1


def test_day_and_week_pages_share_the_paper_pages_assets(built_site: Path) -> None:
    """One pair of assets for every lean page: written once, the theme's stylesheets and ours."""
    css = (built_site / "assets/lean.css").read_text(encoding="utf-8")
    imports = re.findall(r'@import url\("([^"]+)"\);', css)
    assert imports[-1] == "digest.css" and all((built_site / "assets" / i).is_file() for i in imports)
    assert "Switch to dark mode" in (built_site / "assets/lean.js").read_text(encoding="utf-8")
    assert not (built_site / "days/shell").exists() and not (built_site / "weeks/shell").exists()


def test_day_pages_keep_all_their_content(built_site: Path) -> None:
    """The article is the day's, whole: navigation to other days, the cards, the footer line."""
    page = _page(built_site, DAY)
    start = '<article class="md-content__inner md-content md-typeset">'
    article = page[page.index(start):page.index("</main>")]
    assert article.startswith(start + "<h1>Papers of Friday, 12 June 2026</h1>")
    assert '<nav class="pd-daynav" aria-label="Other days">' in article
    assert article.count('<article class="pd-card"') > 0 and '<p class="pd-updated">' in article


def test_lean_pages_carry_a_footer_only_when_the_site_has_one_to_show(built_site: Path, tmp_path: Path) -> None:
    """Material's "Made with" line alone is left to the site's other pages (~300 bytes on each
    of 100,000 lean pages); an operator's copyright or social links are on every page."""
    from generator.site.build import build

    for address in (DAY, WEEK, "papers/2606.13594/"):
        page = _page(built_site, address)
        assert "<footer" not in page and "md-container" not in page, address
        # The first scheme's colours that the theme's stylesheet does not already give: the accent.
        assert re.findall(r"<body[^>]*>", page) == ['<body dir="ltr" data-md-color-accent="deep-orange">']
    assert "Made with" in (built_site / "index.html").read_text(encoding="utf-8")

    notice = "Copyright 2026 Lab Reading Group"
    project = make_project(tmp_path / "project", SAMPLE_CONTENT, config=f"copyright: {notice}\n")
    out = tmp_path / "site"
    build(project / "mkdocs.yml", out)
    for address in (DAY, "papers/2606.13594/"):
        page = _page(out, address)
        footer = page[page.index('<footer class="md-footer">'):page.index("</footer>")]
        assert notice in footer and page.count('<div class="md-container">') == 1, address
