"""generator.ingest.texaccents: TeX accents, as arXiv writes names, to Unicode."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.ingest.texaccents import to_unicode

# Accent command -> combining mark, as TeX defines them.
MARKS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "H": "\u030b",
    "u": "\u0306",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
}
SPECIALS = {
    "l": "ł",
    "L": "Ł",
    "o": "ø",
    "O": "Ø",
    "ss": "ß",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
}
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("V\\'aclav Vavry\\v{c}uk", "Václav Vavryčuk"),  # arXiv RSS, 2024-11-28
        ("Przemys{\\l}aw Olbratowski", "Przemysław Olbratowski"),
        ("D\\'enes Berta", "Dénes Berta"),
        ('\\`a \\^o \\"u \\~n', "à ô ü ñ"),
        ("\\c{c} \\c c {\\c{c}}", "ç ç ç"),
        ("\\H{o} \\u{a} \\={a} \\.{z} \\k{a} \\r{u}", "ő ă ā ż ą ů"),
        ("{\\o} {\\ss} {\\aa} {\\AA} {\\ae} {\\oe}", "ø ß å Å æ œ"),
        ("\\o{} \\ss{}", "ø ß"),
        ("Gro\\ss e", "Große"),  # TeX swallows the space the control word ends with
        ("Pawe\\l Kowalski", "Paweł Kowalski"),  # ...but not before the next name
        ("\\'{\\i}\\\"\\i", "íï"),  # dotless i takes the accent as i
        ("{\\'E}mile", "Émile"),
        ("\\v C", "Č"),
        ("{\\'e", "{é"),  # an unclosed group keeps its brace
    ],
)
def test_examples(tex: str, expected: str) -> None:
    assert to_unicode(tex) == expected


@pytest.mark.parametrize(
    "tex",
    [
        "\\lambda",
        "\\url{x}",
        "\\cite{key}",
        "\\bf x",
        "$\\alpha_n$",
        "\\'{}",
        "\\c{}",
        "\\\\",
    ],
)
def test_other_tex_is_left_alone(tex: str) -> None:
    assert to_unicode(tex) == tex


@given(st.text(alphabet=st.characters(blacklist_characters="\\")))
def test_text_without_backslash_is_unchanged(s: str) -> None:
    assert to_unicode(s) == s


@given(st.text())
@example("\\'\\'\\'e")
@example("{\\v{\\i}}")
def test_never_longer_never_raises(s: str) -> None:
    assert len(to_unicode(s)) <= len(s)


def accented(letter: str, command: str) -> str | None:
    """The precomposed character, or None where Unicode has none."""
    composed = unicodedata.normalize("NFC", letter + MARKS[command])
    return composed if len(composed) == 1 else None


@st.composite
def tex_accent(draw: st.DrawFn) -> tuple[str, str]:
    """One accented letter written in one of TeX's ways, and what it should become."""
    command = draw(st.sampled_from(sorted(MARKS)))
    letter = draw(
        st.sampled_from(LETTERS).filter(lambda x: accented(x, command) is not None)
    )
    target = accented(letter, command)
    assert target is not None
    forms = [f"\\{command}{{{letter}}}", f"{{\\{command}{{{letter}}}}}"]
    if command.isalpha():
        forms.append(f"\\{command} {letter}")  # \c c: a space ends the control word
    else:
        forms += [f"\\{command}{letter}", f"{{\\{command}{letter}}}"]
    return draw(st.sampled_from(forms)), target


@given(tex_accent())
def test_every_written_form_of_an_accent(pair: tuple[str, str]) -> None:
    tex, target = pair
    assert to_unicode(tex) == target


@st.composite
def tex_name(draw: st.DrawFn) -> tuple[str, str]:
    """A name mixing plain letters, accents and special letters: (TeX, Unicode)."""
    tex, plain = [], []
    pieces = draw(st.lists(st.integers(0, 2), min_size=1, max_size=12))
    for kind in pieces:
        if kind == 0:
            word = draw(st.text(alphabet=LETTERS + " -", min_size=1, max_size=6))
            tex.append(word)
            plain.append(word)
        elif kind == 1:
            t, u = draw(tex_accent())
            tex.append(t)
            plain.append(u)
        else:
            name = draw(st.sampled_from(sorted(SPECIALS)))
            tex.append(draw(st.sampled_from([f"{{\\{name}}}", f"\\{name}{{}}"])))
            plain.append(SPECIALS[name])
    return "".join(tex), "".join(plain)


@given(tex_name())
def test_names_round_trip(pair: tuple[str, str]) -> None:
    tex, expected = pair
    out = to_unicode(tex)
    assert out == expected
    assert "\\" not in out
    assert unicodedata.is_normalized("NFC", out)


@given(tex_name())
def test_converting_twice_changes_nothing(pair: tuple[str, str]) -> None:
    once = to_unicode(pair[0])
    assert to_unicode(once) == once
