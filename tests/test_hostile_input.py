"""Input an attacker controls, as it arrives (a content file in a pull request, an upstream
answer from the local stand-in server) through the real command: linear time, files judged
before they are read, reserved names, one bad value costing one value, two papers staying
two, and clean source names on /status/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT
from upstream_server import Response, UpstreamServer
from validating import HEAD, broken, snapshot, write_day

from generator import ids
from generator.cli import main
from generator.content.load import load
from generator.render import pages

ROOT = Path(__file__).resolve().parent.parent
RSS = ROOT / "tests/fixtures/arxiv_rss/aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
HF = ROOT / "tests/fixtures/hf_daily_papers/sotawhat_2026-06-12.json"
EPOCH = str(int(datetime(2026, 6, 20, 22, 47, tzinfo=UTC).timestamp()))


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: warnings reach its stderr, and a hang or a
    runaway read is cut off by the timeout instead of taking the test run with it."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}  # run from the test's own folder
    return subprocess.run([sys.executable, "-m", "generator", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


# -- 4. linear time, sizes before reading ------------------------------------------------------


def test_a_megabyte_of_nested_parentheses_in_dc_creator(content: Path, upstream: UpstreamServer,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """One affiliation layer stripped per pass was quadratic: 32 KB took 2.7 s."""
    creator = "Jun Cui (" + "(" * 500_000 + ")" * 500_000 + "), and Bob Roe"
    body = RSS.read_bytes().replace(b"<dc:creator>Jun Cui</dc:creator>",
                                    f"<dc:creator>{creator}</dc:creator>".encode(), 1)
    assert len(body) > 1_000_000
    upstream.route("/rss/cs.LG", [Response(200, {"Content-Type": "application/rss+xml"}, body)])
    started = time.process_time()
    status = main(["--content", str(content), "ingest", "arxiv-rss", "--category", "cs.LG",
                   "--base-url", upstream.url])
    elapsed = time.process_time() - started
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert elapsed < 5, f"took {elapsed:.1f} s"  # a guard; measured about 1 s in all
    papers = {p.id: p for d in load(content).days for p in d.papers}
    assert [p.authors for p in papers.values() if p.authors[:1] == ("Jun Cui",)] == [("Jun Cui", "Bob Roe")]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.symlink_to("/dev/zero"),
     "a symbolic link (hint: content files are regular files: commit the file itself)"),
    (lambda p: p.symlink_to(SAMPLE_CONTENT / "days/2016-10-10.yml"),
     "a symbolic link (hint: content files are regular files: commit the file itself)"),
    (os.mkfifo, "not a regular file (hint: content files are regular files)"),
    (lambda p: p.mkdir(), "not a regular file (hint: content files are regular files)"),
    (lambda p: os.truncate(p.write_bytes(b"") or p, 6_000_000), "file is larger than 5 MB: 6,000,000 bytes "
     "(hint: a day file holds at most 2,000 papers and 5 MB; a busy day is under 1 MB)"),
    (lambda p: p.symlink_to("/etc", target_is_directory=True),
     "a symbolic link (hint: content files are regular files: commit the file itself)"),
])
def test_a_day_file_is_judged_before_it_is_read(content: Path, make: object, message: str) -> None:
    path = content / "days" / "2026-06-20.yml"
    make(path)  # type: ignore[operator]
    done = cli("--content", str(content), "validate", timeout=60)  # /dev/zero, a FIFO: no end
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"error: content/days/2026-06-20.yml:1: : {message}\n"


def _outside(tmp: Path) -> Path:
    """A folder outside the repository holding what an attacker would have read: a valid
    day file, and files whose names must never be printed."""
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2026-06-20.yml").write_text("date: '2026-06-20'\npapers:\n- id: '2606.99999'\n  title: Planted\n",
                                             encoding="utf-8")
    (elsewhere / "shadow-secret-name").write_text("x", encoding="utf-8")
    return elsewhere


LINK = ("a symbolic link (hint: content/ is read from the repository itself: commit the folder and its files, "
        "not a link)")


def test_a_linked_days_folder_is_refused_by_its_own_name(tmp_path: Path, content: Path) -> None:
    """A pull request that makes content/days a link: nothing behind it is read, and only the
    link's own name, never its target's, is printed, by every command that loads content
    (build loads it as validate does)."""
    elsewhere = _outside(tmp_path)
    shutil.rmtree(content / "days")
    (content / "days").symlink_to(elsewhere, target_is_directory=True)
    for command in (["validate"], ["enrich", "--base-url", "http://127.0.0.1:9"],
                    ["ingest", "listing", "--file", str(elsewhere / "shadow-secret-name"), "--date", "2026-06-20"]):
        done = cli("--content", str(content), *command, timeout=60)
        assert (done.returncode, done.stdout) == (1, ""), command
        assert done.stderr == f"error: content/days:1: : {LINK}\n", command
        assert "elsewhere" not in done.stderr and "shadow" not in done.stderr


def test_a_link_inside_days_is_named_not_followed(content: Path, tmp_path: Path) -> None:
    elsewhere = _outside(tmp_path)
    (content / "days" / "notes").symlink_to(elsewhere, target_is_directory=True)
    done = cli("--content", str(content), "validate", timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == ("error: content/days/notes:1: : unexpected file in content/days/ "
                           "(hint: day files are named YYYY-MM-DD.yml)\n")


# -- ceilings a curator never meets -------------------------------------------------------------


def test_a_day_of_more_than_2000_papers_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The red team's 13,500-paper day built a 256 MB site; a busy real day holds a few hundred."""
    write_day(content, HEAD + "".join(f"- id: '2606.{i:05d}'\n  title: Paper {i}\n" for i in range(13_500)))
    started = time.process_time()
    assert broken(content, capsys) == [
        "content/days/2026-06-20.yml:4003: papers: 13,500 papers in one day: a day holds at most 2,000 (hint: a busy "
        "day holds a few hundred; split the file, or keep the papers this digest is about (sources.yml's keyword "
        "filters))"]
    assert time.process_time() - started < 5


