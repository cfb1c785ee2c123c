"""`python -m generator ingest` end to end: recorded upstream answers merged into a copy of content/.

Merging keeps one paper per id, never overwrites what curators wrote, never brings back a
removed paper, and leaves content/ byte-identical when it has nothing new or upstream fails.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample import SAMPLE_CONTENT
from upstream_server import Response, UpstreamServer

from generator import text
from generator.cli import main
from generator.content import dump, validate
from generator.content.load import load
from generator.content.records import Day, Links, Paper, Removed
from generator.content.validate import Checker
from generator.content.yamlsafe import parse
from generator.ingest import http

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HF = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
API = FIXTURES / "arxiv_api" / "sotawhat_query_transformer_csLG_2026-06-14.xml"
API_OLD = FIXTURES / "arxiv_api" / "old_format_2016_search_au_del_maestro.xml"
API_ERROR = FIXTURES / "arxiv_api" / "arxivpy_recordings" / "id_abc_s0_m100_b79c8dcf6bc3.body.xml"
RSS = FIXTURES / "arxiv_rss" / "aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
RSS_ERROR = FIXTURES / "arxiv_rss" / "aioarxiv_error_feed_bad_archive_astroph_2024-11-28.xml"
LISTING = FIXTURES / "hf_listing_text" / "hf_papers_listing_aug8.txt"

# Each recorded answer as an ingest command line, and what it brings into empty days.
SOURCES: dict[str, tuple[list[str], str, int, int]] = {
    "hf": (["hf", "--date", "2026-06-12", "--file", str(HF)], "2026-06-12", 30, 30),
    "arxiv": (["arxiv", "--date", "2026-06-14", "--file", str(API)], "2026-06-14", 5, 5),
    "arxiv-old": (["arxiv", "--date", "2016-10-10", "--file", str(API_OLD)], "2016-10-10", 10, 10),
    # 13 items: 10 new or cross-listed, 3 replacements of papers the digest never had.
    "arxiv-rss": (["arxiv-rss", "--file", str(RSS)], "2024-11-28", 13, 10),
    "listing": (["listing", "--date", "2025-08-08", "--file", str(LISTING)], "2025-08-08", 137, 137),
}


# -- helpers -----------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the bundled content/."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """A copy of content/ with no days: the taxonomy and removed list only."""
    target = tmp_path / "empty" / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    for day in (target / "days").iterdir():
        day.unlink()
    return target


def cli(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--content", str(content), "ingest", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, by relative path, with its bytes (temporary files included)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def paper(content: Path, paper_id: str) -> tuple[date, Paper]:
    found = [(d.date, p) for d in load(content).days for p in d.papers if p.id == paper_id]
    assert len(found) == 1, found
    return found[0]


def edit(content: Path, paper_id: str, **changes: Any) -> None:
    """Change one paper the way a curator would, through the generator's own dump."""
    for day in load(content).days:
        papers = [replace(p, **changes) if p.id == paper_id else p for p in day.papers]
        if papers != list(day.papers):
            path = content / "days" / f"{day.date.isoformat()}.yml"
            path.write_text(dump.day_yaml(replace(day, papers=tuple(papers))), encoding="utf-8")
            return
    raise AssertionError(f"{paper_id} is not in {content}")


def drop(content: Path, paper_id: str, reason: str) -> None:
    """Take a paper out and list it in removed.yml, as a curator would."""
    digest = load(content)
    for day in digest.days:
        if any(p.id == paper_id for p in day.papers):
            kept = tuple(p for p in day.papers if p.id != paper_id)
            path = content / "days" / f"{day.date.isoformat()}.yml"
            path.write_text(dump.day_yaml(replace(day, papers=kept)), encoding="utf-8")
    removed = (*digest.removed, Removed(paper_id, reason))
    (content / "removed.yml").write_text(dump.removed_yaml(removed), encoding="utf-8")


def mentions(content: Path, needle: str) -> list[str]:
    return [name for name, data in snapshot(content).items() if needle.encode() in data]


