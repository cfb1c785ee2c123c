"""What every lean page (paper, day, week) shares, taken out of the lean shells once into
assets/lean.css and assets/lean.js (generator/site/leanassets.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.site import leanassets
from generator.site.leanassets import END, END_END, END_START, PLACEHOLDER, START, Shared, SharedError

PALETTE = ("(prefers-color-scheme: light)|default|indigo|deep-orange|Switch to dark mode|material-brightness-7;"
           "(prefers-color-scheme: dark)|slate|indigo|deep-orange|Switch to light mode|material-brightness-4")
REGION = (f'{START}<link rel="stylesheet" href="../../assets/stylesheets/main.57a0d79d.min.css">\n'
          '<link rel="stylesheet" href="../../assets/stylesheets/classic/palette.813d4b3f.min.css">\n'
          '<style>:root{--md-admonition-icon--note:url(\'data:x\')}</style>\n'
          '<link rel="stylesheet" href="../../assets/digest.css">\n'
          f'<meta name="pd-palette" content="{PALETTE}">\n<meta name="pd-top" content="Zur&uuml;ck nach oben">{END}'
          # The closing scripts, as mkdocs.yml's extra_javascript lists them.
          f'{END_START}<script src="../../assets/digest.js"></script><script src="../../assets/reader.js"></script>'
          f'{END_END}')


def test_the_region_leaves_the_shell_and_is_read() -> None:
    html, shared = leanassets.take(f"<head><title>t</title>{REGION}\n<link rel=x></head>", "papers/shell")
    assert html == '<head><title>t</title><script src="../../assets/lean-end.js"></script>\n<link rel=x></head>'
    assert shared == Shared(("../../assets/stylesheets/main.57a0d79d.min.css",
                             "../../assets/stylesheets/classic/palette.813d4b3f.min.css", "../../assets/digest.css"),
                            (("palette", PALETTE), ("top", "Zurück nach oben")),
                            (":root{--md-admonition-icon--note:url('data:x')}",),
                            ("assets/digest.js", "assets/reader.js"))


@pytest.mark.parametrize("scripts", [
    '<script src="https://cdn.example/x.js"></script>', '<script src="/x.js"></script>',
    '<script src="../../assets/digest.js" type="module"></script>',
    '<script async src="../../assets/digest.js"></script>',
    '<script src="../../../../outside.js"></script>', ""])
def test_closing_scripts_that_cannot_be_one_file_stay_as_written(scripts: str) -> None:
    """Another host's script, a module, async or one outside the site: the tags as written."""
    head = REGION[:REGION.index(END_START)]
    html, shared = leanassets.take(f"{head}<body>{END_START}{scripts}{END_END}</body>", "papers/shell")
    assert html == f"<body>{scripts}</body>" and shared.scripts == ()


