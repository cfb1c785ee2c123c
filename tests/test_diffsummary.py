"""`python -m generator diff BASE`: the pull-request job summary, in a throwaway git repo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from sample import SAMPLE_CONTENT

from generator import cli
from generator.content import dump
from generator.content.load import load
from generator.content.topics import MAX_PAPER_TOPICS
from generator.jobs.curate import add, remove
from generator.jobs.diffsummary import MAX_BYTES, MAX_LINE, GitError, diff, md

ROOT = Path(__file__).resolve().parent.parent
ARXIV_BODY = (Path(__file__).parent / "fixtures" / "arxiv_api" / "arxivpy_recordings"
              / "id_2104.12255v1_s0_m100_6ae69987ffe1.body.xml")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    shutil.copytree(SAMPLE_CONTENT, repo / "content")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "base")
    git(repo, "switch", "--quiet", "-c", "curate")
    return repo


def run_diff(repo: Path, ref: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--content", str(repo / "content"), "diff", ref])
    out, err = capsys.readouterr()
    return code, out, err


def test_escaping_leaves_nothing_for_markdown_or_html() -> None:
    assert md("Hi <b>&</b> *x* [y](https://e.x) @team #1 `c`\n|t|") == (
        "Hi &#60;b&#62;&#38;&#60;&#47;b&#62; &#42;x&#42; &#91;y&#93;&#40;https&#58;&#47;&#47;e&#46;x&#41; "
        "&#64;team &#35;1 &#96;c&#96; &#124;t&#124;")
    assert md("Ünïcödé Zürich 0") == "Ünïcödé Zürich 0"


@pytest.mark.fork
def test_a_pull_request_summary_per_day(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = repo / "content"
    add(content, "2104.12255", day=date(2026, 6, 15), topics=("safety",), file=ARXIV_BODY)
    remove(content, ["2606.00467"], reason="duplicate")
    digest = load(content)
    day = next(d for d in digest.days if d.date == date(2026, 6, 12))
    papers = list(day.papers)
    papers[0] = replace(papers[0], topics=("agents", "safety"), pick=True, note="Worth a read.")
    papers[1] = replace(papers[1], title="A <script>alert(1)</script> [title](https://evil.example) @org")
    (content / "days" / "2026-06-12.yml").write_text(dump.day_yaml(replace(day, papers=tuple(papers))),
                                                     encoding="utf-8")
    git(repo, "commit", "--quiet", "-am", "curate")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "add")
    base = git(repo, "rev-parse", "main")[:12]

    code, out, err = run_diff(repo, "main", capsys)
    assert (code, err) == (0, "")
    first, second = day.papers[0], papers[1]
    lines = out.splitlines()
    assert lines[:3] == [
        "## Changes to the digest", "",
        f"Compared with `{base}` (merge base with HEAD): 1 added, 1 removed, 1 retagged, 1 edited, "
        "0 moved, on 2 day(s)."]
    assert lines[3:] == [
        "", "### 2026-06-15 Mon", "",
        "- **added** `2104.12255` 0",
        "", "### 2026-06-12 Fri", "",
        f"- **retagged** `{first.id}` {md(first.title)}: topics +agents +safety; note added; "
        "now an editor's pick",
        f"- **edited** `{second.id}` A &#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62; "
        "&#91;title&#93;&#40;https&#58;&#47;&#47;evil&#46;example&#41; &#64;org: title",
        "- **removed** `2606.00467` " + md(next(p.title for d in load(SAMPLE_CONTENT).days
                                                for p in d.papers if p.id == "2606.00467")),
        "", "### Lists", "",
        "- removed.yml now lists `2606.00467`",
    ]
    assert "<" not in out and "](" not in out and "@" not in out


def test_no_changes_and_bad_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_diff(repo, "main", capsys)
    assert code == 0 and out.endswith("on 0 day(s).\n\nNo paper, day or topic changes.\n")
    assert run_diff(repo, "no-such-branch", capsys) == (
        2, "", "error: diff: 'no-such-branch' is no commit in this repository "
               "(in CI, check out with fetch-depth: 0 so the base is there)\n")
    with pytest.raises(GitError, match="'--output=x' is not a git revision"):
        diff(repo / "content", "--output=x")


def test_a_huge_change_stays_under_the_job_summary_limit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request built to overflow GitHub's 1 MiB step summary: long topic slugs, each
    of 600 papers retagged with as many as a paper may carry and retitled in punctuation (5 bytes a character
    once escaped), 3,000 topics changed."""
    content = repo / "content"
    topics_path = content / "topics.yml"
    topics = yaml.safe_load(topics_path.read_text(encoding="utf-8"))
    slugs = [f"t{n}-" + "-".join(["ab"] * 30) for n in range(3000)]
    topics["topics"] += [{"slug": s, "title": f"T {n}", "description": "d"} for n, s in enumerate(slugs)]
    papers = [{"id": f"2601.{60000 + n}", "title": f"Paper {n}", "source": "manual"} for n in range(600)]
    day_path = content / "days" / "2026-01-05.yml"
    dump_yaml(topics_path, topics)
    dump_yaml(day_path, {"date": "2026-01-05", "papers": papers})
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    for t in topics["topics"][-3000:]:
        t["description"] = "changed"
    for n, p in enumerate(papers):
        p["title"] = f"{n} " + "<&>" * 99
        p["topics"] = slugs[n % 250 * MAX_PAPER_TOPICS:][:MAX_PAPER_TOPICS]
    dump_yaml(topics_path, topics)
    dump_yaml(day_path, {"date": "2026-01-05", "papers": papers})

    code, out, err = run_diff(repo, base, capsys)
    assert (code, err) == (0, "")
    assert len(out.encode("utf-8")) <= MAX_BYTES < 1024 * 1024
    lines = out.splitlines()
    assert lines[2].startswith("Compared with ") and lines[2].endswith("0 added, 0 removed, 600 retagged, "
                                                                      "600 edited, 0 moved, on 1 day(s).")
    assert all(len(line) <= MAX_LINE + len(" … (line cut)") for line in lines)
    assert lines[-1].startswith("... and ") and lines[-1].endswith(
        " more line(s) not shown: the summary stops at 1,000,000 bytes (a job summary holds 1 MiB).")
    # Cut lines end between references, never inside one.
    assert not re.search(r"&(?!#\d+;)", out)
    # The 3,000 topics changed again, alone: their one line names as many as fit in
    # MAX_LINE, uncut, and says how many more.
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "-m", "head")
    head = git(repo, "rev-parse", "HEAD")
    for t in topics["topics"][-3000:]:
        t["description"] = "changed again"
    dump_yaml(topics_path, topics)
    code, out, err = run_diff(repo, head, capsys)
    assert (code, err) == (0, "")
    (line,) = [line for line in out.splitlines() if line.startswith("- topics.yml: ")]
    shown = line.count("changed ")
    assert 0 < shown < 3000
    assert line.endswith(f"changed {md(sorted(slugs)[shown - 1])} and {3000 - shown} more")
    assert len(line) <= MAX_LINE


def dump_yaml(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")
