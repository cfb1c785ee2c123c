"""The one clock of the project: honours SOURCE_DATE_EPOCH so runs are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from generator.errors import DigestError


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):  # not a number, or no year 1..9999
            raise DigestError(f"SOURCE_DATE_EPOCH: {epoch!r} is not a Unix time in seconds "
                              "(e.g. 1781304420 for 2026-06-12 22:47 UTC)") from None
    return datetime.now(tz=UTC)


def today() -> date:
    return now().date()


def day_start(day: date) -> datetime:
    """Midnight UTC of a digest day: the timestamp feeds and sitemaps use for it."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# The dates content may hold. Nothing before arXiv opened (hep-th, August 1991): a
# digest of research papers has no earlier day, and its papers no earlier publication
# date. Nothing after tomorrow: a digest day in the future would stay the home page's
# "Latest" and the first feed item until it came; one day of slack because upstream days
# (Hugging Face's UTC day, arXiv's US Eastern one) and a curator's local date may run
# ahead of UTC. Extreme dates also break what the build hands on (a gzip header holds
# 32-bit seconds; year 1 has no day before it).
EARLIEST = date(1991, 8, 1)


def latest() -> date:
    """The newest date content may hold: tomorrow, by this module's clock."""
    return today() + timedelta(days=1)


def out_of_range(day: date) -> str | None:
    """Why `day` is no date content may hold, or None when it is one."""
    if day < EARLIEST:
        return f"{day.isoformat()} is before arXiv existed ({EARLIEST.isoformat()})"
    if day > latest():
        return f"{day.isoformat()} is in the future (after {latest().isoformat()})"
    return None
