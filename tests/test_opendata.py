"""The open data (data/papers.jsonl.bz2, data/days/<date>.json, data/topics/<slug>.json): held
to schema/data.schema.json, in agreement with the content and the pages, plain text, and
byte-identical from the same content."""

from __future__ import annotations

import bz2
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sample import ROOT, SITE_URL

from generator.content.load import load
from generator.content.records import NEWEST_DAYS, Day, Links, Paper, Topic
from generator.render import opendata

SCHEMA = json.loads((ROOT / "schema/data.schema.json").read_text(encoding="utf-8"))


def _validator(kind: str) -> Draft202012Validator:
    """The schema of one kind of file (the published schema accepts any of them)."""
    return Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": SCHEMA["$defs"]})


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_archive_holds_every_paper_with_its_abstract(built_site: Path, full_content: Path) -> None:
    data = (built_site / "data/papers.jsonl.bz2").read_bytes()
    assert data.startswith(b"BZh9")  # bzip2 keeps no name or time: the same bytes every build
    lines = bz2.decompress(data).decode("utf-8").splitlines()
    digest = load(full_content)
    expected = [(d.date.isoformat(), p) for d in digest.days for p in d.papers]
    assert len(lines) == len(expected) == 193
    validator = _validator("paper")
    for line, (day, paper) in zip(lines, expected, strict=True):
        record = json.loads(line)
        validator.validate(record)
        assert (record["id"], record["day"], record["title"], record["abstract"]) == (
            paper.id, day, paper.title, paper.abstract)
        assert record["topics"] == list(digest.paper_topics.get(paper.id, ()))
        assert record["url"] == SITE_URL + "papers/" + paper.id.replace("/", "-") + "/"
        assert (built_site / record["url"].removeprefix(SITE_URL) / "index.html").is_file()
        assert not any(ord(c) < 0x20 and c != "\n" for s in _strings(record) for c in s)


def test_day_files_list_the_newest_days(built_site: Path, full_content: Path) -> None:
    digest = load(full_content)
    validator = _validator("day")
    for day in digest.days:
        doc = json.loads((built_site / f"data/days/{day.date.isoformat()}.json").read_bytes())
        validator.validate(doc)
        assert [(p["id"], p["abstract"]) for p in doc["papers"]] == [(p.id, p.abstract) for p in day.papers]
        assert doc["url"] == f"{SITE_URL}days/{day.date.isoformat()}/"
    assert sorted(p.name for p in (built_site / "data/days").iterdir()) == sorted(
        f"{d.date.isoformat()}.json" for d in digest.days)


def test_topic_files_list_their_papers_newest_first(built_site: Path, full_content: Path) -> None:
    doc = json.loads((built_site / "data/topics/physics.json").read_bytes())
    _validator("topic").validate(doc)
    assert doc["title"] == "Physics and astronomy" and doc["url"] == SITE_URL + "topics/physics/"
    digest = load(full_content)
    # The sample's days are all among the newest 30: every paper of the topic page's "11 papers".
    assert len(digest.days) <= NEWEST_DAYS
    expected = [(p.id, d.date.isoformat()) for d in digest.days for p in d.papers
                if "physics" in digest.paper_topics.get(p.id, ())][::-1]
    assert [(p["id"], p["day"]) for p in doc["papers"]] == expected and len(expected) == 11


HOSTILE = "</script><b>bold</b> & \u2028 \"q\" é"


def test_only_the_newest_days_have_a_file_and_fill_the_topic_files() -> None:
    papers = [Paper(f"2601.{n:05d}", "T", (), "", None, Links()) for n in range(NEWEST_DAYS + 5)]
    days = [Day(date(2026, 1, 1) + timedelta(n), "", (p,)) for n, p in enumerate(papers)]
    out = opendata.files(days, [Topic("agents", "Agents", "")], {p.id: ("agents",) for p in papers}, SITE_URL)
    assert sorted(k for k in out if k.startswith("data/days/")) == [
        f"data/days/{d.date.isoformat()}.json" for d in days[5:]]
    # The topic lists the papers of those days, newest first; the archive has every paper.
    assert json.loads(out["data/topics/agents.json"])["papers"] == [
        {"id": d.papers[0].id, "day": d.date.isoformat()} for d in reversed(days[5:])]
    lines = bz2.decompress(out["data/papers.jsonl.bz2"]).decode("utf-8").splitlines()
    assert [json.loads(line)["topics"] for line in lines] == [["agents"]] * len(days)


def test_text_stays_plain_text_and_the_bytes_are_the_same_each_time() -> None:
    paper = Paper(id="2601.00001", title=HOSTILE, authors=(HOSTILE,), abstract=HOSTILE, published=None,
                  links=Links(code="https://github.com/a/b"), note=HOSTILE, upvotes=3)
    days = [Day(date(2026, 1, 2), HOSTILE, (paper,))]
    topics = [Topic("agents", HOSTILE, HOSTILE)]
    out = opendata.files(days, topics, {paper.id: ("agents",)}, SITE_URL)
    assert out == opendata.files(days, topics, {paper.id: ("agents",)}, SITE_URL)
    assert sorted(out) == ["data/days/2026-01-02.json", "data/papers.jsonl.bz2", "data/topics/agents.json"]
    assert all("\u2028".encode() not in bz2.decompress(data) if name.endswith(".bz2") else "\u2028".encode() not in data
               for name, data in out.items())  # escaped: a line of JSON Lines stays one line
    [line] = bz2.decompress(out["data/papers.jsonl.bz2"]).decode("utf-8").splitlines()
    record = json.loads(line)
    assert record == {"id": "2601.00001", "url": SITE_URL + "papers/2601.00001/", "day": "2026-01-02",
                      "title": HOSTILE, "authors": [HOSTILE], "abstract": HOSTILE, "published": None,
                      "links": {"code": "https://github.com/a/b"}, "topics": ["agents"], "upvotes": 3,
                      "stars": None, "note": HOSTILE, "pick": False, "source": "manual", "former_ids": []}
    day = json.loads(out["data/days/2026-01-02.json"])
    assert day["intro"] == HOSTILE and day["papers"] == [record]
    assert json.loads(out["data/topics/agents.json"])["papers"] == [{"id": "2601.00001", "day": "2026-01-02"}]


@pytest.mark.parametrize(("kind", "doc", "message"), [
    ("paper", {"id": "x"}, "'x' does not match"),
    ("day", {"day": "2026-01-02", "intro": "", "url": "https://e.x/", "papers": [{"abstract": "<p>"}]},
     "'id' is a required property"),
])
def test_the_schema_refuses_what_we_never_write(kind: str, doc: dict[str, Any], message: str) -> None:
    errors = [e.message for e in _validator(kind).iter_errors(doc)]
    assert any(message in e for e in errors), errors
