"""Load and validate all of content/ before anything is written."""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from generator.content import validate
from generator.content.follows import follows_records
from generator.content.records import Day, Digest, Paper, Removed, Topic
from generator.content.status import status_records
from generator.content.topics import TopicMatcher
from generator.content.validate import Checker, suggest
from generator.content.yamlsafe import MAX_BYTES, TOO_LARGE, Value, YamlError, parse
from generator.errors import ContentError, Problem

DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.yml")
MAX_HINTS = 50  # "closest: ..." hints for unknown topics, per load
# A day file's bytes: yamlsafe's cap on every file. A busy real day (300 papers at ~2.5 KB
# with Hugging Face's fields) is under 1 MB; 5 MB holds validate.MAX_PAPERS_A_DAY of them.
DAY_TOO_LARGE_HINT = (f"a day file holds at most {validate.MAX_PAPERS_A_DAY:,} papers and "
                      f"{MAX_BYTES // 1_000_000} MB; a busy day is under 1 MB")
LINK_HINT = "content/ is read from the repository itself: commit the folder and its files, not a link"


def _read_regular(path: Path, too_large_hint: str = "") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, judged before reading: a symlink
    to /dev/zero, a FIFO or a huge file is refused, not read (or waited on) in full."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Refused("a symbolic link", "content files are regular files: commit the file itself") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not a regular file", "content files are regular files")
        raise _Refused(f"{TOO_LARGE}: {info.st_size:,} bytes", too_large_hint)
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_BYTES + 1)  # the size may change after the check
    if len(data) > MAX_BYTES:
        raise _Refused(TOO_LARGE, too_large_hint)
    return data


class _Refused(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def read_yaml(path: Path, shown: str, problems: list[Problem], too_large_hint: str = "") -> Value | None:
    try:
        data = _read_regular(path, too_large_hint)
        text = data.decode("utf-8")
    except _Refused as exc:
        problems.append(Problem(shown, 1, "", exc.message, exc.hint))
        return None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(shown, line, "", "file is not valid UTF-8", "save it as UTF-8"))
        return None
    except OSError as exc:
        problems.append(Problem(shown, 1, "", f"cannot read file: {exc.strerror}"))
        return None
    try:
        return parse(text)
    except YamlError as exc:
        problems.append(Problem(shown, exc.line, "", exc.message, exc.hint))
        return None


def load(content: Path, *, newest_days: int | None = None) -> Digest:
    """Every file in content/, validated together; raises ContentError listing every problem.

    `newest_days` loads only that many of the newest day files: the quick preview of
    `mkdocs serve` on a large archive (CI and `build` always load everything)."""
    # The records hold no cycles, and the collector's passes over a heap growing by some
    # hundred thousand objects cost about an eighth of loading 25,000 papers.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(content, newest_days)
    finally:
        if collecting:
            gc.enable()


def _load(content: Path, newest_days: int | None) -> Digest:
    base = Path(os.path.abspath(content)).parent
    problems: list[Problem] = []

    def shown(path: Path) -> str:
        # The name as written under content/, never where a symbolic link points (that is
        # what is refused): ".." folded without resolving any link.
        return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")

    # A linked folder inside content/ would have files from anywhere read as content and
    # their names printed: content/days/ must be a real folder (a linked file is refused on
    # opening). content/ itself is the folder the command was pointed at, link or not.
    if (content / "days").is_symlink():
        raise ContentError([Problem(shown(content / "days"), 1, "", "a symbolic link", LINK_HINT)])
    topics = _load_topics(content / "topics.yml", shown, problems)
    removed = _records(content / "removed.yml", shown, problems, removed_records)
    status = _records(content / "status.yml", shown, problems, status_records)
    follows = _records(content / "follows.yml", shown, problems, follows_records)
    days: list[Day] = []
    rules = IdRules(r.id for r in removed)
    known = {t.slug for t in topics}
    day_dir = content / "days"
    day_paths = sorted(day_dir.glob("*")) if day_dir.is_dir() else []
    if newest_days:
        day_paths = [p for p in day_paths if DAY_FILE.fullmatch(p.name)][-newest_days:]
    files = []
    for path in day_paths:
        if DAY_FILE.fullmatch(path.name):
            files.append((path, shown(path)))
        elif not path.name.startswith("."):
            problems.append(Problem(shown(path), 1, "", "unexpected file in content/days/",
                                    "day files are named YYYY-MM-DD.yml"))
    paper_topics: dict[str, tuple[str, ...]] = {}
    hints = MAX_HINTS
    for shown_path, result, file_problems, matched in _read_days(files, TopicMatcher(topics)):
        problems.extend(file_problems)
        paper_topics.update(matched)
        if result is None:
            continue
        checker = Checker(shown_path)
        day, entries = result
        for index, (paper, line, tag_lines) in enumerate(entries):
            field = f"papers[{index}]"
            rules.check(checker, field, line, paper)
            for slug, tag_line in tag_lines.items():
                if slug not in known:
                    hints -= 1  # suggestions for the first few: each costs a pass over the topics
                    checker.add(tag_line, f"{field}.topics", f"unknown topic {slug!r}",
                                suggest(slug, known) if hints >= 0 else "add it to content/topics.yml first")
        days.append(day)
        problems.extend(checker.problems)
    if problems:
        raise ContentError(problems)
    days.sort(key=lambda d: d.date)
    paper_topics = {p.id: paper_topics[p.id] for d in days for p in d.papers}  # in day order
    return Digest(days=tuple(days), topics=tuple(topics), removed=tuple(removed), status=tuple(status),
                  follows=tuple(follows), paper_topics=paper_topics)


