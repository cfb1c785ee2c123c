"""Zotero's COinS on the day pages, made by digest.js from each card (issue 17: written in the
page they repeated the card, ~357 bytes a paper), in headless Chromium: one span a day card,
the values read back (URLSearchParams, parse_qsl) equal to the content's, a hostile title and
names kept exactly (one with a comma of its own), at most 20 authors; none without a script,
none on rows or the home page.
The sample digest with, on 2026-06-12, a paper of hostile title and 25 authors and one whose
arXiv link leaves arxiv.org; 2025-08-08's papers have no arXiv id, no date and no author."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from browser import RecordedPage, recorded_page, serve_directory
from playwright.sync_api import Browser, Page, expect
from sample import SITE_PREFIX, edited_sample, make_project
from test_browser import assert_clean

from generator import ids
from generator.content.load import load
from generator.content.records import Paper
from generator.site.build import build

pytestmark = pytest.mark.browser

DAY, LISTING_DAY = "2026-06-12", "2025-08-08"
HOSTILE_TITLE = 'A & B <c> "q" 100% é+ü = $x^2$ \\$5'
NAMES = ["Zoë O'Neil", "Ann <b>Lee</b> & Co", "King, Jr."] + [f"Author {n}" for n in range(4, 26)]
OFFSITE = "https://mirror.example.org/abs/2606.13594?v=1&x=a+b"
CARDS = "article.pd-card"


@pytest.fixture(scope="module")
def coins_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("coins")

    def plant(papers: list[dict[str, Any]]) -> None:
        assert [p["id"] for p in papers[:3]] == ["2606.00467", "2606.12730", "2606.13594"]
        papers[1]["title"] = HOSTILE_TITLE
        papers[1]["authors"] = NAMES
        papers[2]["links"]["arxiv"] = OFFSITE

    content = edited_sample(where, DAY, plant)
    build(make_project(where / "project", content) / "mkdocs.yml", where / "site")
    return content, where / "site"


@pytest.fixture(scope="module")
def site_url(coins_site: tuple[Path, Path]) -> Iterator[str]:
    with serve_directory(coins_site[1], prefix=SITE_PREFIX) as base:
        yield base


@pytest.fixture(scope="module")
def papers(coins_site: tuple[Path, Path]) -> dict[str, Paper]:
    return {ids.slug(p.id): p for d in load(coins_site[0]).days for p in d.papers}


def _expected(p: Paper) -> list[tuple[str, str]]:
    """What the generator wrote before (fragments._coins): the fields Zotero reads, in order."""
    out = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.atitle", p.title)]
    out += [("rft.au", a) for a in p.authors[:20]]
    if p.published:
        out.append(("rft.date", p.published.isoformat()))
    if ids.split_version(p.id):
        out.append(("rft.jtitle", "arXiv"))
    if p.links.arxiv:
        out.append(("rft_id", p.links.arxiv))
    return out


def _spans(page: Page) -> list[dict[str, Any]]:
    """Each card's slug, its COinS spans' titles (the last child's first) and the browser's own reading."""
    return page.locator(CARDS).evaluate_all("""cs => cs.map(c => {
        const spans = [...c.querySelectorAll("span.Z3988")].map(s => s.getAttribute("title"));
        return {slug: c.dataset.slug, spans, last: c.lastElementChild.matches("span.Z3988:empty"),
                read: spans.map(t => [...new URLSearchParams(t)])};
    })""")


def test_every_day_card_gets_its_coins_read_from_the_card(rec: RecordedPage, site_url: str,
                                                          papers: dict[str, Paper]) -> None:
    page = rec.page
    for day, count in ((DAY, 30), (LISTING_DAY, 137)):
        page.goto(f"{site_url}/days/{day}/")
        cards = _spans(page)
        assert len(cards) == count
        for card in cards:
            assert len(card["spans"]) == 1 and card["last"], card
            want = _expected(papers[card["slug"]])
            assert parse_qsl(card["spans"][0], keep_blank_values=True, strict_parsing=True) == want
            assert [tuple(kv) for kv in card["read"][0]] == want
        if day == DAY:
            first, hostile, offsite = (c["spans"][0] for c in cards[:3])
    assert first == ("rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.atitle=On%20the%20Limits%20of%20LLM%20Adaptability"
                     "%3A%20Impact%20of%20Model-Internalized%20Priors%20on%20Annotation%20Task%20Performance"
                     "&rft.au=Etienne%20Casanova&rft.au=Rafal%20Kocielnik&rft.au=R.%20Michael%20Alvarez"
                     "&rft.date=2026-05-30&rft.jtitle=arXiv&rft_id=https://arxiv.org/abs/2606.00467")
    # Every value percent-encoded: the fields split at "&" and "=" alone; the title's math
    # comes back with its dollars, typeset or not; 20 of the 25 authors.
    assert hostile.startswith("rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.atitle=A%20%26%20B%20%3Cc%3E%20%22q%22"
                              "%20100%25%20%C3%A9%2B%C3%BC%20%3D%20%24x%5E2%24%20%5C%245"
                              "&rft.au=Zo%C3%AB%20O'Neil&rft.au=Ann%20%3Cb%3ELee%3C%2Fb%3E%20%26%20Co&rft.au=King%2C%20Jr.&rft.au=Author%204&")
    fields = dict(parse_qsl(hostile))
    assert fields["rft.atitle"] == HOSTILE_TITLE
    assert [v for k, v in parse_qsl(hostile) if k == "rft.au"] == NAMES[:20]
    assert hostile.endswith("&rft.au=Author%2020&rft.date=2026-06-10&rft.jtitle=arXiv"
                            "&rft_id=https://arxiv.org/abs/2606.12730")
    # A link off arxiv.org is named by its host on the card: the span has the link alone.
    assert offsite.endswith("&rft.jtitle=arXiv&rft_id=https://mirror.example.org/abs/2606.13594%3Fv%3D1%26x%3Da%2Bb")
    assert dict(parse_qsl(offsite))["rft_id"] == OFFSITE
    # A listing's paper: no arXiv id (no journal), no date, no author.
    page.goto(f"{site_url}/days/{LISTING_DAY}/")
    assert page.locator(f"{CARDS}[data-slug=t-aaf88f523102] > span.Z3988").get_attribute("title") == (
        "rft_val_fmt=info:ofi/fmt:kev:mtx:journal&rft.atitle=Rethinking%20Multilingual%20Continual%20Pretraining"
        "%3A%20Data%20Mixing%20for%20Adapting%20LLMs%20Across%20Languages%20and%20Resources")
    assert_clean(rec)


def test_the_title_math_is_typeset_after_the_span_is_made(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    card = page.locator(f"{CARDS}[data-slug='2606.12730']")
    expect(card.locator(".pd-card__title .pd-math .katex")).to_have_count(1)
    assert dict(parse_qsl(card.locator("span.Z3988").get_attribute("title") or ""))["rft.atitle"] == HOSTILE_TITLE
    assert_clean(rec)


def test_no_span_without_a_script_nor_on_rows_and_the_home_page(browser: Browser, rec: RecordedPage, site_url: str,
                                                                coins_site: tuple[Path, Path]) -> None:
    html = (coins_site[1] / "days" / DAY / "index.html").read_text(encoding="utf-8")
    assert "Z3988" not in html and html.count(" data-pub=") == 30
    with recorded_page(browser, script=False) as off:
        off.page.goto(f"{site_url}/days/{DAY}/")
        expect(off.page.locator(CARDS)).to_have_count(30)
        expect(off.page.locator(".Z3988")).to_have_count(0)
    page = rec.page
    for path, rows in (("weeks/2026-W24/", "li.pd-card"), ("topics/agents/", "li.pd-card"), ("", CARDS)):
        page.goto(f"{site_url}/{path}")
        expect(page.locator(rows).first).to_be_attached()
        assert page.locator(".pd-card").count() > 0 and page.locator(".Z3988").count() == 0, path
    page.goto(f"{site_url}/days/{DAY}/")  # the same script, on a day page
    expect(page.locator(".Z3988")).to_have_count(30)
    assert_clean(rec)
