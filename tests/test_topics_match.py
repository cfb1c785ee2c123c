"""Topic matching: linear in the text, whatever the number of phrases, and exactly the
results of the former matcher (one regular expression per phrase), kept here as the
reference."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample import SAMPLE_CONTENT
from validating import HEAD, PAPER, validate, write_day

from generator.content.load import load
from generator.content.records import Links, Paper, Topic
from generator.content.topics import TopicMatcher

ROOT = Path(__file__).resolve().parent.parent

_WORD = re.compile(r"\w+")
_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128)) if not re.match(r"\w", c)})


class ReferenceMatcher:
    """The matcher before it was made linear: papers x phrases regular expressions."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.order = {t.slug: i for i, t in enumerate(topics)}
        self.by_first: dict[str, list[tuple[re.Pattern[str] | None, frozenset[str]]]] = {}
        grouped: dict[str, set[str]] = {}
        for t in topics:
            for phrase in t.phrases:
                grouped.setdefault(" ".join(phrase.casefold().split()), set()).add(t.slug)
        for phrase, slugs in grouped.items():
            words = _WORD.findall(phrase)
            if not words:
                continue
            exact = None if [phrase] == words else re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
            self.by_first.setdefault(words[0], []).append((exact, frozenset(slugs)))

    def match(self, paper: Paper) -> tuple[str, ...]:
        found: set[str] = set(s for s in paper.topics if s in self.order)
        haystack = " ".join(f"{paper.title} {paper.abstract}".casefold().split())
        for word in set(haystack.translate(_PUNCTUATION).split()) & self.by_first.keys():
            for exact, slugs in self.by_first[word]:
                if exact is None or exact.search(haystack):
                    found |= slugs
        return tuple(sorted(found, key=self.order.__getitem__))


def paper(title: str, abstract: str = "", topics: tuple[str, ...] = ()) -> Paper:
    return Paper("2401.00001", title, (), abstract, None, Links(), topics=topics)


@pytest.mark.fork
def test_same_topics_as_before_on_the_sample_content() -> None:
    digest = load(SAMPLE_CONTENT)
    new, old = TopicMatcher(digest.topics), ReferenceMatcher(digest.topics)
    papers = [p for d in digest.days for p in d.papers]
    assert len(papers) > 100
    assert [new.match(p) for p in papers] == [old.match(p) for p in papers]
    assert sum(1 for p in papers if new.match(p)) > 50  # the comparison compares something


PHRASES = ["c++", ".net", "-based", "gpt-4o", "vision-language", "tool use", "x.", "(rl)",
           "état-de-l'art", "ß", "a b", "a", "b a", "a-b", "a--b", "a -b"]


@pytest.mark.parametrize("text", ["c++ is .net -based", "(c++)", "abc++", "x.net", "gpt-4o!", "GPT-4o2",
                                  "robot’s robot", "x..", "x.y", "État-de-l'art", "SS strasse", "a-based",
                                  "a  b", "b a b", "a--b a -b", "(rl) (rl", "rl)"])
def test_punctuation_and_boundaries_as_before(text: str) -> None:
    topics = [Topic(f"t{i}", "T", "", (p,)) for i, p in enumerate(PHRASES)]
    new, old = TopicMatcher(topics), ReferenceMatcher(topics)
    assert new.match(paper(text)) == old.match(paper(text))


_ALPHABET = st.sampled_from(list("ab ß-.+()’é_\t\n") + ["ss", "SS", "A", "1"])
_TEXT = st.lists(_ALPHABET, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(phrases=st.lists(_TEXT, max_size=8), title=_TEXT, abstract=_TEXT)
def test_same_topics_as_before_for_any_text(phrases: list[str], title: str, abstract: str) -> None:
    topics = [Topic(f"t{i}", "T", "", (p.casefold(),)) for i, p in enumerate(phrases)]
    p = paper(title, abstract, topics=("t0",) if phrases else ())
    assert TopicMatcher(topics).match(p) == ReferenceMatcher(topics).match(p)


def test_twenty_thousand_phrases_validate_in_linear_time(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The attack: a topics.yml with 20,000 phrases sharing a first word that every
    abstract holds (96 s for `validate` before, papers x phrases)."""
    phrases = ", ".join(f"'the x{i}'" for i in range(20_000))
    topics = content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + f"  - slug: many\n    title: Many\n"
                      f"    phrases: [{phrases}, 'the model']\n", encoding="utf-8")
    started = time.process_time()
    status, lines, out = validate(content, capsys)
    elapsed = time.process_time() - started
    assert (status, lines) == (0, [])
    assert out.startswith("content/ is valid:")
    assert elapsed < 5, f"validate took {elapsed:.1f} s"  # a guard: measured 0.4 s here
    digest = load(content)
    assert any("many" in t for t in digest.paper_topics.values())  # 'the model' still matches


def test_unknown_tags_among_twenty_thousand_topics(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A "closest: ..." hint compares the tag with every topic (1 s each at 20,000 topics):
    hints are bounded, so unknown tags x topics cannot add up."""
    topics = content / "topics.yml"
    many = "".join(f"  - slug: topic-{i}\n    title: T{i}\n" for i in range(20_000))
    topics.write_text(topics.read_text(encoding="utf-8") + many, encoding="utf-8")
    tags = ", ".join(f"topik-{i}" for i in range(300))
    write_day(content, HEAD + PAPER + f"  topics: [{tags}]\n")
    started = time.process_time()
    status, lines, _ = validate(content, capsys)
    elapsed = time.process_time() - started
    assert status == 1 and lines.pop(0) == ("content/days/2026-06-20.yml:5: papers[0].topics: 300 topics; "
                                            "a paper carries at most 12 (hint: keep the topics a reader "
                                            "would look for it under)")
    assert len(lines) == 300
    assert lines[0] == ("content/days/2026-06-20.yml:5: papers[0].topics: unknown topic 'topik-0' "
                        "(hint: add it to content/topics.yml first)")
    assert elapsed < 5, f"validate took {elapsed:.1f} s"


def test_only_the_first_fifty_unknown_tags_get_a_closest_hint(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Below SUGGEST_FROM topics each hint is a pass over them all: load.MAX_HINTS bounds
    how many a load makes (300 unknown tags among 1,000 topics took 4.6 s without it)."""
    tags = ", ".join(f"agentz{i}" for i in range(60))
    write_day(content, HEAD + PAPER + f"  topics: [{tags}]\n")
    status, lines, _ = validate(content, capsys)
    assert status == 1 and lines.pop(0).endswith("60 topics; a paper carries at most 12 "
                                                 "(hint: keep the topics a reader would look for it under)")
    assert len(lines) == 60
    hints = [line.rsplit("(hint: ", 1)[1] for line in lines]
    assert hints.count("closest: agents)") == 50
    assert hints.count("add it to content/topics.yml first)") == 10


def test_hints_for_a_few_unknown_tags(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  topics: [agent]\n")
    assert validate(content, capsys)[1] == [
        "content/days/2026-06-20.yml:5: papers[0].topics: unknown topic 'agent' (hint: closest: agents, safety)"]
