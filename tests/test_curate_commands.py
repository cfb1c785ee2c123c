"""`add` and `remove`, run as a curator runs them, against a recorded arXiv answer served from
127.0.0.1 or read from a file (the `job` fixture: tests/daily_job.py)."""

from __future__ import annotations

from datetime import date

import pytest
from daily_job import ARXIV_BODY, HF_FIXTURE, MON, WED, Job, set_status, snapshot

from generator.content.load import load

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

# -- add and remove ---------------------------------------------------------------------


def test_add_from_a_saved_arxiv_answer(job: Job) -> None:
    code, out, err = job.run("add", "2104.12255v1", "--date", "2026-06-15", "--topic", "safety",
                             "--note", "Zero as a signature: four BLS libraries fooled.", "--pick",
                             "--file", str(ARXIV_BODY))
    assert (code, err) == (0, "")
    assert out == f"added 2104.12255 (0) to {job.content}/days/2026-06-15.yml\n"
    day = next(d for d in load(job.content).days if d.date == MON)
    (paper,) = day.papers
    assert (paper.id, paper.title, paper.source) == ("2104.12255", "0", "arxiv")
    assert (paper.topics, paper.note, paper.pick) == (("safety",), "Zero as a signature: four BLS libraries fooled.",
                                                      True)
    assert paper.links.arxiv == "https://arxiv.org/abs/2104.12255"

    again = job.run("add", "2104.12255", "--date", "2026-06-16", "--file", str(ARXIV_BODY))
    assert again == (1, "", "error: add: 2104.12255 is already in the digest on 2026-06-15 "
                            "(content/days/2026-06-15.yml)\n")


def test_add_from_the_arxiv_api(job: Job) -> None:
    job.server.serve({"/api/query": ARXIV_BODY})
    code, out, err = job.run("add", "2104.12255", "--date", "2026-06-16", "--base-url", job.server.url)
    assert (code, err) == (0, "")
    assert out == f"added 2104.12255 (0) to {job.content}/days/2026-06-16.yml\n"
    (seen,) = job.server.requests
    assert (seen.path, seen.params) == ("/api/query", {"id_list": "2104.12255", "start": "0", "max_results": "1"})


def test_add_refuses_an_unknown_topic_and_writes_nothing(job: Job) -> None:
    before = snapshot(job.content)
    code, out, err = job.run("add", "2104.12255", "--date", "2026-06-16", "--topic", "saftey", "--topic",
                             "agents", "--topic", "crypto", "--file", str(ARXIV_BODY))
    assert (code, out) == (1, "")
    # validate's own hint for an unknown topic, on the option that named it
    assert err == ("error: add --topic: unknown topic 'saftey' (hint: closest: safety)\n"
                   "add --topic: unknown topic 'crypto' (hint: add it to content/topics.yml first)\n")
    assert snapshot(job.content) == before


def test_remove_takes_a_paper_out_for_good(job: Job) -> None:
    code, out, err = job.run("remove", "2606.00467", "--reason", "duplicate of a paper we had")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"removed 2606.00467 from {job.content}/days/2026-06-12.yml",
        f"listed 2606.00467 in {job.content}/removed.yml: no ingest brings it back",
    ]
    assert (job.content / "removed.yml").read_text(encoding="utf-8").endswith(
        "removed:\n- id: '2606.00467'\n  reason: duplicate of a paper we had\n")
    digest = load(job.content)
    assert all(p.id != "2606.00467" for d in digest.days for p in d.papers)

    # A later ingest of that very day, with the paper in Hugging Face's answer: it stays out.
    set_status(job.content, date(2026, 6, 12))
    job.server.serve({"/api/daily_papers?date=2026-06-12": HF_FIXTURE})
    before = snapshot(job.content)
    code, out, err = job.daily("--date", "2026-06-12", today=WED)
    assert (code, out) == (4, "")
    assert err == "daily: 1 day(s) [2026-06-12]: 0 added, 0 updated\n  hf 2026-06-12: 30 fetched\nnothing new\n"
    assert snapshot(job.content) == before
    assert all(p.id != "2606.00467" for d in load(job.content).days for p in d.papers)

    again = job.run("remove", "2606.00467")
    assert again == (1, "", "error: remove: 2606.00467 is not in the digest and already in content/removed.yml\n")


def test_remove_takes_several_papers_or_none(job: Job) -> None:
    """`remove a b c`: every paper out in one write, or, when one id is wrong, none."""
    before = snapshot(job.content)
    code, out, err = job.run("remove", "2606.00467", "2606.12730", "not-an-id", "2606.13677")
    assert (code, out) == (1, "")
    assert err == "error: remove: 'not-an-id' is not a paper id\nnothing was removed\n"
    assert snapshot(job.content) == before

    code, out, err = job.run("remove", "2606.00467", "2606.12730v2", "2606.13677", "2606.00467",
                             "--reason", "off topic")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"removed 2606.00467 from {job.content}/days/2026-06-12.yml",
        f"removed 2606.12730 from {job.content}/days/2026-06-12.yml",
        f"removed 2606.13677 from {job.content}/days/2026-06-14.yml",
        f"listed 2606.00467 in {job.content}/removed.yml: no ingest brings it back",
        f"listed 2606.12730 in {job.content}/removed.yml: no ingest brings it back",
        f"listed 2606.13677 in {job.content}/removed.yml: no ingest brings it back",
    ]
    digest = load(job.content)
    assert [r.id for r in digest.removed][-3:] == ["2606.00467", "2606.12730", "2606.13677"]
    assert {r.reason for r in digest.removed[-3:]} == {"off topic"}
    assert not {"2606.00467", "2606.12730", "2606.13677"} & {p.id for d in digest.days for p in d.papers}

    after = snapshot(job.content)
    code, out, err = job.run("remove", "2606.00467", "2606.13594")  # the first is gone already
    assert (code, out) == (1, "")
    assert err == ("error: remove: 2606.00467 is not in the digest and already in content/removed.yml\n"
                   "nothing was removed\n")
    assert snapshot(job.content) == after
