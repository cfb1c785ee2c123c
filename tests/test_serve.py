"""`make serve` (`mkdocs serve`) for curators: the preview builds through the hook adapter
and rebuilds when a content file is saved."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sample import SITE_PREFIX, make_project

DAY = "2026-06-14"


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1 only
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = _get(url)
        if text is not None and needle in text:
            return True
        time.sleep(0.3)
    return False


def test_serve_previews_and_rebuilds_on_a_content_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")  # a copy of the sample content, edited below
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    page = f"http://127.0.0.1:{port}{SITE_PREFIX}days/{DAY}/"
    try:
        assert _wait_for(page, "Papers of Sunday, 14 June 2026", 120), "the preview never came up"
        day = project / "content/days" / f"{DAY}.yml"
        text = day.read_text(encoding="utf-8")
        edited = text.replace("  note: ''\n", "  note: Saved by a curator a moment ago.\n", 1)
        if edited == text:  # a day without empty notes: add one to the first paper
            edited = text.replace("  title:", "  note: Saved by a curator a moment ago.\n  title:", 1)
        day.write_text(edited, encoding="utf-8")
        assert _wait_for(page, "Saved by a curator a moment ago.", 60), "the edit never showed"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err[-3000:]
