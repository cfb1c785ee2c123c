"""The one clock of the project: honours SOURCE_DATE_EPOCH so runs are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

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
