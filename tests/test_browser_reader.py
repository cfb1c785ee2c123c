"""The reader features in headless Chromium: folded abstracts and the full view, sort and
filter with the state in the URL, the keyboard, the reading list and its BibTeX export and
share link, and KaTeX fetched only by pages with math. Same server and browser setup as
tests/test_browser.py (the fixtures in tests/conftest.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import RecordedPage, recorded_page
from playwright.sync_api import Browser, Page, expect
from test_browser import DAY, MATH_DAY, PAPER, TITLE, assert_clean

pytestmark = pytest.mark.browser

CARDS = "article.pd-card"
ROWS = "ol.pd-rows > li.pd-card"  # a week's ranking (fragments.row)


def test_abstracts_fold_and_the_full_view_is_remembered(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    _open_triage(page)
    details = page.locator(f"{CARDS} details.pd-abstract")
    assert details.count() == page.locator(CARDS).count() == 30
    expect(page.locator(f"{CARDS} details.pd-abstract[open]")).to_have_count(0)
    page.get_by_label("Show every abstract").check()
    expect(page.locator(f"{CARDS} details.pd-abstract[open]")).to_have_count(30)
    page.reload()
    expect(page.locator(f"{CARDS} details.pd-abstract[open]")).to_have_count(30)
    expect(page.get_by_label("Show every abstract")).to_be_checked()
    _open_triage(page)
    page.get_by_label("Show every abstract").uncheck()
    expect(page.locator(f"{CARDS} details.pd-abstract[open]")).to_have_count(0)
    assert_clean(rec)


def _visible_numbers(page: object, attr: str) -> list[int]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined, no-any-return]
        f"{CARDS}:not([hidden])", f"cs => cs.map(c => Number(c.getAttribute('{attr}') || -1))")


def _open_triage(page: Page) -> None:
    """The sort and filter controls sit folded above the cards (so nothing moves as the
    page loads): a reader opens them first."""
    page.get_by_text("Sort and filter", exact=True).click()
    expect(page.get_by_label("Order")).to_be_visible()


def test_a_shortened_author_list_counts_the_rest_and_names_them_on_hover(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/2026-06-12/")
    authors = page.locator('article.pd-card[data-slug="2606.13594"] .pd-authors')
    # The names shown (the count is drawn by CSS, which innerText leaves out), the rest hidden.
    expect(authors).to_have_text(re.compile(r"^Siyi Chen, .*, Rene Vidal, Qing Qu$"), use_inner_text=True)
    expect(authors.locator(".pd-more > span")).to_be_hidden()
    count = authors.locator(".pd-more").evaluate("m => getComputedStyle(m, '::before').content")
    assert count == '"… 2 more, "', count
    expect(authors).to_have_attribute("title", "Siyi Chen, Xiaoyan Zhang, Meng Wu, Jonathan Tremblay, Valts Blukis, "
                                      "Stan Birchfield, Rene Vidal, Alvaro Velasquez, Sijia Liu, Qing Qu")
    assert_clean(rec)


def test_sort_and_filter_live_in_the_url(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    _open_triage(page)
    curated = page.eval_on_selector_all(CARDS, "cs => cs.map(c => c.dataset.slug)")
    page.get_by_label("Order").select_option(label="Most upvoted")
    expect(page).to_have_url(re.compile(r"\?sort=up$"))
    ups = _visible_numbers(page, "data-up")
    assert ups == sorted(ups, reverse=True) and ups[0] == 118
    page.get_by_label("Only with code").check()
    expect(page).to_have_url(re.compile(r"\?sort=up&code=1$"))
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(16)
    expect(page.locator(f"{CARDS}:not([hidden]):not([data-code])")).to_have_count(0)
    expect(page.locator(".pd-triage__status")).to_have_text("Showing 16 of 30 papers.")

    # The same view, shared: opened from its address alone.
    shared = page.url
    page.goto(f"{site_url}/days/{DAY}/")
    page.goto(shared)
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(16)
    assert _visible_numbers(page, "data-stars") != sorted(_visible_numbers(page, "data-stars"), reverse=True)
    page.get_by_label("Order").select_option(label="Most GitHub stars")
    stars = _visible_numbers(page, "data-stars")
    assert stars == sorted(stars, reverse=True)

    # Topics: one click keeps only that topic, a second hides it.
    page.goto(f"{site_url}/days/{DAY}/")
    _open_triage(page)
    chip = page.locator(".pd-chip[data-topic=agents]")
    chip.click()
    expect(page).to_have_url(re.compile(r"\?in=agents$"))
    with_agents = page.locator(f"{CARDS}:not([hidden])").count()
    assert 0 < with_agents < 30
    agents = ':has(.pd-tags a[href$="/topics/agents/"])'  # a card's topics: its chips
    expect(page.locator(f"{CARDS}:not([hidden]):not({agents})")).to_have_count(0)
    expect(page.locator(f"{CARDS}:not([hidden]){agents}")).to_have_count(with_agents)
    chip.click()
    expect(page).to_have_url(re.compile(r"\?out=agents$"))
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(30 - with_agents)
    chip.click()
    expect(page).to_have_url(re.compile(rf"/days/{DAY}/$"))
    # Back to curated order: the file's order.
    assert page.eval_on_selector_all(CARDS, "cs => cs.map(c => c.dataset.slug)") == curated
    assert_clean(rec)


def test_without_javascript_every_paper_shows_in_curated_order(browser: Browser, site_url: str) -> None:
    with recorded_page(browser, script=False) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{DAY}/?sort=up&code=1")
        expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(30)
        expect(page.locator(".pd-triage")).to_have_count(0)
        page.locator(f"{CARDS} details.pd-abstract summary").first.click()
        expect(page.locator(f"{CARDS} details.pd-abstract[open]")).to_have_count(1)


def test_keyboard(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    first, second = page.locator(CARDS).nth(0), page.locator(CARDS).nth(1)
    page.keyboard.press("j")
    expect(first).to_have_class(re.compile("pd-card--current"))
    expect(first).to_be_focused()
    page.keyboard.press("j")
    expect(second).to_be_focused()
    expect(first).not_to_have_class(re.compile("pd-card--current"))
    page.keyboard.press("k")
    expect(first).to_be_focused()
    # Visible focus: the current card is outlined.
    assert first.evaluate("c => getComputedStyle(c).outlineStyle") != "none"
    page.keyboard.press("x")
    expect(first.locator("details.pd-abstract")).to_have_attribute("open", "")
    page.keyboard.press("x")
    expect(first.locator("details.pd-abstract[open]")).to_have_count(0)
    page.keyboard.press("s")
    expect(first.locator("button.pd-keep")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("?")
    help_box = page.locator("dialog#pd-help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("fold or unfold the abstract")
    page.keyboard.press("Escape")
    expect(help_box).to_be_hidden()
    # "/" goes to the search box; keys typed there are text, not commands.
    page.keyboard.press("/")
    box = page.locator("#pd-q")
    expect(box).to_be_focused()
    page.keyboard.type("jkxs")
    expect(box).to_have_value("jkxs")
    expect(first).to_have_class(re.compile("pd-card--current"))
    expect(first.locator("details.pd-abstract[open]")).to_have_count(0)
    box.press("Escape")
    first.focus()
    href = first.locator(".pd-card__title a").get_attribute("href") or ""
    page.keyboard.press("o")
    page.wait_for_url(re.compile(re.escape(href.replace("../..", "")) + "$"))
    assert_clean(rec)


def test_r_opens_the_cards_related_papers(rec: RecordedPage, site_url: str) -> None:
    """`r` on a card goes to its paper page's related papers; each is a paper page that loads."""
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    page.keyboard.press("?")
    expect(page.locator("dialog#pd-help")).to_contain_text("the paper's related papers")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("j")
    href = page.locator(CARDS).nth(1).locator(".pd-card__title a").get_attribute("href") or ""
    page.keyboard.press("r")
    page.wait_for_url(re.compile(re.escape(href.replace("../..", "")) + "#related$"))
    items = page.locator("#related + ul li")
    expect(items).to_have_count(5)
    expect(page.locator("#related")).to_be_in_viewport()
    first = items.first.locator("a")
    title = first.inner_text()
    first.click()
    expect(page.locator("article h1, .md-content h1").first).to_have_text(title)
    assert_clean(rec)


