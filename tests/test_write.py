"""Where the one writer of the output tree may write, and that it writes each path once."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pool
from generator.site.writer import WriteError, Writer
from generator.write import inside


@pytest.mark.parametrize("relative", ["days/2026-06-12/index.html", "feed.xml", "topics/a/./atom.xml"])
def test_paths_under_the_root_are_joined(tmp_path: Path, relative: str) -> None:
    assert inside(tmp_path, relative) == tmp_path / relative.replace("/./", "/")


@pytest.mark.parametrize("relative", ["", "/etc/passwd", "../x", "papers/../../x", "a\\..\\..\\x", "a\0b"])
def test_paths_that_could_leave_the_root_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="refusing to write outside"):
        inside(tmp_path, relative)


def test_the_writer_refuses_a_path_twice(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    writer.write("papers/2401.00001/index.html", "one")
    with pytest.raises(WriteError, match="^refusing to write papers/2401.00001/index.html twice: "
                                         "two pages or files have the same address$"):
        writer.write("papers/2401.00001/index.html", "two")
    assert (tmp_path / "papers/2401.00001/index.html").read_text() == "one"


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", "papers/../../x"])
def test_the_writer_keeps_paths_inside_the_site(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ValueError, match="refusing to write outside"):
        Writer(tmp_path / "site").write(relative, "x")
    assert not (tmp_path / "x").exists()


def test_only_claimed_paths_are_put(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    with pytest.raises(WriteError, match="^refusing to write feed.xml: not claimed before$"):
        writer.put("feed.xml", b"")


def _put_pages(writer: Writer, rels: tuple[str, ...]) -> int:
    for rel in rels:
        writer.put(rel, rel)
    return len(rels)


def test_forked_workers_write_what_the_parent_claimed_once(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    rels = [f"papers/{n}/index.html" for n in range(40)]
    writer.claim_all(rels)
    with pytest.raises(WriteError, match="twice"):
        writer.claim(rels[7])  # a second paper at the same address: refused before any fork
    chunks = [tuple(rels[i:i + 10]) for i in range(0, 40, 10)]
    assert pool.fork_map(_put_pages, writer, chunks, workers=2) == [10] * 4
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")) == sorted(rels)


def test_strays_are_files_below_the_root_the_writer_did_not_write(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    writer.write("days/2026-06-12/index.html", "day")
    writer.write("feed.xml", "feed")
    for rel in ("days/2026-06-12/left.html", "days/notes.txt", "extra/page/index.html", "about/index.html",
                "assets/x.js", "pagefind/x.pf_meta", "CNAME"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    # Not the engine's assets, Pagefind's index, what docs/ brought (`allowed`) or the root's files.
    assert writer.strays(skip=("assets/", "pagefind/"), allowed={"about/index.html"}) == [
        "days/2026-06-12/left.html", "days/notes.txt", "extra/page/index.html"]
