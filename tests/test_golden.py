"""Golden files for pages and feeds. Regenerate after an intended change with `make golden`
(UPDATE_GOLDEN=1) and review the diff like any other change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = [
    "index.html",
    "archive/index.html",
    "days/2026-06-12/index.html",
    "days/2024-11-28/index.html",
    "topics/physics/index.html",
    "papers/cond-mat-0412498/index.html",
    "papers/2606.13594/index.html",
    "feed.xml",
    "atom.xml",
    "topics/agents/feed.xml",
    "topics/agents/atom.xml",
    "feed.json",
    "topics/agents/feed.json",
    "weeks/feed.json",
    "feeds.opml",
]


@pytest.mark.parametrize("rel", FILES)
def test_golden(built_site: Path, rel: str) -> None:
    actual = (built_site / rel).read_bytes()
    golden = GOLDEN / rel
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"no golden file for {rel}: run `make golden`"
    assert actual == golden.read_bytes(), f"{rel} differs from tests/golden/{rel}; " \
        "if the change is intended, run `make golden` and review the diff"
