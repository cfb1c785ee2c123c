"""The search index in parts (generator/site/search.py): runs of days built one Pagefind run
after another, merged by the search page (docs/assets/digest.js). The sample is built here
with parts of 10 papers, so each of its five days is a part of its own: search finds papers
in every part, a search by date runs across them newest first, filters still apply card by
card, and two builds write the same bytes."""

from __future__ import annotations

import filecmp
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import RecordedPage, serve_directory
from playwright.sync_api import expect
from sample import SAMPLE_CONTENT, SITE_PREFIX
from site_scan import pagefind_fragments

from generator.content.load import load
from generator.content.records import Day, Links, Paper
from generator.errors import DigestError
from generator.site import search

SIZE = 10
PARTS = ("", "part2/", "part3/", "part4/", "part5/")  # 11, 10, 137, 30 and 5 papers: a day each


def _day(when: str, papers: int) -> Day:
    return Day(date.fromisoformat(when), "", tuple(
        Paper(id=f"2401.{when[-2:]}{i:03d}", title="T", authors=("A",), abstract="X.", published=None,
              links=Links()) for i in range(papers)))


def test_a_part_closes_with_the_day_that_fills_it_and_older_parts_stay_as_days_are_added() -> None:
    days = [_day("2024-01-03", 4), _day("2024-01-01", 6), _day("2024-01-02", 5), _day("2024-01-04", 0),
            _day("2024-01-05", 12), _day("2024-01-06", 1)]
    runs = search.parts(days, 10)
    assert [[d.date.day for d in run] for run in runs] == [[1, 2], [3, 5], [6]]  # oldest first, empty days left out
    grown = search.parts([*days, _day("2024-01-07", 30), _day("2024-01-08", 2)], 10)
    assert grown[:2] == runs[:2] and [d.date.day for d in grown[2]] == [6, 7]
    assert search.parts([_day("2024-01-01", 0)], 10) == [] and search.indexed([], {}) == []
    assert [list(docs) for docs in search.indexed(days, {}, 10)] == [
        ["days/2024-01-01/index.html", "days/2024-01-02/index.html"],
        ["days/2024-01-03/index.html", "days/2024-01-05/index.html"], ["days/2024-01-06/index.html"]]


def _documents() -> list[dict[str, str]]:
    return search.indexed(load(SAMPLE_CONTENT).days, {}, SIZE)


def test_a_part_pagefind_cannot_index_fails_the_build_naming_it(tmp_path: Path) -> None:
    docs = _documents()[:3]
    docs[1] = {"days/2024-11-28/notes.txt": "no page here"}  # Pagefind finds no HTML in part 2
    indexing = search.start(docs)
    with pytest.raises(DigestError) as failed:
        indexing.finish(tmp_path)
    assert str(failed.value).startswith(
        "pagefind failed (part 2 of 3) (1): Error: Pagefind was not able to build an index.")
    assert not indexing.source.exists() and not (tmp_path / "pagefind").exists()


def test_a_cancelled_indexing_stops_between_parts_and_leaves_nothing(tmp_path: Path) -> None:
    indexing = search.start(_documents())
    indexing.cancel()
    assert indexing.thread is not None and not indexing.thread.is_alive()
    assert indexing.process is None or indexing.process.poll() is not None  # stopped, not left running
    assert not indexing.source.exists()


def _build(sample_project: Path, out: Path) -> Path:
    from generator.site.build import build

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAPERS", SIZE)
        build(sample_project / "mkdocs.yml", out)
    return out


