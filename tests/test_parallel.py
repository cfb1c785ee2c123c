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


def test_paper_pages_written_by_forked_workers_equal_the_serial_ones(
        built_site: Path, sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paper pages through site/writer.py from forked workers (every path claimed by the
    parent first), as a large archive writes them: the same files, byte for byte."""
    from generator.site import paperpages
    from generator.site.build import build

    monkeypatch.setattr(paperpages, "PARALLEL_FROM", 1)
    build(sample_project / "mkdocs.yml", tmp_path / "site")

    def papers(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "papers").rglob("*") if p.is_file()}

    forked = papers(tmp_path / "site")
    assert len(forked) > 100 and forked == papers(built_site)
