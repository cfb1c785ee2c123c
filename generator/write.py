"""Writing files atomically: a reader or a crash never sees half a file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def inside(root: Path, relative: str) -> Path:
    """root/relative, refusing any path that could land outside root: absolute, climbing
    with "..", or holding a backslash. Checked by its text, not resolved on disk: what is
    under root this build wrote itself (the engine's output, from a docs copy without
    symlinks), and resolving cost a stat per folder of each of thousands of pages."""
    parts = PurePosixPath(relative).parts
    if not parts or parts[0] == "/" or ".." in parts or "\\" in relative or "\0" in relative:
        raise ValueError(f"refusing to write outside {root}: {relative!r}")
    return root.joinpath(*parts)


def swap_dir(new: Path, live: Path) -> None:
    """Replace live with new in two renames, so a failed build never touches live."""
    old = live.with_name(live.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if live.exists():
        os.replace(live, old)
    os.replace(new, live)
    if old.exists():
        shutil.rmtree(old)
