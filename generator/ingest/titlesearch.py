"""Finding a paper on arXiv by its title: batched `ti:"…"` queries and confident matching.

A listing capture gives titles and abstracts only. arXiv's search answers phrase queries
on titles, so a few dozen titles take a handful of requests; a candidate is trusted only
when its normalised title equals ours *and* its abstract agrees closely, because titles
alone repeat ("Attention Is All You Need" has several namesakes on arXiv).
"""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator import text
from generator.content.records import Paper, RawPaper
from generator.errors import UpstreamError
from generator.ingest import arxiv_api, http, texaccents

# Titles a request. Each phrase is at most PHRASE_WORDS words, so a request's URL stays
# under 1 KB (the sample day's longest: 967 bytes; servers and proxies refuse from 8 KB),
# and the 137 papers of a listing day take 14 requests: 42 s of arXiv's 3-second spacing.
BATCH = 10
PHRASE_WORDS = 12
# Candidates a request: namesakes and titles that begin alike share a phrase. arXiv
# answers at most this many entries; an answer with more is refused (check_page).
MAX_RESULTS = 100
# The bytes of one answer of at most 100 entries. A real entry is 1-4 KB (an abstract is at
# most 1,920 characters); the largest, a collaboration paper with 3,000 authors, ~150 KB.
# 8 MB is 80 KB an entry: no real answer meets it, and it is read and judged in ~1 s.
MAX_ANSWER_BYTES = 8 * 2**20
# Word-sequence similarity (difflib ratio) the abstracts need. Punctuation, case and
# whitespace are folded first, so the same abstract written with TeX on one side and
# rendered on the other loses a word or so per formula (0.95 and up); a revised version,
# a sentence or two rewritten in a 200-word abstract, stays above 0.8. Different papers,
# even on one subject, share common words only: 0.32 at most over all 9,316 pairs of
# the sample listing day's 137 abstracts.
ABSTRACT_AGREEMENT = 0.8

