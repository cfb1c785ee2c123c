"""One site under three engines: MkDocs, its fork ProperDocs and its successor Zensical.

Each engine themes the same staged docs tree; the generator fills in everything else. For
the sample content every engine must give the same URLs, the same article content on
every page, the same feeds byte for byte, and a search that finds a paper in Chromium.
An engine that leaves pages out, or writes them without our content, fails the build and
leaves the published site alone."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, recorded_page, serve_directory
from playwright.sync_api import expect
from sample import SAMPLE_CONTENT, SITE_PREFIX, make_project

from generator.site import outdir
from generator.site.build import build

ROOT = Path(__file__).resolve().parent.parent
OTHERS = ("properdocs", "zensical")
# Files each engine brings of its own (its theme's assets) and the search index (Pagefind's
# chunk names are content hashes: same input, same names, but its build is not ours to pin).
OWN = ("assets/", "pagefind/")
SKIP_ANCHOR = '<a id="__skip" tabindex="-1"></a>'  # Zensical's theme puts it inside the article


@pytest.fixture(scope="module")
def sites(built_site: Path, sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {"mkdocs": built_site}
    for engine in OTHERS:
        out[engine] = tmp_path_factory.mktemp(engine) / "site"
        build(sample_project / "mkdocs.yml", out[engine], engine_name=engine)
    return out


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _article(html: str) -> str:
    """Everything inside the theme's content area, whitespace between tags folded."""
    start = html.index('<article class="md-content__inner')
    inner = html[html.index(">", start) + 1:html.rindex("</article>")]
    return re.sub(r">\s+<", "><", inner.replace(SKIP_ANCHOR, "")).strip()


@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_builds_the_same_urls(sites: dict[str, Path], engine: str) -> None:
    ours = {f for f in _files(sites["mkdocs"]) if not f.startswith(OWN)}
    theirs = {f for f in _files(sites[engine]) if not f.startswith(OWN)}
    assert theirs == ours
    assert len([f for f in ours if f.endswith(".html")]) > 200
    # assets/ is skipped above for the themes' own files, not for ours (reader.js, KaTeX…).
    docs = ROOT / "docs"
    ours_assets = {p.relative_to(docs).as_posix() for p in (docs / "assets").rglob("*") if p.is_file()}
    assert len(ours_assets) > 10 and ours_assets <= _files(sites[engine])


@pytest.mark.parametrize("engine", OTHERS)
def test_every_page_has_the_same_article_content(sites: dict[str, Path], engine: str) -> None:
    pages = sorted(f for f in _files(sites["mkdocs"]) if f.endswith(".html") and not f.startswith(OWN))
    differ = [rel for rel in pages
              if _article((sites["mkdocs"] / rel).read_text(encoding="utf-8"))
              != _article((sites[engine] / rel).read_text(encoding="utf-8"))]
    assert differ == []
    day = (sites[engine] / "days/2026-06-12/index.html").read_text(encoding="utf-8")
    assert "WebChallenger: A Reliable and Efficient Generalist Web Agent" in _article(day)


@pytest.mark.parametrize("engine", OTHERS)
def test_feeds_and_sitemap_are_byte_identical(sites: dict[str, Path], engine: str) -> None:
    feeds = sorted(f for f in _files(sites["mkdocs"]) if f.endswith((".xml", ".opml", ".xml.gz")))
    assert len(feeds) > 20
    for rel in feeds:
        assert (sites[engine] / rel).read_bytes() == (sites["mkdocs"] / rel).read_bytes(), rel


@pytest.mark.parametrize("engine", OTHERS)
def test_heads_carry_our_title_feed_links_and_one_description(sites: dict[str, Path], engine: str) -> None:
    paper = (sites[engine] / "papers/2606.13594/index.html").read_text(encoding="utf-8")
    assert "<title>See What I See, Know What I Think: Dense Latent Communication Across Heterogeneous " \
           "Agents - Paper Digest</title>" in paper
    assert paper.count('<meta name="description"') == 1
    assert '<meta name="citation_title"' in paper
    topic = (sites[engine] / "topics/agents/index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in topic and 'href="../../atom.xml"' in topic
    assert "PDTITLE" not in paper + topic and "PDBODY" not in paper + topic


@pytest.mark.parametrize("engine", ("mkdocs", *OTHERS))
def test_lean_pages_share_one_stylesheet_that_imports_this_engine_s_own(sites: dict[str, Path], engine: str) -> None:
    """The theme's stylesheet names are hashed per engine and version: lean.css imports the
    ones this engine wrote (generator/site/leanassets.py), and lean.js carries the palette.
    Paper, day and week pages alike (overrides/lean.html), none with the theme's bundle."""
    site = sites[engine]
    for rel in ("papers/2606.13594/index.html", "days/2026-06-12/index.html", "weeks/2026-W24/index.html"):
        page = (site / rel).read_text(encoding="utf-8")
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["../../assets/lean.css"], rel
        assert "pd-shared" not in page and "data-pd-palette" not in page and "pd-drop" not in page, rel
        assert "data-md-component" not in page and "__config" not in page, rel
        assert page.count('<meta name="description"') == 1, rel
    imports = re.findall(r'@import url\("([^"]+)"\);', (site / "assets/lean.css").read_text(encoding="utf-8"))
    assert len(imports) == 3 and imports[-1] == "digest.css"
    assert all((site / "assets" / rel).is_file() for rel in imports), imports
    assert all(rel.startswith("stylesheets/") and rel.endswith(".min.css") for rel in imports[:2]), imports
    script = (site / "assets/lean.js").read_text(encoding="utf-8")
    assert 'var SHARED = {"palette": "(prefers-color-scheme: light)|default|indigo|deep-orange|Switch to dark ' \
           'mode|material-brightness-7;(prefers-color-scheme: dark)|slate|indigo|deep-orange|Switch to light ' \
           'mode|material-brightness-4", "top": "Back to top"};' in script


@pytest.mark.browser
@pytest.mark.parametrize("engine", ("mkdocs", *OTHERS))
def test_search_works_under_every_engine(sites: dict[str, Path], engine: str, tmp_path: Path) -> None:
    with serve_directory(sites[engine], prefix=SITE_PREFIX) as base, chromium() as browser, \
            recorded_page(browser) as rec:
        page = rec.page
        page.goto(f"{base}/search/?q=Padwal")
        hit = page.locator('.pd-result a[href$="/days/2026-06-12/#p-2606-10423"]').first
        expect(hit).to_be_visible()
        page.screenshot(path=tmp_path / f"search-{engine}.png")
        hit.click()
        page.wait_for_url(re.compile("/days/2026-06-12/#p-2606-10423$"))
        page.goto(f"{base}/days/2024-11-28/")
        expect(page.locator(".katex").first).to_be_visible()
        assert page.locator(".katex-error").count() == 0
        assert rec.problems() == [] and rec.foreign_requests() == []


# --- an engine that does not build the site fails the build ------------------------------


def _project(tmp_path: Path, config: str = "", overrides: dict[str, str] | None = None) -> Path:
    """The sample's project (tests/sample.py), with lines added to mkdocs.yml and theme
    overrides replaced."""
    project = make_project(tmp_path / "project", SAMPLE_CONTENT, config=config, copied=("overrides",))
    for rel, text in (overrides or {}).items():
        (project / "overrides" / rel).write_text(text, encoding="utf-8")
    live = project / "site"
    live.mkdir()
    (live / "index.html").write_text("the published site")
    (live / outdir.MARKER).write_text(outdir.MARKER_TEXT)  # a site a build published
    return project


def _build(project: Path, engine: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine], cwd=project,
                          capture_output=True, text=True, timeout=300)


