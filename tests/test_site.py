"""The sample content built by the real pipeline: pages, feeds, search, determinism."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import feedparser
import pytest
from sample import SAMPLE_CONTENT, SITE_URL
from site_scan import pagefind_fragments

from generator.content.load import load
from generator.content.records import Links, Paper
from generator.render import fragments
from generator.render.html import AUTHORS_SHOWN

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py


def tree_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_kind_of_page_exists(built_site: Path) -> None:
    for rel in ("index.html", "archive/index.html", "days/2026-06-12/index.html",
                "days/2016-10-10/index.html", "topics/agents/index.html",
                "papers/2606.13677/index.html", "papers/cond-mat-0412498/index.html",
                "papers/astro-ph-0601001/index.html", "feed.xml", "atom.xml",
                "topics/agents/feed.xml", "topics/agents/atom.xml", "feeds.opml",
                "search/index.html", "pagefind/pagefind-entry.json", "sitemap.xml"):
        assert (built_site / rel).is_file(), rel
    assert not (built_site / "papers" / "shell").exists()
    day_files = sorted(p.stem for p in (SAMPLE_CONTENT / "days").glob("*.yml"))
    assert sorted(p.name for p in (built_site / "days").iterdir()) == day_files


def test_day_page_cards(built_site: Path) -> None:
    html = (built_site / "days/2026-06-12/index.html").read_text()
    assert html.count('<article class="pd-card') == 30
    assert 'id="p-2606-13594"' in html
    assert '<title>Papers of 2026-06-12 - Paper Digest</title>' in html
    assert 'rel="prev" href="../../days/2025-08-08/"' in html
    assert 'rel="next" href="../../days/2026-06-14/"' in html
    assert 'href="https://github.com/' in html  # code links from githubRepo


def test_paper_page_has_citation_tags_and_bibtex(built_site: Path) -> None:
    html = (built_site / "papers/cond-mat-0412498/index.html").read_text()
    assert ('<meta name="citation_title" property="og:title" '
            'content="Thermal melting of density waves on the square lattice">') in html
    assert html.count('<meta name="citation_author"') == 2
    assert '<meta name="citation_date" content="2004/12/19">' in html
    assert '<meta name="citation_arxiv_id" content="cond-mat/0412498">' in html
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/cond-mat/0412498">' in html
    assert "eprint = {cond-mat/0412498}" in html
    assert f'<link rel="canonical" href="{SITE_URL}papers/cond-mat-0412498/">' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(("published", "stamp"), [
    (date(1, 1, 1), "0001/01/01"), (date(999, 12, 31), "0999/12/31"), (date(2026, 6, 5), "2026/06/05")])
def test_citation_dates_are_always_yyyy_mm_dd(published: date, stamp: str) -> None:
    # Google Scholar's inclusion guidelines: citation_publication_date as "YYYY/MM/DD".
    paper = Paper(id="2601.00001", title="T", authors=(), abstract="", published=published, links=Links())
    head = fragments.paper_head(paper, "2601.00001")
    assert f'<meta name="citation_date" content="{stamp}">' in head
    assert f'<meta name="citation_publication_date" content="{stamp}">' in head


def test_every_page_advertises_feeds_and_loads_nothing_from_elsewhere(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        html = page.read_text()
        assert 'rel="alternate feed" type="application/rss+xml"' in html, page
        for m in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]+)"', html):
            url = m.group(1)
            if "rel=\"alternate" in m.group(0) or "rel=\"canonical\"" in m.group(0):
                continue
            assert not re.match(r"(https?:)?//", url), (page, url)
    topic = (built_site / "topics/agents/index.html").read_text()
    assert 'href="feed.xml"' in topic and 'href="atom.xml"' in topic


@pytest.mark.parametrize("rel", ["feed.xml", "atom.xml", "topics/agents/feed.xml", "topics/physics/atom.xml"])
def test_feeds_parse_back(built_site: Path, rel: str) -> None:
    parsed = feedparser.parse((built_site / rel).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = parsed.entries
    assert entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    assert all(e.link.startswith(SITE_URL + "papers/") for e in entries)
    expected_link = SITE_URL + (rel.rsplit("/", 1)[0] + "/" if "/" in rel else "")
    assert parsed.feed.link == expected_link
    dates = [e.published_parsed for e in entries]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_feed_item_ids_are_stable_arxiv_urls(built_site: Path) -> None:
    parsed = feedparser.parse((built_site / "feed.xml").read_bytes())
    first = parsed.entries[0]
    assert first.id == "https://arxiv.org/abs/2606.13677"
    assert first.title == "Mana: Dexterous Manipulation of Articulated Tools"
    assert len(parsed.entries) == 100


def test_opml_lists_every_feed(built_site: Path) -> None:
    opml = (built_site / "feeds.opml").read_text()
    topics = (SAMPLE_CONTENT / "topics.yml").read_text().count("- slug:")
    assert opml.count("<outline ") == topics + 2  # every paper, each topic, the weekly digest
    assert f'xmlUrl="{SITE_URL}topics/agents/feed.xml"' in opml


def test_search_index_covers_every_paper(built_site: Path) -> None:
    """Pagefind indexes the day pages: a record per day, a sub-result and a title per card
    (the browser test searches it for real)."""
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    pages = sum(language["page_count"] for language in entry["languages"].values())
    assert pages == len(list((built_site / "days").glob("*/index.html"))) == 5
    records = pagefind_fragments(built_site).values()
    titles = {f'{r["url"]}#{a["id"]}': json.loads(r["meta"]["cards"])[a["id"]][0]
              for r in records for a in r["anchors"]}
    assert len(titles) == sum(1 for _ in (built_site / "papers").glob("*/index.html")) == 193
    assert titles["/days/2026-06-12/#p-2606-10423"] == "WebChallenger: A Reliable and Efficient Generalist Web Agent"
    day = next(r for r in records if r["url"] == "/days/2026-06-12/")
    # Authors a card leaves out (hidden on it, in .pd-more) are indexed all the same; links are not.
    papers = next(d for d in load(SAMPLE_CONTENT).days if d.date.isoformat() == "2026-06-12").papers
    hidden = next(p.authors[AUTHORS_SHOWN] for p in papers if len(p.authors) > AUTHORS_SHOWN + 1)
    page = (built_site / "days/2026-06-12/index.html").read_text()
    assert page.count(hidden) == 1
    assert re.search(r'<span class="pd-more" data-n="\d+"><span>[^<]*' + re.escape(hidden), page)
    assert hidden in day["content"] and "Details &amp; BibTeX" not in day["content"]
    assert "data-pagefind" not in (built_site / "papers/2606.10423/index.html").read_text()
    assert not (built_site / "search/search_index.json").exists()  # no multi-MB lunr index


def test_sitemap_lists_paper_pages_with_content_dates(built_site: Path) -> None:
    assert "sitemap-1.xml.gz</loc>" in (built_site / "sitemap.xml").read_text()
    sitemap = gzip.decompress((built_site / "sitemap-1.xml.gz").read_bytes()).decode()
    assert f"<loc>{SITE_URL}papers/cond-mat-0412498/</loc>" in sitemap
    assert "/papers/shell/" not in sitemap
    assert "<lastmod>2016-10-10</lastmod>" in sitemap


def _build(project: Path, out: Path, tz: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["TZ"] = tz
    subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(out)],
                   cwd=project, env=env, check=True, capture_output=True)


def test_builds_are_byte_identical_whatever_the_time_zone(built_site: Path, sample_project: Path,
                                                          tmp_path: Path) -> None:
    reference = tree_digest(built_site)
    for tz in ("Asia/Shanghai", "America/Los_Angeles"):
        out = tmp_path / tz.replace("/", "_")
        _build(sample_project, out, tz)
        assert tree_digest(out) == reference, tz


def test_plain_mkdocs_build_strict(sample_project: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
                            cwd=sample_project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s/papers/2606.13677/index.html").is_file()
    assert (tmp_path / "s/topics/agents/feed.xml").is_file()
