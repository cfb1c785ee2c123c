"""Related papers: for every paper, the few most similar ones in the digest by their text,
computed once per build.

tf-idf over the words of the title (counted twice), the AI keywords (twice) and the
abstract, stop words and very common words left out; each paper keeps only its `TERMS`
highest-weighted words, and an inverted index over those (each word's list capped at its
`POSTINGS` highest-weighted papers) proposes candidates by how many words they share. The
best `SHORTLIST` candidates are scored by cosine over the kept words, and the `K` best are
kept: so the work grows linearly with the archive (bench/related.py measures it).

Pure Python, so the per-word work is left to the interpreter's C loops (`map`, `zip`,
`Counter`, `sorted`) wherever it can be, and a paper's words are held as integers.

Deterministic whatever order the papers come in: papers are taken in id order, words are
numbered in the order they are first met and ranked in sorted order (no hash-seed-dependent
iteration, so every sum runs in the same order), and ties fall to more shared topics, then
the smaller id. A paper is never its own neighbour; a removed paper is not in the digest,
so never one."""

from __future__ import annotations

import gc
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from operator import attrgetter, itemgetter, le, mul
from typing import cast

K = 5  # related papers shown per paper
TERMS = 20  # a paper's highest-weighted words: what it is indexed and compared by
QUERY_TERMS = 10  # of those, the words its candidates are looked up by
POSTINGS = 40  # papers kept per word in the index (its highest-weighted)
SHORTLIST = 12  # candidates per paper scored exactly
MAX_DF = 0.1  # a word in more than this share of papers (and in more than 5) says little
WHY_TERMS = 2  # shared words shown as the reason

# Words of at least two letters (digits and inner hyphens kept: "3d", "long-range").
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Common English words and the boilerplate of abstracts: never a reason two papers are alike.
STOP = frozenset("""
a about above after again against all also am an and any are as at be been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your yours via using use used based new show shows shown propose proposed present paper
approach method methods results result work study also however well two one three first
may many much often can thus given existing different various including across within without
see find found argue introduce demonstrate provide allows achieve achieves improve improves
""".split())

# The fast way to the same words as `tokens`: every byte but a-z, 0-9 and "-" becomes a
# space (after lower-casing; a character outside ASCII is one "?" byte, so a space too).
_SPACES = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789-" else 32 for c in range(256))
# A hyphen that does not join two words: where a plain split would not cut as `_WORD` does.
_LOOSE_HYPHENS = (b" -", b"- ", b"--")
# What `tokens` leaves out, as a set the words of a paper can be intersected with.
_DROP = STOP | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True, slots=True)
class Related:
    """One related paper as its page lists it: its id and title, and why (the topics and a few
    of the words the two share)."""

    id: str
    title: str
    topics: tuple[str, ...]  # shared topic slugs, in the paper's own order
    terms: tuple[str, ...]  # up to WHY_TERMS shared words, the weightiest first


@dataclass(frozen=True, slots=True)
class Doc:
    """What the computation reads of one paper."""

    id: str
    title: str
    text: str  # title, keywords and abstract: see `doc_text`
    topics: tuple[str, ...]


def doc_text(title: str, abstract: str, keywords: Iterable[str]) -> str:
    """The text a paper is compared by: its title and keywords weigh twice."""
    words = " ".join(keywords)
    return f"{title}\n{title}\n{words}\n{words}\n{abstract}"


