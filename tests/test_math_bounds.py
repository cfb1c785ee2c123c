"""Math cannot freeze a page: an abstract built to make KaTeX produce hundreds of thousands
of elements, as a pull request would bring it, settles at once in Chromium.

Measured before the bounds (generator/text.py, docs/assets/digest.js): the paper page of
the `defs` abstract below took 22.6 s and held 395,715 elements; with them, under 1 s and
about 130 elements.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser import recorded_page, serve_directory
from hostile_sites import cli, make_project, write_yaml
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

# Nested \defs: 180 expansions, under KaTeX's maxExpand, of a body of seven fractions.
_FRACS = r"\frac{\frac{\frac{x}{y}}{\frac{x}{y}}}{\frac{\frac{x}{y}}{\frac{x}{y}}}"
DEFS = ("$\\def\\a{" + _FRACS + "}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a}"
        "\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\c" + "\\b" * 8 + "$")
# No macro at all, under the build's caps, and still about 3,000 elements a segment.
MATRIX = "$\\begin{matrix}" + "x&" * 180 + "\\end{matrix}$"
PAPERS = {"2601.10001": DEFS, "2601.10002": MATRIX}
SETTLED_S = 5
MAX_ELEMENTS = 2000  # a whole Material page with one paper holds a few hundred


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("math-bomb"))
    write_yaml(project / "content/days/2026-01-05.yml", {"date": "2026-01-05", "papers": [
        {"id": pid, "title": f"Math {pid} {seg}"[:300], "abstract": " and ".join([seg] * 12),
         "note": " ".join([seg] * 4), "source": "manual"} for pid, seg in PAPERS.items()]})
    code, _, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site"))
    assert code == 0, err
    return project / "site"


@pytest.mark.parametrize("path", ["papers/2601.10001/", "papers/2601.10002/", "days/2026-01-05/", ""])
def test_the_page_settles_quickly_with_few_elements(site: Path, browser: Browser, path: str) -> None:
    with serve_directory(site) as base, recorded_page(browser, timeout_ms=120_000) as rec:
        start = time.monotonic()
        rec.page.goto(f"{base}/{path}")
        # The worst case: a reader who opens every folded abstract (each is typeset when opened;
        # the page's element budget holds across them).
        rec.page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        rec.page.wait_for_function(
            "document.querySelectorAll('.pd-math:not([data-pd-done])').length === 0", timeout=120_000)
        elapsed = time.monotonic() - start
        elements = rec.page.evaluate("document.getElementsByTagName('*').length")
        assert elements < MAX_ELEMENTS, elements
        assert elapsed < SETTLED_S, elapsed
        # The macro segments were never math; the big matrices stay as their TeX.
        assert rec.page.locator(".pd-math .katex").count() == 0
        # The paper's own text: its related papers' titles (the other test paper's TeX) set apart.
        rec.page.evaluate("document.querySelectorAll('#related, #related + ul').forEach(e => e.remove())")
        shown = rec.page.inner_text("body")
        assert ("\\def\\a{" in shown) == ("2601.10002" not in path)
        assert ("\\begin{matrix}x&x&" in shown) == ("2601.10001" not in path)
        assert [p for p in rec.problems() if not p.startswith("console.warning")] == []
