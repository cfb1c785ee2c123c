"""The digest's data for re-use, under a documented schema (schema/data.schema.json):

- `data/papers.jsonl.bz2`: every paper of the archive, one JSON object a line, oldest day
  first, abstract included; bzip2, which keeps no name or time, so the same content gives
  the same bytes. Measured at 2,000 synthetic papers (1.9 KB of JSON a paper, abstracts
  1.3 KB of it): gzip -6 576 bytes a paper, gzip -9 572, xz -6 451 (at a tenth of the
  speed), bzip2 -9 379 at gzip's speed; on the real abstracts of tests/fixtures bzip2 is
  13% below gzip. At 100,000 papers that is 19 MB less, where the whole site has 1 GB;
- `data/days/<date>.json`: a day's papers in the digest's order, abstracts included, for the
  newest NEWEST_DAYS days only (content/records.py): what a re-user polls for. Measured at
  25,000 synthetic papers, day files for every day cost 600 bytes a paper without abstracts
  and 1,900 with them, where the site has 13 KB a paper in all at 100,000; the newest 30
  days are a fixed ~4 MB, and the archive file holds every day;
- `data/topics/<slug>.json`: a topic and its papers' ids and days of the same newest
  NEWEST_DAYS days, newest first: entries for the whole archive cost 100 bytes a paper (2.5
  topics a paper), and the archive already gives every paper's topics.

Field names are stable: a new field may be added, none is renamed or removed. Text is
plain text as curated (cleaned at load: no control, bidi or zero-width characters), never
HTML; JSON escapes what JSON must. Keys come in a fixed order, no clock is read."""

from __future__ import annotations

import bz2
import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from generator import urls
from generator.content.records import Day, Paper, Topic, newest_from

ARCHIVE_LEVEL = 9  # bzip2's default: 900 KB blocks


def record(p: Paper, day: date, topics: Sequence[str], site_url: str) -> dict[str, Any]:
    """One paper, the fields in the schema's order."""
    return {"id": p.id, "url": urls.absolute(site_url, urls.paper(p.id)), "day": day.isoformat(),
            "title": p.title, "authors": list(p.authors), "abstract": p.abstract,
            "published": p.published.isoformat() if p.published else None, "links": dict(p.links.items()),
            "topics": list(topics), "upvotes": p.upvotes, "stars": p.stars, "note": p.note, "pick": p.pick,
            "source": p.source, "former_ids": list(p.former_ids)}


def _dumps(data: object) -> str:
    """Compact JSON, UTF-8 but for U+2028/U+2029: str.splitlines() and older JavaScript end a
    line there, which would cut a line of the .jsonl file in two."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def files(days: Sequence[Day], topics: Sequence[Topic], paper_topics: Mapping[str, tuple[str, ...]],
          site_url: str) -> dict[str, bytes]:
    """Every open-data file by its site address."""
    out: dict[str, bytes] = {}
    archive = bz2.BZ2Compressor(ARCHIVE_LEVEL)
    chunks: list[bytes] = []
    by_topic: dict[str, list[dict[str, str]]] = {t.slug: [] for t in topics}
    first_recent = newest_from(days)
    for n, day in enumerate(days):
        recent = n >= first_recent  # a file of its own
        papers = []
        for p in day.papers:
            tags = paper_topics.get(p.id, ())
            line = _dumps(record(p, day.date, tags, site_url))
            chunks.append(archive.compress((line + "\n").encode("utf-8")))
            if recent:
                papers.append(line)
                for slug in tags:
                    by_topic.setdefault(slug, []).append({"id": p.id, "day": day.date.isoformat()})
        if recent:
            head = _dumps({"day": day.date.isoformat(), "intro": day.intro,
                           "url": urls.absolute(site_url, urls.day(day.date)), "papers": []})
            out[urls.data_day(day.date)] = (head[:-2] + ",".join(papers) + "]}\n").encode("utf-8")
    chunks.append(archive.flush())
    out[urls.DATA_ARCHIVE] = b"".join(chunks)
    for t in topics:
        out[urls.data_topic(t.slug)] = (_dumps({
            "topic": t.slug, "title": t.title, "description": t.description,
            "url": urls.absolute(site_url, urls.topic(t.slug)),
            "papers": by_topic[t.slug][::-1]}) + "\n").encode("utf-8")
    return out