_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Case, punctuation, whitespace, TeX accents, ligatures and diacritics folded:
    'Schr\\"odinger ﬁelds' and 'Schrödinger Fields!' both become 'schrodinger fields'."""
    # NFKD: compatibility forms become plain letters (ligature "ﬁ" -> "fi", full-width
    # "Ｇ" -> "G") and accented letters split into letter + mark; the marks are dropped.
    text = unicodedata.normalize("NFKD", texaccents.to_unicode(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def phrase(title: str) -> str:
    """The quoted phrase that asks arXiv for this title: its first words, no punctuation
    (a quote or parenthesis in a title would end the phrase or the query)."""
    return " ".join(normalise(title).split()[:PHRASE_WORDS])


def phrases(titles: Iterable[str]) -> list[str]:
    """The distinct phrases of titles that have at least one word, in order."""
    return list(dict.fromkeys(p for p in (phrase(t) for t in titles) if p))


def query(titles: Iterable[str]) -> str:
    """`ti:"…" OR ti:"…"`: one search_query for a batch of titles."""
    return " OR ".join(f'ti:"{p}"' for p in phrases(titles))


def agreement(ours: str, theirs: str) -> float:
    a, b = normalise(ours).split(), normalise(theirs).split()
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Verdict:
    """What the search says about one title: `match` is set only for a confident match."""

    match: RawPaper | None
    kind: str  # matched, ambiguous, weak, not found, no words
    detail: str = ""
    score: float = 0.0


class Pool:
    """An answer's candidates indexed once by normalised title, so judging a title is a
    lookup and judging a day is linear in the answer (scanning every candidate for every
    title took 37 s for 2,000 candidates and the sample day's 137 titles)."""

    def __init__(self, candidates: Iterable[RawPaper]) -> None:
        self.by_title: dict[str, dict[str, RawPaper]] = {}
        self.by_id: dict[str, RawPaper] = {}
        self._by_word: dict[str, list[str]] = {}  # word -> normalised titles holding it
        for c in candidates:
            key = normalise(c.title)
            self.by_id.setdefault(c.id, c)
            if key not in self.by_title:
                for word in dict.fromkeys(key.split()):
                    self._by_word.setdefault(word, []).append(key)
            self.by_title.setdefault(key, {}).setdefault(c.id, c)

    def closest(self, key: str) -> RawPaper | None:
        """The candidate whose title reads most like `key` (difflib ratio 0.8 or more), for
        the report. Compared with a few titles that share its rarer words only: a word held
        by more than RARE titles (an attacker's 20,000 namesakes, or "for") says nothing."""
        shared: dict[str, int] = {}
        for word in dict.fromkeys(key.split()):  # in order: ties fall the same way every run
            titles = self._by_word.get(word, ())
            if len(titles) <= RARE:
                for t in titles:
                    shared[t] = shared.get(t, 0) + 1
        near = sorted(shared, key=lambda t: -shared[t])[:CLOSEST_FROM]  # stable: first seen first
        best = difflib.get_close_matches(key, near, n=1, cutoff=0.8)
        return next(iter(self.by_title[best[0]].values())) if best else None


RARE = 50
CLOSEST_FROM = 10
SHOWN_IDS = 5  # of an ambiguous title's namesakes, in the report


def judge(title: str, abstract: str, pool: Pool) -> Verdict:
    """Equal normalised titles, one paper, and an abstract that agrees: else no match."""
    key = normalise(title)
    if not key:
        return Verdict(None, "no words", "the title has no words to search for")
    same = list(pool.by_title.get(key, {}).values())
    if len(same) > 1:
        shown = sorted(c.id for c in same)
        more = f" and {len(shown) - SHOWN_IDS} more" if len(shown) > SHOWN_IDS else ""
        return Verdict(None, "ambiguous", f"{len(same)} arXiv papers have this title: "
                       + ", ".join(shown[:SHOWN_IDS]) + more)
    if not same:
        closest = pool.closest(key)
        why = f"closest arXiv title: {closest.id} {closest.title!r}" if closest else "no arXiv paper has this title"
        return Verdict(None, "not found", why)
    found = same[0]
    if not abstract:
        return Verdict(None, "weak", f"{found.id} has this title, but there is no abstract to compare")
    score = agreement(abstract, found.abstract)
    if score < ABSTRACT_AGREEMENT:
        return Verdict(None, "weak", f"{found.id} has this title, but the abstracts agree "
                       f"{score:.2f} (needs {ABSTRACT_AGREEMENT:.2f})", score)
    return Verdict(found, "matched", f"abstracts agree {score:.2f}", score)


def same_paper(ours: Paper, theirs: Paper) -> str | None:
    """Why two records of the digest are not one paper, or None when they are: the same
    title and abstracts that agree, judged on what content/ holds, not on an answer."""
    if normalise(ours.title) != normalise(theirs.title):
        return f"its title is {text.cap(theirs.title, 70)!r}"
    if not ours.abstract or not theirs.abstract:
        return "there are not two abstracts to compare"
    score = agreement(ours.abstract, theirs.abstract)
    if score < ABSTRACT_AGREEMENT:
        return f"the abstracts agree {score:.2f} (needs {ABSTRACT_AGREEMENT:.2f})"
    return None


def check_page(page: arxiv_api.ArxivPage, most: int) -> arxiv_api.ArxivPage:
    """arXiv answers at most the entries asked for: more is not arXiv (and would cost time)."""
    if len(page.papers) > most:
        raise UpstreamError(f"arXiv answered {len(page.papers):,} entries to a request for at most "
                            f"{most:,}: refused")
    return page


def _ask(base_url: str, params: dict[str, str], agent: str) -> arxiv_api.ArxivPage:
    url = base_url.rstrip("/") + "/api/query"
    body = http.fetch(url, params=params, expect="atom", agent=agent, max_bytes=MAX_ANSWER_BYTES)
    return check_page(arxiv_api.parse(body), int(params["max_results"]))


@dataclass(frozen=True)
class Searched:
    candidates: tuple[RawPaper, ...]
    requests: int


def search_titles(
    titles: Sequence[str],
    *,
    base_url: str = arxiv_api.BASE_URL,
    delay: float = arxiv_api.DELAY,
    sleep: Callable[[float], object] = time.sleep,
    batch: int = BATCH,
    agent: str = http.USER_AGENT,
) -> Searched:
    """Every arXiv paper whose title holds one of these titles' phrases, BATCH titles a
    request, one request every `delay` seconds. Faults raise UpstreamError: the caller
    then writes nothing."""
    wanted = phrases(titles)
    found: dict[str, RawPaper] = {}
    requests = 0
    for start in range(0, len(wanted), batch):
        search_query = query(wanted[start : start + batch])  # a phrase is its own phrase
        for attempt in range(arxiv_api.EMPTY_PAGE_RETRIES + 1):
            if requests:
                sleep(delay)
            page = _ask(base_url, {"search_query": search_query, "start": "0", "max_results": str(MAX_RESULTS)},
                        agent)
            requests += 1
            # totalResults says there are papers, yet none came: arXiv's empty page
            # (arxiv.py#43). Ask again; a page that stays empty is a failure, not "no match".
            if page.papers or page.total == 0:
                break
            if attempt == arxiv_api.EMPTY_PAGE_RETRIES:
                raise UpstreamError(f"arXiv answered an empty page for a title search "
                                    f"(totalResults {page.total}) {requests} times in a row")
        for paper in page.papers:
            found.setdefault(paper.id, paper)
    return Searched(tuple(found.values()), requests)


def lookup_ids(
    paper_ids: Sequence[str],
    *,
    base_url: str = arxiv_api.BASE_URL,
    delay: float = arxiv_api.DELAY,
    sleep: Callable[[float], object] = time.sleep,
    agent: str = http.USER_AGENT,
) -> Searched:
    """Papers that have an arXiv id but lack authors or a date: looked up by id."""
    papers: list[RawPaper] = []
    chunks = range(0, len(paper_ids), arxiv_api.LOOKUP_CHUNK)
    for n, start in enumerate(chunks):
        chunk = paper_ids[start : start + arxiv_api.LOOKUP_CHUNK]
        if n:
            sleep(delay)
        page = _ask(base_url, {"id_list": ",".join(chunk), "start": "0", "max_results": str(len(chunk))}, agent)
        papers.extend(page.papers)  # arXiv silently leaves out ids it does not know
    return Searched(tuple(papers), len(chunks))
