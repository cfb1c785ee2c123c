"""Benchmark: a synthetic archive of N papers (up to 250,000 and beyond) through the real
build, measured as a reader and a host meet it: site bytes split by page kind, files and
the fullest folder, peak memory, build time, a reader's first search; optionally side by
side with a plain `mkdocs build` of the same papers as straightforward Markdown.

    python bench/run.py --papers 25000     # prints one JSON line

Not part of `make test` (a ~200-paper smoke run of it is); `make bench` runs 2,000 and 25,000.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

from generator import ids  # noqa: E402
from generator.site import DEFAULT_ENGINE, ENGINES  # noqa: E402

# Common words, as a reader might type them: their index chunks are the largest.
COMMON_QUERY = "language models"

# Runs a command in a child and reports its wall time, the peak RSS of its largest process
# and the peak memory of its whole process tree (proportional set sizes summed, sampled from
# /proc every 250 ms: Pagefind and the page workers run beside the build).
MEASURE = """
import json, os, resource, subprocess, sys, threading, time

def tree_pss(root):
    parents = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    parents[int(pid)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [c for c, p in parents.items() if p == pid and c not in tree]
    total = 0
    for pid in tree:
        try:  # proportional set size: pages a forked worker shares with its parent count once
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024

t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
peak = [0.0]
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_pss(proc.pid))
        time.sleep(0.25)
threading.Thread(target=sample, daemon=True).start()
err = proc.stderr.read()
proc.wait()
print(json.dumps({"rc": proc.returncode, "s": time.perf_counter() - t, "err": err[-3000:],
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "tree_mb": peak[0]}))
"""

PLAIN_MKDOCS = """site_name: Plain
site_url: https://example.org/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - index.md
  - Topics: topics
"""


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    # What the last step wrote is flushed first, so no run pays for the writes before it.
    os.sync()
    time.sleep(2)
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result['err']}")
    return result


def project(work: Path) -> Path:
    """A project folder: our mkdocs.yml, docs/, overrides/ and generator/, synthetic content/."""
    proj = work / "project"
    proj.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    for name in ("docs", "overrides", "generator"):
        (proj / name).symlink_to(ROOT / name)
    return proj


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# The kinds of output a site's bytes are split into, in the order a file is tested against
# them: a feed in a topic's folder counts as a feed, a redirect stub in papers/ as a redirect.
KINDS = ("papers", "days", "weeks", "topics", "feeds", "search", "redirects", "assets", "other")
FOLDER_KINDS = {"papers": "papers", "days": "days", "weeks": "weeks", "topics": "topics",
                "pagefind": "search", "assets": "assets"}


def kind_of(rel: str, path: Path) -> str:
    """The kind of one site file, by its path relative to the site ('days/2024-01-02/index.html')."""
    top, _, _ = rel.partition("/")
    name = rel.rsplit("/", 1)[-1]
    if top == "pagefind":
        return "search"
    if name.endswith((".xml", ".opml")) and not name.startswith("sitemap") or name == "feed.json":
        return "feeds"
    if name.endswith(".html"):
        with path.open("rb") as f:  # enrich's moved-paper pages: a meta refresh, nothing else
            if b'http-equiv="refresh"' in f.read(1024):
                return "redirects"
    return FOLDER_KINDS.get(top, "other") if "/" in rel else "other"


def breakdown(site: Path) -> dict[str, object]:
    """Bytes by kind, files in all, and the folder with the most entries (what hosts that
    count files per folder, such as Netlify, meet first)."""
    by_kind = dict.fromkeys(KINDS, 0)
    files, fullest = 0, ("", -1)
    for folder, dirs, names in os.walk(site):
        base = Path(folder)
        rel_folder = base.relative_to(site).as_posix()
        if len(dirs) + len(names) > fullest[1]:
            fullest = (rel_folder, len(dirs) + len(names))
        for name in names:
            path = base / name
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            by_kind[kind_of(rel, path)] += path.stat().st_size
            files += 1
    return {"site_bytes": sum(by_kind.values()), "bytes_by_kind": by_kind, "files": files,
            "fullest_folder": fullest[0], "fullest_folder_entries": fullest[1]}


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def browser_problem() -> str | None:
    """Why the first search cannot be measured here, or None: asked before any work, so a
    run without the test dependencies stops at once instead of printing null figures."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import browser  # type: ignore[import-not-found]
    except ImportError as exc:
        return (f"the test dependencies are missing ({exc}); install them with `make test` "
                "(or pass --no-browser to skip the measurement)")
    if not Path(browser.CHROMIUM).exists():
        return (f"no Chromium at {browser.CHROMIUM}; install it with `make chromium` "
                "(or pass --no-browser to skip the measurement)")
    return None


