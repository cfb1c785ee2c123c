"""Problems found in user input, collected and reported together."""

from __future__ import annotations

import io
import logging
import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        text = f"{text} (hint: {self.hint})" if self.hint else text
        # One problem, one line: a newline in a key or value must not start a line of its own.
        return text.replace("\r", "\\r").replace("\n", "\\n")


class DigestError(Exception):
    """A user-facing error: printed without a traceback, exit status 1."""

    exit_code = 1


class ContentError(DigestError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(DigestError):
    """A bad command line that argparse cannot see alone (options that need each other)."""

    exit_code = 2


class UpstreamError(DigestError):
    """An upstream service failed or answered something we cannot trust."""

    exit_code = 3


def would_not_load(source: str, problems: list[Problem]) -> UpstreamError:
    """What an upstream answer would have written fails validation: the files it names do
    not exist yet, so say that nothing was written rather than point at them as content."""
    shown = "\n".join(f"  {p}" for p in sorted(set(problems)))
    return UpstreamError(f"{source}: the answer would not load back as content; nothing was written:\n{shown}")


class NothingNew(DigestError):
    """Not a failure: the source answered, but had nothing to add."""

    exit_code = 4


# -- the terminal boundary ----------------------------------------------------------------

# Characters a terminal or a CI log may act on rather than show: C0 (but newline), DEL and
# C1 (ESC starts CSI/OSC sequences, U+009B is CSI and U+009D OSC on their own, BEL ends an
# OSC 52 clipboard write), and formatting characters (bidi overrides, zero-width, tags),
# line and paragraph separators, lone surrogates (which cannot even be encoded).
_ESCAPE_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))
_CANDIDATE = re.compile(r"[^\n\x20-\x7e]")
_NAMED = {"\t": "\\t", "\r": "\\r"}
# GitHub's runner reads "::command::" at the start of a line once leading whitespace is
# trimmed (.NET's TrimStart: any Unicode space, U+3000 too), and its older "##[command]"
# syntax anywhere in a line (and Azure's "##vso[").
_WORKFLOW_LINE = re.compile(r"^([^\S\n]*)(?=::)", re.MULTILINE)
_WORKFLOW_ANYWHERE = re.compile(r"##(?=(?:vso)?\[)", re.IGNORECASE)


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    if unicodedata.category(c) not in _ESCAPE_CATEGORIES:
        return c
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def for_terminal(text: str) -> str:
    """`text` safe to print where a terminal or a CI runner reads it: every character it
    could act on becomes a visible escape (ESC -> \\x1b), and no line can be taken for a
    GitHub workflow command (a leading "::" gets a backslash, "##[" becomes "#\\#[").

    Applied where the CLI prints, so every message is covered wherever it was built;
    idempotent, so text that passes twice is not escaped twice."""
    if not text.isascii() or not text.replace("\n", "").isprintable():
        text = _CANDIDATE.sub(_escape, text)
    if "::" in text:
        text = _WORKFLOW_LINE.sub(r"\1\\", text)
    if "##" in text:
        text = _WORKFLOW_ANYWHERE.sub("#\\\\#", text)
    return text


class _TerminalStream(io.TextIOBase):
    """A text stream that passes whole lines through for_terminal: a line is judged once
    it is complete, so "::" written apart from the rest of its line is still caught."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""

    def write(self, s: str) -> int:
        self.pending += s
        if "\n" in s:
            done, _, self.pending = self.pending.rpartition("\n")
            self.target.write(for_terminal(done + "\n"))
        return len(s)

    def flush(self) -> None:
        self.target.flush()

    def finish(self) -> None:
        if self.pending:
            self.target.write(for_terminal(self.pending))
            self.pending = ""
        self.target.flush()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", "utf-8")

    def isatty(self) -> bool:
        return self.target.isatty()


@contextmanager
def terminal_output() -> Iterator[None]:
    """Everything printed on stdout and stderr inside, through for_terminal."""
    saved = sys.stdout, sys.stderr
    out, err = _TerminalStream(sys.stdout), _TerminalStream(sys.stderr)
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        out.finish()
        err.finish()


class TerminalFormatter(logging.Formatter):
    """Log records (the "warning: ..." lines) through for_terminal, whoever wrote them."""

    def format(self, record: logging.LogRecord) -> str:
        return for_terminal(super().format(record))
