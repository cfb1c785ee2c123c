"""Following authors and labs, and the reader's own words (issue 19), in headless Chromium:
follow from a card, the mark on another day, the Following page listing the archive's
papers of a name, the reading list's link carrying follows and words to another browser,
exclude words folding papers away with a count, include words highlighted and sorted
first, and hostile author names. The sample digest with two changes to 2026-06-14: its
first paper shares an author with 2026-06-12's WebChallenger, and its second paper's
authors are hostile."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import RecordedPage, recorded_page, serve_directory
from playwright.sync_api import Browser, Page, expect
from sample import SITE_PREFIX, edited_sample, make_project
from test_browser import DAY, PAPER, TITLE, assert_clean

from generator import ids
from generator.render import follow
from generator.site.build import build

pytestmark = pytest.mark.browser

CARDS = "article.pd-card"
OTHER_DAY = "2026-06-14"
SHARED = "2606.13677"  # Mana, on 2026-06-14: Jayoo Hwang (WebChallenger's first author) added
MANA = "Mana: Dexterous Manipulation of Articulated Tools"
AUTHOR = "Jayoo Hwang"
HOSTILE_PAPER = "2606.13591"
MARKUP = '<img src=x onerror="alert(1)">'
LONG = "Q" * 199
COMMA = "King, Jr."  # a name's own ", " (fragments.NAME_COMMA): one name, not two
HOSTILE = [MARKUP, "__proto__", "constructor", "Line\u2028Separated", COMMA, LONG]
FOLLOW_KEY = "/paper-digest/.pd-follow"
WORDS_KEY = "/paper-digest/.pd-words"


@pytest.fixture(scope="module")
def follow_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("follow")

    def plant(papers: list[dict[str, Any]]) -> None:
        by_id = {p["id"]: p for p in papers}
        by_id[SHARED]["authors"].insert(1, AUTHOR)
        by_id[HOSTILE_PAPER]["authors"] = HOSTILE

    content = edited_sample(where, OTHER_DAY, plant)
    project = make_project(where / "project", content)
    # Small shards, so the Following page reads its names from several (the sample's few
    # hundred names would fit one): the browser's hash must pick the shard the build chose.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(follow, "SHARD_ENTRIES", 8)
        build(project / "mkdocs.yml", where / "site")
    assert len(list((where / "site/following/index").glob("*.json.gz"))) == 64
    return where / "site"


@pytest.fixture(scope="module")
def site_url(follow_site: Path) -> Iterator[str]:
    with serve_directory(follow_site, prefix=SITE_PREFIX) as base:
        yield base


def _card(page: Page, slug: str) -> object:
    return page.locator(f'{CARDS}[data-slug="{slug}"]')


def test_follow_from_a_card_marks_other_days_and_lists_the_archive(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    button = page.locator(f'{CARDS}[data-slug="{PAPER}"] button.pd-follow')
    expect(button).to_have_count(1)  # the first author only: WebChallenger has no organization
    expect(button).to_have_text(f"Follow {AUTHOR}")
    button.click()
    expect(button).to_have_text(f"Following ✓ {AUTHOR}")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f'{CARDS}[data-slug="{PAPER}"] .pd-followed')).to_have_text(f"Following: {AUTHOR}")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{FOLLOW_KEY}'))") == [{"k": "a", "n": AUTHOR}]

    # Another day: the paper they share an author with is marked, the others are not.
    page.goto(f"{site_url}/days/{OTHER_DAY}/")
    expect(page.locator(f"{CARDS}.pd-card--followed")).to_have_count(1)
    expect(page.locator(f'{CARDS}[data-slug="{SHARED}"] .pd-followed')).to_have_text(f"Following: {AUTHOR}")

    # The Following page: every paper of theirs in the archive, newest first.
    page.goto(f"{site_url}/following/")
    expect(page.locator("#pd-following-status")).to_have_text("Following 1 name in this browser.")
    section = page.locator(".pd-following__name")
    expect(section.locator("h2")).to_have_text(AUTHOR)
    expect(section.locator(".pd-following__count")).to_have_text("2 papers in the archive, newest first.")
    expect(section.locator("li a")).to_have_text([MANA, TITLE])
    # Unfollowed from there: the mark goes from the day page.
    section.locator("button.pd-follow").click()
    page.goto(f"{site_url}/days/{OTHER_DAY}/")
    expect(page.locator(f"{CARDS}.pd-card--followed")).to_have_count(0)
    assert_clean(rec)


def test_follow_an_organization_from_a_paper_page_and_the_f_key(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    org_paper = "2606.13594"  # filed under University of Michigan
    page.goto(f"{site_url}/papers/{org_paper}/")
    row = page.locator(".pd-follow-row")
    org = row.locator('button.pd-follow[data-key="o:university of michigan"]')
    expect(org).to_have_accessible_name("Follow University of Michigan (organization)")
    org.click()
    expect(org).to_have_attribute("aria-pressed", "true")
    expect(org).to_have_accessible_name("Following ✓ University of Michigan (organization)")
    page.goto(f"{site_url}/days/{DAY}/")
    expect(page.locator(f'{CARDS}[data-slug="{org_paper}"]')).to_have_class(re_followed)
    # The keyboard: f follows the focused card's first author, again unfollows; ? lists the key.
    page.keyboard.press("j")
    first = page.locator(f'{CARDS}.pd-card--current[data-slug="2606.00467"]')
    expect(first).not_to_have_class(re_followed)
    page.keyboard.press("f")
    expect(first).to_have_class(re_followed)
    expect(first.locator("button.pd-follow").first).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("f")
    expect(first).not_to_have_class(re_followed)
    page.keyboard.press("?")
    expect(page.locator("#pd-help")).to_contain_text("follow the paper's first author")
    assert_clean(rec)


re_followed = re.compile(r"\bpd-card--followed\b")


MINE = ([{"k": "a", "n": AUTHOR}], {"inc": ["web agent", "PageMem"], "exc": ["robotics"]})


def _mine(page: Page) -> tuple[object, object]:
    return (page.evaluate(f"JSON.parse(localStorage.getItem('{FOLLOW_KEY}'))"),
            page.evaluate(f"JSON.parse(localStorage.getItem('{WORDS_KEY}'))"))


def test_follows_and_words_travel_with_the_reading_list_link(browser: Browser, site_url: str) -> None:
    with recorded_page(browser) as rec:
        page = rec.page
        page.goto(f"{site_url}/days/{DAY}/")
        page.locator(f'{CARDS}[data-slug="{PAPER}"] button.pd-keep').click()
        page.locator(f'{CARDS}[data-slug="{PAPER}"] button.pd-follow').click()
        page.get_by_text("Sort and filter", exact=True).click()
        page.get_by_label("Highlight words").fill("web agent, PageMem")
        page.get_by_label("Highlight words").press("Enter")
        page.get_by_label("Hide words").fill("robotics")
        page.get_by_label("Hide words").press("Tab")
        page.goto(f"{site_url}/reading-list/")
        expect(page.locator("#pd-reading-list li a")).to_have_count(1)
        share = page.get_by_role("link", name="Link to this list").get_attribute("href") or ""
        assert share.endswith(f"/reading-list/#papers={PAPER}&follow=a%3AJayoo%20Hwang"
                              "&in=web%20agent,PageMem&out=robotics")
        assert _mine(page) == MINE
        assert_clean(rec)
    with recorded_page(browser) as rec:  # a fresh profile
        page = rec.page
        page.goto(share)
        expect(page.locator("#pd-reading-status")).to_have_text(
            "1 paper in this shared list. It also carries 1 followed name and 3 words.")
        page.get_by_role("button", name="Add these to my reading list").click()
        assert _mine(page) == MINE
        page.goto(f"{site_url}/following/")
        expect(page.locator(".pd-following__name li a")).to_have_count(2)
        assert_clean(rec)


def test_exclude_words_fold_papers_away_and_include_words_come_first(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/days/{DAY}/")
    total = page.locator(CARDS).count()
    page.get_by_text("Sort and filter", exact=True).click()
    page.get_by_label("Hide words").fill("agent, agents")
    page.get_by_label("Hide words").press("Enter")
    hidden = page.evaluate("""() => Array.from(document.querySelectorAll('article.pd-card')).filter(c =>
        /(^|[^\\p{L}\\p{N}])agents?([^\\p{L}\\p{N}]|$)/iu.test(Array.from(c.querySelectorAll(
          '.pd-card__title, .pd-tldr, .pd-abstract, .pd-authors, .pd-org, .pd-tags'))
          .map(n => n.textContent).join(' '))).length""")
    assert 0 < hidden < total
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(total - hidden)
    expect(page.locator(".pd-folded span")).to_have_text(f"{hidden} papers hidden by your filters.")
    expect(page.locator(".pd-triage__status")).to_have_text(
        f"Showing {total - hidden} of {total} papers. {hidden} hidden by your filters.")
    page.reload()  # kept in this browser
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(total - hidden)
    page.locator(".pd-folded").get_by_role("button", name="Show them").click()
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(total)
    page.locator(".pd-folded").get_by_role("button", name="Hide them again").click()
    expect(page.locator(f"{CARDS}:not([hidden])")).to_have_count(total - hidden)

    page.get_by_text("Sort and filter", exact=True).click()
    page.get_by_label("Hide words").fill("")
    page.get_by_label("Hide words").press("Enter")
    expect(page.locator(".pd-folded")).to_be_hidden()
    page.get_by_label("Highlight words").fill("PageMem")
    page.get_by_label("Highlight words").press("Enter")
    expect(page.locator(f"{CARDS}.pd-card--include")).to_have_count(1)
    expect(page.locator(f'{CARDS}[data-slug="{PAPER}"] .pd-words')).to_have_text("Your words: PageMem")
    page.get_by_label("Order").select_option(label="Your words first")
    assert page.locator(f"{CARDS}:not([hidden])").first.get_attribute("data-slug") == PAPER
    assert_clean(rec)


def test_hostile_author_names_stay_text(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.add_init_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));")
    page.goto(f"{site_url}/papers/{HOSTILE_PAPER}/")
    row = page.locator(".pd-follow-row")
    expect(row.locator("button.pd-follow")).to_have_count(6)
    for button in row.locator("button.pd-follow").all():
        button.click()
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{FOLLOW_KEY}'))")
    followed = [MARKUP, "__proto__", "constructor", "Line Separated", COMMA, LONG]
    assert [f["n"] for f in stored] == followed
    page.goto(f"{site_url}/days/{OTHER_DAY}/")
    badge = _card(page, HOSTILE_PAPER).locator(".pd-followed")  # type: ignore[attr-defined]
    expect(badge).to_have_text("Following: " + ", ".join(followed))
    button = _card(page, HOSTILE_PAPER).locator("button.pd-follow")  # type: ignore[attr-defined]
    expect(button).to_have_text("Following ✓ " + MARKUP)
    page.goto(f"{site_url}/following/")
    names = page.locator(".pd-following__name")
    expect(names).to_have_count(6)
    expect(names.locator(".pd-following__count")).to_have_text(["1 paper in the archive, newest first."] * 6)
    expect(names.nth(5).locator("button.pd-follow")).to_have_text("Following ✓ " + "Q" * 39 + "…")
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__alerts") == []
    assert page.evaluate("({}).k === undefined && Object.prototype.n === undefined")
    assert_clean(rec)


def test_the_index_is_sharded_by_the_same_hash_as_the_browser(rec: RecordedPage, site_url: str) -> None:
    """follow.fnv1a and reader.js's hash agree: the page finds each name in its shard."""
    names = ["Jayoo Hwang", "Ærøskøbing Ü", "__proto__", "名前 テスト", "x" * 200]
    page = rec.page
    page.goto(f"{site_url}/following/")
    got = page.evaluate("""names => names.map(n => { const b = new TextEncoder().encode(n); let h = 0x811c9dc5;
        for (const x of b) h = Math.imul(h ^ x, 0x01000193) >>> 0; return h; })""", names)
    assert got == [follow.fnv1a(n) for n in names]
    assert follow.shard_count(0) == 1 and follow.shard_count(4001) == 2 and follow.shard_count(10**9) == 4096
    _, files = follow.index([])
    assert {rel: gzip.decompress(data) for rel, data in files.items()} == {"following/index/0.json.gz": b"{}"}