class IdRules:
    """The digest-wide rules on ids, paper by paper in file order: one entry per paper; a
    former id (its old page redirects) belongs to one paper and is no paper's id; a paper
    listed in removed.yml stays out. `load` checks every paper; a command about to write
    (`enrich`) takes the papers it leaves alone as `known` and checks the ones it changed."""

    def __init__(self, removed: Iterable[str]) -> None:
        self.gone = set(removed)
        self.seen: dict[str, str] = {}  # id -> where its paper is
        self.former: dict[str, str] = {}  # former id -> where the paper that had it is

    def known(self, paper: Paper, where: str) -> None:
        self.seen[paper.id] = where
        self.former.update(dict.fromkeys(paper.former_ids, where))

    def check(self, checker: Checker, field: str, line: int, paper: Paper) -> None:
        here = f"{checker.path}:{line}"
        if paper.id in self.seen:
            checker.add(line, f"{field}.id", f"paper {paper.id} is already in the digest at "
                        f"{self.seen[paper.id]}", "keep one entry per paper")
        elif paper.id:
            self.seen[paper.id] = here
        if paper.id in self.former:
            checker.add(line, f"{field}.id", f"paper {paper.id} is a former id of the paper at "
                        f"{self.former[paper.id]}", "keep one entry per paper")
        for old in paper.former_ids:
            where = self.seen.get(old) or self.former.get(old)
            if where is not None:
                checker.add(line, f"{field}.former_ids", f"{old} is already a paper or a former id at "
                            f"{where}", "keep one entry per paper")
            else:
                self.former[old] = here
        if paper.id in self.gone:
            checker.add(line, f"{field}.id", f"paper {paper.id} is listed in content/removed.yml",
                        "delete it there to bring the paper back")


def _load_topics(path: Path, shown: Callable[[Path], str], problems: list[Problem]) -> list[Topic]:
    name = shown(path)
    if not path.exists():
        problems.append(Problem(name, 1, "", "missing: the topic list is required"))
        return []
    c = Checker(name)
    root = read_yaml(path, name, problems)
    out: list[Topic] = []
    if root is not None:
        m = c.mapping(root, "", ("topics",), ("topics",), 1)
        if m is not None:
            seen: set[str] = set()
            for i, item in enumerate(c.sequence(m.get("topics"), "topics", m.line)):
                t = validate.topic(c, item, f"topics[{i}]")
                if t is None:
                    continue
                if t.slug in seen:
                    c.add(item.line, f"topics[{i}].slug", f"duplicate topic {t.slug!r}")
                seen.add(t.slug)
                out.append(t)
    problems.extend(c.problems)
    return out


R = TypeVar("R")


def _records(path: Path, shown: Callable[[Path], str], problems: list[Problem],
             parse: Callable[[Checker, Value | None], list[R]]) -> list[R]:
    """A list file's records (removed.yml, status.yml, follows.yml), none when it is absent; its problems
    join `problems`. `parse` is the same function `save` checks the file's new text with."""
    if not path.exists():
        return []
    name = shown(path)
    c = Checker(name)
    out = parse(c, read_yaml(path, name, problems))
    problems.extend(c.problems)
    return out


def removed_records(c: Checker, root: Value | None) -> list[Removed]:
    """removed.yml's parsed YAML -> records; its problems go to `c`."""
    out: list[Removed] = []
    if root is not None:
        m = c.mapping(root, "", ("removed",), ("removed",), 1)
        if m is not None:
            for i, item in enumerate(c.sequence(m.get("removed"), "removed", m.line)):
                r = validate.removed(c, item, f"removed[{i}]")
                if r is not None:
                    out.append(r)
    return out


DayResult = tuple[str, "tuple[Day, validate.DayEntries] | None", list[Problem], dict[str, tuple[str, ...]]]
PARALLEL_FROM = 200  # day files; below this a process pool costs more than it saves


def read_day(path: Path, shown: str, matcher: TopicMatcher) -> DayResult:
    """One day file, parsed and checked on its own (cross-file checks come after), with
    the topics its papers' phrases match."""
    problems: list[Problem] = []
    checker = Checker(shown)
    match = DAY_FILE.fullmatch(path.name)
    assert match is not None
    try:
        expected: date | None = date.fromisoformat(match.group(1))
    except ValueError:
        expected = None
        checker.add(1, "", f"{match.group(1)} in the file name is not a real date",
                    "day files are named YYYY-MM-DD.yml after the date they hold")
    root = read_yaml(path, shown, problems, DAY_TOO_LARGE_HINT)
    if problems:  # unreadable or not YAML: that one problem says it all
        return shown, None, problems + checker.problems, {}
    result = validate.day_file(checker, root, expected)
    matched = {p.id: matcher.match(p) for p in result[0].papers} if result else {}
    return shown, result, checker.problems, matched


def _read_day_args(args: tuple[Path, str, TopicMatcher]) -> DayResult:
    return read_day(*args)


def _read_days(files: list[tuple[Path, str]], matcher: TopicMatcher) -> Iterator[DayResult]:
    """Large archives are parsed on every core; results come back in file order."""
    workers = min(4, os.cpu_count() or 1)
    if len(files) < PARALLEL_FROM or workers < 2:
        yield from (read_day(path, shown, matcher) for path, shown in files)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(_read_day_args, [(path, shown, matcher) for path, shown in files],
                            chunksize=max(1, len(files) // (workers * 8)))
