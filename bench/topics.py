"""What a topic costs: the synthetic archive built with N extra topics that match every paper
(the worst a `topics.yml` can do), printing one JSON line per N: site bytes, peak memory,
and the bytes and memory each topic adds.

    python bench/topics.py --papers 500 --topics 10 100 1000

Site size and memory must grow linearly in topics, as in papers: nothing may be written
once per pair of topics (issue 18). A paper carries at most `MAX_PAPER_TOPICS` topics, so
topics past the first few that match everything hold no papers and cost an empty page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: the project folder and the measurement)
import synth  # noqa: E402

# Words in nearly every synthetic abstract (and every real one): each topic matches all papers.
EVERYWHERE = "[the, of, and, a, to, in]"


def hostile_topics(n: int) -> str:
    return "".join(f"  - slug: every-{i:04d}\n    title: Everything {i}\n"
                   f"    description: A topic that matches every paper.\n    phrases: {EVERYWHERE}\n"
                   for i in range(n))


def build(work: Path, papers: int, topics: int) -> dict[str, float]:
    work.mkdir(parents=True)
    proj = run.project(work)
    synth.write(proj / "content", papers)
    with open(proj / "content" / "topics.yml", "a", encoding="utf-8") as f:
        f.write(hostile_topics(topics))
    measured = run.measure([sys.executable, "-m", "generator", "build"], proj)
    return {"topics": topics, "site_bytes": run.dir_bytes(proj / "site"),
            "rss_mb": round(measured["rss_mb"], 1), "tree_mb": round(measured["tree_mb"], 1),
            "s": round(measured["s"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=500)
    parser.add_argument("--topics", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pd-topics-"))
    try:
        base = build(work / "base", args.papers, 0)
        print(json.dumps(base), flush=True)
        for n in args.topics:
            got = build(work / str(n), args.papers, n)
            got["bytes_per_topic"] = round((got["site_bytes"] - base["site_bytes"]) / n)
            got["rss_kb_per_topic"] = round((got["rss_mb"] - base["rss_mb"]) * 1024 / n, 1)
            print(json.dumps(got), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
