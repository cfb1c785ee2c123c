"""Matching papers to topics by the phrases each topic looks for in title and abstract.

A phrase matches where it stands in the casefolded text on word boundaries (no word
character just before or after it) and its first word is also one of the text's words
(split at spaces and ASCII punctuation). The text is read once, word by word, against a
trie of every phrase's words: the work grows with the text, not with the number of
phrases (20,000 phrases, one regular expression each, made `validate` take 96 s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.content.records import Paper, Topic

# The topics one paper carries, at most: a real paper has a few (the sample's most is 6). A
# paper is a card on each of its topic pages and an item in each topic's feeds, and its card
# shows each of its topics: without a bound, topics that match every paper would make each
# topic page list every topic (site size growing with the square of the topics: 600 MB and
# 1.1 GB of memory at 300 such topics on 500 papers). The curator's own tags come first
# (`validate` refuses more than this many), then matches in the order of topics.yml.
MAX_PAPER_TOPICS = 12

# Words and what stands between them: [sep0, word0, sep1, word1, ..., wordN, sepN+1].
_SPLIT = re.compile(r"(\w+)")
# Every ASCII character that is not a word character becomes a space: words by split().
_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128)) if not re.match(r"\w", c)})


@dataclass
class _Ends:
    """Phrases ending at one trie node, by what they hold before their first word and
    after their last (both usually empty; ".net" and "c++" are not)."""

    by_lead: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    lead_lengths: list[int] = field(default_factory=list)
    tail_lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, lead: str, tail: str, slugs: set[str]) -> None:
        tails = self.by_lead.setdefault(lead, {})
        tails.setdefault(tail, set()).update(slugs)
        self.lead_lengths = sorted({*self.lead_lengths, len(lead)})
        self.tail_lengths[lead] = sorted({*self.tail_lengths.get(lead, []), len(tail)})

    def match(self, before: str, at_start: bool, after: str, at_end: bool, found: set[str]) -> None:
        # `before` is all that separates the first word from the previous one: a lead
        # matches as its suffix, and takes all of it only at the start of the text
        # (else a word character would stand just before the phrase). Tails likewise.
        for n in self.lead_lengths:
            if n > len(before) or (n == len(before) and n and not at_start):
                break
            lead = before[len(before) - n:]
            tails = self.by_lead.get(lead)
            if tails is None:
                continue
            for m in self.tail_lengths[lead]:
                if m > len(after) or (m == len(after) and m and not at_end):
                    break
                slugs = tails.get(after[:m])
                if slugs:
                    found |= slugs


@dataclass
class _Node:
    next: dict[tuple[str, str], _Node] = field(default_factory=dict)  # (separator, word)
    ends: _Ends | None = None


class TopicMatcher:
    def __init__(self, topics: Sequence[Topic]) -> None:
        self.order = {t.slug: i for i, t in enumerate(topics)}
        grouped: dict[str, set[str]] = {}
        for t in topics:
            for phrase in t.phrases:
                grouped.setdefault(" ".join(phrase.casefold().split()), set()).add(t.slug)
        self.words: dict[str, frozenset[str]] = {}  # one-word phrases: a set lookup
        self.roots: dict[str, _Node] = {}  # the rest, by first word
        for phrase, slugs in grouped.items():
            parts = _SPLIT.split(phrase)
            if len(parts) < 3:
                continue  # no word in it: nothing to find
            if len(parts) == 3 and not parts[0] and not parts[2]:
                self.words[phrase] = self.words.get(phrase, frozenset()) | slugs
                continue
            node = self.roots.setdefault(parts[1], _Node())
            for i in range(2, len(parts) - 2, 2):
                node = node.next.setdefault((parts[i], parts[i + 1]), _Node())
            if node.ends is None:
                node.ends = _Ends()
            node.ends.add(parts[0], parts[-1], slugs)

    def match(self, paper: Paper) -> tuple[str, ...]:
        """The paper's topics in the order of topics.yml: its curator's tags, then the topics
        whose phrases it holds, MAX_PAPER_TOPICS at most."""
        tagged = [s for s in paper.topics if s in self.order][:MAX_PAPER_TOPICS]
        found: set[str] = set()
        haystack = " ".join(f"{paper.title} {paper.abstract}".casefold().split())
        words = set(haystack.translate(_PUNCTUATION).split())
        for word in words & self.words.keys():
            found |= self.words[word]
        starts = words & self.roots.keys()
        if starts:
            self._phrases(_SPLIT.split(haystack), starts, found)
        room = MAX_PAPER_TOPICS - len(tagged)
        matched = sorted(found.difference(tagged), key=self.order.__getitem__)[:room]
        return tuple(sorted((*tagged, *matched), key=self.order.__getitem__))

    def _phrases(self, parts: list[str], starts: set[str], found: set[str]) -> None:
        last = len(parts) - 2  # index of the last word
        for k in [k for k in range(1, last + 1, 2) if parts[k] in starts]:
            node: _Node | None = self.roots[parts[k]]
            j = k
            while node is not None:
                if node.ends is not None:
                    node.ends.match(parts[k - 1], k == 1, parts[j + 1], j == last, found)
                node = node.next.get((parts[j + 1], parts[j + 2])) if j < last else None
                j += 2
