"""Hostile text through the whole pipeline: nothing of it may become markup or script.

The corpus (tests/hostile_corpus.py) goes in by both roads a paper takes:

- Path A, a pull request: content/ YAML with the payloads in titles, abstracts, authors,
  notes, a day's intro and a topic's title and description. Payloads that are links make
  `validate` fail (file and line named); without them the content builds.
- Path B, upstream: a Hugging Face /api/daily_papers answer made of the payloads, served
  locally and ingested with `python -m generator ingest hf`; its links are dropped.

Each is built once by the real pipeline (MkDocs, our hooks, verify on). Then every output
file is read back: pages, head, nav, search index, feeds, OPML and sitemap hold nothing
executable; the text a reader sees is the cleaned input, character for character ($...$
math aside: its TeX waits in a span for KaTeX, without the dollar signs); and
headless Chromium, with alert/confirm/prompt/__pwned hooked, records no call anywhere.
"""

from __future__ import annotations

import copy
import html
import json
import re
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
import yaml
from browser import HOOK_ALERT, chromium, recorded_page, serve_directory
from feed_rules import problems_of
from hostile_browser import HOOK_PWNED, BrowserReport, search, settle
from hostile_corpus import MARKER, PAYLOADS, by_kind
from hostile_sites import (
    ALL_MARKERS,
    HF_DAY,
    HF_FIXTURE,
    PR_DAY,
    SITE_NAME,
    SLUG,
    TOPIC_CLEAN_DESCRIPTION,
    TOPIC_CLEAN_TITLE,
    Expected,
    Hostile,
    build_site,
    cli,
    link_lines,
    make_project,
    math_of,
    pr_intro,
    pr_paper,
    shown,
    write_yaml,
)
from playwright.sync_api import Error as PlaywrightError
from pybtex.database import parse_string
from site_scan import Hit, dom, pagefind_fragments, scan_html, scan_site, theme_signatures
from upstream_server import Response, UpstreamServer

from generator import ids, text
from generator.render import weeks
from generator.render.pages import TOPIC_RECENT


