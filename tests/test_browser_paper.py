"""The lean pages' chrome in Chromium (overrides/lean.html, docs/assets/lean.js), on paper
pages (tests/test_browser_lean.py: on day and week pages):
no theme bundle, yet the reader keeps what the theme gave there: the colour scheme that
follows the system, a toggle whose choice every other page honours (and the other way
round), the paper's title in the header once its heading scrolls away, Back to top, the
icons from one cached sprite, and the navigation tabs. Served under site_url's path, as
published (the browser fixtures in tests/conftest.py)."""

from __future__ import annotations

import re

import pytest
from browser import RecordedPage, recorded_page
from playwright.sync_api import Browser, expect
from test_browser import DAY, PAPER, TITLE, assert_clean

pytestmark = pytest.mark.browser


def test_the_scheme_follows_the_system_and_the_toggle_is_shared_with_other_pages(
        browser: Browser, site_url: str) -> None:
    with recorded_page(browser, viewport=(390, 844)) as rec:
        page = rec.page
        page.emulate_media(color_scheme="dark")
        page.goto(f"{site_url}/papers/{PAPER}/")
        body, toggle = page.locator("body"), page.locator("#pd-palette")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-label", "Switch to light mode")
        assert page.locator("#pd-palette svg:visible").count() == 1
        toggle.click()
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(toggle).to_have_attribute("aria-label", "Switch to dark mode")
        # A page the theme dresses (its own script) reads the choice the paper page stored...
        page.goto(f"{site_url}/archive/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        # ...and a day page (lean, as the paper page) reads the one that page stored...
        page.goto(f"{site_url}/days/{DAY}/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        expect(page.locator("#pd-palette")).to_have_attribute("aria-label", "Switch to light mode")
        # ...and so does the paper page.
        page.goto(f"{site_url}/papers/{PAPER}/")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(toggle).to_have_attribute("aria-label", "Switch to light mode")
        assert_clean(rec)


def test_header_title_back_to_top_tabs_and_icons(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.set_viewport_size({"width": 1366, "height": 700})
    sprites: list[str] = []
    page.on("response", lambda r: sprites.append(r.url) if r.url.endswith("/assets/icons.svg") else None)
    page.goto(f"{site_url}/papers/{PAPER}/")
    expect(page.locator("html")).to_have_class("js")
    tabs = page.locator("nav.md-tabs a")
    assert tabs.all_inner_texts() == ["Home", "Weeks", "Archive", "Topics", "Reading list", "Following",
                                      "Status", "Search"]
    # Every icon is drawn from the sprite: the logo and the search icon have a size.
    for selector in (".md-logo svg", ".pd-header-search label svg"):
        box = page.locator(selector).bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, selector
    assert len(sprites) == 1
    title = page.locator(".md-header__title")
    expect(title).not_to_have_class("md-header__title md-header__title--active")
    top = page.locator("button.md-top")  # [hidden]: faded out, as the theme's (opacity 0)
    expect(top).to_have_js_property("hidden", True)
    page.mouse.wheel(0, 1500)
    expect(title).to_have_class("md-header__title md-header__title--active")
    expect(page.locator(".md-header__topic").nth(1)).to_have_text(TITLE)
    expect(top).to_have_js_property("hidden", True)  # not while reading on
    page.mouse.wheel(0, -300)  # scrolling back up shows Back to top
    expect(top).to_have_js_property("hidden", False)
    expect(top).to_have_text("Back to top")
    top.click()
    page.wait_for_function("scrollY === 0")
    expect(title).to_have_class("md-header__title")
    # "/" still reaches the header's search box (reader.js), as on every page.
    page.keyboard.press("/")
    expect(page.locator("#pd-q")).to_be_focused()
    assert_clean(rec)


def test_the_toggle_switches_the_scheme_from_the_palette_lean_js_carries(rec: RecordedPage, site_url: str) -> None:
    """The palette is written once into lean.js (generator/site/leanassets.py), not into
    each page; the stylesheets come from one lean.css that imports the theme's and ours."""
    page = rec.page
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}/papers/{PAPER}/")
    assert page.locator("[data-pd-palette]").count() == 0
    assert page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.getAttribute('href'))") == [
        "../../assets/lean.css"]
    imported = page.evaluate("[...document.styleSheets[0].cssRules].map(r => r.href)")
    assert [h.rsplit("/", 1)[-1] for h in imported][-1] == "digest.css" and len(imported) == 3
    body, toggle = page.locator("body"), page.locator("#pd-palette")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    expect(toggle).to_have_attribute("aria-label", "Switch to dark mode")
    icon = page.locator("#pd-palette use")
    expect(icon).to_have_attribute("href", re.compile(r"/assets/icons\.svg#material-brightness-7$"))
    header = page.locator(".md-header")
    light = header.evaluate("e => getComputedStyle(e).backgroundColor")
    page_bg = body.evaluate("e => getComputedStyle(e).backgroundColor")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    expect(toggle).to_have_attribute("aria-label", "Switch to light mode")
    expect(icon).to_have_attribute("href", re.compile(r"#material-brightness-4$"))
    assert body.evaluate("e => getComputedStyle(e).backgroundColor") != page_bg  # the slate scheme's CSS applies
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == light  # indigo in both
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert_clean(rec)