def test_reading_list_export_and_share_link(browser: Browser, site_url: str, tmp_path: Path) -> None:
    with recorded_page(browser) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{DAY}/")
        page.locator(f'{CARDS}[data-slug="{PAPER}"] button.pd-keep').click()
        page.goto(f"{site_url}/papers/2606.13594/")
        keep = page.locator("button.pd-keep")
        expect(keep).to_have_text("Keep")
        keep.click()
        expect(keep).to_have_text("Kept ✓")
        # The paper page just opened counts as seen: dimmed on its day page once asked for.
        page.goto(f"{site_url}/days/{DAY}/")
        _open_triage(page)
        seen = page.locator(f'{CARDS}[data-slug="2606.13594"]')
        expect(seen).not_to_have_class(re.compile("pd-card--seen"))
        page.get_by_label("Dim papers I opened").check()
        expect(seen).to_have_class(re.compile("pd-card--seen"))
        expect(page.locator(f"{CARDS}.pd-card--seen")).to_have_count(1)
        page.goto(f"{site_url}/reading-list/")
        items = page.locator("#pd-reading-list li a")
        expect(items).to_have_count(2)
        expect(items.first).to_have_text(TITLE)
        expect(page.locator("#pd-reading-status")).to_have_text("2 papers kept in this browser.")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download BibTeX (2)").click()
        saved = tmp_path / "list.bib"
        download.value.save_as(saved)
        bib = saved.read_text(encoding="utf-8")
        assert bib.count("@misc{") == 2 and f"eprint = {{{PAPER}}}" in bib and "eprint = {2606.13594}" in bib
        share = page.get_by_role("link", name="Link to this list").get_attribute("href") or ""
        assert share.endswith(f"/reading-list/#papers={PAPER},2606.13594")
        page.screenshot(path=tmp_path / "reading-list.png")
        assert_clean(rec)
    # Elsewhere: a fresh browser profile opens the same list from the link.
    with recorded_page(browser) as rec:
        page = rec.page
        page.goto(share)
        expect(page.locator("#pd-reading-list li a")).to_have_count(2)
        expect(page.locator("#pd-reading-status")).to_have_text("2 papers in this shared list.")
        page.get_by_role("button", name="Add these to my reading list").click()
        page.goto(f"{site_url}/reading-list/")
        expect(page.locator("#pd-reading-list li a")).to_have_count(2)
        assert_clean(rec)


