"""Related papers: the tokenizer and scoring (properties and a hand-made corpus), the list on a
paper page (escaped), and the built sample's pages."""

from __future__ import annotations

import gc
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.load import load
from generator.render import fragments, related
from generator.render.related import Doc, Related

WORDS = ["protein", "folding", "quantum", "error", "correction", "graph", "neural", "message",
         "passing", "diffusion", "image", "the", "of", "lattice", "spin", "x", "3d", "long-range"]

docs_strategy = st.lists(
    st.builds(lambda n, words, topics: Doc(f"2601.{n:05d}", " ".join(words[:3]), " ".join(words), tuple(topics)),
              st.integers(0, 99999), st.lists(st.sampled_from(WORDS), max_size=30),
              st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True)),
    max_size=25, unique_by=lambda d: d.id)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_tokens_are_lower_case_words_without_stop_words(text: str) -> None:
    for word in related.tokens(text):
        assert word == word.lower() and len(word) > 1 and word not in related.STOP
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", word)


# Text with what the fast split must cut as the pattern does: loose and doubled hyphens, case,
# accents (one-letter words once lower-cased or folded), TeX, digits.
ragged_text = st.lists(st.sampled_from(list("aZk9 -\n\t$(),.é\u0130\u212a\u00df_'")) | st.sampled_from(WORDS),
                       max_size=40).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=120), ragged_text))
def test_the_fast_split_finds_the_words_tokens_finds(text: str) -> None:
    kept = Counter(w for w in related._words(text) if w not in related._DROP)
    assert kept == Counter(related.tokens(text))


def test_the_fast_split_on_hyphens_and_letters_outside_ascii() -> None:
    assert related._words("Long-range -x y- a--b \u212aelvin \u0130stanbul caf\u00e9") == [
        "long-range", "x", "y", "a", "b", "kelvin", "i", "stanbul", "caf"]
    assert related._words("Long-range 3D") == ["long-range", "3d"]


@given(st.lists(st.lists(st.sampled_from(WORDS), unique=True, max_size=8), max_size=6))
def test_words_are_numbered_in_the_order_first_met(bags: list[list[str]]) -> None:
    number = dict.fromkeys(["the", "of"], 0)
    first_met = list(dict.fromkeys(w for bag in bags for w in bag if w not in ("the", "of")))
    for bag in bags:
        assert related._numbered(bag, number) == [number[w] for w in bag]
    assert [number[w] for w in first_met] == list(range(2, 2 + len(first_met)))
    assert number["the"] == number["of"] == 0


@settings(max_examples=150, deadline=None)
@given(docs_strategy, st.randoms(use_true_random=False))
def test_never_itself_always_known_and_the_same_in_any_order(docs: list[Doc], rng: random.Random) -> None:
    found = related.related(docs)
    assert set(found) == {d.id for d in docs}
    known = {d.id: d for d in docs}
    for pid, items in found.items():
        assert len(items) <= related.K
        assert pid not in {r.id for r in items} and len({r.id for r in items}) == len(items)
        for r in items:
            assert r.title == known[r.id].title
            assert set(r.topics) <= set(known[pid].topics) & set(known[r.id].topics)
            assert all(t in related.tokens(known[pid].text) and t in related.tokens(known[r.id].text)
                       for t in r.terms)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    assert related.related(shuffled) == found


def _doc(pid: str, title: str, abstract: str, topics: tuple[str, ...] = ()) -> Doc:
    return Doc(pid, title, related.doc_text(title, abstract, ()), topics)


CORPUS = [
    _doc("2601.00001", "Protein folding with diffusion", "We fold proteins: protein structure, folding kinetics."),
    _doc("2601.00002", "Faster protein folding", "Protein structure prediction and folding pathways."),
    _doc("2601.00003", "Quantum error correction codes", "Surface codes for quantum error correction."),
    _doc("2601.00004", "Decoding quantum codes", "A decoder for quantum error correction on surface codes."),
    _doc("2601.00005", "Graph message passing", "Message passing on graph neural networks."),
    _doc("2601.00006", "Oversmoothing in graph networks", "Graph networks and message passing depth.", ("graphs",)),
    _doc("2601.00007", "Graph message passing", "Message passing on graph neural networks.", ("graphs",)),
    _doc("2601.00008", "A lonely paper", "Nothing here is shared with anyone."),
    _doc("2601.00009", "Protein folding with diffusion", "We fold proteins: protein structure, folding kinetics."),
]


