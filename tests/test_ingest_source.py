"""A hand-run or offline ingest is the daily job's path: `ingest --source NAME` runs a source
of sources.yml with all its settings, `daily --file NAME=PATH` reads a saved answer for a
source, `--dry-run` writes nothing, and `--category` with a saved feed keeps only its items
in those categories. Run through the real command line on recorded answers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from sample import ROOT, SAMPLE_CONTENT, SAMPLE_SOURCES

from generator import cli
from generator.content.load import load
from generator.content.sources import keep, load_sources
from generator.ingest import arxiv_rss, hf

FIXTURES = ROOT / "tests" / "fixtures"
HF_FILE = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
RSS_FILE = FIXTURES / "arxiv_rss" / "aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
FRIDAY = date(2026, 6, 12)
NOVEMBER = date(2024, 11, 28)
EPOCH = "1781909220"  # 2026-06-19 22:47 UTC


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample content without its days, and sources.yml with a filtered hf source and a
    cs.AI arXiv RSS source, as the working directory."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    for day in (tmp_path / "content" / "days").glob("*.yml"):
        day.unlink()
    (tmp_path / "content" / "status.yml").unlink()
    (tmp_path / "sources.yml").write_text(
        "sources:\n  - name: hf\n    kind: hf\n    include: [agent, agents]\n"
        "  - name: arxiv-cs-ai\n    kind: arxiv-rss\n    category: cs.AI\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def day_ids(content: Path, day: date) -> list[str]:
    return [p.id for d in load(content).days if d.date == day for p in d.papers]


def test_ingest_source_applies_the_sources_include_list(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ingest hf --file` took all 30 papers; the source `hf` keeps only those about agents."""
    (source, _) = load_sources(project / "sources.yml")
    wanted = [p.id for p in hf.parse(HF_FILE.read_bytes()) if keep(source, p)]
    assert len(wanted) == 11
    status, out, err = run(capsys, "ingest", "--source", "hf", "--file", str(HF_FILE))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"daily: 1 day(s) [2026-06-12]: {len(wanted)} added, 0 updated",
        "  hf 2026-06-12: 30 fetched",
        "  wrote content/days/2026-06-12.yml",
        "  wrote content/status.yml",
    ]
    assert day_ids(project / "content", FRIDAY) == wanted
    status_doc = yaml.safe_load((project / "content" / "status.yml").read_text(encoding="utf-8"))
    assert status_doc["sources"] == {"hf": {"last_success": None, "recent": {"2026-06-12": 30}}}


def test_a_saved_feed_keeps_only_the_sources_category(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The recorded feed of every archive: the cs.AI source takes its one new cs.AI paper, not
    the astrophysics and maths ones; the kind form with --category does the same."""
    status, out, err = run(capsys, "ingest", "--source", "arxiv-cs-ai", "--file", str(RSS_FILE))
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == ["daily: 1 day(s) [2024-11-28]: 1 added, 0 updated",
                                    "  arxiv-cs-ai 2024-11-28: 1 fetched"]
    assert day_ids(project / "content", NOVEMBER) == ["2411.17707"]  # eess.SP, cs.AI, cs.SY, eess.SY

    (project / "content" / "days" / "2024-11-28.yml").unlink()
    status, out, err = run(capsys, "ingest", "arxiv-rss", "--category", "astro-ph", "--file", str(RSS_FILE))
    assert (status, err) == (0, "")
    assert out == "arxiv-rss: 3 fetched, 3 added, 0 updated\n  wrote content/days/2024-11-28.yml\n"
    papers = [p for d in load(project / "content").days for p in d.papers]
    assert [p.id for p in papers] == ["2411.17775", "2202.06515", "2405.12090"]
    feed = arxiv_rss.parse(RSS_FILE.read_bytes())
    categories = {p.id: p.categories for p in feed.papers}
    assert all(any(c.startswith("astro-ph.") for c in categories[p.id]) for p in papers)


def test_dry_run_reads_saved_answers_and_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The daily job offline: a saved answer per source, each for the day it says; only those
    sources run (no network), and nothing is written."""
    before = snapshot(project)
    status, out, err = run(capsys, "daily", "--dry-run", "--file", f"hf={HF_FILE}",
                           "--file", f"arxiv-cs-ai={RSS_FILE}")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "daily: 2 day(s) [2024-11-28, 2026-06-12]: 12 added, 0 updated",  # 1 + the 11 about agents
        "  arxiv-cs-ai 2024-11-28: 1 fetched",
        "  hf 2026-06-12: 30 fetched",
        "  would write content/days/2024-11-28.yml",
        "  would write content/days/2026-06-12.yml",
        "  would write content/status.yml",
        "  dry run: nothing was written",
    ]
    assert snapshot(project) == before
    # The same without --dry-run writes exactly those files.
    status, out, err = run(capsys, "daily", "--file", f"hf={HF_FILE}", "--file", f"arxiv-cs-ai={RSS_FILE}")
    assert status == 0
    assert sorted(set(snapshot(project)) - set(before)) == ["content/days/2024-11-28.yml",
                                                            "content/days/2026-06-12.yml", "content/status.yml"]


def test_a_saved_answer_without_a_day_needs_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "sources.yml").write_text("sources:\n  - name: q\n    kind: arxiv\n    query: cat:cs.CR\n",
                                         encoding="utf-8")
    saved = FIXTURES / "arxiv_api" / "arxivpy_recordings" / "id_2104.12255v1_s0_m100_6ae69987ffe1.body.xml"
    status, out, err = run(capsys, "ingest", "--source", "q", "--file", str(saved))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == (f"python -m generator ingest: error: --file q={saved}: the saved answer "
                                    "does not say which day it is for; give --date YYYY-MM-DD")
    status, out, err = run(capsys, "ingest", "--source", "q", "--file", str(saved), "--date", "2026-06-15")
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == ["daily: 1 day(s) [2026-06-15]: 1 added, 0 updated", "  q 2026-06-15: 1 fetched"]


def test_the_documented_offline_run_works(tmp_path: Path) -> None:
    """CONTRIBUTING.md's "Trying it offline" commands, verbatim, in a project of the sample."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = guide.split("- **Trying it offline.**", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [" ".join(c.split()) for c in block.replace("\\\n", " ").splitlines() if c.strip()]
    assert [c.split()[:4] for c in commands] == [["python", "-m", "generator", "daily"],
                                                 ["python", "-m", "generator", "ingest"]]
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    shutil.copyfile(SAMPLE_SOURCES, tmp_path / "sources.yml")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(FIXTURES)
    before = snapshot(tmp_path / "content")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    for command in commands:
        done = subprocess.run([sys.executable, *command.split()[1:]], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode in (0, 4), done.stderr  # the sample has these papers already: nothing new
        assert "dry run: nothing was written" in done.stdout + done.stderr
    assert snapshot(tmp_path / "content") == before
