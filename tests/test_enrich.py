"""`python -m generator enrich`: papers without an arXiv id found on arXiv by title.

Every test runs against a local server answering in the recorded arXiv API format
(tests/arxiv_answers.py); none touches the network. The listing papers are the real ones of
the sample capture (content/days/2025-08-08.yml).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import feedparser
import pytest
from arxiv_answers import ATOM_TYPE, Entry, FakeArxiv, feed
from upstream_server import Fault, Response

from generator import ids
from generator.cli import main
from generator.content import dump
from generator.content.load import load
from generator.content.records import Day, Links, Paper
from generator.ingest import http, titlesearch
from generator.jobs import enrich

ROOT = Path(__file__).resolve().parent.parent
API_ERROR = ROOT / "tests/fixtures/arxiv_api/arxivpy_recordings/id_abc_s0_m100_b79c8dcf6bc3.body.xml"
LISTING = date(2025, 8, 8)
OTHER = date(2025, 8, 10)


def sample() -> tuple[Paper, ...]:
    """The 137 papers of the sample listing day, as content/ holds them."""
    from generator.content import validate
    from generator.content.validate import Checker
    from generator.content.yamlsafe import parse

    path = ROOT / "content/days/2025-08-08.yml"
    result = validate.day_file(Checker(str(path)), parse(path.read_text(encoding="utf-8")), LISTING)
    assert result is not None
    return result[0].papers


SAMPLE = sample()
POSITION = SAMPLE[1]  # "Position Prediction as an Effective Pretraining Strategy"


def write_content(tmp_path: Path, *days: Day) -> Path:
    content = tmp_path / "content"
    (content / "days").mkdir(parents=True)
    for name in ("topics.yml", "removed.yml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    for day in days:
        (content / "days" / f"{day.date.isoformat()}.yml").write_text(dump.day_yaml(day), encoding="utf-8")
    return content


def listing(tmp_path: Path, *papers: Paper, others: tuple[Paper, ...] = ()) -> Path:
    days = [Day(LISTING, "", papers)] + ([Day(OTHER, "", others)] if others else [])
    return write_content(tmp_path, *days)


def entry(paper: Paper, arxiv_id: str = "2508.04001", **changes: object) -> Entry:
    return replace(Entry(arxiv_id, paper.title, paper.abstract), **changes)


def snapshot(content: Path) -> dict[str, str]:
    return {str(p.relative_to(content)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(content.rglob("*")) if p.is_file()}


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """arXiv's 3-second spacing and the client's retry waits, recorded instead of slept."""
    recorded: list[float] = []
    for fn in (enrich.arxiv_lookup, http.fetch):
        assert fn.__kwdefaults__ is not None and "sleep" in fn.__kwdefaults__
        monkeypatch.setitem(fn.__kwdefaults__, "sleep", recorded.append)
    return recorded


@pytest.fixture
def arxiv() -> FakeArxiv:
    with FakeArxiv() as server:
        yield server


def run(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--content", str(content), "enrich", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def unchanged(capsys: pytest.CaptureFixture[str], content: Path, server: FakeArxiv, report: str) -> None:
    """Exit 4, the report on stderr, content/ byte-identical."""
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", server.url)
    assert (status, out) == (4, "")
    assert err == report + "\nnothing new: content/ is unchanged\n"
    assert snapshot(content) == before


def fails(capsys: pytest.CaptureFixture[str], content: Path, server: FakeArxiv, line: str) -> None:
    """Exit 3, one error line, content/ byte-identical."""
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", server.url)
    assert (status, out, err) == (3, "", line + "\n")
    assert snapshot(content) == before
    assert not [p for p in content.rglob("*") if p.name.startswith(".")]


# -- normalising and batching ---------------------------------------------------------------------


@pytest.mark.parametrize(("ours", "theirs"), [
    ("Schrödinger Bridges", 'Schr\\"odinger Bridges'),  # TeX accent
    ("Schrödinger Bridges", "Schr{\\\"o}dinger bridges"),
    ("Efficient ﬁne-tuning", "Efficient fine-tuning"),  # ligature
    ("Efficient ﬁne-tuning", "Efficient Fine Tuning"),
    ("Łukasiewicz logic: a survey", "{\\L}ukasiewicz Logic -- A Survey"),
    ("GPT-4o  is   here!", "gpt 4o is here"),
    ("ＧＰＴ-4 Ｗｅｂ Ａｇｅｎｔ", "GPT-4 Web Agent"),  # full-width compatibility forms
])
def test_titles_fold_accents_ligatures_case_punctuation(ours: str, theirs: str) -> None:
    assert titlesearch.normalise(ours) == titlesearch.normalise(theirs)


def test_one_word_apart_is_another_title() -> None:
    assert titlesearch.normalise("Position Prediction as an Effective Pretraining Strategy") != \
        titlesearch.normalise("Position Prediction as an Efficient Pretraining Strategy")


def test_sample_day_takes_14_short_requests_three_seconds_apart(sleeps: list[float], arxiv: FakeArxiv) -> None:
    found = titlesearch.search_titles([p.title for p in SAMPLE], base_url=arxiv.url, sleep=sleeps.append)
    assert found.requests == arxiv.count() == 14
    assert sleeps == [3.0] * 13
    assert max(len(s.target) for s in arxiv.requests) < 1100
    queries = arxiv.queries()
    assert queries[0].startswith('ti:"rethinking multilingual continual pretraining data mixing for adapting llms '
                                 'across languages and" OR '
                                 'ti:"position prediction as an effective pretraining strategy" OR ')
    assert sum(q.count('ti:"') for q in queries) == 137


# -- matching -----------------------------------------------------------------------------------


def test_exact_match_fills_in_and_keeps_curator_fields(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, topics=("efficiency",), note="Curator's note.", pick=True,
                   links=Links(code="https://github.com/a/b"))
    content = listing(tmp_path, ours)
    arxiv.entries = [entry(POSITION, authors=("Ada Lovelace", "Alan Turing"))]
    status, out, err = run(capsys, content, "--base-url", arxiv.url)
    path = content / "days/2025-08-08.yml"
    assert (status, err) == (0, "")
    assert out == (
        "enrich: 1 looked up in 1 request(s): 1 matched\n"
        f"  matched: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04001 (abstracts agree 1.00; filled authors, published, links)\n"
        f"  wrote {path}\n")
    assert arxiv.queries() == ['ti:"position prediction as an effective pretraining strategy"']
    (paper,) = load(content).days[0].papers
    assert paper == replace(ours, id="2508.04001", former_ids=(POSITION.id,), authors=("Ada Lovelace", "Alan Turing"),
                            published=date(2025, 8, 6),
                            links=Links(arxiv="https://arxiv.org/abs/2508.04001", pdf="https://arxiv.org/pdf/2508.04001",
                                        code="https://github.com/a/b"))
    assert path.read_text(encoding="utf-8").splitlines()[3:6] == [
        "- id: '2508.04001'", "  former_ids:", f"  - {POSITION.id}"]


def test_near_miss_one_word_differs_is_left_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    near = entry(POSITION, title="Position Prediction as an Efficient Pretraining Strategy")
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, feed([near]))])  # as if arXiv's search stemmed
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 not found\n"
              f"  not found: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "closest arXiv title: 2508.04001 'Position Prediction as an Efficient Pretraining Strategy'")


def test_two_candidates_are_ambiguous(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION, "2508.04002"), entry(POSITION, "2301.00007", title=POSITION.title.upper())]
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 ambiguous\n"
              f"  ambiguous: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "2 arXiv papers have this title: 2301.00007, 2508.04002")


def test_same_title_other_abstract_is_weak(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION, abstract=SAMPLE[5].abstract)]
    score = titlesearch.agreement(POSITION.abstract, SAMPLE[5].abstract)
    assert score < 0.3
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 weak\n"
              f"  weak: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              f"2508.04001 has this title, but the abstracts agree {score:.2f} (needs 0.80)")


def test_tex_accents_and_ligatures_match(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, title="Schrödinger Bridges for ﬁne-grained Position Prediction")
    ours = replace(ours, id=ids.title_id(ours.title))
    content = listing(tmp_path, ours)
    # arXiv writes metadata as ASCII with TeX escapes, and no ligatures.
    arxiv.entries = [entry(ours, title='Schr\\"odinger Bridges for Fine-Grained Position Prediction')]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[0] == "enrich: 1 looked up in 1 request(s): 1 matched"
    assert arxiv.queries() == ['ti:"schrodinger bridges for fine grained position prediction"']
    (paper,) = load(content).days[0].papers
    assert (paper.id, paper.title, paper.former_ids) == ("2508.04001", ours.title, (ours.id,))


def test_revised_abstract_still_matches_and_rewritten_one_does_not() -> None:
    words = POSITION.abstract.split()
    revised = " ".join(words[:40] + ["Moreover,", "we", "release", "code."] + words[40:])
    assert titlesearch.agreement(POSITION.abstract, revised) > 0.95
    halves = " ".join(words[: len(words) // 2] + SAMPLE[7].abstract.split()[: len(words) // 2])
    assert titlesearch.agreement(POSITION.abstract, halves) < titlesearch.ABSTRACT_AGREEMENT


def test_paper_with_arxiv_id_but_no_authors_is_looked_up_by_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    bare = Paper(id="2508.04001", title="Some title", authors=(), abstract="", published=None, links=Links())
    content = listing(tmp_path, POSITION, bare)
    arxiv.entries = [entry(POSITION, "2508.04009"), entry(bare, abstract="The abstract.")]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[:3] == [
        "enrich: 2 looked up in 2 request(s): 1 matched, 1 filled",
        f"  matched: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04009 (abstracts agree 1.00; filled authors, published, links)",
        "  filled: 2025-08-08 2508.04001 'Some title': filled authors, published, links, abstract"]
    assert [r.params.get("id_list") for r in arxiv.requests] == [None, "2508.04001"]
    assert sleeps == [3.0]


# -- faults ---------------------------------------------------------------------------------------


def query_url(server: FakeArxiv, *titles: str) -> str:
    params = {"search_query": titlesearch.query(titles), "start": "0", "max_results": "100"}
    return f"{server.url}/api/query?{urlencode(params)}"


def test_error_entry_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(400, ATOM_TYPE, API_ERROR.read_bytes())])
    fails(capsys, listing(tmp_path, *SAMPLE[:3]), arxiv, "error: arXiv API error: incorrect id format for abc")


def test_timeout_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert http.fetch.__kwdefaults__ is not None
    monkeypatch.setitem(http.fetch.__kwdefaults__, "timeout", 0.3)
    arxiv.route("/api/query", [Fault("hang", seconds=5.0)])
    content = listing(tmp_path, POSITION)
    fails(capsys, content, arxiv,
          f"error: {query_url(arxiv, POSITION.title)}: timed out (no answer within 0.3 s) after 5 attempts")
    assert sleeps == [2.0, 4.0, 8.0, 16.0]


def test_a_fault_in_a_later_batch_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries = [entry(p, f"2508.{4000 + i}") for i, p in enumerate(SAMPLE[:15])]
    answers = [Response(200, ATOM_TYPE, feed(arxiv.entries[:10])), Response(503)]
    arxiv.route("/api/query", answers)
    content = listing(tmp_path, *SAMPLE[:15])
    url = query_url(arxiv, *(p.title for p in SAMPLE[10:15]))
    fails(capsys, content, arxiv, f"error: {url}: HTTP 503 Service Unavailable after 5 attempts")


def test_empty_body_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, b"")])
    fails(capsys, listing(tmp_path, POSITION), arxiv, "error: arXiv answered with text that is not XML")


def test_empty_page_that_stays_empty_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.route("/api/query", [Response(200, ATOM_TYPE, feed([], total=4))])
    fails(capsys, listing(tmp_path, POSITION), arxiv,
          "error: arXiv answered an empty page for a title search (totalResults 4) 3 times in a row")
    assert arxiv.count() == 3 and sleeps == [3.0, 3.0]


def test_no_results_is_nothing_new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    unchanged(capsys, listing(tmp_path, POSITION), arxiv,
              "enrich: 1 looked up in 1 request(s): 1 not found\n"
              f"  not found: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "no arXiv paper has this title")


def test_twice_is_byte_identical(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, *SAMPLE[:6])
    arxiv.entries = [entry(p, f"2508.{4000 + i}") for i, p in enumerate(SAMPLE[:4])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = snapshot(content)
    status, _, err = run(capsys, content, "--base-url", arxiv.url)
    assert (status, err.splitlines()[0]) == (4, "enrich: 2 looked up in 1 request(s): 2 not found")
    assert snapshot(content) == after


# -- one record per paper --------------------------------------------------------------------------


def test_paper_already_present_under_its_arxiv_id_merges(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    ours = replace(POSITION, topics=("efficiency",), note="Listing note.", pick=True)
    theirs = Paper(id="2508.04001", title=POSITION.title, authors=("Ada Lovelace",), abstract=POSITION.abstract,
                   published=date(2025, 8, 6), links=Links(arxiv="https://arxiv.org/abs/2508.04001"),
                   upvotes=7, source="hf", topics=("reasoning",), note="From HF.")
    content = listing(tmp_path, ours, others=(theirs,))
    arxiv.entries = [entry(POSITION, authors=("Ada Lovelace", "Alan Turing"))]
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out == (
        "enrich: 1 looked up in 1 request(s): 1 merged\n"
        f"  merged: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
        "-> 2508.04001 (abstracts agree 1.00), merged with the entry on 2025-08-10\n"
        f"  wrote {content}/days/2025-08-08.yml\n  wrote {content}/days/2025-08-10.yml\n")
    digest = load(content)
    assert [len(d.papers) for d in digest.days] == [1, 0]
    assert digest.days[0].papers[0] == replace(
        theirs, source="listing", former_ids=(POSITION.id,), topics=("efficiency", "reasoning"),
        note="Listing note.\n\nFrom HF.", pick=True,
        links=Links(arxiv="https://arxiv.org/abs/2508.04001", pdf="https://arxiv.org/pdf/2508.04001"))


def test_two_listing_papers_of_one_arxiv_paper_become_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    twin = replace(POSITION, title=POSITION.title + ".", id=ids.title_id(POSITION.title + "."))
    content = listing(tmp_path, POSITION, twin)
    arxiv.entries = [entry(POSITION)]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    (paper,) = load(content).days[0].papers
    assert (paper.id, paper.former_ids) == ("2508.04001", (POSITION.id, twin.id))


def test_removed_arxiv_id_is_not_brought_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, POSITION)
    (content / "removed.yml").write_text("removed:\n- id: '2508.04001'\n", encoding="utf-8")
    arxiv.entries = [entry(POSITION)]
    unchanged(capsys, content, arxiv,
              "enrich: 1 looked up in 1 request(s): 1 removed\n"
              f"  removed: 2025-08-08 {POSITION.id} 'Position Prediction as an Effective Pretraining Strategy': "
              "2508.04001 is listed in content/removed.yml: left as it is")


def test_saved_answer_and_one_day(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = write_content(tmp_path, Day(LISTING, "", (POSITION,)), Day(OTHER, "", (SAMPLE[2],)))
    saved = tmp_path / "saved.xml"
    saved.write_bytes(feed([entry(POSITION), entry(SAMPLE[2], "2508.04002")]))
    status, out, _ = run(capsys, content, "--date", "2025-08-10", "--file", str(saved))
    assert (status, out.splitlines()[0]) == (0, "enrich: 1 looked up in 0 request(s): 1 matched")
    assert [p.id for d in load(content).days for p in d.papers] == [POSITION.id, "2508.04002"]
    status, _, err = run(capsys, content, "--date", "2025-08-09", "--file", str(saved))
    assert (status, err) == (1, f"error: enrich: no day 2025-08-09 in {content}/days\n")


# -- sample listing day ------------------------------------------------------------------------------


def sample_answers() -> tuple[list[Entry], Paper]:
    """arXiv as the sample day might find it: most papers there, a few not, and each hard case once."""
    entries = [entry(p, f"2508.{10000 + i}", authors=(f"Author {i}", "Second Author")) for i, p in enumerate(SAMPLE)]
    long_title = next(i for i, p in enumerate(SAMPLE) if len(p.title.split()) > titlesearch.PHRASE_WORDS + 1)
    entries[long_title] = replace(entries[long_title], title=entries[long_title].title.rsplit(" ", 1)[0] + " Revisited")
    entries[3] = replace(entries[3], abstract=SAMPLE[4].abstract)  # weak
    fi = next(i for i, p in enumerate(SAMPLE) if " fi" in p.title.lower() and i > 10)
    entries[fi] = replace(entries[fi], title=entries[fi].title.replace("fi", "ﬁ").replace("Fi", "ﬁ"))
    entries.append(entry(SAMPLE[20], "2301.00020", abstract=SAMPLE[21].abstract))  # a namesake
    merged = Paper(id="2508.10030", title=SAMPLE[30].title, authors=("Author 30",), abstract=SAMPLE[30].abstract,
                   published=date(2025, 8, 7), links=Links(arxiv="https://arxiv.org/abs/2508.10030"), source="hf",
                   upvotes=12)
    missing = {40, 41, 42}
    return [e for i, e in enumerate(entries) if i not in missing], merged


def test_sample_listing_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    status, out, _ = run(capsys, content, "--base-url", arxiv.url)
    assert status == 0
    assert out.splitlines()[0] == ("enrich: 137 looked up in 14 request(s): 130 matched, 4 not found, 1 weak, "
                                   "1 ambiguous, 1 merged")
    counts = {kind: out.count(f"\n  {kind}: ") for kind in ("matched", "weak", "not found", "ambiguous", "merged")}
    assert counts == {"matched": 130, "weak": 1, "not found": 4, "ambiguous": 1, "merged": 1}
    assert arxiv.count() == 14 and sleeps == [3.0] * 13
    digest = load(content)
    assert sum(1 for p in digest.days[0].papers if ids.TITLE_ID.fullmatch(p.id)) == 6
    assert digest.days[1].papers == ()


# -- what readers and subscribers see ------------------------------------------------------------------


def feed_ids(content: Path) -> dict[str, list[tuple[str, str]]]:
    """(item id, link) of every item of the main RSS and Atom feeds, parsed by feedparser."""
    from generator.render import pages

    site = pages.build(load(content), site_url="https://digest.example/", site_name="Digest", papers=False,
                       parallel=False)
    out = {}
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(site.files[name])
        assert not parsed.bozo, parsed.bozo_exception
        out[name] = [(e.id, e.link) for e in parsed.entries]
    return out


def test_feed_item_ids_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    before = feed_ids(content)
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = feed_ids(content)
    for name in before:
        ids_before, ids_after = [i for i, _ in before[name]], [i for i, _ in after[name]]
        assert len(ids_before) == len(ids_after) == 100  # the newest 100 items
        # The entry merged away (from the later day) is gone; every other id is as it was.
        assert ids_before[0] == "https://arxiv.org/abs/2508.10030"
        assert ids_after[:99] == ids_before[1:]
        # The links lead to the papers' new pages.
        assert before[name][1][1] == f"https://digest.example/papers/{SAMPLE[0].id}/"
        assert after[name][0][1] == "https://digest.example/papers/2508.10000/"


def test_status_page_counts_papers_without_arxiv_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    from generator.render import pages

    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    row = re.compile(r'<tr><td><a href="../days/2025-08-08/">2025-08-08</a> Fri</td><td>(\d+)</td><td>(\d+)</td>')

    def counts() -> tuple[str, ...]:
        body = pages.build(load(content), site_url="https://d.example/", site_name="D", papers=False,
                           parallel=False).pages["status.md"].body
        assert "<th>Without arXiv id</th>" in body
        found = row.search(body)
        assert found is not None
        return found.groups()

    assert counts() == ("137", "137")
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    assert counts() == ("137", "6")


def make_project(base: Path, content: Path) -> Path:
    project = base / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "overrides", "generator"):
        (project / name).symlink_to(ROOT / name, target_is_directory=True)
    (project / "content").symlink_to(content, target_is_directory=True)
    return project


HOSTILE = replace(POSITION, title='Position <script>alert("x")</script> & Prediction')
HOSTILE = replace(HOSTILE, id=ids.title_id(HOSTILE.title))
SITE_URL = "https://paper-digest.github.io/paper-digest/"


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by the real pipeline after `enrich` gave a listing paper an arXiv id."""
    from generator.site.build import build

    base = tmp_path_factory.mktemp("redirect")
    content = listing(base, HOSTILE)
    saved = base / "saved.xml"
    saved.write_bytes(feed([entry(HOSTILE)]))
    report = enrich.enrich(content, lookup=enrich.file_lookup(saved))
    assert report.summary().splitlines()[0] == "enrich: 1 looked up in 0 request(s): 1 matched"
    site = base / "site"
    with pytest.MonkeyPatch.context() as mp:
        # The MkDocs hook sets SOURCE_DATE_EPOCH for the process when it is unset: set it here,
        # so it is unset again afterwards and later builds date their sitemaps themselves.
        mp.setenv("SOURCE_DATE_EPOCH", "1754611200")
        build(make_project(base, content) / "mkdocs.yml", site)  # verifies, or raises
    return site


