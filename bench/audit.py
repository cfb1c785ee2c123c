"""Page audits of a built site: Lighthouse scores, axe-core violations, Nu HTML Checker errors.

    python bench/audit.py site/             # prints one JSON report; exit 1 when a target is missed
    make audit                              # installs the tools, builds site/, runs this on it

The site is served on 127.0.0.1 under site_url's path with gzip, as GitHub Pages serves it:
Lighthouse's performance score on an uncompressed server is 10-20 points lower, so compare
like with like. Each page is audited at the widths readers use (a phone, a tablet, a
desktop: WIDTHS) in the light and the dark colour scheme (Chromium's
`prefers-color-scheme`). Lighthouse 12.2.3 (later versions need Node 22), axe-core and vnu-jar
are npm packages pinned in tools/audit/package-lock.json (`npm ci --prefix
tools/audit`); Lighthouse drives Debian's /usr/bin/chromium, axe-core runs in that same
Chromium through Playwright, and the Nu checker needs Java.

Targets (issue 10): Lighthouse accessibility, best practices and SEO 100 and performance at
least 95 on every page, width and scheme, no axe-core violation, no Nu error. Lighthouse's
performance score uses simulated throttling over a trace taken on this machine: on a busy
machine it reads a few points low, so rerun a page that misses before believing it.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import browser  # noqa: E402  (tests/browser.py: Chromium under Playwright, the local server)

TOOLS = ROOT / "tools" / "audit" / "node_modules"
LIGHTHOUSE_CLI = TOOLS / "lighthouse" / "cli" / "index.js"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = browser.CHROMIUM
# Lighthouse launches Chromium itself: headless, and with the flags the tests use (without
# them Debian's Chromium phones home at start and stalls on a machine without network).
CHROMIUM_FLAGS = ("--headless=new", "--disable-dev-shm-usage", *browser.CHROMIUM_ARGS)
# Makes `prefers-color-scheme: dark` match in a Chromium that Lighthouse launches itself
# (it takes flags, not Playwright's emulation).
DARK_FLAG = "--force-dark-mode"
SCHEMES = ("light", "dark")


@dataclass(frozen=True)
class Width:
    """A screen readers use: its CSS size, and how Lighthouse emulates it."""
    name: str
    width: int
    height: int
    scale: int  # device pixels per CSS pixel
    mobile: bool  # Lighthouse's mobile profile (throttling, touch, user agent), else its desktop preset

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width, "height": self.height}


# A phone (iPhone 12 to 15), a tablet (iPad mini, upright), a common laptop screen. Material
# changes layout at 44.9375em, 59.9375em and 76.25em (the tabs show from 1220 px): one each side.
WIDTHS = (Width("phone", 390, 844, 3, True), Width("tablet", 768, 1024, 2, True),
          Width("desktop", 1366, 768, 1, False))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
# A word that every digest of ML papers holds, for the search results page.
QUERY = "model"


# --- serving -------------------------------------------------------------------------------

class _GzipHandler(browser.QuietHandler):
    """Serves files as GitHub Pages does: gzip when the client accepts it, a 10-minute cache
    lifetime, 404.html for a missing page."""

    cache: dict[tuple[str, float], bytes] = {}

    def send_head(self) -> io.BytesIO | Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the directory redirect
            path = os.path.join(path, "index.html")
        status = 200
        if not os.path.isfile(path):
            status, path = 404, os.path.join(self.directory, "404.html")
            if not os.path.isfile(path):
                return super().send_head()
        ctype = self.guess_type(path)
        stat = os.stat(path)
        data = Path(path).read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE)
        if zipped:
            key = (path, stat.st_mtime)
            if key not in self.cache:
                self.cache[key] = gzip.compress(data, 6, mtime=0)
            data = self.cache[key]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Last-Modified", formatdate(stat.st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(data)


@contextmanager
def serve_gzip(root: Path, prefix: str = "") -> Iterator[str]:
    """Serve `root` with gzip on 127.0.0.1 at a free port, under `prefix` (e.g. "/paper-digest");
    yields the base URL without a trailing slash."""
    with browser.serve_directory(root, prefix, handler_class=_GzipHandler) as url:
        yield url


def site_prefix() -> str:
    """The path of mkdocs.yml's site_url ("/paper-digest/"): pages are served there."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    return urlsplit(match.group(1)).path if match else ""


