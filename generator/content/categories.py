"""arXiv's category taxonomy, bundled (data/arxiv_categories.txt), for the one check of a
category list: sources.yml's `category`, `ingest arxiv-rss --category` and `init`'s presets.

A list is categories joined by "+" (cs.RO+cs.AI); each must be an archive (cs, astro-ph) or a
subject class (cs.RO, math.AP) arXiv has. A wrong one gets the closest real ones as a hint,
matched on the id and on the class's name within its archive: cs.Robotics -> cs.RO."""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

DATA = Path(__file__).parent / "data" / "arxiv_categories.txt"
# The shape of a list, checked first (written to mean the same in ECMA-262 and Python for the
# JSON Schema: no \d, no lookarounds).
CATEGORY = re.compile(r"[A-Za-z][A-Za-z.-]*(?:\+[A-Za-z][A-Za-z.-]*)*")
CATEGORY_HINT = "e.g. 'cs.LG', or 'cs.LG+stat.ML' for several"
TAXONOMY_HINT = "see https://arxiv.org/category_taxonomy"


@functools.cache
def taxonomy() -> dict[str, str]:
    """id -> name, every archive and subject class."""
    out: dict[str, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, name = line.split("\t")
            out[key] = name
    return out


def category_problem(category: str) -> tuple[str, str] | None:
    """What is wrong with a category list, and a hint, or None when arXiv has every part."""
    if not CATEGORY.fullmatch(category):
        return f"not an arXiv category list: {category!r}", CATEGORY_HINT
    known = taxonomy()
    for part in category.split("+"):
        if part not in known:
            close = closest(part)
            return f"unknown arXiv category {part!r}", "closest: " + ", ".join(close) if close else TAXONOMY_HINT
    return None


def closest(word: str) -> list[str]:
    """Up to three real categories `word` may have meant: by case (cs.ro) or by the class's
    name in its archive (cs.Robotics), else by spelling (cs.LGG, astroph)."""
    known = taxonomy()
    archive, _, rest = word.partition(".")
    folded = {k.casefold(): k for k in known}
    found = [folded[word.casefold()]] if word.casefold() in folded else []
    if rest:
        names = {name.casefold(): k for k, name in known.items() if k.startswith(archive.casefold() + ".")}
        found += [names[n] for n in difflib.get_close_matches(rest.casefold(), list(names), n=3, cutoff=0.6)]
    if not found:
        found = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    return list(dict.fromkeys(found))[:3]
