"""Hugging Face Daily Papers (huggingface.co/api/daily_papers): JSON to RawPaper."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, date
from typing import Any, TypeVar
from urllib.parse import urlsplit

from generator import clock, ids, text
from generator.content.records import Links, RawPaper
from generator.content.sources import KINDS
from generator.content.validate import MAX_COUNT
from generator.errors import UpstreamError
from generator.ingest import http
from generator.ingest.arxiv_api import parse_timestamp

BASE_URL = KINDS["hf"].base_url
# GitHub owner and repository names: letters, digits, "-", "_" and ".".
_OWNER_REPO = re.compile(
    r"(?P<owner>[A-Za-z0-9][A-Za-z0-9-]*)/(?P<repo>[A-Za-z0-9_.-]+)"
)
_GITHUB_HOSTS = ("github.com", "www.github.com")
_log = logging.getLogger(__name__)
T = TypeVar("T")


class _Drift(Exception):
    """A field that is missing or of the wrong type; parse() names the item."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")


def parse(data: bytes) -> list[RawPaper]:
    """All papers of one /api/daily_papers answer, in the order Hugging Face gave."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # json.loads refuses a UTF-8 BOM
    head = data[:1024].lstrip()
    if head.startswith(b"<"):
        raise UpstreamError("Hugging Face answered with an HTML page, not JSON")
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UpstreamError(f"Hugging Face answered with invalid JSON: {exc}") from exc
    if isinstance(doc, dict) and isinstance(doc.get("error"), str):
        raise UpstreamError(f"Hugging Face answered with an error: {doc['error']}")
    if not isinstance(doc, list):
        kind = type(doc).__name__
        raise UpstreamError(f"Hugging Face answered with a JSON {kind}, not a list")
    papers = []
    for index, item in enumerate(doc):
        try:
            papers.append(_item(item, index))
        except _Drift as exc:
            # Skip nothing silently: a changed schema must be noticed, not half-read.
            raise UpstreamError(
                f"Hugging Face schema changed? item {index}: {exc}"
            ) from None
    return papers


def fetch_day(day: date, *, base_url: str = BASE_URL, agent: str = http.USER_AGENT) -> list[RawPaper]:
    """The papers Hugging Face listed on `day` (its daily list, not arXiv's date)."""
    url = base_url.rstrip("/") + "/api/daily_papers"
    data = http.fetch(url, params={"date": day.isoformat()}, expect="json", agent=agent)
    # `date` selects by submittedOnDailyAt; re-check so no other day's paper slips in.
    return [p for p in parse(data) if p.day is None or p.day == day]


def _item(item: Any, index: int) -> RawPaper:
    """One paper. Only the id and the title are required: a bad optional value (a count
    of -1, a date in year 1) is dropped with a warning, and the paper and its day stay."""
    if not isinstance(item, dict):
        raise _Drift("item", "is not an object")
    paper = item.get("paper")
    if not isinstance(paper, dict):
        raise _Drift("paper", "is missing or not an object")
    raw_id = _str(paper, "paper.id", required=True)
    parsed = ids.split_version(raw_id)
    if parsed is None:
        raise _Drift("paper.id", f"is no arXiv id: {raw_id!r}")
    paper_id, version = parsed  # bare in every sample; keep a version if one appears
    where = f"Hugging Face item {index} ({paper_id})"
    title = text.clean_line(_str(paper, "paper.title", required=True))
    if not title:
        raise _Drift("paper.title", "is empty")
    # 2024 answers have no top-level summary, and the two agree when both exist.
    summary = _optional(where, _str, paper, "paper.summary") or _optional(where, _str, item, "summary")
    ai_summary = text.clean_block(_optional(where, _str, paper, "paper.ai_summary") or "", text.MAX_NOTE)
    # A model named for no summary labels nothing: dropped with it.
    model = (text.clean_line(_optional(where, _str, paper, "paper.ai_summary_model") or "", text.MAX_NAME)
             if ai_summary else "")
    return RawPaper(
        id=paper_id,
        version=version,
        title=title,
        authors=_optional(where, _authors, paper, "paper.authors") or (),
        abstract=text.clean_block(summary or ""),
        published=_optional(where, _date, paper, "paper.publishedAt"),
        day=_optional(where, _date, paper, "paper.submittedOnDailyAt"),
        upvotes=_optional(where, _int, paper, "paper.upvotes"),
        stars=_optional(where, _int, paper, "paper.githubStars"),
        links=Links(
            arxiv=f"https://arxiv.org/abs/{paper_id}",
            pdf=f"https://arxiv.org/pdf/{paper_id}",
            code=_link(where, paper, "paper.githubRepo", github_url),
            project=_link(where, paper, "paper.projectPage", text.safe_url),
        ),
        source="hf",
        organization=(_optional(where, _organization, paper, "paper.organization")
                      or _optional(where, _organization, item, "organization") or ""),
        ai_summary=ai_summary,
        ai_summary_model=model,
        ai_keywords=_optional(where, _keywords, paper, "paper.ai_keywords") or (),
    )


def _optional(where: str, read: Callable[[dict[str, Any], str], T], obj: dict[str, Any], field: str) -> T | None:
    try:
        return read(obj, field)
    except _Drift as exc:
        _log.warning("%s: %s; dropped, the paper is kept", where, exc)
        return None


def _organization(obj: dict[str, Any], field: str) -> str:
    """The organization's display name (`fullname`, else its handle `name`)."""
    value = obj.get(field.rpartition(".")[2])
    if value is None:
        return ""
    if not isinstance(value, dict):
        raise _Drift(field, "is not an object")
    name = value.get("fullname") or value.get("name") or ""
    if not isinstance(name, str):
        raise _Drift(field + ".fullname", "is not a string")
    return text.clean_line(name, text.MAX_NAME)


def _keywords(obj: dict[str, Any], field: str) -> tuple[str, ...]:
    value = obj.get(field.rpartition(".")[2])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise _Drift(field, "is not a list of strings")
    cleaned = (text.clean_line(k, text.MAX_NAME) for k in value)
    return tuple(dict.fromkeys(k for k in cleaned if k))[: text.MAX_KEYWORDS]


def _str(obj: dict[str, Any], field: str, *, required: bool = False) -> str:
    value = obj.get(field.rpartition(".")[2])
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Drift(field, "is missing" if value is None else "is not a string")
    return value


def _int(obj: dict[str, Any], field: str) -> int | None:
    value = obj.get(field.rpartition(".")[2])
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Drift(field, f"is not an integer: {value!r}")
    if not 0 <= value <= MAX_COUNT:
        raise _Drift(field, f"is not a count from 0 to {MAX_COUNT}: {value!r}")
    return value


def _date(obj: dict[str, Any], field: str) -> date | None:
    raw = _str(obj, field)
    try:
        stamp = parse_timestamp(raw)
        day = stamp.astimezone(UTC).date() if stamp else None
    except (ValueError, OverflowError):  # year 1 with an offset leaves the calendar
        raise _Drift(field, f"is not an ISO timestamp: {raw!r}") from None
    wrong = clock.out_of_range(day) if day else None
    if wrong:
        raise _Drift(field, f"is out of range: {wrong}")
    return day


def _authors(obj: dict[str, Any], field: str) -> tuple[str, ...]:
    value = obj.get(field.rpartition(".")[2])
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Drift("paper.authors", "is not a list")
    names = []
    for author in value:
        if not isinstance(author, dict) or not isinstance(author.get("name"), str):
            raise _Drift("paper.authors", "holds an entry without a name")
        # hidden: true is Hugging Face's flag for an author entry it does not
        # display; a digest built from HF lists the authors HF shows, no more.
        if author.get("hidden") is True:
            continue
        name = text.clean_line(author["name"], text.MAX_NAME)
        if name:
            names.append(name)
    return tuple(names[: text.MAX_AUTHORS])


def _link(where: str, paper: dict[str, Any], field: str, check: Callable[[str], str | None]) -> str | None:
    """An optional link, or None, with a warning, when it is not one readers can trust (a
    script URL, a user name before the host...): the paper itself is kept."""
    value = _optional(where, _str, paper, field) or ""
    url = check(value) if value.strip() else None
    if url is None and value.strip():
        _log.warning("%s: %s dropped: not a plain http(s) link%s", where, field,
                     " (it names a user before the host)" if text.has_credentials(value) else "")
    return url


def github_url(value: str) -> str | None:
    """githubRepo as https://github.com/owner/repo, from a URL or "owner/repo".

    A safe link elsewhere (a GitLab URL, say) is kept as given: still the code.
    """
    value = value.strip()
    if not value:
        return None
    m = _OWNER_REPO.fullmatch(value.removesuffix("/"))
    if m is None:
        if value.lower().startswith(("github.com/", "www.github.com/")):  # no scheme
            value = "https://" + value
        url = text.safe_url(value)
        if url is None:
            return None
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in _GITHUB_HOSTS:
            return url
        m = _OWNER_REPO.match(parts.path.strip("/"))
        if m is None:
            return None  # a GitHub URL that names no repository (a profile, say)
    repo = m["repo"].removesuffix(".git")
    if repo in ("", ".", ".."):
        return None
    return f"https://github.com/{m['owner']}/{repo}"
