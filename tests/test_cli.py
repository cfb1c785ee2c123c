"""The command line itself, run as a user runs it: a bad command line exits 2 with argparse's
usage and one `PROG: error: ...` line; a file the user names that cannot be read is the
same one-line error for every command; sources.yml's category rule is the one `ingest`
applies. Nothing here ends in a traceback, and content/ is never touched."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT, SAMPLE_SOURCES
from upstream_server import UpstreamServer

from generator import cli
from generator.content.records import Day, Links, Paper
from generator.content.save import save
from generator.content.sources import KINDS, SCHEDULED
from generator.errors import ContentError

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
RSS_EMPTY = FIXTURES / "arxiv_rss" / "aioarxiv_empty_feed_test_2024-11-28.xml"
DAY = "2026-06-12"
HF_FILE = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
PROG = "python -m generator"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's content/ and sources.yml, as the working directory."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    shutil.copyfile(SAMPLE_SOURCES, tmp_path / "sources.yml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


# -- a bad command line: exit 2 ------------------------------------------------------------

# (command line, the subcommand's prog, the error after "PROG: error: ")
BAD: list[tuple[list[str], str, str]] = [
    ([], PROG, "the following arguments are required: command"),
    (["publish"], PROG, "argument command: invalid choice: 'publish' (choose from 'init', 'build', 'validate', "
                        "'schema', 'daily', 'add', 'remove', 'diff', 'enrich', 'verify', 'ingest', 'publish-s3')"),
    (["ingest"], f"{PROG} ingest",
     "choose a kind (hf, arxiv, arxiv-rss, listing) or --source NAME from sources.yml"),
    (["ingest", "rss"], f"{PROG} ingest", "argument KIND: invalid choice: 'rss' (choose from 'hf', 'arxiv', "
                                          "'arxiv-rss', 'listing')"),
    (["ingest", "--source", "hf", "hf", "--date", DAY], f"{PROG} ingest hf",
     "--source runs a source of sources.yml: leave out the kind 'hf'"),
    (["ingest", "--date", DAY, "arxiv-rss", "--file", "x.xml"], f"{PROG} ingest arxiv-rss",
     "--date is given before the kind 'arxiv-rss': options of a kind go after it (see ingest arxiv-rss --help)"),
    (["ingest", "arxiv", "--query", "cat:cs.RO", "--file", "x.xml", "--date", DAY], f"{PROG} ingest arxiv",
     "--query cannot be applied to a saved answer (--file): it is already the answer to a query; "
     "leave --query out"),
    (["daily", "--file", "hf"], f"{PROG} daily", "argument --file: 'hf' is not NAME=PATH (a source of "
                                                 "sources.yml, a saved answer)"),

    (["ingest", "listing", "--date", DAY], f"{PROG} ingest listing",
     "the following arguments are required: --file"),
    (["ingest", "listing", "--file", "x.txt", "--date", DAY, "--base-url", "http://127.0.0.1:1"], PROG,
     "unrecognized arguments: --base-url http://127.0.0.1:1"),
    (["ingest", "hf"], f"{PROG} ingest hf", "the following arguments are required: --date"),
    (["ingest", "hf", "--date", "2026-02-30"], f"{PROG} ingest hf",
     "argument --date: '2026-02-30' is not a date as YYYY-MM-DD"),
    (["ingest", "hf", "--date", DAY, "--base-url", "ftp://example.org"], f"{PROG} ingest hf",
     "argument --base-url: 'ftp://example.org' is not an http:// or https:// address"),
    (["ingest", "hf", "--date", DAY, "--base-url", "http://[::1"], f"{PROG} ingest hf",
     "argument --base-url: 'http://[::1' is not an http:// or https:// address"),
    (["ingest", "arxiv", "--date", DAY], f"{PROG} ingest arxiv", "--query or --file is required"),
    (["ingest", "arxiv", "--date", DAY, "--query", "cat:cs.LG", "--max", "-3"], f"{PROG} ingest arxiv",
     "argument --max: '-3' is not a whole number from 1 to 1000000000"),
    (["ingest", "arxiv", "--date", DAY, "--query", "cat:cs.LG", "--max", "0"], f"{PROG} ingest arxiv",
     "argument --max: '0' is not a whole number from 1 to 1000000000"),
    (["ingest", "arxiv-rss"], f"{PROG} ingest arxiv-rss", "--category or --file is required"),
    (["ingest", "arxiv-rss", "--category", "cs.LG", "--query", "x"], PROG, "unrecognized arguments: --query x"),
    (["add"], f"{PROG} add", "the following arguments are required: arxiv_id"),
    (["add", "2401.00001", "--base-url", "javascript:alert(1)"], f"{PROG} add",
     "argument --base-url: 'javascript:alert(1)' is not an http:// or https:// address"),
    (["add", "2401.00001", "--date", "tomorrow"], f"{PROG} add",
     "argument --date: 'tomorrow' is not a date as YYYY-MM-DD"),
    (["remove"], f"{PROG} remove", "the following arguments are required: paper_id"),
    (["daily", "--date", "2026-13-01"], f"{PROG} daily", "argument --date: '2026-13-01' is not a date as YYYY-MM-DD"),
    (["diff"], f"{PROG} diff", "the following arguments are required: base_ref"),
    (["build", "--engine-of-choice"], PROG, "unrecognized arguments: --engine-of-choice"),
]


@pytest.mark.parametrize("args,prog,message", [
    (["ingest", "--source", "robots"], f"{PROG} ingest",
     "no source named 'robots' in sources.yml (its sources: hf, arxiv-cs-ro)"),
    (["daily", "--source", "robots", "--date", DAY], f"{PROG} daily",
     "no source named 'robots' in sources.yml (its sources: hf, arxiv-cs-ro)"),
    (["daily", "--source", "arxiv-cs-ro", "--file", f"hf={HF_FILE}"], f"{PROG} daily",
     "--file hf=...: 'hf' is not one of the sources chosen with --source"),
    (["daily", "--file", "hf=x.json", "--file", "hf=y.json"], f"{PROG} daily", "--file names a source twice"),
])
def test_a_source_sources_yml_does_not_name_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], project: Path, args: list[str], prog: str, message: str,
) -> None:
    (project / "sources.yml").write_text("sources:\n  - name: hf\n    kind: hf\n  - name: arxiv-cs-ro\n"
                                         "    kind: arxiv-rss\n    category: cs.RO\n", encoding="utf-8")
    before = snapshot(project)
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("usage: ")
    assert err.splitlines()[-1] == f"{prog}: error: {message}"
    assert snapshot(project) == before


@pytest.mark.parametrize("args,prog,message", BAD, ids=[" ".join(a) or "(nothing)" for a, _, _ in BAD])
def test_bad_command_line_exits_2(capsys: pytest.CaptureFixture[str], project: Path, upstream: UpstreamServer,
                                  args: list[str], prog: str, message: str) -> None:
    before = snapshot(project)
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("usage: ")
    assert err.splitlines()[-1] == f"{prog}: error: {message}"
    assert snapshot(project) == before
    assert upstream.count() == 0


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "ingest", "arxiv", "--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: python -m generator ingest arxiv [-h] [--file FILE]")


def test_ingest_options_come_from_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    """Each kind's subcommand offers exactly the options KINDS gives it."""
    for kind in KINDS.values():
        status, out, _ = run(capsys, "ingest", kind.name, "--help")
        assert status == 0
        offered = {word.strip("[],") for word in out.split() if word.strip("[],").startswith("--")}
        expected = {"--help", "--file", "--date", *(f"--{o.key}" for o in kind.options)}
        expected |= {"--base-url"} if kind.base_url else set()
        expected |= {"--allow-partial"} if kind.hand_gate else set()
        assert offered == expected, kind.name
    assert SCHEDULED == ("hf", "arxiv", "arxiv-rss")