def test_a_hand_made_corpus_finds_the_obvious_neighbours() -> None:
    found = related.related(CORPUS, k=2)
    assert [r.id for r in found["2601.00001"]] == ["2601.00009", "2601.00002"]
    # 00001 and 00009 read the same, so they tie for 00002: the smaller id first.
    assert [r.id for r in found["2601.00002"]] == ["2601.00001", "2601.00009"]
    assert [r.id for r in found["2601.00003"]] == ["2601.00004"]
    assert found["2601.00003"][0].terms == ("codes", "correction")  # equal weights: in word order
    assert found["2601.00008"] == ()
    # 00005 and 00007 read the same, so they tie for 00006: the shared topic decides.
    graph = found["2601.00006"]
    assert [r.id for r in graph] == ["2601.00007", "2601.00005"]
    assert graph[0].topics == ("graphs",) and graph[1].topics == ()
    assert related.related(list(reversed(CORPUS)), k=2) == found


def test_the_collector_is_back_on_afterwards_and_left_off_if_it_was() -> None:
    assert gc.isenabled()
    related.related(CORPUS)
    assert gc.isenabled()
    gc.disable()
    try:
        related.related(CORPUS)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_same_whatever_the_hash_seed() -> None:
    """Words are numbered in the order met and ranked in sorted order: no set or dict order
    that the hash seed changes reaches a sum or a tie."""
    script = ("from bench.related import docs; from generator.render.related import related; "
              "found = related(docs(600)); print(sorted(found.items()))")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parent.parent,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": "."}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and runs[0].count("Related(") > 2000


def test_a_paper_id_twice_is_refused() -> None:
    try:
        related.related([CORPUS[0], CORPUS[0]])
    except ValueError as e:
        assert str(e) == "related: a paper id occurs twice"
    else:
        raise AssertionError("no error")


def test_the_list_is_escaped_and_linked_from_the_paper_page() -> None:
    hostile = Related("2601.00002", '<script>alert(1)</script> & "q"', ("t",), ("<b>", "x&y"))
    out = fragments.related_list("papers/2601.00001/", (hostile,), {"t": "<i>Topic</i>"})
    assert out == ('<h2 id="related">Related papers</h2>\n<ul><li><a href="../2601.00002/">'
                   "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</a> "
                   "<small>&lt;i&gt;Topic&lt;/i&gt;; &lt;b&gt;, x&amp;y</small></li></ul>\n")
    plain = fragments.related_list("papers/hep-th-9901001/", (Related("2601.00002", "T", (), ()),), {})
    assert plain == '<h2 id="related">Related papers</h2>\n<ul><li><a href="../2601.00002/">T</a></li></ul>\n'
    assert fragments.related_list("papers/2601.00001/", (), {}) == ""


def test_every_sample_paper_page_lists_related_papers_that_exist(built_site: Path, full_content: Path) -> None:
    digest = load(full_content)
    current = {p.id for d in digest.days for p in d.papers}
    gone = {r.id for r in digest.removed} | {f for d in digest.days for p in d.papers for f in p.former_ids}
    pages = sorted((built_site / "papers").glob("*/index.html"))
    assert len(pages) == len(current)
    listed = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        section = re.search(r'<h2 id="related">Related papers</h2>\n<ul>(.*?)</ul>', html)
        assert section, page
        links = re.findall(r'<li><a href="\.\./([^/"]+)/">', section.group(1))
        assert 1 <= len(links) <= related.K and page.parent.name not in links
        for slug in links:
            assert (built_site / "papers" / slug / "index.html").is_file()
        listed += len(links)
    assert listed == related.K * len(pages)  # the sample's papers all share words with five others
    slugs = {Path(p).parent.name for p in pages}
    assert not gone & slugs
