"""Files a user names on the command line (`--file`, `--config`): every way reading one can
fail becomes the same one-line error, `cannot read PATH: reason`, never a traceback."""

from __future__ import annotations

from pathlib import Path

from generator.errors import DigestError


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:  # missing, a folder, no permission, a device that fails
        raise DigestError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_text(path: Path) -> str:
    """The file as UTF-8 text (a text capture, not an upstream answer that names its encoding)."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DigestError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def require_file(path: Path) -> None:
    """Refuse early a file some other program reads later (the engine reads --config)."""
    if not path.is_file():
        read_bytes(path)  # the same message as any other file: missing, a folder, ...