def test_hostile_share_link_shows_nothing_but_text(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/reading-list/#papers=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E,../../etc,{PAPER}")
    expect(page.locator("#pd-reading-list li")).to_have_count(1)
    expect(page.locator("#pd-reading-list img")).to_have_count(0)


# A day whose only math is in one card's folded abstract ("... $\\times$ ...", "$μ$").
FOLDED_MATH_DAY = "2026-06-14"
FOLDED_MATH_CARD = f'{CARDS}[data-slug="2606.13501"]'


def test_katex_loads_only_where_there_is_math(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/", wait_until="networkidle")
    assert [u for u in rec.requests if "katex" in u] == []
    # Math only inside closed abstracts: nothing fetched until the reader opens one.
    page.goto(f"{site_url}/days/{FOLDED_MATH_DAY}/", wait_until="networkidle")
    folded = page.locator(f"{FOLDED_MATH_CARD} details.pd-abstract .pd-math")
    expect(folded).to_have_count(2)
    assert [u for u in rec.requests if "katex" in u] == []
    expect(page.locator(".pd-math .katex")).to_have_count(0)
    with page.expect_request(re.compile(r"/katex/katex\.min\.js$")):
        page.locator(f"{FOLDED_MATH_CARD} details.pd-abstract summary").click()
    expect(folded.locator(".katex")).to_have_count(2)
    expect(folded.first).to_have_attribute("title", "\\times")
    # A day with math outside the folds fetches KaTeX on load (counted from here on, so the
    # fetch above does not count for it).
    seen = len(rec.requests)
    page.goto(f"{site_url}/days/{MATH_DAY}/", wait_until="networkidle")
    expect(page.locator(".pd-math .katex").first).to_be_attached()
    katex = [u.rsplit("/", 1)[-1] for u in rec.requests[seen:] if "katex" in u]
    assert "katex.min.js" in katex and "katex.min.css" in katex
    assert_clean(rec)


def _style(page: Page, selector: str, prop: str) -> str:
    """The computed `prop` (camelCase) of the first element matching `selector`."""
    return str(page.evaluate(
        "([sel, prop]) => getComputedStyle(document.querySelector(sel))[prop]", [selector, prop]))


def _muted_text(page: Page) -> str:
    """The current scheme's muted text colour (Material's --md-default-fg-color--light),
    resolved by a probe element."""
    return str(page.evaluate("""() => {
        const probe = document.body.appendChild(document.createElement("span"));
        probe.style.color = "var(--md-default-fg-color--light)";
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
    }"""))


def test_dark_mode_follows_the_system_and_toggles(browser: Browser, site_url: str, tmp_path: Path) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 412, "height": 915})
    try:
        page = context.new_page()
        page.goto(f"{site_url}/days/{DAY}/")
        body = page.locator("body")
        expect(body).to_have_attribute("data-md-color-scheme", "slate")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        # The triage bar's controls are the page's, not the browser's: no white select on a
        # dark page.
        expect(page.locator(".pd-triage select").first).to_be_attached()
        assert _style(page, ".pd-triage select", "backgroundColor") == background
        # Its status line is the scheme's muted text, as Material's own secondary text is.
        dark_status = _style(page, ".pd-triage__status", "color")
        assert dark_status == _muted_text(page)
        page.screenshot(path=tmp_path / "dark-phone.png")
        page.locator("#pd-palette").click()  # made by lean.js (the day page is lean: overrides/lean.html)
        expect(body).to_have_attribute("data-md-color-scheme", "default")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
        # Our own elements take the scheme's colours: the triage bar's text is the page's.
        fg = page.evaluate("getComputedStyle(document.querySelector('.pd-triage__status')).color")
        assert fg != page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert fg != dark_status and fg == _muted_text(page)
    finally:
        context.close()
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    finally:
        context.close()


