"""The one clock of the project: honours SOURCE_DATE_EPOCH so runs are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def today() -> date:
    return now().date()


def day_start(day: date) -> datetime:
    """Midnight UTC of a digest day: the timestamp feeds and sitemaps use for it."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
