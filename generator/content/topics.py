"""Matching papers to topics by the phrases each topic looks for in title and abstract."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.content.records import Paper, Topic

_WORD = re.compile(r"\w+")
# Every ASCII character that is not a word character becomes a space: words by split().
_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128)) if not re.match(r"\w", c)})


class TopicMatcher:
    """Whole-word phrase matching: a paper's words go in a set once, and a phrase matches
    when its first word is there and the whole phrase is found on word boundaries."""

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