def first_search(site: Path, query: str, expect: str) -> tuple[dict[str, int], bool]:
    """Bytes a reader's browser downloads for its first search (measured in Chromium), file
    by file (the search page and every file of the index, in each of its parts), and whether
    a result leads to `expect` (a day page's card, /days/<date>/#<anchor>).

    The site is served as GitHub Pages serves it, gzip on the wire (bench/audit.py's server),
    and what counts is what crosses it: each response's Content-Length. Pagefind's index,
    fragments and wasm are gzipped files already; its scripts and the page are not."""
    import audit  # type: ignore[import-not-found]  # bench/audit.py: the gzip server
    from browser import chromium  # type: ignore[import-not-found]

    with audit.serve_gzip(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "/")
        seen: dict[str, int] = {}

        def finished(request: object) -> None:
            response = request.response()  # type: ignore[attr-defined]
            if response is not None:
                length = response.headers.get("content-length")
                if length is not None:  # redirects and aborted requests have no body
                    seen[request.url] = int(length)  # type: ignore[attr-defined]

        page.on("requestfinished", finished)
        page.goto(f"{base}/search/?q={query.replace(' ', '+')}")
        page.wait_for_selector(".pd-result__excerpt", timeout=60_000)
        page.wait_for_timeout(500)
        found = page.locator(f'a.pd-result__title[href$="{expect}"]').count() > 0
    files: dict[str, int] = {}
    for url, size in sorted(seen.items()):
        if "/pagefind/" in url or "/search/" in url:
            path = url.removeprefix(base + "/").split("?")[0]  # Pagefind's entry file is read twice
            files[path] = files.get(path, 0) + size
    return files, found


def distinctive(text: str, n: int = 2) -> str:
    """The words a reader would search a paper by: its rarest."""
    rank = {w: i for i, w in enumerate(synth.VOCABULARY)}
    words = sorted({w for w in re.findall(r"[a-z]+", text.lower()) if w in rank}, key=lambda w: -rank[w])
    return " ".join(words[:n])