@pytest.fixture(scope="module")
def pr_site(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    project = make_project(tmp_path_factory.mktemp("hostile-pr"))
    day_path = project / "content" / "days" / f"{PR_DAY}.yml"
    papers = [pr_paper(p, with_link=True) for p in PAYLOADS]
    day = {"date": PR_DAY.isoformat(), "intro": pr_intro(), "papers": papers}
    dumped = write_yaml(day_path, day)
    # A lone surrogate can only be written as an escape, which YAML must refuse.
    surrogate_path = project / "content" / "days" / "2026-01-07.yml"
    surrogate = next(p for p in PAYLOADS if p.kind == "surrogate")
    write_yaml(surrogate_path, {"date": "2026-01-07", "papers": [{"id": "2601.30000", "title": surrogate.text}]})

    hostile = Hostile("pr", project, PR_DAY, [])

    # The validate run with links in: every link payload named by file, line and field.
    code, _, err = cli("--content", str(project / "content"), "validate")
    hostile.log = [f"validate exit {code}", *err.splitlines()]
    hostile.link_lines = link_lines(dumped)

    # A curator takes the bad links and the bad file out; now it must validate and build.
    surrogate_path.unlink()
    dumped = write_yaml(day_path, {**day, "papers": [pr_paper(p, with_link=False) for p in PAYLOADS]})
    code, _, err = cli("--content", str(project / "content"), "validate")
    hostile.revalidate = f"exit {code} {err}".strip()
    # The input is what the YAML says (a raw U+0085 or U+2028 in it is a line break, read as a
    # space), cleaned as the loader cleans it.
    loaded = yaml.load(dumped, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    hostile.papers = [
        Expected(p, d["id"], text.clean_line(d["title"]),
                 tuple(text.clean_line(a, text.MAX_NAME) for a in d["authors"]),
                 text.clean_block(d["abstract"]), text.clean_block(d["note"], text.MAX_NOTE),
                 _tldr("Curator's summary", text.clean_block(d["tldr"], text.MAX_NOTE)))
        for p, d in zip(PAYLOADS, loaded["papers"], strict=True)
    ]
    hostile.intro = text.clean_block(loaded["intro"], text.MAX_NOTE)
    build_site(hostile)
    return hostile


def _tldr(label: str, summary: str) -> str:
    return label + "\n".join(summary.split("\n\n")) if summary else ""


def _hf_tldr(p: Any) -> str:
    summary = text.clean_block(p.text, text.MAX_NOTE)
    model = text.clean_line(p.text, text.MAX_NAME)
    return _tldr(f"AI summary by {model}" if model else "AI summary", summary)


def _hf_items() -> list[dict[str, Any]]:
    base = json.loads(HF_FIXTURE.read_text(encoding="utf-8"))[0]
    items = []
    for p in PAYLOADS:
        item = copy.deepcopy(base)
        paper = item["paper"]
        paper["id"] = f"2601.{20000 + p.n}"
        paper["title"] = item["title"] = p.text
        paper["summary"] = item["summary"] = p.text
        paper["authors"] = [{"_id": f"a{p.n}", "name": p.text, "hidden": False},
                            {"_id": f"b{p.n}", "name": f"Plain Author {p.n}", "hidden": False}]
        paper["githubRepo"] = p.text
        paper["projectPage"] = p.text
        paper["ai_summary"] = paper["ai_summary_model"] = p.text
        paper["ai_keywords"] = [p.text, "plain"]
        paper["organization"] = {"_id": "o", "name": "org", "fullname": p.text, "avatar": p.text}
        paper["submittedOnDailyAt"] = f"{HF_DAY.isoformat()}T00:00:00.000Z"
        items.append(item)
    return items


@pytest.fixture(scope="module")
def hf_site(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    project = make_project(tmp_path_factory.mktemp("hostile-hf"))
    items = _hf_items()
    # The module-wide build needs a module-wide server: the `upstream` fixture's class.
    with UpstreamServer() as server:
        server.route("/api/daily_papers", [Response.json(items)])
        code, out, err = cli("--content", str(project / "content"), "ingest", "hf",
                              "--date", HF_DAY.isoformat(), "--base-url", server.url)
        requests = [s.target for s in server.requests]
    assert code == 0, err
    assert requests == [f"/api/daily_papers?date={HF_DAY.isoformat()}"]
    hostile = Hostile("hf", project, HF_DAY, [
        Expected(p, f"2601.{20000 + p.n}", text.clean_line(p.text),
                 (text.clean_line(p.text, text.MAX_NAME), f"Plain Author {p.n}"),
                 text.clean_block(p.text), "", _hf_tldr(p))
        for p in PAYLOADS
    ], log=out.splitlines())
    build_site(hostile)
    return hostile


@pytest.fixture(scope="module", params=["pr", "hf"])
def hostile(request: pytest.FixtureRequest) -> Hostile:
    site: Hostile = request.getfixturevalue(f"{request.param}_site")
    return site


@pytest.fixture(scope="module")
def theme(built_site: Path) -> set[str]:
    """The scripts (and Pagefind attributes) of the sample build: the only ones allowed."""
    return theme_signatures(built_site)


@pytest.fixture(scope="module")
def static_hits(pr_site: Hostile, hf_site: Hostile, theme: set[str]) -> dict[str, list[Hit]]:
    return {h.name: scan_site(h.site, theme) for h in (pr_site, hf_site)}


# --- the tests ------------------------------------------------------------------------


def test_corpus_covers_every_kind() -> None:
    kinds = by_kind()
    assert len(PAYLOADS) >= 40
    for kind in ("script", "style", "handler", "link", "attr-list", "md-html", "svg", "iframe", "form",
                 "footnote", "snippet", "jinja", "breakout", "unclosed", "heading", "markdown", "math",
                 "control", "bidi", "zero-width", "surrogate", "long", "nested"):
        assert kinds.get(kind, 0) >= 1, kind
    assert sum(p.link for p in PAYLOADS) >= 8
    assert any(len(p.text) >= 100_000 for p in PAYLOADS)


def test_scanner_passes_the_sample_site_and_sees_its_scripts(built_site: Path, theme: set[str]) -> None:
    """The scan is strict but not noisy: the sample build gives no hit at all."""
    assert any(s.startswith("src:assets/javascripts/bundle.") for s in theme)
    assert any("__md_scope=new URL" in s for s in theme)
    assert scan_site(built_site, theme) == []
    planted = '<article class="md-content__inner"><h1>x</h1><p>a</p><img src=x onerror=alert(6)></article>'
    assert {h.marks for h in scan_html("x.html", planted, theme)} == {frozenset({6})}


def test_pr_links_fail_validation_naming_file_and_line(pr_site: Hostile) -> None:
    assert pr_site.log[0] == "validate exit 1", pr_site.log
    problems = "\n".join(pr_site.log[1:]).removeprefix("error: ").splitlines()
    day_file = f"content/days/{PR_DAY}.yml"
    expected = [f"{day_file}:{line}: papers[{index}].links.project: "
                for index, line in sorted(pr_site.link_lines.items())]
    assert len(expected) == sum(p.link for p in PAYLOADS)
    link_problems = sorted(line for line in problems if line.startswith(day_file))
    # One problem per bad link, at its line, saying what a link must be; nothing else.
    assert [line[: len(want)] for line, want in zip(link_problems, sorted(expected), strict=True)] == sorted(expected)
    assert all("http://" in line and "https://" in line for line in link_problems), link_problems
    # The lone surrogate, escaped in YAML, is refused too: its file and line are named.
    others = [line for line in problems if not line.startswith(day_file)]
    assert len(others) == 1 and others[0].startswith("content/days/2026-01-07.yml:"), others
    assert "invalid Unicode character escape" in others[0]
    # With the links and that file gone, the same content is valid.
    assert pr_site.revalidate == "exit 0", pr_site.revalidate


def test_upstream_links_are_dropped(hf_site: Hostile) -> None:
    day = yaml.safe_load((hf_site.content / "days" / f"{HF_DAY}.yml").read_text(encoding="utf-8"))
    papers = {p["id"]: p for p in day["papers"]}
    assert len(papers) == len(PAYLOADS)
    for e in hf_site.papers:
        links = papers[e.id].get("links", {})
        assert set(links) == {"arxiv", "pdf"} or all(text.safe_url(u) == u for u in links.values()), links
        if e.payload.link:
            assert set(links) == {"arxiv", "pdf"}, (e.payload.name, links)
    page = (hf_site.site / "days" / HF_DAY.isoformat() / "index.html").read_text(encoding="utf-8")
    hrefs = [a.attrs["href"] for a in dom(page).all("a") if "href" in a.attrs]
    schemes = {m.group(1).lower() for h in hrefs if (m := re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", h))}
    assert schemes <= {"http", "https"}, [h for h in hrefs if ":" in h.split("/")[0]]


def test_build_passes_verify(hostile: Hostile) -> None:
    assert hostile.build_error == ""


@pytest.mark.parametrize("area", ["html", "search", "feed", "opml", "sitemap", "invisible"])
def test_no_payload_markup_in_any_output(hostile: Hostile, static_hits: dict[str, list[Hit]], area: str) -> None:
    hits = [str(h) for h in static_hits[hostile.name] if h.area == area]
    assert hits == []


def test_outputs_are_all_there(hostile: Hostile) -> None:
    site = hostile.site
    for rel in ("index.html", "archive/index.html", f"days/{hostile.day}/index.html", f"topics/{SLUG}/index.html",
                "feed.xml", "atom.xml", f"topics/{SLUG}/feed.xml",
                f"topics/{SLUG}/atom.xml", "feeds.opml", "sitemap.xml", f"weeks/{weeks.key(hostile.day)}/index.html",
                "weeks/index.html", "weeks/feed.xml", "weeks/atom.xml", "reading-list/index.html",
                f"days/{hostile.day}/papers.bib", f"topics/{SLUG}/papers.bib"):
        assert (site / rel).is_file(), rel
    # One BibTeX entry per paper, each whole (braces balanced by generator/render/bibtex.py).
    bib = (site / f"days/{hostile.day}/papers.bib").read_text(encoding="utf-8")
    assert bib.count("\n@misc{") + bib.startswith("@misc{") == len(hostile.papers)
    assert len(parse_string(bib, "bibtex").entries) == len(hostile.papers)
    for e in hostile.papers:
        assert (site / "papers" / e.slug / "index.html").is_file(), e.payload.name


def test_day_page_shows_every_paper_as_clean_text(hostile: Hostile) -> None:
    page = dom((hostile.site / "days" / hostile.day.isoformat() / "index.html").read_text(encoding="utf-8"))
    main = page.one("article", "md-content__inner")
    cards = main.all("article", "pd-card")
    assert len(cards) == len(hostile.papers)
    wrong = []
    for card, e in zip(cards, hostile.papers, strict=True):
        title = card.one(cls="pd-card__title").one("a")
        # KaTeX runs later, in the browser: here a .pd-math span holds the raw TeX as text.
        got = {"id": card.one(cls="pd-card__title").attrs.get("id"), "title": shown(title.text()),
               "math": " | ".join(s.text() for s in title.all("span", "pd-math")),
               "href": title.attrs["href"], "authors": card.one("span", "pd-authors").text(),
               "abstract": shown(card.one("details", "pd-abstract").text())}
        want = {"id": ids.anchor(e.id), "title": shown(e.title), "math": " | ".join(math_of(e.title)),
                "href": f"../../papers/{e.slug}/", "authors": ", ".join(e.authors),
                "abstract": shown("Abstract" + "\n".join(e.abstract.split("\n\n")))}
        if e.tldr:
            got["tldr"] = shown(card.one("div", "pd-tldr").text())
            want["tldr"] = shown(e.tldr)
        if e.note:
            got["note"] = shown(card.one("div", "pd-note").text())
            want["note"] = shown("Curator's note: " + "\n".join(e.note.split("\n\n")))
        if got != want:
            wrong.append((e.payload.n, e.payload.name, {k: (got[k][:80], want[k][:80])
                                                        for k in got if got[k] != want[k]}))
    assert wrong == []
    if hostile.intro:
        assert shown(main.one("div", "pd-intro").text()) == shown("\n".join(hostile.intro.split("\n\n")))


def test_paper_pages_head_title_and_nav_are_clean_text(hostile: Hostile) -> None:
    wrong = []
    for e in hostile.papers:
        page = dom((hostile.site / "papers" / e.slug / "index.html").read_text(encoding="utf-8"))
        head = page.one("head")
        # The nav has one Topics page; the paper's own topic links carry the topic's title.
        topic_links = [a for a in page.all("a")
                       if a.attrs.get("href", "").rstrip("/").endswith(f"topics/{SLUG}")]
        got = {
            "<title>": head.one("title").text(),
            "citation_title": head.one("meta", name="citation_title").attrs["content"],
            "citation_author": tuple(m.attrs["content"] for m in head.all("meta", name="citation_author")),
            # The header names the site (bare: lean.js builds the theme's topic around it); the
            # paper's title joins it from the h1, as text, once the heading scrolls away
            # (docs/assets/lean.js; tests/test_browser_paper.py).
            "header": [d.text().strip() for d in page.all("div", "md-header__title")],
            "h1": shown(page.one("article", "md-content__inner").one("h1").text()),
            "nav topic": {a.text().strip() for a in topic_links},
        }
        want = {"<title>": f"{e.title} - {SITE_NAME}", "citation_title": e.title, "citation_author": e.authors,
                "header": [SITE_NAME], "h1": shown(e.title), "nav topic": {TOPIC_CLEAN_TITLE}}
        if got != want:
            wrong.append((e.payload.n, e.payload.name, {k: (str(got[k])[:90], str(want[k])[:90])
                                                        for k in got if got[k] != want[k]}))
    assert wrong == []


def test_topic_page_and_nav_show_clean_text(hostile: Hostile) -> None:
    page = dom((hostile.site / "topics" / SLUG / "index.html").read_text(encoding="utf-8"))
    main = page.one("article", "md-content__inner")
    assert main.one("h1").text() == TOPIC_CLEAN_TITLE
    assert shown(main.one("div", "pd-intro").text()) == shown("\n".join(TOPIC_CLEAN_DESCRIPTION.split("\n\n")))
    assert page.one("title").text() == f"{TOPIC_CLEAN_TITLE} - {SITE_NAME}"
    feeds = {link.attrs["title"] for link in page.one("head").all("link")
             if "alternate" in link.attrs.get("rel", "").split() and "title" in link.attrs}
    assert f"{TOPIC_CLEAN_TITLE} (RSS)" in feeds and f"{TOPIC_CLEAN_TITLE} (Atom)" in feeds
    assert len(main.all("li", "pd-card")) == min(len(hostile.papers), TOPIC_RECENT)
    home = dom((hostile.site / "index.html").read_text(encoding="utf-8"))
    nav = [a.text().strip() for a in home.all("a") if a.attrs.get("href", "").rstrip("/").endswith(f"topics/{SLUG}")]
    assert nav and set(nav) == {TOPIC_CLEAN_TITLE}


def test_feeds_parse_and_atom_titles_equal_clean_text(hostile: Hostile) -> None:
    titles = [e.title for e in hostile.papers]
    for rel in ("atom.xml", f"topics/{SLUG}/atom.xml"):
        parsed = feedparser.parse((hostile.site / rel).read_bytes())
        assert not parsed.bozo, (rel, parsed.get("bozo_exception"))
        assert [entry.title for entry in parsed.entries] == titles, rel
        authors = [[a.name for a in entry.authors] for entry in parsed.entries]
        assert authors == [list(e.authors) for e in hostile.papers], rel
    topic = feedparser.parse((hostile.site / f"topics/{SLUG}/atom.xml").read_bytes())
    assert topic.feed.title == f"{SITE_NAME}: {TOPIC_CLEAN_TITLE}"
    for rel in ("feed.xml", f"topics/{SLUG}/feed.xml"):
        data = (hostile.site / rel).read_bytes()
        assert not feedparser.parse(data).bozo, rel
        # RSS titles are escaped HTML: unescaped once, they are the text.
        items = ET.fromstring(data).iter("item")
        assert [html.unescape(item.findtext("title") or "") for item in items] == titles, rel
    for path in sorted(hostile.site.rglob("*.xml")):
        if path.name in ("feed.xml", "atom.xml"):
            assert not feedparser.parse(path.read_bytes()).bozo, path


def test_feeds_keep_rfc_4287_and_rss_2(hostile: Hostile) -> None:
    assert problems_of(hostile.site) == {}


def test_search_index_holds_the_clean_text(hostile: Hostile) -> None:
    """Pagefind: a record per day page, a sub-result per card. The search page titles a result
    from the day's "cards" meta ([title, topics, code, pick] by anchor; Pagefind's heading text
    is decoded once too often), as digest.js does."""
    titles = {f'{r["url"]}#{a["id"]}': json.loads(r["meta"]["cards"]).get(a["id"], ["(no meta)"])[0]
              for r in pagefind_fragments(hostile.site).values() for a in r["anchors"]}
    got = [shown(titles.get(f"/days/{hostile.day}/#{e.anchor}", "(missing)")) for e in hostile.papers]
    want = [shown(e.title) for e in hostile.papers]
    assert [(e.payload.n, g[:80]) for g, w, e in zip(got, want, hostile.papers, strict=True) if g != w] == []


# --- the browser (hooks and audits: tests/hostile_browser.py) ---------------------------


def _views(h: Hostile) -> tuple[list[str], tuple[str, ...]]:
    """Pages to open and searches to run: everything on the pull-request site, where every
    field is hostile; the pages that gather all papers and one search on the upstream one."""
    # The reader's views too: the sorted and filtered day, the week, and a shared reading
    # list of every paper (its titles and BibTeX read back from the paper pages).
    reader = [f"/days/{h.day}/?sort=up&in={SLUG}", f"/weeks/{weeks.key(h.day)}/",
              "/reading-list/#papers=" + ",".join(e.slug for e in h.papers)]
    if h.name == "hf":
        return ["/", f"/days/{h.day}/", f"/topics/{SLUG}/", *reader], ("script",)
    papers = [e for e in h.papers if e.payload.kind == "math" or e.payload.n in (6, 43, 79)]
    return ["/", f"/days/{h.day}/", f"/topics/{SLUG}/", "/archive/", *reader,
            *(f"/papers/{e.slug}/" for e in papers)], ("script", "onerror")


@pytest.fixture(scope="module")
def browser_report(pr_site: Hostile, hf_site: Hostile) -> BrowserReport:
    report = BrowserReport()
    with chromium() as browser:
        for h in (pr_site, hf_site):
            with serve_directory(h.site) as base, \
                    recorded_page(browser, init_scripts=[HOOK_ALERT, HOOK_PWNED]) as rec:
                paths, searches = _views(h)
                for path in paths:
                    try:
                        rec.page.goto(base + path, wait_until="domcontentloaded")
                    except PlaywrightError as exc:
                        report.errors.append(f"{h.name}{path}: {exc.message.splitlines()[0]}")
                    settle(rec, report, f"{h.name}{path}")
                for query in searches:
                    try:
                        report.search_hits[f"{h.name} {query}"] = search(rec.page, base, query)
                    except (PlaywrightError, AssertionError) as exc:
                        report.errors.append(f"{h.name} search {query!r}: {str(exc).splitlines()[0]}")
                    settle(rec, report, f"{h.name} search {query!r}")
    return report


@pytest.mark.browser
def test_browser_runs_nothing(browser_report: BrowserReport) -> None:
    assert len(browser_report.visited) >= 15
    assert set(browser_report.search_hits) == {"pr script", "pr onerror", "hf script"}
    assert all(browser_report.search_hits.values()), browser_report.search_hits
    assert browser_report.calls == []
    assert browser_report.dom == []
    assert browser_report.errors == []
    assert browser_report.foreign == []


# --- the count ------------------------------------------------------------------------


def test_zero_payloads_survive(pr_site: Hostile, hf_site: Hostile, static_hits: dict[str, list[Hit]],
                               browser_report: BrowserReport, capsys: pytest.CaptureFixture[str]) -> None:
    """Last: every way a payload could get through, traced back to its marker and counted."""
    surviving: dict[int, list[str]] = {}
    unattributed: list[str] = []
    for name, hits in static_hits.items():
        for hit in hits:
            for n in hit.marks or ():
                surviving.setdefault(n, []).append(f"{name}: {hit}")
            if not hit.marks:
                unattributed.append(f"{name}: {hit}")
    for call in browser_report.calls:
        marks = [int(a) for a in call[2:] if a.isdigit()]
        for n in marks:
            surviving.setdefault(n, []).append(f"browser: {call}")
        if not marks:
            unattributed.append(f"browser: {call}")
    for line in browser_report.dom:
        marks = [int(m) for m in MARKER.findall(line)]
        for n in marks:
            surviving.setdefault(n, []).append(f"browser DOM: {line[:160]}")
        if not marks:
            unattributed.append(f"browser DOM: {line[:160]}")
    for h in (pr_site, hf_site):
        for n in (int(m) for m in MARKER.findall(h.build_error)):
            surviving.setdefault(n, []).append(f"{h.name}: verify: {h.build_error[:200]}")
    tried = len(ALL_MARKERS)
    count = len(surviving.keys() & ALL_MARKERS)
    summary = (f"hostile payloads surviving: {count} of {tried} tried "
               f"({len(PAYLOADS)} corpus payloads + topic title and description, each through a pull "
               f"request and through Hugging Face ingest; {len(browser_report.visited)} browser views)")
    with capsys.disabled():
        sys.stdout.write(f"\n{summary}\n")
    detail = "\n".join(f"  #{n}: {where[0]}" for n, where in sorted(surviving.items()))
    assert count == 0 and not unattributed, f"{summary}\n{detail}\n" + "\n".join(unattributed[:20])
