"""Day and week pages on the lean shell (overrides/lean.html, docs/assets/lean.js) in
Chromium: without the theme's bundle they keep what it gave them (the page's title in the
header on scrolling, Back to top, the colour scheme and its toggle, which lean.js makes),
and our scripts (view.js, digest.js, reader.js, follow.js) need nothing of it. The paper
pages' chrome: tests/test_browser_paper.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import RecordedPage, recorded_page, serve_directory
from playwright.sync_api import Browser, expect
from sample import KEPT_DAY, SITE_PREFIX, make_project
from test_browser import DAY, assert_clean
from test_browser_paper import TABS_SHIFTED

from generator.site.build import build

pytestmark = pytest.mark.browser

WEEK = "2026-W24"
# Shifts of the header's own parts since the page started (the toggle lean.js inserts there):
# none may move.
HEADER_SHIFTED = TABS_SHIFTED.replace('n.closest(".md-tabs")', 'n.closest(".md-header, .md-tabs")')


@pytest.mark.parametrize(("path", "h1"), [(f"days/{DAY}/", "Papers of Friday, 12 June 2026"),
                                          (f"weeks/{WEEK}/", "Week 24 of 2026: 8–14 June 2026")])
def test_header_title_back_to_top_and_no_theme_bundle(rec: RecordedPage, site_url: str, path: str, h1: str) -> None:
    page = rec.page
    page.set_viewport_size({"width": 1366, "height": 700})
    page.goto(f"{site_url}/{path}")
    expect(page.locator("html")).to_have_class("js")
    assert page.evaluate("[typeof document$, typeof __md_get, typeof __md_scope]") == ["undefined"] * 3
    assert page.locator("[data-md-component], .md-sidebar, .md-nav").count() == 0
    title = page.locator(".md-header__title")
    page.mouse.wheel(0, 1500)
    expect(title).to_have_class("md-header__title md-header__title--active")
    expect(page.locator(".md-header__topic").nth(1)).to_have_text(h1)
    top = page.locator("button.md-top")
    page.mouse.wheel(0, -300)
    expect(top).to_have_js_property("hidden", False)
    top.click()
    page.wait_for_function("scrollY === 0")
    # Our scripts ran: view.js's toggle, the triage bar (digest.js), Keep and Follow (reader.js, follow.js).
    expect(page.locator("button.pd-view")).to_have_count(1)
    expect(page.locator(".pd-triage")).to_have_count(1)
    assert page.locator("button.pd-keep").count() > 0 and page.locator("button.pd-follow").count() > 0
    page.keyboard.press("j")
    expect(page.locator(".pd-card--current")).to_have_count(1)
    page.keyboard.press("v")
    expect(page.locator("html")).to_have_attribute("data-pd-view", "dense")
    page.keyboard.press("v")
    page.keyboard.press("/")
    expect(page.locator("#pd-q")).to_be_focused()
    assert_clean(rec)


@pytest.mark.parametrize("path", [f"days/{DAY}/", f"weeks/{WEEK}/"])
def test_lean_js_makes_the_scheme_toggle_without_moving_the_header(browser: Browser, site_url: str,
                                                                   path: str) -> None:
    """No page carries the toggle: lean.js makes it before the header is painted, with the
    current scheme's name and icon, and it switches the scheme as the theme's did."""
    with recorded_page(browser, viewport=(390, 844)) as rec:
        page = rec.page
        page.emulate_media(color_scheme="dark")
        page.goto(f"{site_url}/{path}", wait_until="networkidle")
        body, toggle = page.locator("body"), page.locator("#pd-palette")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-label", "Switch to light mode")
        expect(toggle).to_have_attribute("title", "Switch to light mode")
        icon = toggle.locator("use")
        expect(icon).to_have_attribute("href", re.compile(r"/assets/icons\.svg#material-brightness-4$"))
        # Where the template wrote it before: after the title, before the search form.
        assert page.eval_on_selector("#pd-palette", "b => b.previousElementSibling.className + ' | ' "
                                     "+ b.nextElementSibling.className") == "md-header__title | pd-header-search"
        box = toggle.bounding_box()
        assert box and box["width"] > 20 and box["height"] > 20
        assert page.evaluate(HEADER_SHIFTED) == []
        toggle.focus()
        page.keyboard.press("Enter")  # by keyboard, as any button
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        expect(toggle).to_have_attribute("aria-label", "Switch to dark mode")
        expect(icon).to_have_attribute("href", re.compile(r"#material-brightness-7$"))
        page.reload()
        expect(body).to_have_attribute("data-md-color-scheme", "default")  # the choice is kept
        assert_clean(rec)


def test_without_javascript_there_is_no_dead_toggle(browser: Browser, site_url: str) -> None:
    with recorded_page(browser, script=False) as rec:
        rec.page.goto(f"{site_url}/days/{DAY}/")
        expect(rec.page.locator("#pd-palette")).to_have_count(0)
        expect(rec.page.locator("article.pd-card").first).to_be_visible()


@pytest.mark.parametrize("script", [True, False])
def test_the_header_search_box_is_made_from_its_link(browser: Browser, site_url: str, script: bool) -> None:
    """The page writes a link to the search page; lean.js makes it the search box (its icon
    the label, its name the box's), which searches there. Without a script the link stays
    and leads there, where search says it needs one."""
    with recorded_page(browser, script=script) as rec:
        page = rec.page
        page.goto(f"{site_url}/papers/2606.13594/")
        if script:
            expect(page.locator("a.pd-header-search")).to_have_count(0)
            box = page.get_by_role("search").get_by_role("searchbox", name="Search papers")
            expect(box).to_have_attribute("id", "pd-q")
            expect(box).to_have_attribute("placeholder", "Search papers")
            expect(page.locator("form.pd-header-search > label[for=pd-q] > svg use")).to_have_count(1)
            box.fill("attention")
            box.press("Enter")
            page.wait_for_url(re.compile(r"/search/\?q=attention$"))
        else:
            expect(page.locator("#pd-q")).to_have_count(0)
            page.get_by_role("link", name="Search papers").click()
            page.wait_for_url(re.compile(r"/search/$"))
            expect(page.locator("h1")).to_have_text("Search")
            # (Chromium with scripts turned off by its driver still parses <noscript> as if
            # they ran: what a reader without them sees is in the page, not shown here.)
            assert "<p>Search needs JavaScript." in page.content()
        assert_clean(rec)


def test_toggle_icons_the_sprite_lacks_are_written_into_the_page(browser: Browser, tmp_path: Path,
                                                                 content: Path) -> None:
    """A palette whose toggle icons icons.svg lacks: the pages carry the button, its icons
    inline (one per scheme), and lean.js shows the current scheme's only."""
    project = make_project(tmp_path / "project", content)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for ours, theirs in (("brightness-7", "weather-night"), ("brightness-4", "weather-sunny")):
        assert config.count(f"icon: material/{ours}\n") == 1
        config = config.replace(f"icon: material/{ours}\n", f"icon: material/{theirs}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = tmp_path / "site"
    build(project / "mkdocs.yml", site)
    day = KEPT_DAY.removesuffix(".yml")
    page = (site / "days" / day / "index.html").read_text(encoding="utf-8")
    button = page[page.index('<button type="button" class="md-header__button md-icon" id="pd-palette" hidden>'):]
    assert button[:button.index("</button>")].count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    with serve_directory(site, prefix=SITE_PREFIX) as base, recorded_page(browser, viewport=(390, 844)) as rec:
        rec.page.emulate_media(color_scheme="dark")
        rec.page.goto(f"{base}/days/{day}/")
        toggle, svgs = rec.page.locator("#pd-palette"), rec.page.locator("#pd-palette svg")
        expect(toggle).to_have_attribute("aria-label", "Switch to light mode")
        assert svgs.evaluate_all("s => s.map(e => e.hasAttribute('hidden'))") == [True, False]
        toggle.click()
        expect(toggle).to_have_attribute("aria-label", "Switch to dark mode")
        assert svgs.evaluate_all("s => s.map(e => e.hasAttribute('hidden'))") == [False, True]
        assert rec.page.locator("header button").count() == 1  # lean.js made no second one
        assert_clean(rec)
