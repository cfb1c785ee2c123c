"""What every paper page shares, taken out of the paper shell once into assets/paper.css and
assets/paper.js (generator/site/paperassets.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.site import paperassets
from generator.site.paperassets import END, PLACEHOLDER, START, Shared, SharedError

PALETTE = ("(prefers-color-scheme: light)|default|indigo|deep-orange|Switch to dark mode|material-brightness-7;"
           "(prefers-color-scheme: dark)|slate|indigo|deep-orange|Switch to light mode|material-brightness-4")
REGION = (f'{START}<link rel="stylesheet" href="../../assets/stylesheets/main.57a0d79d.min.css">\n'
          '<link rel="stylesheet" href="../../assets/stylesheets/classic/palette.813d4b3f.min.css">\n'
          '<style>:root{--md-admonition-icon--note:url(\'data:x\')}</style>\n'
          '<link rel="stylesheet" href="../../assets/digest.css">\n'
          f'<meta name="pd-palette" content="{PALETTE}">\n<meta name="pd-top" content="Zur&uuml;ck nach oben">{END}')


def test_the_region_leaves_the_shell_and_is_read() -> None:
    html, shared = paperassets.take(f"<head><title>t</title>{REGION}\n<link rel=x></head>")
    assert html == "<head><title>t</title>\n<link rel=x></head>"
    assert shared == Shared(("../../assets/stylesheets/main.57a0d79d.min.css",
                             "../../assets/stylesheets/classic/palette.813d4b3f.min.css", "../../assets/digest.css"),
                            (("palette", PALETTE), ("top", "Zurück nach oben")),
                            (":root{--md-admonition-icon--note:url('data:x')}",))


def test_paper_css_imports_each_stylesheet_from_assets_in_order() -> None:
    _, shared = paperassets.take(REGION)
    assert paperassets.css(shared, "papers/shell").splitlines()[1:] == [
        '@import url("stylesheets/main.57a0d79d.min.css");',
        '@import url("stylesheets/classic/palette.813d4b3f.min.css");',
        '@import url("digest.css");',
        ":root{--md-admonition-icon--note:url('data:x')}"]


def test_paper_js_gets_the_shared_values_in_place_of_its_placeholder(tmp_path: Path) -> None:
    _, shared = paperassets.take(REGION)
    (tmp_path / "assets").mkdir()
    (tmp_path / paperassets.JS).write_text(f"(function () {{\n  {PLACEHOLDER}\n}})();\n", encoding="utf-8")
    out = paperassets.files(shared, tmp_path, "papers/shell")
    assert sorted(out) == [paperassets.CSS, paperassets.JS]
    line = out[paperassets.JS].splitlines()[1]
    assert line.startswith("  var SHARED = {") and PLACEHOLDER not in out[paperassets.JS]
    assert json.loads(line[len("  var SHARED = "):line.index(";  //")]) == {"palette": PALETTE,
                                                                             "top": "Zurück nach oben"}
    assert paperassets.files(shared, tmp_path, "papers/shell") == out  # the same bytes every build


def test_the_source_paper_js_holds_the_placeholder_once() -> None:
    source = (Path(__file__).resolve().parent.parent / "docs" / paperassets.JS).read_text(encoding="utf-8")
    assert source.count(PLACEHOLDER) == 1


@pytest.mark.parametrize(("html", "found"), [("<head></head>", 0), (REGION + REGION, 2),
                                             (f"{REGION}{END}", 1), (f"{START}<head>", 0)])
def test_a_shell_without_one_region_is_an_error(html: str, found: int) -> None:
    with pytest.raises(SharedError) as raised:
        paperassets.take(html)
    assert str(raised.value) == ("the paper shell must hold one <!--pd-shared--> ... <!--/pd-shared--> region, "
                                 f"in its head (found {found}): is overrides/paper.html made for this theme's "
                                 "base.html?")


def test_markup_the_assets_cannot_carry_is_an_error_not_lost() -> None:
    with pytest.raises(SharedError) as raised:
        paperassets.take(f'{START}<script src="x.js"></script>{END}')
    assert str(raised.value) == ("the paper shell's shared region holds <script>, which neither assets/paper.css "
                                 "nor assets/paper.js can carry: only stylesheet links, <style> and "
                                 '<meta name="pd-...">')


def test_a_paper_js_without_the_placeholder_or_missing_is_an_error(tmp_path: Path) -> None:
    _, shared = paperassets.take(REGION)
    with pytest.raises(SharedError) as raised:
        paperassets.files(shared, tmp_path, "papers/shell")
    assert str(raised.value) == ("assets/paper.js is missing from the site: the paper pages need it "
                                 "(docs/assets/paper.js)")
    with pytest.raises(SharedError) as raised:
        paperassets.js(shared, "var SHARED = {};")
    assert str(raised.value) == f"assets/paper.js must hold the line {PLACEHOLDER!r} once, for the build to fill in"
