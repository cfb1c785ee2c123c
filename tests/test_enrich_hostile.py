"""`enrich` against a hostile arXiv: answers that would rewrite or delete real papers, break
the digest's id rules, or cost unbounded time. Each answer arrives as it would, from the
local arXiv of tests/arxiv_answers.py through the real command; the listing papers are the
sample capture's."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from arxiv_answers import ATOM_TYPE, Entry, FakeArxiv, feed
from enriching import LISTING, POSITION, SAMPLE, entry, listing, run, snapshot, write_content
from upstream_server import Response

from generator.cli import main
from generator.content.records import Day, Links, Paper
from generator.ingest import titlesearch
from generator.jobs import enrich

TITLE = "'Position Prediction as an Effective Pretraining Strategy'"
# A real paper already in the digest, from Hugging Face, two days after the listing day.
REAL = Paper(id="2508.04001", title=SAMPLE[5].title, authors=("Grace Hopper", "Edsger Dijkstra"),
             abstract=SAMPLE[5].abstract, published=date(2025, 8, 6),
             links=Links(arxiv="https://arxiv.org/abs/2508.04001"), source="hf", upvotes=40,
             topics=("reasoning",), note="A curator's note.")


def refused(capsys: pytest.CaptureFixture[str], content: Path, server: FakeArxiv, why: str, *,
            warning: str = "", caplog: pytest.LogCaptureFixture | None = None) -> None:
    """Exit 4, the refusal in the report (and as a warning), content/ byte-identical and valid."""
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", server.url)
    assert (status, out) == (4, "")
    if caplog is not None:
        assert caplog.messages == [warning]
    assert err == ("enrich: 1 looked up in 1 request(s): 1 refused\n"
                   + f"  refused: 2025-08-08 {POSITION.id} {TITLE}: {why}\n"
                   + "nothing new: content/ is unchanged\n")
    assert snapshot(content) == before
    assert main(["--content", str(content), "validate"]) == 0
    capsys.readouterr()


def test_an_answer_cannot_merge_a_listing_paper_into_another_real_paper(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path, arxiv: FakeArxiv,
    sleeps: list[float],
) -> None:
    """The red team's answer: the listing paper's title and abstract under the id of a real
    paper of another day. Before, the real paper was deleted from its day and its id carried
    the listing paper's title; validate passed. The entry's own title must agree."""
    content = listing(tmp_path, POSITION, others=(REAL,))
    arxiv.entries = [entry(POSITION, REAL.id, authors=REAL.authors)]
    refused(capsys, content, arxiv,
            f"-> 2508.04001? the entry on 2025-08-10 has that id, and its title is {REAL.title!r}: left as it is",
            warning=f"enrich: {POSITION.id}: arXiv's answer makes it 2508.04001, the id of the entry on "
                    f"2025-08-10, which is not this paper (its title is {REAL.title!r}): nothing merged", caplog=caplog)


def test_a_real_namesake_with_another_abstract_is_not_merged(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path, arxiv: FakeArxiv,
    sleeps: list[float],
) -> None:
    namesake = replace(REAL, title=POSITION.title)
    content = listing(tmp_path, POSITION, others=(namesake,))
    arxiv.entries = [entry(POSITION, REAL.id, authors=REAL.authors)]
    score = titlesearch.agreement(POSITION.abstract, REAL.abstract)
    why = f"the abstracts agree {score:.2f} (needs 0.80)"
    refused(capsys, content, arxiv, f"-> 2508.04001? the entry on 2025-08-10 has that id, and {why}: left as it is",
            warning=f"enrich: {POSITION.id}: arXiv's answer makes it 2508.04001, the id of the entry on "
                    f"2025-08-10, which is not this paper ({why}): nothing merged", caplog=caplog)


def test_a_merge_needs_an_author_in_common(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path, arxiv: FakeArxiv,
    sleeps: list[float],
) -> None:
    """Title and abstract agree (a copy of the real paper would), but the answer's authors
    share no name with the entry's: arXiv is not saying the same thing about that id."""
    twin = replace(REAL, title=POSITION.title, abstract=POSITION.abstract)
    content = listing(tmp_path, POSITION, others=(twin,))
    arxiv.entries = [entry(POSITION, REAL.id, authors=("Mallory Attacker",))]
    why = "no author of it is among arXiv's"
    refused(capsys, content, arxiv, f"-> 2508.04001? the entry on 2025-08-10 has that id, and {why}: left as it is",
            warning=f"enrich: {POSITION.id}: arXiv's answer makes it 2508.04001, the id of the entry on "
                    f"2025-08-10, which is not this paper ({why}): nothing merged", caplog=caplog)


def test_an_answer_cannot_give_a_paper_another_papers_former_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    """Before, enrich exited 0 having written content that validate refuses: the listing
    paper took an id that is a former id of another paper (whose old page redirects)."""
    renumbered = replace(REAL, id="2508.09999", former_ids=("2508.04001",))
    content = listing(tmp_path, POSITION, others=(renumbered,))
    arxiv.entries = [entry(POSITION, "2508.04001")]
    refused(capsys, content, arxiv, "-> 2508.04001? 2508.04001 is a former id of 2508.09999: left as it is")


def test_an_id_lookup_answered_with_another_title_fills_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    bare = Paper(id="2508.04001", title="Some title", authors=(), abstract="", published=None, links=Links())
    content = listing(tmp_path, bare)
    arxiv.entries = [Entry("2508.04001", "Another Paper Altogether", "Its abstract.", authors=("Mallory",))]
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    assert (status, out) == (4, "")
    assert err == ("enrich: 1 looked up in 1 request(s): 1 refused\n"
                   "  refused: 2025-08-08 2508.04001 'Some title': arXiv's 2508.04001 has another title, "
                   "'Another Paper Altogether': left as it is\nnothing new: content/ is unchanged\n")
    assert snapshot(content) == before