def tokens(text: str) -> list[str]:
    """Lower-cased words, stop words and one-letter words out ("$O(n)$" leaves "o", "n": out)."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP]


def _words(text: str) -> list[str]:
    """The words `tokens` finds, the left-out ones still in: the per-word work done in C, by
    a split on spaces (unless a hyphen stands loose: then the same pattern)."""
    spaced = text.lower().encode("ascii", "replace").translate(_SPACES)
    if b"-" in spaced and (spaced[:1] == b"-" or spaced[-1:] == b"-"
                           or any(h in spaced for h in _LOOSE_HYPHENS)):
        return _WORD.findall(spaced.decode("ascii"))
    return spaced.decode("ascii").split()


def related(docs: Sequence[Doc], k: int = K) -> dict[str, tuple[Related, ...]]:
    """Every paper's up to `k` most similar others, by id (a paper sharing no kept word with
    any other has none)."""
    docs = sorted(docs, key=attrgetter("id"))
    if len({d.id for d in docs}) != len(docs):
        raise ValueError("related: a paper id occurs twice")
    with _collector_paused():
        return _related(docs, k)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cycle collector off for the computation: it makes millions of short-lived lists,
    tuples and dicts and no cycle, and every few thousand of them the collector would walk
    the build's whole heap (a quarter of the time at 25,000 papers, more in a full build)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _related(docs: list[Doc], k: int) -> dict[str, tuple[Related, ...]]:
    words, vectors = _vectors(docs)
    index = _index(vectors, len(words))
    topic_sets: dict[tuple[str, ...], frozenset[str]] = {}
    tops = [topic_sets.setdefault(d.topics, frozenset(d.topics)) for d in docs]
    out: dict[str, tuple[Related, ...]] = {}
    for i, (doc, vec) in enumerate(zip(docs, vectors, strict=True)):
        shared = Counter(chain.from_iterable(map(index.__getitem__, islice(vec, QUERY_TERMS))))
        del shared[i]
        # The most shared words first; a stable sort keeps ties in the order they were met
        # (the weightiest word's papers first, each word's papers by weight, then by id).
        shortlist = sorted(shared.items(), key=itemgetter(1), reverse=True)[:SHORTLIST]
        topics, scored = tops[i], []
        for j, _ in shortlist:
            other = vectors[j]
            # Integer keys: the same summation order in every run, so the same float.
            both = vec.keys() & other.keys()
            score = sum(map(mul, map(vec.__getitem__, both), map(other.__getitem__, both)))
            scored.append((-score, -len(topics & tops[j]) if topics else 0, j))
        scored.sort()
        out[doc.id] = tuple(_why(doc, docs[j], vec, vectors[j], words) for _, _, j in scored[:k])
    return out


def _vectors(docs: Sequence[Doc]) -> tuple[list[str], list[dict[int, float]]]:
    """The kept words (in sorted order), and each paper's `TERMS` weightiest of them by
    their rank in that order, with unit-length tf-idf weights, the weightiest first (equal
    weights in word order)."""
    n = len(docs)
    # Each paper's distinct words, as numbers in the order first met (the words of 100,000
    # abstracts held as strings would be most of the memory), and their counts. Number 0 is
    # every left-out word: never kept.
    number = dict.fromkeys(_DROP, 0)
    bags: list[tuple[list[int], bytes] | None] = []
    for d in docs:
        tf = Counter(_words(d.text))
        times = tf.values()
        bags.append((_numbered(list(tf), number),
                     bytes(times) if max(times, default=0) < 256 else bytes(min(c, 255) for c in times)))
    df = Counter(chain.from_iterable(b[0] for b in bags if b))
    cap = max(5, int(n * MAX_DF))
    # In one paper only, a word matches none.
    kept = sorted(w for w, i in number.items() if i and 2 <= df[i] <= cap)
    # By a word's number: its rank in sorted order, and minus its idf (so that an ascending
    # sort puts the weightiest first); a word not kept is +1, after every kept one.
    rank = [0] * len(number)
    minus_idf = [1.0] * len(number)
    for r, w in enumerate(kept):
        i = number[w]
        rank[i], minus_idf[i] = r, -math.log(n / df[i])
    del number, df
    tf_weight = [0.0] + [1 + math.log(c) for c in range(1, 256)]
    vectors: list[dict[int, float]] = []
    for b, bag in enumerate(bags):
        assert bag is not None
        ids, counts = bag
        bags[b] = None  # freed as it goes
        minus = list(map(mul, map(tf_weight.__getitem__, counts), map(minus_idf.__getitem__, ids)))
        # Only the words as weighty as the TERMS-th weightiest are sorted by (weight, rank).
        cut = min(sorted(minus)[TERMS - 1], 0.0) if len(minus) >= TERMS else 0.0
        chosen = list(map(le, minus, repeat(cut)))
        keyed = sorted(zip(compress(minus, chosen), map(rank.__getitem__, compress(ids, chosen)), strict=True))[:TERMS]
        norm = math.sqrt(sum([w * w for w, _ in keyed])) or 1.0
        vectors.append({t: -w / norm for w, t in keyed})
    return kept, vectors


def _numbered(words: list[str], number: dict[str, int]) -> list[int]:
    """The words' numbers, a word not met before numbered next (one by one in Python, but
    after the first few thousand papers few words are new)."""
    found = list(map(number.get, words))
    at = -1
    with suppress(ValueError):  # no word left unnumbered
        while True:
            at = found.index(None, at + 1)
            found[at] = number[words[at]] = len(number)
    return cast(list[int], found)


def _index(vectors: list[dict[int, float]], words: int) -> list[list[int]]:
    """For each kept word, its `POSTINGS` papers of highest weight for it (equal weights by
    id): the papers a paper with that word is compared with. Papers and weights are listed
    apart, the objects the vectors hold (a pair for each of 2,000,000 postings at 100,000
    papers would be 170 MB more at the peak)."""
    papers: list[list[int]] = [[] for _ in range(words)]
    weights: list[list[float]] = [[] for _ in range(words)]
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            papers[t].append(i)
            weights[t].append(w)
    index = []
    for ps, ws in zip(papers, weights, strict=True):
        # Stable, so equal weights keep the order the papers were added in: by id.
        best = sorted(zip(ws, ps, strict=True), key=itemgetter(0), reverse=True)[:POSTINGS]
        index.append(list(map(itemgetter(1), best)))
        ps.clear()
        ws.clear()
    return index


def _why(doc: Doc, other: Doc, vec: dict[int, float], other_vec: dict[int, float],
         words: list[str]) -> Related:
    theirs = set(other.topics)
    return Related(other.id, other.title, tuple(t for t in doc.topics if t in theirs),
                   tuple([words[t] for t in vec if t in other_vec][:WHY_TERMS]))