# --- which pages ---------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditPage:
    name: str  # "home", "day", ...
    path: str  # the URL path below the site root, "" for the home page, may hold "?q="
    file: str  # the HTML file below the site root that the Nu checker reads


def _newest(folder: Path) -> str | None:
    names = sorted(p.parent.name for p in folder.glob("*/index.html"))
    return names[-1] if names else None


def default_pages(site: Path) -> list[AuditPage]:
    """The pages of issue 10's targets that this site has, plus the archive, status and following pages:
    home, the newest day, the first paper on it, the first topic, search results, the newest
    week and the reading list (the last two only once they exist)."""
    pages = [AuditPage("home", "", "index.html")]
    day = _newest(site / "days")
    if day:
        pages.append(AuditPage("day", f"days/{day}/", f"days/{day}/index.html"))
        html = (site / "days" / day / "index.html").read_text(encoding="utf-8")
        paper = re.search(r'href="(?:\.\./)*papers/([^"/]+)/"', html)
        if paper:
            pages.append(AuditPage("paper", f"papers/{paper.group(1)}/", f"papers/{paper.group(1)}/index.html"))
    topics = sorted(p.parent.name for p in (site / "topics").glob("*/index.html"))
    if topics:
        pages.append(AuditPage("topic", f"topics/{topics[0]}/", f"topics/{topics[0]}/index.html"))
    if (site / "search" / "index.html").is_file():
        pages.append(AuditPage("search", f"search/?q={QUERY}", "search/index.html"))
    week = _newest(site / "weeks")
    if week:
        pages.append(AuditPage("week", f"weeks/{week}/", f"weeks/{week}/index.html"))
    for name in ("reading-list", "archive", "status", "following"):
        if (site / name / "index.html").is_file():
            pages.append(AuditPage(name, f"{name}/", f"{name}/index.html"))
    return pages


# --- axe-core ------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


def wait_settled(page: Any, path: str) -> None:
    """Wait until what the page's own scripts draw after load is there, for axe to see:
    math is typeset by the time `load` fires; search results come later."""
    if path.startswith("search/?q="):
        page.wait_for_selector(".pd-result", timeout=30_000)


def axe_violations(page: Any, url: str, path: str, scheme: str) -> list[dict[str, Any]]:
    """axe-core's violations (all rules but the experimental ones) on `url` in `scheme`,
    on a Playwright page of a Chromium whose lifetime the caller owns."""
    page.emulate_media(color_scheme=scheme)
    page.goto(url, wait_until="load")
    wait_settled(page, path)
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return result


def run_axe(base: str, pages: list[AuditPage], schemes: tuple[str, ...] = SCHEMES,
            widths: tuple[Width, ...] = WIDTHS) -> dict[str, dict[str, Any]]:
    """Violations per page, then per "width/scheme" ("desktop/dark"); one browser context per
    width and scheme, as a reader's browser with nothing stored."""
    report: dict[str, dict[str, Any]] = {p.name: {} for p in pages}
    with browser.chromium() as chrome:
        for width in widths:
            for scheme in schemes:
                context = chrome.new_context(viewport=width.viewport, service_workers="block")
                try:
                    page = context.new_page()
                    for p in pages:
                        report[p.name][f"{width.name}/{scheme}"] = axe_violations(
                            page, f"{base}/{p.path}", p.path, scheme)
                finally:
                    context.close()
    return report


# --- Nu HTML Checker -----------------------------------------------------------------------