# -- files the user names: one message -------------------------------------------------------

FILE_COMMANDS = [
    ["ingest", "hf", "--date", DAY],
    ["ingest", "arxiv", "--date", DAY],
    ["ingest", "arxiv-rss"],
    ["ingest", "listing", "--date", DAY],
    ["add", "2401.00001", "--date", DAY],
]


@pytest.mark.parametrize("args", FILE_COMMANDS, ids=[" ".join(a[:2]) for a in FILE_COMMANDS])
@pytest.mark.parametrize("what", ["missing", "folder"])
def test_unreadable_file_is_one_clear_error(capsys: pytest.CaptureFixture[str], project: Path,
                                            args: list[str], what: str) -> None:
    path = project / "saved"
    reason = "No such file or directory"
    if what == "folder":
        path.mkdir()
        reason = "Is a directory"
    before = snapshot(project)
    status, out, err = run(capsys, "--content", "content", *args, "--file", str(path))
    assert (status, out, err) == (1, "", f"error: cannot read {path}: {reason}\n")
    assert snapshot(project) == before


def test_build_config_and_verify_folder_that_are_not_there(capsys: pytest.CaptureFixture[str],
                                                           project: Path) -> None:
    assert run(capsys, "build", "--config", "nowhere.yml", "--site-dir", "out") == (
        1, "", "error: cannot read nowhere.yml: No such file or directory\n")
    assert not (project / "out").exists()
    # Scanning nothing is not finding a site safe.
    assert run(capsys, "verify", "nowhere") == (1, "", "error: verify: nowhere is not a folder: build the site first\n")


