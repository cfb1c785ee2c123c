"""The related-papers computation alone, on N synthetic papers: its time and the memory it
adds. `python -m bench.related --papers 100000`."""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from bench import synth
from generator.render import related


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def docs(papers: int, seed: int = 7) -> list[related.Doc]:
    """The synthetic archive's papers, each with the topics whose phrase its text holds
    (as the digest's topic matching tags them)."""
    rng, out, index = random.Random(seed), [], 0
    for day, count in synth.schedule(papers):
        for _ in range(count):
            index += 1
            p = synth.paper(rng, index, day)
            low = f"{p.title} {p.abstract}".lower()
            topics = tuple(t for t in synth.TOPIC_PHRASES if t in low)
            out.append(related.Doc(p.id, p.title, related.doc_text(p.title, p.abstract, p.ai_keywords), topics))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=25_000)
    args = parser.parse_args()
    corpus = docs(args.papers)
    before = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    found = related.related(corpus)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shown = sum(len(v) for v in found.values())
    print(f"papers={len(corpus)} seconds={seconds:.1f} cpu_seconds={cpu:.1f} rss_before_mb={before:.0f} "
          f"peak_mb={peak:.0f} added_peak_mb={peak - before:.0f} related_per_paper={shown / max(1, len(found)):.2f}")


if __name__ == "__main__":
    main()
