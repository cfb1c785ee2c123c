"""The TL;DR and where it comes from: Hugging Face's AI summary (with its model, keywords and
organization) kept through ingest, validation and dumping; a curator's `tldr` overriding it;
every view labelling which one it shows; a summary older than the paper's newest arXiv version
marked; and nothing shown where no source gave a summary."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import feedparser
import pytest
from validating import DAY, HEAD, PAPER, broken, write_day

from generator.content import dump, validate
from generator.content.records import Day, Links, Paper, RawPaper
from generator.content.validate import Checker
from generator.content.yamlsafe import parse
from generator.ingest import hf
from generator.ingest.merge import refresh
from generator.render import feeds, fragments

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/hf_daily_papers/sotawhat_2026-06-12.json"
MODEL = "Qwen/Qwen2.5-Coder-32B-Instruct"
WHEN = date(2026, 6, 12)


def _paper(**kw: object) -> Paper:
    base = Paper(id="2606.00467", title="A Paper", authors=("Ada Lovelace",), abstract="Words.",
                 published=date(2026, 5, 30), links=Links(arxiv="https://arxiv.org/abs/2606.00467"),
                 source="hf")
    return replace(base, **kw)  # type: ignore[arg-type]


def _raw(**kw: object) -> RawPaper:
    base = RawPaper(id="2606.00467", title="A Paper", authors=("Ada Lovelace",), abstract="Words.",
                    published=date(2026, 5, 30), links=Links(), source="hf")
    return replace(base, **kw)  # type: ignore[arg-type]


def test_hugging_face_fields_are_read() -> None:
    papers = {p.id: p for p in hf.parse(FIXTURE.read_bytes())}
    first = papers["2606.00467"]
    assert first.ai_summary.startswith("Large language models exhibit limited ability to correct")
    assert first.ai_summary_model == MODEL
    assert first.ai_keywords[:2] == ("zero-shot annotation", "LLM-as-a-judge")
    assert len(first.ai_keywords) == 14
    assert first.organization == "California institute of technology"  # fullname, not the handle
    assert papers["2606.10423"].organization == ""  # 14 of 30 items have none
    assert sum(bool(p.organization) for p in papers.values()) == 16
    assert all(p.ai_summary_model == MODEL for p in papers.values())


def test_no_summary_means_no_model_and_no_label() -> None:
    item = json.loads(FIXTURE.read_bytes())[0]
    del item["paper"]["ai_summary"]
    (p,) = hf.parse(json.dumps([item]).encode())
    assert (p.ai_summary, p.ai_summary_model) == ("", "")
    assert fragments.summary_of(_paper(ai_summary_model=p.ai_summary_model)) is None
    assert "pd-tldr" not in fragments.card(_paper(), (), {}, "", WHEN)


def test_keywords_of_the_wrong_shape_are_dropped_and_the_paper_kept(caplog: pytest.LogCaptureFixture) -> None:
    """An optional field (issue 11: one bad value does not cost a day)."""
    item = json.loads(FIXTURE.read_bytes())[0]
    item["paper"]["ai_keywords"] = "one, two"
    (p,) = hf.parse(json.dumps([item]).encode())
    assert p.ai_keywords == () and p.title
    assert [r.getMessage() for r in caplog.records] == [
        f"Hugging Face item 0 ({p.id}): paper.ai_keywords is not a list of strings; dropped, the paper is kept"]


def test_merge_fills_in_and_never_overwrites() -> None:
    raw = _raw(ai_summary="Upstream says.", ai_summary_model=MODEL, ai_keywords=("a",), organization="Org")
    filled = refresh(_paper(), raw)
    assert (filled.ai_summary, filled.ai_summary_model, filled.ai_keywords, filled.organization) == (
        "Upstream says.", MODEL, ("a",), "Org")
    kept = _paper(ai_summary="Corrected by hand.", ai_summary_model=MODEL, tldr="Mine.",
                  organization="Curated Org")
    again = refresh(kept, raw)
    assert (again.ai_summary, again.tldr, again.organization) == ("Corrected by hand.", "Mine.", "Curated Org")


def test_new_arxiv_version_marks_the_summary_and_a_fresh_one_clears_it() -> None:
    old = _paper(ai_summary="About v1.", ai_summary_model=MODEL)
    stale = refresh(old, _raw(announce_type="replace", version=2, abstract="v2 words."))
    assert stale.ai_summary_stale and stale.ai_summary == "About v1."
    assert fragments.summary_of(stale) == (
        f"AI summary by {MODEL} (written before the paper's newest arXiv version)", "About v1.")
    # The same summary again from Hugging Face: still stale.
    assert refresh(stale, _raw(ai_summary="About v1.", ai_summary_model=MODEL)).ai_summary_stale
    fresh = refresh(stale, _raw(ai_summary="About v2.", ai_summary_model="M2"))
    assert (fresh.ai_summary, fresh.ai_summary_model, fresh.ai_summary_stale) == ("About v2.", "M2", False)
    # A replacement of a paper without an AI summary marks nothing.
    assert not refresh(_paper(), _raw(announce_type="replace", version=2)).ai_summary_stale


def test_fields_round_trip_through_the_day_file() -> None:
    p = _paper(organization="Org", ai_summary="S.", ai_summary_model=MODEL, ai_keywords=("k1", "k2"),
               ai_summary_stale=True, tldr="Mine.")
    text = dump.day_yaml(Day(date=WHEN, intro="", papers=(p,)))
    c = Checker("x.yml")
    loaded = validate.day_file(c, parse(text), WHEN)
    assert c.problems == []
    assert loaded is not None and loaded[0].papers == (p,)
    # A paper without them dumps as before: no new keys in existing day files.
    assert "ai_" not in dump.day_yaml(Day(date=WHEN, intro="", papers=(_paper(),)))


def test_model_without_summary_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + f"  ai_summary_model: {MODEL}\n  ai_keywords: [a, 3]\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[0].ai_summary_model: names a model but there is no ai_summary "
        "(hint: remove it, or write your own summary as tldr)",
        f"{DAY}:6: papers[0].ai_keywords: YAML reads '3' as a number, not text (hint: quote it: '3')",
    ]


def test_card_paper_page_and_feed_label_the_summary() -> None:
    ai = _paper(ai_summary="An AI sentence.", ai_summary_model=MODEL, organization="Org <b>")
    card = fragments.card(ai, (), {}, "", WHEN)
    assert f'<span class="pd-tldr__label">AI summary by {MODEL}</span><p>An AI sentence.</p>' in card
    assert '<span class="pd-org">Org &lt;b&gt;</span>' in card
    body = fragments.paper_body(ai, (), {}, WHEN, "2606.00467", "@misc{}")
    assert f"AI summary by {MODEL}" in body and "<dt>Organization</dt>" in body
    curated = replace(ai, tldr="The curator's line.")
    card = fragments.card(curated, (), {}, "", WHEN)
    assert "Curator&#x27;s summary</span><p>The curator&#x27;s line.</p>" in card
    assert "An AI sentence." not in card
    spec = feeds.FeedSpec("All", "", "", [(WHEN, ai), (WHEN, replace(curated, id="2606.00468"))])
    rss, atom = feeds.render(spec, "https://example.org/", "Digest")
    for data in (rss, atom):
        entries = feedparser.parse(data).entries
        assert f"TL;DR (AI summary by {MODEL}): An AI sentence." in entries[0].summary
        assert "TL;DR (Curator&#x27;s summary): The curator&#x27;s line." in entries[1].summary
