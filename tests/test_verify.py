"""The verify step: what it catches, and that a failed verification publishes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.render import fragments
from generator.site import outdir, verify
from generator.site.build import VerifyError, build

MAIN = '<article class="md-content__inner md-typeset"><h1>T</h1>{}</article></main>'


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<img src=x onerror=alert(1)>", "event handler attribute 'onerror' on <img>"),
        ('<a href=" JavaScript:alert(1)">x</a>', "href=' JavaScript:alert(1)' on <a>"),
        ('<a href="&#106;avascript:x">y</a>', "href='javascript:x' on <a>"),
        ('<a href="java&Tab;script:x">y</a>', "href='java\\tscript:x' on <a>"),
        ('<a href="data:text/html,x">y</a>', "href='data:text/html,x' on <a>"),
        ("<iframe src=x></iframe>", "<iframe> element"),
        ("<svg onload=x></svg>", "event handler attribute 'onload' on <svg>"),
        ("<form><input></form>", "<form> element in the page content"),
        ('<b style="background:url(x)">x</b>', "style with url() on <b>"),
        ("<script>alert(1)</script>", "inline script that is not the theme's: 'alert(1)'"),
    ],
)
def test_scan_html_catches(content: str, problem: str) -> None:
    found = [f.problem for f in verify.scan_html("p.html", MAIN.format(content), verify.ASSETS)]
    assert problem in found


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('<a href="java&Tab;script:x">y</a>', "href='java\\tscript:x' on <a>"),
        ('<a href="&#106;avascript:x">y</a>', "href='javascript:x' on <a>"),
        ("<img src=x onerror=alert(1)>", "<img> element"),
        ("<script>alert(1)</script>", "<script> element"),
        ("<style>b{}</style>", "<style> element"),
    ],
)
def test_feed_fragments_are_scanned_by_the_page_rules(content: str, problem: str, tmp_path: Path) -> None:
    """One scanner: markup in a feed is held to the page content's rules, entities decoded."""
    assert problem in [f.problem for f in verify.scan_fragment("feed.xml", content)]
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
           f"<description>{content.replace('&', '&amp;').replace('<', '&lt;')}</description>"
           "</item></channel></rss>")
    (tmp_path / "feed.xml").write_text(rss, encoding="utf-8")
    assert problem in [f.problem for f in verify.verify_site(tmp_path)]


def test_only_the_view_script_may_stand_in_a_list_pages_content() -> None:
    """view.js must run before the cards below it are laid out (no layout shift), so the
    triage macro writes it in the content; nothing else like it passes."""
    view = '<script src="../../assets/view.js"></script>'
    assert verify.scan_html("p.html", MAIN.format(view), verify.ASSETS) == []
    assert verify.scan_part("p.html", view, verify.CONTENT_TAGS, view_script=True) == []
    for other, problem in [
        ('<script src="../../assets/reader.js"></script>', "<script> element in the page content"),
        ('<script src="../../assets/view.js" async></script>', "<script> element in the page content"),
        ('<script src="https://x.example/assets/view.js"></script>', "<script> element in the page content"),
        ('<script src="../../assets/view.js">alert(1)</script>', "<script> element in the page content"),
    ]:
        assert problem in [f.problem for f in verify.scan_html("p.html", MAIN.format(other), verify.ASSETS)]
    # A paper page's body and a feed's markup hold no script at all.
    assert [f.problem for f in verify.scan_part("p.html", view, verify.CONTENT_TAGS)] == ["<script> element"]
    assert [f.problem for f in verify.scan_fragment("feed.xml", view)] == ["<script> element"]


def test_scan_html_leaves_escaped_text_alone() -> None:
    text = "<p>the onset=5 &lt;script&gt;alert(1)&lt;/script&gt; javascript: data: url(x)</p>"
    assert verify.scan_html("p.html", MAIN.format(text), verify.ASSETS) == []
    assert verify.scan_html("p.html", "<p>no article</p>", verify.ASSETS)[0].problem == "the page has no main content"


@pytest.mark.fork
def test_a_failed_verification_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 sample_project: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last published site")
    (site / outdir.MARKER).write_text(outdir.MARKER_TEXT)  # a site a build published
    original = fragments.paper_body

    def poisoned(*args: object, **kwargs: object) -> str:
        return original(*args, **kwargs) + '<img src=x onerror="alert(1)">'  # type: ignore[arg-type]

    monkeypatch.setattr(fragments, "paper_body", poisoned)
    with pytest.raises(VerifyError) as caught:
        build(sample_project / "mkdocs.yml", site)
    assert "papers/2606.13677/index.html: event handler attribute 'onerror' on <img>" in str(caught.value)
    assert "nothing was published" in str(caught.value)
    assert sorted(p.name for p in site.iterdir()) == [outdir.MARKER, "index.html"]
    assert (site / "index.html").read_text() == "the last published site"
    assert not [p for p in tmp_path.iterdir() if p.name != "site"]  # no staging folder left behind
    shutil.rmtree(site)


def test_a_build_that_fails_midway_stops_the_search_indexing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             sample_project: Path) -> None:
    """Pagefind starts in the background right after loading: a build that fails later
    stops it and leaves neither its folder nor a staging folder behind."""
    from generator.site import paperpages, search

    started: list[search.Indexing] = []
    start = search.start

    def recording(docs: list[dict[str, str]]) -> search.Indexing:
        started.append(start(docs))
        return started[-1]

    def broken(*args: object) -> list[verify.Finding]:
        raise OSError("disk full")

    monkeypatch.setattr(search, "start", recording)
    monkeypatch.setattr(paperpages, "write_all", broken)
    with pytest.raises(Exception, match="disk full"):
        build(sample_project / "mkdocs.yml", tmp_path / "site")
    assert len(started) == 1
    assert started[0].process.poll() is not None  # stopped, not left running
    assert not started[0].source.exists()
    assert not (tmp_path / "site").exists() and list(tmp_path.iterdir()) == []


def test_pages_written_as_files_are_verified_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 sample_project: Path) -> None:
    """Extra HTML files of the render (the redirect pages of former ids, under papers/, a
    folder the final scan skips) are scanned where assembly writes them."""
    from generator.render import redirects

    page = MAIN.format('<img src=x onerror="alert(1)">')
    monkeypatch.setattr(redirects, "pages", lambda days, site_url: {"papers/t-0123456789ab/index.html": page.encode()})
    with pytest.raises(VerifyError) as caught:
        build(sample_project / "mkdocs.yml", tmp_path / "site")
    assert "papers/t-0123456789ab/index.html: event handler attribute 'onerror' on <img>" in str(caught.value)
    assert not (tmp_path / "site").exists()
