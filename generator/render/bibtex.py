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

# The commands a $math$ segment of a title may hold to be kept as math; anything else (a
# command that reads or writes files, defines macros, or ends the document) turns the
# whole segment into printed text. The sample content's titles and abstracts use a subset.
MATH_COMMANDS = frozenset("""
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
    Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    frac dfrac tfrac sqrt binom left right big Big bigg Bigg langle rangle lceil rceil lfloor
    rfloor mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak boldsymbol text textrm
    textit textbf operatorname hat tilde bar vec dot ddot check breve widehat widetilde
    overline underline overbrace underbrace overset underset stackrel
    times cdot cdots ldots dots vdots ddots pm mp div ast star circ bullet oplus otimes odot
    le leq ge geq ll gg ne neq equiv approx sim simeq cong propto prec succ preceq succeq
    subset subseteq supset supseteq in notin ni cup cap setminus emptyset varnothing forall
    exists nexists neg land lor wedge vee to rightarrow leftarrow leftrightarrow Rightarrow
    Leftarrow Leftrightarrow mapsto implies iff uparrow downarrow infty partial nabla ell hbar
    prime degree sum prod coprod int iint oint lim limsup liminf sup inf max min arg det dim
    ker deg exp log ln sin cos tan sinh cosh tanh arcsin arccos arctan mod bmod pmod gcd Pr
    quad qquad mid parallel perp angle top bot dagger ast vert Vert lvert rvert lVert rVert
""".split())
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")


def _safe_math(tex: str) -> bool:
    """Whether a $...$ segment can go into a BibTeX field as TeX: known math commands only,
    nothing TeX reads specially outside math ('%' comment, '#' parameter, '^^' character
    codes, '&' alignment, '$' which would end the math early: split_math lets "$x$1$"
    be one segment), and braces balanced in the way BibTeX counts them."""
    if any(c in tex for c in "%#&$") or "^^" in tex:
        return False
    if any(word not in MATH_COMMANDS for word in _CONTROL_WORD.findall(tex)):
        return False
    depth = 0
    for ch in tex:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0 and not tex.endswith("\\")


def _text(value: str) -> str:
    return value.translate(_TEXT)


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


def entry(paper: Paper) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + _field(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_name(a) for a in paper.authors)))
    if paper.published:
        fields.append(("year", str(paper.published.year)))
        fields.append(("month", paper.published.strftime("%b").lower()))
    arxiv = ids.split_version(paper.id)
    if arxiv:
        fields += [("eprint", arxiv[0]), ("archivePrefix", "arXiv")]
    url = paper.links.arxiv or paper.links.project or paper.links.code
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key(paper)},\n{body}\n}}"
