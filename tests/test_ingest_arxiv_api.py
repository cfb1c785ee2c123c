"""generator.ingest.arxiv_api over real arXiv API answers, new and old style."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from generator import ids
from generator.errors import UpstreamError
from generator.ingest import arxiv_api, http

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv_api"
RECORDINGS = FIXTURES / "arxivpy_recordings"
NEW_QUERY = FIXTURES / "sotawhat_query_transformer_csLG_2026-06-14.xml"
OLD_SEARCH = FIXTURES / "old_format_2016_search_au_del_maestro.xml"
OLD_ID_LIST = FIXTURES / "old_format_2016_id_list_1111.2011v2.xml"
ASTRO_PH = "id_astro-ph_0601001_s0_m100_3150dca9dc76"
TITLE_ZERO = "id_2104.12255v1_s0_m100_6ae69987ffe1"
TWO_IDS = "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af"
NO_SUCH_ID = "id_0000.0000_s0_m100_8b51d9633a68"
BAD_ID = "id_abc_s0_m100_b79c8dcf6bc3"
TESTING = "q_testing_s0_m10_bc5a6c384fe9"
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def body(name: str) -> bytes:
    return (RECORDINGS / f"{name}.body.xml").read_bytes()


def recording(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (RECORDINGS / f"{name}.json").read_text("utf-8")
    )
    return data


@pytest.mark.parametrize("name", [ASTRO_PH, TITLE_ZERO, TWO_IDS, NO_SUCH_ID, TESTING])
def test_derived_body_files_match_the_recordings(name: str) -> None:
    raw = recording(name)["body"]
    assert isinstance(raw, str)
    assert body(name) == raw.encode("utf-8")
    assert arxiv_api.parse(raw.encode("utf-8")) == arxiv_api.parse(body(name))


def test_new_style_query() -> None:
    page = arxiv_api.parse(NEW_QUERY.read_bytes())
    assert (page.total, page.start, page.per_page) == (28946, 0, 5)
    assert [p.id for p in page.papers] == [
        "2606.13677",
        "2606.13591",
        "2606.13568",
        "2606.13515",
        "2606.13501",
    ]
    p = page.papers[0]
    assert p.title == "Mana: Dexterous Manipulation of Articulated Tools"
    assert p.version == 1
    assert p.source == "arxiv"
    assert p.authors == ("Zhao-Heng Yin", "Guanya Shi", "Pieter Abbeel", "C. Karen Liu")
    assert p.published == date(2026, 6, 11)
    assert p.day is None
    assert p.links.arxiv == "https://arxiv.org/abs/2606.13677"
    assert p.links.pdf == "https://arxiv.org/pdf/2606.13677"
    assert p.links.code is None
    assert "(<1 minute per tool)" in p.abstract  # &lt; decoded once, not twice
    assert p.abstract.startswith("Articulated tool manipulation remains")


def test_old_style_search() -> None:
    page = arxiv_api.parse(OLD_SEARCH.read_bytes())
    assert (page.total, page.start, page.per_page) == (31, 0, 10)
    assert len(page.papers) == 10
    by_id = {p.id: p for p in page.papers}
    old = by_id["cond-mat/0412498"]
    assert old.version == 1
    assert old.title == "Thermal melting of density waves on the square lattice"
    assert old.authors == ("Adrian Del Maestro", "Subir Sachdev")
    assert old.published == date(2004, 12, 19)
    assert old.links.arxiv == "https://arxiv.org/abs/cond-mat/0412498"
    assert ids.slug(old.id) == "cond-mat-0412498"
    # Titles hard-wrapped with "\n  " come out on one line.
    assert by_id["cond-mat/0603029"].title == (
        "From stripe to checkerboard order on the square lattice in the presence of "
        "quenched disorder"
    )
    assert by_id["cond-mat/0702661"].version == 2
    # Summaries: leading "  " gone, 80-column wraps joined, trailing "\n" gone.
    first = page.papers[0]
    assert first.id == "1201.4869"
    assert first.abstract.startswith("As helium-4 is cooled below 2.17 K it undergoes")
    assert first.abstract.endswith("intriguing low dimensional state of matter.")
    assert all("\n" not in p.abstract and "  " not in p.abstract for p in page.papers)
    assert all("\n" not in p.title for p in page.papers)


def test_old_style_id_list() -> None:
    page = arxiv_api.parse(OLD_ID_LIST.read_bytes())
    assert page.total == 1
    (p,) = page.papers
    assert (p.id, p.version) == ("1111.2011", 2)
    assert p.title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large "
        "Connectivity Limit"
    )
    assert p.published == date(2011, 11, 8)
    assert p.authors == ("James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic")


def test_old_style_id_with_affiliations() -> None:
    (p,) = arxiv_api.parse(body(ASTRO_PH)).papers
    assert (p.id, p.version) == ("astro-ph/0601001", 1)
    assert p.authors == (
        "Andrew Gould",
        "Susan Dorsher",
        "B. Scott Gaudi",
        "Andrzej Udalski",
    )
    assert p.abstract.startswith("We derive the frequencies of hot Jupiters")
    assert "V_max<17.5" in p.abstract
    assert "(1^{+1.39}_{-0.59})" in p.abstract  # LaTeX stays raw
    assert p.published == date(2006, 1, 2)
    assert p.links.pdf == "https://arxiv.org/pdf/astro-ph/0601001"


def test_title_zero_is_a_title() -> None:
    (p,) = arxiv_api.parse(body(TITLE_ZERO)).papers
    assert p.id == "2104.12255"
    assert p.title == "0"
    assert p.authors == ("Quan Thoi Minh Nguyen",)


def test_thirty_four_authors() -> None:
    page = arxiv_api.parse(body(TWO_IDS))
    assert page.total == 1  # arXiv dropped the invalid 0808.05394 without a word
    (p,) = page.papers
    assert p.id == "1707.08567"
    assert len(p.authors) == 34
    assert p.authors[0] == "Kees A. Schouhamer Immink"
    assert p.authors[-1] == "Hirosuke Yamamoto"


def test_empty_result() -> None:
    page = arxiv_api.parse(body(NO_SUCH_ID))
    assert page.total == 0
    assert page.papers == ()


def test_error_entry_is_an_upstream_error() -> None:
    assert recording(BAD_ID)["status_code"] == 400
    with pytest.raises(
        UpstreamError, match="arXiv API error: incorrect id format for abc"
    ):
        arxiv_api.parse(body(BAD_ID))


def test_a_paper_titled_error_is_not_an_error() -> None:
    data = body(TITLE_ZERO).replace(b"<title>0</title>", b"<title>Error</title>")
    assert arxiv_api.parse(data).papers[0].title == "Error"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!DOCTYPE html>\n<html><body>Rate exceeded.</body></html>", "HTML page"),
        (b"  <html><body>503</body></html>", "HTML page"),
        (b"Rate exceeded.", "not XML"),
        (b"", "not XML"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "malformed XML"),
        (b"<rss version='2.0'><channel/></rss>", "not an Atom feed"),
    ],
)
def test_not_an_atom_feed(data: bytes, message: str) -> None:
    with pytest.raises(UpstreamError, match=message):
        arxiv_api.parse(data)


def test_dtd_and_entities_are_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>'
    )
    with pytest.raises(UpstreamError, match="DTD"):
        arxiv_api.parse(laughs)


def test_entry_without_an_arxiv_id_is_an_upstream_error() -> None:
    data = body(TITLE_ZERO).replace(
        b"<id>http://arxiv.org/abs/2104.12255v1</id>", b"<id>http://example.org/x</id>"
    )
    with pytest.raises(UpstreamError, match="entry 0"):
        arxiv_api.parse(data)


def test_missing_total_is_an_upstream_error() -> None:
    data = body(NO_SUCH_ID).replace(
        b"<opensearch:totalResults>0</opensearch:totalResults>", b""
    )
    with pytest.raises(UpstreamError, match="totalResults"):
        arxiv_api.parse(data)


# --- search and lookup, with http.fetch replaced -------------------------------------

TESTING_ENTRIES = ET.fromstring(body(TESTING)).findall(f"{ATOM}entry")
TESTING_IDS = [p.id for p in arxiv_api.parse(body(TESTING)).papers]


def page_xml(start: int, count: int, total: int, entries: list[ET.Element]) -> bytes:
    """An answer page built from the real entries of the `testing` search.

    ElementTree writes its own prefixes (ns0:, ns1:): the parser must not care.
    """
    feed = ET.Element(f"{ATOM}feed")
    ET.SubElement(feed, f"{ATOM}title").text = "arXiv Query"
    ET.SubElement(feed, f"{OPENSEARCH}itemsPerPage").text = str(count)
    ET.SubElement(feed, f"{OPENSEARCH}totalResults").text = str(total)
    ET.SubElement(feed, f"{OPENSEARCH}startIndex").text = str(start)
    feed.extend(entries)
    data: bytes = ET.tostring(feed, xml_declaration=True, encoding="utf-8")
    return data


class FakeArxiv:
    """Serves the 10 real `testing` entries as a result set of `total`."""

    def __init__(self, total: int = 10, empty_at: dict[int, int] | None = None) -> None:
        self.total = total
        self.empty_at = dict(empty_at or {})  # start -> how many empty answers first
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(
        self, url: str, *, params: Mapping[str, str] | None = None, **_: object
    ) -> bytes:
        p = dict(params or {})
        self.calls.append((url, p))
        start, count = int(p["start"]), int(p["max_results"])
        if self.empty_at.get(start, 0) > 0:
            self.empty_at[start] -= 1
            return page_xml(start, count, self.total, [])
        end = min(start + count, self.total)
        return page_xml(start, count, self.total, TESTING_ENTRIES[start:end])


@pytest.fixture
def sleeps() -> list[float]:
    return []


def test_search_pages_and_sleeps_between_requests(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv()
    monkeypatch.setattr(http, "fetch", fake)
    papers = arxiv_api.search(
        "all:testing",
        max_results=10,
        page_size=4,
        base_url="https://api.example/",
        sleep=sleeps.append,
    )
    assert [p.id for p in papers] == TESTING_IDS
    assert [c[0] for c in fake.calls] == ["https://api.example/api/query"] * 3
    assert [(c[1]["start"], c[1]["max_results"]) for c in fake.calls] == [
        ("0", "4"),
        ("4", "4"),
        ("8", "2"),
    ]
    assert fake.calls[0][1] == {
        "search_query": "all:testing",
        "start": "0",
        "max_results": "4",
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    assert sleeps == [3.0, 3.0]  # none before the first request


def test_search_stops_at_max_results(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv(total=214881)
    monkeypatch.setattr(http, "fetch", fake)
    papers = arxiv_api.search(
        "all:testing", max_results=6, page_size=4, sleep=sleeps.append
    )
    assert [p.id for p in papers] == TESTING_IDS[:6]
    assert [c[1]["max_results"] for c in fake.calls] == ["4", "2"]


def test_search_stops_at_total(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv(total=10)
    monkeypatch.setattr(http, "fetch", fake)
    papers = arxiv_api.search(
        "all:testing", max_results=500, page_size=4, sleep=sleeps.append
    )
    assert len(papers) == 10
    assert len(fake.calls) == 3


def test_search_with_no_results_asks_once(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv(total=0)
    monkeypatch.setattr(http, "fetch", fake)
    assert arxiv_api.search("ti:zzzz", max_results=50, sleep=sleeps.append) == []
    assert len(fake.calls) == 1 and sleeps == []


def test_empty_page_mid_way_is_retried(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv(empty_at={4: 2})
    monkeypatch.setattr(http, "fetch", fake)
    papers = arxiv_api.search(
        "all:testing", max_results=10, page_size=4, delay=0.5, sleep=sleeps.append
    )
    assert [p.id for p in papers] == TESTING_IDS
    assert [c[1]["start"] for c in fake.calls] == ["0", "4", "4", "4", "8"]
    assert sleeps == [0.5] * 4


def test_empty_page_mid_way_gives_up_after_two_retries(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    fake = FakeArxiv(empty_at={4: 99})
    monkeypatch.setattr(http, "fetch", fake)
    with pytest.raises(UpstreamError, match=r"empty page at start=4 of 10"):
        arxiv_api.search(
            "all:testing", max_results=10, page_size=4, sleep=sleeps.append
        )
    assert [c[1]["start"] for c in fake.calls] == ["0", "4", "4", "4"]
    assert sleeps == [3.0] * 3


def test_search_error_answer_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "fetch", lambda url, **kw: body(BAD_ID))
    with pytest.raises(UpstreamError, match="incorrect id format"):
        arxiv_api.search("abc", max_results=5, sleep=lambda s: None)


def test_search_drops_repeats_when_results_shift(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    # A new submission arrives between two requests: page 2 repeats page 1's last entry.
    answers = [
        page_xml(0, 3, 10, TESTING_ENTRIES[0:3]),
        page_xml(3, 3, 11, TESTING_ENTRIES[2:5]),
    ]
    monkeypatch.setattr(http, "fetch", lambda url, **kw: answers.pop(0))
    papers = arxiv_api.search(
        "all:testing", max_results=6, page_size=3, sleep=sleeps.append
    )
    assert [p.id for p in papers] == TESTING_IDS[:5]


def test_search_rejects_a_zero_page_size() -> None:
    with pytest.raises(ValueError, match="page_size"):
        arxiv_api.search("x", max_results=5, page_size=0)


def test_lookup_by_id(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, str]] = []

    def fake(
        url: str, *, params: Mapping[str, str] | None = None, **_: object
    ) -> bytes:
        calls.append(dict(params or {}))
        return body(ASTRO_PH)

    monkeypatch.setattr(http, "fetch", fake)
    (p,) = arxiv_api.lookup(["astro-ph/0601001"], sleep=lambda s: None)
    assert p.id == "astro-ph/0601001"
    assert calls == [{"id_list": "astro-ph/0601001", "start": "0", "max_results": "1"}]


def test_lookup_chunks_long_lists_and_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, str]] = []

    def fake(
        url: str, *, params: Mapping[str, str] | None = None, **_: object
    ) -> bytes:
        calls.append(dict(params or {}))
        return body(NO_SUCH_ID)

    monkeypatch.setattr(http, "fetch", fake)
    sleeps: list[float] = []
    wanted = [f"2401.{n:05d}" for n in range(150)]
    assert arxiv_api.lookup(wanted, sleep=sleeps.append) == []
    assert [c["id_list"].count(",") + 1 for c in calls] == [100, 50]
    assert sleeps == [3.0]
    assert arxiv_api.lookup([], sleep=sleeps.append) == []
    assert len(calls) == 2