def test_schema_into_a_file_is_an_error(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "taken").write_text("a file\n")
    assert run(capsys, "schema", "--out", "taken") == (1, "", "error: cannot write taken: File exists\n")


# -- sources.yml: the category rule, once --------------------------------------------------------


def write_sources(project: Path, category: str, server: UpstreamServer) -> None:
    """An arXiv RSS source after a Hugging Face one, both at the local server."""
    (project / "sources.yml").write_text(
        f"sources:\n  - name: hf\n    kind: hf\n    base_url: {server.url}\n"
        f"  - name: rss\n    kind: arxiv-rss\n    base_url: {server.url}\n    category: {category!r}\n",
        encoding="utf-8")


BAD_CATEGORY = ("sources.yml:8: sources[1].category: not an arXiv category list: 'cs.LG+' "
                "(hint: e.g. 'cs.LG', or 'cs.LG+stat.ML' for several)")


def test_bad_category_is_found_by_validate_and_stops_daily(
    capsys: pytest.CaptureFixture[str], project: Path, upstream: UpstreamServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`category: "cs.LG+"` once passed `validate`, then `daily` died with a ValueError traceback."""
    write_sources(project, "cs.LG+", upstream)
    before = snapshot(project)
    assert run(capsys, "validate") == (1, "", f"error: {BAD_CATEGORY}\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781909220")  # 2026-06-19 22:47 UTC, a Friday
    assert run(capsys, "daily") == (1, "", f"error: {BAD_CATEGORY}\n")
    assert snapshot(project) == before
    assert upstream.count() == 0


SYNTAX = "(hint: e.g. 'cs.LG', or 'cs.LG+stat.ML' for several)"


@pytest.mark.parametrize("category,refusal", [
    ("cs.LG", ""), ("math.CO", ""), ("astro-ph", ""), ("cs.LG+stat.ML", ""), ("hep-th", ""), ("q-bio.NC", ""),
    ("eess.SY+econ.EM+math.AP+astro-ph.CO", ""), ("cond-mat.mes-hall", ""),
    ("cs.LG+", f"not an arXiv category list: 'cs.LG+' {SYNTAX}"),
    ("+cs.LG", f"not an arXiv category list: '+cs.LG' {SYNTAX}"),
    ("cs++LG", f"not an arXiv category list: 'cs++LG' {SYNTAX}"),
    ("cs LG", f"not an arXiv category list: 'cs LG' {SYNTAX}"),
    ("cs.LG/x", f"not an arXiv category list: 'cs.LG/x' {SYNTAX}"),
    ("1cs", f"not an arXiv category list: '1cs' {SYNTAX}"),
    ("cs.Robotics", "unknown arXiv category 'cs.Robotics' (hint: closest: cs.RO)"),
    ("cs.ro", "unknown arXiv category 'cs.ro' (hint: closest: cs.RO)"),
    ("cs.RO+cs.Artificial-Intelligence", "unknown arXiv category 'cs.Artificial-Intelligence' (hint: closest: cs.AI)"),
    ("astroph", "unknown arXiv category 'astroph' (hint: closest: astro-ph, astro-ph.SR, astro-ph.IM)"),
    ("robotics", "unknown arXiv category 'robotics' (hint: see https://arxiv.org/category_taxonomy)"),
])
def test_validate_and_ingest_apply_one_category_rule(
    capsys: pytest.CaptureFixture[str], project: Path, upstream: UpstreamServer, category: str, refusal: str,
) -> None:
    """arXiv's real taxonomy, bundled: validate, the daily job and `ingest arxiv-rss` say the same."""
    write_sources(project, category, upstream)
    status, out, err = run(capsys, "validate")
    assert (status, err) == (0, "") if not refusal else (1, f"error: sources.yml:8: sources[1].category: {refusal}\n")
    upstream.serve({f"/rss/{category}": RSS_EMPTY})
    status, out, err = run(capsys, "--content", "content", "ingest", "arxiv-rss", "--category", category,
                           "--base-url", upstream.url)
    if refusal:
        assert (status, out, err) == (1, "", f"error: ingest arxiv-rss: {refusal}\n")
    assert upstream.count() == (0 if refusal else 1)


def test_a_setting_the_kind_does_not_read_is_refused(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A stray `query:` on an arXiv RSS source did nothing, silently: validate names it."""
    (project / "sources.yml").write_text(
        "sources:\n  - name: hf\n    kind: hf\n    category: cs.RO\n"
        "  - name: arxiv-cs-ro\n    kind: arxiv-rss\n    category: cs.RO\n    query: cat:cs.RO\n    max: 10\n",
        encoding="utf-8")
    assert run(capsys, "validate") == (1, "", (
        "error: sources.yml:4: sources[0].category: does not apply to an hf source "
        "(hint: category is for arxiv-rss sources; remove it)\n"
        "sources.yml:8: sources[1].query: does not apply to an arxiv-rss source "
        "(hint: query is for arxiv sources; an arxiv-rss source reads category; remove it)\n"
        "sources.yml:9: sources[1].max: does not apply to an arxiv-rss source "
        "(hint: max is for arxiv sources; an arxiv-rss source reads category; remove it)\n"))


@pytest.mark.parametrize("name,shown", [("a  b", "a b"), ("hf ", "hf"), ("h\u200bf", "hf")])
def test_a_source_name_that_would_not_come_back_as_written_is_refused(
    capsys: pytest.CaptureFixture[str], project: Path, name: str, shown: str,
) -> None:
    """status.yml remembers a source under its name, and names are read back cleaned: "a  b"
    came back as "a b", and the source lost its last success (no catch-up) and gate history."""
    (project / "sources.yml").write_text(f"sources:\n  - name: {json.dumps(name)}\n    kind: hf\n",
                                         encoding="utf-8")
    assert run(capsys, "validate") == (1, "", (
        f"error: sources.yml:2: sources[0].name: write the name as it shows, {shown!r}: "
        "visible characters and single spaces, at most 100\n"))


# -- one path for writing content/ ------------------------------------------------------------


def test_save_checks_every_file_before_writing_any(project: Path) -> None:
    content = project / "content"
    before = snapshot(project)
    good = Day(date(2026, 7, 1), "", ())
    bad = Day(date(2026, 7, 2), "", (Paper(id="2607.1", title="A paper", authors=(), abstract="",
                                               published=None, links=Links()),))
    with pytest.raises(ContentError) as caught:
        save(content, days=[good, bad])
    assert [str(p) for p in caught.value.problems] == [
        f"{content}/days/2026-07-02.yml:4: papers[0].id: '2607.1' is not a valid paper id "
        "(hint: use an arXiv id such as '2401.00001' or 'hep-th/9901001', quoted)"]
    assert snapshot(project) == before



@pytest.mark.parametrize("epoch", ["abc", "1e9", "99999999999999"])
def test_bad_source_date_epoch_is_one_clear_error(capsys: pytest.CaptureFixture[str], project: Path,
                                                  monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    """The clock a curator can set to run the daily job "as of" a day (CONTRIBUTING.md)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    before = snapshot(project)
    message = (f"error: SOURCE_DATE_EPOCH: {epoch!r} is not a Unix time in seconds "
               "(e.g. 1781304420 for 2026-06-12 22:47 UTC)\n")
    saved = FIXTURES / "arxiv_api" / "arxivpy_recordings" / "id_2104.12255v1_s0_m100_6ae69987ffe1.body.xml"
    assert run(capsys, "add", "2104.12255", "--file", str(saved)) == (1, "", message)  # today's day
    assert run(capsys, "daily") == (1, "", message)
    assert snapshot(project) == before


def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path: Path) -> None:
    """`python -m generator validate | head -1` style: the pipe closes before the report is
    written; the command stops quietly (141, as a shell tool), with nothing on stderr."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # nobody will read
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    (tmp_path / "site").mkdir()
    done = subprocess.run([sys.executable, "-m", "generator", "verify", "site"], stdout=write, stderr=subprocess.PIPE,
                          cwd=tmp_path, env=env, text=True, timeout=60)
    os.close(write)
    assert (done.returncode, done.stderr) == (141, "")
