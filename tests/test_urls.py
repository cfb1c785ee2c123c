"""The site map (generator/urls.py): pure address helpers, checked as properties."""

from __future__ import annotations

import posixpath
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import urls

segment = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True).filter(
    lambda s: s not in (".", "..") and not s.endswith(".md"))
page = st.lists(segment, min_size=0, max_size=4).map(lambda parts: "".join(p + "/" for p in parts))
a_file = st.tuples(page, segment).map(lambda t: t[0] + t[1]).filter(lambda f: not f.endswith("index.html"))
address = st.one_of(page, a_file)


def resolve(here: str, link: str) -> str:
    """The file a browser fetches for `link` on the page (or file) at `here`, site-relative."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(urls.file(here)), link))


@given(address)
def test_file_and_address_are_inverse(a: str) -> None:
    assert urls.address(urls.file(a)) == a


@given(page)
def test_a_page_is_its_folders_index(a: str) -> None:
    assert urls.file(a) == a + "index.html"


@given(page)
def test_source_and_from_source_are_inverse(a: str) -> None:
    assert urls.from_source(urls.source(a)) == a


@given(address, address)
def test_root_leads_back_to_the_root_from_any_depth(here: str, there: str) -> None:
    assert resolve(here, urls.root(here) + urls.file(there)) == urls.file(there)


@given(address, page)
def test_relative_prefixes_lead_to_their_folder(here: str, there: str) -> None:
    assert resolve(here, urls.relative(here, there) + "feed.xml") == there + "feed.xml"


@given(st.from_regex(r"(\d{4}\.\d{4,5}|[a-z-]+/\d{7}|t-[0-9a-f]{12})", fullmatch=True))
def test_a_paper_address_is_one_segment_under_papers(paper_id: str) -> None:
    a = urls.paper(paper_id)
    assert a.startswith("papers/") and a.endswith("/") and a.count("/") == 2
    assert a == urls.PAPER_PATTERN.format(slug=paper_id.replace("/", "-"))


def test_every_kind_of_address() -> None:
    assert [urls.day(date(2026, 6, 12)), urls.week("2026-W24"), urls.topic("llm"),
            urls.topic_year("llm", 2024), urls.paper("hep-th/9901001")] == [
        "days/2026-06-12/", "weeks/2026-W24/", "topics/llm/", "topics/llm/2024/", "papers/hep-th-9901001/"]
    assert [urls.rss(urls.HOME), urls.atom(urls.topic("llm")), urls.rss(urls.WEEKS)] == [
        "feed.xml", "topics/llm/atom.xml", "weeks/feed.xml"]
    assert urls.day_bib(date(2026, 6, 12)) == "days/2026-06-12/papers.bib"
    assert urls.topic_bib("llm") == "topics/llm/papers.bib"
    assert [urls.source(a) for a in (urls.HOME, urls.TOPICS, urls.WEEKS, urls.ARCHIVE, urls.topic("llm"))] == [
        "index.md", "topics/index.md", "weeks/index.md", "archive.md", "topics/llm.md"]
    assert urls.absolute("https://example.org/digest/", urls.paper("2401.00001")) == \
        "https://example.org/digest/papers/2401.00001/"
    assert urls.root(urls.paper("2401.00001")) == "../../" and urls.root(urls.HOME) == ""


def test_a_file_has_no_source() -> None:
    with pytest.raises(ValueError, match="not a page address: 'feed.xml'"):
        urls.source("feed.xml")
