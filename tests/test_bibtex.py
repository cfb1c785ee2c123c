"""BibTeX that LaTeX reads as intended: a real BibTeX parser (pybtex) finds the fields and
authors we wrote, and a reading of each field the way TeX reads it prints the text as
written and runs no command of the content's own.

The attacker's path: titles and names in a pull request's day file, through `build`, to the
entry on the paper page that readers paste into their papers.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list
from pybtex.database import parse_string

from generator import text
from generator.content.records import Links, Paper
from generator.render import bibtex

# What our escapes print, as TeX reads them.
PRINTS = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~",
          "textasciicircum": "^", "textless": "<", "textgreater": ">", "textbar": "|"}
SYMBOLS = "$&%#_"  # \$ \& \% \# \_ print the character


def tex_reads(value: str) -> str:
    """The text LaTeX prints for a field value, $math$ kept as written; fails on anything
    that would not print as text: a comment, a line break, an unknown command, a special
    character TeX acts on, unbalanced braces."""
    out: list[str] = []
    depth = i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            m = re.compile(r"\\(?:([A-Za-z]+)|(.))").match(value, i)
            assert m is not None, f"a lone backslash ends {value!r}"
            word, symbol = m.groups()
            if word is not None:
                assert word in PRINTS, f"\\{word} reaches LaTeX as a command in {value!r}"
                out.append(PRINTS[word])
                i = m.end()
                # TeX swallows spaces after a control word: the escape must end in {}.
                assert value.startswith("{}", i), f"\\{word} without {{}} in {value!r}"
                i += 2
                continue
            assert symbol in SYMBOLS, f"\\{symbol} is not a printed character in {value!r}"
            out.append(symbol)
            i = m.end()
            continue
        if ch == "$":
            end = value.index("$", i + 1)  # math kept as TeX holds no unescaped '$'
            while value[end - 1] == "\\":
                end = value.index("$", end + 1)
            tex = value[i + 1:end]
            assert bibtex._safe_math(tex), f"unsafe math {tex!r} in {value!r}"
            out.append(f"${tex}$")
            i = end + 1
            continue
        assert ch not in "%#&~^_", f"a raw {ch!r} in {value!r}: TeX acts on it"
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            assert depth >= 0, f"unbalanced braces in {value!r}"
        else:
            out.append(ch)
        i += 1
    assert depth == 0, f"unbalanced braces in {value!r}"
    return "".join(out)


def expected_title(title: str) -> str:
    """The title as a reader sees it: math between single dollars."""
    return "".join(f"${s}$" if kind == "math" else s for kind, s in text.split_math(title))


def paper(title: str, authors: tuple[str, ...] = ("Ada Lovelace",), url: str | None = None) -> Paper:
    return Paper(id="2601.00001", title=title, authors=authors, abstract="", published=date(2026, 1, 2),
                 links=Links(arxiv=url or "https://arxiv.org/abs/2601.00001"))


def parsed(entry: str) -> tuple[str, list[str], int]:
    """(title, names, number of people) as pybtex, a BibTeX-compatible parser, reads them;
    the names split the way BibTeX splits an author list."""
    data = parse_string(entry, "bibtex")
    (item,) = data.entries.values()
    raw = re.search(r"^  author = \{(.*)\},?$", entry, re.M)
    names = split_name_list(raw.group(1)) if raw else []
    return item.fields["title"], names, len(item.persons.get("author", []))


HOSTILE_TITLES = [
    "Sampling 50\\% of tokens",  # \% in a title: once \\% and a comment to the end of the line
    "\\input{/etc/passwd} and \\write18{rm -rf ~}",
    "Closing }} early {and opening",
    "Costs $5 & 10% off #1 ~ ^ _ @ < > |",
    "An @misc{evil, title={x}} inside",
    "Math $A_n$ and $\\frac{1}{2}$ kept, $\\input{x}$ and $a%b$ and $^^5cinput$ not",
    "Ends with a backslash \\",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_round_trip_through_a_bibtex_parser(title: str) -> None:
    clean = text.clean_line(title)
    got, _, _ = parsed(bibtex.entry(paper(clean)))
    assert tex_reads(got) == expected_title(clean)


def test_safe_math_stays_math_and_commands_never_do() -> None:
    got, _, _ = parsed(bibtex.entry(paper(text.clean_line(HOSTILE_TITLES[5]))))
    assert "$A_n$" in got and "$\\frac{1}{2}$" in got
    assert "\\input" not in got.replace("\\textbackslash{}input", "")
    assert "\\textbackslash{}input\\textbraceleft{}x\\textbraceright{}" in got


@pytest.mark.parametrize(("authors", "people"), [
    (("Alice and Bob", "Carol"), 2),
    (("Smith, J.", "Others"), 2),
    (("others",), 1),
    (("Ada {Lovelace", "}Charles Babbage"), 2),
    (("Andrea Andersen", "Sandor Brandon"), 2),
])
def test_every_author_stays_one_person(authors: tuple[str, ...], people: int) -> None:
    _, names, count = parsed(bibtex.entry(paper("T", authors)))
    assert count == people == len(authors)
    assert [tex_reads(n) for n in names] == list(authors)


_TEXT = st.lists(st.sampled_from([*"ab \\{}$%&#_~^@<>|\"'.,-1é", "A_n", "\\frac{1}{2}", "\\input", " and ",
                                   "$x$", "^^5c"]), max_size=30)


@settings(max_examples=400, deadline=None)
@given(title=_TEXT.map("".join), name=_TEXT.map("".join))
@example(title="\\%", name="a and b")
@example(title="$x$ \\", name="{")
@example(title="$x$1$x$", name="")
def test_any_title_and_name_round_trip(title: str, name: str) -> None:
    clean = text.clean_line(title) or "x"
    name = text.clean_line(name, text.MAX_NAME) or "n"
    entry = bibtex.entry(paper(clean, (name, "Second Author")))
    got, names, count = parsed(entry)
    assert tex_reads(got) == expected_title(clean)
    assert count == len(names) == 2
    assert tex_reads(names[0]) == name


def test_the_bibtex_of_a_pull_request_s_titles_reads_as_written(tmp_path_factory: pytest.TempPathFactory) -> None:
    from hostile_sites import cli, make_project, write_yaml

    project = make_project(tmp_path_factory.mktemp("bibtex"))
    papers = [{"id": f"2601.{30000 + n}", "title": title, "authors": ["Alice and Bob", "Smith, J."],
               "published": "2026-01-04", "source": "manual"} for n, title in enumerate(HOSTILE_TITLES)]
    write_yaml(project / "content/days/2026-01-05.yml", {"date": "2026-01-05", "papers": papers})
    code, _, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(project / "site"))
    assert code == 0, err
    for n, title in enumerate(HOSTILE_TITLES):
        page = Path(project / "site" / "papers" / f"2601.{30000 + n}" / "index.html").read_text(encoding="utf-8")
        m = re.search(r'<pre class="pd-bibtex"><code>(.*?)</code></pre>', page, re.S)
        assert m is not None
        got, _, count = parsed(html.unescape(m.group(1)))
        assert tex_reads(got) == expected_title(text.clean_line(title))
        assert count == 2
