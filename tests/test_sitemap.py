"""The sitemap past the protocol's limits (50,000 URLs, 50 MB a file) and robots.txt: the
sitemap writer as a unit, on a synthetic site of more URLs than one file may hold, every
file parsed back with an XML parser."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator import urls
from generator.content.load import load
from generator.content.records import Links, Paper
from generator.render import pages
from generator.site import project as projectmod
from generator.site import sitemap, stage
from generator.site.build import VerifyError, build

SITE_URL = "https://example.org/digest/"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def synthetic(n: int) -> list[sitemap.Entry]:
    start = date(2020, 1, 1)
    return [sitemap.Entry(urls.paper(f"{2001 + i // 100_000}.{i % 100_000:05d}"), start + timedelta(days=i // 60))
            for i in range(n)]


def synthetic_site(n: int) -> pages.Site:
    """A Site of n paper pages (60 a day) and their day pages, a home page and an archive."""
    start = date(2020, 1, 1)
    items = [pages.PaperItem(start + timedelta(days=i // 60),
                             Paper(f"{2001 + i // 100_000}.{i % 100_000:05d}", "T", (), "", None, Links()), (), "")
             for i in range(n)]
    days = {item.day.isoformat(): pages.SectionPage(urls.source(urls.day(item.day)), "D", item.day, str)
            for item in items}
    home = {urls.source(a): pages.Page(urls.source(a), "H", "") for a in (urls.HOME, urls.ARCHIVE)}
    return pages.Site(pages=home, papers=items, sections={"days": days}, updated=items[-1].day)


def locs(data: bytes, kind: str) -> list[tuple[str, str | None]]:
    root = ET.fromstring(data)
    assert root.tag == f"{{{NS['sm']}}}{kind}"
    item = "url" if kind == "urlset" else "sitemap"
    return [(el.findtext("sm:loc", namespaces=NS) or "", el.findtext("sm:lastmod", namespaces=NS))
            for el in root.findall(f"sm:{item}", NS)]


def urlset(files: dict[str, bytes], n: int) -> list[tuple[str, str | None]]:
    """The URLs of the index's n-th part: gzip only, as the protocol allows."""
    assert f"sitemap-{n}.xml" not in files
    return locs(gzip.decompress(files[f"sitemap-{n}.xml.gz"]), "urlset")


def test_up_to_50000_urls_the_index_lists_one_gzipped_urlset() -> None:
    entries = synthetic(50_000)
    files = sitemap.files(SITE_URL, entries)
    assert sorted(files) == ["sitemap-1.xml.gz", "sitemap.xml", "sitemap.xml.gz"]
    assert locs(files["sitemap.xml"], "sitemapindex") == [(f"{SITE_URL}sitemap-1.xml.gz", "2022-04-13")]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    got = urlset(files, 1)
    assert len(got) == 50_000 and got[0] == (SITE_URL + "papers/2001.00000/", "2020-01-01")
    assert got[-1] == (SITE_URL + "papers/2001.49999/", "2022-04-13")


def test_past_50000_urls_the_index_lists_parts_within_the_limits() -> None:
    site = synthetic_site(60_000)  # and 1,000 day pages, the home page and the archive
    entries = sitemap.entries(site)
    assert len(entries) == 61_002
    files = sitemap.files(SITE_URL, entries)
    assert sorted(files) == ["sitemap-1.xml.gz", "sitemap-2.xml.gz", "sitemap.xml", "sitemap.xml.gz"]
    index = locs(files["sitemap.xml"], "sitemapindex")
    assert [loc for loc, _ in index] == [f"{SITE_URL}sitemap-{n}.xml.gz" for n in (1, 2)]
    listed: list[str] = []
    for n, (_, lastmod) in enumerate(index, 1):
        assert len(gzip.decompress(files[f"sitemap-{n}.xml.gz"])) <= sitemap.MAX_BYTES
        part = urlset(files, n)
        assert len(part) <= sitemap.MAX_URLS
        assert lastmod == max(when or "" for _, when in part)  # the part's newest page
        listed += [loc for loc, _ in part]
    assert [len(urlset(files, n)) for n in (1, 2)] == [50_000, 11_002]
    assert listed == [urls.absolute(SITE_URL, e.address) for e in entries]  # every URL once, in order
    assert len(set(listed)) == len(listed)
    assert f"{SITE_URL}papers/2001.59999/" in listed and f"{SITE_URL}days/2022-09-26/" in listed
    assert sitemap.files(SITE_URL, entries) == files  # byte-identical again


