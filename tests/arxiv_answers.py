"""arXiv API answers for title searches, built on a recorded answer's structure.

`feed(entries)` takes the recorded query answer (tests/fixtures/arxiv_api/sotawhat_…xml),
keeps its feed header and its first entry as the pattern (id, title, updated, links,
summary, categories, published, authors, in arXiv's order) and writes one entry per
`Entry`. `FakeArxiv` is the scripted local server of tests/upstream_server.py that also
answers /api/query as arXiv does: each `ti:"…"` phrase finds the entries whose title holds
its words in a row, `id_list` finds entries by id.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from upstream_server import Response, Seen, UpstreamServer

from generator.ingest.titlesearch import normalise

RECORDED = Path(__file__).parent / "fixtures" / "arxiv_api" / "sotawhat_query_transformer_csLG_2026-06-14.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = {"Content-Type": "application/atom+xml; charset=utf-8"}
ET.register_namespace("", ATOM_NS)
ET.register_namespace("opensearch", OPENSEARCH_NS)
ET.register_namespace("arxiv", "http://arxiv.org/schemas/atom")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    abstract: str
    authors: tuple[str, ...] = ("Ada Lovelace", "Alan Turing")
    published: str = "2025-08-06T17:59:49Z"
    version: int = 1


def _a(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def feed(entries: Sequence[Entry], *, total: int | None = None) -> bytes:
    root = ET.fromstring(RECORDED.read_bytes())
    pattern = root.find(_a("entry"))
    assert pattern is not None
    for old in root.findall(_a("entry")):
        root.remove(old)
    root.find(f"{{{OPENSEARCH_NS}}}totalResults").text = str(len(entries) if total is None else total)
    root.find(f"{{{OPENSEARCH_NS}}}itemsPerPage").text = str(len(entries))
    for e in entries:
        entry = copy.deepcopy(pattern)
        versioned = f"{e.id}v{e.version}"
        entry.find(_a("id")).text = f"http://arxiv.org/abs/{versioned}"
        entry.find(_a("title")).text = e.title
        entry.find(_a("summary")).text = e.abstract
        entry.find(_a("published")).text = e.published
        entry.find(_a("updated")).text = e.published
        links = entry.findall(_a("link"))
        links[0].set("href", f"https://arxiv.org/abs/{versioned}")
        links[1].set("href", f"https://arxiv.org/pdf/{versioned}")
        authors = entry.findall(_a("author"))
        at = list(entry).index(authors[0])
        for a in authors:
            entry.remove(a)
        for i, name in enumerate(e.authors):
            author = ET.Element(_a("author"))
            ET.SubElement(author, _a("name")).text = name
            entry.insert(at + i, author)
        root.append(entry)
    return b"<?xml version='1.0' encoding='UTF-8'?>\n" + ET.tostring(root, encoding="utf-8", xml_declaration=False)


_PHRASE = re.compile(r'ti:"([^"]*)"')


class FakeArxiv(UpstreamServer):
    """Scripted routes win (faults, error entries); otherwise /api/query answers from `entries`."""

    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        super().__init__()
        self.entries = list(entries)

    def _next_step(self, seen: Seen) -> Response | None:
        step = super()._next_step(seen)
        if step is not None or seen.path != "/api/query":
            return step
        return Response(200, ATOM_TYPE, feed(self.answer(seen.params)))

    def answer(self, params: dict[str, str]) -> list[Entry]:
        if params.get("id_list"):
            wanted = params["id_list"].split(",")
            return [e for e in self.entries if e.id in wanted]
        phrases = [f" {p} " for p in _PHRASE.findall(params.get("search_query", ""))]
        return [e for e in self.entries if any(p in f" {normalise(e.title)} " for p in phrases)]

    def queries(self) -> list[str]:
        return [s.params.get("search_query", "") for s in self.requests]
