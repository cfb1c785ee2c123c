"""What `enrich` changes for readers, subscribers and curators: redirect pages, feed item
ids, the status page, content rules, the daily job, re-ingesting, the pull-request summary."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest
from arxiv_answers import ATOM_TYPE, Entry, FakeArxiv, feed
from enriching import (
    API_ERROR,
    LISTING,
    OTHER,
    POSITION,
    ROOT,
    SAMPLE,
    entry,
    listing,
    run,
    sample_answers,
    snapshot,
    write_content,
)
from sample import SITE_URL, make_project
from upstream_server import Response

from generator import ids
from generator.cli import main
from generator.content.load import load
from generator.content.records import Day, Links
from generator.ingest.registry import DayAnswer
from generator.jobs import enrich

# -- what readers and subscribers see ------------------------------------------------------------------



def feed_ids(content: Path) -> dict[str, list[tuple[str, str]]]:
    """(item id, link) of every item of the main RSS and Atom feeds, parsed by feedparser."""
    from generator.render import pages

    site = pages.build(load(content), site_url="https://digest.example/", site_name="Digest", papers=False)
    out = {}
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(site.files[name])
        assert not parsed.bozo, parsed.bozo_exception
        out[name] = [(e.id, e.link) for e in parsed.entries]
    return out


def test_feed_item_ids_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    before = feed_ids(content)
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = feed_ids(content)
    for name in before:
        ids_before, ids_after = [i for i, _ in before[name]], [i for i, _ in after[name]]
        assert len(ids_before) == len(ids_after) == 100  # the newest 100 items
        # The listing paper merged into the later day's entry, which stays in its place and
        # continues the item of the paper's oldest id (feeds.item_id): one item for one paper,
        # the later entry's own item gone; every other id is as it was.
        assert ids_before[0] == "https://arxiv.org/abs/2508.10030"
        assert ids_after[0] == ids_before[31]  # the listing capture of SAMPLE[30]
        assert ids_after[1:31] == ids_before[1:31] and ids_after[31:99] == ids_before[32:]
        # The links lead to the papers' new pages.
        assert before[name][1][1] == f"https://digest.example/papers/{SAMPLE[0].id}/"
        assert after[name][0][1] == "https://digest.example/papers/2508.10030/"
        assert after[name][1][1] == "https://digest.example/papers/2508.10000/"


def test_status_page_counts_papers_without_arxiv_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    from generator.render import pages

    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    row = re.compile(r'<tr><td><a href="../days/2025-08-08/">2025-08-08</a> Fri</td><td>(\d+)</td><td>(\d+)</td>')

    def counts() -> tuple[str, ...]:
        body = pages.build(load(content), site_url="https://d.example/", site_name="D",
                           papers=False).pages["status.md"].body
        assert "<th>Without arXiv id</th>" in body
        found = row.search(body)
        assert found is not None
        return found.groups()

    assert counts() == ("137", "137")
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    assert counts() == ("136", "6")  # one merged into the entry of 2025-08-10


HOSTILE = replace(POSITION, title='Position <script>alert("x")</script> & Prediction')
HOSTILE = replace(HOSTILE, id=ids.title_id(HOSTILE.title))


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by the real pipeline after `enrich` gave a listing paper an arXiv id."""
    from generator.site.build import build

    base = tmp_path_factory.mktemp("redirect")
    content = listing(base, HOSTILE)
    saved = base / "saved.xml"
    saved.write_bytes(feed([entry(HOSTILE)]))
    report = enrich.enrich(content, lookup=enrich.file_lookup(saved))
    assert report.summary().splitlines()[0] == "enrich: 1 looked up in 0 request(s): 1 matched"
    site = base / "site"
    with pytest.MonkeyPatch.context() as mp:
        # The MkDocs hook sets SOURCE_DATE_EPOCH for the process when it is unset: set it here,
        # so it is unset again afterwards and later builds date their sitemaps themselves.
        mp.setenv("SOURCE_DATE_EPOCH", "1754611200")
        build(make_project(base / "project", content) / "mkdocs.yml", site)  # verifies, or raises
    return site


def test_old_paper_pages_redirect(redirected_site: Path) -> None:
    from generator.site.verify import verify_site

    site = redirected_site
    page = (site / "papers" / HOSTILE.id / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2508.04001/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}papers/2508.04001/">' in page
    assert f'<a href="../2508.04001/">{SITE_URL}papers/2508.04001/</a>' in page
    assert "<h1>Position &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Prediction</h1>" in page
    assert "<script" not in page
    assert (site / "papers/2508.04001/index.html").is_file()
    assert verify_site(site) == []  # the full scan, paper folders included
    sitemap = gzip.decompress((site / "sitemap-1.xml.gz").read_bytes()).decode("utf-8")
    assert "papers/2508.04001/" in sitemap and HOSTILE.id not in sitemap