def test_week_page(rec: RecordedPage, site_url: str, tmp_path: Path) -> None:
    page = rec.page
    page.goto(f"{site_url}/archive/")
    page.get_by_role("link", name="the weekly digest").click()
    page.wait_for_url("**/weeks/")
    page.get_by_role("link", name="Week 24 of 2026").click()
    page.wait_for_url("**/weeks/2026-W24/")
    expect(page.locator("article h1")).to_have_text("Week 24 of 2026: 8–14 June 2026")
    rows = page.locator(ROWS)
    expect(rows).to_have_count(35)
    ups = page.eval_on_selector_all(ROWS, "cs => cs.map(c => Number(c.getAttribute('data-up') || -1))")
    assert ups == sorted(ups, reverse=True)
    expect(rows.first.locator("a.pd-day")).to_have_attribute("href", re.compile(r"/days/2026-06-1[24]/#p-"))
    page.locator("nav.pd-daynav a.pd-prev").click()
    page.wait_for_url("**/weeks/2025-W32/")
    page.screenshot(path=tmp_path / "week.png", full_page=False)
    assert_clean(rec)


# --- the reading list against what arrives: share links, stored lists (issue 18) ------------

KEY = "/paper-digest/.pd-kept"  # the list's key under the site's path (site_url's)


