"""Search: a Pagefind index of the paper pages, fetched by the reader in small chunks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.errors import DigestError

# One result per paper: each paper page marks its record with data-pagefind-body.
GLOB = "papers/**/*.html"


def index(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", GLOB,
               "--force-language", "en", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        raise DigestError(f"pagefind failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def reuse(previous: Path, site_dir: Path) -> bool:
    """`mkdocs serve` skips indexing for speed and serves the last full build's index."""
    if not (previous / "pagefind.js").exists():
        return False
    shutil.copytree(previous, site_dir / "pagefind", dirs_exist_ok=True)
    return True
