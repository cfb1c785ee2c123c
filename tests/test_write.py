"""Where the one writer of the output tree may write."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import inside


@pytest.mark.parametrize("relative", ["days/2026-06-12/index.html", "feed.xml", "topics/a/./atom.xml"])
def test_paths_under_the_root_are_joined(tmp_path: Path, relative: str) -> None:
    assert inside(tmp_path, relative) == tmp_path / relative.replace("/./", "/")


@pytest.mark.parametrize("relative", ["", "/etc/passwd", "../x", "papers/../../x", "a\\..\\..\\x", "a\0b"])
def test_paths_that_could_leave_the_root_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="refusing to write outside"):
        inside(tmp_path, relative)