def test_a_plan_that_breaks_the_id_rules_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last line of defence, whatever the plan's rules miss: what enrich would write is
    read back and checked with load's digest-wide id rules before anything is written."""
    other = replace(REAL, id="2508.09999")
    content = listing(tmp_path, POSITION, others=(other,))
    arxiv.entries = [entry(POSITION)]
    take_id = enrich._take_id
    monkeypatch.setattr(enrich, "_take_id", lambda paper, new_id, old: replace(
        take_id(paper, new_id, old), former_ids=(old.id, "2508.09999")))  # a bug: a live paper's id
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    assert (status, out) == (3, "")
    assert err == ("error: enrich: the answer would not load back as content; nothing was written:\n"
                   "  content/days/2025-08-08.yml:4: papers[0].former_ids: 2508.09999 is already a paper "
                   "or a former id at content/days/2025-08-10.yml (hint: keep one entry per paper)\n")
    assert snapshot(content) == before


# -- answers capped in entries and bytes; judged in linear time -------------------------------------


def flood(n: int) -> list[Entry]:
    """n candidates whose titles share words with every sample title, and no exact match:
    the worst case for a closest-title hint (an attacker's near-namesakes)."""
    return [Entry(f"2508.{i:05d}", f"{SAMPLE[i % len(SAMPLE)].title} revisited {i}",
                  SAMPLE[(i * 7) % len(SAMPLE)].abstract) for i in range(n)]


def test_an_answer_with_more_entries_than_asked_for_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    """Each title search asks for at most 100 entries; arXiv sends no more."""
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, feed(flood(101)))])
    content = listing(tmp_path, POSITION)
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    assert (status, out, err) == (3, "", "error: arXiv answered 101 entries to a request for at most 100: refused\n")
    assert snapshot(content) == before and arxiv.count() == 1


def test_an_answer_over_the_byte_cap_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    body = feed(flood(100)).replace(b"</feed>", b"<!--" + b"x" * titlesearch.MAX_ANSWER_BYTES + b"--></feed>")
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, body)])
    content = listing(tmp_path, POSITION)
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    url = arxiv.requests[0].target
    assert (status, out) == (3, "")
    assert err == (f"error: {arxiv.url}{url}: answer of {len(body):,} bytes exceeds the 8 MB limit "
                   "(refused unread: no real answer is this large)\n")
    assert snapshot(content) == before and arxiv.count() == 1 and sleeps == []


def test_a_saved_answer_is_capped_as_a_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = listing(tmp_path, POSITION)
    saved = tmp_path / "saved.xml"
    saved.write_bytes(feed(flood(enrich.MAX_FILE_ENTRIES + 1)))
    status, out, err = run(capsys, content, "--file", str(saved))
    assert (status, out) == (3, "")
    assert err == "error: arXiv answered 2,001 entries to a request for at most 2,000: refused\n"


def test_a_full_day_against_full_answers_is_judged_in_linear_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    """The sample day's 137 titles, and every one of its 14 requests answered with the most
    an answer may hold: 100 near-namesakes each (1,400 candidates, 3.6 MB in all). Scanning
    every candidate for every title took 37 s for 2,000 candidates; indexed, about 1 s."""
    answers = [Response(200, ATOM_TYPE, feed(flood(1400)[i * 100:(i + 1) * 100])) for i in range(14)]
    arxiv.route("/api/query", answers)
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE))
    started = time.process_time()
    status, _, err = run(capsys, content, "--base-url", arxiv.url)
    elapsed = time.process_time() - started
    assert status == 4 and err.splitlines()[0] == "enrich: 137 looked up in 14 request(s): 137 not found"
    assert f"  not found: 2025-08-08 {POSITION.id} {TITLE}: closest arXiv title: 2508.00001 " \
           f"'{POSITION.title} revisited 1'" in err.splitlines()
    assert elapsed < 10, f"took {elapsed:.1f} s"  # a guard; measured about 2 s


def test_the_daily_job_enriching_a_source_refuses_the_same_answer(
    tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The daily job enriches what a source with `enrich: true` brought in through the same
    plan: the real paper of another day stays as it was, the new paper is published as ingested."""
    from generator.content.load import load
    from generator.content.records import RawPaper
    from generator.ingest.registry import DayAnswer
    from generator.jobs.daily import run_daily

    content = write_content(tmp_path, Day(date(2025, 8, 6), "", (REAL,)))
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - name: caps\n    kind: hf\n    enrich: true\n", encoding="utf-8")
    raw = RawPaper(id=POSITION.id, title=POSITION.title, authors=(), abstract=POSITION.abstract, published=None,
                   links=Links(), source="listing")
    arxiv.entries = [entry(POSITION, REAL.id, authors=REAL.authors)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754611200")  # 2025-08-08
    report = run_daily(content, sources, fetch=lambda source, day, today: DayAnswer([raw]),
                       lookup=enrich.arxiv_lookup(arxiv.url, sleep=sleeps.append))
    assert report.summary().splitlines()[2] == "  enrich: 1 looked up in 1 request(s): 1 refused"
    digest = load(content)
    assert [[p.id for p in d.papers] for d in digest.days] == [[REAL.id], [POSITION.id]]
    assert digest.days[0].papers[0] == REAL
