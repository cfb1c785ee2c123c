"""generator.ingest.arxiv_rss over real rss.arxiv.org feeds (fixtures/PROVENANCE.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from generator.content.records import RawPaper
from generator.errors import UpstreamError
from generator.ingest import arxiv_rss, http

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv_rss"
EXCERPT = FIXTURES / "aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
EMPTY = FIXTURES / "aioarxiv_empty_feed_test_2024-11-28.xml"
ERROR = FIXTURES / "aioarxiv_error_feed_bad_archive_astroph_2024-11-28.xml"
DAY = date(2024, 11, 28)


@pytest.fixture(scope="module")
def excerpt() -> bytes:
    return EXCERPT.read_bytes()


@pytest.fixture(scope="module")
def feed(excerpt: bytes) -> arxiv_rss.RssFeed:
    return arxiv_rss.parse(excerpt)


def paper(feed: arxiv_rss.RssFeed, paper_id: str) -> RawPaper:
    return next(p for p in feed.papers if p.id == paper_id)


def test_channel(feed: arxiv_rss.RssFeed) -> None:
    assert feed.title.startswith(
        "astro-ph, cond-mat, physics, quant-ph, math, cs, econ"
    )
    assert feed.title.endswith("q-fin, stat updates on arXiv.org")
    assert feed.skip_days == ("Saturday", "Sunday")
    assert feed.pub_date == DAY


def test_counts_by_announce_type(feed: arxiv_rss.RssFeed) -> None:
    assert len(feed.papers) == 13
    assert Counter(p.announce_type for p in feed.papers) == {
        "new": 8,
        "cross": 2,
        "replace": 3,
    }
    assert all(p.source == "arxiv-rss" and p.day == DAY for p in feed.papers)


def test_first_item(feed: arxiv_rss.RssFeed) -> None:
    p = feed.papers[0]
    assert (p.id, p.version, p.announce_type) == ("2411.17700", 1, "new")
    assert p.title.startswith("Exploring the Impact of Generative AI on Cross-Border")
    assert p.authors == ("Jun Cui",)
    assert p.abstract.startswith("This study investigates the influence of generative")
    assert p.abstract.endswith("(PLS-SEM).")
    assert p.published == DAY
    assert p.links.arxiv == "https://arxiv.org/abs/2411.17700"
    assert p.links.pdf == "https://arxiv.org/pdf/2411.17700"


def test_no_header_left_in_abstracts(feed: arxiv_rss.RssFeed) -> None:
    for p in feed.papers:
        assert not p.abstract.startswith(("arXiv:", "Abstract:")), p.id
        assert "Announce Type" not in p.abstract


def test_affiliations_with_commas_are_not_split(feed: arxiv_rss.RssFeed) -> None:
    # Upstream index 53: "Aleteia Araujo (University of Brasilia Brazil, The University
    # of Melbourne Australia), Breno Costa (University of Brasilia Brazil), ..."
    p = paper(feed, "2411.17753")
    assert p.title == "Observability in Fog Computing"
    assert p.authors == (
        "Aleteia Araujo",
        "Breno Costa",
        "Joao Bachiega Jr",
        "Leonardo R. Carvalho",
        "Rajkumar Buyya",
    )


def test_tex_accented_creator(feed: arxiv_rss.RssFeed, excerpt: bytes) -> None:
    assert b"<dc:creator>V\\'aclav Vavry\\v{c}uk</dc:creator>" in excerpt
    assert paper(feed, "2411.17775").authors == ("Václav Vavryčuk",)


def test_latex_title_is_kept_raw(feed: arxiv_rss.RssFeed) -> None:
    p = paper(feed, "2411.17737")
    assert (
        p.title
        == "The Smith normal form of the Q-walk matrix of the Dynkin graph $A_n$"
    )
    assert p.authors == ("Jia yaning", "Shengyong Pan")


def test_quoted_title(feed: arxiv_rss.RssFeed) -> None:
    p = paper(feed, "2411.17702")
    assert p.title.startswith('Finding "Good Views" of Electrocardiogram Signals')


def test_replacements_are_not_published_today(feed: arxiv_rss.RssFeed) -> None:
    p = paper(feed, "1401.3665")
    assert (p.announce_type, p.version) == ("replace", 4)
    assert p.title == "The existence of designs"
    assert p.published is None and p.day == DAY
    replaced = [p for p in feed.papers if p.announce_type == "replace"]
    assert [p.id for p in replaced] == ["1401.3665", "1708.06999", "2411.17697"]
    assert all(p.published is None for p in replaced)


def test_new_papers_are_published_today(feed: arxiv_rss.RssFeed) -> None:
    new = [p for p in feed.papers if p.announce_type == "new"]
    assert len(new) == 8 and all(p.published == DAY and p.version == 1 for p in new)


def test_late_cross_listing_of_an_old_paper(feed: arxiv_rss.RssFeed) -> None:
    # Both cross items are v3 of older papers given a new category: not new today.
    cross = [p for p in feed.papers if p.announce_type == "cross"]
    assert [(p.id, p.version) for p in cross] == [("2202.06515", 3), ("2405.12090", 3)]
    assert all(p.published is None for p in cross)
    v1 = arxiv_rss.parse(
        EXCERPT.read_bytes().replace(b"arXiv:2202.06515v3", b"arXiv:2202.06515v1")
    )
    assert paper(v1, "2202.06515").published == DAY


def test_error_feed_is_an_upstream_error() -> None:
    with pytest.raises(
        UpstreamError, match="Bad archive 'astroph'. Valid archive names"
    ):
        arxiv_rss.parse(ERROR.read_bytes())


def test_empty_feed_is_a_quiet_day() -> None:
    feed = arxiv_rss.parse(EMPTY.read_bytes())
    assert feed.papers == ()
    assert feed.title == "test updates on arXiv.org"
    assert feed.skip_days == ("Saturday", "Sunday")
    assert feed.pub_date == DAY


def test_day_is_taken_in_the_feed_offset(excerpt: bytes) -> None:
    # 23:30 in New York is already the next day in UTC: the announcement day wins.
    channel, item, rest = excerpt.partition(b"<item>")
    rest = rest.replace(
        b"<pubDate>Thu, 28 Nov 2024 00:00:00 -0500</pubDate>",
        b"<pubDate>Thu, 28 Nov 2024 23:30:00 -0500</pubDate>",
        1,
    )
    feed = arxiv_rss.parse(channel + item + rest)
    assert feed.papers[0].day == DAY
    assert feed.papers[0].published == DAY


def test_item_without_pub_date_takes_the_channel_date(excerpt: bytes) -> None:
    data = excerpt.replace(
        b"<pubDate>Thu, 28 Nov 2024 00:00:00 -0500</pubDate>\n      <arxiv", b"<arxiv"
    ).replace(
        b"<pubDate>Thu, 28 Nov 2024 00:00:00 -0500</pubDate>\n    <skipDays>",
        b"<pubDate>Fri, 29 Nov 2024 00:00:00 -0500</pubDate>\n    <skipDays>",
    )
    feed = arxiv_rss.parse(data)
    assert feed.pub_date == date(2024, 11, 29)
    assert all(p.day == date(2024, 11, 29) for p in feed.papers)


def test_id_from_guid_when_the_description_has_no_header(excerpt: bytes) -> None:
    data = excerpt.replace(b"arXiv:2411.17700v1 Announce Type: new \nAbstract: ", b"")
    p = arxiv_rss.parse(data).papers[0]
    assert (p.id, p.version) == ("2411.17700", 1)
    assert p.abstract.startswith("This study investigates")


def test_announce_type_from_the_header_when_the_element_is_missing(
    excerpt: bytes,
) -> None:
    data = excerpt.replace(b"<arxiv:announce_type>replace</arxiv:announce_type>", b"")
    feed = arxiv_rss.parse(data)
    assert paper(feed, "1401.3665").announce_type == "replace"


def test_unknown_announce_type_is_an_upstream_error(excerpt: bytes) -> None:
    data = excerpt.replace(
        b"<arxiv:announce_type>new</arxiv:announce_type>",
        b"<arxiv:announce_type>withdrawn</arxiv:announce_type>",
        1,
    )
    with pytest.raises(
        UpstreamError, match=r"item 0 \(2411.17700\): unknown announce type"
    ):
        arxiv_rss.parse(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", "HTML page"),
        (b"Service Unavailable", "not XML"),
        (EMPTY.read_bytes()[:200], "malformed XML"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "not an RSS channel"),
        (b"<!DOCTYPE rss [<!ENTITY x 'y'>]><rss><channel/></rss>", "DTD"),
    ],
)
def test_not_an_rss_feed(data: bytes, message: str) -> None:
    with pytest.raises(UpstreamError, match=message):
        arxiv_rss.parse(data)


@pytest.mark.parametrize(
    ("creators", "names"),
    [
        ("Jun Cui", ("Jun Cui",)),
        (
            "Hyewon Jeong, Suyeol Yun, Hammaad Adam",
            ("Hyewon Jeong", "Suyeol Yun", "Hammaad Adam"),
        ),
        (
            "Tianliang Yan (University of Birmingham, School of Physics and "
            "Astronomy), "
            "Ann Lee (MIT)",
            ("Tianliang Yan", "Ann Lee"),
        ),
        ("A. One, B. Two and C. Three", ("A. One", "B. Two", "C. Three")),
        ("A. One, B. Two, and C. Three", ("A. One", "B. Two", "C. Three")),
        ("A. One (Dept. X (Y, Z), Univ), B. Two", ("A. One", "B. Two")),
        # Unbalanced: best effort rather than one author swallowing the rest.
        ("A. One (Univ of Foo, Bar, B. Two", ("A. One", "Bar", "B. Two")),
        (
            "Przemys{\\l}aw Olbratowski, D\\'enes Berta",
            ("Przemysław Olbratowski", "Dénes Berta"),
        ),
        ("Anderson Sand, Alexandra Grand", ("Anderson Sand", "Alexandra Grand")),
        ("", ()),
        (" , ,", ()),
    ],
)
def test_split_authors(creators: str, names: tuple[str, ...]) -> None:
    assert arxiv_rss.split_authors(creators) == names


def test_fetch_asks_for_the_category(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def fake(
        url: str, *, params: Mapping[str, str] | None = None, **_: object
    ) -> bytes:
        calls.append(url)
        return EMPTY.read_bytes()

    monkeypatch.setattr(http, "fetch", fake)
    assert arxiv_rss.fetch("cs.LG").papers == ()
    assert (
        arxiv_rss.fetch("astro-ph+cond-mat", base_url="https://rss.example/").papers
        == ()
    )
    assert calls == [
        "https://rss.arxiv.org/rss/cs.LG",
        "https://rss.example/rss/astro-ph+cond-mat",
    ]


@pytest.mark.parametrize("category", ["", "../admin", "cs.LG?x=1", "cs LG"])
def test_fetch_refuses_odd_categories(category: str) -> None:
    with pytest.raises(ValueError, match="category"):
        arxiv_rss.fetch(category)