def test_old_paper_pages_redirect(redirected_site: Path) -> None:
    from generator.site.verify import verify_site

    site = redirected_site
    page = (site / "papers" / HOSTILE.id / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2508.04001/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}papers/2508.04001/">' in page
    assert f'<a href="../2508.04001/">{SITE_URL}papers/2508.04001/</a>' in page
    assert "<h1>Position &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Prediction</h1>" in page
    assert "<script" not in page
    assert (site / "papers/2508.04001/index.html").is_file()
    assert verify_site(site) == []  # the full scan, paper folders included
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "papers/2508.04001/" in sitemap and HOSTILE.id not in sitemap


@pytest.mark.browser
def test_redirect_in_chromium(redirected_site: Path) -> None:
    from browser import chromium, recorded_page, serve_directory
    from playwright.sync_api import expect

    with serve_directory(redirected_site, prefix="/paper-digest") as base, chromium() as browser, \
            recorded_page(browser) as rec:
        rec.page.goto(f"{base}/papers/{HOSTILE.id}/")
        rec.page.wait_for_url(f"{base}/papers/2508.04001/")
        expect(rec.page.locator("article h1").first).to_have_text(HOSTILE.title)
        assert rec.problems() == [] and rec.foreign_requests() == []


def test_redirect_page_fails_verify_if_it_held_markup() -> None:
    from generator.render import redirects
    from generator.site.verify import scan_html

    good = redirects.page("t-0123456789ab", "2508.04001", "<b>bold</b>", "https://d.example/")
    assert scan_html("r.html", good, ()) == []
    bad = good.replace("&lt;b&gt;", "<img src=x onerror=alert(1)>")
    assert [str(f) for f in scan_html("r.html", bad, ())] == [
        "r.html: <img> element in the page content",  # in the <h1>, and in <title> too:
        "r.html: event handler attribute 'onerror' on <img>", "r.html: event handler attribute 'onerror' on <img>"]


