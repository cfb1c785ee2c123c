"""Cutting a themed page into a shell: the tokens become slots, and the theme's indentation
is folded without changing what a browser shows."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site.shell import DROP, KEEP, Shell, ShellError, compact, drop
from generator.site.stage import Tokens

TOKENS = Tokens("PDTITLEx", "PDBODYx", "PDDESCRIPTIONx")


def test_indentation_between_tags_becomes_one_newline() -> None:
    assert compact("<ul>\n    <li>a</li>\n\n      \n    <li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_whitespace_without_a_line_break_and_text_are_kept() -> None:
    html = "<p><a>one</a> <b>two</b> words  here <i>x</i></p>"
    assert compact(html) == html


def test_indentation_around_words_becomes_one_newline_and_attributes_are_kept() -> None:
    html = '<span title="a\n    b">\n      Home\n  \n    </span>\n  words  here\n  <i>x</i>'
    assert compact(html) == '<span title="a\n    b">\nHome\n</span>\nwords  here\n<i>x</i>'


def test_pre_textarea_script_and_style_are_left_exactly() -> None:
    verbatim = ("<pre>\n  <b>x</b>\n\n  <i>y</i>\n</pre>", "<textarea>\n  <a>\n  </a></textarea>",
                "<script>if (a >\n  <b) {}</script>", "<STYLE>a >\n  <b {}</STYLE>")
    html = "<div>\n  " + "\n  ".join(verbatim) + "\n</div>"
    assert compact(html) == "<div>\n" + "\n".join(verbatim) + "\n</div>"


def test_the_shell_is_compacted_and_our_body_is_not() -> None:
    themed = (f"<html>\n  <head>\n    <title>{TOKENS.title}</title>\n  </head>\n  <body>\n"
              f"    <article>\n      {TOKENS.body_marker}\n    </article>\n  </body>\n</html>")
    shell = Shell.cut(themed, TOKENS)
    body = "<pre>\n  kept\n\n  as is\n</pre>\n\n   <p>x</p>"
    assert shell.fill(title="T", body=body, head="<link>") == (
        "<html>\n<head>\n<title>T</title>\n<link></head>\n<body>\n<article>\n"
        + body + "\n</article>\n</body>\n</html>")


@given(st.lists(st.sampled_from(["<a>", "</a>", "<pre>", "</pre>", "<script>", "</script>",
                                 " ", "\n", "\t", "x", "<", ">"]), max_size=40))
def test_compact_only_ever_removes_whitespace_and_is_idempotent(parts: list[str]) -> None:
    html = "".join(parts)
    out = compact(html)
    assert [c for c in out if not c.isspace()] == [c for c in html if not c.isspace()]
    assert compact(out) == out
    for block in re.finditer(r"<(pre|script)>.*?</\1>", html, re.S):  # verbatim, whitespace and all
        assert block.group(0) in out


# --- theme markup a template marks as unused (overrides/lean.html) ---------------------


def test_marked_theme_markup_is_dropped_once_from_the_shell() -> None:
    themed = (f"<head><title>{TOKENS.title}</title>{DROP}<script>__md_scope=1</script></head><body>{KEEP}"
              f"</head><body><header>h</header>{DROP}<input id=__drawer>{KEEP}<article>{TOKENS.body_marker}"
              f"</article>{DROP}<div class=md-dialog></div>{KEEP}</body>")
    shell = Shell.cut(themed, TOKENS)
    assert shell.fill(title="T", body="<h1>B</h1>", head="<meta>") == (
        "<head><title>T</title><meta></head><body><header>h</header><article><h1>B</h1></article></body>")


@pytest.mark.parametrize("html", [f"a{DROP}b", f"a{KEEP}b", f"{DROP}a{KEEP}b{KEEP}"])
def test_markers_that_do_not_pair_are_an_error_not_a_broken_page(html: str) -> None:
    with pytest.raises(ShellError) as raised:
        drop(html)
    assert str(raised.value) == ("a themed shell marks theme markup to drop, but its markers do not pair "
                                 "(<!--pd-drop--> ... <!--/pd-drop-->): is overrides/lean.html made for "
                                 "this theme's base.html?")
