"""What the search index holds for filters and sort (generator/site/search.py): a day record
carries its date as the sort key and no Pagefind filter (Pagefind writes its filter indexes in
an order that changes from run to run); each card's own topics, code and pick ride in the
`cards` meta, by which the search page filters card by card."""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

from generator.content.records import Day, Links, Paper
from generator.site import search


def _paper(pid: str, *, code: str | None = None, pick: bool = False) -> Paper:
    return Paper(id=pid, title=f"Title <{pid}> & co", authors=("A. Author",), abstract="Text.",
                 published=None, links=Links(code=code), pick=pick)


def test_day_record_carries_filters_sort_and_card_data() -> None:
    day = Day(date(2025, 3, 4), "", (_paper("2503.00001", code="https://github.com/x/y"),
                                     _paper("2503.00002", pick=True), _paper("2503.00003")))
    tags = {"2503.00001": ("agents",), "2503.00002": ("reasoning", "agents")}
    empty = Day(date(2025, 3, 5), "", ())
    docs = search.documents([day, empty], tags)
    assert list(docs) == ["days/2025-03-04/index.html"]  # a day without papers is no record
    html = docs["days/2025-03-04/index.html"]
    assert re.findall(r'data-pagefind-(filter|sort)="([^"]*)"', html) == [("sort", "date:2025-03-04")]
    meta = re.search(r'data-pd-cards="([^"]*)"', html)
    assert meta is not None
    assert json.loads(unescape(meta.group(1))) == {
        "p-2503-00001": ["Title <2503.00001> & co", ["agents"], 1, 0],
        "p-2503-00002": ["Title <2503.00002> & co", ["reasoning", "agents"], 0, 1],
        "p-2503-00003": ["Title <2503.00003> & co", [], 0, 0],
    }
    assert "<2503" not in html  # titles stay escaped in the attribute


def test_an_old_style_day_has_only_its_sort_key() -> None:
    docs = search.documents([Day(date(2016, 10, 10), "", (_paper("hep-th/9901001"),))], {})
    html = docs["days/2016-10-10/index.html"]
    assert re.findall(r'data-pagefind-(?:filter|sort)="([^"]*)"', html) == ["date:2016-10-10"]
