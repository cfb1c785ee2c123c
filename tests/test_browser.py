"""The built sample site, driven in headless Chromium like a reader would use it.

One browser and one static server per module (tests/conftest.py), serving the site under site_url's path
(/paper-digest/) as when published; each test gets a fresh recording page (see
tests/browser.py) and ends by checking the page logged no console error or warning,
threw nothing, and fetched nothing from a host other than 127.0.0.1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import RecordedPage
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent

# A paper from content/days/2026-06-12.yml, and words a reader might search it by.
DAY = "2026-06-12"
PAPER = "2606.10423"
ANCHOR = "p-2606-10423"
# The card's anchor id sits on the card or on its title heading.
CARD = f"article.pd-card:is(#{ANCHOR}, :has(#{ANCHOR}))"
TITLE = "WebChallenger: A Reliable and Efficient Generalist Web Agent"
TITLE_WORD, SURNAME, ABSTRACT_WORD = "WebChallenger", "Padwal", "PageMem"

# The day whose title and abstracts carry $...$ TeX.
MATH_DAY = "2024-11-28"
MATH_CARD = "article.pd-card:is(#p-2411-17737, :has(#p-2411-17737))"  # "... Dynkin graph $A_n$"


def assert_clean(rec: RecordedPage, known: tuple[re.Pattern[str], ...] = ()) -> None:
    """No console error or warning, no uncaught exception, nothing fetched off 127.0.0.1."""
    assert [p for p in rec.problems() if not any(k.search(p) for k in known)] == []
    assert rec.foreign_requests() == []


# The header's search box: a form that opens /search/?q= (Pagefind).
SEARCH_BOX = "header [role=search] input"


def test_home_page_loads_cleanly(rec: RecordedPage, site_url: str, tmp_path: Path) -> None:
    page = rec.page
    page.goto(f"{site_url}/", wait_until="networkidle")
    expect(page).to_have_title(re.compile("Paper Digest"))
    expect(page.locator("article.pd-card").first).to_be_visible()
    expect(page.locator(SEARCH_BOX).first).to_be_visible()
    page.screenshot(path=tmp_path / "home.png")
    assert (tmp_path / "home.png").stat().st_size > 0
    assert_clean(rec)


def _search(page: Page, query: str) -> Locator:
    """Type `query` into the header search box like a person, press Enter; return the result
    links to TITLE. Results are cards of the day pages (Pagefind indexes those)."""
    box = page.locator(SEARCH_BOX).first
    box.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)  # key by key
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/search/?q={query}")
    item = page.locator(f'.pd-result:has(a[href$="/days/{DAY}/#{ANCHOR}"])')
    expect(item.locator("mark").filter(has_text=re.compile(re.escape(query), re.IGNORECASE)).first).to_be_visible()
    return item.locator("a.pd-result__title").filter(has_text=TITLE)


def test_search_finds_paper_and_leads_to_its_card(rec: RecordedPage, site_url: str, tmp_path: Path) -> None:
    page = rec.page
    page.goto(f"{site_url}/")
    for query in (SURNAME, ABSTRACT_WORD, TITLE_WORD):
        hits = _search(page, query)
        expect(hits).to_have_count(1)
    page.screenshot(path=tmp_path / "search.png")

    hits.first.click()
    page.wait_for_url(re.compile(f"/days/{DAY}/#{ANCHOR}$"))
    card = page.locator(CARD)
    expect(card.locator(".pd-card__title a")).to_have_text(TITLE)
    expect(card.locator(".pd-card__title")).to_be_in_viewport()
    page.screenshot(path=tmp_path / "landed.png")
    # and on to the paper's own page
    card.locator(".pd-card__title a").click()
    page.wait_for_url(f"**/papers/{PAPER}/")
    expect(page.locator("article h1")).to_have_text(TITLE)
    assert_clean(rec)


def test_search_with_several_words_shows_the_cards_holding_all(rec: RecordedPage, site_url: str) -> None:
    """Pagefind matches a day page; the results are the cards that hold every word."""
    page = rec.page
    page.goto(f"{site_url}/search/?q=WebChallenger+navigation")
    results = page.locator(".pd-result")
    expect(results).to_have_count(1)
    expect(results.locator("a.pd-result__title")).to_have_text(TITLE)
    expect(results.locator(".pd-result__day")).to_have_text(DAY)  # read by the site map's day pattern
    page.goto(f"{site_url}/search/?q=qwxzjvkq")
    expect(page.locator("#pd-search-status")).to_have_text("No paper matches “qwxzjvkq”")
    assert_clean(rec)


def test_card_links_to_topic_and_paper_page(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    card = page.locator(CARD)

    tag = card.locator(".pd-tags a").first
    slug = tag.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    topic_title = tag.inner_text()
    tag.click()
    page.wait_for_url(f"**/topics/{slug}/")
    expect(page.locator("h1")).to_contain_text(topic_title)
    listed = page.locator(f'li.pd-card[data-slug="{PAPER}"]')  # a row: title, authors, day, topics
    expect(listed.locator("a.pd-card__title")).to_have_text(TITLE)

    # The row's day leads back to the card on its day page (its abstract), scrolled into view.
    listed.locator("a.pd-day").click()
    page.wait_for_url(f"**/days/{DAY}/#{ANCHOR}")
    expect(card).to_be_in_viewport()

    card.get_by_role("link", name="Details & BibTeX").click()
    page.wait_for_url(f"**/papers/{PAPER}/")
    expect(page.locator('meta[name="citation_title"]')).to_have_attribute("content", TITLE)
    expect(page.locator("article h1")).to_have_text(TITLE)
    bibtex = page.locator("pre.pd-bibtex")
    expect(bibtex).to_be_visible()
    expect(bibtex).to_contain_text(re.compile(r"^@misc\{\w+,"))
    expect(bibtex).to_contain_text(f"title = {{{{{TITLE}}}}}")
    expect(bibtex).to_contain_text(f"eprint = {{{PAPER}}}")
    assert_clean(rec)


def test_topic_page_loads_cleanly(rec: RecordedPage, site_url: str) -> None:
    rec.page.goto(f"{site_url}/topics/agents/", wait_until="networkidle")
    expect(rec.page.locator("li.pd-card").first).to_be_visible()
    assert_clean(rec)


def test_katex_renders_math(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{MATH_DAY}/")
    title_math = page.locator(f"{MATH_CARD} .pd-card__title .pd-math")
    expect(title_math.locator(".katex")).to_have_count(1)
    expect(title_math.locator(".katex-error")).to_have_count(0)
    expect(title_math).to_have_attribute("title", "A_n")
    # Math outside the folds is typeset at once; a folded abstract's when it is opened.
    spans = page.locator(".pd-math")
    assert spans.count() > 5
    folded = page.locator("details:not([open]) .pd-math")
    assert folded.count() > 0
    expect(page.locator(".pd-math:not([data-pd-done])")).to_have_count(folded.count())
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    expect(page.locator(".pd-math:not([data-pd-done])")).to_have_count(0)
    expect(page.locator(".pd-math:not(:has(.katex, .katex-error))")).to_have_count(0)
    assert page.locator(".pd-math .katex").count() >= spans.count() - 1
    assert_clean(rec)


def test_abstract_math_renders_without_errors(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{MATH_DAY}/")
    expect(page.locator(".pd-math .katex").first).to_be_attached()
    assert page.locator(f"{MATH_CARD} .katex-error").all_inner_texts() == []
    page.locator(f"{MATH_CARD} details.pd-abstract summary").click()  # folded by default
    assert "$" not in page.locator(f"{MATH_CARD} .pd-abstract").inner_text()


def test_previous_and_next_day_links(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    daynav = page.locator("nav.pd-daynav")
    page.goto(f"{site_url}/days/{DAY}/")
    expect(page.locator("article h1")).to_contain_text("12 June 2026")
    expect(daynav.locator("a.pd-prev")).to_have_attribute("href", re.compile(r"/days/2025-08-08/$"))

    daynav.locator("a.pd-next").click()
    page.wait_for_url("**/days/2026-06-14/")
    expect(page.locator("article h1")).to_contain_text("14 June 2026")
    expect(daynav.locator("a.pd-next")).to_have_count(0)  # the newest day: nowhere further

    daynav.locator("a.pd-prev").click()
    page.wait_for_url(f"**/days/{DAY}/")
    expect(page.locator("article h1")).to_contain_text("12 June 2026")
    assert_clean(rec)


@pytest.mark.parametrize("script", ["digest.js", "reader.js", "follow.js"])
def test_our_scripts_never_turn_text_into_markup(script: str) -> None:
    """Every script of ours sets text as text (textContent, createTextNode, attributes);
    Pagefind's excerpts too are rebuilt from text nodes and <mark>s."""
    code = re.sub(r"//[^\n]*", "", (ROOT / "docs" / "assets" / script).read_text(encoding="utf-8"))
    assert re.findall(r"\b(?:innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b", code) == []
