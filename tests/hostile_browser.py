"""The browser half of the hostile-input tests: hooks and audits for every page Chromium
opens, and a search run as a reader runs it (tests/test_hostile.py drives them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from browser import RecordedPage
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

HOOK_PWNED = """
(() => {
  Object.defineProperty(window, "__pwned", {
    value: function (...args) { window.__alerts.push(["__pwned", ...args.map(String)]); },
    configurable: false, writable: false,
  });
})();
"""

# After the page's own scripts (KaTeX included) ran: anything executable in the live DOM.
DOM_AUDIT = """
() => {
  const out = [];
  const urls = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (a.name.startsWith("on")) out.push(`${el.tagName} ${a.name}=${a.value}`);
      else if (urls.includes(a.name) && /^(javascript|vbscript|data):/.test(v)
               && !(el.closest(".pagefind-ui") && a.value === "javascript:void(0);"))  // Pagefind's own form
        out.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (["IFRAME", "OBJECT", "EMBED", "FRAME", "BASE"].includes(el.tagName)) out.push(el.outerHTML.slice(0, 200));
  }
  // The list pages' dense-view script tag is ours (verify allows exactly it); any other is not.
  for (const s of document.querySelectorAll(".md-content script, #pd-search script")) {
    const src = s.getAttribute("src") || "";
    const up = src.endsWith("assets/view.js") ? src.slice(0, -"assets/view.js".length) : "x";
    if (s.outerHTML !== '<script src="' + src + '"></script>' || up.split("../").join("") !== "") out.push(s.outerHTML);
  }
  return out;
}
"""


@dataclass
class BrowserReport:
    visited: list[str] = field(default_factory=list)
    calls: list[list[str]] = field(default_factory=list)  # [view, function, *arguments]
    dom: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    search_hits: dict[str, int] = field(default_factory=dict)  # results shown per search


def search(page: Page, base: str, query: str) -> int:
    """Search from the header's box, as a reader does; the number of results shown.
    Every result shows a payload: its title and excerpt are drawn by the search UI."""
    box = page.locator("#pd-q")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(f"**/search/?q={query}")
    message = page.locator("#pd-search-status")
    expect(message).to_have_text(re.compile(rf"Matching papers on \d+ days? for .*{query}", re.I))
    results = page.locator(".pd-result")
    expect(results.first).to_be_attached()
    expect(page.locator(".pd-result__excerpt")).to_have_count(results.count())
    return results.count()


def settle(rec: RecordedPage, report: BrowserReport, where: str) -> None:
    """Open every fold and wait for KaTeX (digest.js marks each math span it did); then record this document's
    dialog and __pwned calls (each document has its own), audit its live DOM, and take
    what the page logged, threw and fetched."""
    page = rec.page
    report.visited.append(where)
    try:
        # Folded abstracts are typeset when opened: open them all, so every payload is typeset.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.wait_for_function("document.querySelectorAll('.pd-math:not([data-pd-done])').length === 0",
                               timeout=5_000)
    except PlaywrightError as exc:  # digest.js never got there: something broke the page
        report.errors.append(f"{where}: math never rendered: {exc.message.splitlines()[0]}")
    report.calls += [[where, *call] for call in page.evaluate("window.__alerts")]
    report.dom += [f"{where}: {d}" for d in page.evaluate(DOM_AUDIT)]
    report.errors += [f"{where}: {p}" for p in rec.problems() if not p.startswith("console.warning")]
    report.foreign += [f"{where}: {u}" for u in rec.foreign_requests()]
    rec.clear()