def test_the_closing_scripts_become_one_file_in_their_order(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _, shared = leanassets.take(REGION, "papers/shell")
    made = leanassets.files(shared, site, "papers/shell")
    assert made[leanassets.END_JS] == (
        "/* The lean pages' closing scripts, in order (generator/site/leanassets.py). */\n"
        "/* assets/digest.js */\nvar digest = 1\n;\n/* assets/reader.js */\n(function () { reader() })()\n;\n")
    (site / "assets/reader.js").unlink()
    with pytest.raises(SharedError) as raised:
        leanassets.files(shared, site, "papers/shell")
    assert str(raised.value) == ("assets/reader.js is missing from the site: the lean pages load it "
                                 "(mkdocs.yml's extra_javascript)")


def test_a_shell_without_its_closing_scripts_region_is_an_error() -> None:
    with pytest.raises(SharedError) as raised:
        leanassets.take(REGION[:REGION.index(END_START)], "papers/shell")
    assert str(raised.value) == ("a lean shell must hold one <!--pd-end--> ... <!--/pd-end--> region, around its "
                                 "closing scripts (found 0): is overrides/lean.html made for this theme's base.html?")


def test_lean_css_imports_each_stylesheet_from_assets_in_order() -> None:
    _, shared = leanassets.take(REGION, "papers/shell")
    assert leanassets.css(shared, "papers/shell").splitlines()[1:] == [
        '@import url("stylesheets/main.57a0d79d.min.css");',
        '@import url("stylesheets/classic/palette.813d4b3f.min.css");',
        '@import url("digest.css");',
        ":root{--md-admonition-icon--note:url('data:x')}"]


def test_lean_js_gets_the_shared_values_in_place_of_its_placeholder(tmp_path: Path) -> None:
    # A shell at the site's root: its scripts (`../../assets/`) lie outside it, so lean.css and
    # lean.js alone (the closing scripts' file: test_the_closing_scripts_become_one_file...).
    _, shared = leanassets.take(REGION, "")
    (tmp_path / "assets").mkdir()
    (tmp_path / leanassets.JS).write_text(f"(function () {{\n  {PLACEHOLDER}\n}})();\n", encoding="utf-8")
    out = leanassets.files(shared, tmp_path, "papers/shell")
    assert sorted(out) == [leanassets.CSS, leanassets.JS]
    line = out[leanassets.JS].splitlines()[1]
    assert line.startswith("  var SHARED = {") and PLACEHOLDER not in out[leanassets.JS]
    assert json.loads(line[len("  var SHARED = "):line.index(";  //")]) == {"palette": PALETTE,
                                                                             "top": "Zurück nach oben"}
    assert leanassets.files(shared, tmp_path, "papers/shell") == out  # the same bytes every build


def test_the_source_lean_js_holds_the_placeholder_once() -> None:
    source = (Path(__file__).resolve().parent.parent / "docs" / leanassets.JS).read_text(encoding="utf-8")
    assert source.count(PLACEHOLDER) == 1


@pytest.mark.parametrize(("html", "found"), [("<head></head>", 0), (REGION + REGION, 2),
                                             (f"{REGION}{END}", 1), (f"{START}<head>", 0)])
def test_a_shell_without_one_region_is_an_error(html: str, found: int) -> None:
    with pytest.raises(SharedError) as raised:
        leanassets.take(html, "papers/shell")
    assert str(raised.value) == ("a lean shell must hold one <!--pd-shared--> ... <!--/pd-shared--> region, "
                                 f"in its head (found {found}): is overrides/lean.html made for this theme's "
                                 "base.html?")


def test_markup_the_assets_cannot_carry_is_an_error_not_lost() -> None:
    with pytest.raises(SharedError) as raised:
        leanassets.take(f'{START}<script src="x.js"></script>{END}', "papers/shell")
    assert str(raised.value) == ("a lean shell's shared region holds <script>, which neither assets/lean.css "
                                 "nor assets/lean.js can carry: only stylesheet links, <style> and "
                                 '<meta name="pd-...">')


def test_a_lean_js_without_the_placeholder_or_missing_is_an_error(tmp_path: Path) -> None:
    _, shared = leanassets.take(REGION, "")
    with pytest.raises(SharedError) as raised:
        leanassets.files(shared, tmp_path, "papers/shell")
    assert str(raised.value) == ("assets/lean.js is missing from the site: the lean pages need it "
                                 "(docs/assets/lean.js)")
    with pytest.raises(SharedError) as raised:
        leanassets.js(shared, "var SHARED = {};")
    assert str(raised.value) == f"assets/lean.js must hold the line {PLACEHOLDER!r} once, for the build to fill in"


def _site(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / leanassets.JS).write_text(f"(function () {{\n  {PLACEHOLDER}\n}})();\n", encoding="utf-8")
    # No ";" at the end of the first: lean-end.js ends each, so the second cannot call it.
    (tmp_path / "assets/digest.js").write_text("var digest = 1\n", encoding="utf-8")
    (tmp_path / "assets/reader.js").write_text("(function () { reader() })()\n", encoding="utf-8")
    return tmp_path


def test_the_lean_shells_share_one_set_of_assets(tmp_path: Path) -> None:
    """Days, weeks and papers: three shells of one template, each without its region; the
    assets are what any one of them would make."""
    site = _site(tmp_path)
    shells = {f"{section}/shell/index.html": f"<head>{REGION}</head><body>{section}</body>"
              for section in ("days", "weeks", "papers")}
    cut, assets = leanassets.take_all(shells, site)
    end = '<script src="../../assets/lean-end.js"></script>'
    assert cut == {rel: f"<head>{end}</head><body>{rel.split('/')[0]}</body>" for rel in shells}
    assert assets == leanassets.files(leanassets.take(REGION, "papers/shell")[1], site, "papers/shell")


def test_lean_shells_as_deep_but_with_other_hrefs_resolve_to_the_same_assets(tmp_path: Path) -> None:
    """What is compared is what gets written: a shell one folder deeper links `../../../`."""
    site = _site(tmp_path)
    deeper = REGION.replace('href="../../', 'href="../../../').replace('src="../../', 'src="../../../')
    _, assets = leanassets.take_all({"days/shell/index.html": REGION, "a/papers/shell/index.html": deeper}, site)
    assert assets[leanassets.CSS] == leanassets.css(leanassets.take(REGION, "days/shell")[1], "days/shell")


@pytest.mark.parametrize("other", [REGION.replace("digest.css", "other.css"),
                                   REGION.replace("Zur&uuml;ck nach oben", "Back to top")])
def test_lean_shells_that_share_different_heads_are_an_error(tmp_path: Path, other: str) -> None:
    site = _site(tmp_path)
    with pytest.raises(SharedError) as raised:
        leanassets.take_all({"days/shell/index.html": REGION, "weeks/shell/index.html": REGION,
                             "papers/shell/index.html": other}, site)
    assert str(raised.value) == (
        "the lean shells days/shell/index.html and papers/shell/index.html share different heads "
        "(<!--pd-shared--> ... <!--/pd-shared-->) or closing scripts, but assets/lean.css, assets/lean.js and "
        "assets/lean-end.js are written once for all: both must come from overrides/lean.html, themed by the "
        "same engine")
