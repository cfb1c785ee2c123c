"""A plain-text capture of a Hugging Face papers listing page: titles and abstracts.

The capture has page chrome on top, then for each paper a title paragraph and an
abstract paragraph, separated by blank lines. It carries no ids, authors or dates.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from urllib.parse import urlsplit

from generator import ids
from generator import text as clean
from generator.content.records import Links, RawPaper
from generator.errors import UpstreamError

# Page chrome of huggingface.co/papers, compared case- and space-insensitively.
CHROME = frozenset(
    s.casefold()
    for s in (
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "by AK and the research community",
    )
)
# The page's date line, "Aug 8" (no year), tolerating "August 8" and "Aug 8, 2025".
_DATE_LINE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
)
_GITHUB_HOSTS = ("github.com", "www.github.com")
_log = logging.getLogger(__name__)


def parse(text: str, day: date) -> list[RawPaper]:
    """The papers of a listing capture, in page order, all assigned to `day`.

    The capture's own date line has no year and the page mixes in older papers,
    so the caller says which digest day the records belong to.
    """
    paragraphs = _paragraphs(text)
    body = _skip_chrome(paragraphs)
    papers = []
    for i in range(0, len(body) - 1, 2):
        (line, title), (_, abstract) = body[i], body[i + 1]
        if len(title) > clean.MAX_TITLE:
            # A long "title" is an abstract: a title or an abstract went missing.
            raise UpstreamError(
                f"listing line {line}: expected a title, found "
                f"{len(title)} characters; is a title or abstract missing before it?"
            )
        papers.append(_paper(title, abstract, day))
    if len(body) % 2:
        line = body[-1][0]
        raise UpstreamError(
            f"listing line {line}: odd number of paragraphs after the header "
            f"({len(body)}); this title has no abstract"
        )
    return papers


def _paragraphs(capture: str) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs with the 1-based line each starts on."""
    lines = capture.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[int, str]] = []
    start, buf = 0, list[str]()
    for number, line in enumerate(lines.split("\n"), start=1):
        if line.strip():
            if not buf:
                start = number
            buf.append(line)
        elif buf:
            out.append((start, "\n".join(buf)))
            buf = []
    if buf:  # the capture ends without a newline
        out.append((start, "\n".join(buf)))
    return out


def _skip_chrome(paragraphs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the leading page chrome; the first other paragraph is a title."""
    for i, (_, para) in enumerate(paragraphs):
        line = " ".join(para.split())
        if line.casefold() not in CHROME and not _DATE_LINE.fullmatch(line):
            return paragraphs[i:]
    return []


def _paper(title_raw: str, abstract_raw: str, day: date) -> RawPaper:
    title = clean.clean_line(title_raw)
    abstract = clean.clean_block(abstract_raw)
    code = next(
        (
            u
            for u in clean.find_urls(abstract)
            if (urlsplit(u).hostname or "").lower() in _GITHUB_HOSTS
        ),
        None,
    )
    return RawPaper(
        id=ids.title_id(title),
        title=title,
        authors=(),
        abstract=abstract,
        published=None,
        day=day,
        links=Links(code=code),
        source="listing",
    )


def distinct_ids(raws: Iterable[RawPaper], known: dict[str, str]) -> list[RawPaper]:
    """Title-derived ids that never merge two papers.

    `known` maps the title ids already in content/ to their papers' abstracts. A paper
    whose title id is taken (in content/ or earlier in this capture) by one with another
    abstract is another paper whose title casefolds alike: it gets an id from its title
    and abstract, and a warning says so. The first keeps the plain id, so published ids
    never change."""
    taken = dict(known)
    out = []
    for raw in raws:
        first = taken.get(raw.id)
        if first is not None and _key(first) and _key(raw.abstract) and _key(first) != _key(raw.abstract):
            own = ids.title_id(raw.title, raw.abstract)
            _log.warning("listing: %r has the id %s of another paper whose title reads alike but whose "
                         "abstract differs: filed as %s (remove one if they are the same paper)",
                         raw.title, raw.id, own)
            raw = replace(raw, id=own)
        taken.setdefault(raw.id, raw.abstract)
        out.append(raw)
    return out


def _key(abstract: str) -> str:
    return " ".join(abstract.casefold().split())
