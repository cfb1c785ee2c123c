"""`python -m generator validate` on day files that are broken as YAML: syntax, tabs, alias
bombs, duplicate keys, several documents, nesting, size, encoding, tags. Every printed line is
compared exactly (tests/validating.py runs the real command line)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from validating import DAY, HEAD, PAPER, broken, write_day

# -- YAML itself -------------------------------------------------------------------------


def test_yaml_syntax_error(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  authors: [Ada, Bob\n  note: x\n")
    assert broken(content, capsys) == [
        f"{DAY}:6: : did not find expected ',' or ']' (while parsing a flow sequence)",
    ]


def test_tab_indentation(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "\tnote: x\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : a tab character where YAML allows only spaces (hint: indent with spaces, not tabs)",
    ]


def test_billion_laughs_is_refused_fast(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lol = ["  l0: &l0 lol"] + [
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)
    ]
    write_day(content, HEAD + PAPER + "  note:\n" + "\n".join(lol) + "\n")
    start = time.process_time()
    lines = broken(content, capsys)
    assert time.process_time() - start < 1.0
    assert lines == [  # reported where the first alias is, line 7
        f"{DAY}:7: : aliases (*name) are not allowed (hint: write the value out in full)",
    ]


def test_duplicate_keys(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: one\n  title: Another Title\n")
    assert broken(content, capsys) == [
        f"{DAY}:6: : duplicate key 'title' (first on line 4) (hint: YAML keeps only the last one; "
        "remove one of them)",
    ]


def test_two_yaml_documents(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "---\n" + HEAD)
    assert broken(content, capsys) == [
        f"{DAY}:5: : more than one YAML document (---) in the file (hint: keep one document per file)",
    ]


def test_deep_nesting(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: " + "[" * 100 + "]" * 100 + "\n")
    assert broken(content, capsys) == [f"{DAY}:5: : nested deeper than 20 levels"]


def test_deep_block_nesting(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = "".join("  " * (i + 2) + f"k{i}:\n" for i in range(100))
    write_day(content, HEAD + PAPER + "  links:\n" + nested)
    # The file's mapping is depth 0, the papers list 1, the paper 2, the mapping holding k0
    # (line 6) 3: depth 21 is the mapping holding k18, on line 24.
    assert broken(content, capsys) == [f"{DAY}:24: : nested deeper than 20 levels"]


def test_file_over_five_megabytes(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  abstract: '" + "x" * 6_000_000 + "'\n")
    start = time.process_time()
    assert broken(content, capsys) == [
        f"{DAY}:1: : file is larger than 5 MB: 6,000,078 bytes (hint: a day file holds at most 2,000 papers "
        "and 5 MB; a busy day is under 1 MB)"]
    assert time.process_time() - start < 2.0


def test_not_utf8(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "days" / "2026-06-20.yml").write_bytes(
        (HEAD + PAPER + "  note: caf\xe9\n").encode("latin-1")
    )
    assert broken(content, capsys) == [f"{DAY}:5: : file is not valid UTF-8 (hint: save it as UTF-8)"]


def test_control_character(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: ring the \x07 bell\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : character U+0007 is not allowed in YAML "
        "(hint: remove it, or write it as an escape in a double-quoted string)",
    ]


def test_yaml_tags_are_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: !!python/object:os.system echo\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed "
        "(hint: remove the !tag)",
    ]


def test_empty_day_file(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, "# nothing yet\n")
    assert broken(content, capsys) == [f"{DAY}:1: : expected a mapping of keys to values"]
