"""generator.ingest.listing over a real text capture of huggingface.co/papers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator import ids
from generator.content.records import RawPaper
from generator.errors import UpstreamError
from generator.ingest import listing

CAPTURE = (
    Path(__file__).parent
    / "fixtures"
    / "hf_listing_text"
    / "hf_papers_listing_aug8.txt"
)
DAY = date(2025, 8, 8)
FIRST = (
    "Rethinking Multilingual Continual Pretraining: Data Mixing for Adapting LLMs "
    "Across Languages and Resources"
)
LAST = (
    "A Careful Examination of Large Behavior Models for Multitask Dexterous "
    "Manipulation"
)


@pytest.fixture(scope="module")
def capture() -> str:
    return CAPTURE.read_text("utf-8")


@pytest.fixture(scope="module")
def papers(capture: str) -> list[RawPaper]:
    return listing.parse(capture, DAY)


def titled(papers: list[RawPaper], start: str) -> RawPaper:
    return next(p for p in papers if p.title.startswith(start))


def test_capture_is_as_provenance_describes(capture: str) -> None:
    lines = capture.split("\n")
    assert len(lines) == 559 and not capture.endswith("\n")
    assert lines[10] == "Aug 8"


def test_every_record(papers: list[RawPaper]) -> None:
    assert len(papers) == 137
    assert papers[0].title == FIRST
    assert papers[-1].title == LAST
    assert papers[1].title == "Position Prediction as an Effective Pretraining Strategy"


def test_record_fields(papers: list[RawPaper]) -> None:
    for p in papers:
        assert p.id == ids.title_id(p.title) and ids.TITLE_ID.fullmatch(p.id)
        assert p.source == "listing"
        assert p.authors == () and p.published is None and p.day == DAY
        assert p.links.arxiv is None and p.links.pdf is None and p.links.project is None
        assert "\n" not in p.title and p.abstract
    assert len({p.id for p in papers}) == 137


def test_header_is_skipped(papers: list[RawPaper]) -> None:
    chrome = {
        "new",
        "Subscribe",
        "Daily Papers",
        "Aug 8",
        "byAK and the research community",
    }
    assert not chrome & {p.title for p in papers}
    assert papers[0].abstract.startswith(
        "Large Language Models (LLMs) exhibit significant"
    )


def test_longest_abstract_is_not_truncated(papers: list[RawPaper]) -> None:
    longest = max(papers, key=lambda p: len(p.abstract))
    assert len(longest.abstract) == 1920  # arXiv's cap, reached exactly
    assert not longest.abstract.endswith("…")


def test_stray_tex_is_kept(papers: list[RawPaper]) -> None:
    assert any("JiuZhang~2.0" in p.abstract for p in papers)


def test_code_link_loses_trailing_punctuation(papers: list[RawPaper]) -> None:
    p = titled(papers, "Protap: A Benchmark for Protein Modeling")
    assert "https://github.com/Trust-App-AI-Lab/protap." in p.abstract
    assert p.links.code == "https://github.com/Trust-App-AI-Lab/protap"
    # " ." after the URL, and a URL ending a sentence without punctuation:
    assert titled(papers, "Tiny language models").links.code == (
        "https://github.com/Rg32601/Tiny-Language-Models"
    )
    codes = [p.links.code for p in papers if p.links.code]
    assert len(codes) == 32
    assert all(
        c.startswith("https://github.com/") and c[-1] not in ".,;:)" for c in codes
    )


def test_github_pages_are_not_code(papers: list[RawPaper]) -> None:
    p = titled(papers, LAST)
    assert "https://toyotaresearchinstitute.github.io/lbm1/" in p.abstract
    assert p.links.code is None


def test_line_endings_and_trailing_newline_do_not_matter(
    capture: str, papers: list[RawPaper]
) -> None:
    assert listing.parse(capture.replace("\n", "\r\n") + "\r\n", DAY) == papers
    assert listing.parse("\ufeff" + capture + "\n\n", DAY) == papers


def test_header_variants(capture: str, papers: list[RawPaper]) -> None:
    body = capture.split("\n", 12)[12]
    assert body.startswith(FIRST)
    assert listing.parse(body, DAY) == papers  # no header at all
    assert listing.parse("Daily Papers\n\nAugust 8, 2025\n\n" + body, DAY) == papers
    assert listing.parse("NEW\n\nSubscribe\n\n\n\nAug 12\n\n" + body, DAY) == papers


def test_odd_paragraphs_name_the_line(capture: str) -> None:
    lines = capture.split("\n")
    assert lines[556] == LAST  # line 557, 1-based
    truncated = "\n".join(lines[:-2])  # the last abstract went missing
    with pytest.raises(UpstreamError, match=r"line 557: odd number of paragraphs"):
        listing.parse(truncated, DAY)


def test_missing_abstract_mid_way_names_the_line(capture: str) -> None:
    lines = capture.split("\n")
    assert lines[16] == "Position Prediction as an Effective Pretraining Strategy"
    del lines[18:20]  # its abstract and the blank line after it
    # The pairs shift: the next abstract (line 21 now) lands where a title belongs.
    with pytest.raises(UpstreamError, match=r"line 21: expected a title"):
        listing.parse("\n".join(lines), DAY)


def test_empty_and_header_only_captures() -> None:
    assert listing.parse("", DAY) == []
    assert listing.parse("new\n\nSubscribe\n\nDaily Papers\n\nAug 8", DAY) == []
