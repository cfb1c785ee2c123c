"""Paper ids: arXiv ids (new and old style), versions, and ids derived from titles."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

# New style: YYMM.NNNN (2007-2014) or YYMM.NNNNN (2015 on).
# re.ASCII: \d must not match other scripts' digits ("\u0662\u0664\u0660\u0661.\u0660...").
NEW_STYLE = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<v>\d+))?", re.ASCII)
# Old style: archive[.SUBJECT]/YYMMNNN, e.g. hep-th/9901001, math.CO/0112567.
OLD_STYLE = re.compile(r"(?P<id>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?", re.ASCII)
# Papers without an arXiv id: "t-" and 12 hex digits of the normalised title's hash.
TITLE_ID = re.compile(r"t-[0-9a-f]{12}")
# Device names Windows reserves in every folder, with or without an extension ("nul",
# "aux.CO-0101001"): a page or folder so named cannot be checked out or served there.
_DEVICE_NAME = re.compile(r"(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?", re.IGNORECASE | re.DOTALL)


def is_reserved_name(name: str) -> bool:
    """True for a file or folder name some systems keep for themselves."""
    return _DEVICE_NAME.fullmatch(name) is not None


def split_version(raw: str) -> tuple[str, int | None] | None:
    """'2401.00001v2' -> ('2401.00001', 2); None when it is no arXiv id at all."""
    raw = raw.strip()
    for pattern in (NEW_STYLE, OLD_STYLE):
        m = pattern.fullmatch(raw)
        if m:
            return m["id"], int(m["v"]) if m["v"] else None
    return None


def from_url(url: str) -> tuple[str, int | None] | None:
    """The arXiv id in an abs/pdf URL or an oai: guid."""
    m = re.search(r"(?:arxiv\.org/(?:abs|pdf)/|oai:arXiv\.org:)(.+?)(?:\.pdf)?$", url.strip())
    return split_version(m.group(1)) if m else None


def title_id(title: str, abstract: str | None = None) -> str:
    """The id of a paper without an arXiv id, from its title, case and spacing aside.

    Titles that casefold alike ("Straße", "STRASSE"; "ﬁne", "fine") share this id: a
    second paper with such a title and another abstract passes the abstract too, for an
    id of its own (ingest/listing.py decides), and the ids already published stay."""
    norm = " ".join(title.casefold().split())
    if abstract is not None:
        norm += "\n" + " ".join(abstract.casefold().split())
    return "t-" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12]


def is_valid(paper_id: str) -> bool:
    if TITLE_ID.fullmatch(paper_id):
        return True
    parsed = split_version(paper_id)
    # split_version forgives surrounding whitespace; an id in content/ must be exact.
    return parsed == (paper_id, None)


@lru_cache(maxsize=200_000)
def slug(paper_id: str) -> str:
    """URL segment of /papers/<slug>/: old-style ids lose their slash."""
    return paper_id.replace("/", "-")


@lru_cache(maxsize=200_000)
def anchor(paper_id: str) -> str:
    """HTML id of a paper's card on its day page."""
    return "p-" + slug(paper_id).replace(".", "-")
