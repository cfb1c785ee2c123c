"""Topics cost the site a fixed amount each, however many there are (issue 18, "topics
multiply the site"): a `topics.yml` of topics that match every paper made each topic page
list every topic on each of its cards, so the site grew with the square of the topics
(+300 such topics on 500 papers: 600 MB and 1.1 GB of memory). bench/topics.py measures it
at scale; this test pins the shape through the real command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sample
from validating import HEAD, PAPER, validate, write_day

from generator.content.load import load
from generator.content.topics import MAX_PAPER_TOPICS

# Words every abstract holds: a topic that looks for them matches every paper.
EVERYWHERE = "[the, of, and, a, to, in]"


def hostile_topics(n: int) -> str:
    return "".join(f"  - slug: every-{i:04d}\n    title: Everything {i}\n"
                   f"    description: A topic that matches every paper.\n    phrases: {EVERYWHERE}\n"
                   for i in range(n))


def site_bytes(tmp_path: Path, content: Path, topics: int) -> int:
    """The sample day built by `python -m generator build` with `topics` hostile topics."""
    project = sample.make_project(tmp_path / f"project-{topics}")
    shutil.rmtree(project / "content")
    shutil.copytree(content, project / "content")
    with open(project / "content" / "topics.yml", "a", encoding="utf-8") as f:
        f.write(hostile_topics(topics))
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())


def test_each_topic_costs_the_same_however_many_there_are(tmp_path: Path, content: Path) -> None:
    """Marginal bytes per topic from 20 to 40 and from 40 to 80 topics: equal when size is
    linear in topics (before: the second 40% larger, each topic page carrying every topic)."""
    sizes = {n: site_bytes(tmp_path, content, n) for n in (20, 40, 80)}
    first = (sizes[40] - sizes[20]) / 20
    second = (sizes[80] - sizes[40]) / 40
    assert 0 < first and abs(second - first) / first < 0.05, (first, second, sizes)
    assert second < 40_000  # an empty topic: its page, two feeds, a line in the indexes


def test_a_paper_carries_its_curators_tags_then_the_first_matches(content: Path) -> None:
    topics = content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + hostile_topics(30), encoding="utf-8")
    write_day(content, HEAD + PAPER + "  abstract: The best of the rest.\n  topics: [every-0029, agents]\n")
    digest = load(content)
    order = [t.slug for t in digest.topics]
    got = digest.paper_topics["2606.99999"]
    assert len(got) == MAX_PAPER_TOPICS
    assert got == tuple(sorted(["agents", "every-0029", *(f"every-{i:04d}" for i in range(10))], key=order.index))
    assert all(len(t) <= MAX_PAPER_TOPICS for t in digest.paper_topics.values())


def test_more_tags_than_a_paper_carries_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topics = content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + hostile_topics(13), encoding="utf-8")
    tags = ", ".join(f"every-{i:04d}" for i in range(13))
    write_day(content, HEAD + PAPER + f"  topics: [{tags}]\n")
    assert validate(content, capsys)[:2] == (1, [
        "content/days/2026-06-20.yml:5: papers[0].topics: 13 topics; a paper carries at most 12 "
        "(hint: keep the topics a reader would look for it under)"])