def serve_rebuild_s(proj: Path, env: dict[str, str]) -> float | None:
    """Seconds from saving an edit to one day's file to `mkdocs serve` having rebuilt."""
    import socket
    import threading

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=proj, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    built = re.compile(r"Documentation built in")
    events: list[float] = []
    done = threading.Event()

    def reader() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if built.search(line):
                events.append(time.perf_counter())
                done.set()

    threading.Thread(target=reader, daemon=True).start()
    try:
        if not done.wait(600):
            return None
        time.sleep(2)  # let the file watcher settle
        done.clear()
        newest = sorted((proj / "content" / "days").glob("*.yml"))[-1]
        text = newest.read_text()
        started = time.perf_counter()
        # A curator's edit: a note on the newest day's first paper without one.
        newest.write_text(text.replace("  note: ''\n", "  note: Edited for the benchmark.\n", 1))
        if not done.wait(600):
            return None
        return round(events[-1] - started, 2)
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    parser.add_argument("--compare-mkdocs", action="store_true",
                        help="also build the papers as plain Markdown with `mkdocs build` (slow at 100,000)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-search measurement")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild measurement")
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=ENGINES,
                        help="the site engine `build` runs (default: mkdocs)")
    args = parser.parse_args()
    problem = None if args.no_browser else browser_problem()
    if problem:
        print(f"bench: cannot measure the first search: {problem}", file=sys.stderr)
        sys.exit(2)
    work = Path(tempfile.mkdtemp(prefix="pd-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        proj = project(work)
        days = synth.write(proj / "content", args.papers)
        env = {**os.environ, "PYTHONPATH": str(proj)}
        # Each time below is one process's own wall time, never a difference of two.
        gen = measure([sys.executable, "-c", "import sys, time, json; from pathlib import Path; "
                       "from generator.content.load import load; from generator.render import pages; "
                       "d = load(Path('content')); "
                       "s = pages.build(d, site_url='https://example.org/', site_name='Bench'); "
                       # The day and week pages render as they are written: rendered here too.
                       "[p.render() for section in s.sections.values() for p in section.values()]"], proj, env)
        full = measure([sys.executable, "-m", "generator", "build", "--engine", args.engine], proj, env)
        site = proj / "site"
        sizes = breakdown(site)
        by_kind: dict[str, int] = sizes["bytes_by_kind"]  # type: ignore[assignment]
        day_pages = sorted((site / "days").glob("*/index.html"))
        feeds = list(site.rglob("feed.xml")) + list(site.rglob("atom.xml"))
        oldest = days[0].papers[0]
        query = distinctive(f"{oldest.title} {oldest.abstract}")
        searched = None if args.no_browser else first_search(
            site, query, f"/days/{days[0].date.isoformat()}/#{ids.anchor(oldest.id)}")
        common = None if args.no_browser else first_search(site, COMMON_QUERY, "")
        result: dict[str, object] = {
            "papers": args.papers,
            "engine": args.engine,
            "days": len(days),
            "first_day": days[0].date.isoformat(),
            "last_day": days[-1].date.isoformat(),
            "papers_per_weekday": synth.per_weekday(args.papers),
            "pages": sum(1 for _ in site.rglob("*.html")),
            "build_s": round(full["s"], 2),
            "generate_s": round(gen["s"], 2),
            "peak_tree_pss_mb": round(full["tree_mb"]),
            "peak_rss_mb": round(full["rss_mb"]),
            "generate_peak_rss_mb": round(gen["rss_mb"]),
            **sizes,
            "bytes_per_paper": round(sizes["site_bytes"] / args.papers),  # type: ignore[operator]
            "bytes_per_paper_by_kind": {k: round(v / args.papers) for k, v in by_kind.items()},
            "day_page_gz_bytes": max(gz(p) for p in day_pages),
            "home_page_gz_bytes": gz(site / "index.html"),
            "first_search_query": query,
            "first_search_bytes": searched and sum(searched[0].values()),
            "first_search_finds_oldest": searched and searched[1],
            "first_search_files": searched and searched[0],
            "first_search_common_bytes": common and sum(common[0].values()),
            "largest_feed_bytes": max(p.stat().st_size for p in feeds),
            "serve_rebuild_s": None if args.no_serve else serve_rebuild_s(proj, env),
        }
        if args.compare_mkdocs:
            plain = work / "plain"
            synth.plain_markdown(plain / "docs", days)
            (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS)
            base = measure([sys.executable, "-m", "mkdocs", "build", "-q"], plain)
            psite = plain / "site"
            pdays = sorted((psite / "days").glob("*/index.html"))
            index = psite / "search" / "search_index.json"
            bundle = sum(p.stat().st_size for p in (psite / "assets/javascripts").rglob("*.js"))
            result["plain"] = {
                "build_s": round(base["s"], 2), "peak_rss_mb": round(base["rss_mb"]),
                "peak_tree_pss_mb": round(base["tree_mb"]),
                "site_bytes": dir_bytes(psite),
                "day_page_gz_bytes": max(gz(p) for p in pdays),
                "home_page_gz_bytes": gz(psite / "index.html"),
                "first_search_bytes": index.stat().st_size + bundle,
            }
            result["ratio_vs_plain"] = round(full["s"] / base["s"], 3)
        print(json.dumps(result))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
