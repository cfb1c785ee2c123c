"""Every feed the site writes keeps RFC 4287 (Atom) and RSS 2.0, for any content.

The rules are checked directly on the XML (what the W3C Feed Validator checks), over every
feed of the sample site and of a site built from edge content as a pull request would
bring it: listing-capture papers without authors, one paper on a day, a topic with none,
and more papers on one day than a feed holds.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from feed_rules import A, atom_problems, feeds_of, problems_of
from hostile_sites import cli, make_project, write_yaml

from generator.render.feeds import MAX_ITEMS

# --- the checker itself catches what the validator caught --------------------------------


def test_the_rules_catch_an_entry_without_author_and_shared_updated() -> None:
    bad = (b'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://e.x/</id><title>t</title>'
           b'<updated>2026-01-01T00:00:00+00:00</updated><link rel="self" href="https://e.x/atom.xml"/>'
           b'<entry><id>https://e.x/1</id><title>a</title><updated>2026-01-01T00:00:00+00:00</updated>'
           b'<link href="https://e.x/1"/><summary>s</summary></entry>'
           b'<entry><id>https://e.x/2</id><title>b</title><updated>2026-01-01T00:00:00+00:00</updated>'
           b'<author><name>n</name></author><link href="https://e.x/2"/><summary>s</summary></entry></feed>')
    assert atom_problems(bad) == [
        "entry 0: no author, and the feed names none (RFC 4287 4.1.1, 4.1.2)",
        "entry 1: updated 2026-01-01T00:00:00+00:00 is shared with another entry",
    ]


# --- the sample site ---------------------------------------------------------------------


def test_every_feed_of_the_sample_site_keeps_the_rules(built_site: Path) -> None:
    assert len(feeds_of(built_site)) >= 4
    assert problems_of(built_site) == {}


# --- edge content, as a pull request brings it ----------------------------------------


def _paper(n: int, *, authors: bool, source: str = "manual") -> dict[str, Any]:
    pid = f"2601.{20000 + n}"
    return {"id": pid, "title": f"Edge paper {n}", "authors": [f"Author {n}"] if authors else [],
            "abstract": f"Abstract {n}.", "published": "2026-01-04",
            "links": {"arxiv": f"https://arxiv.org/abs/{pid}"}, "source": source}


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("edge-feeds"))
    days = project / "content" / "days"
    # The listing capture's papers: title-derived ids, no authors, no dates.
    write_yaml(days / "2026-01-05.yml", {"date": "2026-01-05", "papers": [
        {"id": "t-0123456789ab", "title": "A listing paper", "abstract": "No authors here.", "source": "listing"},
        {"id": "t-0123456789ac", "title": "Another listing paper", "source": "listing"}]})
    # One paper alone on a day.
    write_yaml(days / "2026-01-06.yml", {"date": "2026-01-06", "papers": [_paper(0, authors=True)]})
    # More papers on one day than a feed holds, half without authors.
    write_yaml(days / "2026-01-07.yml", {"date": "2026-01-07", "papers": [
        _paper(n, authors=n % 2 == 0) for n in range(1, MAX_ITEMS + 30)]})
    topics = yaml.safe_load((project / "content" / "topics.yml").read_text(encoding="utf-8"))
    topics["topics"].append({"slug": "lonely", "title": "Lonely", "description": "One paper.",
                             "phrases": ["another listing paper"]})
    topics["topics"].append({"slug": "empty", "title": "Empty", "description": "No paper.",
                             "phrases": ["no paper has this phrase"]})
    write_yaml(project / "content" / "topics.yml", topics)
    site = project / "site"
    code, out, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site))
    assert code == 0, err
    return site


def test_every_feed_of_edge_content_keeps_the_rules(edge_site: Path) -> None:
    assert problems_of(edge_site) == {}


def test_authorless_entries_fall_back_to_the_site_and_same_day_entries_keep_the_digest_order(
        edge_site: Path) -> None:
    atom = ET.fromstring((edge_site / "atom.xml").read_bytes())
    assert [a.findtext(f"{A}name") for a in atom.findall(f"{A}author")] == ["Paper Digest"]
    entries = atom.findall(f"{A}entry")
    assert len(entries) == MAX_ITEMS
    stamps = [e.findtext(f"{A}updated") for e in entries]
    # The first entries of the 2026-01-07 day, newest first, a second apart: a reader
    # sorting by date keeps the digest's order.
    assert stamps[:3] == ["2026-01-07T00:02:08+00:00", "2026-01-07T00:02:07+00:00",
                          "2026-01-07T00:02:06+00:00"]
    assert stamps == sorted(stamps, reverse=True)
    assert atom.findtext(f"{A}updated") == stamps[0]
    lonely = ET.fromstring((edge_site / "topics" / "lonely" / "atom.xml").read_bytes())
    assert [e.findtext(f"{A}updated") for e in lonely.findall(f"{A}entry")] == ["2026-01-05T00:00:00+00:00"]
    assert lonely.find(f"{A}entry/{A}author") is None  # the feed's author speaks for it


def test_rss_pub_dates_follow_the_same_order(edge_site: Path) -> None:
    channel = ET.fromstring((edge_site / "feed.xml").read_bytes()).find("channel")
    assert channel is not None
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in channel.findall("item")]
    assert len(set(dates)) == len(dates) == MAX_ITEMS
    assert dates == sorted(dates, reverse=True)