def _store(page: Page, site_url: str, values: dict[str, str]) -> None:
    """Raw values into this origin's localStorage, from a page of the site without reader.js
    (so no migration runs before they are in place)."""
    page.goto(f"{site_url}/sitemap.xml")
    page.evaluate("values => { for (const [k, v] of Object.entries(values)) localStorage.setItem(k, v); }", values)


def _stored(page: Page, key: str) -> object:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", key)


def test_a_paper_twice_in_a_share_link_is_exported_once(rec: RecordedPage, site_url: str, tmp_path: Path) -> None:
    page = rec.page
    page.goto(f"{site_url}/reading-list/#papers={PAPER},2606.13594,{PAPER},2606.13594")
    expect(page.locator("#pd-reading-list li a")).to_have_count(2)
    expect(page.locator("#pd-reading-status")).to_have_text("2 papers in this shared list.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download BibTeX (2)").click()
    download.value.save_as(tmp_path / "list.bib")
    bib = (tmp_path / "list.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@misc\{([^,]+),", bib, re.M)
    assert len(keys) == 2 and len(set(keys)) == 2, keys
    share = page.get_by_role("link", name="Link to this list").get_attribute("href") or ""
    assert share.endswith(f"/reading-list/#papers={PAPER},2606.13594")
    assert_clean(rec)


def test_malformed_percent_encoding_is_left_out_and_said(rec: RecordedPage, site_url: str) -> None:
    """decodeURIComponent threw "URI malformed" on the whole link: nothing showed, and the
    keyboard (the `?` help) never started."""
    page = rec.page
    page.goto(f"{site_url}/reading-list/#papers=%E0%A4%A,{PAPER},%,%3Cb%3E")
    expect(page.locator("#pd-reading-list li a")).to_have_text([TITLE])
    expect(page.locator("#pd-reading-status")).to_have_text(
        "1 paper in this shared list. 3 parts of this link could not be read and were left out.")
    page.keyboard.press("?")
    expect(page.locator("#pd-help")).to_be_visible()
    assert_clean(rec)


def test_a_long_stored_list_costs_a_bounded_number_of_requests(browser: Browser, site_url: str) -> None:
    """100,000 stored entries made one fetch each, all at once (still loading after 40 s)."""
    fake = [f"2601.{n:05d}" for n in range(99_999)]
    with recorded_page(browser) as rec:
        page = rec.page
        _store(page, site_url, {KEY: json.dumps([PAPER, *fake])})
        rec.requests.clear()
        page.goto(f"{site_url}/reading-list/")
        status = page.locator("#pd-reading-status")
        expect(status).to_have_text("Showing 50 of 5000 papers kept in this browser. "
                                    "95000 stored entries were left out.", timeout=20_000)
        expect(page.locator("#pd-reading-list li a").first).to_have_text(TITLE)
        papers = [u for u in rec.requests if "/papers/" in u]
        assert len(papers) == 50, len(papers)
        page.get_by_role("button", name="Show 50 more").click()
        expect(status).to_have_text("Showing 100 of 5000 papers kept in this browser. "
                                    "95000 stored entries were left out.", timeout=20_000)
        assert len([u for u in rec.requests if "/papers/" in u]) == 100
        expect(page.get_by_role("link", name="Download BibTeX (1)")).to_be_visible()
        assert _stored(page, KEY) == [PAPER, *fake]  # read, not rewritten


