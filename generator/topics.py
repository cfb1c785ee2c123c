"""Matching papers to topics by the phrases each topic looks for in title and abstract."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.records import Paper, Topic


class TopicMatcher:
    """One compiled alternation for all phrases: one regex pass per paper, not per topic."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.order = {t.slug: i for i, t in enumerate(topics)}
        self.by_phrase: dict[str, set[str]] = {}
        for t in topics:
            for phrase in t.phrases:
                self.by_phrase.setdefault(" ".join(phrase.casefold().split()), set()).add(t.slug)
        phrases = sorted(self.by_phrase, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
            if phrases else None
        )

    def match(self, paper: Paper) -> tuple[str, ...]:
        found: set[str] = set(s for s in paper.topics if s in self.order)
        if self.pattern is not None:
            haystack = " ".join(f"{paper.title} {paper.abstract}".casefold().split())
            for m in self.pattern.finditer(haystack):
                found |= self.by_phrase[m.group(0)]
        return tuple(sorted(found, key=self.order.__getitem__))
