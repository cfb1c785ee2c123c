"""BibTeX entries that reference managers read correctly and LaTeX prints as written."""

from __future__ import annotations

import re
import unicodedata

from generator import ids, text
from generator.content.records import Paper

# Text is escaped so that LaTeX prints it and runs none of it: every character that means
# something to TeX or BibTeX becomes a command that prints it. Braces, even escaped ones,
# count for BibTeX's own brace matching, so a brace in the text is printed by a command
# (\textbraceleft) and the only braces in a field are the ones written here, balanced.
_TEXT = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
})

# The commands a $math$ segment of a title may hold to be kept as math: those LaTeX itself
# defines (no amsmath or amssymb: \\mathbb, \\text, \\dfrac and the like stop a document that
# does not load them), with how many arguments each takes. Anything else (a command that
# reads or writes files, defines macros, ends the document, or needs a package) turns the
# whole segment into printed text.
_ARGS = {"frac": 2, "stackrel": 2, "sqrt": 1, "mathrm": 1, "mathbf": 1, "mathit": 1, "mathsf": 1, "mathtt": 1,
         "mathcal": 1, "hat": 1, "tilde": 1, "bar": 1, "vec": 1, "dot": 1, "ddot": 1, "check": 1, "breve": 1,
         "widehat": 1, "widetilde": 1, "overline": 1, "underline": 1, "overbrace": 1, "underbrace": 1}
_DELIMITER_WORDS = frozenset("langle rangle lceil rceil lfloor rfloor vert Vert uparrow downarrow Uparrow "
                             "Downarrow".split())
_DELIMITERS = frozenset("()[]./|<>") | {"\\{", "\\}", "\\|"} | {"\\" + w for w in _DELIMITER_WORDS}  # as tokens
_SIZED = frozenset("left right big Big bigg Bigg".split())  # each takes a delimiter
MATH_COMMANDS = frozenset(_ARGS) | _SIZED | _DELIMITER_WORDS | frozenset("""
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    times cdot cdots ldots dots vdots ddots pm mp div ast star circ bullet oplus otimes odot
    le leq ge geq ll gg ne neq equiv approx sim simeq cong propto prec succ preceq succeq
    subset subseteq supset supseteq in notin ni cup cap setminus emptyset forall
    exists neg land lor wedge vee to rightarrow leftarrow leftrightarrow Rightarrow
    Leftarrow Leftrightarrow mapsto iff infty partial nabla ell hbar
    prime sum prod coprod int oint lim limsup liminf sup inf max min arg det dim
    ker deg exp log ln sin cos tan sinh cosh tanh arcsin arccos arctan bmod pmod gcd Pr
    quad qquad mid parallel perp angle top bot dagger surd
""".split())
_SPACING = frozenset(",;:! ")  # \, \; \: \! and a control space; with \{ \} \| the only control symbols kept
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.S)


class _Unbalanced(Exception):
    """A math segment TeX would stop on."""


def _safe_math(tex: str) -> bool:
    """Whether a $...$ segment can go into a BibTeX field as TeX that LaTeX typesets without
    stopping, in any document: known math commands only, nothing TeX reads specially outside
    math ('%' comment, '#' parameter, '^^' character codes, '&' alignment, '$' which would end
    the math early: split_math lets "$x$1$" be one segment), braces balanced (as BibTeX
    counts them too), each command given its arguments, \\left and \\right paired in one
    group, each with a delimiter, and no double superscript or subscript."""
    if any(c in tex for c in "%#&$") or "^^" in tex or tex.endswith("\\") or not tex.isascii():
        return False  # a non-ASCII character stops pdflatex in math: printed as text instead
    depth = 0  # BibTeX counts every brace, escaped ones (\\{ \\}) too: they must balance as well
    for ch in tex:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    if depth:
        return False
    tokens = [t for t in _TOKEN.findall(tex) if not t.isspace()]
    for t in tokens:
        if t.startswith("\\") and (t[1:] not in MATH_COMMANDS if t[1:].isalpha() else
                                    t[1] not in _SPACING and t not in _DELIMITERS):
            return False
    try:
        return _group(tokens, 0, inside=False) == len(tokens)
    except _Unbalanced:
        return False