@pytest.fixture(scope="module")
def parted_site(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(sample_project, tmp_path_factory.mktemp("parted") / "site")


def test_parts_hold_every_paper_once_and_only_what_the_search_page_loads(parted_site: Path) -> None:
    bundle = parted_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["parts"] == list(PARTS[1:])
    assert sorted(p.name for p in bundle.iterdir() if p.is_file() and not p.name.endswith(".pf_meta")) == [
        "pagefind-entry.json", "pagefind-worker.js", "pagefind.js", "wasm.en.pagefind"]
    for folder in PARTS[1:]:
        part = bundle / folder
        assert sorted(p.name for p in part.iterdir() if not p.name.endswith(".pf_meta")) == [
            "fragment", "index", "pagefind-entry.json"]
        assert "parts" not in json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
    records = pagefind_fragments(parted_site)
    by_part = {folder: sorted(r["url"] for rel, r in records.items()
                              if rel.startswith(f"pagefind/{folder}fragment/")) for folder in PARTS}
    assert by_part == {folder: [f"/days/{d.date.isoformat()}/"]
                       for folder, d in zip(PARTS, load(SAMPLE_CONTENT).days, strict=True)}
    anchors = [a["id"] for r in records.values() for a in r["anchors"]]
    assert len(anchors) == len(set(anchors)) == sum(1 for _ in (parted_site / "papers").glob("*/index.html")) == 193


def test_two_builds_write_the_same_parts(parted_site: Path, sample_project: Path,
                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    again = _build(sample_project, tmp_path_factory.mktemp("again") / "site")
    files = sorted(p.relative_to(parted_site).as_posix() for p in (parted_site / "pagefind").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in (again / "pagefind").rglob("*") if p.is_file())
    match, mismatch, errors = filecmp.cmpfiles(parted_site, again, files, shallow=False)
    assert (mismatch, errors) == ([], []) and len(match) == len(files)


@pytest.fixture(scope="module")
def site_url(parted_site: Path) -> Iterator[str]:
    with serve_directory(parted_site, prefix=SITE_PREFIX) as base:
        yield base


@pytest.mark.browser
def test_a_search_finds_papers_in_the_oldest_and_the_newest_part(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/search/?q=Luttinger")  # 2016-10-10, the first part
    results = page.locator(".pd-result")
    expect(results.locator(".pd-result__day").first).to_have_text("2016-10-10")
    expect(results.filter(has_text="A Luttinger Liquid Core Inside Helium-4")).to_have_count(1)
    # One Pagefind script and wasm for all; each part brings its own entry and metadata.
    pagefind = [r.split("/pagefind/", 1)[1].split("?")[0] for r in rec.requests if "/pagefind/" in r]
    assert pagefind.count("pagefind.js") == pagefind.count("wasm.en.pagefind") == 1
    assert not [r for r in pagefind if r.startswith("part") and r.endswith((".js", ".pagefind"))]
    for folder in PARTS:
        assert pagefind.count(f"{folder}pagefind-entry.json") == 1 + (folder == "")  # + the page's own read
        assert sum(1 for r in pagefind if r.startswith(folder + "pagefind.") and r.endswith(".pf_meta")) == 1
    page.goto(f"{site_url}/search/?q=Dexterous+Manipulation")  # 2026-06-14, the last
    expect(results.filter(has_text="Mana: Dexterous Manipulation of Articulated Tools")).to_have_count(1)
    assert rec.problems() == [] and rec.foreign_requests() == []


@pytest.mark.browser
def test_a_search_by_date_runs_across_the_parts_newest_first(rec: RecordedPage, site_url: str) -> None:
    page = rec.page
    page.goto(f"{site_url}/search/?q=the&topic=physics&sort=date")  # 2024 in part 2, 2016 in part 1
    days = page.locator(".pd-result .pd-result__day")
    expect(days).to_have_text(["2024-11-28"] * 4 + ["2016-10-10"] * 7)
    page.goto(f"{site_url}/search/?q=the&sort=date")  # one result a day: each part's day, newest first
    expect(page.locator("#pd-search-status")).to_have_text("Matching papers on 5 days for “the”")
    shown = page.locator(".pd-result__day")
    expect(shown.last).to_have_text("2016-10-10")
    order = shown.all_text_contents()
    assert order == sorted(order, reverse=True) and len(set(order)) == 5
    page.goto(f"{site_url}/search/?q=the&year=2026&code=1&topic=agents")  # filters, by relevance, across parts
    expect(page.locator(".pd-result .pd-result__day")).to_have_text(["2026-06-12"] * 7)
    assert rec.problems() == [] and rec.foreign_requests() == []