def test_a_paper_with_100000_former_ids_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One paper with 100,000 former ids built 100,000 redirect folders (64 MB)."""
    olds = "".join(f"  - '2501.{i:05d}'\n" for i in range(100_000))
    write_day(content, HEAD + "- id: '2606.99999'\n  title: A Paper\n  former_ids:\n" + olds)
    assert broken(content, capsys) == [
        "content/days/2026-06-20.yml:26: papers[0].former_ids: 100,000 former ids: a paper has at most 20 (hint: "
        "each former id builds a redirect page; keep the ids the paper was really published under)"]
    olds = "".join(f"  - '2501.{i:05d}'\n" for i in range(20))  # the most a paper may have
    write_day(content, HEAD + "- id: '2606.99999'\n  title: A Paper\n  former_ids:\n" + olds)
    assert main(["--content", str(content), "validate"]) == 0


def test_a_status_file_of_more_than_200_sources_is_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """100,000 sources in status.yml made a 43 MB status page."""
    sources = "".join(f"  s{i}:\n    last_success: '2026-06-01'\n" for i in range(100_000))
    (content / "status.yml").write_text("sources:\n" + sources, encoding="utf-8")
    assert broken(content, capsys) == [
        "content/status.yml:2: sources: 100,000 sources: status.yml holds at most 200 (hint: one per source of "
        "sources.yml; remove the ones no longer there)"]


# -- 7. reserved names -----------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "why"), [
    ("index", "it is the Topics overview page (topics/index.md)"),
    ("shell", "it names the generated page shells"),
    ("con", "a name Windows reserves for a device"),
    ("nul", "a name Windows reserves for a device"),
    ("aux", "a name Windows reserves for a device"),
    ("prn", "a name Windows reserves for a device"),
    ("com1", "a name Windows reserves for a device"),
    ("lpt9", "a name Windows reserves for a device"),
])
def test_a_reserved_topic_slug(content: Path, capsys: pytest.CaptureFixture[str], slug: str, why: str) -> None:
    topics = content / "topics.yml"
    text = topics.read_text(encoding="utf-8")
    lines = text.count("\n")
    topics.write_text(text + f"  - slug: {slug}\n    title: Reserved\n", encoding="utf-8")
    assert broken(content, capsys) == [
        f"content/topics.yml:{lines + 1}: topics[{text.count('- slug:')}].slug: '{slug}' is reserved: {why} "
        "(hint: choose another slug)"]


@pytest.mark.parametrize("name", ["con", "CON", "nul.txt", "Aux.tar.gz", "com7", "LPT1.yml", "prn."])
def test_reserved_device_names(name: str) -> None:
    assert ids.is_reserved_name(name)


@pytest.mark.parametrize("name", ["console", "com0", "com10", "lpt", "con-9901001", "index", "auxiliary"])
def test_names_that_are_not_devices(name: str) -> None:
    assert not ids.is_reserved_name(name)


def test_a_paper_id_whose_page_would_be_a_device_name(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: 'aux.CO/9901001'\n  title: A Paper\n")
    assert broken(content, capsys) == [
        "content/days/2026-06-20.yml:3: papers[0].id: 'aux.CO/9901001' would name its page "
        "'aux.CO-9901001', a name Windows reserves (hint: no arXiv archive is so named)"]


# -- 9. one bad value costs one value --------------------------------------------------------------


def test_one_negative_star_count_in_a_30_paper_answer(content: Path, upstream: UpstreamServer) -> None:
    doc = json.loads(HF.read_bytes())
    assert len(doc) == 30
    doc[5]["paper"]["githubStars"] = -1
    doc[9]["paper"]["upvotes"] = 10**12
    upstream.route("/api/daily_papers", [Response.json(doc)])
    done = cli("--content", str(content), "ingest", "hf", "--date", "2026-06-12", "--base-url", upstream.url)
    first, second = doc[5]["paper"]["id"], doc[9]["paper"]["id"]
    assert (done.returncode, done.stderr.splitlines()) == (0, [
        f"warning: Hugging Face item 5 ({first}): paper.githubStars is not a count from 0 to 1000000000: -1; "
        "dropped, the paper is kept",
        f"warning: Hugging Face item 9 ({second}): paper.upvotes is not a count from 0 to 1000000000: "
        "1000000000000; dropped, the paper is kept"])
    assert done.stdout == f"hf: 30 fetched, 30 added, 0 updated\n  wrote {content}/days/2026-06-12.yml\n"
    papers = {p.id: p for d in load(content).days for p in d.papers}
    assert (papers[first].stars, papers[second].upvotes) == (None, None)
    assert papers[second].stars == doc[9]["paper"].get("githubStars")


# -- 10. two papers stay two -----------------------------------------------------------------------

CAPTURE = """Daily Papers