@pytest.mark.browser
def test_redirect_in_chromium(redirected_site: Path) -> None:
    from browser import chromium, recorded_page, serve_directory
    from playwright.sync_api import expect

    with serve_directory(redirected_site, prefix="/paper-digest") as base, chromium() as browser, \
            recorded_page(browser) as rec:
        rec.page.goto(f"{base}/papers/{HOSTILE.id}/")
        rec.page.wait_for_url(f"{base}/papers/2508.04001/")
        expect(rec.page.locator("article h1").first).to_have_text(HOSTILE.title)
        assert rec.problems() == [] and rec.foreign_requests() == []


def test_redirect_page_fails_verify_if_it_held_markup() -> None:
    from generator.render import redirects
    from generator.site.verify import scan_html

    good = redirects.page("t-0123456789ab", "2508.04001", "<b>bold</b>", "https://d.example/")
    assert scan_html("r.html", good, ()) == []
    bad = good.replace("&lt;b&gt;", "<img src=x onerror=alert(1)>")
    assert [str(f) for f in scan_html("r.html", bad, ())] == [
        "r.html: <img> element in the page content",  # in the <h1>, and in <title> too:
        "r.html: event handler attribute 'onerror' on <img>", "r.html: event handler attribute 'onerror' on <img>"]


# -- content rules ------------------------------------------------------------------------------------


def validate_lines(capsys: pytest.CaptureFixture[str], content: Path) -> list[str]:
    status = main(["--content", str(content), "validate"])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    return err.removeprefix("error: ").splitlines()


def test_former_ids_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = listing(tmp_path, replace(POSITION, id="2508.04001", former_ids=(POSITION.id,)))
    day = content / "days/2025-08-08.yml"
    text = day.read_text(encoding="utf-8")
    day.write_text(text.replace(f"  - {POSITION.id}\n", f"  - {POSITION.id}\n  - nope\n  - '2508.04001'\n"
                                f"  - {POSITION.id}\n"), encoding="utf-8")
    assert validate_lines(capsys, content) == [
        f"{day.relative_to(tmp_path)}:7: papers[0].former_ids: 'nope' is not a valid paper id",
        f"{day.relative_to(tmp_path)}:8: papers[0].former_ids: '2508.04001' is the paper's own id "
        "(hint: list each earlier id once)",
        f"{day.relative_to(tmp_path)}:9: papers[0].former_ids: '{POSITION.id}' is listed twice "
        "(hint: list each earlier id once)"]


