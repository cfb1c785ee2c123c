"""What every paper page would repeat, written once into two cached assets.

The paper shell (overrides/paper.html) brackets between `<!--pd-shared-->` and
`<!--/pd-shared-->` what its pages share and need not carry: the theme's stylesheet links
(their names hashed per engine and version) and the site's own, the colour palette of
mkdocs.yml and the words of Back to top. The region is taken out of the shell once and
becomes:
- `assets/paper.css`: one `@import` per stylesheet, in the shell's order (and any
  `<style>` the theme wrote there). Imported, not
  concatenated, so the files stay the ones every other page has cached, and their own
  relative `url()`s keep resolving from where they are;
- `assets/paper.js`: the engine's copy of docs/assets/paper.js with its `SHARED` line
  filled in; it loads in the header, before the body is painted, as it did.
At 100,000 papers the three links and the palette were ~470 bytes a page, 47 MB."""

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
CSS, JS = "assets/paper.css", "assets/paper.js"
# The line of docs/assets/paper.js the build fills in; kept valid JavaScript (no palette)
# for the source file itself.
PLACEHOLDER = "var SHARED = {};  // filled in by the build (generator/site/paperassets.py)"


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
        else:  # anything else would silently vanish from every paper page
            raise SharedError(f"the paper shell's shared region holds <{tag}>, which neither {CSS} nor "
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
        raise SharedError(f"the paper shell must hold one {START} ... {END} region, in its head "
                          f"(found {len(regions)}): is overrides/paper.html made for this theme's base.html?")
    reader = _Reader()
    reader.feed(regions[0])
    reader.close()
    return out, Shared(tuple(reader.stylesheets), tuple(reader.values), tuple(reader.styles))


def css(shared: Shared, page_dir: str) -> str:
    """paper.css: the shell's stylesheets imported from assets/, where it sits; `page_dir` is
    the folder of the shell's page (every paper page is as deep)."""
    lines = ["/* The paper pages' stylesheets (generator/site/paperassets.py): imported, so each stays "
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
    """paper.js: `source` (docs/assets/paper.js) with the shell's shared values in place of
    its placeholder, as one JSON object (keys sorted: the same bytes every build)."""
    if source.count(PLACEHOLDER) != 1:
        raise SharedError(f"{JS} must hold the line {PLACEHOLDER!r} once, for the build to fill in")
    values = json.dumps(dict(shared.values), ensure_ascii=False, sort_keys=True)
    return source.replace(PLACEHOLDER, f"var SHARED = {values};  // written by the build "
                                       "(generator/site/paperassets.py) from overrides/paper.html")


def files(shared: Shared, site_dir: Path, page_dir: str) -> dict[str, str]:
    """The two assets, by path in the site; paper.js from the copy the engine made of docs/."""
    source = site_dir / JS
    if not source.is_file():
        raise SharedError(f"{JS} is missing from the site: the paper pages need it (docs/assets/paper.js)")
    return {CSS: css(shared, page_dir), JS: js(shared, source.read_text(encoding="utf-8"))}
