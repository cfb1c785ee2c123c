"""The one way anything writes content/: `ingest`, `daily`, `add` and `remove` (and any later
command) hand over records; each file is dumped, parsed back and checked as `validate`
would check it, and only when every file passes are the changed ones replaced, each
atomically. A failed check therefore leaves content/ exactly as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from generator.content import dump, validate
from generator.content.load import removed_records
from generator.content.records import Day, Removed, SourceStatus
from generator.content.status import status_records, status_yaml
from generator.content.validate import Checker
from generator.content.yamlsafe import Value, YamlError, parse
from generator.errors import ContentError, Problem
from generator.write import write_bytes

FileCheck = Callable[[Checker, Value | None], object]  # the loader's rules for one file


def day_path(content: Path, day: Day) -> Path:
    return content / "days" / f"{day.date.isoformat()}.yml"


def save(content: Path, *, days: Iterable[Day] = (), removed: tuple[Removed, ...] | None = None,
         status: Iterable[SourceStatus] | None = None, first: frozenset[date] = frozenset(),
         dry_run: bool = False) -> tuple[Path, ...]:
    """Write these days, the whole removed list and the whole status (None: leave the file
    alone); the paths whose bytes changed, in the order written: days by date (those in
    `first` before the rest), then removed.yml, then status.yml (so a crash part-way only
    makes the next run redo a day). A dry run checks everything and writes nothing: the
    paths are those it would write."""
    texts: dict[Path, str] = {}
    problems: list[Problem] = []
    for day in sorted(days, key=lambda d: (d.date not in first, d.date)):
        path = day_path(content, day)
        texts[path] = dump.day_yaml(day)
        _check(path, texts[path], problems, _day_check(day.date))
    if removed is not None:
        path = content / "removed.yml"
        texts[path] = dump.removed_yaml(removed)
        _check(path, texts[path], problems, removed_records)
    if status is not None:
        path = content / "status.yml"
        texts[path] = status_yaml(status)
        _check(path, texts[path], problems, status_records)
    if problems:
        raise ContentError(problems)
    written = []
    for path, text in texts.items():
        data = text.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            if not dry_run:
                write_bytes(path, data)
            written.append(path)
    return tuple(written)


def _check(path: Path, text: str, problems: list[Problem], check: FileCheck) -> None:
    """What is written must load back: the file's text through the loader's own rules."""
    c = Checker(str(path))
    try:
        check(c, parse(text))
    except YamlError as exc:
        c.add(exc.line, "", exc.message, exc.hint)
    problems += c.problems



def _day_check(when: date) -> FileCheck:
    def check(c: Checker, root: Value | None) -> object:
        return validate.day_file(c, root, when)  # the file's date must be its name's
    return check