def _group(tokens: list[str], i: int, *, inside: bool) -> int:
    """Where the group starting at `i` ends: the index of its closing brace (or the end)."""
    lefts = 0
    sup = sub = False  # the scripts the current atom has
    while i < len(tokens) and tokens[i] != "}":
        t = tokens[i]
        if t in ("^", "_", "'"):
            if t != "_" and sup or t == "_" and sub:
                raise _Unbalanced("double superscript or subscript")
            if t == "'":  # a prime is a superscript a following ^ joins (f'^2), a later one cannot
                i += 1
                continue
            sup, sub = sup or t == "^", sub or t == "_"
            i = _argument(tokens, i + 1)
            continue
        sup = sub = False
        word = t[1:]
        if t == "{":
            i = _closed(tokens, i)
        elif word in _SIZED:
            if word == "left":
                lefts += 1
            elif word == "right":
                lefts -= 1
                if lefts < 0:
                    raise _Unbalanced("\\right without \\left")
            if i + 1 >= len(tokens) or tokens[i + 1] not in _DELIMITERS:
                raise _Unbalanced("a sized delimiter without its delimiter")
            i += 2
        else:
            i += 1
            if word == "sqrt" and i < len(tokens) and tokens[i] == "[":
                if "]" not in tokens[i:]:
                    raise _Unbalanced("\\sqrt[ without ]")
                i = tokens.index("]", i) + 1
            for _ in range(_ARGS.get(word, 0)):
                i = _argument(tokens, i)
    if lefts or (i < len(tokens)) != inside:
        raise _Unbalanced("unpaired \\left, or a brace that does not balance")
    return i


def _closed(tokens: list[str], i: int) -> int:
    """Past the group that opens at `i`."""
    end = _group(tokens, i + 1, inside=True)
    return end + 1


def _argument(tokens: list[str], i: int) -> int:
    """Past one argument at `i`: a group, or one token that needs no argument of its own."""
    if i >= len(tokens) or tokens[i] in ("}", "^", "_", "'"):
        raise _Unbalanced("a missing argument")
    if tokens[i] == "{":
        return _closed(tokens, i)
    if tokens[i][1:] in _ARGS or tokens[i][1:] in _SIZED:
        raise _Unbalanced("a command with arguments as an argument: brace it")
    return i + 1


# pdflatex stops on a character its UTF-8 input and default fonts do not define ("Unicode
# character α not set up for use with LaTeX"): found by compiling each of U+00A0-U+017F,
# U+2010-U+2026, € and ™ alone (TeX Live 2022); the rest of those prints. These are written
# as the nearest letters, Greek and common symbols as LaTeX's own math commands, and any
# other character as '?': every entry compiles, whatever its title or names hold.
_NOT_IN_LATEX = frozenset(chr(int(c, 16)) for c in """
    00AB 00BB 00D0 00DE 00F0 00FE 0104 0105 0110 0111 0118 0119 0126 0127 012E 012F 0138 013F 0140 0149
    014A 014B 0166 0167 0172 0173 017F 2017 201A 201B 201E 201F 2023 2024 2025""".split())
_NEAREST = {"«": '"', "»": '"', "Ð": "D", "Þ": "Th", "ð": "d", "þ": "th", "Đ": "D", "đ": "d", "Ħ": "H",
            "ħ": "h", "ĸ": "q", "Ŀ": "L", "ŀ": "l", "ŉ": "'n", "Ŋ": "N", "ŋ": "n", "Ŧ": "T", "ŧ": "t", "ſ": "s",
            "‗": "\\_", "‚": ",", "‛": "'", "„": ",,", "‟": "\"", "‣": "-", "․": ".", "‥": "..", "−": "-"}
_SYMBOLS = {"→": "rightarrow", "←": "leftarrow", "↔": "leftrightarrow", "⇒": "Rightarrow", "⇐": "Leftarrow",
            "⇔": "Leftrightarrow", "↦": "mapsto", "≤": "leq", "≥": "geq", "≠": "neq", "≈": "approx",
            "≡": "equiv", "∼": "sim", "≃": "simeq", "∝": "propto", "∞": "infty", "∈": "in", "∉": "notin",
            "∑": "sum", "∏": "prod", "∫": "int", "∂": "partial", "∇": "nabla", "√": "surd", "⊗": "otimes",
            "⊕": "oplus", "∘": "circ", "∀": "forall", "∃": "exists", "∪": "cup", "∩": "cap", "⊂": "subset",
            "⊆": "subseteq", "ℓ": "ell", "ℏ": "hbar", "⋅": "cdot", "∗": "ast", "⟨": "langle", "⟩": "rangle"}
