"""The reader features in the built sample site: weekly pages and feed, BibTeX files per day
and topic, the freshness line on every page but a paper's, the reading-list page, the cards'
data attributes (Zotero's COinS: tests/test_browser_coins.py), and KaTeX and the scheme
toggle in the theme."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import feedparser
import pytest
import yaml
from pybtex.database import parse_string
from sample import SAMPLE_CONTENT
from site_scan import dom

from generator.content.records import Day, Links, Paper
from generator.render import fragments, weeks
from generator.render.pages import TOPIC_RECENT

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-06-12"
UPDATED = "Digest last updated Sunday, 14 June 2026."


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "/papers/" not in str(p)
                  or p.parent.name in ("2606.13594", "cond-mat-0412498"))


def test_every_page_but_a_paper_s_ends_with_the_freshness_line(built_site: Path) -> None:
    """Not the paper pages: a line that changes every day on 100,000 pages would make every
    page new every day (no upload of only what changed, no cache); their tabs link /status/."""
    pages = _pages(built_site)
    assert len(pages) > 30
    for page in pages:
        main = dom(page.read_text(encoding="utf-8")).one("article", "md-content__inner")
        line = main.all("p", "pd-updated")
        if "/papers/" in str(page):
            assert line == [] and "Digest last updated" not in page.read_text(encoding="utf-8"), page
            assert dom(page.read_text(encoding="utf-8")).one("nav", "md-tabs").all("a")[-2].attrs["href"] \
                == "../../status/"
            continue
        assert len(line) == 1, page
        assert line[0].text().startswith(UPDATED), page
        assert line[0].one("a").attrs["href"].endswith("status/"), page


def test_week_page_picks_first_then_upvotes(built_site: Path) -> None:
    page = dom((built_site / "weeks/2026-W24/index.html").read_text(encoding="utf-8"))
    main = page.one("article", "md-content__inner")
    assert main.one("h1").text() == "Week 24 of 2026: 8–14 June 2026"
    cards = main.one("ol", "pd-rows").all("li", "pd-card")
    content = {d: yaml.safe_load((SAMPLE_CONTENT / f"days/{d}.yml").read_text(encoding="utf-8"))
               for d in ("2026-06-12", "2026-06-14")}
    papers = [p for day in content.values() for p in day["papers"]]
    assert len(cards) == len(papers) < weeks.WEEK_ROWS
    ups = [int(c.attrs.get("data-up", -1)) for c in cards]  # the sample week has no picks
    assert ups == sorted(ups, reverse=True) and ups[0] == 118
    # A row: the title to the paper's page, the first authors, its day's card (where the
    # abstract is), its topics; no abstract of its own.
    first = cards[0]
    slug = first.attrs["data-slug"]
    assert first.one("a", "pd-card__title").attrs["href"] == f"../../papers/{slug}/"
    day = next(d for d, c in content.items() if any(str(p["id"]) == slug for p in c["papers"]))
    assert first.one("a", "pd-day").attrs["href"] == f"../../days/{day}/#p-{slug.replace('.', '-')}"
    assert first.one("a", "pd-day").text() == "Fri 12 Jun"
    assert first.one(cls="pd-upvotes").text() == "▲ 118"
    assert not first.all("details") and not main.all("h2", id="more")
    index = dom((built_site / "weeks/index.html").read_text(encoding="utf-8"))
    assert [a.attrs["href"] for a in index.one("article", "md-content__inner").one("ul").all("a")] == [
        "../weeks/2026-W24/", "../weeks/2025-W32/", "../weeks/2024-W48/", "../weeks/2016-W41/"]
    archive = (built_site / "archive/index.html").read_text(encoding="utf-8")
    assert 'href="../weeks/"' in archive


def test_weeks_rank_picks_first_then_upvotes_then_curated_order() -> None:
    def paper(pid: str, up: int | None, pick: bool = False) -> Paper:
        return Paper(id=pid, title=pid, authors=(), abstract="", published=None, links=Links(),
                     upvotes=up, pick=pick)
    monday, sunday, next_monday = date(2026, 6, 8), date(2026, 6, 14), date(2026, 6, 15)
    days = (Day(monday, "", (paper("2606.00001", 5), paper("2606.00002", None, pick=True))),
            Day(sunday, "", (paper("2606.00003", 9), paper("2606.00004", 5), paper("2606.00005", 1, pick=True))),
            Day(next_monday, "", (paper("2606.00006", 0),)))
    newest, older = weeks.weeks(days)
    assert (newest.key, older.key) == ("2026-W25", "2026-W24")
    assert [p.id[-1] for _, p in older.items] == ["5", "2", "3", "1", "4"]
    assert (older.first, older.last, older.newest, older.span) == (monday, sunday, sunday, "8–14 June 2026")
    assert weeks.key(date(2027, 1, 1)) == "2026-W53"  # ISO weeks, not calendar years


def test_weekly_feeds_one_item_per_week_with_stable_ids(built_site: Path) -> None:
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((built_site / "weeks" / name).read_bytes())
        assert not parsed.bozo, name
        assert [e.title for e in parsed.entries][:1] == ["Week 24 of 2026: 35 papers"]
        assert len(parsed.entries) == 4
        assert parsed.entries[0].id == "urn:uuid:" + str(
            __import__("uuid").uuid5(__import__("uuid").NAMESPACE_URL, "paper-digest:week:2026-W24"))
        assert parsed.entries[0].link.endswith("/weeks/2026-W24/")
        summary = parsed.entries[0].summary
        assert summary.count("<p>") == weeks.FEED_TOP + 2  # the count, the top ten, "and 25 more"
        assert "<p>1. Ultra-long" not in summary and re.search(r"<p>1\. .+ \(▲ 118\): https://", summary)
    opml = (built_site / "feeds.opml").read_text(encoding="utf-8")
    assert 'xmlUrl="https://paper-digest.github.io/paper-digest/weeks/feed.xml"' in opml
    for page in (built_site / "index.html", built_site / f"days/{DAY}/index.html"):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert re.search(r'<link rel="alternate feed" type="application/rss\+xml"[^>]*href="[./]*weeks/feed.xml"', head)


def test_bibtex_files_for_days_and_topics(built_site: Path) -> None:
    bib = (built_site / f"days/{DAY}/papers.bib").read_text(encoding="utf-8")
    assert bib.count("@misc{") == 30 and "eprint = {2606.10423}" in bib
    # Every file reads whole in a BibTeX parser: one entry per paper, no key twice (the
    # listing day's papers have no authors, so name, year and word alone would repeat).
    for path in sorted(built_site.glob("*/*/papers.bib")):
        text = path.read_text(encoding="utf-8")
        assert len(parse_string(text, "bibtex").entries) == text.count("@misc{"), path
    topic = (built_site / "topics/agents/papers.bib").read_text(encoding="utf-8")
    page = (built_site / "topics/agents/index.html").read_text(encoding="utf-8")
    total = int(re.search(r'class="pd-count">(\d+) papers', page)[1])  # type: ignore[index]
    assert topic.count("@misc{") == min(total, TOPIC_RECENT) == len(re.findall('<li class="pd-card', page))
    assert 'href="../../topics/agents/papers.bib"' in page
    assert f'href="../../days/{DAY}/papers.bib"' in (built_site / f"days/{DAY}/index.html").read_text(encoding="utf-8")


def test_a_card_writes_each_author_once_and_hides_no_fewer_than_two() -> None:
    def authors(n: int, limit: int | None = None) -> str:
        names = tuple(f"<b>N{i}</b> & Co" for i in range(n))
        p = Paper(id="2606.00001", title="T", authors=names, abstract="", published=None, links=Links())
        out = fragments.card(p, (), {}, "", date(2026, 1, 2))
        return re.search(r'<span class="pd-authors">(.*)</span></p>', out, re.S)[1]  # type: ignore[index]

    name = "&lt;b&gt;N{}&lt;/b&gt; &amp; Co"
    assert authors(2) == f"{name.format(0)}, {name.format(1)}"
    # One name more than shown costs less than "… 1 more": every name shows.
    assert authors(9) == ", ".join(name.format(i) for i in range(9))
    assert authors(10) == (", ".join(name.format(i) for i in range(7)) + ', <span class="pd-more" data-n="2"><span>'
                           f"{name.format(7)}, {name.format(8)}, </span></span>{name.format(9)}")
    assert " title=" not in authors(40) and authors(40).count("&lt;b&gt;N") == 40
    assert 'data-n="32"' in authors(40)


def test_a_day_card_carries_what_its_coins_need_beside_its_text() -> None:
    """The published date and whether the id is no arXiv id, on a day page's cards alone:
    digest.js makes the COinS from the card (tests/test_browser_coins.py)."""
    def opening(pid: str, published: date | None, **kw: bool) -> str:
        p = Paper(id=pid, title="T & $x$", authors=("A, B",), abstract="", published=published,
                  links=Links(arxiv=f"https://arxiv.org/abs/{pid}"))
        return str(fragments.card(p, (), {}, "", date(2026, 1, 2), **kw)).split("\n", 1)[0]

    assert opening("2606.00001", date(2026, 1, 1), coins=True) == (
        '<article class="pd-card" data-slug="2606.00001" data-pub="2026-01-01">')
    assert opening("hep-th/9901001", None, coins=True) == (
        '<article class="pd-card" data-slug="hep-th-9901001" data-pub="">')
    assert opening("t-0123456789ab", date(2026, 1, 1), coins=True) == (
        '<article class="pd-card" data-slug="t-0123456789ab" data-pub="2026-01-01" data-noarxiv="">')
    assert opening("2606.00001", date(2026, 1, 1)) == '<article class="pd-card" data-slug="2606.00001">'  # home
    p = Paper(id="2606.00001", title="T", authors=(), abstract="", published=date(2026, 1, 1), links=Links())
    assert "data-pub" not in fragments.row(p, (), {}, "", date(2026, 1, 2))


def test_cards_carry_what_the_browser_sorts_by(built_site: Path) -> None:
    main = dom((built_site / f"days/{DAY}/index.html").read_text(encoding="utf-8")).one("article", "md-content__inner")
    card = next(c for c in main.all("article", "pd-card") if c.attrs.get("data-slug") == "2606.12730")
    assert (card.attrs["data-up"], card.attrs["data-stars"], card.attrs["data-code"]) == ("5", "1", "")
    # Its topics, in its chips' addresses (reader.js reads them there).
    assert [a.attrs["href"] for a in card.one("p", "pd-tags").all("a")] == [
        "../../topics/safety/", "../../topics/evaluation/", "../../topics/language-models/"]
    assert card.one("details", "pd-abstract").one("summary").text() == "Abstract"


def test_katex_and_palette_in_the_theme(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "katex" not in home  # fetched by digest.js, and only where there is math
    assert 'data-md-color-media="(prefers-color-scheme: dark)"' in home
    assert 'data-md-color-scheme="slate"' in home
    reading = (built_site / "reading-list/index.html").read_text(encoding="utf-8")
    assert 'id="pd-reading-list"' in reading and "assets/reader.js" in reading