def hf_item(paper_id: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = json.loads(HF.read_bytes())
    return next(item["paper"] for item in items if item["paper"]["id"] == paper_id)


def rss_only(kind: str) -> bytes:
    """The recorded RSS excerpt with only the items of one announce type."""
    feed = RSS.read_text(encoding="utf-8")
    items = re.findall(r"    <item>\n.*?</item>\n", feed, flags=re.DOTALL)
    assert len(items) == 13
    head, tail = feed.split(items[0], 1)[0], feed.rsplit(items[-1], 1)[1]
    kept = [i for i in items if f"<arxiv:announce_type>{kind}</arxiv:announce_type>" in i]
    return (head + "".join(kept) + tail).encode("utf-8")


# -- the same ingest twice ---------------------------------------------------------------


@pytest.mark.parametrize("source", list(SOURCES))
def test_same_ingest_twice_is_byte_identical(
    capsys: pytest.CaptureFixture[str], empty: Path, source: str
) -> None:
    args, day, fetched, added = SOURCES[source]
    name = args[0]
    status, out, err = cli(capsys, empty, *args)
    written = empty / "days" / f"{day}.yml"
    assert (status, err) == (0, "")
    assert out == f"{name}: {fetched} fetched, {added} added, 0 updated\n  wrote {written}\n"
    assert sorted(p.name for p in (empty / "days").iterdir()) == [f"{day}.yml"]
    first = snapshot(empty.parent)

    status, out, err = cli(capsys, empty, *args)
    assert (status, out) == (4, "")
    assert err == f"{name}: {fetched} fetched, 0 added, 0 updated\nnothing new: content/ is unchanged\n"
    assert snapshot(empty.parent) == first
    day_record = next(d for d in load(empty).days if d.date.isoformat() == day)
    assert len(day_record.papers) == added


def test_bundled_content_is_what_the_recorded_answers_make(
    capsys: pytest.CaptureFixture[str], content: Path
) -> None:
    before = snapshot(content.parent)
    for args, *_ in SOURCES.values():
        status, out, err = cli(capsys, content, *args)
        assert (status, out) == (4, ""), err
        assert err.endswith(" 0 added, 0 updated\nnothing new: content/ is unchanged\n")
    assert snapshot(content.parent) == before


# -- curators' work ----------------------------------------------------------------------


def test_curator_edits_survive_a_reingest(capsys: pytest.CaptureFixture[str], content: Path) -> None:
    pid = "2606.13594"
    _, original = paper(content, pid)
    fixed = "See What I See, Know What I Think: Dense Latent Communication (fixed by a curator)"
    code = "https://github.com/curator/dense-latent"
    edit(content, pid, title=fixed, topics=("agents", "efficiency"), note="Read section 4 first.",
         pick=True, upvotes=123456, links=replace(original.links, code=code))
    days = content / "days"
    others = {name: data for name, data in snapshot(days).items() if name != "2026-06-12.yml"}

    status, out, err = cli(capsys, content, *SOURCES["hf"][0])
    assert (status, err) == (0, "")
    assert out == f"hf: 30 fetched, 0 added, 1 updated\n  wrote {days / '2026-06-12.yml'}\n"
    when, now = paper(content, pid)
    assert when == date(2026, 6, 12)
    assert now == replace(original, title=fixed, topics=("agents", "efficiency"),
                          note="Read section 4 first.", pick=True,
                          links=replace(original.links, code=code),
                          upvotes=hf_item(pid)["upvotes"])  # upstream's count, refreshed
    assert now.upvotes == 3
    assert {n: d for n, d in snapshot(days).items() if n != "2026-06-12.yml"} == others

    settled = snapshot(content.parent)
    status, out, err = cli(capsys, content, *SOURCES["hf"][0])
    assert (status, out) == (4, "")
    assert snapshot(content.parent) == settled


def test_upstream_fills_in_what_a_paper_lacks(capsys: pytest.CaptureFixture[str], content: Path) -> None:
    pid = "2606.13594"
    _, original = paper(content, pid)
    edit(content, pid, authors=(), abstract="", links=Links(), note="keep me")
    status, out, _ = cli(capsys, content, *SOURCES["hf"][0])
    assert status == 0 and out.startswith("hf: 30 fetched, 0 added, 1 updated\n")
    assert paper(content, pid)[1] == replace(original, note="keep me")


def test_removed_paper_never_comes_back(capsys: pytest.CaptureFixture[str], content: Path) -> None:
    pid = "2606.13594"
    drop(content, pid, "duplicate of an earlier paper")
    before = snapshot(content.parent)
    assert mentions(content, pid) == ["removed.yml"]

    status, out, err = cli(capsys, content, *SOURCES["hf"][0])
    assert (status, out) == (4, "")
    assert err == ("hf: 30 fetched, 0 added, 0 updated, 1 skipped (removed by a curator)\n"
                   "nothing new: content/ is unchanged\n")
    assert snapshot(content.parent) == before
    assert mentions(content, pid) == ["removed.yml"]


def test_removed_paper_is_skipped_among_new_ones(capsys: pytest.CaptureFixture[str], empty: Path) -> None:
    (empty / "removed.yml").write_text(dump.removed_yaml((Removed("2606.13594", "spam"),)),
                                       encoding="utf-8")
    status, out, err = cli(capsys, empty, *SOURCES["hf"][0])
    assert (status, err) == (0, "")
    assert out == ("hf: 30 fetched, 29 added, 0 updated, 1 skipped (removed by a curator)\n"
                   f"  wrote {empty / 'days' / '2026-06-12.yml'}\n")
    assert mentions(empty, "2606.13594") == ["removed.yml"]


# -- arXiv RSS replacements and versions -------------------------------------------------


def test_rss_replacements_never_add_a_paper(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "replace.xml"
    feed.write_bytes(rss_only("replace"))
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, "arxiv-rss", "--file", str(feed))
    assert (status, out) == (4, "")
    assert err == "arxiv-rss: 3 fetched, 0 added, 0 updated\nnothing new: content/ is unchanged\n"
    assert snapshot(content.parent) == before
    for pid in ("1401.3665", "1708.06999", "2411.17697"):
        assert mentions(content, pid) == []


def test_rss_replacement_updates_a_paper_already_present(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "replace.xml"
    feed.write_bytes(rss_only("replace"))
    # A curator added the paper by hand, on an earlier day, with only a title.
    manual = Paper(id="1401.3665", title="The existence of designs", authors=(), abstract="",
                   published=date(2014, 1, 15), links=Links(), topics=("mathematics",),
                   note="A landmark.", pick=True)
    path = content / "days" / "2024-11-27.yml"
    day = Day(date=date(2024, 11, 27), intro="", papers=(manual,))
    path.write_text(dump.day_yaml(day), encoding="utf-8")
    unchanged = {n: d for n, d in snapshot(content).items() if n != "days/2024-11-27.yml"}

    status, out, err = cli(capsys, content, "arxiv-rss", "--file", str(feed))
    assert (status, err) == (0, "")
    assert out == f"arxiv-rss: 3 fetched, 0 added, 1 updated\n  wrote {path}\n"
    when, now = paper(content, "1401.3665")
    assert when == date(2024, 11, 27)  # stays on its day, not the feed's
    assert now.authors == ("Peter Keevash",)
    assert now.abstract.startswith("We prove the existence conjecture for combinatorial designs")
    assert now.links == Links(arxiv="https://arxiv.org/abs/1401.3665", pdf="https://arxiv.org/pdf/1401.3665")
    assert (now.title, now.topics, now.note, now.pick, now.source, now.published) == (
        "The existence of designs", ("mathematics",), "A landmark.", True, "manual", date(2014, 1, 15))
    assert {n: d for n, d in snapshot(content).items() if n != "days/2024-11-27.yml"} == unchanged
    assert mentions(content, "1708.06999") == mentions(content, "2411.17697") == []


def test_arxiv_versions_fold_into_one_paper(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    pid = "2606.13677"
    _, original = paper(content, pid)
    edit(content, pid, authors=(), links=Links())  # something for v2 to fill in
    answer = API.read_text(encoding="utf-8")
    assert answer.count(f"{pid}v1") == 3
    v2 = tmp_path / "v2.xml"
    v2.write_text(answer.replace(f"{pid}v1", f"{pid}v2"), encoding="utf-8")

    status, out, err = cli(capsys, content, "arxiv", "--date", "2026-06-20", "--file", str(v2))
    assert (status, err) == (0, "")
    assert out == f"arxiv: 5 fetched, 0 added, 1 updated\n  wrote {content / 'days' / '2026-06-14.yml'}\n"
    assert not (content / "days" / "2026-06-20.yml").exists()
    when, now = paper(content, pid)  # exactly one paper with this id
    assert (when, now) == (date(2026, 6, 14), original)
    assert mentions(content, f"{pid}v") == []
    assert mentions(content, f"id: '{pid}'") == ["days/2026-06-14.yml"]


# -- refusing and failing without touching content/ --------------------------------------


def test_ingest_into_broken_content_refuses(capsys: pytest.CaptureFixture[str], content: Path) -> None:
    day = content / "days" / "2026-06-14.yml"
    day.write_text(day.read_text(encoding="utf-8") + "- id: '2606.99999'\n  titel: Typo\n",
                   encoding="utf-8")
    lines = day.read_text(encoding="utf-8").count("\n")
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, *SOURCES["hf"][0])
    assert (status, out) == (1, "")
    assert err == (f"error: content/days/2026-06-14.yml:{lines - 1}: papers[5].title: missing required field\n"
                   f"content/days/2026-06-14.yml:{lines}: papers[5].titel: unknown key "
                   "(hint: did you mean 'title'?)\n")
    assert snapshot(content.parent) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["arxiv", "--date", "2026-06-14", "--file", str(API_ERROR)],
         "arXiv API error: incorrect id format for abc"),
        (["arxiv-rss", "--file", str(RSS_ERROR)],
         "arXiv RSS: Bad archive 'astroph'. Valid archive names are: astro-ph, cond-mat, cs, econ, "
         "eess, gr-qc, hep-ex, hep-lat, hep-ph, hep-th, math, math-ph, nlin, nucl-ex, nucl-th, "
         "physics, q-bio, q-fin, quant-ph, stat, test."),
    ],
    ids=["arxiv-api-error-entry", "arxiv-rss-error-feed"],
)
def test_upstream_error_exits_3_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], content: Path, args: list[str], message: str
) -> None:
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, *args)
    assert (status, out, err) == (3, "", f"error: {message}\n")
    assert snapshot(content.parent) == before


