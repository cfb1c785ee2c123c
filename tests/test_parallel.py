"""The forked paths a large archive takes (loading, day pages) give exactly what the
serial paths give; here they are forced on the sample content."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT

from generator.content import load as load_module
from generator.render import pages

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent


def _build(monkeypatch: pytest.MonkeyPatch, parallel: bool) -> tuple[object, pages.Site]:
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1 if parallel else 10**9)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1 if parallel else 10**9)
    digest = load_module.load(SAMPLE_CONTENT)
    return digest, pages.build(digest, site_url="https://example.org/d/", site_name="D")


def test_forked_loading_and_day_pages_equal_the_serial_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    serial_digest, serial = _build(monkeypatch, parallel=False)
    forked_digest, forked = _build(monkeypatch, parallel=True)
    assert forked_digest == serial_digest
    assert forked.sections == serial.sections
    assert list(forked.sections["days"]) == list(serial.sections["days"])
    assert len(forked.sections["days"]) == 5 and "WebChallenger" in forked.sections["days"]["2026-06-12"].body
    assert forked.pages == serial.pages and forked.files == serial.files
