"""content/status.yml: the daily job's memory of each source, for the gate and /status/."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import yaml

from generator import clock, text
from generator.content import validate
from generator.content.records import SourceStatus
from generator.content.validate import Checker
from generator.content.yamlsafe import Map, Scalar, Value

KEEP_DAYS = 30
MAX_NAME = 100
MAX_REASON = 500  # a held day's reason: an upstream error message, cleaned and capped
KEYS = ("last_success", "recent", "held")
HEADER = ("# yaml-language-server: $schema=../schema/status.schema.json\n"
          "# Written by `python -m generator daily`; read by the publish gate and the /status/ page.\n"
          "# Each source: the last day ingested successfully, and papers it returned per day.\n")


def name_problem(name: str) -> str | None:
    """Why a name in sources.yml cannot be used, or None. The daily job remembers a source in
    status.yml under its name, and /status/ shows names cleaned of invisible characters and
    doubled spaces: a name that cleaning changes would come back under another name and the
    source would lose its history (the catch-up of missed days, the publish gate's counts)."""
    shown = text.clean_line(name, MAX_NAME)
    if not shown:
        return "a source name with nothing visible in it"
    if shown != name:
        return (f"write the name as it shows, {shown!r}: visible characters and single spaces, "
                f"at most {MAX_NAME}")
    return None


def status_records(c: Checker, root: Value | None) -> list[SourceStatus]:
    """status.yml's parsed YAML -> records; its problems go to `c`."""
    out: list[SourceStatus] = []
    m = c.mapping(root, "", ("sources",), ("sources",), 1) if root is not None else None
    sources = m.get("sources") if m else None
    if isinstance(sources, Map) and len(sources.entries) > validate.MAX_SOURCES:
        c.add(sources.line, "sources", f"{len(sources.entries):,} sources: status.yml holds at most "
              f"{validate.MAX_SOURCES}", "one per source of sources.yml; remove the ones no longer there")
    elif isinstance(sources, Map):
        names: set[str] = set()
        for name, (line, value) in sources.entries.items():
            field = f"sources.{name}"
            sm = c.mapping(value, field, KEYS, (), line)
            if sm is None:
                continue
            recent: list[tuple[date, int]] = []
            rv = sm.get("recent")
            if isinstance(rv, Map):
                for key, (kline, count) in rv.entries.items():
                    when = c.day(Scalar(key, "str", kline, True), f"{field}.recent", kline)
                    n = c.integer(count, f"{field}.recent.{key}")
                    if when and n is not None:
                        recent.append((when, n))
            elif rv is not None:
                c.add(rv.line, f"{field}.recent", "expected a mapping of YYYY-MM-DD: count")
            held: list[tuple[date, str]] = []
            hv = sm.get("held")
            if isinstance(hv, Map):
                for key, (kline, reason) in hv.entries.items():
                    when = c.day(Scalar(key, "str", kline, True), f"{field}.held", kline)
                    why = text.clean_line(c.string(reason, f"{field}.held.{key}", kline), MAX_REASON)
                    if when:
                        held.append((when, why))
            elif hv is not None:
                c.add(hv.line, f"{field}.held", "expected a mapping of YYYY-MM-DD: reason")
            last = c.day(sm.get("last_success"), f"{field}.last_success", line)
            if last is not None and last > clock.today():
                # The daily job starts the day after: a future date would silence it until then.
                c.add(getattr(sm.get("last_success"), "line", line), f"{field}.last_success",
                      f"{last.isoformat()} is after today ({clock.today().isoformat()})",
                      "the daily job would fetch nothing until then; "
                      "write the last day it really ingested")
                last = None
            # The name reaches /status/: cleaned like every other text. (sources.yml refuses
            # a name that cleaning would change, so the daily job never writes one.)
            shown_name = text.clean_line(name, MAX_NAME)
            if not shown_name or shown_name in names:
                c.add(line, field, "a source name with nothing visible in it" if not shown_name
                      else f"another source is named {shown_name!r} once invisible characters go")
                continue
            names.add(shown_name)
            out.append(SourceStatus(shown_name, last, tuple(sorted(recent)), tuple(sorted(held))))
    elif m is not None and sources is not None:
        c.add(sources.line, "sources", "expected a mapping of source name to status")
    return out


def status_yaml(statuses: Iterable[SourceStatus]) -> str:
    data: dict[str, Any] = {}
    for s in sorted(statuses, key=lambda s: s.name):
        entry: dict[str, Any] = {"last_success": s.last_success.isoformat() if s.last_success else None}
        entry["recent"] = {d.isoformat(): n for d, n in s.recent[-KEEP_DAYS:]}
        if s.held:
            entry["held"] = {d.isoformat(): why for d, why in s.held}
        data[s.name] = entry
    return HEADER + yaml.safe_dump({"sources": data}, sort_keys=False, default_flow_style=False)
