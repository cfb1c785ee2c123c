"""Cleaning untrusted text once (at ingest and load) and splitting it for rendering."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

MAX_TITLE = 300
MAX_NAME = 200
MAX_AUTHORS = 500
MAX_ABSTRACT = 5000
MAX_NOTE = 2000
MAX_KEYWORDS = 30  # Hugging Face's ai_keywords: a dozen or so in every sample
MAX_TOPIC_TITLE = 80
MAX_URL = 2000
ELLIPSIS = "…"

# C0 except tab/newline, DEL, C1; bidi embeddings/overrides/isolates and the Arabic letter
# mark; zero-width and BOM; the invisible tag characters (U+E0000 block); U+FFFE/U+FFFF,
# which XML forbids: one in a title made lxml (feedgen) abort the build.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    "\ufffe\uffff\U000e0000-\U000e007f]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _strip_invisible(text: str) -> str:
    # Strip first, then normalise: removing a character between a letter and a
    # combining mark ("e\u200b\u0301") must still end in NFC ("\u00e9").
    text = _CONTROL.sub("", _SURROGATE.sub("", text))
    return unicodedata.normalize("NFC", text)


def cap(text: str, limit: int) -> str:
    """Cut at a word boundary when one is near, with a visible ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def clean_line(text: str, limit: int = MAX_TITLE) -> str:
    """A single-line field (title, name): invisible characters gone, whitespace collapsed."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return cap(text, limit)  # the common case: already clean
    text = _strip_invisible(text.replace("\t", " "))
    return cap(" ".join(text.split()), limit)


def normal_name(name: str) -> str:
    """A name as followed names are matched (render/follow.py, follow.js, content/follows.py):
    NFKC, lower case, runs of white space as one space: "Ada  LOVELACE" -> "ada lovelace"."""
    return " ".join(unicodedata.normalize("NFKC", name).lower().split())


def clean_block(text: str, limit: int = MAX_ABSTRACT) -> str:
    """A multi-line field (abstract, note): hard wraps joined, paragraph breaks kept."""
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return cap(text, limit)  # one clean paragraph: the common case
    text = _strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return cap("\n\n".join(p for p in paragraphs if p), limit)


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~!$()*+,;=:@%/-]*)?"
                        r"(?:\?[A-Za-z0-9._~!$()*+,;=:@%/?&-]*)?(?:#[A-Za-z0-9._~!$()*+,;=:@%/?-]*)?")


def safe_url(url: str) -> str | None:
    """The URL if it is absolute http(s) once decoded the way a browser would; else None."""
    if len(url) <= MAX_URL and _PLAIN_URL.fullmatch(url) and "&" not in url:
        return url  # the common case: nothing to decode, nothing that needs a closer look
    if len(url) > MAX_URL:
        return None
    decoded = html.unescape(url)
    probe = re.sub(r"[\x00-\x20\x7f]", "", decoded).lower()
    if not (probe.startswith("http://") or probe.startswith("https://")):
        return None
    # Characters a well-formed URL never holds unencoded; seen in them, it is an attack or junk.
    if any(c.isspace() or ord(c) < 32 or c in '<>"`{}|\\^' for c in decoded):
        return None
    # DEL, C1, bidi and zero-width characters: invisible in a link, never in a real one.
    if _CONTROL.search(decoded) or _SURROGATE.search(decoded):
        return None
    try:
        parts = urlsplit(decoded)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:  # "http://[" : urlsplit refuses a broken IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # A user name or password before the host ("https://github.com@evil.example/") makes
    # a link read as a host it does not go to; "%" in the host hides one from the eye.
    if has_credentials(decoded) or "%" in parts.netloc or not parts.hostname:
        return None
    try:
        parts.hostname.encode("idna")
    except UnicodeError:  # an empty label, a label too long: no browser goes there
        return None
    return decoded


def has_credentials(url: str) -> bool:
    """Whether an http(s) URL carries user info (a name, a password) before its host."""
    try:
        return "@" in urlsplit(html.unescape(url).strip()).netloc
    except ValueError:
        return False


def link_host(url: str) -> str:
    """The host a safe URL really goes to, as readers should see it next to the link:
    lower case, and IDNA (punycode) for a name in other scripts, so a look-alike of a
    familiar host ("gіthub.com" with a Cyrillic "і") shows as what it is."""
    host = urlsplit(url).hostname or ""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


# --- splitting text for rendering -------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
# What one text (a title, an abstract, a note) may give KaTeX to typeset. KaTeX's own
# `maxExpand` counts macro expansions, not output: a 376-character segment of nested \defs
# stayed under it and still built tens of thousands of elements, and twelve of them kept a
# page busy for two minutes. Without user macros, KaTeX's output grows with its input, so
# capping the length of a segment and the number of segments per text bounds a paper, and
# the papers a page holds bound the page. The sample content's busiest abstract has 21
# segments of at most 105 characters.
MAX_MATH = 400
MAX_MATH_SEGMENTS = 40
MAX_MATH_CHARS = 2000  # of TeX per text, all segments together; the sample's most is 256
# Commands that define, rebind or construct macros (or, in LaTeX, read and write files):
# no title or abstract needs them, and they are how a short segment grows without bound.
# A segment holding one stays plain text.
REFUSED_TEX = re.compile(
    r"\\(?:[gex]?def|let|futurelet|(?:re)?newcommand|providecommand|(?:re)?newenvironment|global|long|outer"
    r"|protected|expandafter|noexpand|csname|endcsname|afterassignment|aftergroup|catcode"
    r"|(?:math|count|dimen|skip|toks)?chardef|(?:count|dimen|skip|toks)def|uppercase|lowercase"
    r"|DeclareMathOperator|DeclareRobustCommand|input|include|write|immediate|openin|openout"
    r"|read|special|directlua|href|url|html[A-Za-z]*|includegraphics)(?![A-Za-z])"
)


def _trim_url(url: str) -> str:
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


_MATH_MARK = re.compile(r"\\\$|\$")


def split_math(text: str) -> list[tuple[str, str]]:
    """Split into ('text', s) and ('math', tex) segments on balanced $...$ pairs.

    A '$' opens math only when followed by a non-space and closes only after a
    non-space and not before a digit (so '$5 and $10' stays text); '\\$' is a
    literal dollar. Anything unbalanced stays text: a stray '$' breaks nothing. So does a
    segment that defines macros (REFUSED_TEX), and every one past MAX_MATH_SEGMENTS or
    MAX_MATH_CHARS.
    """
    if "$" not in text:
        return [("text", text)] if text else []
    out: list[tuple[str, str]] = []
    start = 0  # where the pending text segment begins
    pos = 0
    found = budget = 0
    while found < MAX_MATH_SEGMENTS:
        m = _MATH_MARK.search(text, pos)
        if m is None:
            break
        i = m.start()
        if m.group(0) != "$":  # an escaped dollar is text
            pos = m.end()
            continue
        delim = "$$" if text.startswith("$$", i) else "$"
        end = _close(text, i + len(delim), delim)
        if end is None:
            pos = i + 1
            continue
        if REFUSED_TEX.search(text, i, end):
            pos = end + len(delim)  # the whole segment, delimiters too, stays text
            continue
        budget += end - i - len(delim)
        if budget > MAX_MATH_CHARS:
            break
        found += 1
        if i > start:
            out.append(("text", text[start:i]))
        out.append(("math", text[i + len(delim):end]))
        pos = start = end + len(delim)
    if start < len(text):
        out.append(("text", text[start:]))
    return out


def _close(text: str, start: int, delim: str) -> int | None:
    """Where math opened at `start` closes. '$x$' needs a non-space after the opening '$'
    (TeX authors do write '$x $', so the closing one may follow a space); '$$' takes any.
    A closing '$' never comes right before a digit, math never spans a blank line, and
    blank math ('$$ $$') is none."""
    if start >= len(text) or (delim == "$" and text[start].isspace()):
        return None
    j = start
    limit = min(len(text), start + MAX_MATH)
    while j < limit:
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "\n" and text[j - 1] == "\n":
            return None
        if text.startswith(delim, j) and j > start:
            if not text[start:j].strip():
                return None  # '$$ $$' holds no math
            after = j + len(delim)
            if delim == "$$" or not (after < len(text) and text[after].isdigit()):
                return j
        j += 1
    return None


def split_links(text: str) -> list[tuple[str, str]]:
    """Split into ('text', s) and ('url', u) segments; URLs lose trailing punctuation."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _URL.finditer(text):
        url = _trim_url(m.group(0))
        if not url or safe_url(url) is None:
            continue
        if m.start() > pos:
            out.append(("text", text[pos : m.start()]))
        out.append(("url", url))
        pos = m.start() + len(url)
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


def find_urls(text: str) -> list[str]:
    return [s for kind, s in split_links(text) if kind == "url"]
