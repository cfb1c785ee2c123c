"""What every lean page (a paper's, a day's, a week's) would repeat, written once into two
cached assets.

The lean shell (overrides/lean.html) brackets between `<!--pd-shared-->` and
`<!--/pd-shared-->` what its pages share and need not carry: the theme's stylesheet links
(their names hashed per engine and version) and the site's own, the colour palette of
mkdocs.yml and the words of Back to top. The region is taken out of the shell once and
becomes:
- `assets/lean.css`: one `@import` per stylesheet, in the shell's order (and any
  `<style>` the theme wrote there). Imported, not
  concatenated, so the files stay the ones every other page has cached, and their own
  relative `url()`s keep resolving from where they are;
- `assets/lean.js`: the engine's copy of docs/assets/lean.js with its `SHARED` line
  filled in; it loads in the header, before the body is painted, as it did.
At 100,000 papers the three links and the palette were ~470 bytes a page, 47 MB.

Each lean shell (one per section: papers, days, weeks) is the one template themed once
more, so their regions are the same and the two assets are written once for all of them:
`take_all` refuses shells whose regions differ, rather than let one section's pages load
another's stylesheets."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.errors import DigestError

START, END = "<!--pd-shared-->", "<!--/pd-shared-->"
_REGION = re.compile(re.escape(START) + "(.*?)" + re.escape(END), re.S)
CSS, JS = "assets/lean.css", "assets/lean.js"
# The line of docs/assets/lean.js the build fills in; kept valid JavaScript (no palette)
# for the source file itself.
PLACEHOLDER = "var SHARED = {};  // filled in by the build (generator/site/leanassets.py)"


class SharedError(DigestError):
    pass


@dataclass(frozen=True)
class Shared:
    stylesheets: tuple[str, ...]  # hrefs as the shell wrote them, relative to the shell's page
    values: tuple[tuple[str, str], ...]  # <meta name="pd-..."> of the region: name (without pd-), text
    styles: tuple[str, ...] = ()  # <style> the theme writes there (admonition icons set in mkdocs.yml)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.values: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.stylesheets.append(a["href"])
        elif tag == "meta" and a.get("name", "").startswith("pd-"):
            self.values.append((a["name"].removeprefix("pd-"), a.get("content", "")))
        elif tag == "style":
            self._in_style = True
            self.styles.append("")
        else:  # anything else would silently vanish from every lean page
            raise SharedError(f"a lean shell's shared region holds <{tag}>, which neither {CSS} nor "
                              f"{JS} can carry: only stylesheet links, <style> and <meta name=\"pd-...\">")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = self._in_style and tag != "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def take(html: str) -> tuple[str, Shared]:
    """`html` without its one shared region, and what the region held."""
    regions = _REGION.findall(html)
    out = _REGION.sub("", html)
    if len(regions) != 1 or START in out or END in out:
        raise SharedError(f"a lean shell must hold one {START} ... {END} region, in its head "
                          f"(found {len(regions)}): is overrides/lean.html made for this theme's base.html?")
    reader = _Reader()
    reader.feed(regions[0])
    reader.close()
    return out, Shared(tuple(reader.stylesheets), tuple(reader.values), tuple(reader.styles))


def css(shared: Shared, page_dir: str) -> str:
    """lean.css: the shell's stylesheets imported from assets/, where it sits; `page_dir` is
    the folder of the shell's page (every page of its section is as deep)."""
    lines = ["/* The lean pages' stylesheets (generator/site/leanassets.py): imported, so each stays "
             "the file every other page has cached. */"]
    for href in shared.stylesheets:
        if "//" in href or href.startswith("/"):
            target = href  # absolute: as written
        else:
            target = posixpath.relpath(posixpath.normpath(posixpath.join(page_dir, href)), "assets")
        lines.append(f'@import url("{target}");')
    lines += [style.strip() for style in shared.styles]
    return "\n".join(lines) + "\n"


def js(shared: Shared, source: str) -> str:
    """lean.js: `source` (docs/assets/lean.js) with the shell's shared values in place of
    its placeholder, as one JSON object (keys sorted: the same bytes every build)."""
    if source.count(PLACEHOLDER) != 1:
        raise SharedError(f"{JS} must hold the line {PLACEHOLDER!r} once, for the build to fill in")
    values = json.dumps(dict(shared.values), ensure_ascii=False, sort_keys=True)
    return source.replace(PLACEHOLDER, f"var SHARED = {values};  // written by the build "
                                       "(generator/site/leanassets.py) from overrides/lean.html")


def files(shared: Shared, site_dir: Path, page_dir: str) -> dict[str, str]:
    """The two assets, by path in the site; lean.js from the copy the engine made of docs/."""
    source = site_dir / JS
    if not source.is_file():
        raise SharedError(f"{JS} is missing from the site: the lean pages need it (docs/assets/lean.js)")
    return {CSS: css(shared, page_dir), JS: js(shared, source.read_text(encoding="utf-8"))}


def take_all(shells: dict[str, str], site_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """`shells`: each lean shell's HTML by its path in the site (`days/shell/index.html`).
    Each without its shared region, and the two assets they share, by path in the site."""
    cut: dict[str, str] = {}
    first, assets = "", {}
    for rel, html in shells.items():
        cut[rel], shared = take(html)
        made = files(shared, site_dir, posixpath.dirname(rel))
        if not first:
            first, assets = rel, made
        elif made != assets:
            raise SharedError(f"the lean shells {first} and {rel} share different heads ({START} ... {END}), "
                              f"but {CSS} and {JS} are written once for all: both must come from "
                              "overrides/lean.html, themed by the same engine")
    return cut, assets
