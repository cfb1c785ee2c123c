"""Shared by the `validate` tests: the real command line run on a copy of content/ (the
`content` and `full_content` fixtures in tests/conftest.py), its printed lines returned for
exact comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample import KEPT_DAY as KEPT_DAY  # the one sample day the `content` fixture keeps

from generator.cli import main

DAY = "content/days/2026-06-20.yml"  # a day the sample content does not have
HEAD = "date: '2026-06-20'\npapers:\n"
PAPER = "- id: '2606.99999'\n  title: A Paper\n"  # lines 3 and 4 of a day file


def validate(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit status, the problem lines printed on stderr, and stdout."""
    status = main(["--content", str(content), "validate"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    lines = err.splitlines()
    if lines:  # the command prefixes its first line of output with "error: "
        assert lines[0].startswith("error: ")
        lines[0] = lines[0].removeprefix("error: ")
    return status, lines, out


def broken(content: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status, lines, out = validate(content, capsys)
    assert status == 1
    assert out == ""
    return lines


def write_day(content: Path, body: str, name: str = "2026-06-20.yml") -> Path:
    path = content / "days" / name
    path.write_text(body, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
