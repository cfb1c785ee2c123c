"""An old day's abstracts, fetched from the papers' pages as they open (issue 17), in headless
Chromium: by a click, the `x` key and the full view, math typeset, a hostile abstract kept as
text, the link kept when the fetch fails, and the reader's words matching an old card by what
it carries. The sample digest built with a window of 2 newest days (NEWEST_DAYS, as
tests/test_lazy_abstracts.py checks at 30): its three older days have the links; one paper
of 2024-11-28 has a hostile abstract with math."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import HOOK_ALERT, RecordedPage, recorded_page, serve_directory
from playwright.sync_api import Browser, Page, Route, expect
from sample import SITE_PREFIX, edited_sample, make_project
from test_browser import assert_clean

from generator.content import records
from generator.site.build import build

pytestmark = pytest.mark.browser

OLD_DAY, OLDEST_DAY, NEW_DAY = "2024-11-28", "2016-10-10", "2026-06-14"
HOSTILE_PAPER = "2411.17700"  # the old day's first card
MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
HOSTILE_ABSTRACT = f"Plain {MARKUP} and $x^2$ typeset.\n\nA second paragraph & more."
MATH_PAPER = "2411.17737"  # "... its Smith normal form is $$ \mathrm{diag}... $$"
CARDS = "article.pd-card"
FOLD = "details.pd-abstract"
WORDS_KEY = "/paper-digest/.pd-words"


@pytest.fixture(scope="module")
def lazy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("lazy")

    def plant(papers: list[dict[str, Any]]) -> None:
        assert papers[0]["id"] == HOSTILE_PAPER
        papers[0]["abstract"] = HOSTILE_ABSTRACT

    content = edited_sample(where, OLD_DAY, plant)
    project = make_project(where / "project", content)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "NEWEST_DAYS", 2)
        build(project / "mkdocs.yml", where / "site")
    return where / "site"


@pytest.fixture(scope="module")
def site_url(lazy_site: Path) -> Iterator[str]:
    with serve_directory(lazy_site, prefix=SITE_PREFIX) as base:
        yield base


@pytest.fixture
def alerts(browser: Browser) -> Iterator[RecordedPage]:
    with recorded_page(browser, init_scripts=[HOOK_ALERT]) as recording:
        yield recording


def _card(page: Page, slug: str) -> object:
    return page.locator(f'{CARDS}[data-slug="{slug}"]')


def _papers_fetched(rec: RecordedPage) -> list[str]:
    return [u for u in rec.requests if "/papers/" in u]


def test_the_built_pages_carry_links_on_old_days_only(lazy_site: Path) -> None:
    old = (lazy_site / "days" / OLD_DAY / "index.html").read_text(encoding="utf-8")
    assert old.count('<a class="pd-abstract" href="../../papers/') == 10
    assert "<details" not in old.split("</details>", 1)[1]  # the folds are the script's (the first is the triage's)
    assert "onerror" not in old and "Tianjin&#x27;s Manufacturing" in old  # the title stays
    new = (lazy_site / "days" / NEW_DAY / "index.html").read_text(encoding="utf-8")
    assert "#abstract" not in new and new.count("<summary>Abstract</summary><p>") == 5


def test_without_a_script_the_link_leads_to_the_abstract_and_with_one_becomes_the_fold(
        browser: Browser, site_url: str) -> None:
    """Drawn as the closed fold it becomes, the link takes the same room: nothing below it
    moves when the script turns it into the fold."""
    below = {}
    for script in (False, True):
        with recorded_page(browser, script=script, viewport=(390, 844)) as rec:
            page = rec.page
            page.goto(f"{site_url}/days/{OLD_DAY}/")
            card = page.locator(f'{CARDS}[data-slug="{HOSTILE_PAPER}"]')
            if script:
                expect(card.locator(f"{FOLD}:not([open]) > summary")).to_have_text("Abstract")
                expect(card.locator("a.pd-abstract")).to_have_count(0)
            else:
                link = card.locator("a.pd-abstract")
                expect(link).to_have_text("Abstract")
                expect(card.locator(FOLD)).to_have_count(0)
            box = card.locator(".pd-links").bounding_box()
            assert box is not None
            below[script] = box["y"]
            if not script:
                link.click()
                expect(page).to_have_url(f"{site_url}/papers/{HOSTILE_PAPER}/#abstract")
    assert abs(below[True] - below[False]) < 0.5, below


def test_an_old_card_s_abstract_comes_from_its_page_as_text_with_math(alerts: RecordedPage, site_url: str) -> None:
    page = alerts.page
    page.goto(f"{site_url}/days/{OLD_DAY}/")
    card = _card(page, HOSTILE_PAPER)
    link = card.locator(f"{FOLD} > a")
    expect(link).to_have_text("On the paper's page")
    expect(link).to_have_attribute("href", f"../../papers/{HOSTILE_PAPER}/#abstract")
    assert _papers_fetched(alerts) == []  # nothing fetched before a fold opens
    # The keyboard: j to the first card, x opens its abstract.
    page.keyboard.press("j")
    page.keyboard.press("x")
    paras = card.locator(f"{FOLD} > p")
    expect(paras).to_have_count(2)
    expect(paras.first).to_contain_text(f"Plain {MARKUP} and")
    expect(paras.nth(1)).to_have_text("A second paragraph & more.")
    expect(paras.first.locator(".pd-math .katex")).to_have_count(1)  # typeset, as an inline abstract is
    expect(link).to_be_hidden()
    assert card.locator(f"{FOLD} *").evaluate_all("ns => ns.map(n => n.tagName)").count("IMG") == 0
    assert page.locator("img[src=x], details script").count() == 0
    assert page.evaluate("window.__alerts") == []
    assert _papers_fetched(alerts) == [f"{site_url}/papers/{HOSTILE_PAPER}/"]
    # Folded and opened again: no second fetch.
    page.keyboard.press("x")
    page.keyboard.press("x")
    expect(paras).to_have_count(2)

    # A click: the display math of the other card, typeset; its text is its page's.
    math = _card(page, MATH_PAPER)
    math.locator(f"{FOLD} > summary").click()
    expect(math.locator(f"{FOLD} .pd-math .katex").first).to_be_visible()
    page.goto(f"{site_url}/papers/{MATH_PAPER}/")
    own = page.locator("div.pd-abstract").evaluate("d => d.textContent.replace(/\\s+/g, ' ').slice(0, 60)")
    page.go_back()
    math.locator(f"{FOLD} > summary").click()
    expect(math.locator(f"{FOLD} > p").first).to_contain_text(own[:40])
    assert_clean(alerts)


def test_the_full_view_fetches_each_abstract_once(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{OLDEST_DAY}/")
    cards = page.locator(CARDS)
    expect(cards).to_have_count(11)
    page.get_by_text("Sort and filter", exact=True).click()
    page.get_by_label("Show every abstract").check()
    expect(page.locator(f"{FOLD}[open]")).to_have_count(11)
    expect(page.locator(f"{FOLD} > a:not([hidden])")).to_have_count(0)
    expect(page.locator(f"{FOLD}[aria-busy]")).to_have_count(0)
    assert page.locator(f"{FOLD}:not(:has(> p))").count() == 0
    assert sorted(_papers_fetched(rec)) == sorted(
        f"{site_url}/papers/{slug}/" for slug in cards.evaluate_all("cs => cs.map(c => c.dataset.slug)"))
    page.get_by_label("Show every abstract").uncheck()
    page.get_by_label("Show every abstract").check()
    expect(page.locator(f"{FOLD}[open]")).to_have_count(11)
    assert len(_papers_fetched(rec)) == 11
    assert_clean(rec)


def test_a_failed_fetch_keeps_the_link_and_a_later_open_tries_again(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{OLD_DAY}/")

    def fail(route: Route) -> None:
        route.fulfill(status=503, body="down")

    page.route(re.compile(r".*/papers/.*"), fail)
    fold = _card(page, MATH_PAPER).locator(FOLD)
    fold.locator("summary").click()
    expect(fold).not_to_have_attribute("aria-busy", "true")
    expect(fold.locator("> a")).to_be_visible()
    expect(fold.locator("> p")).to_have_count(0)
    page.unroute(re.compile(r".*/papers/.*"))
    fold.locator("summary").click()
    fold.locator("summary").click()
    expect(fold.locator("> p").first).to_be_visible()
    expect(fold.locator("> a")).to_be_hidden()
    assert_clean(rec, known=(re.compile("status of 503"),))


def test_an_old_card_matches_words_by_what_it_carries_not_its_abstract(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/")
    # "page" is in every link to a paper's page, "Hermitian" in an old card's abstract only;
    # "Dynkin" in an old card's title.
    words = {"inc": [], "exc": ["page", "Hermitian", "Dynkin"]}
    page.evaluate(f"localStorage.setItem({json.dumps(WORDS_KEY)}, {json.dumps(json.dumps(words))})")
    page.goto(f"{site_url}/days/{OLD_DAY}/")
    status = page.locator(".pd-triage__status")
    expect(status).to_have_text("Showing 9 of 10 papers. 1 hidden by your filters.")
    expect(_card(page, MATH_PAPER)).to_be_hidden()
    # Opened, an abstract does not make its card match: the same cards show after the words change.
    _card(page, "2411.17701").locator(f"{FOLD} > summary").click()
    expect(_card(page, "2411.17701").locator(f"{FOLD} > p")).to_contain_text("Hermitian")
    page.get_by_text("Sort and filter", exact=True).click()
    box = page.get_by_label("Hide words")
    box.fill("page, Hermitian")
    box.dispatch_event("change")
    expect(status).to_have_text("Showing 10 of 10 papers.")
    assert_clean(rec)
