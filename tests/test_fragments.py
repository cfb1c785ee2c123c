"""A card's author list as the browser scripts read it back (digest.js authorNames, for
Follow and the COinS): the text split at ", ", no-break spaces made spaces again, gives
every name whole."""

from __future__ import annotations

from html import unescape

from hypothesis import assume, example, given
from hypothesis import strategies as st

from generator import text
from generator.render.fragments import author_names


def _read_back(names: list[str]) -> list[str]:
    """What the scripts do with the list's text (textContent: entities decoded)."""
    return [n.replace("\u00a0", " ") for n in unescape(", ".join(author_names(names))).split(", ")]


@given(st.lists(st.text(min_size=1), min_size=1, max_size=6))
@example(["Martin Luther King, Jr.", "Ada Lovelace"])
@example(["A, , B", "C,", "D & <E>"])
def test_every_name_comes_back_whole(raw: list[str]) -> None:
    names = [n for n in (text.clean_line(r) for r in raw) if n]  # as the content holds them
    assume(names)
    assert _read_back(names) == names


def test_a_names_own_comma_keeps_a_no_break_space() -> None:
    assert author_names(["King, Jr.", "A <b>"]) == ["King,\u00a0Jr.", "A &lt;b&gt;"]