# What moved among the tabs or pushed the page's main part since the page started (Chromium's
# layout shifts, buffered; none at all after a second): nothing may. (Other shifts, such as
# reader.js's Keep button arriving, are not the tabs'.)
TABS_SHIFTED = """() => new Promise(done => new PerformanceObserver((list, observer) => {
  observer.disconnect();
  done(list.getEntries().flatMap(e => e.sources).map(s => s.node).filter(n => n && n.nodeType === 1
    && (n.closest(".md-tabs") || n.matches(".md-main, .md-container"))).map(n => n.outerHTML.slice(0, 60)));
}).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done([]), 1000))"""


def test_on_a_phone_the_tabs_are_one_row_that_scrolls_and_shows_the_focused_tab(
        browser: Browser, site_url: str) -> None:
    with recorded_page(browser, viewport=(390, 844)) as rec:
        page = rec.page
        page.goto(f"{site_url}/papers/{PAPER}/", wait_until="networkidle")
        tabs = page.locator("nav.md-tabs li")
        tops = {round(b["y"]) for b in (tabs.nth(i).bounding_box() or {"y": -1} for i in range(tabs.count()))}
        assert len(tops) == 1, tops  # one row
        ul = page.locator("nav.md-tabs ul")
        assert ul.evaluate("e => e.scrollWidth > e.clientWidth")  # the rest is reached by scrolling
        nav = page.locator("nav.md-tabs").bounding_box()
        main = page.locator(".md-main").bounding_box()
        assert nav and main and nav["height"] < 48 and main["y"] == nav["y"] + nav["height"]
        # By keyboard, from the search box: each tab in turn, the last scrolled into sight and
        # shown focused.
        page.locator("#pd-q").focus()
        for _ in range(tabs.count()):
            page.keyboard.press("Tab")
        last = page.locator("nav.md-tabs a").last
        expect(last).to_be_focused()
        expect(last).to_have_text("Search")
        box = last.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert last.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle !== 'none'")
        assert page.evaluate(TABS_SHIFTED) == []
        assert_clean(rec)


@pytest.mark.parametrize("width", [1366, 1000, 800])
def test_the_article_sits_where_it_does_on_other_pages(browser: Browser, site_url: str, width: int) -> None:
    """No sidebar elements on the lean pages (paper, day, week): digest.css keeps their
    columns as space, so the article sits as on a page the theme dresses (the archive)."""
    with recorded_page(browser, viewport=(width, 800)) as rec:
        boxes = []
        for path in ("archive/", f"days/{DAY}/", "weeks/2026-W24/", f"papers/{PAPER}/"):
            rec.page.goto(f"{site_url}/{path}")
            box = rec.page.locator("article.md-content__inner").bounding_box()
            assert box, path
            boxes.append((box["x"], box["width"]))
        assert boxes == [boxes[0]] * 4, boxes


def test_a_record_value_that_wraps_stays_in_its_column_on_a_phone(browser: Browser, site_url: str) -> None:
    """Three topic chips wrap at 390 px: every one starts right of the labels' column."""
    with recorded_page(browser, viewport=(390, 844)) as rec:
        rec.page.goto(f"{site_url}/papers/2606.12730/")
        label = rec.page.locator(".pd-record dt").first.bounding_box()
        chips = rec.page.locator(".pd-record dd.pd-tags a")
        expect(chips).to_have_count(3)
        boxes = [chips.nth(i).bounding_box() for i in range(3)]
        assert label is not None and all(b is not None for b in boxes)
        assert len({round(b["y"]) for b in boxes if b}) > 1  # they do wrap
        assert min(b["x"] for b in boxes if b) >= label["x"] + label["width"], (label, boxes)
        assert_clean(rec)
