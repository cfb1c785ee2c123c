"""An empty digest (a fork right after `init`: no day files, nothing removed, no job run
yet, a taxonomy of its own) passes what a pull request runs (`validate`, `build`, a strict
`mkdocs build`) and `verify`, and its site says what there is: no papers yet and how to add
the first, nothing to search, empty and valid feeds, and no third-party error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from sample import make_project
from site_scan import dom

SITE_URL = "https://robolab.example.org/digest/"  # its own: an empty digest is a fork's, after `init`
SITE_PREFIX = "/digest/"
SLUG = "manipulation"
TOPICS = f"""topics:
  - slug: {SLUG}
    title: Manipulation
    description: Grasping and dexterous hands.
    phrases: [grasp, dexterous]
"""
FEEDS = ("feed.xml", "atom.xml", "weeks/feed.xml", "weeks/atom.xml", f"topics/{SLUG}/feed.xml",
         f"topics/{SLUG}/atom.xml")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A command as the pull-request workflow runs it, from the project's root."""
    return subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project of an empty digest, built with `python -m generator build` into site/."""
    base = tmp_path_factory.mktemp("empty")
    content = base / "content"
    (content / "days").mkdir(parents=True)
    (content / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (content / "removed.yml").write_text("removed: []\n", encoding="utf-8")
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    project = make_project(base / "project", content, site_url=SITE_URL)
    done = run(project, "generator", "build")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    # "built N files (SIZE; estimated before the build: SIZE) into SITE/ with ENGINE"
    assert done.stdout.startswith(f"built {sum(1 for p in (project / 'site').rglob('*') if p.is_file())} files (")
    return project


def article(site: Path, rel: str) -> str:
    """The page's own content, as text, whitespace folded."""
    return " ".join(dom((site / rel).read_text(encoding="utf-8")).one("article").text().split())


@pytest.mark.fork
def test_the_pull_request_checks_pass(empty: Path, tmp_path: Path) -> None:
    done = run(empty, "generator", "validate")
    assert (done.returncode, done.stdout, done.stderr) == (0, "content/ is valid: 0 papers on 0 days, 1 topics\n", "")
    done = run(empty, "mkdocs", "build", "--strict", "-d", str(tmp_path / "strict"))
    assert done.returncode == 0, done.stderr
    assert "pagefind" not in done.stderr.lower() and "error" not in done.stderr.lower()
    assert (tmp_path / "strict/index.html").is_file() and not (tmp_path / "strict/pagefind").exists()
    done = run(empty, "generator", "verify", str(empty / "site"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "verify: 0 problem(s)\n", "")


@pytest.mark.fork
def test_the_home_page_says_how_to_add_the_first_paper(empty: Path) -> None:
    home = article(empty / "site", "index.html")
    assert home.startswith("Paper Digest No papers yet. The first arrive when the daily job runs (it reads the "
                           "sources in sources.yml), or when a curator adds one by hand: python -m generator add "
                           "ARXIV_ID --topic SLUG, then python -m generator build. To set up your own digest, "
                           "follow RUN-YOUR-OWN.md in the repository. ")
    assert "Recent days" not in home and "Latest" not in home
    assert "Topics Manipulation (0) Subscribe" in home


@pytest.mark.fork
def test_nothing_to_search_and_no_index(empty: Path) -> None:
    site = empty / "site"
    assert not (site / "pagefind").exists()
    page = (site / "search/index.html").read_text(encoding="utf-8")
    assert "Nothing to search yet: the digest has no papers." in article(site, "search/index.html")
    assert "pd-results" not in page and "pagefind.js" not in page  # the script has no index to load


@pytest.mark.fork
def test_every_page_says_it_is_empty(empty: Path) -> None:
    site = empty / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                  if not p.relative_to(site).as_posix().startswith("assets/")) == [
        "archive/index.html", "following/index.html", "index.html", "reading-list/index.html", "search/index.html",
        "status/index.html", "topics/index.html", f"topics/{SLUG}/index.html", "weeks/index.html"]
    assert article(site, "archive/index.html").startswith("Archive No papers yet. By week:")
    assert article(site, "weeks/index.html").endswith("No weeks yet: the digest has no papers.")
    status = article(site, "status/index.html")
    assert ("Sources The daily job has not run yet. The last 30 days No ingest yet: the table starts at the "
            "first day the daily job records.") in status
    assert "not ingested" not in status
    topic = article(site, f"topics/{SLUG}/index.html")
    assert topic.endswith("No papers on this topic yet.")
    assert "Sort and filter" not in topic and "papers.bib" not in (site / f"topics/{SLUG}/index.html").read_text()
    assert "Manipulation (0) Grasping and dexterous hands." in article(site, "topics/index.html")
    assert not (site / "days").exists() and not (site / "papers").exists()


@pytest.mark.fork
@pytest.mark.parametrize("rel", FEEDS)
def test_every_feed_is_valid_and_empty(empty: Path, rel: str) -> None:
    parsed = feedparser.parse((empty / "site" / rel).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries == []
    assert parsed.feed.link == SITE_URL + rel.rpartition("/")[0] + ("/" if "/" in rel else "")
    assert parsed.feed.title


@pytest.mark.fork
def test_the_opml_lists_every_empty_feed(empty: Path) -> None:
    outlines = ET.parse(empty / "site/feeds.opml").getroot().findall("./body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [SITE_URL + rel for rel in ("feed.xml", f"topics/{SLUG}/feed.xml",
                                                                              "weeks/feed.xml")]
    sitemap = ET.parse(empty / "site/sitemap.xml").getroot()
    assert len(sitemap) > 0


@pytest.fixture(scope="module")
def browsed(empty: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from browser import serve_directory

    with serve_directory(empty / "site", prefix=SITE_PREFIX) as base:
        yield base, tmp_path_factory.mktemp("shots")


@pytest.mark.browser
@pytest.mark.parametrize("rel", ["", "search/?q=grasp", "archive/", "weeks/", "status/", f"topics/{SLUG}/"])
def test_empty_pages_load_cleanly_in_a_browser(browsed: tuple[str, Path], rel: str) -> None:
    from browser import chromium, recorded_page

    base, shots = browsed
    with chromium() as browser, recorded_page(browser) as rec:
        rec.page.goto(f"{base}/{rel}", wait_until="networkidle")
        rec.page.screenshot(path=shots / f"{rel.split('?')[0].replace('/', '_') or 'home'}.png", full_page=True)
        assert rec.problems() == [] and rec.foreign_requests() == []
        assert not any("/pagefind/" in url for url in rec.requests)
        heading = rec.page.locator("article h1").first.text_content()
        assert heading in ("Paper Digest", "Search", "Archive", "Weeks", "Status", "Manipulation")