def test_lists_from_earlier_versions_are_migrated(browser: Browser, site_url: str) -> None:
    """Before the keys were scoped to the site's path they were "pd-kept", "pd-full"...:
    a reader's list and "show every abstract" choice carry over."""
    with recorded_page(browser) as rec:
        page = rec.page
        _store(page, site_url, {"pd-kept": json.dumps([PAPER]), "pd-full": "true"})
        page.goto(f"{site_url}/days/{DAY}/")
        expect(page.locator(f'{CARDS}[data-slug="{PAPER}"] button.pd-keep')).to_have_text("Kept ✓")
        expect(page.locator("details.pd-abstract:not([open])")).to_have_count(0)
        assert _stored(page, KEY) == [PAPER]
        assert _stored(page, "/paper-digest/.pd-full") is True
        assert _stored(page, "/paper-digest/.pd-storage") == 2
        page.goto(f"{site_url}/reading-list/")
        expect(page.locator("#pd-reading-list li a")).to_have_text([TITLE])
        assert_clean(rec)


def test_an_unreadable_stored_list_is_reported_and_kept(browser: Browser, site_url: str) -> None:
    with recorded_page(browser) as rec:
        page = rec.page
        _store(page, site_url, {KEY: '{"not": "a list"', "/paper-digest/.pd-storage": "2"})
        page.goto(f"{site_url}/reading-list/")
        expect(page.locator("#pd-reading-status")).to_have_text(
            "Your reading list is empty: press Keep (or s) on any paper. The reading list stored in this "
            f"browser could not be read; it is kept, unchanged, under the key {KEY}.unreadable.")
        page.goto(f"{site_url}/papers/{PAPER}/")
        page.locator("button.pd-keep").click()
        assert _stored(page, KEY) == [PAPER]
        assert page.evaluate("key => localStorage.getItem(key)", KEY + ".unreadable") == '{"not": "a list"'
        assert_clean(rec)


def test_week_rows_sort_filter_keep_follow_and_walk(rec: RecordedPage, site_url: str) -> None:
    """The week's rows are triaged as the day's cards are: filtered by topic (read from the
    rows' chips), sorted, walked with j/k, kept with s, their first author followed with f,
    opened with o, and clipped to two lines by the dense view (v)."""
    page = rec.page
    page.goto(f"{site_url}/weeks/2026-W24/")
    rows = page.locator(ROWS)
    expect(rows.first.locator("button.pd-keep")).to_have_text("Keep")
    _open_triage(page)
    page.get_by_label("Order").select_option(label="Most GitHub stars")
    stars = page.eval_on_selector_all(f"{ROWS}:not([hidden])", "cs => cs.map(c => Number(c.dataset.stars || -1))")
    assert stars == sorted(stars, reverse=True) and stars[0] > 0
    page.get_by_role("button", name="Agents: any").click()
    expect(page).to_have_url(re.compile(r"in=agents"))
    shown = page.locator(f"{ROWS}:not([hidden])")
    assert 0 < shown.count() < 35
    for i in range(shown.count()):
        expect(shown.nth(i).locator('.pd-tags a[href$="/topics/agents/"]')).to_have_count(1)
    page.get_by_role("button", name="Agents: only these").click()  # hidden now
    page.get_by_role("button", name="Agents: hidden").click()  # any again
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    first = page.locator(f"{ROWS}.pd-card--current")
    expect(first).to_have_count(1)
    slug = first.get_attribute("data-slug")
    page.keyboard.press("s")
    expect(first.locator("button.pd-keep")).to_have_text("Kept ✓")
    assert slug in json.loads(page.evaluate("localStorage.getItem('/paper-digest/.pd-kept')"))
    page.keyboard.press("f")
    expect(first).to_have_class(re.compile("pd-card--followed"))
    expect(first.locator(".pd-followed")).to_contain_text("Following: ")
    height = first.bounding_box()["height"]  # type: ignore[index]
    page.keyboard.press("v")
    expect(page.locator("html")).to_have_attribute("data-pd-view", "dense")
    assert first.bounding_box()["height"] <= height  # type: ignore[index]
    page.keyboard.press("v")
    page.keyboard.press("o")
    page.wait_for_url(f"**/papers/{slug}/")
    assert_clean(rec)