Aug 8

Straße Networks for Routing

We route cars through streets.

STRASSE NETWORKS FOR ROUTING

We route packets through networks.

ﬁne-tuning at scale

Scaling the fine-tuning of large models.

fine-tuning at scale

A different abstract altogether.

Straße Networks for Routing

We route cars through streets.
"""


def test_titles_that_casefold_alike_stay_two_papers(content: Path, tmp_path: Path) -> None:
    capture = tmp_path / "capture.txt"
    capture.write_text(CAPTURE, encoding="utf-8")
    done = cli("--content", str(content), "ingest", "listing", "--date", "2025-08-08", "--file", str(capture))
    assert done.returncode == 0, done.stderr
    day = next(d for d in load(content).days if d.date == date(2025, 8, 8))
    got = [(p.id, p.title, p.abstract) for p in day.papers]
    assert got == [
        (ids.title_id("Straße Networks for Routing"), "Straße Networks for Routing", "We route cars through streets."),
        (ids.title_id("STRASSE NETWORKS FOR ROUTING", "We route packets through networks."),
         "STRASSE NETWORKS FOR ROUTING", "We route packets through networks."),
        (ids.title_id("ﬁne-tuning at scale"), "ﬁne-tuning at scale", "Scaling the fine-tuning of large models."),
        (ids.title_id("fine-tuning at scale", "A different abstract altogether."), "fine-tuning at scale",
         "A different abstract altogether."),
    ]  # the repeated first paper is the same paper: one entry
    assert len({i for i, _, _ in got}) == 4
    assert done.stderr.splitlines() == [
        f"warning: listing: 'STRASSE NETWORKS FOR ROUTING' has the id {got[0][0]} of another paper whose title "
        f"reads alike but whose abstract differs: filed as {got[1][0]} (remove one if they are the same paper)",
        f"warning: listing: 'fine-tuning at scale' has the id {got[2][0]} of another paper whose title "
        f"reads alike but whose abstract differs: filed as {got[3][0]} (remove one if they are the same paper)",
    ]
    # The same capture again: the same ids, nothing new.
    before = snapshot(content)
    again = cli("--content", str(content), "ingest", "listing", "--date", "2025-08-08", "--file", str(capture))
    assert again.returncode == 4, again.stderr
    assert snapshot(content) == before


def test_published_title_ids_do_not_change() -> None:
    """Ids are URLs and feed ids: every t- id of the sample content is still its title's."""
    digest = load(SAMPLE_CONTENT)
    titled = [p for d in digest.days for p in d.papers if p.id.startswith("t-")]
    assert len(titled) > 100
    assert [p.id for p in titled] == [ids.title_id(p.title) for p in titled]
    assert ids.title_id("Position Prediction as an Effective Pretraining Strategy") == "t-30e03b70a49d"


