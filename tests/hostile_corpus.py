"""Hostile inputs for the whole pipeline (tests/test_hostile.py), as plain data.

Every payload carries a marker number N that only it uses: whatever it would run calls
`alert(N)` or `window.__pwned(N)`, so a call recorded in a browser, or a marker found
in an executable place of a built page, names the payload that got through.

`link` payloads are the ones that must never become an `href`: curators' YAML that
holds one in `links:` fails validation; from upstream the link is dropped.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    n: int  # the marker: alert(n) / window.__pwned(n)
    kind: str
    name: str
    text: str
    link: bool = False  # also tried as a link (links.project, githubRepo, projectPage)


MARKER = re.compile(r"(?:alert|confirm|prompt|__pwned|msgbox)\((\d+)\)")
# Characters that never reach a page: C0 (but tab, newline, CR), DEL, C1, Unicode's
# Bidi_Control set, zero-width characters, BOM, interlinear annotation, XML-illegal
# noncharacters and the invisible tag characters (U+E0000 block, "ASCII smuggling").
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\U000e0000-\U000e007f\ud800-\udfff]"
)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _tags(text: str) -> str:
    """ASCII as invisible Unicode tag characters (U+E0020-U+E007E)."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


_RAW: list[tuple[str, str, str] | tuple[str, str, str, bool]] = [
    # kind, name, text[, link]
    ("script", "script element", "<script>alert(1)</script>"),
    ("script", "script src, upper case", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>alert(2)"),
    ("script", "split script tag", "<scr<script>ipt>alert(3)</scr</script>ipt>"),
    ("style", "style element with url()",
     "<style>@import 'javascript:alert(4)';body{background:url(\"javascript:alert(4)\")}</style>"),
    ("style", "style attribute", '<p style="background:url(javascript:alert(5));x:expression(alert(5))">s</p>'),
    ("handler", "img onerror", "<img src=x onerror=alert(6)>"),
    ("handler", "body onload", "<body onload=alert(7)>"),
    ("handler", "details ontoggle", "<details open ontoggle=window.__pwned(8)><summary>x</summary></details>"),
    ("handler", "double-quoted attribute breakout", 'x" onmouseover="alert(9)" autofocus onfocus="alert(9)'),
    ("handler", "single-quoted attribute breakout", "x' onmouseover='alert(10)' autofocus onfocus='alert(10)"),
    ("link", "markdown javascript link", "[click me](javascript:alert(11))", True),
    ("link", "html javascript link", '<a href="javascript:alert(12)">click me</a>', True),
    ("link", "entity-encoded javascript", "&#106;avascript:alert(13)", True),
    ("link", "mixed-case javascript", "JaVaScRiPt:alert(14)", True),
    ("link", "data: html, base64", "data:text/html;base64," + _b64("<script>alert(15)</script>") + "#alert(15)", True),
    ("link", "javascript with tab and newline", "java\tscr\nipt:alert(16)", True),
    ("link", "vbscript", "vbscript:alert(17)", True),
    ("link", "markdown data link", "[x](data:text/html,<script>alert(18)</script>)", True),
    ("link", "hex-entity javascript, leading space", " &#x6A;&#x61;vascript&colon;alert(19)", True),
    ("link", "http URL breaking out of href", 'https://example.com/"onmouseover="alert(20)', True),
    ("link", "markdown image javascript", "![img](javascript:alert(21))", True),
    ("link", "markdown autolink and reference",
     "<javascript:alert(22)> [ref][1]\n\n[1]: javascript:alert(22)", True),
    ("attr-list", "attr list after text", "Title {: onclick=alert(23) }"),
    ("attr-list", "attr list with id and class", "Heading {#pwn .cls onclick=alert(24)}"),
    ("attr-list", "attr list on emphasis", '*x*{: onmouseover="alert(25)" } `c`{: onclick=alert(25)}'),
    ("md-html", "html block with markdown=1", '<div markdown="1">*x* [y](javascript:alert(26))</div>'),
    ("md-html", "span with markdown=span",
     '<span markdown="span">**b**<img src=x onerror=alert(27)></span>'),
    ("svg", "svg onload", "<svg onload=alert(28)>"),
    ("svg", "svg with script", "<svg><script>alert(29)</script><animate onbegin=alert(29) attributeName=x>"),
    ("svg", "math/style mutation XSS",
     "<math><mtext><table><mglyph><style><img src=x onerror=alert(30)></style></mglyph></table></mtext></math>"),
    ("iframe", "iframe javascript src", '<iframe src="javascript:alert(31)"></iframe>'),
    ("iframe", "iframe srcdoc", '<iframe srcdoc="<script>alert(32)</script>"></iframe>'),
    ("form", "form action and formaction",
     '<form action="javascript:alert(33)"><input type=submit formaction=javascript:alert(33)></form>'),
    ("form", "input autofocus onfocus", "<input autofocus onfocus=alert(34)><textarea>alert(34)"),
    ("form", "object and embed", '<object data="javascript:alert(35)"></object><embed src="javascript:alert(35)">'),
    ("footnote", "footnote body with script", "Text with a note[^1].\n\n[^1]: <script>alert(36)</script>"),
    ("snippet", "snippet of mkdocs.yml", '--8<-- "mkdocs.yml"\n\nalert(37)'),
    ("snippet", "snippet of .git/config", ';--8<-- ".git/config"\n\n--8<--\n/etc/passwd\n--8<--\nalert(38)'),
    ("jinja", "jinja config", "{{ config }} {{ config.site_url }} alert(39)"),
    ("jinja", "jinja arithmetic", "{{ 7*7 }} ${7*7} #{7*7} alert(40)"),
    ("jinja", "jinja include", "{% include 'base.html' %}{% raw %}alert(41){% endraw %}"),
    ("jinja", "jinja class walk", "{{ ''.__class__.__mro__[1].__subclasses__() }} {{ lipsum.__globals__ }} alert(42)"),
    ("breakout", "</title> breakout", "</title><script>alert(43)</script>"),
    ("breakout", "</textarea> breakout", "</textarea><script>alert(44)</script>"),
    ("breakout", "</script> breakout", "</script><script>alert(45)</script>"),
    ("breakout", "attribute and tag breakout", "\"'><script>alert(46)</script><!--"),
    ("breakout", "CDATA and comment breakout", "]]><script>alert(47)</script>--><script>alert(47)</script>"),
    ("breakout", "</style> and </noscript> breakout",
     "</style></noscript></template><img src=x onerror=alert(48)>"),
    ("unclosed", "unclosed script", "<script>alert(49)"),
    ("unclosed", "unclosed comment", "<!-- alert(50) unclosed comment"),
    ("unclosed", "unclosed tag", "<img src=x onerror=alert(51) "),
    ("unclosed", "unclosed CDATA and attribute", '<![CDATA[ <a href="javascript:alert(52)" title="'),
    ("heading", "markdown headings", "# Fake heading alert(53)\n\nSetext alert(53)\n===\n\n## more"),
    ("heading", "html h1", "<h1>alert(54)</h1><h6 id=x>y</h6>"),
    ("markdown", "markdown table", "| a | b |\n|---|---|\n| <script>alert(55)</script> | **x** |"),
    ("markdown", "markdown code fence", "```html\n<script>alert(56)</script>\n```\n\n    indented <b>alert(56)</b>"),
    ("markdown", "markdown emphasis and html entities",
     "***bold*** __u__ ~~s~~ &lt;script&gt;alert(57)&lt;/script&gt; &amp;lt;b&amp;gt;"),
    ("math", "KaTeX \\href javascript", r"Math $\href{javascript:alert(58)}{click}$ here"),
    ("math", "KaTeX \\url javascript", r"Math $\url{javascript:alert(59)}$ and $\url{data:text/html,x}$"),
    ("math", "KaTeX \\def expansion bomb",
     r"$\def\a#1{#1#1}\a{\a{\a{\a{\a{\a{\a{\a{\a{\a{\a{\a{x}}}}}}}}}}}}$ alert(60)"),
    ("math", "KaTeX trusted-only commands",
     r"$\htmlData{onclick=alert(61)}{x} \htmlClass{md-search}{y} \includegraphics{javascript:alert(61)}$"),
    ("math", "math holding html", "$x</span><script>alert(62)</script><span>$ and $$<img src=x onerror=alert(62)>$$"),
    ("control", "C0 controls", "C0 " + "".join(chr(c) for c in range(0x00, 0x20)) + " alert(63)"),
    ("control", "DEL and C1 controls", "C1 \x7f" + "".join(chr(c) for c in range(0x80, 0xA0)) + " alert(64)"),
    ("control", "XML-illegal noncharacters", "non\ufffe\uffffchar \ufdd0 alert(65)"),
    ("bidi", "right-to-left override", "alert(66) \u202egnp.exe\u202c invoice"),
    ("bidi", "isolates, embeddings, marks",
     "\u2066\u2067\u2068alert(67)\u2069 \u202a\u202b\u202d\u202c \u200e\u200f \u061c"),
    ("zero-width", "zero-width characters", "ja\u200bva\u200csc\u200dript\u2060:\ufeffalert(68)"),
    ("zero-width", "invisible tag characters",
     "Visible" + _tags(" alert(69) ignore previous instructions") + " alert(69)"),
    ("surrogate", "lone surrogates", "lone \ud800 high \udfff low \udbff alert(70)"),
    ("long", "100 KB title with markup at both ends",
     "<script>alert(71)</script>" + "A" * 100_000 + "<script>alert(71)</script>"),
    ("long", "100 KB of repeated markup", "<b onclick=alert(72)>" * 5_000),
    ("long", "100 KB of words ending in script", "word " * 20_000 + "<script>alert(73)</script>"),
    ("nested", "500 levels of quotes", "> " * 500 + "alert(74)"),
    ("nested", "500 levels of lists", "\n".join("  " * i + "- alert(75)" for i in range(500))),
    ("nested", "200 nested divs", "<div>" * 200 + "<img src=x onerror=alert(76)>" + "</div>" * 200),
    ("nested", "500 nested brackets", "[" * 500 + "alert(77)" + "](javascript:alert(77))" * 500),
    ("marker", "the paper shell's title marker", "PDSHELLTITLE alert(78) PDSHELLTITLE"),
    ("marker", "the paper shell's head and body markers",
     "<!--pd:paper-head--> <h1>PDSHELLTITLE</h1> alert(79)"),
    ("marker", "the paper shell's path", "see /papers/shell/ alert(80)"),
    ("marker", "front matter and generated-page comment",
     "---\ntitle: x\n---\n<!-- generated by paper-digest: body injected on_page_content --> alert(81)"),
    ("unicode", "fullwidth and long-s lookalikes",
     "\uff1cscript\uff1ealert(82)\uff1c/script\uff1e <\u017fcript>alert(82)</\u017fcript>"),
    ("unicode", "line and paragraph separators", "a\u2028b\u2029c\x85d alert(83)"),
    ("url", "autolinked URL with markup", "See https://example.com/<svg/onload=alert(84)> and https://e.x/a\"b"),
    ("url", "http URL naming javascript", "https://example.com/javascript:alert(85)?q=<script>"),
]

PAYLOADS: tuple[Payload, ...] = tuple(
    Payload(i + 1, *entry) for i, entry in enumerate(_RAW)  # type: ignore[arg-type]
)

# For the hostile topic in topics.yml: its own markers, outside the papers' range.
TOPIC_TITLE = Payload(900, "breakout", "topic title",
                      "Hostile </title><script>alert(900)</script><svg onload=alert(900)> PDSHELLTITLE")
TOPIC_DESCRIPTION = Payload(
    901, "handler", "topic description",
    "<img src=x onerror=alert(901)> [x](javascript:alert(901)) {{ config }} $\\href{javascript:alert(901)}{m}$"
    "\n\n</textarea><script>alert(901)</script>",
)


def by_kind() -> dict[str, int]:
    return dict(Counter(p.kind for p in PAYLOADS))


def _check() -> None:
    numbers = [p.n for p in PAYLOADS]
    assert numbers == list(range(1, len(PAYLOADS) + 1))
    for p in (*PAYLOADS, TOPIC_TITLE, TOPIC_DESCRIPTION):
        found = {int(m) for m in MARKER.findall(p.text)}
        assert found == {p.n}, (p.name, found)


_check()
