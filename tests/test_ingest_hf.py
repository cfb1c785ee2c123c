"""generator.ingest.hf over a real /api/daily_papers answer (fixtures/PROVENANCE.md)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator import text
from generator.errors import UpstreamError
from generator.ingest import hf, http

FIXTURE = (
    Path(__file__).parent / "fixtures" / "hf_daily_papers" / "sotawhat_2026-06-12.json"
)
DAY = date(2026, 6, 12)
_REMOVE = object()  # in derived(): delete the field


@pytest.fixture(scope="module")
def raw() -> bytes:
    return FIXTURE.read_bytes()


@pytest.fixture(scope="module")
def items(raw: bytes) -> list[dict[str, Any]]:
    doc: list[dict[str, Any]] = json.loads(raw)
    return doc


def derived(items: list[dict[str, Any]], index: int, **changes: Any) -> bytes:
    """A one-item answer made from a real item, paper fields changed or removed."""
    item = copy.deepcopy(items[index])
    for key, value in changes.items():
        if value is _REMOVE:
            item["paper"].pop(key, None)
        else:
            item["paper"][key] = value
    return json.dumps([item]).encode()


def by_id(papers: list[Any], paper_id: str) -> Any:
    return next(p for p in papers if p.id == paper_id)


def test_every_item_becomes_a_paper(raw: bytes) -> None:
    papers = hf.parse(raw)
    assert len(papers) == 30
    assert len({p.id for p in papers}) == 30
    assert all(p.source == "hf" and p.version is None for p in papers)
    assert papers[0].id == "2606.00467"  # Hugging Face's order is kept
    assert papers[-1].id == "2606.13106"


def test_one_paper_in_full(raw: bytes) -> None:
    p = by_id(hf.parse(raw), "2606.13392")
    assert p.title == "MiniMax Sparse Attention"
    assert p.upvotes == 103
    assert p.stars == 251
    assert p.links.code == "https://github.com/MiniMax-AI/MSA"
    assert p.links.project is None
    assert p.links.arxiv == "https://arxiv.org/abs/2606.13392"
    assert p.links.pdf == "https://arxiv.org/pdf/2606.13392"
    assert p.authors[0] == "Xunhao Lai"
    assert len(p.authors) == 11
    assert p.abstract.startswith(
        "Ultra-long-context capability is becoming indispensable"
    )
    assert p.abstract.endswith("https://huggingface.co/MiniMaxAI/MiniMax-M3.")


def test_day_is_the_daily_list_date_not_the_publication_date(raw: bytes) -> None:
    papers = hf.parse(raw)
    assert {p.day for p in papers} == {DAY}
    assert all(p.published is not None and p.published < DAY for p in papers)
    # paper.publishedAt (2026-05-30), not the top-level publishedAt (2026-05-29).
    assert by_id(papers, "2606.00467").published == date(2026, 5, 30)
    assert by_id(papers, "2606.13392").published == date(2026, 6, 11)


def test_zero_upvotes_and_no_repository(raw: bytes) -> None:
    p = by_id(hf.parse(raw), "2606.00467")
    assert p.upvotes == 0  # 0, not None: the field was there
    assert p.stars is None
    assert p.links.code is None and p.links.project is None


def test_project_page_and_code(raw: bytes) -> None:
    p = by_id(hf.parse(raw), "2606.10423")
    assert p.links.code == "https://github.com/jayoohwang1/webchallenger"
    assert p.links.project == "https://jayoohwang1.github.io/webchallenger-site/"
    assert p.stars == 2


def test_hidden_author_is_dropped(raw: bytes, items: list[dict[str, Any]]) -> None:
    hidden = [a["name"] for a in items[20]["paper"]["authors"] if a["hidden"]]
    assert hidden == ["Dengyang Jiang"]
    p = by_id(hf.parse(raw), "2606.12575")
    assert "Dengyang Jiang" not in p.authors
    assert len(p.authors) == 9
    assert p.authors[:3] == ("Dongyang Liu", "Ruoyi Du", "David Liu")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MiniMax-AI/MSA", "https://github.com/MiniMax-AI/MSA"),
        ("https://github.com/MiniMax-AI/MSA", "https://github.com/MiniMax-AI/MSA"),
        (
            "http://www.github.com/MiniMax-AI/MSA.git",
            "https://github.com/MiniMax-AI/MSA",
        ),
        (
            "https://github.com/MiniMax-AI/MSA/tree/main",
            "https://github.com/MiniMax-AI/MSA",
        ),
        ("github.com/MiniMax-AI/MSA", "https://github.com/MiniMax-AI/MSA"),
        ("https://gitlab.com/group/project", "https://gitlab.com/group/project"),
        ("https://github.com/MiniMax-AI", None),  # an organisation, not a repository
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
        (_REMOVE, None),
    ],
)
def test_github_repo_is_normalised(
    items: list[dict[str, Any]], value: Any, expected: str | None
) -> None:
    (p,) = hf.parse(derived(items, 21, githubRepo=value))
    assert p.id == "2606.13392"
    assert p.links.code == expected


def test_unsafe_project_page_is_dropped(items: list[dict[str, Any]]) -> None:
    (p,) = hf.parse(derived(items, 4, projectPage="javascript:alert(1)"))
    assert p.links.project is None


def test_summary_falls_back_to_top_level(items: list[dict[str, Any]]) -> None:
    (p,) = hf.parse(derived(items, 21, summary=_REMOVE))
    assert p.abstract.startswith("Ultra-long-context capability")
    item = copy.deepcopy(items[21])
    del item["paper"]["summary"], item["summary"]
    (p,) = hf.parse(json.dumps([item]).encode())
    assert p.abstract == ""


def test_2024_shape_hard_wrapped_and_without_daily_date(
    items: list[dict[str, Any]],
) -> None:
    # The 2024 schema: wrapped title and summary, no submittedOnDailyAt, no githubRepo.
    data = derived(
        items,
        0,
        title="Breaking the Memory Barrier: Near Infinite Batch Size Scaling for\n"
        "  Contrastive Loss",
        summary="Contrastive loss is a powerful approach\nfor representation learning.",
        submittedOnDailyAt=_REMOVE,
        publishedAt="2024-10-22T17:59:30.000Z",
    )
    (p,) = hf.parse(data)
    assert p.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for "
        "Contrastive Loss"
    )
    assert (
        p.abstract
        == "Contrastive loss is a powerful approach for representation learning."
    )
    assert p.day is None
    assert p.published == date(2024, 10, 22)


def test_timestamps_are_read_in_utc(items: list[dict[str, Any]]) -> None:
    (p,) = hf.parse(
        derived(items, 0, submittedOnDailyAt="2026-06-12T23:30:00.000-05:00")
    )
    assert p.day == date(2026, 6, 13)


def test_authors_are_capped(items: list[dict[str, Any]]) -> None:
    many = [{"_id": str(i), "name": f"Author {i}", "hidden": False} for i in range(600)]
    (p,) = hf.parse(derived(items, 0, authors=many))
    assert len(p.authors) == text.MAX_AUTHORS
    assert p.authors[-1] == f"Author {text.MAX_AUTHORS - 1}"


def test_html_page_is_an_upstream_error() -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Hugging Face</title></head></html>"
    with pytest.raises(UpstreamError, match="HTML page, not JSON"):
        hf.parse(page)
    with pytest.raises(UpstreamError, match="HTML page"):
        hf.parse(b"\n  <html>")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "invalid JSON"),
        (b'[{"paper": ', "invalid JSON"),
        (b'{"error": "Invalid date"}', "error: Invalid date"),
        (b'{"papers": []}', "JSON dict, not a list"),
        (b'"hello"', "JSON str, not a list"),
    ],
)
def test_not_a_list_of_papers(body: bytes, message: str) -> None:
    with pytest.raises(UpstreamError, match=message):
        hf.parse(body)


def test_empty_list_is_no_papers() -> None:
    assert hf.parse(b"[]") == []


@pytest.mark.parametrize(
    ("index", "change", "field"),
    [
        (7, {"id": _REMOVE}, "paper.id"),
        (7, {"id": 2606.12451}, "paper.id"),
        (7, {"id": "not-an-arxiv-id"}, "paper.id"),
        (3, {"title": _REMOVE}, "paper.title"),
        (3, {"title": "   "}, "paper.title"),
    ],
)
def test_schema_drift_names_item_and_field(
    raw: bytes, index: int, change: dict[str, Any], field: str
) -> None:
    doc = json.loads(raw)
    for key, value in change.items():
        if value is _REMOVE:
            del doc[index]["paper"][key]
        else:
            doc[index]["paper"][key] = value
    with pytest.raises(UpstreamError, match=rf"item {index}: {field}"):
        hf.parse(json.dumps(doc).encode())


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"upvotes": "5"}, "paper.upvotes is not an integer: '5'"),
        ({"githubStars": -1}, "paper.githubStars is not a count from 0 to 1000000000: -1"),
        ({"publishedAt": "yesterday"}, "paper.publishedAt is not an ISO timestamp: 'yesterday'"),
        ({"publishedAt": "0001-01-01T00:00:00+01:00"},
         "paper.publishedAt is not an ISO timestamp: '0001-01-01T00:00:00+01:00'"),
        ({"publishedAt": "0001-01-01T00:00:00Z"},
         "paper.publishedAt is out of range: 0001-01-01 is before arXiv existed (1991-08-01)"),
        ({"authors": [{"_id": "x"}]}, "paper.authors holds an entry without a name"),
    ],
)
def test_bad_optional_field_is_dropped_with_a_warning(
    raw: bytes, change: dict[str, Any], warning: str, caplog: pytest.LogCaptureFixture
) -> None:
    doc = json.loads(raw)
    doc[3]["paper"].update(change)
    papers = hf.parse(json.dumps(doc).encode())
    assert len(papers) == len(doc)
    field = {"upvotes": "upvotes", "githubStars": "stars", "publishedAt": "published",
             "authors": "authors"}[next(iter(change))]
    assert getattr(papers[3], field) in (None, ())
    assert papers[3].title and papers[2] == hf.parse(raw)[2]
    assert caplog.messages == [f"Hugging Face item 3 ({papers[3].id}): {warning}; dropped, the paper is kept"]


def test_missing_paper_object_is_drift(raw: bytes) -> None:
    doc = json.loads(raw)
    del doc[12]["paper"]
    with pytest.raises(UpstreamError, match="item 12: paper"):
        hf.parse(json.dumps(doc).encode())


class FakeFetch:
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.calls: list[tuple[str, dict[str, str]]] = []

    def __call__(
        self, url: str, *, params: Mapping[str, str] | None = None, **_: object
    ) -> bytes:
        self.calls.append((url, dict(params or {})))
        return self.body


def test_fetch_day_asks_for_the_day(
    monkeypatch: pytest.MonkeyPatch, raw: bytes
) -> None:
    fake = FakeFetch(raw)
    monkeypatch.setattr(http, "fetch", fake)
    papers = hf.fetch_day(DAY, base_url="https://hf.example/")
    assert fake.calls == [
        ("https://hf.example/api/daily_papers", {"date": "2026-06-12"})
    ]
    assert len(papers) == 30


def test_fetch_day_keeps_only_that_day(
    monkeypatch: pytest.MonkeyPatch, raw: bytes
) -> None:
    monkeypatch.setattr(http, "fetch", FakeFetch(raw))
    assert hf.fetch_day(date(2026, 6, 11)) == []


def test_fetch_day_keeps_papers_without_a_daily_date(
    monkeypatch: pytest.MonkeyPatch, items: list[dict[str, Any]]
) -> None:
    monkeypatch.setattr(
        http, "fetch", FakeFetch(derived(items, 0, submittedOnDailyAt=None))
    )
    (p,) = hf.fetch_day(date(2020, 1, 1))
    assert p.day is None
