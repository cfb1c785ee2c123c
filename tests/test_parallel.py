"""The forked paths a large archive takes (loading; writing the day, week and paper pages)
give exactly what the serial paths give; here they are forced on the sample content."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from sample import SAMPLE_CONTENT

from generator.content import load as load_module
from generator.render import pages

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

ROOT = Path(__file__).resolve().parent.parent


def _load(monkeypatch: pytest.MonkeyPatch, parallel: bool) -> object:
    monkeypatch.setattr(load_module, "PARALLEL_FROM", 1 if parallel else 10**9)
    return load_module.load(SAMPLE_CONTENT)


def test_forked_loading_equals_the_serial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _load(monkeypatch, parallel=True) == _load(monkeypatch, parallel=False)


def test_day_and_week_pages_render_only_when_written() -> None:
    """The site keeps what a section's pages are rendered from, not their bodies (at
    100,000 papers those were GBs); each renders the same body every time."""
    site = pages.build(load_module.load(SAMPLE_CONTENT), site_url="https://example.org/d/", site_name="D")
    days = site.sections["days"]
    assert len(days) == 5 and days["2026-06-12"].title == "Papers of 2026-06-12"
    body = days["2026-06-12"].render()
    assert "WebChallenger" in body and days["2026-06-12"].render() == body
    assert all(isinstance(page.render, partial) for section in site.sections.values() for page in section.values())


def test_pages_written_by_forked_workers_equal_the_serial_ones(
        built_site: Path, sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The day, week and paper pages through site/writer.py from forked workers (every path
    claimed by the parent first), as a large archive writes them: the same files, byte for byte."""
    from generator.site import assemble, paperpages
    from generator.site.build import build

    monkeypatch.setattr(paperpages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(assemble, "SECTION_PARALLEL_FROM", 1)
    build(sample_project / "mkdocs.yml", tmp_path / "site")

    def written(site: Path, folder: str) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / folder).rglob("*") if p.is_file()}

    for folder, least in (("papers", 100), ("days", 5), ("weeks", 3)):
        forked = written(tmp_path / "site", folder)
        assert len(forked) > least and forked == written(built_site, folder), folder
