"""generator.text and generator.ids: properties (Hypothesis) and worked examples."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import ids, text

# What cleaned text must never hold: C0 controls but newline (tab too), DEL, C1,
# lone surrogates, bidi embeddings/overrides/isolates, zero-width characters and BOM.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
NASTY = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x80\x85\x9f\u00a0\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u2028\u2029\u3000"
    "\ud800\udfff\u0301\u0327\u0323e\u00e9q \u1100\u1161\u2126\u212b"
)
# Mostly the characters that break cleaners, mixed with everything else.
messy = st.text(
    alphabet=st.one_of(st.sampled_from(NASTY), st.characters(), st.sampled_from("ab $")),
    max_size=200,
)
limits = st.integers(min_value=1, max_value=400)


# -- clean_line --------------------------------------------------------------------------


@settings(max_examples=250)
@given(messy, limits)
@example("e\u200b\u0301", 300)  # removing the ZWSP must still end in NFC: 'é'
@example("e\x07\u0301", 300)
@example("a\u202e\u0327", 300)
@example("word " * 100, 42)
def test_clean_line_properties(raw: str, limit: int) -> None:
    out = text.clean_line(raw, limit)
    assert text.clean_line(out, limit) == out
    assert not FORBIDDEN.search(out)
    assert "\n" not in out
    assert "  " not in out
    assert out == out.strip()
    assert unicodedata.is_normalized("NFC", out)
    assert len(out) <= limit
    uncapped = text.clean_line(raw, 10**6)
    if len(uncapped) > limit:
        assert out.endswith(text.ELLIPSIS)
        assert uncapped.startswith(out[:-1].rstrip())
    else:
        assert out == uncapped


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Attention\tis   all\nyou need  ", "Attention is all you need"),
        ("e\u0301t\u00e9", "\u00e9t\u00e9"),  # NFC composes
        ("e\u200b\u0301", "\u00e9"),  # stripped first, composed after
        ("safe\u202egnp.exe", "safegnp.exe"),  # right-to-left override gone
        ("zero\u200bwidth\ufeff joiner\u200d", "zerowidth joiner"),
        ("bell\x07 del\x7f c1\x85x", "bell del c1x"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("isolate\u2066d\u2069", "isolated"),
        ("no\u00a0break\u3000space", "no break space"),
        ("", ""),
        ("\u200b\u200b", ""),
    ],
)
def test_clean_line_examples(raw: str, expected: str) -> None:
    assert text.clean_line(raw) == expected


def test_clean_line_caps_at_a_word_boundary_with_an_ellipsis() -> None:
    out = text.clean_line("alpha beta gamma delta epsilon", 26)
    assert out == "alpha beta gamma delta…"  # the space is near the limit: cut there
    # No space within the last fifth: cut mid-word rather than lose a third of the room.
    assert text.clean_line("Scaling " * 50, 30) == "Scaling Scaling Scaling Scali…"
    assert text.clean_line("x" * 400) == "x" * 299 + "…"
    assert len(text.clean_line("x" * 400)) == text.MAX_TITLE


# -- clean_block -------------------------------------------------------------------------


@settings(max_examples=250)
@given(messy, limits)
@example("one\n\n\u200b\u0301two", 300)
@example("a\r\n\r\nb\rc", 300)
def test_clean_block_properties(raw: str, limit: int) -> None:
    out = text.clean_block(raw, limit)
    assert text.clean_block(out, limit) == out
    assert not FORBIDDEN.search(out)
    assert unicodedata.is_normalized("NFC", out)
    assert len(out) <= limit
    assert "\n\n\n" not in out
    for paragraph in out.split("\n\n") if out else []:
        assert paragraph
        assert "\n" not in paragraph
        assert "  " not in paragraph
        assert paragraph == paragraph.strip()


words = st.lists(st.text(alphabet="abcxyz", min_size=1, max_size=8), min_size=1, max_size=8)


@given(st.lists(words, min_size=1, max_size=6))
def test_clean_block_keeps_every_paragraph(paragraphs: list[list[str]]) -> None:
    raw = "\n \n".join("\n".join(p) for p in paragraphs)  # hard-wrapped, blank-line separated
    assert text.clean_block(raw) == "\n\n".join(" ".join(p) for p in paragraphs)


def test_clean_block_examples() -> None:
    raw = "First line\nwrapped here.\r\n\r\nSecond\tparagraph\u200b.\n\n\n\nThird."
    assert text.clean_block(raw) == "First line wrapped here.\n\nSecond paragraph.\n\nThird."
    assert text.clean_block(" \n \n ") == ""
    assert text.clean_block("a b " * 10, 9) == "a b a b…"


# -- cap ---------------------------------------------------------------------------------


@given(st.text(max_size=300), st.integers(min_value=1, max_value=300))
def test_cap(value: str, limit: int) -> None:
    out = text.cap(value, limit)
    assert len(out) <= limit
    if len(value) <= limit:
        assert out == value
    else:
        assert out.endswith("…")
        assert value.startswith(out[:-1])


def test_cap_examples() -> None:
    assert text.cap("short", 5) == "short"
    assert text.cap("shorter", 5) == "shor…"
    assert text.cap("alpha beta gamma delta epsilon", 26) == "alpha beta gamma delta…"  # at the space
    assert text.cap("alpha beta gamma delta", 20) == "alpha beta gamma de…"  # space too far back
    assert text.cap("alphabetagammadelta and", 20) == "alphabetagammadelta…"


# -- safe_url ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2401.00001",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/Path?q=1#frag",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://github.com/owner/repo",
    ],
)
def test_safe_url_accepts_absolute_http(url: str) -> None:
    assert text.safe_url(url) == url


def test_safe_url_decodes_entities_like_a_browser() -> None:
    assert text.safe_url("https://x.org/?a=1&amp;b=2") == "https://x.org/?a=1&b=2"
    assert text.safe_url("&#104;ttps://x.org/") == "https://x.org/"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://ftp.example.org/paper.pdf",
        "file:///etc/passwd",
        "mailto:a@b.org",
        "/relative/path",
        "relative.html",
        "//evil.example/x",
        " https://x.org/",
        "https://x.org/ ",
        "\thttps://x.org/",
        "https://x.org/a b",
        "https://x.org/a\nb",
        "https://",
        "http:///path-only",
        "https:x.org",
        "https:\\\\x.org",
        "http://[",  # urlsplit raises on a broken IPv6 host: must be None, not a crash
        "https://[::1/x",
        "https://x.org/" + "a" * text.MAX_URL,
        # Invisible characters that would spoof the address a reader sees.
        "https://x.org/\u202egnp.exe",
        "https://x.org/\u200b",
        "https://exa\x7fmple.org/",
        "https://x.org/\x80",
        "https://x.org/\ufeff",
        "",
    ],
)
def test_safe_url_rejects(url: str) -> None:
    assert text.safe_url(url) is None


@given(st.text(max_size=60))
def test_safe_url_only_ever_returns_clean_absolute_http(tail: str) -> None:
    for url in (tail, "https://x.org/" + tail, "http://" + tail):
        out = text.safe_url(url)
        if out is not None:
            assert re.match(r"https?://[^/?#\s]", out, re.IGNORECASE)
            assert not FORBIDDEN.search(out)
            assert not any(c.isspace() for c in out)
            assert len(out) <= text.MAX_URL


def test_safe_url_length_limit() -> None:
    base = "https://x.org/"
    assert text.safe_url(base + "a" * (text.MAX_URL - len(base))) is not None
    assert text.safe_url(base + "a" * (text.MAX_URL - len(base) + 1)) is None


# -- split_math --------------------------------------------------------------------------


def respell(source: str, segments: list[tuple[str, str]]) -> bool:
    """Whether the segments, each math one between '$' or '$$' delimiters, spell source."""

    def go(at: int, k: int) -> bool:
        if k == len(segments):
            return at == len(source)
        kind, value = segments[k]
        if kind == "text":
            return source.startswith(value, at) and go(at + len(value), k + 1)
        assert kind == "math"
        return any(
            source.startswith(d + value + d, at) and go(at + len(d + value + d), k + 1)
            for d in ("$$", "$")
        )

    return go(0, 0)


@settings(max_examples=300)
@given(st.text(alphabet="$\\ \nab1_", max_size=40))
@example("$5 and $10")
@example("$$x$")
@example("$x$$")
@example("\\$x\\$")
@example("$$ $$")
def test_split_math_respells_its_input(source: str) -> None:
    segments = text.split_math(source)
    assert respell(source, segments)
    assert all(value for _, value in segments)  # no empty segments
    kinds = [kind for kind, _ in segments]
    assert all(k in ("text", "math") for k in kinds)
    assert all(not (a == b == "text") for a, b in zip(kinds, kinds[1:], strict=False))
    for kind, value in segments:
        if kind == "math":
            assert "\n\n" not in value
            assert value.strip()  # math is never blank; TeX may end in a space ("$x $")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("$A_n$", [("math", "A_n")]),
        ("Bounds on $A_n$ for all n", [("text", "Bounds on "), ("math", "A_n"), ("text", " for all n")]),
        ("a $$x^2$$ b", [("text", "a "), ("math", "x^2"), ("text", " b")]),
        ("$5 and $10", [("text", "$5 and $10")]),
        ("costs $5, or $10.", [("text", "costs $5, or $10.")]),
        ("\\$x\\$", [("text", "\\$x\\$")]),
        ("a \\$ b $c$", [("text", "a \\$ b "), ("math", "c")]),
        ("$a\\$b$", [("math", "a\\$b")]),
        ("unbalanced $x", [("text", "unbalanced $x")]),
        ("$ x$", [("text", "$ x$")]),  # opens only before a non-space
        ("$x $", [("math", "x ")]),  # TeX authors write "$x $": it closes after a space too
        ("$ x$", [("text", "$ x$")]),  # but opens only before a non-space
        ("$x$5", [("text", "$x$5")]),  # never closes before a digit
        ("$a\n\nb$", [("text", "$a\n\nb$")]),  # never across paragraphs
        ("$" + "x" * 500 + "$", [("text", "$" + "x" * 500 + "$")]),  # too long for math
        ("", []),
    ],
)
def test_split_math_examples(source: str, expected: list[tuple[str, str]]) -> None:
    assert text.split_math(source) == expected


# -- split_links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "See https://en.wikipedia.org/wiki/Foo_(bar).",
            [("text", "See "), ("url", "https://en.wikipedia.org/wiki/Foo_(bar)"), ("text", ".")],
        ),
        (
            "(code at https://github.com/a/b)",
            [("text", "(code at "), ("url", "https://github.com/a/b"), ("text", ")")],
        ),
        ("https://x.org/a.", [("url", "https://x.org/a"), ("text", ".")]),
        ("https://x.org/a,", [("url", "https://x.org/a"), ("text", ",")]),
        ("https://x.org/a;", [("url", "https://x.org/a"), ("text", ";")]),
        ("https://x.org/a:", [("url", "https://x.org/a"), ("text", ":")]),
        ("https://x.org/a!?", [("url", "https://x.org/a"), ("text", "!?")]),
        ('"https://x.org/a"', [("text", '"'), ("url", "https://x.org/a"), ("text", '"')]),
        ("https://x.org/a).", [("url", "https://x.org/a"), ("text", ").")]),
        ("https://x.org/a?b=1;c", [("url", "https://x.org/a?b=1;c")]),
        ("two: http://a.org, https://b.org.", [
            ("text", "two: "), ("url", "http://a.org"), ("text", ", "),
            ("url", "https://b.org"), ("text", "."),
        ]),
        ("javascript:alert(1) and https:// alone", [("text", "javascript:alert(1) and https:// alone")]),
        ("no links here", [("text", "no links here")]),
        ("see http://[oops", [("text", "see http://[oops")]),
        ("", []),
    ],
)
def test_split_links_examples(source: str, expected: list[tuple[str, str]]) -> None:
    assert text.split_links(source) == expected


@settings(max_examples=250)
@given(st.lists(st.sampled_from([
    "https://x.org/a", "http://b.org/p_(q)", " ", "see ", ".", ",", ")", "(", "!", "?", ":", ";",
    '"', "'", "*", "x", "\n", "https://", "javascript:y",
]), max_size=12).map("".join))
def test_split_links_respells_its_input(source: str) -> None:
    segments = text.split_links(source)
    assert "".join(value for _, value in segments) == source
    for kind, value in segments:
        if kind == "url":
            assert text.safe_url(value) == value
            assert value[-1] not in ".,;:!?\"'*"
            assert not value.endswith(")") or value.count("(") >= value.count(")")
    assert text.find_urls(source) == [v for k, v in segments if k == "url"]


# -- ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2401.00001", ("2401.00001", None)),
        ("2401.00001v2", ("2401.00001", 2)),
        ("1201.4869v12", ("1201.4869", 12)),
        (" 2606.13677v1 ", ("2606.13677", 1)),
        ("hep-th/9901001", ("hep-th/9901001", None)),
        ("hep-th/9901001v3", ("hep-th/9901001", 3)),
        ("math.CO/0112567v1", ("math.CO/0112567", 1)),
        ("cond-mat/0412498", ("cond-mat/0412498", None)),
        ("2401.1", None),
        ("2401.000001", None),
        ("../etc", None),
        ("hep-th/990100", None),
        ("2401.00001v", None),
        ("\u0662\u0664\u0660\u0661.\u0660\u0660\u0660\u0660\u0661", None),  # Arabic-Indic digits
        ("\uff12\uff14\uff10\uff11.\uff10\uff10\uff10\uff10\uff11", None),  # full-width digits
        ("", None),
    ],
)
def test_split_version(raw: str, expected: tuple[str, int | None] | None) -> None:
    assert ids.split_version(raw) == expected


@pytest.mark.parametrize(
    "paper_id", ["2401.00001", "1201.4869", "hep-th/9901001", "math.CO/0112567", "t-30e03b70a49d"]
)
def test_is_valid_accepts(paper_id: str) -> None:
    assert ids.is_valid(paper_id)


@pytest.mark.parametrize(
    "paper_id",
    [
        "2401.00001v2", "hep-th/9901001v1", "../etc", "2401.1", "2401", "", " 2401.00001",
        "2401.00001\n", "t-30E03B70A49D", "t-30e03b70a49", "2401.00001/../x", "hep-th/../9901001",
        "\u0662\u0664\u0660\u0661.\u0660\u0660\u0660\u0660\u0661", "https://arxiv.org/abs/2401.00001",
    ],
)
def test_is_valid_rejects(paper_id: str) -> None:
    assert not ids.is_valid(paper_id)


@given(st.text(max_size=30))
def test_valid_ids_are_plain_ascii_url_segments(raw: str) -> None:
    if ids.is_valid(raw):
        assert raw.isascii() and raw == raw.strip()
        assert re.fullmatch(r"[A-Za-z0-9.-]+", ids.slug(raw))
        assert ".." not in raw


def test_slug_and_anchor() -> None:
    assert ids.slug("hep-th/9901001") == "hep-th-9901001"
    assert ids.slug("2401.00001") == "2401.00001"
    assert ids.anchor("2401.00001") == "p-2401-00001"
    assert ids.anchor("math.CO/0112567") == "p-math-CO-0112567"


def test_from_url() -> None:
    assert ids.from_url("http://arxiv.org/abs/2606.13677v1") == ("2606.13677", 1)
    assert ids.from_url("https://arxiv.org/pdf/hep-th/9901001v2.pdf") == ("hep-th/9901001", 2)
    assert ids.from_url("oai:arXiv.org:2411.17700v1") == ("2411.17700", 1)
    assert ids.from_url("https://example.org/abs/2401.00001") is None


def test_title_id_is_stable() -> None:
    # The id the bundled sample content carries for this listing paper: it must never change.
    assert ids.title_id("Position Prediction as an Effective Pretraining Strategy") == "t-30e03b70a49d"


@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=40))
def test_title_id_ignores_case_and_spacing(title: str) -> None:
    tid = ids.title_id(title)
    assert ids.TITLE_ID.fullmatch(tid) and ids.is_valid(tid)
    assert ids.title_id("  " + title.upper().replace(" ", "   ") + "\n") == tid
    assert ids.title_id(title.lower()) == tid


def test_title_id_tells_titles_apart() -> None:
    assert ids.title_id("Attention Is All You Need") == ids.title_id("attention  is all\tyou NEED")
    assert ids.title_id("Attention Is All You Need") != ids.title_id("Attention Is All You Need!")


# -- split_math: what one text may give KaTeX ------------------------------------------


@pytest.mark.parametrize("command", [
    "def", "gdef", "edef", "xdef", "let", "futurelet", "newcommand", "renewcommand", "providecommand",
    "global", "expandafter", "csname", "noexpand", "newenvironment", "input", "write", "catcode",
])
def test_a_segment_defining_macros_stays_text(command: str) -> None:
    source = f"see $\\{command}\\a{{\\frac{{x}}{{y}}\\b}}\\a\\a$ and $y^2$"
    assert text.split_math(source) == [("text", f"see $\\{command}\\a{{\\frac{{x}}{{y}}\\b}}\\a\\a$ and "),
                                       ("math", "y^2")]


def test_commands_that_only_start_like_a_refused_one_stay_math() -> None:
    assert text.split_math("$\\defined + \\letter + \\left(x\\right) + \\inputs$") == [
        ("math", "\\defined + \\letter + \\left(x\\right) + \\inputs")]


def test_math_per_text_is_capped_in_segments_and_characters() -> None:
    many = " ".join(["$x_1$"] * (text.MAX_MATH_SEGMENTS + 5))
    segments = text.split_math(many)
    assert sum(kind == "math" for kind, _ in segments) == text.MAX_MATH_SEGMENTS
    assert segments[-1] == ("text", " " + " ".join(["$x_1$"] * 5))
    long = "$" + "x+" * 190 + "y$"  # 381 characters of TeX, under MAX_MATH
    segments = text.split_math(" ".join([long] * 10))
    assert sum(len(tex) for kind, tex in segments if kind == "math") <= text.MAX_MATH_CHARS
    assert sum(kind == "math" for kind, _ in segments) == text.MAX_MATH_CHARS // 381
