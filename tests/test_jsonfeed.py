"""JSON Feed 1.1 beside every RSS and Atom feed: parsed back, held to the spec's required
fields and types (the schema below, written from https://jsonfeed.org/version/1.1), with the
same items, ids, links, HTML and topics as the RSS and Atom feeds of the same folder; and the
topics as RSS/Atom categories, parsed back with feedparser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import jsonschema
import pytest
import yaml
from sample import SAMPLE_CONTENT, SITE_URL

from generator.render import jsonfeed

# RFC 3339 date-time (jsonschema's "date-time" format needs a package we do not install).
_RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
_AUTHORS = {"type": "array", "minItems": 1, "items": {
    "type": "object", "minProperties": 1,
    "properties": {"name": {"type": "string"}, "url": {"type": "string"}, "avatar": {"type": "string"}}}}
# JSON Feed 1.1: `version`, `title` and `items` required; an item needs a string `id` and
# `content_html` or `content_text`; dates RFC 3339; `tags` strings; `authors` objects.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": _AUTHORS,
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "url": {"type": "string", "pattern": "^https?://"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "content_text": {"type": "string"},
                "date_published": {"type": "string", "pattern": _RFC3339},
                "authors": _AUTHORS,
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "additionalProperties": False,
        }},
    },
    "additionalProperties": False,
}
FOLDERS = ["", "topics/agents/", "topics/physics/", "weeks/"]


def _validate(data: object) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_the_schema_refuses_what_the_spec_refuses() -> None:
    good = {"version": jsonfeed.VERSION, "title": "t", "items": [{"id": "1", "content_html": "<p>x</p>"}]}
    _validate(good)
    for bad, message in [
        ({**good, "version": "https://jsonfeed.org/version/1"}, "'https://jsonfeed.org/version/1.1' was expected"),
        ({**good, "items": [{"id": 1, "content_html": ""}]}, "1 is not of type 'string'"),
        ({**good, "items": [{"id": "1"}]}, "is not valid under any of the given schemas"),
        ({**good, "items": [{"id": "1", "content_text": "", "date_published": "12 June 2026"}]},
         "'12 June 2026' does not match"),
    ]:
        with pytest.raises(jsonschema.ValidationError) as err:
            _validate(bad)
        assert message in err.value.message


@pytest.mark.parametrize("folder", FOLDERS)
def test_json_feed_has_the_items_of_the_rss_and_atom_feeds(built_site: Path, folder: str) -> None:
    data = json.loads((built_site / folder / "feed.json").read_bytes())
    _validate(data)
    assert data["home_page_url"] == SITE_URL + folder
    assert data["feed_url"] == SITE_URL + folder + "feed.json"
    rss = feedparser.parse((built_site / folder / "feed.xml").read_bytes())
    atom = feedparser.parse((built_site / folder / "atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    items = data["items"]
    assert items and [i["id"] for i in items] == [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert [i["url"] for i in items] == [e.link for e in rss.entries]
    assert [i["title"] for i in items] == [e.title for e in atom.entries]
    assert [i["date_published"] for i in items] == [e.published for e in atom.entries]
    # The same HTML as the RSS descriptions, as it stands in the XML (before any sanitizer).
    channel = ET.fromstring((built_site / folder / "feed.xml").read_bytes())
    descriptions = [el.text for el in channel.iter("description")][1:]
    assert [i["content_html"] for i in items] == descriptions
    # Topics: JSON tags, RSS categories (their titles) and Atom categories (slug, title).
    assert [i.get("tags", []) for i in items] == [[t.term for t in e.get("tags", [])] for e in rss.entries]
    assert [i.get("tags", []) for i in items] == [[t.label for t in e.get("tags", [])] for e in atom.entries]


def test_rss_and_atom_items_carry_their_topics(built_site: Path) -> None:
    topics = {t["slug"]: t["title"] for t in yaml.safe_load((SAMPLE_CONTENT / "topics.yml").read_text())["topics"]}
    atom = feedparser.parse((built_site / "topics/agents/atom.xml").read_bytes())
    assert atom.entries
    for entry in atom.entries:
        slugs = [t.term for t in entry.tags]
        assert "agents" in slugs
        assert [t.label for t in entry.tags] == [topics[s] for s in slugs]
        assert {t.scheme for t in entry.tags} == {SITE_URL + "topics/"}
    rss = feedparser.parse((built_site / "topics/agents/feed.xml").read_bytes())
    assert all(topics["agents"] in [t.term for t in e.tags] for e in rss.entries)
    assert all(t.scheme == SITE_URL + "topics/" for e in rss.entries for t in e.tags)


def test_every_page_links_its_json_feeds(built_site: Path) -> None:
    for rel in ["index.html", "days/2026-06-12/index.html", "404.html"]:
        html = (built_site / rel).read_text()
        assert html.count('type="application/feed+json"') == 2, rel  # the digest's, the weekly digest's
    # A paper page (100,000 of them) links the digest's three feeds only; every other page the weekly's too.
    paper = (built_site / "papers/2606.13594/index.html").read_text()
    assert paper.count('type="application/feed+json"') == 1 and 'href="../../feed.json"' in paper
    assert paper.count('<link rel="alternate feed"') == 3 and "weeks/feed" not in paper
    topic = (built_site / "topics/agents/index.html").read_text()
    assert ('<link rel="alternate feed" type="application/feed+json" title="Agents (JSON Feed)" '
            'href="feed.json">') in topic
    assert '<a href="../../topics/agents/feed.json">JSON Feed</a>' in topic


def test_opml_keeps_to_rss(built_site: Path) -> None:
    # OPML 2.0 outlines are type="rss": readers import those; JSON Feeds are found from the pages.
    assert "feed.json" not in (built_site / "feeds.opml").read_text()