def test_former_id_of_one_paper_is_no_other_paper(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = listing(tmp_path, replace(POSITION, id="2508.04001", former_ids=(SAMPLE[2].id,)),
                      others=(SAMPLE[2],))
    assert validate_lines(capsys, content) == [
        f"content/days/2025-08-10.yml:4: papers[0].id: paper {SAMPLE[2].id} is a former id of the paper at "
        "content/days/2025-08-08.yml:4 (hint: keep one entry per paper)"]


def test_sources_enrich_must_be_true_or_false(tmp_path: Path) -> None:
    from generator.content.sources import load_sources
    from generator.errors import ContentError

    path = tmp_path / "sources.yml"
    path.write_text("sources:\n  - name: hf\n    kind: hf\n    enrich: true\n", encoding="utf-8")
    assert [s.enrich for s in load_sources(path)] == [True]
    path.write_text("sources:\n  - name: hf\n    kind: hf\n    enrich: yes please\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sources(path)
    assert str(caught.value) == f"{path}:4: sources[0].enrich: expected true or false"


# -- the daily job -------------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", [True, False])
def test_daily_enriches_what_a_source_asks_for(
    tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch, asked: bool,
) -> None:
    from generator.content.records import RawPaper
    from generator.jobs.daily import run_daily

    content = write_content(tmp_path)
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text(f"sources:\n  - name: caps\n    kind: hf\n    enrich: {str(asked).lower()}\n",
                       encoding="utf-8")
    raw = RawPaper(id=POSITION.id, title=POSITION.title, authors=(), abstract=POSITION.abstract, published=None,
                   links=Links(), source="listing")
    arxiv.entries = [entry(POSITION)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754611200")  # 2025-08-08
    report = run_daily(content, sources, fetch=lambda source, day, today: DayAnswer([raw]),
                       lookup=enrich.arxiv_lookup(arxiv.url, sleep=sleeps.append))
    (paper,) = load(content).days[0].papers
    if asked:
        assert report.summary().splitlines()[2] == "  enrich: 1 looked up in 1 request(s): 1 matched"
        assert (paper.id, paper.former_ids, paper.authors) == ("2508.04001", (POSITION.id,), Entry.authors)
    else:
        assert arxiv.count() == 0
        assert (paper.id, paper.authors) == (POSITION.id, ())


def test_daily_publishes_unenriched_when_arxiv_fails(
    tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.content.records import RawPaper
    from generator.jobs.daily import run_daily

    content = write_content(tmp_path)
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - name: caps\n    kind: hf\n    enrich: true\n", encoding="utf-8")
    raw = RawPaper(id=POSITION.id, title=POSITION.title, authors=(), abstract=POSITION.abstract, published=None,
                   links=Links(), source="listing")
    arxiv.route("/api/query", [Response(400, ATOM_TYPE, API_ERROR.read_bytes())])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754611200")
    report = run_daily(content, sources, fetch=lambda source, day, today: DayAnswer([raw]),
                       lookup=enrich.arxiv_lookup(arxiv.url, sleep=sleeps.append))
    assert "  enrich skipped: arXiv API error: incorrect id format for abc" in report.summary().splitlines()
    assert [p.id for p in load(content).days[0].papers] == [POSITION.id]


def test_the_listing_ingested_again_after_enrich_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = snapshot(content)
    capture = ROOT / "tests/fixtures/hf_listing_text/hf_papers_listing_aug8.txt"
    status = main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"])
    _, err = capsys.readouterr()
    assert (status, err) == (4, "listing: 137 fetched, 0 added, 0 updated\nnothing new: content/ is unchanged\n")
    assert snapshot(content) == after
    assert main(["--content", str(content), "validate"]) == 0


def test_a_removed_enriched_paper_stays_removed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, SAMPLE[0])
    arxiv.entries = [entry(SAMPLE[0])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    assert main(["--content", str(content), "remove", "2508.04001", "--reason", "off topic"]) == 0
    capsys.readouterr()
    assert (content / "removed.yml").read_text(encoding="utf-8").splitlines()[2:] == [
        "removed:", "- id: '2508.04001'", "  reason: off topic", f"- id: {SAMPLE[0].id}", "  reason: off topic"]
    capture = ROOT / "tests/fixtures/hf_listing_text/hf_papers_listing_aug8.txt"
    assert main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == "listing: 137 fetched, 136 added, 0 updated, 1 skipped (removed by a curator)"
    assert SAMPLE[0].id not in {p.id for d in load(content).days for p in d.papers}


def test_pull_request_summary_shows_an_enriched_paper_as_edited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    from generator.jobs.diffsummary import compare

    content = listing(tmp_path, *SAMPLE[:2])
    before = load(content)
    arxiv.entries = [entry(SAMPLE[1])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    changes = compare(before, load(content))
    assert changes[LISTING].lines == [
        "**edited** `2508.04001` Position Prediction as an Effective Pretraining Strategy: authors, published, links"]



@pytest.mark.browser
def test_reading_list_follows_a_replaced_id(redirected_site: Path) -> None:
    """A list kept before `enrich` gave a listing paper its arXiv id holds the old id (its
    page now a redirect): it showed two papers, "Download BibTeX (2)" with one entry, and the
    paper's Keep button did not show it kept. Now: one paper, the list migrated."""
    from browser import chromium, recorded_page, serve_directory
    from playwright.sync_api import expect

    key = "/paper-digest/.pd-kept"
    with serve_directory(redirected_site, prefix="/paper-digest") as base, chromium() as browser:
        for stored in ([HOSTILE.id], [HOSTILE.id, "2508.04001"]):
            with recorded_page(browser) as rec:
                page = rec.page
                page.goto(f"{base}/sitemap.xml")  # the origin's storage, before reader.js runs
                page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(stored)])
                page.goto(f"{base}/reading-list/")
                expect(page.locator("#pd-reading-list li a")).to_have_text([HOSTILE.title])
                expect(page.locator("#pd-reading-status")).to_have_text("1 paper kept in this browser.")
                expect(page.get_by_role("link", name="Download BibTeX (1)")).to_be_visible()
                assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", key) == ["2508.04001"]
                assert rec.problems() == [] and rec.foreign_requests() == []
        with recorded_page(browser) as rec:  # the paper's own page migrates a list it finds there
            page = rec.page
            page.goto(f"{base}/sitemap.xml")
            page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps([HOSTILE.id])])
            page.goto(f"{base}/papers/2508.04001/")
            expect(page.locator("button.pd-keep")).to_have_text("Kept ✓")
            expect(page.locator("dd.pd-former")).to_have_text(HOSTILE.id)
            assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", key) == ["2508.04001"]
