"""`python -m generator diff BASE`: what a change does to the digest, as Markdown.

The pull-request workflow writes this to the job summary: per day, the papers added,
removed, moved, retagged (topics, note, pick) or edited, between content/ at the merge
base of BASE and HEAD and content/ as it is in the working tree. Both sides are loaded
and validated by generator.content.load, so the comparison is between records, not YAML text.

Every title and other text from content/ is written as numeric character references for
all ASCII punctuation: the summary is rendered as Markdown with HTML, and a title must
never become a link, a mention, emphasis, a table or a tag there.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

from generator.content.load import load
from generator.content.records import Digest, Paper
from generator.errors import ContentError, DigestError

MAX_ENTRIES = 500  # a job summary holds at most 1 MiB; a real pull request is far smaller
# GitHub refuses a step summary over 1 MiB (1,048,576 bytes) and shows none of it: the
# whole summary stays under this, with room to say what was left out, whatever the change.
MAX_BYTES = 1_000_000
MAX_LINE = 4000  # characters of one line; a title escaped for Markdown is at most ~1,500
CURATED = ("topics", "note", "pick")
EDITABLE = ("title", "authors", "abstract", "published", "links", "upvotes", "stars", "source")


class GitError(DigestError):
    """BASE is not a commit git knows, or the content folder is not in a git work tree."""

    exit_code = 2


def md(text: str) -> str:
    """Text shown literally by GitHub's Markdown: ASCII punctuation as &#NN; references."""
    out = []
    for ch in " ".join(text.split()):
        out.append(f"&#{ord(ch)};" if ch.isascii() and not ch.isalnum() and ch != " " else ch)
    return "".join(out)


