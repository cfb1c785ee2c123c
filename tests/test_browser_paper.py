"""The paper pages' lighter chrome in Chromium (overrides/paper.html, docs/assets/paper.js):
no theme bundle, yet the reader keeps what the theme gave there: the colour scheme that
follows the system, a toggle whose choice every other page honours (and the other way
round), the paper's title in the header once its heading scrolls away, Back to top, the
icons from one cached sprite, and the navigation tabs. Served under site_url's path, as
published (the browser fixtures in tests/conftest.py)."""

from __future__ import annotations

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
        # A day page (the theme's own script) reads the choice the paper page stored...
        page.goto(f"{site_url}/days/{DAY}/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        # ...and the paper page reads the one the day page stored.
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