# Errors in markup that Material's base.html writes outside any block, so no partial or
# block override of ours reaches it: reported apart ("nu_theme"), not counted as misses.
# Material puts autocomplete="off" on its two toggle checkboxes (the drawer and the search
# overlay) so Firefox does not restore them open on Back; HTML allows it on text-like inputs
# only. Removing it means rewriting each page after the theme renders it (site assembly).
THEME_NU = (
    re.compile(r'type="checkbox" id="__(?:drawer|search)" autocomplete="off"'),
)


def is_theme_error(error: dict[str, Any]) -> bool:
    return any(pattern.search(error["extract"]) for pattern in THEME_NU)

def nu_errors(site: Path, files: list[Path]) -> list[dict[str, Any]]:
    """The Nu checker's errors on `files`, each as {file (below `site`), line, message, extract}."""
    out = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=600, check=True)
    errors = []
    for m in json.loads(out.stderr)["messages"]:
        name = m.get("url", "").removeprefix("file:")
        try:
            name = str(Path(name).resolve().relative_to(site.resolve()))
        except ValueError:
            pass
        errors.append({"file": name, "line": m.get("lastLine"), "type": m.get("type"),
                       "message": m.get("message"), "extract": m.get("extract", "").strip()})
    return errors


# --- Lighthouse ----------------------------------------------------------------------------

METRICS = {"first-contentful-paint": "fcp_ms", "largest-contentful-paint": "lcp_ms",
           "total-blocking-time": "tbt_ms", "cumulative-layout-shift": "cls", "speed-index": "si_ms",
           "total-byte-weight": "bytes"}


def screen_flags(width: Width) -> list[str]:
    """Lighthouse's flags for `width`: its mobile profile (a slow phone's CPU and network) on a
    phone or a tablet's screen, its desktop preset on a desktop's."""
    return [*([] if width.mobile else ["--preset=desktop"]),
            f"--screenEmulation.mobile={str(width.mobile).lower()}", f"--screenEmulation.width={width.width}",
            f"--screenEmulation.height={width.height}", f"--screenEmulation.deviceScaleFactor={width.scale}"]