# -- reading content/ at another commit -----------------------------------------------


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise GitError(f"diff: cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"diff: git {args[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout


def resolve_base(content: Path, ref: str) -> tuple[str, str]:
    """(commit to compare with, how it was found): the merge base of ref and HEAD."""
    if not ref or ref.startswith("-"):
        raise GitError(f"diff: {ref!r} is not a git revision")
    cwd = content.resolve().parent
    try:
        commit = _git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"diff: {ref!r} is no commit in this repository "
                       "(in CI, check out with fetch-depth: 0 so the base is there)") from None
    try:
        base = _git(cwd, "merge-base", commit, "HEAD").decode().strip()
    except GitError:  # unrelated histories, or a shallow clone: compare with ref itself
        return commit, "no merge base with HEAD; compared with the revision itself"
    return base, "merge base with HEAD"


def checkout_content(content: Path, commit: str, dest: Path) -> Path:
    """Write content/ as it was at `commit` under dest; return that copy's content folder."""
    cwd = content.resolve().parent
    top = Path(_git(cwd, "rev-parse", "--show-toplevel").decode().strip())
    rel = PurePosixPath(content.resolve().relative_to(top.resolve()).as_posix())
    target = dest / "content"
    target.mkdir(parents=True)
    listed = _git(top, "ls-tree", "--name-only", commit, "--", str(rel))
    if not listed.strip():
        return target  # no content folder at that commit: every paper is new
    archive = _git(top, "archive", "--format=tar", commit, "--", str(rel))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            if not member.isfile() or ".." in name.parts or name.is_absolute():
                continue
            inner = name.relative_to(rel) if name.is_relative_to(rel) else None
            if inner is None:
                continue
            path = target.joinpath(*inner.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = tar.extractfile(member)
            if handle is not None:
                path.write_bytes(handle.read())
    return target


# -- comparing two digests ------------------------------------------------------------


@dataclass
class DayChanges:
    lines: list[str] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    retagged: int = 0
    edited: int = 0
    moved: int = 0


def _paper(p: Paper) -> str:
    return f"`{p.id}` {md(p.title)}"


def _curation(old: Paper, new: Paper) -> list[str]:
    parts = []
    if old.topics != new.topics:
        plus = [f"+{md(t)}" for t in new.topics if t not in old.topics]
        minus = [f"\u2212{md(t)}" for t in old.topics if t not in new.topics]
        parts.append("topics " + " ".join(plus + minus) if plus or minus else "topics reordered")
    if old.note != new.note:
        parts.append("note added" if not old.note else "note removed" if not new.note else "note changed")
    if old.pick != new.pick:
        parts.append("now an editor's pick" if new.pick else "no longer an editor's pick")
    return parts


def _edits(old: Paper, new: Paper) -> list[str]:
    return [name for name in EDITABLE if getattr(old, name) != getattr(new, name)]


def compare(base: Digest, head: Digest) -> dict[date, DayChanges]:
    # A paper `enrich` gave an arXiv id is the same paper, edited: compare it under its new id.
    renamed = {old: p.id for d in head.days for p in d.papers for old in p.former_ids}
    if renamed:
        base = replace(base, days=tuple(replace(d, papers=tuple(replace(p, id=renamed.get(p.id, p.id))
                                                                for p in d.papers)) for d in base.days))
    old_days = {d.date: d for d in base.days}
    new_days = {d.date: d for d in head.days}
    old_at = {p.id: (d.date, p) for d in base.days for p in d.papers}
    new_at = {p.id: (d.date, p) for d in head.days for p in d.papers}
    out: dict[date, DayChanges] = {}

    def day(when: date) -> DayChanges:
        return out.setdefault(when, DayChanges())

    for when in sorted(old_days.keys() | new_days.keys()):
        old, new = old_days.get(when), new_days.get(when)
        if old and new:
            if old.intro != new.intro:
                day(when).lines.append("day intro " + ("added" if not old.intro else
                                                       "removed" if not new.intro else "changed"))
            if old.upstream_empty != new.upstream_empty:
                day(when).lines.append("marked as nothing published upstream" if new.upstream_empty
                                       else "no longer marked as nothing published upstream")
            kept_old = [p.id for p in old.papers if p.id in {q.id for q in new.papers}]
            kept_new = [p.id for p in new.papers if p.id in set(kept_old)]
            if kept_old != kept_new:
                day(when).lines.append("papers reordered")
        elif new and not new.papers and new.upstream_empty:
            day(when).lines.append("new day, marked as nothing published upstream")
        elif old and not new:
            day(when).lines.append("day file deleted")
        for p in new.papers if new else ():
            if p.id not in old_at:
                day(when).lines.append(f"**added** {_paper(p)}")
                day(when).added += 1
                continue
            was, before = old_at[p.id]
            if was != when:
                day(when).lines.append(f"**moved** here from {was.isoformat()}: {_paper(p)}")
                day(when).moved += 1
            curated, edits = _curation(before, p), _edits(before, p)
            if curated:
                day(when).lines.append(f"**retagged** {_paper(p)}: " + "; ".join(curated))
                day(when).retagged += 1
            if edits:
                day(when).lines.append(f"**edited** {_paper(p)}: " + ", ".join(edits))
                day(when).edited += 1
        for p in old.papers if old else ():
            if p.id not in new_at:
                day(when).lines.append(f"**removed** {_paper(p)}")
                day(when).removed += 1
    return out


def summary(base: Digest, head: Digest, label: str) -> str:
    days = compare(base, head)
    total = DayChanges()
    for c in days.values():
        total.added += c.added
        total.removed += c.removed
        total.retagged += c.retagged
        total.edited += c.edited
        total.moved += c.moved
    lines = ["## Changes to the digest", "",
             f"Compared with {label}: {total.added} added, {total.removed} removed, "
             f"{total.retagged} retagged, {total.edited} edited, {total.moved} moved, "
             f"on {len(days)} day(s)."]
    shown = 0
    for when in sorted(days, reverse=True):
        if shown >= MAX_ENTRIES:
            break
        lines += ["", f"### {when.isoformat()} {when:%a}", ""]
        for line in days[when].lines[: MAX_ENTRIES - shown]:
            lines.append(f"- {line}")
            shown += 1
    hidden = sum(len(c.lines) for c in days.values()) - shown
    if hidden > 0:
        lines += ["", f"... and {hidden} more change(s) not shown."]
    listed = _lists(base, head)
    if not days and not listed:
        lines += ["", "No paper, day or topic changes."]
    lines += listed
    return "\n".join(_fit(lines)) + "\n"


def _cut(line: str) -> str:
    """A line of at most MAX_LINE characters, never cut inside a &#NN; reference."""
    if len(line) <= MAX_LINE:
        return line
    cut = line[:MAX_LINE]
    if cut.rfind("&") > cut.rfind(";"):
        cut = cut[: cut.rfind("&")]
    return cut + " … (line cut)"


def _fit(lines: list[str]) -> list[str]:
    """The summary's lines, each cut to MAX_LINE, all within MAX_BYTES: what does not fit
    is counted in a last line instead (the first three lines, the totals, always fit)."""
    out: list[str] = []
    size = 0
    room = MAX_BYTES - 300  # the closing note
    for n, line in enumerate(_cut(line) for line in lines):
        size += len(line.encode("utf-8")) + 1
        if size > room:
            rest = sum(1 for later in lines[n:] if later.startswith("- "))
            out += ["", f"... and {rest} more line(s) not shown: the summary stops at "
                        f"{MAX_BYTES:,} bytes (a job summary holds 1 MiB)."]
            break
        out.append(line)
    return out


def _lists(base: Digest, head: Digest) -> list[str]:
    lines: list[str] = []
    old_removed = {r.id for r in base.removed}
    new_removed = {r.id for r in head.removed}
    listed = sorted(new_removed - old_removed)
    unlisted = sorted(old_removed - new_removed)
    old_topics = {t.slug: t for t in base.topics}
    new_topics = {t.slug: t for t in head.topics}
    topic_parts = [f"added {md(s)}" for s in sorted(new_topics.keys() - old_topics.keys())]
    topic_parts += [f"removed {md(s)}" for s in sorted(old_topics.keys() - new_topics.keys())]
    topic_parts += [f"changed {md(s)}" for s in sorted(old_topics.keys() & new_topics.keys())
                    if old_topics[s] != new_topics[s]]
    if listed or unlisted or topic_parts:
        lines += ["", "### Lists", ""]
    if listed:
        lines.append(_some("- removed.yml now lists ", [f"`{i}`" for i in listed]))
    if unlisted:
        lines.append(_some("- removed.yml no longer lists ", [f"`{i}`" for i in unlisted]))
    if topic_parts:
        lines.append(_some("- topics.yml: ", topic_parts))
    return lines


def _some(head: str, items: list[str]) -> str:
    """`head` and the items, as many as fit in MAX_LINE beside an "and N more" that says
    how many did not: a line _cut would shorten would lose that count."""
    line = head + ", ".join(items)
    if len(line) <= MAX_LINE:
        return line
    room = MAX_LINE - len(f" and {len(items)} more")  # the longest count it could need
    line, shown = head, 0
    for item in items:
        longer = line + (", " if shown else "") + item
        if len(longer) > room:
            break
        line, shown = longer, shown + 1
    return f"{line} and {len(items) - shown} more"


def diff(content: Path, ref: str) -> str:
    """The Markdown summary of content/ now against content/ at the merge base of ref."""
    head = load(content)
    commit, how = resolve_base(content, ref)
    with tempfile.TemporaryDirectory(prefix="digest-base-") as tmp:
        base_content = checkout_content(content, commit, Path(tmp))
        try:
            base = load(base_content) if (base_content / "topics.yml").exists() else Digest((), ())
        except ContentError as exc:
            raise DigestError(f"diff: content/ at {commit[:12]} does not load:\n{exc}") from None
    return summary(base, head, f"`{commit[:12]}` ({how})")