# -- content rules ------------------------------------------------------------------------------------


def validate_lines(capsys: pytest.CaptureFixture[str], content: Path) -> list[str]:
    status = main(["--content", str(content), "validate"])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    return err.removeprefix("error: ").splitlines()


def test_former_ids_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = listing(tmp_path, replace(POSITION, id="2508.04001", former_ids=(POSITION.id,)))
    day = content / "days/2025-08-08.yml"
    text = day.read_text(encoding="utf-8")
    day.write_text(text.replace(f"  - {POSITION.id}\n", f"  - {POSITION.id}\n  - nope\n  - '2508.04001'\n"
                                f"  - {POSITION.id}\n"), encoding="utf-8")
    assert validate_lines(capsys, content) == [
        f"{day.relative_to(tmp_path)}:7: papers[0].former_ids: 'nope' is not a valid paper id",
        f"{day.relative_to(tmp_path)}:8: papers[0].former_ids: '2508.04001' is the paper's own id "
        "(hint: list each earlier id once)",
        f"{day.relative_to(tmp_path)}:9: papers[0].former_ids: '{POSITION.id}' is listed twice "
        "(hint: list each earlier id once)"]


def test_former_id_of_one_paper_is_no_other_paper(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    content = listing(tmp_path, replace(POSITION, id="2508.04001", former_ids=(SAMPLE[2].id,)),
                      others=(SAMPLE[2],))
    assert validate_lines(capsys, content) == [
        f"content/days/2025-08-10.yml:4: papers[0].id: paper {SAMPLE[2].id} is a former id of the paper at "
        "content/days/2025-08-08.yml:4 (hint: keep one entry per paper)"]


def test_sources_enrich_must_be_true_or_false(tmp_path: Path) -> None:
    from generator.content.sources import load_sources
    from generator.errors import ContentError

    path = tmp_path / "sources.yml"
    path.write_text("sources:\n  - name: hf\n    kind: hf\n    enrich: true\n", encoding="utf-8")
    assert [s.enrich for s in load_sources(path)] == [True]
    path.write_text("sources:\n  - name: hf\n    kind: hf\n    enrich: yes please\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_sources(path)
    assert str(caught.value) == f"{path}:4: sources[0].enrich: expected true or false"


# -- the daily job -------------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", [True, False])
def test_daily_enriches_what_a_source_asks_for(
    tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch, asked: bool,
) -> None:
    from generator.content.records import RawPaper
    from generator.jobs.daily import run_daily

    content = write_content(tmp_path)
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text(f"sources:\n  - name: caps\n    kind: hf\n    enrich: {str(asked).lower()}\n",
                       encoding="utf-8")
    raw = RawPaper(id=POSITION.id, title=POSITION.title, authors=(), abstract=POSITION.abstract, published=None,
                   links=Links(), source="listing")
    arxiv.entries = [entry(POSITION)]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754611200")  # 2025-08-08
    report = run_daily(content, sources, fetch=lambda source, day, today: ([raw], False),
                       lookup=enrich.arxiv_lookup(arxiv.url, sleep=sleeps.append))
    (paper,) = load(content).days[0].papers
    if asked:
        assert report.summary().splitlines()[2] == "  enrich: 1 looked up in 1 request(s): 1 matched"
        assert (paper.id, paper.former_ids, paper.authors) == ("2508.04001", (POSITION.id,), Entry.authors)
    else:
        assert arxiv.count() == 0
        assert (paper.id, paper.authors) == (POSITION.id, ())


def test_daily_publishes_unenriched_when_arxiv_fails(
    tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.content.records import RawPaper
    from generator.jobs.daily import run_daily

    content = write_content(tmp_path)
    (content / "status.yml").write_text("sources: {}\n", encoding="utf-8")
    sources = tmp_path / "sources.yml"
    sources.write_text("sources:\n  - name: caps\n    kind: hf\n    enrich: true\n", encoding="utf-8")
    raw = RawPaper(id=POSITION.id, title=POSITION.title, authors=(), abstract=POSITION.abstract, published=None,
                   links=Links(), source="listing")
    arxiv.route("/api/query", [Response(400, ATOM_TYPE, API_ERROR.read_bytes())])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1754611200")
    report = run_daily(content, sources, fetch=lambda source, day, today: ([raw], False),
                       lookup=enrich.arxiv_lookup(arxiv.url, sleep=sleeps.append))
    assert "  enrich skipped: arXiv API error: incorrect id format for abc" in report.summary().splitlines()
    assert [p.id for p in load(content).days[0].papers] == [POSITION.id]


def test_the_listing_ingested_again_after_enrich_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    arxiv.entries, merged = sample_answers()
    content = write_content(tmp_path, Day(LISTING, "", SAMPLE), Day(OTHER, "", (merged,)))
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    after = snapshot(content)
    capture = ROOT / "tests/fixtures/hf_listing_text/hf_papers_listing_aug8.txt"
    status = main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"])
    _, err = capsys.readouterr()
    assert (status, err) == (4, "listing: 137 fetched, 0 added, 0 updated\nnothing new: content/ is unchanged\n")
    assert snapshot(content) == after
    assert main(["--content", str(content), "validate"]) == 0


def test_a_removed_enriched_paper_stays_removed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    content = listing(tmp_path, SAMPLE[0])
    arxiv.entries = [entry(SAMPLE[0])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    assert main(["--content", str(content), "remove", "2508.04001", "--reason", "off topic"]) == 0
    capsys.readouterr()
    assert (content / "removed.yml").read_text(encoding="utf-8").splitlines()[2:] == [
        "removed:", "- id: '2508.04001'", "  reason: off topic", f"- id: {SAMPLE[0].id}", "  reason: off topic"]
    capture = ROOT / "tests/fixtures/hf_listing_text/hf_papers_listing_aug8.txt"
    assert main(["--content", str(content), "ingest", "listing", "--file", str(capture), "--date", "2025-08-08"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == "listing: 137 fetched, 136 added, 0 updated, 1 skipped (removed by a curator)"
    assert SAMPLE[0].id not in {p.id for d in load(content).days for p in d.papers}


def test_pull_request_summary_shows_an_enriched_paper_as_edited(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, arxiv: FakeArxiv, sleeps: list[float],
) -> None:
    from generator.jobs.diffsummary import compare

    content = listing(tmp_path, *SAMPLE[:2])
    before = load(content)
    arxiv.entries = [entry(SAMPLE[1])]
    assert run(capsys, content, "--base-url", arxiv.url)[0] == 0
    changes = compare(before, load(content))
    assert changes[LISTING].lines == [
        "**edited** `2508.04001` Position Prediction as an Effective Pretraining Strategy: authors, published, links"]