# -- 11. source names on /status/ ------------------------------------------------------------------


def test_source_names_reach_the_status_page_clean(content: Path) -> None:
    (content / "status.yml").write_text(
        'sources:\n  "h\\u202ef\\u200b\\a\\e[31m":\n    last_success: \'2016-10-10\'\n'
        "    recent:\n      '2016-10-10': 3\n", encoding="utf-8")
    digest = load(content)
    assert [s.name for s in digest.status] == ["hf[31m"]
    body = pages.build(digest, site_url="https://example.org/", site_name="Digest",
                       papers=False).pages["status.md"].body
    assert "hf[31m" in body
    assert not any(c in body for c in "\u202e\u200b\x07\x1b")


def test_an_answer_that_would_not_load_back_names_no_file_as_content(
        content: Path, upstream: UpstreamServer, capsys: pytest.CaptureFixture[str]) -> None:
    """The last guard before writing: it names files that do not exist yet, and says so."""
    doc = json.loads(HF.read_bytes())
    doc[4]["paper"]["id"] = "aux.CO/9901001"  # an old-style id whose page would be a device name
    upstream.route("/api/daily_papers", [Response.json(doc)])
    before = snapshot(content)
    status = main(["--content", str(content), "ingest", "hf", "--date", "2026-06-12", "--base-url", upstream.url])
    out, err = capsys.readouterr()
    assert (status, out) == (3, "")
    first, problem = err.splitlines()
    assert first == "error: hf: the answer would not load back as content; nothing was written:"
    assert re.fullmatch(rf"  {re.escape(str(content))}/days/2026-06-12\.yml:\d+: papers\[4\]\.id: 'aux\.CO/9901001' "
                        r"would name its page 'aux\.CO-9901001', a name Windows reserves "
                        r"\(hint: no arXiv archive is so named\)", problem), problem
    assert snapshot(content) == before


def test_source_names_that_clean_alike(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "status.yml").write_text(
        'sources:\n  hf:\n    last_success: \'2016-10-10\'\n  "h\\u200bf":\n    last_success: \'2016-10-10\'\n'
        '  "\\u202e\\u200b": {}\n', encoding="utf-8")
    assert broken(content, capsys) == [
        r"content/status.yml:4: sources.h\u200bf: another source is named 'hf' once invisible characters go",
        r"content/status.yml:6: sources.\u202e\u200b: a source name with nothing visible in it"]