def _untouched(project: Path) -> bool:
    return (sorted(p.name for p in (project / "site").iterdir()) == [outdir.MARKER, "index.html"]
            and [p.name for p in project.iterdir() if p.name.startswith(".site")] == [])


@pytest.mark.parametrize("engine", ("mkdocs", "zensical"))
def test_an_engine_leaving_pages_out_fails_and_publishes_nothing(tmp_path: Path, engine: str) -> None:
    project = _project(tmp_path, "exclude_docs: |\n  days/shell.md\n  archive.md\n")
    done = _build(project, engine)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.splitlines()[0] == (
        f"error: the {engine} engine did not build the site; nothing was published: "
        "2 page(s) missing: archive/index.html, days/shell/index.html")
    assert "Traceback" not in done.stderr
    assert _untouched(project)


@pytest.mark.parametrize("engine", ("mkdocs", "zensical"))
def test_an_engine_dropping_our_content_fails_and_publishes_nothing(tmp_path: Path, engine: str) -> None:
    emptied = '{% extends "base.html" %}\n{% block content %}<h1>Nothing here</h1>{% endblock %}\n'
    project = _project(tmp_path, overrides={"main.html": emptied})
    done = _build(project, engine)
    assert done.returncode == 1, done.stdout + done.stderr
    first = done.stderr.splitlines()[0]
    assert re.match(f"error: the {engine} engine did not build the site; nothing was published: "
                    r"\d\d+ page\(s\) without our content: index.html, ", first), first
    assert _untouched(project)


def test_an_engine_that_fails_says_so_in_one_error(tmp_path: Path) -> None:
    project = _project(tmp_path, "markdown_extensions:\n  - no_such_extension\n")
    done = _build(project, "mkdocs")
    assert done.returncode == 1
    assert done.stderr.startswith("error: mkdocs build failed (exit 1); nothing was published:\n")
    assert "no_such_extension" in done.stderr and "Traceback" not in done.stderr
    assert _untouched(project)


def test_only_the_engine_seam_imports_an_engine() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(mkdocs|material|properdocs|zensical)\b", re.M)
    importing = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")
                       if pattern.search(p.read_text(encoding="utf-8")))
    assert importing == ["generator/site/mkdocs_hooks.py"]


@pytest.fixture
def no_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from generator.site import engine

    monkeypatch.setattr(engine, "available", lambda name: False)
    yield


def test_a_missing_engine_is_named_before_any_work(tmp_path: Path, no_engines: None, sample_project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    code = main(["build", "--config", str(sample_project / "mkdocs.yml"), "--engine", "zensical",
                 "--site-dir", str(tmp_path / "s")])
    assert code == 1
    assert capsys.readouterr().err == ("error: the zensical engine is not installed: "
                                       "pip install --require-hashes -r requirements/dev.txt\n")
    assert not (tmp_path / "s").exists() and list(tmp_path.iterdir()) == []


@pytest.mark.fork
def test_content_errors_are_printed_once_and_nothing_is_built(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "content").unlink()
    shutil.copytree(SAMPLE_CONTENT, project / "content")
    day = project / "content/days/2026-06-14.yml"
    day.write_text(day.read_text(encoding="utf-8").replace("  title:", "  tittle:", 1), encoding="utf-8")
    done = _build(project, "mkdocs")
    assert done.returncode == 1
    assert done.stderr == ("error: content/days/2026-06-14.yml:4: papers[0].title: missing required field\n"
                           "content/days/2026-06-14.yml:5: papers[0].tittle: unknown key "
                           "(hint: did you mean 'title'?)\n")
    assert done.stdout == ""
    assert _untouched(project)
