"""The dense list view (issue 19) in headless Chromium: ten papers and more on a 1366x768
screen, switched by `v` or its button, remembered after a reload, the keyboard working in
it, no layout shift when a stored choice applies, and full cards without JavaScript. Same
server and browser setup as tests/test_browser.py (the fixtures in tests/conftest.py)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from browser import recorded_page
from playwright.sync_api import Browser, Page, Route, expect
from sample import SITE_PREFIX
from test_browser import DAY, assert_clean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import audit  # noqa: E402  (bench/audit.py: axe-core, the widths)

pytestmark = pytest.mark.browser

CARDS = "article.pd-card"
BIG_DAY = "2025-08-08"  # the sample's listing day: 137 papers
# Five papers, the whole list and the line below it on one screen: a card that grows or
# shrinks moves what follows it into view.
SHORT_DAY = "2026-06-14"
KEY = f"{SITE_PREFIX}.pd-view"  # reader.js's scoping: the site's path, then the setting's name

# Every layout shift of the page, from its first paint, kept by the page itself (a shift
# right after a key press or a click is the reader's doing and is not counted by CLS either).
SHIFTS = """
window.pdShifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.pdShifts.push(e.value);
}).observe({ type: "layout-shift", buffered: true });
"""


def slowly(route: Route) -> None:
    time.sleep(0.5)
    route.continue_()


def fully_visible(page: Page) -> int:
    """Cards wholly on screen once the first card is scrolled to the top."""
    return page.evaluate("""() => {
      const cards = [...document.querySelectorAll("article.pd-card")];
      cards[0].scrollIntoView({ block: "start" });
      return cards.filter((c) => { const r = c.getBoundingClientRect();
                                   return r.top >= 0 && r.bottom <= innerHeight; }).length;
    }""")


def dense(page: Page) -> bool:
    return page.evaluate("document.documentElement.getAttribute('data-pd-view')") == "dense"


def test_ten_papers_a_screen_switched_by_v_and_remembered(browser: Browser, site_url: str) -> None:
    with recorded_page(browser, viewport=(1366, 768)) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{BIG_DAY}/")
        button = page.locator("button.pd-view")
        expect(button).to_have_attribute("aria-pressed", "false")
        assert not dense(page)
        assert fully_visible(page) <= 4  # the full cards
        page.keyboard.press("v")
        expect(button).to_have_attribute("aria-pressed", "true")
        assert dense(page)
        assert fully_visible(page) >= 10
        # One line for the title, one for the rest: every card is as high as the first.
        heights = page.eval_on_selector_all(CARDS, "cs => cs.map(c => Math.round(c.getBoundingClientRect().height))")
        assert len(heights) == 137 and max(heights) == min(heights) < 768 / 10
        assert page.evaluate(f"localStorage.getItem({KEY!r})") == '"dense"'
        page.reload()
        assert dense(page)
        expect(button).to_have_attribute("aria-pressed", "true")
        # Every list page has it, and the choice holds there too.
        page.goto(f"{site_url}/days/{DAY}/")
        assert dense(page) and fully_visible(page) >= 10
        assert page.locator(f"{CARDS} .pd-tags:visible").count() > 10
        assert page.locator(f"{CARDS} .pd-authors:visible").count() > 10
        expect(page.locator(f"{CARDS} .pd-tldr").first).to_be_hidden()
        # The full cards are one click (or one key) away, and remembered too.
        button.click()
        assert not dense(page)
        expect(page.locator(f"{CARDS} .pd-tldr").first).to_be_visible()
        page.reload()
        assert not dense(page)
        assert page.evaluate(f"localStorage.getItem({KEY!r})") == '"cards"'
        page.keyboard.press("?")
        expect(page.locator("dialog#pd-help")).to_contain_text("dense list or full cards")
        assert_clean(rec)


def test_the_keyboard_works_in_the_dense_view(browser: Browser, site_url: str) -> None:
    with recorded_page(browser, viewport=(1366, 768)) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{BIG_DAY}/")
        page.keyboard.press("v")
        cards = page.locator(CARDS)
        for _ in range(12):
            page.keyboard.press("j")
        twelfth = cards.nth(11)
        expect(twelfth).to_have_class(re.compile("pd-card--current"))
        expect(twelfth).to_be_focused()
        expect(twelfth).to_be_in_viewport()
        page.keyboard.press("k")
        current = cards.nth(10)
        expect(current).to_be_focused()
        # x opens the abstract of the current card only; the others stay one line or two.
        abstract = current.locator("details.pd-abstract")
        expect(abstract).to_be_hidden()
        page.keyboard.press("x")
        expect(abstract).to_be_visible()
        expect(page.locator(f"{CARDS} details.pd-abstract:visible")).to_have_count(1)
        page.keyboard.press("x")
        expect(abstract).to_be_hidden()
        page.keyboard.press("s")
        expect(current.locator("button.pd-keep")).to_be_visible()
        expect(current.locator("button.pd-keep")).to_have_attribute("aria-pressed", "true")
        # v back to the full cards keeps the reader on the same paper.
        page.keyboard.press("v")
        assert not dense(page)
        expect(current).to_be_in_viewport()
        page.keyboard.press("v")
        href = current.locator(".pd-card__title a").get_attribute("href") or ""
        page.keyboard.press("o")
        page.wait_for_url(re.compile(re.escape(href.replace("../..", "")) + "$"))
        assert_clean(rec)


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_dense_line_stays_inside_its_card(browser: Browser, site_url: str, viewport: tuple[int, int]) -> None:
    """Follow buttons (follow.js adds one per author and organisation) once pushed a dense
    line out of the text column, and squeezed topic chips to their first letters: in the
    dense view nothing visible reaches past its card's right edge, and a chip shows whole
    or not at all."""
    with recorded_page(browser, viewport=viewport) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{DAY}/")
        page.keyboard.press("v")
        assert dense(page)
        expect(page.locator(f"{CARDS} .pd-keep").first).to_be_visible()
        spill = page.evaluate("""() => [...document.querySelectorAll("article.pd-card")].flatMap((card) => {
          // A line (a card's child) clips what it holds: the lines, and the buttons in them,
          // which must not be clipped either.
          const edge = card.getBoundingClientRect().right + 1;
          return [...card.children, ...card.querySelectorAll(".md-button")].filter((el) => {
            const r = el.getBoundingClientRect();
            const right = el.parentElement === card ? edge : el.parentElement.getBoundingClientRect().right + 1;
            return r.width > 0 && r.height > 0 && el.checkVisibility() && r.right > right;
          }).map((el) => el.className || el.tagName);
        })""")
        assert spill == []
        cut = page.evaluate("""() => [...document.querySelectorAll("article.pd-card .pd-tags a")].filter((a) => {
          const r = a.getBoundingClientRect(), box = a.parentElement.getBoundingClientRect();
          return a.checkVisibility() && r.width > 0 && r.top < box.bottom
                 && (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5);
        }).map((a) => a.textContent)""")
        assert cut == []
        expect(page.locator(f"{CARDS} .pd-follow").first).to_be_hidden()
        assert_clean(rec)


@pytest.mark.parametrize("view", ["dense", "cards"])
@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_a_stored_view_moves_nothing(browser: Browser, site_url: str, view: str,
                                     viewport: tuple[int, int]) -> None:
    """The stored choice is on the page before its cards are laid out: no layout shift (CLS 0)."""
    with recorded_page(browser, viewport=viewport, init_scripts=[SHIFTS]) as rec:
        page = rec.page
        # Every script but view.js as on a slow network: the cards are painted before they
        # run (the Keep buttons reader.js adds once moved every dense card by a few pixels).
        page.context.route(re.compile(r".*/assets/.*(?<!/view)\.js$"), slowly)
        page.goto(f"{site_url}/days/{SHORT_DAY}/")
        page.evaluate(f"localStorage.setItem({KEY!r}, {view!r} === 'dense' ? '\"dense\"' : '\"cards\"')")
        page.reload(wait_until="load")
        assert dense(page) == (view == "dense")
        page.wait_for_timeout(1500)  # what the scripts draw after load (Keep buttons, the sort bar)
        assert page.evaluate("window.pdShifts") == []
        # The observer does see a shift: the heading pushed down by a script, no input near.
        page.evaluate("document.querySelector('article h1').style.marginTop = '200px'")
        page.wait_for_timeout(300)
        assert page.evaluate("window.pdShifts.length") > 0
        assert_clean(rec)


def test_without_javascript_the_full_cards_show(browser: Browser, site_url: str) -> None:
    with recorded_page(browser, script=False, viewport=(1366, 768)) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{DAY}/")
        expect(page.locator("button.pd-view")).to_have_count(0)
        assert not dense(page)
        expect(page.locator(f"{CARDS} .pd-tldr").first).to_be_visible()


def test_axe_finds_no_violation_in_the_dense_view(browser: Browser, site_url: str) -> None:
    """The audits (tests/test_audit.py) see the full cards, a reader's default: the dense
    view at each width and scheme too (a code link beside a clipped chip once read 3.37:1)."""
    found = {}
    for width in audit.WIDTHS:
        for scheme in audit.SCHEMES:
            context = browser.new_context(viewport=width.viewport, service_workers="block")
            try:
                context.add_init_script(f"localStorage.setItem({KEY!r}, '\"dense\"')")
                page = context.new_page()
                violations = audit.axe_violations(page, f"{site_url}/days/{DAY}/", f"days/{DAY}/", scheme)
                assert dense(page)
            finally:
                context.close()
            found[f"{width.name}/{scheme}"] = [(v["id"], len(v["nodes"])) for v in violations]
    assert found == {f"{w.name}/{s}": [] for w in audit.WIDTHS for s in audit.SCHEMES}