def test_hf_error_answer_exits_3(capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path) -> None:
    answer = tmp_path / "error.json"
    answer.write_bytes(b'{"error": "Invalid date"}')
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, "hf", "--date", "2026-06-12", "--file", str(answer))
    assert (status, out, err) == (3, "", "error: Hugging Face answered with an error: Invalid date\n")
    assert snapshot(content.parent) == before


def test_missing_saved_response_is_an_input_error(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    before = snapshot(content.parent)
    missing = tmp_path / "nope.json"
    status, out, err = cli(capsys, content, "hf", "--date", "2026-06-12", "--file", str(missing))
    assert (status, out, err) == (1, "", f"error: cannot read {missing}: No such file or directory\n")
    assert snapshot(content.parent) == before


# -- over HTTP, against a local stand-in for Hugging Face ---------------------------------


def test_hf_over_http_adds_the_day(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, empty: Path, tmp_path: Path
) -> None:
    upstream.serve({"/api/daily_papers": HF})
    status, out, err = cli(capsys, empty, "hf", "--date", "2026-06-12", "--base-url", upstream.url)
    written = empty / "days" / "2026-06-12.yml"
    assert (status, err) == (0, "")
    assert out == f"hf: 30 fetched, 30 added, 0 updated\n  wrote {written}\n"
    assert [(r.path, r.params) for r in upstream.requests] == [
        ("/api/daily_papers", {"date": "2026-06-12"})
    ]
    assert upstream.requests[0].headers["Accept"] == "application/json"
    assert len(load(empty).days[0].papers) == 30
    # The network and the saved answer make the very same file.
    saved = tmp_path / "saved" / "content"
    shutil.copytree(empty, saved)
    (saved / "days" / "2026-06-12.yml").unlink()
    assert cli(capsys, saved, *SOURCES["hf"][0])[0] == 0
    assert (saved / "days" / "2026-06-12.yml").read_bytes() == written.read_bytes()


def test_hf_over_http_503_forever_exits_3(
    capsys: pytest.CaptureFixture[str],
    upstream: UpstreamServer,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []
    # `ingest` has no retry options: record the backoff instead of sleeping through it.
    defaults = http.fetch.__kwdefaults__
    assert defaults is not None and "sleep" in defaults
    monkeypatch.setitem(defaults, "sleep", waits.append)
    upstream.route("/api/daily_papers", [Response(503, {}, b"busy")])
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, "hf", "--date", "2026-06-12", "--base-url", upstream.url)
    assert (status, out) == (3, "")
    assert err == (f"error: {upstream.url}/api/daily_papers?date=2026-06-12: "
                   "HTTP 503 Service Unavailable after 5 attempts\n")
    assert upstream.count("/api/daily_papers") == 5
    assert waits == [2.0, 4.0, 8.0, 16.0]
    assert snapshot(content.parent) == before


def test_listing_that_is_not_utf8_is_an_input_error(
    capsys: pytest.CaptureFixture[str], content: Path, tmp_path: Path
) -> None:
    capture = tmp_path / "capture.txt"
    capture.write_bytes(LISTING.read_bytes()[:2000] + b"\xff caf\xe9\n")
    before = snapshot(content.parent)
    status, out, err = cli(capsys, content, "listing", "--date", "2025-08-08", "--file", str(capture))
    assert (status, out, err) == (1, "", f"error: {capture}: not UTF-8 text (byte 2000)\n")
    assert snapshot(content.parent) == before


def test_bad_rss_category_is_an_input_error(
    capsys: pytest.CaptureFixture[str], upstream: UpstreamServer, content: Path
) -> None:
    status, out, err = cli(capsys, content, "arxiv-rss", "--category", "cs LG", "--base-url", upstream.url)
    assert (status, out) == (1, "")
    assert err == ("error: ingest arxiv-rss: not an arXiv category list: 'cs LG' "
                   "(hint: e.g. 'cs.LG', or 'cs.LG+stat.ML' for several)\n")
    assert upstream.count() == 0


# -- what ingest writes loads back as the same records -----------------------------------

_awkward = st.one_of(
    st.characters(codec="utf-8"), st.sampled_from(list("'\"#:-?|>&*!%@`{}[], \n\\~$")),
)


@settings(max_examples=150, deadline=None)
@given(
    st.text(_awkward, max_size=40),
    st.lists(st.text(_awkward, max_size=20), max_size=3),
    st.text(_awkward, max_size=120),
    st.text(_awkward, max_size=40),
    st.one_of(st.none(), st.integers(0, 10**9)),
)
def test_dumped_days_load_back_unchanged(
    title: str, authors: list[str], abstract: str, note: str, upvotes: int | None
) -> None:
    p = Paper(
        id="2401.00001", title=text.clean_line(title) or "0", abstract=text.clean_block(abstract),
        authors=tuple(a for a in (text.clean_line(a, text.MAX_NAME) for a in authors) if a),
        published=date(2024, 1, 2), links=Links(arxiv="https://arxiv.org/abs/2401.00001"),
        upvotes=upvotes, note=text.clean_block(note, text.MAX_NOTE), topics=("agents",), pick=True,
    )
    day = Day(date=date(2026, 1, 1), intro=text.clean_block(note, text.MAX_NOTE), papers=(p,))
    checker = Checker("day.yml")
    result = validate.day_file(checker, parse(dump.day_yaml(day)), day.date)
    assert checker.problems == []
    assert result is not None
    assert result[0] == replace(day, path="day.yml")