_GREEK_AS_LATIN = {"Alpha": "A", "Beta": "B", "Epsilon": "E", "Zeta": "Z", "Eta": "H", "Iota": "I", "Kappa": "K",
                   "Mu": "M", "Nu": "N", "Omicron": "O", "Rho": "P", "Tau": "T", "Chi": "X", "omicron": "o",
                   "final sigma": "varsigma"}


def _prints(ch: str) -> bool:
    code = ord(ch)
    return code < 0x7F or (0xA0 <= code <= 0x17F or 0x2010 <= code <= 0x2026 or ch in "€™") and ch not in _NOT_IN_LATEX


def _latex_char(ch: str) -> str:
    """A character pdflatex would stop on, as the nearest thing it prints."""
    if ch in _NEAREST:
        return _NEAREST[ch]
    if ch in _SYMBOLS:
        return f"\\ensuremath{{\\{_SYMBOLS[ch]}}}"
    name = unicodedata.name(ch, "")
    if name.startswith("GREEK ") and " LETTER " in name and unicodedata.decomposition(ch) == "":
        letter = name.split(" LETTER ", 1)[1].lower()
        letter = letter.capitalize() if "CAPITAL" in name else letter
        if letter == "Lamda" or letter == "lamda":  # Unicode's spelling
            letter = letter[:3] + "bda"
        letter = _GREEK_AS_LATIN.get(letter, letter)
        return letter if len(letter) == 1 else f"\\ensuremath{{\\{letter}}}"
    # Accented, full-width, ligature and other compatibility forms: their letters, marks dropped.
    plain = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if plain and plain != ch:  # decomposed already: no further round
        return "".join(c if _prints(c) else _latex_char(c) for c in plain)
    return "?"


def _text(value: str) -> str:
    escaped = value.translate(_TEXT)
    if escaped.isascii():
        return escaped
    return "".join(c if _prints(c) else _latex_char(c) for c in escaped)


def _field(value: str) -> str:
    """A title: text escaped for LaTeX, $math$ kept as TeX when it is plain math."""
    out = []
    for kind, segment in text.split_math(value):
        if kind == "math" and _safe_math(segment):
            out.append(f"${segment}$")
        elif kind == "math":
            out.append(_text(f"${segment}$"))
        else:
            out.append(_text(segment))
    return "".join(out)


# BibTeX splits an author list on the word "and", reads "Last, First" at a comma and takes
# a lone "others" for "et al.": a name holding any of these is one braced unit.
_NAME_SYNTAX = re.compile(r",|(?:^|\s)(?:and|others)(?:\s|$)", re.IGNORECASE)


def _name(value: str) -> str:
    escaped = _text(value)
    return "{" + escaped + "}" if _NAME_SYNTAX.search(value) else escaped


def key(paper: Paper) -> str:
    """The first author's last name, the year and the title's first long word, as reference
    managers make them, then the paper's id. Without the id, papers with no authors (listing
    captures) or with the same first author, year and first word share a key, and BibTeX
    and biber refuse a file that holds both; with it, every key is unique and the same in
    every file that lists the paper (its page, a day's or topic's papers.bib, a reading list)."""
    first = paper.authors[0].split()[-1] if paper.authors else "anon"
    first = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    first = re.sub(r"[^a-z]", "", first) or "anon"
    year = paper.published.year if paper.published else ""
    word = next((w.lower() for w in re.findall(r"[A-Za-z]{4,}", paper.title)), "paper")
    # Word characters only: the key is one token to every BibTeX tool (and to \cite).
    return f"{first}{year}{word}_{re.sub(r'[^A-Za-z0-9]', '_', paper.id)}"


# The month macros every BibTeX style defines (plain.bst prints `nov` as "November") and
# biber reads as the month's number; a braced {nov} is printed as "nov" and biber warns
# that it is not an integer.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def entry(paper: Paper) -> str:
    fields: list[tuple[str, str]] = [("title", "{{" + _field(paper.title) + "}}")]
    if paper.authors:
        fields.append(("author", "{" + " and ".join(_name(a) for a in paper.authors) + "}"))
    if paper.published:
        fields.append(("year", f"{{{paper.published.year}}}"))
        fields.append(("month", _MONTHS[paper.published.month - 1]))  # a macro: no braces
    arxiv = ids.split_version(paper.id)
    if arxiv:
        fields += [("eprint", f"{{{arxiv[0]}}}"), ("archivePrefix", "{arXiv}")]
    url = paper.links.arxiv or paper.links.project or paper.links.code
    if url:
        fields.append(("url", f"{{{url}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key(paper)},\n{body}\n}}"
