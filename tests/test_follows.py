"""Digest-wide follows (content/follows.yml, issue 19): every mistake named by file, line,
field and hint (the real `validate`); each followed person or lab a page of their papers,
newest first, and RSS, Atom and JSON Feed parsed back; hostile names escaped everywhere;
and the cost per followed entity: against the sample built without follows, only the new
folders and the pages that list them (Following, OPML, sitemap) differ."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from sample import SAMPLE_CONTENT, SITE_NAME, SITE_URL, make_project
from validating import broken, validate

from generator.site.build import build

MARKUP = '<img src=x onerror="alert(1)">&amp;</title><script>alert(2)</script>'
FOLLOWS = f"""\
# People and labs this digest follows for everyone.
follows:
  - slug: del-maestro
    name: Adrian  Del Maestro
    note: Quantum fluids; see https://example.org/dm.
  - slug: umich
    name: university of michigan
    kind: organization
  - slug: hostile
    name: {json.dumps(MARKUP)}
"""
# Adrian Del Maestro's six sample papers, all of 2016-10-10, in the day file's order.
DEL_MAESTRO = ["1201.4869", "cond-mat/0412498", "cond-mat/0603029", "1005.5383", "cond-mat/0702661", "0807.2873"]
NEW = {f"following/{slug}/{name}" for slug in ("del-maestro", "umich", "hostile")
       for name in ("index.html", "feed.xml", "atom.xml", "feed.json")}


# -- validate -----------------------------------------------------------------------------


def test_an_empty_or_absent_follows_file_is_valid(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(content, capsys)[0] == 0
    (content / "follows.yml").write_text("# nobody yet\nfollows: []\n", encoding="utf-8")
    status, lines, out = validate(content, capsys)
    assert (status, lines) == (0, [])
    assert out.startswith("content/ is valid:")


def test_every_mistake_is_named(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "follows.yml").write_text("""\
follows:
  - slug: Ada Lovelace
    name: Ada Lovelace
  - slug: index
    name: Someone
    kind: lab
  - slug: ok
    nme: Typo
  - slug: ok
    name: "  ADA   lovelace "
  - slug: con
    name: "\\u200b"
    colour: red
  - slug: long
    name: {long}
  - plain text
