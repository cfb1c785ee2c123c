"""Search filters and sort on the built sample site, in headless Chromium: by topic, year
and code, sorted by date, the state in the address (reload and links), with the keyboard."""

from __future__ import annotations

import re

import pytest
from browser import RecordedPage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The sample (tests/fixtures/sample/): physics papers on two days, 7 on 2016-10-10 and
# 4 on 2024-11-28; 7 agents papers with code in 2026, all on 2026-06-12.
PHYSICS_2016 = 7
PHYSICS_2024 = 4
AGENTS_WITH_CODE_2026 = 7


def _clean(rec: RecordedPage) -> None:
    assert rec.problems() == []
    assert rec.foreign_requests() == []


def test_filters_by_topic_sorted_by_date_with_the_keyboard(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/search/")
    page.locator("#pd-words").focus()
    page.keyboard.type("the")
    page.keyboard.press("Tab")
    expect(page.locator("#pd-topic")).to_be_focused()
    page.keyboard.type("Physics")
    page.keyboard.press("Tab")
    expect(page.locator("#pd-year")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#pd-code")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#pd-pick")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#pd-followed")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#pd-sort")).to_be_focused()
    page.keyboard.type("Date")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=the&topic=physics&sort=date")  # empty controls left out
    days = page.locator(".pd-result .pd-result__day")
    expect(days).to_have_count(PHYSICS_2016 + PHYSICS_2024)
    expect(days).to_have_text(["2024-11-28"] * PHYSICS_2024 + ["2016-10-10"] * PHYSICS_2016)
    expect(page.locator("#pd-search-status")).to_have_text("Papers for “the” that match the filters")
    # The form shows the state it was opened with, and a reload keeps it.
    page.reload()
    expect(page.locator("#pd-topic")).to_have_value("physics")
    expect(page.locator("#pd-sort")).to_have_value("date")
    expect(days).to_have_count(PHYSICS_2016 + PHYSICS_2024)
    _clean(rec)


def test_filters_alone_ask_for_words_and_fetch_no_index(rec: RecordedPage, site_url: str) -> None:
    """A search by filters alone made Pagefind fetch most of the index (about 15 MB at 25,000
    papers): filters narrow a search for words."""
    page = rec.page
    page.goto(f"{site_url}/search/?topic=physics&sort=date")
    expect(page.locator("#pd-search-status")).to_have_text("Type a word or two: the filters narrow what they find.")
    expect(page.locator("#pd-topic")).to_have_value("physics")
    page.wait_for_timeout(300)
    assert not [r for r in rec.requests if "/pagefind/" in r], rec.requests
    _clean(rec)


def test_filters_by_year_and_code_from_a_link(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/search/?q=the&topic=physics&year=2016")
    expect(page.locator("#pd-year")).to_have_value("2016")
    expect(page.locator(".pd-result .pd-result__day")).to_have_text(["2016-10-10"] * PHYSICS_2016)
    # A day is found by the union of its papers' topics; only the matching cards are shown.
    page.goto(f"{site_url}/search/?q=the&topic=agents&year=2026&code=1")
    expect(page.locator("#pd-code")).to_be_checked()
    results = page.locator(".pd-result")
    expect(results).to_have_count(AGENTS_WITH_CODE_2026)
    expect(results.filter(has_text="WebChallenger")).to_have_count(1)
    expect(results.locator(".pd-result__day")).to_have_text(["2026-06-12"] * AGENTS_WITH_CODE_2026)
    # Words and filters together: the words' cards, kept only when they match too.
    page.goto(f"{site_url}/search/?q=WebChallenger&topic=physics")
    expect(page.locator("#pd-words")).to_have_value("WebChallenger")
    expect(page.locator("#pd-search-status")).to_have_text("No paper matches “WebChallenger” and the filters")
    page.goto(f"{site_url}/search/?q=WebChallenger&topic=agents&code=1")
    expect(results).to_have_count(1)
    expect(results.locator("a.pd-result__title")).to_have_text(re.compile("^WebChallenger"))
    _clean(rec)
