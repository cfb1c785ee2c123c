"""BibTeX entries that reference managers read correctly."""

from __future__ import annotations

import re
import unicodedata

from generator import ids
from generator.content.records import Paper

# Characters that mean something to BibTeX/LaTeX outside math; braces are balanced below.
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}


_TABLE = str.maketrans(_SPECIAL)


def _field(value: str) -> str:
    """$math$ stays as written; escape what breaks a field and balance braces."""
    value = value.translate(_TABLE)
    if "{" not in value and "}" not in value:
        return value
    out = []
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + "}" * depth


def key(paper: Paper) -> str:
    first = paper.authors[0].split()[-1] if paper.authors else "anon"
    first = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    first = re.sub(r"[^a-z]", "", first) or "anon"
    year = paper.published.year if paper.published else ""
    word = next((w.lower() for w in re.findall(r"[A-Za-z]{4,}", paper.title)), "paper")
    return f"{first}{year}{word}"


def entry(paper: Paper) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + _field(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_field(a) for a in paper.authors)))
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
