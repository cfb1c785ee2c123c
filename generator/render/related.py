"""Related papers: for every paper, the few most similar ones in the digest by their text,
computed once per build.

tf-idf over the words of the title (counted twice), the AI keywords (twice) and the
abstract, stop words and very common words left out; each paper keeps only its `TERMS`
highest-weighted words, and an inverted index over those (each word's list capped at its
`POSTINGS` highest-weighted papers) proposes candidates by how many words they share. The
best `SHORTLIST` candidates are scored by cosine over the kept words, and the `K` best are
kept: so the work grows about linearly with the archive (at 100,000 papers: see README).

Deterministic whatever order the papers come in: papers are taken in id order, words are
numbered in sorted order (integer keys: no hash-seed-dependent iteration, so every sum runs
in the same order), and ties fall to more shared topics, then the smaller id.
A paper is never its own neighbour; a removed paper is not in the digest, so never one."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter

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


def related(docs: Sequence[Doc], k: int = K) -> dict[str, tuple[Related, ...]]:
    """Every paper's up to `k` most similar others, by id (a paper sharing no kept word with
    any other has none)."""
    docs = sorted(docs, key=lambda d: d.id)
    if len({d.id for d in docs}) != len(docs):
        raise ValueError("related: a paper id occurs twice")
    # Each paper's words and their counts; one string object per word across papers (the
    # words of 100,000 abstracts held once each would be most of the memory).
    canon: dict[str, str] = {}
    bags: list[tuple[tuple[str, ...], bytes]] = []
    for d in docs:
        tf = Counter(tokens(d.text))
        bags.append((tuple([canon.setdefault(w, w) for w in tf]), bytes([min(c, 255) for c in tf.values()])))
    del canon
    n = len(docs)
    df = Counter(chain.from_iterable(words for words, _ in bags))
    cap = max(5, int(n * MAX_DF))
    kept = sorted(w for w, c in df.items() if 2 <= c <= cap)  # in one paper only: matches none
    number = {w: i for i, w in enumerate(kept)}
    idf = [math.log(n / df[w]) for w in kept]
    del df
    tf_weight = [0.0] + [1 + math.log(c) for c in range(1, 256)]
    vectors: list[dict[int, float]] = []  # each paper's TERMS weightiest words, weightiest first
    for words, tfs in bags:
        weighted = [(-tf_weight[c] * idf[t], t) for w, c in zip(words, tfs, strict=True)
                    if (t := number.get(w)) is not None]
        top = sorted(weighted)[:TERMS]  # the weightiest first; equal weights in word order
        norm = math.sqrt(sum([w * w for w, _ in top])) or 1.0
        vectors.append({t: -w / norm for w, t in top})
    del bags, number
    postings: list[list[tuple[float, int]]] = [[] for _ in kept]
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings[t].append((-w, i))
    index = [[i for _, i in sorted(p)[:POSTINGS]] for p in postings]
    del postings
    topic_sets = [frozenset(d.topics) for d in docs]
    out: dict[str, tuple[Related, ...]] = {}
    for i, (doc, vec) in enumerate(zip(docs, vectors, strict=True)):
        shared = Counter(chain.from_iterable([index[t] for t in islice(vec, QUERY_TERMS)]))
        del shared[i]
        # The most shared words first; a stable sort keeps ties in index order, so by id.
        shortlist = sorted(shared.items(), key=itemgetter(1), reverse=True)[:SHORTLIST]
        mine, scored = topic_sets[i], []
        for j, _ in shortlist:
            other = vectors[j]
            # Integer keys: the same summation order in every run, so the same float.
            score = sum([vec[t] * other[t] for t in vec.keys() & other.keys()])
            scored.append((-score, -len(mine & topic_sets[j]), j))
        scored.sort()
        out[doc.id] = tuple(_why(doc, docs[j], vec, vectors[j], kept) for _, _, j in scored[:k])
    return out


def _why(doc: Doc, other: Doc, vec: dict[int, float], other_vec: dict[int, float],
         words: list[str]) -> Related:
    theirs = set(other.topics)
    return Related(other.id, other.title, tuple(t for t in doc.topics if t in theirs),
                   tuple(words[t] for t in vec if t in other_vec)[:WHY_TERMS])