def test_the_index_holds_no_markup(follow_site: Path) -> None:
    """Hostile names are in the shards as JSON escapes: no "<", ">" or "&" raw (in the JSON
    a host that unpacks the gzipped shard would send)."""
    shards = {}
    for path in (follow_site / "following/index").glob("*.json.gz"):
        raw = gzip.decompress(path.read_bytes())
        assert not set(raw) & set(b"<>&"), path.name
        shards.update(json.loads(raw))
    assert shards["a:" + MARKUP] == [HOSTILE_PAPER]
    assert shards["a:__proto__"] == [HOSTILE_PAPER] and shards["a:line separated"] == [HOSTILE_PAPER]
    assert shards["a:king, jr."] == [HOSTILE_PAPER]
    assert shards["a:jayoo hwang"] == [SHARED, PAPER]  # newest first
    assert shards["o:university of michigan"] == ["2606.13594"]


def _result_anchors(page: Page) -> list[str]:
    hrefs = page.locator(".pd-result a.pd-result__title").evaluate_all("links => links.map(a => a.hash)")
    return sorted(h.removeprefix("#") for h in hrefs)


def test_search_filter_followed_keeps_their_papers_with_the_keyboard(rec: RecordedPage, site_url: str) -> None:
    """The search's "followed" filter: only the cards of papers by names this reader follows
    (a hostile one among them), read from the Following page's index; state in the address."""
    page = rec.page
    page.add_init_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));")
    page.goto(f"{site_url}/search/?q=the")
    everything = page.locator(".pd-result")
    expect(everything.first).to_be_visible()
    assert len(_result_anchors(page)) > 3
    page.evaluate(f"localStorage.setItem('{FOLLOW_KEY}', JSON.stringify({json.dumps(MINE[0])}.concat("
                  f"[{{k: 'a', n: {json.dumps(MARKUP)}}}])))")
    page.goto(f"{site_url}/search/")
    page.locator("#pd-words").focus()
    page.keyboard.type("the")
    for _ in range(5):  # topic, year, code, pick, followed
        page.keyboard.press("Tab")
    expect(page.locator("#pd-followed")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=the&followed=1")
    expect(page.locator("#pd-followed")).to_be_checked()
    expect(page.locator("#pd-search-status")).to_have_text("Papers for “the” that match the filters")
    # Jayoo Hwang's two papers and the paper with the hostile author: nothing else.
    expected = sorted(ids.anchor(p) for p in (PAPER, SHARED, HOSTILE_PAPER))
    expect(everything).to_have_count(3)
    assert _result_anchors(page) == expected
    page.reload()
    expect(everything).to_have_count(3)
    # With words and another filter: only the followed cards that match both.
    page.goto(f"{site_url}/search/?q=the&followed=1&year=2026&code=1")
    expect(page.locator("#pd-code")).to_be_checked()
    expect(everything).to_have_count(1)
    assert _result_anchors(page) == [ids.anchor(PAPER)]
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__alerts") == []
    # Following no one: said so, and no index is fetched.
    page.evaluate(f"localStorage.removeItem('{FOLLOW_KEY}')")
    before = len(rec.requests)
    page.goto(f"{site_url}/search/?q=the&followed=1")
    expect(page.locator("#pd-search-status")).to_have_text(
        "You follow no one yet: press Follow on any card or paper page, then search again.")
    page.wait_for_timeout(300)
    assert not [r for r in rec.requests[before:] if "/pagefind/" in r or "/following/index/" in r]
    assert_clean(rec)