def test_a_part_is_also_cut_at_its_byte_limit() -> None:
    entries = synthetic(1_000)  # URLs of one length: every row takes the same bytes

    def size(files: dict[str, bytes]) -> int:
        return len(gzip.decompress(files["sitemap-1.xml.gz"]))

    frame = size(sitemap.files(SITE_URL, []))
    row = size(sitemap.files(SITE_URL, entries[:1])) - frame
    limit = frame + 70 * row + row // 2  # room for 70 and a half rows
    files = sitemap.files(SITE_URL, entries, max_bytes=limit)
    assert "sitemap-16.xml.gz" not in files
    assert [len(urlset(files, n)) for n in range(1, 16)] == [70] * 14 + [20]
    assert all(len(gzip.decompress(files[f"sitemap-{n}.xml.gz"])) <= limit for n in range(1, 16))


def test_a_url_longer_than_a_file_may_be_is_refused() -> None:
    with pytest.raises(ValueError, match="sitemap: one URL does not fit in 200 bytes: 'papers/2001.00000/'"):
        sitemap.files(SITE_URL, synthetic(1), max_bytes=200)


def test_robots_txt_points_to_the_sitemap_by_its_absolute_url() -> None:
    assert sitemap.robots(SITE_URL) == (
        b"User-agent: *\nAllow: /\n\nSitemap: https://example.org/digest/sitemap.xml\n")


def test_the_built_site_has_robots_txt_and_one_sitemap(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert robots.endswith("\nSitemap: https://paper-digest.github.io/paper-digest/sitemap.xml\n")
    assert locs((built_site / "sitemap.xml").read_bytes(), "sitemapindex") == [
        ("https://paper-digest.github.io/paper-digest/sitemap-1.xml.gz", "2026-06-14")]
    assert sorted(p.name for p in built_site.glob("sitemap*")) == ["sitemap-1.xml.gz", "sitemap.xml", "sitemap.xml.gz"]
    assert locs(gzip.decompress((built_site / "sitemap-1.xml.gz").read_bytes()), "urlset")


def test_the_site_map_agrees_with_the_built_site(built_site: Path, sample_project: Path) -> None:
    """Every page and feed the built sample holds is an address the site map gives, and
    every address it gives exists; the engine's assets and Pagefind's index aside."""
    project = projectmod.read(sample_project / "mkdocs.yml")
    site = pages.build(load(project.content_dir), site_url=project.site_url, site_name=project.site_name)
    mapped = sitemap.every_file(site, project.site_url)
    built = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
                   if p.is_file() and not p.relative_to(built_site).as_posix().startswith(("assets/", "pagefind/")))
    assert built == mapped
    kinds = {urls.file(urls.paper("cond-mat/0412498")), urls.file(urls.day(date(2026, 6, 12))),
             urls.file(urls.topic("agents")), urls.file(urls.week("2026-W24")), urls.rss(urls.WEEKS),
             urls.atom(urls.topic("agents")), urls.day_bib(date(2026, 6, 12)), urls.OPML, urls.ROBOTS,
             urls.file(urls.ARCHIVE), urls.file(urls.HOME)}
    assert kinds <= set(mapped)
    assert any(rel.startswith("topics/") and rel.count("/") == 3 for rel in mapped)  # a topic's year page


def test_a_page_the_engine_wrote_unasked_fails_the_build(sample_project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing appears in the site that the writer did not write (or the engine copied
    from docs/): an engine that themes one page more than it was given is caught."""
    original = stage.pages

    def one_more(site: pages.Site, tokens: stage.Tokens) -> tuple[stage.StagedPage, ...]:
        return (*original(site, tokens), stage.StagedPage("days/unasked.md", stage.stub(tokens)))

    monkeypatch.setattr(stage, "pages", one_more)
    with pytest.raises(VerifyError) as caught:
        build(sample_project / "mkdocs.yml", tmp_path / "site")
    assert "days/unasked/index.html: not written by the generator nor copied from docs/" in str(caught.value)
    assert not (tmp_path / "site").exists()
