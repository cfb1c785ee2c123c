"""`python -m generator enrich`: papers without an arXiv id found on arXiv by title.

Every test runs against a local server answering in the recorded arXiv API format
(tests/arxiv_answers.py); none touches the network. The listing papers are the real ones of
the sample capture (content/days/2025-08-08.yml). Pages, feeds and the daily job: test_enrich_site.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from arxiv_answers import ATOM_TYPE, FakeArxiv, feed
from enriching import (
    API_ERROR,
    LISTING,
    OTHER,
    POSITION,
    SAMPLE,
    entry,
    fails,
    listing,
    run,
    sample_answers,
    snapshot,
    unchanged,
    write_content,
)
from upstream_server import Fault, Response

from generator import ids
from generator.cli import main
from generator.content.load import load
from generator.content.records import Day, Links, Paper
from generator.ingest import http, titlesearch

# -- normalising and batching ---------------------------------------------------------------------



@pytest.mark.parametrize(("ours", "theirs"), [
    ("Schrödinger Bridges", 'Schr\\"odinger Bridges'),  # TeX accent
    ("Schrödinger Bridges", "Schr{\\\"o}dinger bridges"),
    ("Efficient ﬁne-tuning", "Efficient fine-tuning"),  # ligature
    ("Efficient ﬁne-tuning", "Efficient Fine Tuning"),
    ("Łukasiewicz logic: a survey", "{\\L}ukasiewicz Logic -- A Survey"),
    ("GPT-4o  is   here!", "gpt 4o is here"),
    ("ＧＰＴ-4 Ｗｅｂ Ａｇｅｎｔ", "GPT-4 Web Agent"),  # full-width compatibility forms
])
def test_titles_fold_accents_ligatures_case_punctuation(ours: str, theirs: str) -> None:
    assert titlesearch.normalise(ours) == titlesearch.normalise(theirs)


def test_one_word_apart_is_another_title() -> None:
    assert titlesearch.normalise("Position Prediction as an Effective Pretraining Strategy") != \
        titlesearch.normalise("Position Prediction as an Efficient Pretraining Strategy")


def test_sample_day_takes_14_short_requests_three_seconds_apart(sleeps: list[float], arxiv: FakeArxiv) -> None:
    found = titlesearch.search_titles([p.title for p in SAMPLE], base_url=arxiv.url, sleep=sleeps.append)
    assert found.requests == arxiv.count() == 14
    assert sleeps == [3.0] * 13
    assert max(len(s.target) for s in arxiv.requests) < 1100
    queries = arxiv.queries()
    assert queries[0].startswith('ti:"rethinking multilingual continual pretraining data mixing for adapting llms '
                                 'across languages and" OR '
                                 'ti:"position prediction as an effective pretraining strategy" OR ')
    assert sum(q.count('ti:"') for q in queries) == 137


# -- matching -----------------------------------------------------------------------------------


def test_exact_match_fills_in_and_keeps_curator_fields(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, topics=("efficiency",), note="Curator's note.", pick=True,
                   links=Links(code="https://github.com/a/b"))
    content = listing(tmp_path, ours)
    arxiv.entries = [entry(POSITION, authors=("Ada Lovelace", "Alan Turing"))]
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    path = content / "days/2025-08-08.yml"
    assert (status, err) == (0, "")
    assert out == (
        "enrich: 1 looked up in 1 request(s): 1 matched\n"
        f"  matched: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04001 (abstracts agree 1.00; filled authors, published, links)\n"
        f"  wrote {path}\n")
    assert arxiv.queries() == ['ti:"position prediction as an effective pretraining strategy"']
    (paper,) = load(content).days[0].papers
    assert paper == replace(ours, id="2508.04001", former_ids=(POSITION.id,), authors=("Ada Lovelace", "Alan Turing"),
                            published=date(2025, 8, 6),
                            links=Links(arxiv="https://arxiv.org/abs/2508.04001", pdf="https://arxiv.org/pdf/2508.04001",
                                        code="https://github.com/a/b"))
    assert path.read_text(encoding="utf-8").splitlines()[3:6] == [
        "- id: '2508.04001'", "  former_ids:", f"  - {POSITION.id}"]


def test_near_miss_one_word_differs_is_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    near = entry(POSITION, title="Position Prediction as an Efficient Pretraining Strategy")
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, feed([near]))])  # as if arXiv's search stemmed
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 not found\n"
              f"  not found: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "closest arXiv title: 2508.04001 'Position Prediction as an Efficient Pretraining Strategy'")


def test_two_candidates_are_ambiguous(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION, "2508.04002"), entry(POSITION, "2301.00007", title=POSITION.title.upper())]
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 ambiguous\n"
              f"  ambiguous: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "2 arXiv papers have this title: 2301.00007, 2508.04002")


def test_same_title_other_abstract_is_weak(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION, abstract=SAMPLE[5].abstract)]
    score = titlesearch.agreement(POSITION.abstract, SAMPLE[5].abstract)
    assert score < 0.3
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 weak\n"
              f"  weak: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              f"2508.04001 has this title, but the abstracts agree {score:.2f} (needs 0.80)")


def test_tex_accents_and_ligatures_match(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, title="Schrödinger Bridges for ﬁne-grained Position Prediction")
    ours = replace(ours, id=ids.title_id(ours.title))
    content = listing(tmp_path, ours)
    # arXiv writes metadata as ASCII with TeX escapes, and no ligatures.
    arxiv.entries = [entry(ours, title='Schr\\"odinger Bridges for Fine-Grained Position Prediction')]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[0] == "enrich: 1 looked up in 1 request(s): 1 matched"
    assert arxiv.queries() == ['ti:"schrodinger bridges for fine grained position prediction"']
    (paper,) = load(content).days[0].papers
    assert (paper.id, paper.title, paper.former_ids) == ("2508.04001", ours.title, (ours.id,))


def test_revised_abstract_still_matches_and_rewritten_one_does_not() -> None:
    words = POSITION.abstract.split()
    revised = " ".join(words[:40] + ["Moreover,", "we", "release", "code."] + words[40:])
    assert titlesearch.agreement(POSITION.abstract, revised) > 0.95
    halves = " ".join(words[: len(words) // 2] + SAMPLE[7].abstract.split()[: len(words) // 2])
    assert titlesearch.agreement(POSITION.abstract, halves) < titlesearch.ABSTRACT_AGREEMENT


def test_paper_with_arxiv_id_but_no_authors_is_looked_up_by_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    bare = Paper(id="2508.04001", title="Some title", authors=(), abstract="", published=None, links=Links())
    content = listing(tmp_path, POSITION, bare)
    arxiv.entries = [entry(POSITION, "2508.04009"), entry(bare, abstract="The abstract.")]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[:3] == [
        "enrich: 2 looked up in 2 request(s): 1 matched, 1 filled",
        f"  matched: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04009 (abstracts agree 1.00; filled authors, published, links)",
        "  filled: 2025-08-08 2508.04001 'Some title': filled authors, published, links, abstract"]
    assert [r.params.get("id_list") for r in arxiv.requests] == [None, "2508.04001"]
    assert sleeps == [3.0]


# -- faults ---------------------------------------------------------------------------------------


def query_url(server: FakeArxiv, *titles: str) -> str:
    params = {"search_query": titlesearch.query(titles), "start": "0", "max_results": "100"}
    return f"{server.url}/api/query?{urlencode(params)}"


def test_error_entry_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(400, ATOM_TYPE, API_ERROR.read_bytes())])
    fails(capsys, listing(tmp_path, *SAMPLE[:3]), arxiv, "error: arXiv API error: incorrect id format for abc")


def test_timeout_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert http.fetch.__kwdefaults__ is not None
    monkeypatch.setitem(http.fetch.__kwdefaults__, "timeout", 0.3)
    arxiv.route("/api/query", [Fault("hang", seconds=5.0)])
    content = listing(tmp_path, POSITION)
    fails(capsys, content, arxiv,
          f"error: {query_url(arxiv, POSITION.title)}: timed out (no answer within 0.3 s) after 5 attempts")
    assert sleeps == [2.0, 4.0, 8.0, 16.0]


def test_a_fault_in_a_later_batch_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries = [entry(p, f"2508.{4000 + i}") for i, p in enumerate(SAMPLE[:15])]
    answers = [Response(200, ATOM_TYPE, feed(arxiv.entries[:10])), Response(503)]
    arxiv.route("/api/query", answers)
    content = listing(tmp_path, *SAMPLE[:15])
    url = query_url(arxiv, *(p.title for p in SAMPLE[10:15]))
    fails(capsys, content, arxiv, f"error: {url}: HTTP 503 Service Unavailable after 5 attempts")


def test_empty_body_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, b"")])
    fails(capsys, listing(tmp_path, POSITION), arxiv, "error: arXiv answered with text that is not XML")


def test_empty_page_that_stays_empty_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, feed([], total=4))])
    fails(capsys, listing(tmp_path, POSITION), arxiv,
          "error: arXiv answered an empty page for a title search (totalResults 4) 3 times in a row")
    assert arxiv.count() == 3 and sleeps == [3.0, 3.0]


def test_no_results_is_nothing_new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    unchanged(capsys, listing(tmp_path, POSITION), arxiv,
              "enrich: 1 looked up in 1 request(s): 1 not found\n"
              f"  not found: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "no arXiv paper has this title")


def test_twice_is_byte_identical(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, *SAMPLE[:6])
    arxiv.entries = [entry(p, f"2508.{4000 + i}") for i, p in enumerate(SAMPLE[:4])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = snapshot(content)
    status, _, err = run(capsys, content, "--base-url", arxiv.url)
    assert (status, err.splitlines()[0]) == (4, "enrich: 2 looked up in 1 request(s): 2 not found")
    assert snapshot(content) == after


# -- one record per paper --------------------------------------------------------------------------


def test_paper_already_present_under_its_arxiv_id_merges(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, topics=("efficiency",), note="Listing note.", pick=True)
    theirs = Paper(id="2508.04001", title=POSITION.title, authors=("Ada Lovelace",), abstract=POSITION.abstract,
                   published=date(2025, 8, 6), links=Links(arxiv="https://arxiv.org/abs/2508.04001"),
                   upvotes=7, source="hf", topics=("reasoning",), note="From HF.", tldr="Predict positions.",
                   organization="Example Lab", ai_summary="Predicting token positions pretrains well.",
                   ai_summary_model="summariser-1", ai_keywords=("pretraining", "positions"))
    content = listing(tmp_path, ours, others=(theirs,))
    arxiv.entries = [entry(POSITION, authors=("Ada Lovelace", "Alan Turing"))]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    # The entry that had the arXiv id stays where it is, under its own id, title and authors;
    # the listing paper joins it (its id a former id, its curator fields kept), and the day
    # that gained is written first: a crash in between leaves a duplicate, never a loss.
    assert out == (
        "enrich: 1 looked up in 1 request(s): 1 merged\n"
        f"  merged: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04001 (abstracts agree 1.00), merged into the entry on 2025-08-10\n"
        f"  wrote {content}/days/2025-08-10.yml\n  wrote {content}/days/2025-08-08.yml\n")
    digest = load(content)
    assert [len(d.papers) for d in digest.days] == [0, 1]
    assert digest.days[1].papers[0] == replace(
        theirs, former_ids=(POSITION.id,), topics=("reasoning", "efficiency"),
        note="From HF.\n\nListing note.", pick=True,
        links=Links(arxiv="https://arxiv.org/abs/2508.04001", pdf="https://arxiv.org/pdf/2508.04001"))


@pytest.mark.parametrize("stale", [True, False])
def test_a_merged_hf_summary_keeps_its_staleness(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], stale: bool,
) -> None:
    """An HF summary taken before arXiv's newer version stays marked when the listing paper
    takes it in a merge; a fresh one stays unmarked."""
    theirs = Paper(id="2508.04001", title=POSITION.title, authors=("Ada Lovelace",), abstract=POSITION.abstract,
                   published=date(2025, 8, 6), links=Links(arxiv="https://arxiv.org/abs/2508.04001"), source="hf",
                   ai_summary="Predicting token positions pretrains well.", ai_summary_model="summariser-1",
                   ai_summary_stale=stale)
    content = listing(tmp_path, POSITION, others=(theirs,))
    arxiv.entries = [entry(POSITION)]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    (paper,) = load(content).days[1].papers
    assert (paper.ai_summary, paper.ai_summary_model, paper.ai_summary_stale) == (
        "Predicting token positions pretrains well.", "summariser-1", stale)


def test_two_listing_papers_of_one_arxiv_paper_become_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    twin = replace(POSITION, title=POSITION.title + ".", id=ids.title_id(POSITION.title + "."))
    content = listing(tmp_path, POSITION, twin)
    arxiv.entries = [entry(POSITION)]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    (paper,) = load(content).days[0].papers
    assert (paper.id, paper.former_ids) == ("2508.04001", (POSITION.id, twin.id))


def test_a_namesake_captured_after_enrich_is_another_paper(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path, arxiv: FakeArxiv,
    sleeps: list[float],
) -> None:
    """The enriched paper still holds its title id (a former id, which merge files under it):
    a later capture of another paper whose title casefolds alike gets an id of its own
    instead of vanishing into it; the enriched paper captured again changes nothing."""
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION)]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    namesake = POSITION.title.upper()
    capture = tmp_path / "capture.txt"
    # The namesake first: no paper earlier in this capture holds the title id.
    capture.write_text(f"Daily Papers\n\nAug 8\n\n{namesake}\n\nWe predict where players stand on a football "
                       f"pitch.\n\n{POSITION.title}\n\n{POSITION.abstract}\n", encoding="utf-8")
    status = main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"])
    out, _ = capsys.readouterr()
    own = ids.title_id(namesake, "We predict where players stand on a football pitch.")
    assert (status, out) == (0, f"listing: 2 fetched, 1 added, 0 updated\n  wrote {content}/days/2025-08-08.yml\n")
    assert caplog.messages == [
        f"listing: {namesake!r} has the id {POSITION.id} of another paper whose title reads alike but whose "
        f"abstract differs: filed as {own} (remove one if they are the same paper)"]
    enriched, added = load(content).days[0].papers
    assert (enriched.id, enriched.former_ids, enriched.title) == ("2508.04001", (POSITION.id,), POSITION.title)
    assert (added.id, added.title, added.former_ids) == (own, namesake, ())
    before = snapshot(content)  # the same capture again: the same ids, nothing new
    assert main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"]) == 4
    assert snapshot(content) == before


def test_removed_arxiv_id_is_not_brought_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    (content / "removed.yml").write_text("removed:\n- id: '2508.04001'\n", encoding="utf-8")
    arxiv.entries = [entry(POSITION)]
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 removed\n"
              f"  removed: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "2508.04001 is listed in content/removed.yml: left as it is")


def test_saved_answer_and_one_day(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = write_content(tmp_path, Day(LISTING, "", (POSITION,)), Day(OTHER, "", (SAMPLE[2],)))
    saved = tmp_path / "saved.xml"
    saved.write_bytes(feed([entry(POSITION), entry(SAMPLE[2], "2508.04002")]))
    status, out, _ = run(capsys, content, "--date", "2025-08-10", "--file", str(saved))
    assert (status, out.splitlines()[0]) == (0, "enrich: 1 looked up in 0 request(s): 1 matched")
    assert [p.id for d in load(content).days for p in d.papers] == [POSITION.id, "2508.04002"]
    status, _, err = run(capsys, content, "--date", "2025-08-09", "--file", str(saved))
    assert (status, err) == (1, f"error: enrich: no day 2025-08-09 in {content}/days\n")


# -- sample listing day ------------------------------------------------------------------------------



def test_sample_listing_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[0] == ("enrich: 137 looked up in 14 request(s): 130 matched, 4 not found, 1 weak, "
                                   "1 ambiguous, 1 merged")
    counts = {kind: out.count(f"\n  {kind}: ") for kind in ("matched", "weak", "not found", "ambiguous", "merged")}
    assert counts == {"matched": 130, "weak": 1, "not found": 4, "ambiguous": 1, "merged": 1}
    assert arxiv.count() == 14 and sleeps == [3.0] * 13
    digest = load(content)
    assert sum(1 for p in digest.days[0].papers if ids.TITLE_ID.fullmatch(p.id)) == 6
    assert len(digest.days[0].papers) == 136  # the one merged away was a listing paper
    assert [(p.id, p.former_ids, p.authors) for p in digest.days[1].papers] == [
        ("2508.10030", (SAMPLE[30].id,), ("Author 30",))]




def test_id_not_in_the_answer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    bare = Paper(id="2508.04001", title="Some title", authors=(), abstract="", published=None, links=Links())
    unchanged(capsys, listing(tmp_path, bare), arxiv,
              "enrich: 1 looked up in 1 request(s): 1 not found\n"
              "  not found: 2025-08-08 2508.04001 'Some title': 2508.04001 is not in arXiv's answer")
