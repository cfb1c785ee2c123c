"""A smoke run of the benchmark (the real build over a small synthetic archive), so the
benchmark itself keeps working; `make bench` runs it at 2,000 and 25,000 papers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402
import synth  # noqa: E402

from generator import clock  # noqa: E402


def test_bench_smoke_run(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "bench/run.py", "--papers", "200", "--no-browser",
                          "--no-serve", "--keep", str(tmp_path / "work")],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["papers"] == 200
    site = tmp_path / "work" / "project" / "site"
    assert result["pages"] == sum(1 for _ in site.rglob("*.html"))
    assert sum(1 for _ in (site / "papers").glob("*/index.html")) == 200
    assert len(list((site / "days").iterdir())) == result["days"] == len(synth.schedule(200))
    assert (result["first_day"], result["last_day"]) == ("2026-11-16", "2026-11-27")
    # The byte split covers the whole site, once: its kinds sum to what is on disk.
    files = [p for p in site.rglob("*") if p.is_file()]
    assert result["files"] == len(files)
    assert result["site_bytes"] == sum(result["bytes_by_kind"].values()) == sum(p.stat().st_size for p in files)
    assert result["bytes_per_paper"] == round(result["site_bytes"] / 200)
    for kind in ("papers", "days", "weeks", "topics", "feeds", "search", "assets", "other"):
        assert result["bytes_by_kind"][kind] > 0, kind
    assert result["bytes_by_kind"]["redirects"] == 0  # no paper was enriched
    assert result["bytes_by_kind"]["papers"] == sum(p.stat().st_size for p in (site / "papers").rglob("*")
                                                    if p.is_file())
    entries = {d: len(list(d.iterdir())) for d in [site, *(p for p in site.rglob("*") if p.is_dir())]}
    fullest = max(entries.values())
    assert result["fullest_folder_entries"] == fullest == entries[site / result["fullest_folder"]]
    for key in ("generate_s", "build_s", "peak_rss_mb", "peak_tree_pss_mb", "generate_peak_rss_mb",
                "day_page_gz_bytes", "home_page_gz_bytes", "largest_feed_bytes"):
        assert result[key] > 0, key
    assert "plain" not in result  # the plain MkDocs comparison only with --compare-mkdocs
    assert result["day_page_gz_bytes"] < 40_000
    assert result["largest_feed_bytes"] < 1_000_000


def test_the_synthetic_archive_ends_in_the_past_and_spans_at_most_ten_years() -> None:
    for papers in (1, 200, 25_000, 100_000, 250_000, 1_000_000):
        days = synth.schedule(papers)
        assert sum(n for _, n in days) == papers
        assert [d for d, _ in days] == [synth.END - timedelta(days=i) for i in range(len(days))][::-1]
        assert clock.EARLIEST < date(2016, 11, 27) <= days[0][0] and days[-1][0] == synth.END
    # At 250,000 papers, a busy digest's day: 50-150 papers a weekday, fewer at weekends.
    # (The oldest day takes what is left, so it is left out.)
    weekdays = [n for d, n in synth.schedule(250_000)[1:] if d.weekday() < 5]
    weekends = [n for d, n in synth.schedule(250_000)[1:] if d.weekday() >= 5]
    assert 50 <= min(weekdays) and max(weekdays) <= 150
    assert max(weekends) < min(weekdays)


def test_the_byte_split_sorts_each_kind_of_file(tmp_path: Path) -> None:
    files = {
        "index.html": "<p>home</p>", "sitemap.xml": "<urlset/>", "feed.xml": "<rss/>",
        "papers/2401.00001/index.html": "<p>paper</p>",
        "papers/t-moved/index.html": '<meta http-equiv="refresh" content="0; url=../2401.00001/">',
        "days/2024-01-02/index.html": "<p>day</p>", "weeks/2024-W01/index.html": "<p>week</p>",
        "topics/agents/2024/index.html": "<p>year</p>", "topics/agents/atom.xml": "<feed/>",
        "pagefind/fragment/en_1.pf_fragment": "x", "assets/digest.css": "a{}",
    }
    for rel, body in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(body)
    kinds = {rel: run.kind_of(rel, tmp_path / rel) for rel in files}
    assert kinds == {
        "index.html": "other", "sitemap.xml": "other", "feed.xml": "feeds",
        "papers/2401.00001/index.html": "papers", "papers/t-moved/index.html": "redirects",
        "days/2024-01-02/index.html": "days", "weeks/2024-W01/index.html": "weeks",
        "topics/agents/2024/index.html": "topics", "topics/agents/atom.xml": "feeds",
        "pagefind/fragment/en_1.pf_fragment": "search", "assets/digest.css": "assets",
    }
    sizes = run.breakdown(tmp_path)
    assert sizes["files"] == len(files)
    assert (sizes["fullest_folder"], sizes["fullest_folder_entries"]) == (".", 9)


def test_bench_without_the_browser_dependencies_says_so_and_fails(tmp_path: Path) -> None:
    # Playwright missing, as in a venv with only the site requirements.
    fake = tmp_path / "fake" / "playwright"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named playwright')\n")
    out = subprocess.run([sys.executable, "bench/run.py", "--papers", "20", "--no-serve"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(tmp_path / "fake")})
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == ("bench: cannot measure the first search: the test dependencies are missing "
                          "(No module named playwright); install them with `make test` "
                          "(or pass --no-browser to skip the measurement)\n")
