"""Draw the site's share-preview image (og:image), docs/assets/share.png: a page with lines
of text on the theme's indigo, 512 x 512 (X's "summary" card is square), deterministic
bytes from the standard library alone. `python tools/share_image.py` rewrites it;
tests/test_share.py checks the committed file is exactly what this draws."""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

SIZE = 512
INDIGO, WHITE, LIGHT = 0, 1, 2
PALETTE = bytes((0x3F, 0x51, 0xB5, 0xFF, 0xFF, 0xFF, 0xC5, 0xCA, 0xE9))  # indigo, white, indigo 100
SHEET = (136, 88, 376, 424)  # left, top, right, bottom
LINES = [(168, 136, 344, 160, INDIGO)] + [(168, y, 344 if n % 3 != 2 else 280, y + 12, LIGHT)
                                           for n, y in enumerate(range(192, 400, 28))]
OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "share.png"


def pixel(x: int, y: int) -> int:
    for left, top, right, bottom, colour in LINES:
        if left <= x < right and top <= y < bottom:
            return colour
    left, top, right, bottom = SHEET
    return WHITE if left <= x < right and top <= y < bottom else INDIGO


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png() -> bytes:
    rows = b"".join(b"\x00" + bytes(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 3, 0, 0, 0)  # 8-bit palette, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", PALETTE)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    OUT.write_bytes(png())
    sys.stdout.write(f"{OUT}: {OUT.stat().st_size} bytes\n")
