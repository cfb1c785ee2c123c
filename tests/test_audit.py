"""The page audits that are fast enough for every run (bench/audit.py; `make audit` adds
Lighthouse): axe-core in Chromium finds no violation on the sample site's home, day, paper,
topic, search, week, reading-list, archive, status and following pages, at a phone's, a tablet's and a
desktop's width (390, 768, 1366 px), in the light and the dark colour scheme, and the Nu HTML
Checker finds no error in our markup on those pages.

The tools are npm packages pinned in tools/audit/package-lock.json (`make test` runs
`npm ci --prefix tools/audit`); the Nu checker needs Java (`make test` installs
default-jre-headless when `java` is missing).
"""

from __future__ import annotations

import gzip
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from sample import SITE_PREFIX

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import audit  # noqa: E402

pytestmark = pytest.mark.browser

PAGES = ("home", "day", "paper", "topic", "search", "week", "reading-list", "archive", "status", "following")


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[audit.AuditPage]:
    """Every page `make audit` audits: the week and reading-list pages too."""
    for tool in (audit.AXE_JS, audit.VNU_JAR):
        assert tool.is_file(), f"{tool} missing (hint: npm ci --prefix tools/audit, or make test)"
    found = audit.default_pages(built_site)
    assert [p.name for p in found] == list(PAGES)
    return found


@pytest.fixture(scope="module")
def base(built_site: Path) -> Iterator[str]:
    with audit.serve_gzip(built_site, SITE_PREFIX) as url:
        yield url


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " +
                     "\n  ".join(f"{n['target']}: {n['summary']}" for n in v["nodes"][:5]) for v in violations)


@pytest.mark.parametrize("width", audit.WIDTHS, ids=lambda w: w.name)
@pytest.mark.parametrize("scheme", audit.SCHEMES)
def test_axe_finds_no_violation(browser: Browser, base: str, pages: list[audit.AuditPage], scheme: str,
                                width: audit.Width) -> None:
    found = {}
    context = browser.new_context(viewport=width.viewport, service_workers="block")
    try:
        page = context.new_page()
        for p in pages:
            violations = audit.axe_violations(page, f"{base}/{p.path}", p.path, scheme)
            # The page really is in that scheme and at that width, as a reader's browser shows it.
            assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            assert page.evaluate("innerWidth") == width.width
            if violations:
                found[p.name] = describe(violations)
    finally:
        context.close()
    assert found == {}, "\n".join(f"--- {name} ({width.name}, {scheme})\n{text}" for name, text in found.items())


def test_nu_checker_finds_no_error_in_our_markup(built_site: Path, pages: list[audit.AuditPage],
                                                tmp_path: Path) -> None:
    # A page with a stray end tag goes along (one Java start for both): the checker really
    # ran and its report was read.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html>\n<html lang=en><head><title>t</title></head>\n"
                   "<body><p>x</span></p></body></html>\n", encoding="utf-8")
    errors = audit.nu_errors(built_site, [bad, *(built_site / p.file for p in pages)])
    assert [(Path(e["file"]).name, e["line"], e["message"]) for e in errors if e["file"].endswith("bad.html")] == [
        ("bad.html", 3, "Stray end tag “span”."),
    ]
    ours = [e for e in errors if not e["file"].endswith("bad.html")
            and not audit.is_theme_error(e)]
    assert ours == []


def test_the_audit_server_gzips_like_github_pages(built_site: Path) -> None:
    """Lighthouse's performance score depends on it: the same page uncompressed scores 10-20 lower."""
    page = (built_site / "index.html").read_bytes()
    with audit.serve_gzip(built_site, "/paper-digest/") as url:
        zipped = urllib.request.urlopen(urllib.request.Request(f"{url}/", headers={"Accept-Encoding": "gzip"}))
        plain = urllib.request.urlopen(f"{url}/")
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.read()) == page
        assert plain.headers["Content-Encoding"] is None
        assert plain.read() == page
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{url}/no-such-page/")
        assert missing.value.code == 404


def test_the_audited_pages_include_weeks_and_the_reading_list_once_they_exist(tmp_path: Path) -> None:
    for page in ("index.html", "days/2026-06-01/index.html", "days/2026-06-02/index.html",
                 "topics/agents/index.html", "topics/index.html", "search/index.html",
                 "weeks/2026-W22/index.html", "weeks/2026-W23/index.html", "reading-list/index.html"):
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text('<a href="../../papers/2606.00001/">x</a>', encoding="utf-8")
    assert [(p.name, p.path) for p in audit.default_pages(tmp_path)] == [
        ("home", ""), ("day", "days/2026-06-02/"), ("paper", "papers/2606.00001/"), ("topic", "topics/agents/"),
        ("search", f"search/?q={audit.QUERY}"), ("week", "weeks/2026-W23/"), ("reading-list", "reading-list/"),
    ]