def lighthouse(url: str, scheme: str, width: Width = WIDTHS[0]) -> dict[str, Any]:
    """Lighthouse on `url` at `width`: the four category scores (0-100), the main metrics,
    and the ids of the audits that lost points."""
    flags = [*CHROMIUM_FLAGS, *([DARK_FLAG] if scheme == "dark" else [])]
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run(
            ["node", str(LIGHTHOUSE_CLI), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(flags)}",
             *screen_flags(width)],
            env={**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp}, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-2000:]}")
        lhr = json.loads(out.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise RuntimeError(f"lighthouse failed on {url}: {lhr['runtimeError']}")
    result: dict[str, Any] = {c: round(lhr["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit, key in METRICS.items():
        value = lhr["audits"][audit].get("numericValue")
        result[key] = round(value, 3) if key == "cls" else round(value) if value is not None else None
    failing = set()
    for c in CATEGORIES:
        for ref in lhr["categories"][c]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            # Metrics (reported above) lose a point or two on every run: list the rest.
            if ref.get("group") == "metrics":
                continue
            if ref["weight"] > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.add(ref["id"])
    result["failing"] = sorted(failing)
    return result


def run_lighthouse(base: str, pages: list[AuditPage], schemes: tuple[str, ...] = SCHEMES,
                   runs: int = 1, widths: tuple[Width, ...] = WIDTHS) -> dict[str, Any]:
    """Each page, width and scheme `runs` times, per page then "width/scheme"; the run with the
    median performance score is kept (as Lighthouse's own docs advise against one-run
    noise), with every run's score beside it."""
    report: dict[str, Any] = {}
    for p in pages:
        report[p.name] = {}
        for width in widths:
            for scheme in schemes:
                key = f"{width.name}/{scheme}"
                print(f"lighthouse: {p.name} ({key})", file=sys.stderr)
                results = sorted((lighthouse(f"{base}/{p.path}", scheme, width) for _ in range(runs)),
                                 key=lambda r: r["performance"])
                report[p.name][key] = results[len(results) // 2]
                if runs > 1:
                    report[p.name][key]["performance_runs"] = [r["performance"] for r in results]
    return report


# --- the report ----------------------------------------------------------------------------

def misses(report: dict[str, Any]) -> list[str]:
    """Each target the report misses, as a readable line."""
    found = []
    for page, views in report.get("lighthouse", {}).items():
        for scheme, scores in views.items():
            for category, target in TARGETS.items():
                if scores[category] < target:
                    found.append(f"lighthouse {page} ({scheme}): {category} {scores[category]} < {target}")
    for page, views in report.get("axe", {}).items():
        for scheme, violations in views.items():
            found += [f"axe {page} ({scheme}): {v['id']} on {len(v['nodes'])} element(s)" for v in violations]
    found += [f"nu {e['file']}:{e['line']}: {e['message']}" for e in report.get("nu", [])]
    return found


def tool_versions() -> dict[str, str]:
    versions = {}
    for name in ("lighthouse", "axe-core", "vnu-jar"):
        meta = json.loads((TOOLS / name / "package.json").read_text(encoding="utf-8"))
        versions[name] = meta["version"]
    return versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder (site/)")
    parser.add_argument("--page", action="append", default=[], metavar="NAME",
                        help="audit only this page of the default set (home, day, paper, topic, search, "
                             "week, reading-list, archive, status, following); repeatable")
    parser.add_argument("--scheme", action="append", choices=SCHEMES, default=[], help="only this scheme")
    parser.add_argument("--width", action="append", choices=[w.name for w in WIDTHS], default=[],
                        help="only this width (phone 390, tablet 768, desktop 1366 px); repeatable")
    parser.add_argument("--no-lighthouse", action="store_true", help="axe-core and the Nu checker only")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and scheme; the median "
                                                            "performance run is reported (default 1)")
    parser.add_argument("--nu-all", action="store_true", help="run the Nu checker on every HTML file, "
                                                             "not only the audited pages")
    args = parser.parse_args(argv)
    site: Path = args.site
    missing = [str(p) for p in (LIGHTHOUSE_CLI, AXE_JS, VNU_JAR) if not p.is_file()]
    if missing:
        print(f"audit: missing {', '.join(missing)} (hint: npm ci --prefix tools/audit)", file=sys.stderr)
        return 2
    if not (site / "index.html").is_file():
        print(f"audit: {site}: no index.html (hint: make site)", file=sys.stderr)
        return 2
    pages = default_pages(site)
    if args.page:
        unknown = set(args.page) - {p.name for p in pages}
        if unknown:
            print(f"audit: no such page in this site: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        pages = [p for p in pages if p.name in args.page]
    schemes = tuple(args.scheme) or SCHEMES
    widths = tuple(w for w in WIDTHS if w.name in args.width) or WIDTHS
    files = sorted(site.rglob("*.html")) if args.nu_all else [site / p.file for p in pages]
    report: dict[str, Any] = {"tools": tool_versions(), "site": str(site),
                              "pages": {p.name: "/" + p.path for p in pages}}
    with serve_gzip(site, site_prefix()) as base:
        if not args.no_lighthouse:
            report["lighthouse"] = run_lighthouse(base, pages, schemes, args.runs, widths)
        report["axe"] = run_axe(base, pages, schemes, widths)
    errors = nu_errors(site, files)
    report["nu"] = [e for e in errors if not is_theme_error(e)]
    report["nu_theme"] = [e for e in errors if is_theme_error(e)]
    report["nu_files"] = len(files)
    report["misses"] = misses(report)
    print(json.dumps(report, indent=1))
    for line in report["misses"]:
        print(f"audit: {line}", file=sys.stderr)
    return 1 if report["misses"] else 0


if __name__ == "__main__":
    sys.exit(main())
