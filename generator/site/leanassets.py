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

The shell also brackets its closing scripts (mkdocs.yml's extra_javascript) between
`<!--pd-end-->` and `<!--/pd-end-->`: when each is a plain `<script src>` of this site,
they become one file, `assets/lean-end.js` (their text in order, as the browser would run
them), and the pages one tag (~90 bytes a page less). Anything else (another host's script,
a module, `async`) stays as written.

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
from generator.site.verify import off_site

START, END = "<!--pd-shared-->", "<!--/pd-shared-->"
_REGION = re.compile(re.escape(START) + "(.*?)" + re.escape(END), re.S)
END_START, END_END = "<!--pd-end-->", "<!--/pd-end-->"
_END_REGION = re.compile(re.escape(END_START) + "(.*?)" + re.escape(END_END), re.S)
_PLAIN_SCRIPT = re.compile(r'<script src="([^"<>]+)"></script>')
CSS, JS, END_JS = "assets/lean.css", "assets/lean.js", "assets/lean-end.js"
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
    scripts: tuple[str, ...] = ()  # the closing scripts made one (END_JS): their paths in the site


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


def take(html: str, page_dir: str) -> tuple[str, Shared]:
    """`html` without its one shared region, and what the region held; its closing scripts
    one tag if they can be one file. `page_dir`: the folder of the shell's page."""
    regions = _REGION.findall(html)
    out = _REGION.sub("", html)
    if len(regions) != 1 or START in out or END in out:
        raise SharedError(f"a lean shell must hold one {START} ... {END} region, in its head "
                          f"(found {len(regions)}): is overrides/lean.html made for this theme's base.html?")
    reader = _Reader()
    reader.feed(regions[0])
    reader.close()
    out, scripts = _take_end(out, page_dir)
    return out, Shared(tuple(reader.stylesheets), tuple(reader.values), tuple(reader.styles), scripts)


def _take_end(html: str, page_dir: str) -> tuple[str, tuple[str, ...]]:
    """The closing scripts' region as one tag for END_JS, and their paths in the site; as
    written (and no paths) unless every one is a plain script of this site."""
    ends = _END_REGION.findall(html)
    if len(ends) != 1 or html.count(END_START) != 1 or html.count(END_END) != 1:
        raise SharedError(f"a lean shell must hold one {END_START} ... {END_END} region, around its "
                          f"closing scripts (found {len(ends)}): is overrides/lean.html made for this "
                          "theme's base.html?")
    region = ends[0]
    whole, srcs = f"{END_START}{region}{END_END}", _PLAIN_SCRIPT.findall(region)
    # Relative to the page, so a path in the site unless it climbs out of it.
    paths = tuple(posixpath.normpath(posixpath.join(page_dir, src.split("?")[0])) for src in srcs
                  if not off_site(src) and not src.startswith("/"))
    if not srcs or len(paths) < len(srcs) or _PLAIN_SCRIPT.sub("", region).strip() or \
            any(path.startswith("../") for path in paths):
        return html.replace(whole, region), ()
    return html.replace(whole, f'<script src="{posixpath.relpath(END_JS, page_dir or ".")}"></script>'), paths


def end_js(shared: Shared, site_dir: Path) -> str:
    """lean-end.js: the closing scripts' text, each as the site has it, in order, each
    ended so that the next cannot run into it."""
    parts = ["/* The lean pages' closing scripts, in order (generator/site/leanassets.py). */\n"]
    for path in shared.scripts:
        source = site_dir / path
        if not source.is_file():
            raise SharedError(f"{path} is missing from the site: the lean pages load it (mkdocs.yml's "
                              "extra_javascript)")
        parts.append(f"/* {path} */\n{source.read_text(encoding='utf-8').rstrip()}\n;\n")
    return "".join(parts)


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
    made = {CSS: css(shared, page_dir), JS: js(shared, source.read_text(encoding="utf-8"))}
    if shared.scripts:
        made[END_JS] = end_js(shared, site_dir)
    return made


def take_all(shells: dict[str, str], site_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """`shells`: each lean shell's HTML by its path in the site (`days/shell/index.html`).
    Each without its shared regions, and the assets they share, by path in the site: read
    and written once, from the first shell's regions, which every other shell's must equal."""
    cut: dict[str, str] = {}
    first: tuple[str, Shared] | None = None
    for rel, html in shells.items():
        cut[rel], shared = take(html, posixpath.dirname(rel))
        if first is None:
            first = (rel, shared)
        elif _written(rel, shared) != _written(*first):
            raise SharedError(f"the lean shells {first[0]} and {rel} share different heads ({START} ... {END}) "
                              f"or closing scripts, but {CSS}, {JS} and {END_JS} are written once for all: "
                              "both must come from overrides/lean.html, themed by the same engine")
    if first is None:
        return cut, {}
    return cut, files(first[1], site_dir, posixpath.dirname(first[0]))


def _written(rel: str, shared: Shared) -> tuple[str, tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What a shell's regions make, compared without reading a file: a shell one folder
    deeper links its stylesheets `../../../`, yet imports the same ones."""
    return css(shared, posixpath.dirname(rel)), shared.values, shared.scripts
