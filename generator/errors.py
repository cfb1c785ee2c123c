"""Problems found in user input, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


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


class NothingNew(DigestError):
    """Not a failure: the source answered, but had nothing to add."""

    exit_code = 4


def for_terminal(text: str) -> str:
    """Outside text made safe to print: control characters shown as escapes, and no line
    that a CI runner could read as a workflow command (`::…`)."""
    out = "".join(c if c == "\n" or (c.isprintable() and c not in "\u061c\u200e\u200f")
                  else c.encode("unicode_escape").decode("ascii") for c in text)
    return "\n".join("  " + line if line.lstrip().startswith("::") else line for line in out.split("\n"))