""".format(long="x" * 201), encoding="utf-8")
    F = "content/follows.yml"
    assert broken(content, capsys) == [
        f"{F}:2: follows[0].slug: 'Ada Lovelace' is not a slug "
        "(hint: lower-case letters, digits and single hyphens, e.g. 'ada-lovelace')",
        f"{F}:4: follows[1].slug: 'index' is reserved: following/index/ holds the index of names "
        "the Following page reads (hint: choose another slug)",
        f"{F}:6: follows[1].kind: unknown kind 'lab' (hint: author or organization)",
        f"{F}:7: follows[2].name: missing required field",
        f"{F}:8: follows[2].nme: unknown key (hint: did you mean 'name'?)",
        f"{F}:9: follows[3].name: author 'ADA lovelace' is already followed on line 2 (hint: keep one entry per name)",
        f"{F}:9: follows[3].slug: duplicate slug 'ok' (first on line 7) "
        "(hint: each followed name needs its own page address)",
        f"{F}:11: follows[4].slug: 'con' is reserved: a name Windows reserves for a device (hint: choose another slug)",
        f"{F}:12: follows[4].name: has no visible character",
        f"{F}:13: follows[4].colour: unknown key (hint: allowed: slug, name, kind, note)",
        f"{F}:15: follows[5].name: longer than 200 characters (hint: write the name as the papers' author lists do)",
        f"{F}:16: follows[6]: expected a mapping of keys to values",
    ]


def test_the_file_itself(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = content / "follows.yml"
    path.write_text("- slug: a\n  name: A\n", encoding="utf-8")
    assert broken(content, capsys) == ["content/follows.yml:1: : expected a mapping of keys to values"]
    path.write_text("follows:\n  slug: a\n", encoding="utf-8")
    assert broken(content, capsys) == [
        "content/follows.yml:2: follows: expected a list (hint: write one '- item' per line)"]
    path.write_text("follows:\n  - &a {slug: a, name: A}\n  - *a\n", encoding="utf-8")
    assert broken(content, capsys) == [
        "content/follows.yml:3: : aliases (*name) are not allowed (hint: write the value out in full)"]
    path.write_text("follows:\n" + "  - {slug: a, name: A}\n" * 1001, encoding="utf-8")
    assert broken(content, capsys) == [
        "content/follows.yml:1002: follows: more than 1000 entries "
        "(hint: each is a page and three feeds: follow the ones readers most want)"]


# -- the pages and feeds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def follows_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("follows")
    shutil.copytree(SAMPLE_CONTENT, where / "content")
    (where / "content" / "follows.yml").write_text(FOLLOWS, encoding="utf-8")
    project = make_project(where / "project", where / "content")
    build(project / "mkdocs.yml", where / "site")
    return where / "site"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def test_the_cost_is_per_followed_entity(follows_site: Path, built_site: Path) -> None:
    """Four files a followed entity; no paper, day, topic or week page changes."""
    before, after = _files(built_site), _files(follows_site)
    assert set(after) - set(before) == NEW
    assert set(before) <= set(after)
    # The sitemap index (sitemap.xml) only names its parts; the part holding the new pages changes.
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == ["feeds.opml", "following/index.html", "sitemap-1.xml.gz"]


def test_an_entity_page_lists_their_papers_newest_first(follows_site: Path) -> None:
    page = (follows_site / "following/del-maestro/index.html").read_text(encoding="utf-8")
    assert "<title>Adrian Del Maestro - Paper Digest</title>" in page
    main = page[page.index('<article class="md-content__inner'):]
    assert re.findall(r'<li><a href="../../papers/([^/]+)/">', main) == [p.replace("/", "-") for p in DEL_MAESTRO]
    assert "An author this digest follows for everyone: 6 papers in the archive, newest first." in main
    assert '<div class="pd-intro"><p>Quantum fluids; see <a href="https://example.org/dm"' in main
    for kind, name in (("application/rss+xml", "feed.xml"), ("application/atom+xml", "atom.xml"),
                       ("application/feed+json", "feed.json")):
        assert re.search(rf'<link rel="alternate feed" type="{re.escape(kind)}" title="Adrian Del Maestro \([^)]+\)" '
                         rf'href="{name}">', page), kind
        assert f'<a href="../../following/del-maestro/{name}">' in main
    umich = (follows_site / "following/umich/index.html").read_text(encoding="utf-8")
    assert "An organization this digest follows for everyone: 1 paper in the archive, newest first." in umich
    assert '<a href="../../papers/2606.13594/">' in umich
    following = (follows_site / "following/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<li><a href="../following/([a-z-]+)/">', following) == ["del-maestro", "umich", "hostile"]
    umich_row = '<a href="../following/umich/">university of michigan</a> (organization) <span class="pd-day">1 paper'
    assert umich_row in following


def test_the_feeds_parse_back_with_the_same_items(follows_site: Path) -> None:
    base = SITE_URL + "following/del-maestro/"
    rss = feedparser.parse((follows_site / "following/del-maestro/feed.xml").read_bytes())
    atom = feedparser.parse((follows_site / "following/del-maestro/atom.xml").read_bytes())
    feed = json.loads((follows_site / "following/del-maestro/feed.json").read_bytes())
    assert not rss.bozo and not atom.bozo
    assert rss.feed.title == atom.feed.title == feed["title"] == f"{SITE_NAME}: Adrian Del Maestro"
    assert feed["home_page_url"] == base and feed["feed_url"] == base + "feed.json"
    expected = [f"https://arxiv.org/abs/{p}" for p in DEL_MAESTRO]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries] == [i["id"] for i in feed["items"]] == expected
    assert rss.feed.description == "Papers by Adrian Del Maestro in Paper Digest"
    hostile = feedparser.parse((follows_site / "following/hostile/feed.xml").read_bytes())
    # Titles are escaped for the readers that show them as HTML, as every feed title is (feeds.escaper).
    shown = f"{SITE_NAME}: {html.escape(MARKUP, quote=False)}"
    assert not hostile.bozo and hostile.feed.title == shown and hostile.entries == []
    hostile_atom = feedparser.parse((follows_site / "following/hostile/atom.xml").read_bytes())
    assert not hostile_atom.bozo and hostile_atom.feed.title == f"{SITE_NAME}: {MARKUP}"  # type="text"


def test_a_hostile_name_is_text_everywhere(follows_site: Path) -> None:
    page = (follows_site / "following/hostile/index.html").read_text(encoding="utf-8")
    following = (follows_site / "following/index.html").read_text(encoding="utf-8")
    escaped = html.escape(MARKUP, quote=False)
    for text in (page, following):
        assert "<img src=x" not in text and "<script>alert" not in text and "</title><" not in text
    assert "<h1>" + escaped.replace('"', "&#34;") + "</h1>" in page
    assert f"<title>{html.escape(MARKUP)} - {SITE_NAME}</title>" in page
    assert "No papers of this author in the archive yet." in page
    for name in ("feed.xml", "atom.xml"):
        raw = (follows_site / "following/hostile" / name).read_text(encoding="utf-8")
        assert "<img" not in raw and "<script" not in raw
    raw = (follows_site / "following/hostile/feed.json").read_text(encoding="utf-8")
    assert json.loads(raw)["title"] == f"{SITE_NAME}: {MARKUP}"
    opml = (follows_site / "feeds.opml").read_text(encoding="utf-8")
    assert "<img" not in opml and "following/hostile/feed.xml" in opml


def test_the_schema_agrees_with_the_loader() -> None:
    """schema/follows.schema.json (editors' help) accepts what `validate` accepts, here."""
    import yaml
    from jsonschema import Draft202012Validator

    from generator.jobs.init import FOLLOWS_YAML

    schema = json.loads((Path(__file__).resolve().parent.parent / "schema/follows.schema.json").read_text())
    check = Draft202012Validator(schema)
    assert FOLLOWS_YAML.startswith("# yaml-language-server: $schema=../schema/follows.schema.json\n")
    for good in (FOLLOWS_YAML, FOLLOWS, "follows:\n  - {slug: a, name: A, kind: }\n"):
        assert check.is_valid(yaml.safe_load(good)), good
    for bad in ("follows:\n  - {slug: index, name: A}\n", "follows:\n  - {slug: a, name: A, kind: lab}\n",
                "follows:\n  - {slug: A b, name: A}\n", "follows:\n  - {slug: a}\n",
                "follows:\n  - {slug: a, name: A, x: 1}\n"):
        assert not check.is_valid(yaml.safe_load(bad)), bad
