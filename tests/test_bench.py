"""A smoke run of the benchmark (the real build over a small synthetic archive), so the
benchmark itself keeps working; `make bench` runs it at 2,000 and 25,000 papers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_run(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "bench/run.py", "--papers", "200", "--no-plain", "--no-browser",
                          "--no-serve", "--keep", str(tmp_path / "work")],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["papers"] == 200
    site = tmp_path / "work" / "project" / "site"
    assert result["pages"] == sum(1 for _ in site.rglob("*.html"))
    assert sum(1 for _ in (site / "papers").glob("*/index.html")) == 200
    assert len(list((site / "days").iterdir())) == 10  # 20 papers a day
    for key in ("generate_s", "build_s", "total_s", "peak_rss_mb", "site_bytes", "day_page_gz_bytes",
                "home_page_gz_bytes", "largest_feed_bytes"):
        assert result[key] > 0, key
    assert result["day_page_gz_bytes"] < 40_000
    assert result["largest_feed_bytes"] < 1_000_000


def test_bench_without_the_browser_dependencies_says_so_and_fails(tmp_path: Path) -> None:
    # Playwright missing, as in a venv with only the site requirements.
    fake = tmp_path / "fake" / "playwright"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named playwright')\n")
    out = subprocess.run([sys.executable, "bench/run.py", "--papers", "20", "--no-plain", "--no-serve"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(tmp_path / "fake")})
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == ("bench: cannot measure the first search: the test dependencies are missing "
                          "(No module named playwright); install them with `make test` "
                          "(or pass --no-browser to skip the measurement)\n")
