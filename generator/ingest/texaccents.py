"""TeX accent escapes to Unicode, for arXiv metadata that is ASCII with TeX escapes.

arXiv's RSS feed carries names like ``V\\'aclav Vavry\\v{c}uk`` and ``Przemys{\\l}aw``.
Only accents and the special letters are converted; any other TeX is left as written.
"""

from __future__ import annotations

import re
import unicodedata

# Accent command -> combining character.
_ACCENTS = {
    "'": "\u0301",  # acute
    "`": "\u0300",  # grave
    "^": "\u0302",  # circumflex
    '"': "\u0308",  # diaeresis
    "~": "\u0303",  # tilde
    "=": "\u0304",  # macron
    ".": "\u0307",  # dot above
    "c": "\u0327",  # cedilla
    "v": "\u030c",  # caron
    "H": "\u030b",  # double acute
    "u": "\u0306",  # breve
    "k": "\u0328",  # ogonek
    "r": "\u030a",  # ring above
    "d": "\u0323",  # dot below
    "b": "\u0331",  # macron below
}

# Letters TeX spells as control words.
_SPECIALS = {
    "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ",
}

# A control word swallows the space after it in TeX ("Przemys\l aw"), but in
# metadata "Pawe\l Kowalski" means two words: only swallow it before a lowercase
# letter, where the word clearly goes on.
_WORD_END = r"(?![A-Za-z])(?: (?=[a-z]))?"

# The accented letter: "e", "{e}", "{ e }", or a dotless i/j ("\i", "{\i}").
_ARG = (
    r"(?:\{\s*(?P<b>\\[ij](?![A-Za-z])|[A-Za-z])\s*\}"
    r"|(?P<p>\\[ij]" + _WORD_END + r"|[A-Za-z]))"
)
# Symbol accents (\'e) may be followed by spaces; letter accents (\c c, \v{c})
# need a space or a brace, or "\cc" would be another control word.
_CORE = (
    r"\\(?:(?P<sym>[`'^\"~=.])\s*|(?P<word>[cvHukrdb])(?:\s*(?=\{)|\s+(?=[A-Za-z\\])))"
    + _ARG
)
# An optional pair of grouping braces around the whole escape: {\'e}, {\v{c}}.
_ACCENT = re.compile(r"(?P<open>\{)?" + _CORE + r"(?(open)\})")

_SPECIAL = re.compile(
    r"\{\\(?P<a>ss|aa|AA|ae|AE|oe|OE|[lLoOij])\s*\}"  # {\l}
    r"|\\(?P<b>ss|aa|AA|ae|AE|oe|OE|[lLoOij])(?:\{\}|" + _WORD_END + r")"  # \l{}, \l
)


def _accent(m: re.Match[str]) -> str:
    base = m["b"] or m["p"] or ""
    base = base.rstrip()
    if base.startswith("\\"):
        base = base[1]  # dotless i/j take the accent as plain i/j
    mark = _ACCENTS[m["sym"] or m["word"]]
    return unicodedata.normalize("NFC", base + mark)


def _special(m: re.Match[str]) -> str:
    return _SPECIALS[m["a"] or m["b"]]


def to_unicode(text: str) -> str:
    """Replace TeX accent escapes with Unicode (NFC); everything else is unchanged."""
    if "\\" not in text:
        return text
    return _SPECIAL.sub(_special, _ACCENT.sub(_accent, text))
