"""Search: a Pagefind index of the day pages, fetched by the reader in small chunks.

Each day page is one record and each paper's card one sub-result (its heading has an id):
1,300 records for 25,000 papers keep the index's per-record metadata, which every first
search downloads, around 10 KB, and indexing quick; a record per paper page cost 43 s and
1.8 GB at that size."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.errors import DigestError

GLOB = "days/*/index.html"


def index(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", GLOB,
               "--force-language", "en", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        raise DigestError(f"pagefind failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def reuse(previous: Path, site_dir: Path) -> bool:
    """`mkdocs serve` skips indexing for speed and serves the last full build's index,
    linked rather than copied: at 25,000 papers it is tens of thousands of files."""
    if not (previous / "pagefind.js").exists():
        return False
    target = site_dir / "pagefind"
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.symlink_to(previous.resolve(), target_is_directory=True)
    return True
